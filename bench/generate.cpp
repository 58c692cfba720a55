// tsimport-gen: writes realistic task sequences of any size, deterministically (seeded), for the
// benchmark (bench/run.sh). Nothing it writes is committed.
//
//   tsimport-gen --size 10M -o big.xml [--seed N] [--shape sequence|object] [--compact]
//   tsimport-gen --count 1000 --dir DIR [--seed N] [--min-size 2K] [--max-size 80K]
//   tsimport-gen --steps 40000 -o FILE [--seed N]      (the scaling benchmark's sibling steps)
//   tsimport-gen --elements 2000000 -o FILE            (empty unknown sibling elements)
//
// A sequence is nested groups of the common step classes with the variables the console writes
// for them: command lines, PowerShell with an embedded SourceScript (base64 of UTF-16LE text),
// applications and packages (listed in <referenceList>), drivers, partitions, BitLocker, reboots,
// Set Task Sequence Variable, Set Dynamic Variables rules (an escaped nested document), and
// conditions: task sequence variables, WMI queries, registry, files, folders, installed software,
// OS condition groups and nested and/or/not operators. Every step name is unique and every
// package it uses is referenced, so a generated sequence imports without errors.
// `--shape object` wraps it in an export's object.xml (the sequence as CDATA, an Icon byte
// array beside it), as console exports are. `--count` writes many small files (a mix of both
// shapes, sizes spread between --min-size and --max-size) named gen-0000.xml...
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace {

/// splitmix64: the same numbers on every platform and compiler (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// In [0, n).
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(Next() % n); }
  /// In [lo, hi].
  std::size_t Between(std::size_t lo, std::size_t hi) { return lo + Below(hi - lo + 1); }
  bool Chance(unsigned percent) { return Below(100) < percent; }
  template <typename T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  std::uint64_t s_;
};

std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Base64(const std::string& bytes) {
  static const char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kTable[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

/// ASCII text as UTF-16LE with a byte order mark, as the console stores a script.
std::string Utf16LeWithBom(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

const char* const kVerbs[] = {"Install", "Configure", "Remove",   "Update",   "Copy",
                              "Enable",  "Disable",   "Set",      "Register", "Stage",
                              "Apply",   "Check",     "Clean up", "Export"};
const char* const kObjects[] = {"Microsoft 365 Apps",
                                "Company Portal",
                                "VPN Client",
                                "Branding",
                                "Start Layout",
                                "Power Plan",
                                "Windows Features",
                                "Language Pack",
                                "Printer Drivers",
                                "Teams",
                                "OneDrive",
                                "Defender Settings",
                                "BIOS Settings",
                                "Firmware",
                                "Wallpaper",
                                "Local Admins",
                                "Time Zone",
                                "Edge Policies",
                                "Inventory Agent",
                                ".NET Framework 3.5",
                                "Visual C++ Runtimes",
                                "Adobe Reader",
                                "7-Zip",
                                "Notepad++",
                                "Chrome Enterprise",
                                "Zoom",
                                "Citrix Workspace",
                                "Java Runtime"};
const char* const kGroupNames[] = {"Prepare",           "Install Operating System",
                                   "Drivers",           "Applications",
                                   "Configure",         "Security",
                                   "Updates",           "Cleanup",
                                   "Capture",           "Hardware",
                                   "Networking",        "User State",
                                   "Branding",          "Finalize",
                                   "Pre-flight Checks", "Language",
                                   "Firmware",          "Compliance"};
const char* const kModels[] = {"Latitude 7440",     "Latitude 5430",    "OptiPlex 7010",
                               "EliteBook 840 G10", "ProBook 450 G9",   "ThinkPad T14 Gen 4",
                               "ThinkCentre M70q",  "Surface Laptop 5", "Precision 3581",
                               "ZBook Firefly 14"};
const char* const kMakers[] = {"Dell Inc.", "HP", "LENOVO", "Microsoft Corporation"};
const char* const kVariables[] = {"OSDComputerName", "DeploymentRing", "OSDDepartment",
                                  "IsLaptop",        "IsVM",           "_SMSTSInWinPE",
                                  "_SMSTSBootUEFI",  "OSDBuildType",   "XHWChassisType",
                                  "_SMSTSMediaType", "OSDLanguage",    "OSDSite"};
/// Variables a step may set (not the read-only built-in ones that begin with '_').
const char* const kSettable[] = {
    "OSDComputerName", "DeploymentRing", "OSDDepartment",           "OSDBuildType",
    "OSDLanguage",     "OSDSite",        "SMSTSErrorDialogTimeout", "OSDTimeZone"};
const char* const kOperators[] = {"equals",    "notEquals", "greater",   "greaterEqual", "less",
                                  "lessEqual", "exists",    "notExists", "like"};
const char* const kLocales[] = {"en-US", "de-DE", "fr-FR", "nl-NL", "en-GB", "ja-JP", "es-ES"};
const char* const kTimeZones[] = {"Pacific Standard Time", "W. Europe Standard Time",
                                  "Eastern Standard Time", "GMT Standard Time",
                                  "Tokyo Standard Time"};

const char* const kScriptLines[] = {
    "$ErrorActionPreference = 'Stop'",
    "$tsenv = New-Object -ComObject Microsoft.SMS.TSEnvironment",
    "$logPath = $tsenv.Value('_SMSTSLogPath')",
    "Write-Output \"Starting $($MyInvocation.MyCommand.Name)\"",
    "$key = 'HKLM:\\SOFTWARE\\Contoso\\OSD'",
    "New-Item -Path $key -Force | Out-Null",
    "Set-ItemProperty -Path $key -Name DeployedOn -Value (Get-Date -Format 'yyyy-MM-dd')",
    "$model = (Get-CimInstance -ClassName Win32_ComputerSystem).Model",
    "if ($model -like '*Virtual*') { $tsenv.Value('IsVM') = 'true' }",
    "Get-AppxProvisionedPackage -Online | Where-Object { $_.DisplayName -in $remove } | "
    "Remove-AppxProvisionedPackage -Online",
    "foreach ($feature in @('NetFx3', 'TelnetClient')) { Enable-WindowsOptionalFeature -Online "
    "-FeatureName $feature -NoRestart }",
    "try { Start-Process -FilePath \"$PSScriptRoot\\setup.exe\" -ArgumentList '/quiet /norestart' "
    "-Wait } catch { Write-Warning $_; exit 1 }",
    "$battery = Get-CimInstance -ClassName Win32_Battery -ErrorAction SilentlyContinue",
    "if ($null -ne $battery) { $tsenv.Value('IsLaptop') = 'true' } else { $tsenv.Value('IsLaptop') "
    "= 'false' }",
    "Copy-Item -Path \"$PSScriptRoot\\Files\\*\" -Destination \"$env:ProgramData\\Contoso\" "
    "-Recurse -Force",
    "powercfg.exe /setactive 8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c",
    "$disk = Get-Disk | Where-Object { $_.BusType -ne 'USB' } | Sort-Object Number | Select-Object "
    "-First 1",
    "Write-Output \"Target disk: $($disk.Number) ($([math]::Round($disk.Size / 1GB)) GB)\"",
    "Set-TimeZone -Id $tsenv.Value('OSDTimeZone')",
    "Add-LocalGroupMember -Group 'Administrators' -Member 'CONTOSO\\Workstation Admins' "
    "-ErrorAction SilentlyContinue",
    "Invoke-WebRequest -Uri $uri -OutFile \"$env:TEMP\\payload.zip\" -UseBasicParsing",
    "Expand-Archive -Path \"$env:TEMP\\payload.zip\" -DestinationPath \"$env:TEMP\\payload\" "
    "-Force",
    "Get-ChildItem -Path $env:TEMP -Filter '*.log' | Remove-Item -Force",
    "exit 0",
};

struct Context {
  Rng rng;
  bool pretty = true;
  int depth = 0;
  std::size_t names = 0;               ///< for unique step names
  std::size_t pool = 8;                ///< packages (and applications) the sequence draws from
  std::size_t target = 0;              ///< bytes the sequence is meant to weigh
  std::set<std::string> packages;      ///< package IDs the steps use (referenceList)
  std::set<std::string> applications;  ///< application model names
  explicit Context(std::uint64_t seed) : rng(seed) {}
};

class Writer {
 public:
  Writer(Context& c, std::string& out) : c_(c), out_(out) {}
  std::size_t Size() const { return out_.size(); }
  void Open(const std::string& tag) {
    Line("<" + tag + ">");
    ++c_.depth;
  }
  void Close(const std::string& name) {
    --c_.depth;
    Line("</" + name + ">");
  }
  void Line(const std::string& s) {
    if (c_.pretty) out_.append(static_cast<std::size_t>(c_.depth) * 2, ' ');
    out_ += s;
    if (c_.pretty) out_ += '\n';
  }
  void Var(const std::string& name, const std::string& property, const std::string& value,
           bool hidden = false) {
    Line("<variable name=\"" + name + "\" property=\"" + property + "\"" +
         (hidden ? " hidden=\"true\"" : "") + ">" + Escape(value) + "</variable>");
  }
  void Field(const std::string& name, const std::string& value) {
    Line("<variable name=\"" + name + "\">" + Escape(value) + "</variable>");
  }

 private:
  Context& c_;
  std::string& out_;
};

/// A package of the sequence's pool: real sequences use a few dozen packages, the largest a
/// few hundred, each by several steps.
std::string PackageId(Context& c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "CM1%05zX", 0x10 + c.rng.Below(c.pool));
  std::string id = buf;
  c.packages.insert(id);
  return id;
}

std::string Guid(Context& c) {
  char buf[40];
  std::uint64_t a = c.rng.Next();
  std::uint64_t b = c.rng.Next();
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
  return buf;
}

std::string Application(Context& c) {
  // The pool's GUIDs come from their index, so that the pool needs no storage.
  Rng pick(0x5EED0000ull + c.rng.Below(c.pool));
  Context scratch(pick.Next());
  std::string id = "ScopeId_49C675E5-1CDF-56B9-9DC3-22B8358A855A/Application_" + Guid(scratch);
  c.applications.insert(id);
  return id;
}

std::string UniqueName(Context& c, const std::string& base) {
  return base + " (" + std::to_string(++c.names) + ")";
}

// --- conditions ---------------------------------------------------------------------------

void Expression(Context& c, Writer& w) {
  switch (c.rng.Below(6)) {
    case 0:
    case 1: {
      w.Open("expression type=\"SMS_TaskSequence_VariableConditionExpression\"");
      const char* op = c.rng.Pick(kOperators);
      w.Field("Operator", op);
      if (std::strcmp(op, "exists") != 0 && std::strcmp(op, "notExists") != 0) {
        w.Field("Value",
                c.rng.Chance(50) ? (c.rng.Chance(50) ? "true" : "false") : c.rng.Pick(kObjects));
      }
      w.Field("Variable", c.rng.Pick(kVariables));
      w.Close("expression");
      break;
    }
    case 2:
      w.Open("expression type=\"SMS_TaskSequence_WMIConditionExpression\"");
      w.Field("Namespace", "root\\cimv2");
      if (c.rng.Chance(50)) {
        w.Field("Query", std::string("SELECT * FROM Win32_ComputerSystem WHERE Model LIKE '%") +
                             c.rng.Pick(kModels) + "%' AND Manufacturer = '" + c.rng.Pick(kMakers) +
                             "'");
      } else {
        w.Field("Query",
                "SELECT * FROM Win32_OperatingSystem WHERE Version LIKE \"10.0.2%\" AND "
                "ProductType = \"1\"");
      }
      w.Close("expression");
      break;
    case 3:
      w.Open("expression type=\"SMS_TaskSequence_RegistryConditionExpression\"");
      w.Field("KeyPath",
              std::string("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\") + c.rng.Pick(kObjects));
      w.Field("Operator", c.rng.Chance(50) ? "exists" : "notExists");
      w.Field("Type", c.rng.Chance(50) ? "REG_SZ" : "REG_DWORD");
      w.Field("Value", "Version");
      w.Close("expression");
      break;
    case 4:
      if (c.rng.Chance(50)) {
        w.Open("expression type=\"SMS_TaskSequence_FileConditionExpression\"");
        w.Field("Path",
                std::string("%ProgramFiles%\\Contoso\\") + c.rng.Pick(kObjects) + "\\agent.exe");
        if (c.rng.Chance(50)) {
          w.Field("Version", "4.2." + std::to_string(c.rng.Below(9)) + ".0");
          w.Field("VersionOperator", "less");
        }
        w.Close("expression");
      } else {
        w.Open("expression type=\"SMS_TaskSequence_FolderConditionExpression\"");
        w.Field("Path", std::string("%_SMSTSMDataPath%\\") + c.rng.Pick(kGroupNames));
        w.Close("expression");
      }
      break;
    default:
      w.Open("expression type=\"SMS_TaskSequence_SoftwareConditionExpression\"");
      w.Field("Operator", "AnyVersion");
      w.Field("ProductCode", "{" + Guid(c) + "}");
      w.Field("ProductName", c.rng.Pick(kObjects));
      w.Field("UpgradeCode", "{" + Guid(c) + "}");
      w.Close("expression");
  }
}

void Operand(Context& c, Writer& w, int level) {
  if (level < 3 && c.rng.Chance(25)) {
    static const char* const kOps[] = {"and", "or", "not"};
    const char* op = c.rng.Pick(kOps);
    w.Open(std::string("operator type=\"") + op + "\"");
    std::size_t n = c.rng.Between(1, 3);
    for (std::size_t i = 0; i < n; ++i) Operand(c, w, level + 1);
    w.Close("operator");
    return;
  }
  Expression(c, w);
}

void OsConditionGroup(Writer& w) {
  w.Open("osConditionGroup type=\"or\"");
  static const char* const kArch[] = {"x64", "ARM64"};
  for (const char* arch : kArch) {
    w.Open(std::string("osExpressionGroup type=\"and\" name=\"All ") + arch +
           " Windows 11 and higher Clients\"");
    w.Line(std::string("<platformKey arch=\"") + arch +
           "\" type=\"Win NT\" minVer=\"10.00.22000.0\" maxVer=\"10.00.99999.9999\"/>");
    w.Open("expression type=\"SMS_TaskSequence_WMIConditionExpression\"");
    w.Field("Namespace", "root\\cimv2");
    w.Field("Query", std::string("SELECT * FROM Win32_OperatingSystem WHERE (Version LIKE "
                                 "\"10.0.2%\") AND (OSArchitecture LIKE \"") +
                         (arch[0] == 'x' ? "64" : "ARM") + "%\")");
    w.Close("expression");
    w.Close("osExpressionGroup");
  }
  w.Close("osConditionGroup");
}

void MaybeCondition(Context& c, Writer& w, unsigned percent) {
  if (!c.rng.Chance(percent)) return;
  w.Open("condition");
  if (c.rng.Chance(8)) {
    OsConditionGroup(w);
  } else {
    std::size_t n = c.rng.Between(1, 3);
    for (std::size_t i = 0; i < n; ++i) Operand(c, w, 0);
  }
  w.Close("condition");
}

// --- steps --------------------------------------------------------------------------------

std::string StepOpen(Context& c, const char* cls, const std::string& name, const char* run_in,
                     const std::string& extra = {}) {
  std::string s =
      std::string("step type=\"SMS_TaskSequence_") + cls + "\" name=\"" + Escape(name) +
      "\" description=\"" +
      (c.rng.Chance(30) ? Escape(std::string("Managed by ") + c.rng.Pick(kObjects)) : "") + "\"" +
      extra + " runIn=\"" + run_in +
      "\" successCodeList=\"0 3010\" retryCount=\"0\" runFromNet=\"false\"";
  if (c.rng.Chance(8)) s += " continueOnError=\"true\"";
  if (c.rng.Chance(3)) s += " disable=\"true\"";
  return s;
}

std::string Script(Context& c, std::size_t bytes) {
  std::string text = "# " + std::string(c.rng.Pick(kVerbs)) + " " + c.rng.Pick(kObjects) + "\r\n";
  while (text.size() < bytes) {
    text += c.rng.Pick(kScriptLines);
    text += "\r\n";
  }
  return text;
}

std::string Rules(Context& c) {
  // The nested document, built compact, then escaped into the variable's text.
  Context inner(c.rng.Next());
  inner.pretty = false;
  std::string doc = "<Rules>";
  std::size_t n = c.rng.Between(1, 4);
  for (std::size_t i = 0; i < n; ++i) {
    doc += "<Rule>";
    if (i > 0 || c.rng.Chance(50)) {
      std::string cond;
      Writer w(inner, cond);
      w.Open("condition");
      if (c.rng.Chance(50)) {
        w.Open("expression type=\"SMS_TaskSequence_ComputerConditionExpression\"");
        w.Field("AssetTag", "");
        w.Field("MACAddress", "");
        w.Field("SerialNumber", "CZC" + std::to_string(c.rng.Between(1000000, 9999999)));
        w.Field("UUID", "");
        w.Close("expression");
      } else {
        Expression(inner, w);
      }
      w.Close("condition");
      doc += cond;
    }
    doc += "<Variables>";
    std::size_t vars = c.rng.Between(1, 4);
    for (std::size_t v = 0; v < vars; ++v) {
      doc += std::string("<Variable Name=\"") + c.rng.Pick(kSettable) + "\" IsSecret=\"false\">" +
             Escape(c.rng.Pick(kObjects)) + "</Variable>";
    }
    doc += "</Variables></Rule>";
  }
  doc += "</Rules>";
  return doc;
}

void Step(Context& c, Writer& w) {
  std::size_t kind = c.rng.Below(100);
  // A tiny sequence (the start-up benchmark's 2 KB) keeps to the compact steps.
  if (c.target < 8000 && (kind >= 30 && kind < 45)) kind = 70;
  if (c.target < 8000 && kind >= 58 && kind < 68) kind = 0;
  const std::string what = std::string(c.rng.Pick(kVerbs)) + " " + c.rng.Pick(kObjects);
  if (kind < 30) {
    std::string pkg = c.rng.Chance(40) ? PackageId(c) : std::string();
    std::string cmd = c.rng.Chance(50)
                          ? "cmd.exe /c xcopy /y /i Files\\*.* \"%OSDisk%\\Contoso\\\""
                          : "msiexec.exe /i \"Setup.msi\" /qn /norestart "
                            "TRANSFORMS=\"Contoso.mst\" /l*v \"%_SMSTSLogPath%\\setup.log\"";
    w.Open(StepOpen(c, "RunCommandLineAction", UniqueName(c, what), "WinPEandFullOS",
                    " timeout=\"900\""));
    MaybeCondition(c, w, 35);
    w.Line("<action>" +
           Escape((pkg.empty() ? "smsswd.exe /run: " : "smsswd.exe /run:" + pkg + " ") + cmd) +
           "</action>");
    w.Open("defaultVarList");
    w.Var("CommandLine", "CommandLine", cmd, true);
    w.Var("SMSTSDisableWow64Redirection", "DisableWow64Redirection", "false");
    w.Var("SMSTSRunCommandLineOutputVariableName", "OutputVariableName", "");
    if (!pkg.empty()) w.Var("PackageID", "PackageID", pkg, true);
    w.Var("_SMSTSRunCommandLineAsUser", "RunAsUser", "false");
    w.Var("SuccessCodes", "SuccessCodes", "0 3010", true);
    w.Var("WorkingDirectory", "WorkingDirectory", "");
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 37) {
    w.Open(StepOpen(c, "RunPowerShellScriptAction", UniqueName(c, what), "WinPEandFullOS",
                    " timeout=\"1800\""));
    MaybeCondition(c, w, 35);
    w.Line("<action>OSDRunPowerShellScript.exe</action>");
    w.Open("defaultVarList");
    w.Var("OSDRunPowerShellScriptExecutionPolicy", "ExecutionPolicy", "Bypass");
    w.Var("OSDRunPowerShellScriptOutputVariableName", "OutputVariableName", "");
    w.Var("OSDRunPowerShellScriptParameters", "Parameters", c.rng.Chance(50) ? "-Verbose" : "");
    w.Var("_SMSTSRunPowerShellAsUser", "RunAsUser", "false");
    // Script sizes as in real exports: log-uniform, median about 2 KB of text, a few of 10 KB
    // and more; never much more than the sequence is meant to weigh.
    double t = static_cast<double>(c.rng.Below(1000)) / 1000.0;
    std::size_t size = static_cast<std::size_t>(300.0 * std::pow(40.0, t));
    size = std::min(size, std::max<std::size_t>(300, c.target / 8));
    w.Var("OSDRunPowerShellScriptSourceScript", "SourceScript",
          Base64(Utf16LeWithBom(Script(c, size))));
    w.Var("OSDRunPowerShellScriptSuccessCodes", "SuccessCodes", "0 3010", true);
    w.Var("SMSTSRunPowerShellWorkingDirectory", "WorkingDirectory", "");
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 45) {
    std::size_t n = c.rng.Between(1, 4);
    std::vector<std::string> apps;
    for (std::size_t i = 0; i < n; ++i) apps.push_back(Application(c));
    std::string list;
    for (const auto& a : apps) list += (list.empty() ? "" : ",") + a;
    w.Open(StepOpen(c, "InstallApplicationAction",
                    UniqueName(c, "Install " + std::string(c.rng.Pick(kObjects))), "FullOS"));
    MaybeCondition(c, w, 25);
    w.Line("<action>smsappinstall.exe /app:" + list + " /basevar: /continueOnError:False</action>");
    w.Open("defaultVarList");
    w.Var("OSDApp", "AppInfo", std::to_string(n), true);
    for (std::size_t i = 0; i < n; ++i) {
      std::string p = "AppInfo" + std::to_string(i);
      std::string v = "OSDApp" + std::to_string(i);
      w.Var(v + "Description", p + "Description", "");
      w.Var(v + "DisplayName", p + "DisplayName", c.rng.Pick(kObjects));
      w.Var(v + "Name", p + "Name", apps[i]);
    }
    w.Var("ApplicationName", "ApplicationName", list, true);
    w.Var("BaseVariableName", "BaseVariableName", "", true);
    w.Var("OSDAppClearCache", "ClearCache", "false");
    w.Var("ContinueOnInstallError", "ContinueOnInstallError", "false", true);
    w.Var("OSDAppCount", "NumApps", std::to_string(n));
    w.Var("RetryCount", "RetryCount", "2", true);
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 51) {
    std::string pkg = PackageId(c);
    w.Open(StepOpen(c, "InstallSoftwareAction",
                    UniqueName(c, "Install " + std::string(c.rng.Pick(kObjects))), "FullOS"));
    MaybeCondition(c, w, 25);
    w.Line("<action>smsswd.exe /pkg:" + pkg + " /install /basevar: /continueOnError:</action>");
    w.Open("defaultVarList");
    w.Var("PackageID", "PackageID", pkg, true);
    w.Var("_SMSSWDProgramName", "ProgramName", "Install (silent)");
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 58) {
    std::string name = c.rng.Pick(kSettable);
    std::string value = c.rng.Pick(kObjects);
    w.Open(StepOpen(c, "SetVariableAction", UniqueName(c, "Set " + name), "WinPEandFullOS"));
    MaybeCondition(c, w, 30);
    w.Line("<action>" + Escape("tsenv.exe \"" + name + "=" + value + "\" /hiddenflag:False") +
           "</action>");
    w.Open("defaultVarList");
    w.Var("DoNotShowVariableValue", "DoNotShowVariableValue", "false", true);
    w.Var("VariableName", "VariableName", name, true);
    w.Var("VariableValue", "VariableValue", value, true);
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 61) {
    w.Open(StepOpen(c, "SetDynamicVariablesAction", UniqueName(c, "Set Dynamic Variables"),
                    "WinPEandFullOS"));
    w.Line("<action>OSDSetDynamicVariables.exe</action>");
    w.Open("defaultVarList");
    w.Var("OSDSetDynamicVariablesRules", "Rules", Rules(c));
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 68) {
    std::string pkg = PackageId(c);
    std::string model = c.rng.Pick(kModels);
    w.Open(StepOpen(c, "ApplyDriverPackageAction", UniqueName(c, "Apply Driver Package - " + model),
                    "WinPE"));
    w.Open("condition");
    w.Open("expression type=\"SMS_TaskSequence_WMIConditionExpression\"");
    w.Field("Namespace", "root\\cimv2");
    w.Field("Query", "SELECT * FROM Win32_ComputerSystem WHERE Model LIKE '%" + model + "%'");
    w.Close("expression");
    w.Close("condition");
    w.Line("<action>osddriverclient.exe /install:" + pkg +
           "  /unsigned:%OSDAllowUnsignedDriver% /recurse:%OSDRecurse%</action>");
    w.Open("defaultVarList");
    w.Var("OSDApplyDriverDriverPackageID", "DriverPackageID", pkg, true);
    w.Var("OSDRecurse", "Recurse", "true");
    w.Var("OSDAllowUnsignedDriver", "UnsignedDriver", "false");
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 80) {
    w.Open(StepOpen(c, "RebootAction", UniqueName(c, "Restart Computer"), "WinPEandFullOS"));
    MaybeCondition(c, w, 40);
    bool pe = c.rng.Chance(30);
    w.Line(std::string("<action>smsboot.exe /target:") + (pe ? "WinPE" : "HD") + "</action>");
    w.Open("defaultVarList");
    w.Var("SMSRebootMessage", "Message", "The computer restarts in one minute. Save your work.");
    w.Var("SMSRebootTimeout", "MessageTimeout", "60");
    w.Var("SMSRebootTarget", "Target", pe ? "WinPE" : "HD", true);
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 85) {
    w.Open(StepOpen(c, "PartitionDiskAction", UniqueName(c, "Partition Disk 0 - UEFI"), "WinPE"));
    MaybeCondition(c, w, 60);
    w.Line("<action>osddiskpart.exe</action>");
    w.Open("defaultVarList");
    w.Var("OSDDiskIndex", "DiskIndex", "0");
    w.Var("OSDDiskType", "DiskType", "Basic");
    w.Var("OSDDiskpartBiosCompatibilityMode", "DiskpartBiosCompatibilityMode", "false");
    w.Var("OSDGPTBootDisk", "GPTBootDisk", "true");
    w.Var("OSDPartitionStyle", "PartitionStyle", "GPT");
    w.Var("OSDPartitions", "Partitions", "3", true);
    static const char* const kTypes[] = {"EFI", "MSR", "Primary"};
    static const char* const kSizes[] = {"500", "16", "100"};
    static const char* const kUnits[] = {"MB", "MB", "%"};
    for (int i = 0; i < 3; ++i) {
      std::string p = "Partitions" + std::to_string(i);
      w.Var("OSD" + p + "AssignVolumeLetter", p + "AssignVolumeLetter", i == 2 ? "true" : "false");
      w.Var("OSD" + p + "Bootable", p + "Bootable", "false");
      if (i != 1) w.Var("OSD" + p + "FileSystem", p + "FileSystem", i == 0 ? "FAT32" : "NTFS");
      w.Var("OSD" + p + "QuickFormat", p + "QuickFormat", i == 1 ? "false" : "true");
      w.Var("OSD" + p + "Size", p + "Size", kSizes[i]);
      w.Var("OSD" + p + "SizeUnits", p + "SizeUnits", kUnits[i]);
      w.Var("OSD" + p + "Type", p + "Type", kTypes[i]);
      if (i == 2) w.Var("OSD" + p + "VolumeLetterVariable", p + "VolumeLetterVariable", "OSDisk");
      if (i != 1) w.Var("OSD" + p + "VolumeName", p + "VolumeName", i == 0 ? "Boot" : "Windows");
    }
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 88) {
    std::string image = PackageId(c);
    std::string config = PackageId(c);
    w.Open(StepOpen(c, "ApplyOperatingSystemAction", UniqueName(c, "Apply Operating System"),
                    "WinPE"));
    w.Line("<action>OSDApplyOS.exe /image:" + image + ",%OSDImageIndex% \"/config:" + config +
           ",%OSDConfigFileName%\" /target:%OSDisk% /runfromnet:False</action>");
    w.Open("defaultVarList");
    w.Var("OSDConfigFileName", "ConfigFileName", "Unattend.xml");
    w.Var("ConfigFilePackage", "ConfigFilePackage", config, true);
    w.Var("DestinationVariable", "DestinationVariable", "OSDisk", true);
    w.Var("OSDImageIndex", "ImageIndex", std::to_string(c.rng.Between(1, 6)));
    w.Var("ImagePackageID", "ImagePackageID", image, true);
    w.Var("RunFromNet", "RunFromNet", "false", true);
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 91) {
    w.Open(StepOpen(c, "ApplyWindowsSettingsAction", UniqueName(c, "Apply Windows Settings"),
                    "WinPE"));
    w.Line("<action>osdwinsettings.exe /config</action>");
    w.Open("defaultVarList");
    const char* locale = c.rng.Pick(kLocales);
    w.Var("OSDComputerName", "ComputerName", "%_SMSTSMachineName%");
    w.Var("OSDWindowsSettingsInputLocale", "InputLocale", locale);
    w.Var("OSDProductKey", "ProductKey", "");
    w.Var("OSDRandomAdminPassword", "RandomAdminPassword", "true");
    w.Var("OSDRegisteredOrgName", "RegisteredOrgName", "Contoso Ltd.");
    w.Var("OSDRegisteredUserName", "RegisteredUserName", "Contoso IT");
    w.Var("OSDWindowsSettingsSystemLocale", "SystemLocale", locale);
    w.Var("OSDTimeZone", "TimeZone", c.rng.Pick(kTimeZones));
    w.Var("OSDWindowsSettingsUILanguage", "UILanguage", locale);
    w.Var("OSDWindowsSettingsUILanguageFallback", "UILanguageFallback", "");
    w.Var("OSDWindowsSettingsUserLocale", "UserLocale", locale);
    w.Close("defaultVarList");
    w.Close("step");
  } else if (kind < 94) {
    w.Open(StepOpen(c, "EnableBitLockerAction", UniqueName(c, "Enable BitLocker"), "FullOS"));
    w.Open("condition");
    w.Open("expression type=\"SMS_TaskSequence_WMIConditionExpression\"");
    w.Field("Namespace", "root\\cimv2\\Security\\MicrosoftTpm");
    w.Field("Query", "SELECT * FROM Win32_Tpm WHERE IsEnabled_InitialValue = TRUE");
    w.Close("expression");
    w.Close("condition");
    w.Line("<action>OSDBitLocker.exe /enable  /wait:False /mode:TPM /pwd:AD /full:False</action>");
    w.Open("defaultVarList");
    w.Var("OSDBitLockerCreateRecoveryPassword", "CreateRecoveryPassword", "AD", true);
    w.Var("OSDBitLockerEncryptFullDisk", "EncryptFullDisk", "false", true);
    w.Var("OSDBitLockerMode", "Mode", "TPM", true);
    w.Var("OSDBitLockerSkipWhenNoValidTPM", "SkipWhenNoValidTPM", "false");
    w.Var("OSDBitLockerWaitForEncryption", "WaitForEncryption", "false", true);
    w.Close("defaultVarList");
    w.Close("step");
  } else {
    w.Open(StepOpen(c, "InstallUpdateAction", UniqueName(c, "Install Software Updates"), "FullOS"));
    w.Line("<action>TSInstallSWUpdate.exe /target:%SMSInstallUpdateTarget%</action>");
    w.Open("defaultVarList");
    w.Var("RetryCount", "RetryCount", "2", true);
    w.Var("SMSInstallUpdateTarget", "Target", "All");
    w.Var("SMSTSSoftwareUpdateScanUseCache", "UseCache", "true");
    w.Close("defaultVarList");
    w.Close("step");
  }
}

/// A group of 2 to `budget` children, fewer when the output reaches `target` bytes.
void Group(Context& c, Writer& w, int level, std::size_t budget, std::size_t target) {
  std::string name = UniqueName(c, c.rng.Pick(kGroupNames));
  w.Open("group name=\"" + Escape(name) + "\" description=\"\"" +
         (c.rng.Chance(3) ? " disable=\"true\"" : ""));
  MaybeCondition(c, w, 30);
  std::size_t n = c.rng.Between(2, budget);
  for (std::size_t i = 0; i < n && (i == 0 || w.Size() < target); ++i) {
    if (level < 5 && c.rng.Chance(15)) {
      Group(c, w, level + 1, std::max<std::size_t>(3, budget / 2), target);
    } else {
      Step(c, w);
    }
  }
  w.Close("group");
}

/// A bare sequence of about `size` bytes.
std::string Sequence(std::uint64_t seed, std::size_t size, bool pretty) {
  Context c(seed);
  c.pretty = pretty;
  c.depth = 1;
  c.pool = std::min<std::size_t>(400, std::max<std::size_t>(8, size / 40000));
  c.target = size;
  std::string body;
  body.reserve(size + size / 8);
  Writer w(c, body);
  // The references and globals come first; they are known once the steps are written.
  std::size_t budget = size < 20000 ? 6 : 12;
  // Stop adding children a little short of the size: the last step, the closing tags and the
  // references come on top.
  const std::size_t stop = size < 20000 ? size / 2 : size - 2000;
  while (body.empty() ||
         body.size() + c.packages.size() * 40 + c.applications.size() * 120 < stop) {
    Group(c, w, 0, budget, stop);
  }
  std::string out;
  out.reserve(body.size() + c.packages.size() * 48 + c.applications.size() * 128 + 512);
  Context head(seed);
  head.pretty = pretty;
  Writer h(head, out);
  h.Line("<sequence version=\"3.10\">");
  ++head.depth;
  h.Open("referenceList");
  for (const auto& p : c.packages) h.Line("<reference package=\"" + p + "\"/>");
  for (const auto& a : c.applications) h.Line("<reference application=\"" + a + "\"/>");
  h.Close("referenceList");
  h.Open("globalVarList");
  h.Line(
      "<variable name=\"OSDEnableTCPIPFiltering\" "
      "property=\"EnableTCPIPFiltering\">false</variable>");
  h.Line("<variable name=\"OSDAdapterCount\" property=\"NumAdapters\">0</variable>");
  h.Close("globalVarList");
  out += body;
  --head.depth;
  h.Line("</sequence>");
  return out;
}

/// The scaling benchmark's sequence of `steps` sibling steps in one group, as a large estate's
/// flat sequences are: Install Package steps naming packages from a pool of 700, 500 of them in
/// <referenceList> (the other 200 give TS4001, and lint compares every use with the list), and
/// Restart Computer steps between them; 50 names among them all (TS7002 for the rest).
std::string SiblingSteps(std::uint64_t seed, std::size_t steps) {
  Context c(seed);
  std::string body;
  body.reserve(steps * 480);
  Writer w(c, body);
  c.depth = 1;
  w.Open("group name=\"Install Packages\" description=\"\"");
  for (std::size_t i = 0; i < steps; ++i) {
    const std::string name = "Install or restart " + std::to_string(c.rng.Below(50) + 1);
    if (i % 2 == 0) {
      char pkg[16];
      std::snprintf(pkg, sizeof pkg, "CM1%05zX", 0x10 + c.rng.Below(700));
      w.Open(StepOpen(c, "InstallSoftwareAction", name, "FullOS"));
      w.Line(std::string("<action>smsswd.exe /pkg:") + pkg +
             " /install /basevar: /continueOnError:</action>");
      w.Open("defaultVarList");
      w.Var("PackageID", "PackageID", pkg, true);
      w.Var("_SMSSWDProgramName", "ProgramName", "Install (silent)");
      w.Close("defaultVarList");
      w.Close("step");
    } else {
      w.Open(StepOpen(c, "RebootAction", name, "WinPEandFullOS"));
      w.Line("<action>smsboot.exe /target:HD</action>");
      w.Open("defaultVarList");
      w.Var("SMSRebootMessage", "Message", "The computer restarts in one minute.");
      w.Var("SMSRebootTimeout", "MessageTimeout", "60");
      w.Var("SMSRebootTarget", "Target", "HD", true);
      w.Close("defaultVarList");
      w.Close("step");
    }
  }
  w.Close("group");
  std::string out = "<sequence version=\"3.10\">\n  <referenceList>\n";
  for (std::size_t i = 0; i < 500; ++i) {
    char ref[64];
    std::snprintf(ref, sizeof ref, "    <reference package=\"CM1%05zX\"/>\n", 0x10 + i);
    out += ref;
  }
  out += "  </referenceList>\n";
  out += body;
  out += "</sequence>\n";
  return out;
}

/// A <sequence> of `elements` empty unknown elements on one line (`<x/>`, 4 bytes each): each
/// is a warning of its own (TS2002, kept but not part of the object) at a column of that line.
std::string SiblingElements(std::size_t elements) {
  std::string out = "<sequence version=\"3.10\">";
  out.reserve(out.size() + elements * 4 + 16);
  for (std::size_t i = 0; i < elements; ++i) out += "<x/>";
  out += "</sequence>\n";
  return out;
}

/// An export's object.xml: the sequence as CDATA, with the package's properties and its Icon.
std::string ObjectXml(std::uint64_t seed, std::size_t size) {
  Rng rng(seed ^ 0xABCDEFull);
  std::size_t icon = rng.Chance(50) ? rng.Between(200, 4000) : 0;  // bytes of the Icon array
  std::size_t overhead = 1200 + icon * 24;
  std::string seq = Sequence(seed, size > overhead + 2000 ? size - overhead : 2000, false);
  char id[16];
  std::snprintf(id, sizeof id, "PS1%05llu", static_cast<unsigned long long>(seed % 100000));
  auto prop = [](const std::string& name, const char* origin, const char* type,
                 const std::string& value) {
    return "  <PROPERTY NAME=\"" + name + "\" CLASSORIGIN=\"" + origin + "\" TYPE=\"" + type +
           "\">\n    <QUALIFIER NAME=\"CIMTYPE\" PROPAGATED=\"true\" TYPE=\"string\" "
           "TOINSTANCE=\"true\">\n      <VALUE>" +
           type + "</VALUE>\n    </QUALIFIER>\n    <VALUE>" + value + "</VALUE>\n  </PROPERTY>\n";
  };
  std::string out = "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n";
  out +=
      "  <PROPERTY NAME=\"__CLASS\" CLASSORIGIN=\"___SYSTEM\" TYPE=\"string\">\n    "
      "<VALUE>SMS_TaskSequencePackage</VALUE>\n  </PROPERTY>\n";
  out +=
      prop("Description", "SMS_PackageBaseclass", "string", "Generated for the tsimport benchmark");
  out +=
      "  <PROPERTY.ARRAY NAME=\"Icon\" CLASSORIGIN=\"SMS_PackageBaseclass\" TYPE=\"uint8\">\n"
      "    <QUALIFIER NAME=\"CIMTYPE\" PROPAGATED=\"true\" TYPE=\"string\" TOINSTANCE=\"true\">\n"
      "      <VALUE>uint8</VALUE>\n    </QUALIFIER>\n";
  if (icon > 0) {
    out += "    <VALUE.ARRAY>\n";
    for (std::size_t i = 0; i < icon; ++i)
      out += "      <VALUE>" + std::to_string(rng.Below(256)) + "</VALUE>\n";
    out += "    </VALUE.ARRAY>\n";
  }
  out += "  </PROPERTY.ARRAY>\n";
  out += prop("IconSize", "SMS_PackageBaseclass", "uint32", std::to_string(icon));
  out +=
      prop("Name", "SMS_PackageBaseclass", "string", "Generated Task Sequence " + std::string(id));
  out += prop("PackageID", "SMS_PackageBaseclass", "string", id);
  out += prop("Version", "SMS_PackageBaseclass", "string", "");
  out +=
      "  <PROPERTY NAME=\"Sequence\" CLASSORIGIN=\"SMS_TaskSequencePackage\" TYPE=\"string\">\n"
      "    <QUALIFIER NAME=\"CIMTYPE\" PROPAGATED=\"true\" TYPE=\"string\" TOINSTANCE=\"true\">\n"
      "      <VALUE>string</VALUE>\n    </QUALIFIER>\n    <VALUE><![CDATA[";
  out += seq;
  out += "]]></VALUE>\n  </PROPERTY>\n";
  out += prop("SourceDate", "SMS_PackageBaseclass", "datetime", "20240314101500.000000+000");
  out += "</INSTANCE>\n";
  return out;
}

std::size_t ParseSize(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  std::string unit = end ? end : "";
  if (unit == "K" || unit == "k" || unit == "KB") v *= 1000;
  if (unit == "M" || unit == "MB") v *= 1000 * 1000;
  if (unit == "G" || unit == "GB") v *= 1000 * 1000 * 1000;
  return static_cast<std::size_t>(v);
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

int Usage() {
  std::cerr << "usage: tsimport-gen --size N[K|M] -o FILE [--seed N] [--shape sequence|object] "
               "[--compact]\n"
               "       tsimport-gen --count N --dir DIR [--seed N] [--min-size N] [--max-size N]\n"
               "       tsimport-gen --steps N -o FILE [--seed N]     N sibling steps in one group\n"
               "       tsimport-gen --elements N -o FILE             N empty unknown elements\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 20240601;
  std::size_t size = 0;
  std::size_t count = 0;
  std::size_t steps = 0;
  std::size_t elements = 0;
  std::size_t min_size = 2000;
  std::size_t max_size = 80000;
  std::string out;
  std::string dir;
  std::string shape = "sequence";
  bool pretty = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::exit(Usage());
      }
      return argv[++i];
    };
    if (a == "--seed")
      seed = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--size")
      size = ParseSize(value());
    else if (a == "--count")
      count = ParseSize(value());
    else if (a == "--steps")
      steps = ParseSize(value());
    else if (a == "--elements")
      elements = ParseSize(value());
    else if (a == "--min-size")
      min_size = ParseSize(value());
    else if (a == "--max-size")
      max_size = ParseSize(value());
    else if (a == "-o")
      out = value();
    else if (a == "--dir")
      dir = value();
    else if (a == "--shape")
      shape = value();
    else if (a == "--compact")
      pretty = false;
    else
      return Usage();
  }
  if (count > 0) {
    if (dir.empty() || max_size < min_size) return Usage();
    std::filesystem::create_directories(dir);
    Rng rng(seed);
    for (std::size_t i = 0; i < count; ++i) {
      // Sizes like the corpus's: most a few KB to tens of KB (log-uniform), a few larger.
      double lo = static_cast<double>(min_size);
      double hi = static_cast<double>(max_size);
      double t = static_cast<double>(rng.Below(1000000)) / 1000000.0;
      std::size_t s = static_cast<std::size_t>(lo * std::pow(hi / lo, t));
      std::uint64_t file_seed = rng.Next();
      std::string text =
          rng.Chance(25) ? ObjectXml(file_seed, s) : Sequence(file_seed, s, rng.Chance(70));
      char name[32];
      std::snprintf(name, sizeof name, "gen-%04zu.xml", i);
      if (!WriteFile((std::filesystem::path(dir) / name).string(), text)) {
        std::cerr << "tsimport-gen: cannot write " << dir << "/" << name << "\n";
        return 1;
      }
    }
    return 0;
  }
  if (steps > 0 || elements > 0) {
    if (out.empty() || (steps > 0 && elements > 0)) return Usage();
    if (!WriteFile(out, steps > 0 ? SiblingSteps(seed, steps) : SiblingElements(elements))) {
      std::cerr << "tsimport-gen: cannot write " << out << "\n";
      return 1;
    }
    return 0;
  }
  if (size == 0 || out.empty()) return Usage();
  std::string text = shape == "object" ? ObjectXml(seed, size) : Sequence(seed, size, pretty);
  if (!WriteFile(out, text)) {
    std::cerr << "tsimport-gen: cannot write " << out << "\n";
    return 1;
  }
  return 0;
}
