// Diagnostics for CI: whole-run reports (json, sarif, junit, checkstyle), annotation lines
// (github, azure), suppression and baselines. docs/ci.md shows how each is used.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/text.h"
#include "tsimport/write.h"

namespace tsimport {
namespace {

using Json = nlohmann::ordered_json;

// --- places -----------------------------------------------------------------------------------

/// A diagnostic's file: the file in the repository, and for a zip, the member inside it.
struct Place {
  std::string path;
  std::string member;
};

Place SplitFile(const std::string& file) {
  std::size_t bang = file.find('!');
  while (bang != std::string::npos) {
    std::string head = file.substr(0, bang);
    if (head.size() > 4 && detail::AsciiLowercase(head.substr(head.size() - 4)) == ".zip")
      return {head, file.substr(bang + 1)};
    bang = file.find('!', bang + 1);
  }
  return {file, {}};
}

/// The path as the repository knows it: forward slashes, no leading "./", relative to
/// source_root when it is under it.
std::string RepoPath(std::string path, const ReportOptions& options) {
  std::replace(path.begin(), path.end(), '\\', '/');
  while (path.compare(0, 2, "./") == 0) path.erase(0, 2);
  std::string root = options.source_root;
  std::replace(root.begin(), root.end(), '\\', '/');
  while (!root.empty() && root.back() == '/') root.pop_back();
  if (!root.empty() && path.size() > root.size() + 1 && path.compare(0, root.size(), root) == 0 &&
      path[root.size()] == '/') {
    path.erase(0, root.size() + 1);
  }
  return path;
}

/// A diagnostic as an annotation sees it: the repository file, the line and column in it
/// (0 when they are not in that file), and the message (naming the zip member and place).
struct Annotated {
  std::string path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

Annotated Annotate(const Diagnostic& d, const ReportOptions& options) {
  Place place = SplitFile(d.file);
  Annotated a;
  a.path = RepoPath(place.path, options);
  a.message = d.message;
  if (!place.member.empty()) {
    std::string where = place.member;
    if (d.loc.line > 0) where += ":" + std::to_string(d.loc.line);
    if (d.loc.column > 0) where += ":" + std::to_string(d.loc.column);
    a.message += " (in " + where + ")";
  } else {
    a.line = d.loc.line;
    a.column = d.loc.column;
  }
  if (!d.step_path.empty() && d.step >= 0) {
    a.message += " [step " + std::to_string(d.step) + ": " + d.step_path + "]";
  }
  return a;
}

/// Percent-encodes a path for a URI (RFC 3986: unreserved characters and '/' stay).
std::string UriPath(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// --- text -------------------------------------------------------------------------------------

/// Valid UTF-8 (invalid bytes become U+FFFD) without the control characters XML 1.0 forbids.
std::string CleanText(const std::string& s) {
  std::string out;
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        out += "\xEF\xBF\xBD";
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    bool ok = len > 0 && c < 0xF5 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
      // U+FFFE and U+FFFF are not XML characters.
      if (ok && c == 0xEF && c1 == 0xBF && static_cast<unsigned char>(s[i + 2]) >= 0xBE) ok = false;
    }
    if (ok && len == 4) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string XmlEscape(const std::string& raw, bool attribute) {
  std::string s = CleanText(raw);
  std::string out;
  out.reserve(s.size());
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
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

std::string GithubData(const std::string& s) {
  return ReplaceAll(ReplaceAll(ReplaceAll(s, "%", "%25"), "\r", "%0D"), "\n", "%0A");
}

std::string GithubProperty(const std::string& s) {
  return ReplaceAll(ReplaceAll(GithubData(s), ":", "%3A"), ",", "%2C");
}

std::string AzureData(const std::string& s) {
  return ReplaceAll(ReplaceAll(ReplaceAll(s, "%", "%AZP25"), "\r", "%0D"), "\n", "%0A");
}

std::string AzureProperty(const std::string& s) {
  return ReplaceAll(ReplaceAll(AzureData(s), "]", "%5D"), ";", "%3B");
}

std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

const char* SarifLevel(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "warning";
}

/// An input failure: the input could not be imported at all (exit 3, 4, 5, 70).
bool IsInputFailureRule(const std::string& id) {
  const RuleInfo* rule = FindRule(id);
  return rule != nullptr && rule->exit_code != ExitCode::kFindings;
}

bool IsInputFailure(const ImportResult& r) {
  return r.exit_code != ExitCode::kOk && r.exit_code != ExitCode::kFindings;
}

std::string TestName(const ImportResult& r) {
  return r.input + (r.member.empty() ? "" : "!" + r.member);
}

// --- SARIF ------------------------------------------------------------------------------------

std::vector<std::string> RuleTags(const RuleInfo& rule) {
  std::vector<std::string> tags = {"tsimport"};
  switch (rule.id.size() > 2 ? rule.id[2] : '0') {
    case '1':
      tags.push_back("input");
      break;
    case '2':
      tags.push_back("structure");
      break;
    case '3':
      tags.push_back("limits");
      break;
    case '4':
      tags.push_back("references");
      break;
    case '5':
      tags.push_back("security");
      tags.push_back("secrets");
      break;
    case '6':
      tags.push_back("compatibility");
      break;
    case '7':
      tags.push_back("hygiene");
      break;
    default:
      break;
  }
  return tags;
}

Json SarifRule(const RuleInfo& rule, const ReportOptions& options) {
  std::string id(rule.id);
  std::string uri = options.help_base_uri + id + ".md";
  Json j;
  j["id"] = id;
  j["name"] = std::string(rule.name);
  j["shortDescription"] = {{"text", std::string(rule.summary)}};
  j["fullDescription"] = {{"text", std::string(rule.explanation)}};
  j["helpUri"] = uri;
  j["help"] = {
      {"text", std::string(rule.explanation) + " See " + uri},
      {"markdown", "**" + id + " " + std::string(rule.name) + "**: " + std::string(rule.summary) +
                       "\n\n" + std::string(rule.explanation) + "\n\n[" + id + "](" + uri + ")"}};
  j["defaultConfiguration"] = {{"level", SarifLevel(DefaultSeverity(rule))}};
  Json props;
  props["tags"] = RuleTags(rule);
  if (rule.id.size() > 2 && rule.id[2] == '5') {
    // GitHub code scanning shows rules with a security-severity as security alerts.
    props["security-severity"] = rule.severity == Severity::kError ? "8.0" : "5.0";
  }
  props["precision"] = "very-high";
  j["properties"] = std::move(props);
  return j;
}

Json SarifResult(const Diagnostic& d, std::size_t rule_index, const ReportOptions& options) {
  Place place = SplitFile(d.file);
  std::string path = RepoPath(place.path, options);
  Json artifact;
  if (!path.empty() && path[0] == '/') {
    artifact["uri"] = "file://" + UriPath(path);
  } else {
    artifact["uri"] = UriPath(path.empty() ? "-" : path);
    artifact["uriBaseId"] = "%SRCROOT%";
  }
  Json region;
  std::string message = d.message;
  if (!place.member.empty()) {
    std::string where = place.member;
    if (d.loc.line > 0)
      where += ":" + std::to_string(d.loc.line) +
               (d.loc.column > 0 ? ":" + std::to_string(d.loc.column) : "");
    message += " (in " + where + ")";
    region["startLine"] = 1;  // the zip itself has no lines; GitHub needs a start line
  } else {
    region["startLine"] = d.loc.line > 0 ? d.loc.line : 1;
    if (d.loc.line > 0 && d.loc.column > 0) region["startColumn"] = d.loc.column;
  }
  Json physical;
  physical["artifactLocation"] = std::move(artifact);
  physical["region"] = std::move(region);
  Json location;
  location["physicalLocation"] = std::move(physical);
  if (!d.step_path.empty()) {
    Json logical;
    logical["fullyQualifiedName"] = d.step_path;
    logical["kind"] = "member";
    location["logicalLocations"] = Json::array({std::move(logical)});
  }
  Json j;
  j["ruleId"] = d.rule;
  if (rule_index != static_cast<std::size_t>(-1)) j["ruleIndex"] = rule_index;
  j["level"] = SarifLevel(d.severity);
  j["message"] = {{"text", message.empty() ? d.rule : message}};
  j["locations"] = Json::array({std::move(location)});
  j["partialFingerprints"] = {{"tsimportFingerprint/v1", Fingerprint(d)}};
  Json props;
  if (!d.step_path.empty()) props["stepPath"] = d.step_path;
  if (d.step >= 0) props["step"] = d.step;
  if (d.severity == Severity::kError && d.hresult != 0) props["hresult"] = FormatHResult(d.hresult);
  if (!props.empty()) j["properties"] = std::move(props);
  return j;
}

std::string WriteSarif(const std::vector<const ImportResult*>& results,
                       const ReportOptions& options) {
  Json rules = Json::array();
  std::map<std::string, std::size_t> index;
  for (const auto& rule : Rules()) {
    index[std::string(rule.id)] = rules.size();
    rules.push_back(SarifRule(rule, options));
  }
  std::vector<const Diagnostic*> all;
  for (const ImportResult* r : results) {
    for (const auto& d : r->diagnostics) all.push_back(&d);
  }
  std::size_t left_out = 0;
  if (all.size() > options.max_results) {
    std::stable_sort(all.begin(), all.end(), [](const Diagnostic* a, const Diagnostic* b) {
      return a->severity > b->severity;
    });
    left_out = all.size() - options.max_results;
    all.resize(options.max_results);
  }
  Json out_results = Json::array();
  for (const Diagnostic* d : all) {
    auto it = index.find(d->rule);
    out_results.push_back(
        SarifResult(*d, it == index.end() ? static_cast<std::size_t>(-1) : it->second, options));
  }
  Json driver;
  driver["name"] = "tsimport";
  driver["version"] = options.tool_version;
  driver["semanticVersion"] = options.tool_version;
  driver["informationUri"] = options.information_uri;
  driver["rules"] = std::move(rules);
  Json invocation;
  invocation["executionSuccessful"] = options.complete && options.notifications.empty();
  Json notes = Json::array();
  for (const auto& text : options.notifications) {
    Json note;
    note["level"] = "error";
    note["message"] = {{"text", text}};
    notes.push_back(std::move(note));
  }
  if (left_out > 0) {
    Json note;
    note["level"] = "warning";
    note["message"] = {{"text", std::to_string(left_out) +
                                    " results were left out: a SARIF run holds at most " +
                                    std::to_string(options.max_results) +
                                    " (GitHub code scanning's limit); the most severe are kept"}};
    notes.push_back(std::move(note));
  }
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);
  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = Json::array({std::move(invocation)});
  run["results"] = std::move(out_results);
  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  return Dump(log);
}

// --- JSON, JUnit, checkstyle --------------------------------------------------------------------

std::string WriteJsonReport(const std::vector<const ImportResult*>& results,
                            const ReportOptions& options) {
  Json inputs = Json::array();
  std::size_t errors = 0, warnings = 0, infos = 0;
  for (const ImportResult* r : results) {
    Json in;
    in["Input"] = r->input;
    if (!r->member.empty()) in["Member"] = r->member;
    in["Shape"] = r->shape;
    in["ReturnValue"] = r->ReturnValue();
    in["HResult"] = FormatHResult(r->hresult);
    in["ExitCode"] = static_cast<int>(r->exit_code);
    Json diags = Json::array();
    for (const auto& d : r->diagnostics) {
      Json dj = Json::parse(FormatDiagnosticJson(d), nullptr, false);
      dj["Fingerprint"] = Fingerprint(d);
      diags.push_back(std::move(dj));
    }
    in["Diagnostics"] = std::move(diags);
    errors += r->Count(Severity::kError);
    warnings += r->Count(Severity::kWarning);
    infos += r->Count(Severity::kInfo);
    inputs.push_back(std::move(in));
  }
  Json j;
  j["Tool"] = {{"Name", "tsimport"}, {"Version", options.tool_version}};
  j["Complete"] = options.complete;
  if (!options.notifications.empty()) j["Notifications"] = options.notifications;
  j["Inputs"] = std::move(inputs);
  j["Totals"] = {
      {"Inputs", results.size()}, {"Errors", errors}, {"Warnings", warnings}, {"Infos", infos}};
  return Dump(j);
}

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string WriteJunit(const std::vector<const ImportResult*>& results,
                       const ReportOptions& options) {
  std::size_t failures = 0, errors = 0;
  std::string cases;
  for (const ImportResult* r : results) {
    std::string lines;
    const Diagnostic* first = nullptr;
    const Diagnostic* first_failing = nullptr;
    for (const auto& d : r->diagnostics) {
      lines += FormatDiagnosticGcc(d) + "\n";
      if (first == nullptr) first = &d;
      if (first_failing == nullptr && options.fail_on && d.severity >= *options.fail_on)
        first_failing = &d;
    }
    cases +=
        "    <testcase name=\"" + XmlEscape(TestName(*r), true) + "\" classname=\"tsimport\">\n";
    std::string counts = Plural(r->Count(Severity::kError), "error") + ", " +
                         Plural(r->Count(Severity::kWarning), "warning") + ", " +
                         Plural(r->Count(Severity::kInfo), "info");
    if (IsInputFailure(*r)) {
      ++errors;
      const Diagnostic* cause = first != nullptr ? first : nullptr;
      cases += "      <error message=\"" +
               XmlEscape(cause ? cause->message : std::string("not imported"), true) +
               "\" type=\"" + XmlEscape(cause ? cause->rule : std::string("tsimport"), true) +
               "\">" + XmlEscape(lines, false) + "</error>\n";
    } else if (first_failing != nullptr) {
      ++failures;
      std::string message = counts;
      if (r->hresult != 0) message += "; ImportSequence would return " + FormatHResult(r->hresult);
      cases += "      <failure message=\"" + XmlEscape(message, true) + "\" type=\"" +
               XmlEscape(first_failing->rule, true) + "\">" + XmlEscape(lines, false) +
               "</failure>\n";
    } else if (!lines.empty()) {
      cases += "      <system-out>" + XmlEscape(lines, false) + "</system-out>\n";
    }
    cases += "    </testcase>\n";
  }
  // The run itself, when it was cut short or could not write an output: a test case in error.
  std::size_t tests = results.size();
  if (!options.complete || !options.notifications.empty()) {
    ++tests;
    ++errors;
    std::string text;
    for (const auto& note : options.notifications) text += note + "\n";
    cases += "    <testcase name=\"tsimport\" classname=\"tsimport\">\n      <error message=\"" +
             XmlEscape(options.complete ? std::string("the run did not complete its outputs")
                                        : std::string("the run was interrupted: the results "
                                                      "are incomplete"),
                       true) +
             "\" type=\"tsimport\">" + XmlEscape(text, false) + "</error>\n    </testcase>\n";
  }
  std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" +
                       std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\"";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tsimport\" " + counts +
         ">\n" + "  <testsuite name=\"tsimport\" " + counts + " skipped=\"0\">\n" + cases +
         "  </testsuite>\n</testsuites>\n";
}

std::string WriteCheckstyle(const std::vector<const ImportResult*>& results,
                            const ReportOptions& options) {
  // One <file> per repository file, in the order the inputs came.
  std::vector<std::pair<std::string, std::string>> files;
  auto body = [&](const std::string& path) -> std::string& {
    for (auto& f : files) {
      if (f.first == path) return f.second;
    }
    files.emplace_back(path, std::string());
    return files.back().second;
  };
  for (const ImportResult* r : results) {
    body(RepoPath(SplitFile(r->input).path, options));
    for (const auto& d : r->diagnostics) {
      Annotated a = Annotate(d, options);
      std::string line = "    <error line=\"" + std::to_string(a.line) + "\"";
      if (a.column > 0) line += " column=\"" + std::to_string(a.column) + "\"";
      line += " severity=\"" + std::string(SeverityName(d.severity)) + "\" message=\"" +
              XmlEscape(a.message, true) + "\" source=\"tsimport." + XmlEscape(d.rule, true) +
              "\"/>\n";
      body(a.path) += line;
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  for (const auto& [path, errors] : files) {
    out += "  <file name=\"" + XmlEscape(path, true) + "\"";
    out += errors.empty() ? "/>\n" : ">\n" + errors + "  </file>\n";
  }
  // Checkstyle has no place for the run itself: comments (a comment holds no "--").
  std::vector<std::string> notes = options.notifications;
  if (!options.complete) notes.insert(notes.begin(), "incomplete: the run was interrupted");
  for (const auto& note : notes) {
    std::string text = CleanText(note);
    for (std::size_t at; (at = text.find("--")) != std::string::npos;) text.replace(at, 2, "- -");
    out += "  <!-- tsimport: " + text + " -->\n";
  }
  return out + "</checkstyle>\n";
}

// --- fingerprints -------------------------------------------------------------------------------

/// The message with its free-standing numbers blanked (sizes, lengths, "line 12"), so that a
/// finding keeps its fingerprint when unrelated edits move or resize things; numbers inside
/// words (package IDs such as PS100088) are kept.
std::string NormalizeMessage(const std::string& m) {
  std::string out;
  const std::size_t n = m.size();
  auto word = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t i = 0; i < n;) {
    if (!std::isdigit(static_cast<unsigned char>(m[i]))) {
      out += m[i++];
      continue;
    }
    std::size_t j = i;
    while (j < n && (std::isdigit(static_cast<unsigned char>(m[j])) ||
                     ((m[j] == '.' || m[j] == ',') && j + 1 < n &&
                      std::isdigit(static_cast<unsigned char>(m[j + 1]))))) {
      ++j;
    }
    bool inside_word = (i > 0 && word(m[i - 1])) || (j < n && word(m[j]));
    if (inside_word) {
      out.append(m, i, j - i);
    } else {
      out += '#';
    }
    i = j;
  }
  return out;
}

std::uint64_t Fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Hex16(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

bool Baselinable(const Diagnostic& d) { return !IsInputFailureRule(d.rule); }

/// After suppression: the exit code follows the findings that are left; an input failure
/// (exit 3, 4, 5, 70) stays, and ReturnValue stays what ImportSequence would return (it
/// describes the import, not the reporting).
void RecomputeExitCode(ImportResult& r) {
  if (IsInputFailure(r)) return;
  r.exit_code = ExitCode::kOk;
  for (const auto& d : r.diagnostics) {
    if (d.severity == Severity::kError) r.exit_code = ExitCode::kFindings;
  }
}

}  // namespace

// --- public --------------------------------------------------------------------------------------

std::optional<DiagnosticsFormat> ParseDiagnosticsFormat(std::string_view name) {
  static const std::pair<const char*, DiagnosticsFormat> kNames[] = {
      {"human", DiagnosticsFormat::kHuman},   {"gcc", DiagnosticsFormat::kGcc},
      {"json", DiagnosticsFormat::kJson},     {"sarif", DiagnosticsFormat::kSarif},
      {"github", DiagnosticsFormat::kGithub}, {"azure", DiagnosticsFormat::kAzure},
      {"junit", DiagnosticsFormat::kJunit},   {"checkstyle", DiagnosticsFormat::kCheckstyle}};
  for (const auto& [n, f] : kNames) {
    if (name == n) return f;
  }
  return std::nullopt;
}

const char* DiagnosticsFormatName(DiagnosticsFormat format) {
  switch (format) {
    case DiagnosticsFormat::kHuman:
      return "human";
    case DiagnosticsFormat::kGcc:
      return "gcc";
    case DiagnosticsFormat::kJson:
      return "json";
    case DiagnosticsFormat::kSarif:
      return "sarif";
    case DiagnosticsFormat::kGithub:
      return "github";
    case DiagnosticsFormat::kAzure:
      return "azure";
    case DiagnosticsFormat::kJunit:
      return "junit";
    case DiagnosticsFormat::kCheckstyle:
      return "checkstyle";
  }
  return "human";
}

std::string FormatRunNote(DiagnosticsFormat format, const std::string& note) {
  switch (format) {
    case DiagnosticsFormat::kGithub:
      return "::error title=tsimport::" + GithubData(note) + "\n";
    case DiagnosticsFormat::kAzure:
      return "##vso[task.logissue type=error;code=tsimport]" + AzureData(note) + "\n";
    default:
      return "tsimport: " + note + "\n";
  }
}

std::string FormatDiagnosticGithub(const Diagnostic& d, const ReportOptions& options) {
  Annotated a = Annotate(d, options);
  const char* command = d.severity == Severity::kError     ? "error"
                        : d.severity == Severity::kWarning ? "warning"
                                                           : "notice";
  std::string out = std::string("::") + command + " file=" + GithubProperty(a.path);
  if (a.line > 0) out += ",line=" + std::to_string(a.line);
  if (a.line > 0 && a.column > 0) out += ",col=" + std::to_string(a.column);
  out += ",title=" + GithubProperty(d.rule) + "::" + GithubData(a.message);
  return out;
}

std::string FormatDiagnosticAzure(const Diagnostic& d, const ReportOptions& options) {
  Annotated a = Annotate(d, options);
  if (d.severity == Severity::kInfo) {
    Diagnostic plain = d;
    plain.file = a.path;
    plain.loc = {a.line, a.column};
    // Not a logging command; the agent looks for "##vso[" anywhere in a line, so none may
    // appear in it.
    plain.message = ReplaceAll(AzureData(a.message), "##vso[", "##vso%5B");
    plain.file = ReplaceAll(plain.file, "##vso[", "##vso%5B");
    return FormatDiagnosticGcc(plain);
  }
  std::string out = std::string("##vso[task.logissue type=") +
                    (d.severity == Severity::kError ? "error" : "warning") +
                    ";sourcepath=" + AzureProperty(a.path);
  if (a.line > 0) out += ";linenumber=" + std::to_string(a.line);
  if (a.line > 0 && a.column > 0) out += ";columnnumber=" + std::to_string(a.column);
  out += ";code=" + AzureProperty(d.rule) + "]" + AzureData(a.message);
  return out;
}

std::string WriteDiagnosticsReport(DiagnosticsFormat format,
                                   const std::vector<const ImportResult*>& results,
                                   const ReportOptions& options) {
  switch (format) {
    case DiagnosticsFormat::kSarif:
      return WriteSarif(results, options);
    case DiagnosticsFormat::kJson:
      return WriteJsonReport(results, options);
    case DiagnosticsFormat::kJunit:
      return WriteJunit(results, options);
    case DiagnosticsFormat::kCheckstyle:
      return WriteCheckstyle(results, options);
    default:
      break;
  }
  std::string out;
  for (const ImportResult* r : results) {
    for (const auto& d : r->diagnostics) {
      switch (format) {
        case DiagnosticsFormat::kGithub:
          out += FormatDiagnosticGithub(d, options) + "\n";
          break;
        case DiagnosticsFormat::kAzure:
          out += FormatDiagnosticAzure(d, options) + "\n";
          break;
        case DiagnosticsFormat::kHuman:
          out += FormatDiagnosticHuman(d, r->text, HumanStyle{false},
                                       r->task_sequence
                                           ? SecretValues(*r->task_sequence, *Catalog::Builtin())
                                           : std::vector<std::string>());
          break;
        default:
          out += FormatDiagnosticGcc(d) + "\n";
          break;
      }
    }
  }
  return out;
}

std::size_t ApplySuppressions(ImportResult& result, const Suppressions& suppressions) {
  std::size_t before = result.diagnostics.size();
  auto& diags = result.diagnostics;
  diags.erase(std::remove_if(diags.begin(), diags.end(),
                             [&](const Diagnostic& d) {
                               return suppressions.ignore.count(d.rule) > 0 &&
                                      !IsInputFailureRule(d.rule);
                             }),
              diags.end());
  for (auto& d : diags) {
    auto it = suppressions.severity.find(d.rule);
    if (it == suppressions.severity.end() || IsInputFailureRule(d.rule)) continue;
    d.severity = it->second;
  }
  RecomputeExitCode(result);
  return before - diags.size();
}

std::string Fingerprint(const Diagnostic& d) {
  std::string file = d.file;
  std::replace(file.begin(), file.end(), '\\', '/');
  while (file.compare(0, 2, "./") == 0) file.erase(0, 2);
  std::string key =
      d.rule + '\x1f' + file + '\x1f' + d.step_path + '\x1f' + NormalizeMessage(d.message);
  return Hex16(Fnv1a(key));
}

std::string WriteBaseline(const std::vector<const ImportResult*>& results) {
  // Sorted by fingerprint, so that the file does not change when nothing changed.
  std::map<std::string, std::pair<const Diagnostic*, std::size_t>> found;
  for (const ImportResult* r : results) {
    for (const auto& d : r->diagnostics) {
      if (!Baselinable(d)) continue;
      auto& entry = found[Fingerprint(d)];
      if (entry.first == nullptr) entry.first = &d;
      ++entry.second;
    }
  }
  Json findings = Json::array();
  for (const auto& [fp, entry] : found) {
    const Diagnostic& d = *entry.first;
    Json f;
    f["fingerprint"] = fp;
    f["rule"] = d.rule;
    f["file"] = d.file;
    f["step"] = d.step_path.empty() ? Json(nullptr) : Json(d.step_path);
    f["message"] = d.message;
    f["count"] = entry.second;
    findings.push_back(std::move(f));
  }
  Json j;
  j["tool"] = "tsimport";
  j["version"] = 1;
  j["findings"] = std::move(findings);
  return Dump(j);
}

std::optional<Baseline> ParseBaseline(const std::string& text, std::string& error) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    error = "not JSON";
    return std::nullopt;
  }
  if (!j.is_object() || !j.contains("findings") || !j["findings"].is_array()) {
    error = "not a tsimport baseline (no \"findings\" array)";
    return std::nullopt;
  }
  if (j.contains("version") &&
      (!j["version"].is_number_integer() || j["version"].get<int>() != 1)) {
    error = "baseline version is not 1";
    return std::nullopt;
  }
  Baseline b;
  for (const auto& f : j["findings"]) {
    if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
      error = "a finding has no \"fingerprint\" string";
      return std::nullopt;
    }
    std::size_t count = 1;
    if (f.contains("count")) {
      if (!f["count"].is_number_unsigned()) {
        error = "a finding's \"count\" is not a positive number";
        return std::nullopt;
      }
      count = f["count"].get<std::size_t>();
    }
    b.counts[f["fingerprint"].get<std::string>()] += count;
  }
  return b;
}

std::size_t ApplyBaseline(const std::vector<ImportResult*>& results, const Baseline& baseline) {
  std::map<std::string, std::size_t> left = baseline.counts;
  std::size_t dropped = 0;
  for (ImportResult* r : results) {
    auto& diags = r->diagnostics;
    std::vector<Diagnostic> kept;
    kept.reserve(diags.size());
    for (auto& d : diags) {
      if (Baselinable(d)) {
        auto it = left.find(Fingerprint(d));
        if (it != left.end() && it->second > 0) {
          --it->second;
          ++dropped;
          continue;
        }
      }
      kept.push_back(std::move(d));
    }
    diags = std::move(kept);
    RecomputeExitCode(*r);
  }
  return dropped;
}

}  // namespace tsimport
