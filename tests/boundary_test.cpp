// Boundaries, driven by the catalog: for every ValueRange, AllowedLen and list of values of every
// step class, the minimum and the maximum accepted and one past each refused, with the severity
// the property's check_evidence gives (an error where a qualifier backs the check, a warning
// where prose or tsimport's reading does; an error for both with --strict); an empty (unset)
// value of every checked property accepted in both dialects; every RequiredIfNull and
// RequiredIfNotNull hit and missed; and every exit code reached through --fail-on.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "test_util.h"
#include "tsimport/catalog.h"

using namespace tsimport;
using tsimport::test::ImportString;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

bool IsMdt(const ClassDef& cls) { return cls.origin == "mdt-classes.json"; }

/// A sequence of one step of `cls` holding `vars`, in the dialect of the class (an MDT sequence
/// for MDT's classes), or in MDT's with `mdt`.
std::string Sequence(const ClassDef& cls, const std::string& vars, bool mdt) {
  const std::string element = cls.xml_element.empty() ? "step" : cls.xml_element;
  const std::string head = mdt ? "<sequence version=\"3.00\" name=\"T\" description=\"MDT\">\n"
                               : "<sequence version=\"3.10\">\n";
  return head + "  <" + element + " type=\"" + cls.name +
         "\" name=\"S\" description=\"\">\n    <action>x</action>\n    <defaultVarList>\n" + vars +
         "    </defaultVarList>\n  </" + element + ">\n</sequence>\n";
}

std::string Var(const PropertyDef& p, const std::string& value) {
  return "      <variable name=\"" + p.variable + "\" property=\"" + p.name + "\">" + value +
         "</variable>\n";
}

struct Finding {
  std::string rule;
  Severity severity;
  std::string message;
};

/// The import findings (TS2xxx) about property `p` of `cls` ("Class.Property ..." messages), of
/// `rule` and of its type (TS2005) when `rule` is given.
std::vector<Finding> About(const ImportResult& r, const ClassDef& cls, const PropertyDef& p,
                           const std::string& rule = "") {
  const std::string prefix = cls.name + "." + p.name + " ";
  std::vector<Finding> out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.rule.rfind("TS2", 0) != 0 || d.message.rfind(prefix, 0) != 0) continue;
    if (rule.empty() || d.rule == rule || d.rule == "TS2005")
      out.push_back({d.rule, d.severity, d.message});
  }
  return out;
}

std::string Show(const std::vector<Finding>& findings) {
  std::string s;
  for (const auto& f : findings) s += f.rule + " " + SeverityName(f.severity) + ": " + f.message + "\n";
  return s.empty() ? "(none)" : s;
}

bool Numeric(const PropertyDef& p) {
  return p.type == WmiType::kUInt32 || p.type == WmiType::kSInt32;
}

/// The values the WMI type holds.
std::pair<std::int64_t, std::int64_t> TypeBounds(const PropertyDef& p) {
  if (p.type == WmiType::kUInt32) return {0, std::numeric_limits<std::uint32_t>::max()};
  return {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
}

/// A value the property's checks accept (for the other property of a RequiredIf pair).
std::string Accepted(const PropertyDef& p) {
  if (!p.values.empty()) return p.values.front().value;
  if (p.value_range) return std::to_string(p.value_range->first);
  if (p.type == WmiType::kBoolean) return "true";
  if (Numeric(p)) return "1";
  if (p.allowed_len) return std::string(std::max<std::uint64_t>(p.allowed_len->first, 1), 'a');
  return "x";
}

/// Checks that `value` of `p` is accepted by `rule` and the type: no such finding about the
/// property, strict or not (a length at the top of AllowedLen may still be outside a list).
void Accepts(const ClassDef& cls, const PropertyDef& p, const std::string& value,
             const std::string& rule, const std::string& what) {
  const Target target = IsMdt(cls) ? Target::kMdt : Target::kConfigMgr;
  const std::string xml = Sequence(cls, Var(p, value), IsMdt(cls));
  INFO(what << ": '" << (value.size() > 40 ? value.substr(0, 40) + "..." : value)
            << "' accepted");
  const auto plain = About(ImportString(xml, target), cls, p, rule);
  INFO(Show(plain));
  CHECK(plain.empty());
  CHECK(About(ImportString(xml, target, /*strict=*/true), cls, p, rule).empty());
}

/// Checks that `value` of `p` is refused by `rule`, with the severity `evidence` gives (an error
/// with --strict). A value past its type (-1 for a UInt32) is refused by TS2005 instead.
void Refuses(const ClassDef& cls, const PropertyDef& p, const std::string& value,
             const std::string& rule, Evidence evidence, const std::string& what) {
  const Target target = IsMdt(cls) ? Target::kMdt : Target::kConfigMgr;
  const std::string xml = Sequence(cls, Var(p, value), IsMdt(cls));
  INFO(what << ": '" << (value.size() > 40 ? value.substr(0, 40) + "..." : value)
            << "' refused by " << rule << " (evidence " << EvidenceName(evidence) << ")");
  const auto plain = About(ImportString(xml, target), cls, p, rule);
  INFO(Show(plain));
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].rule == rule);
  const Severity expected = BlocksImport(evidence) ? Severity::kError : Severity::kWarning;
  CHECK(plain[0].severity == expected);
  const auto strict = About(ImportString(xml, target, /*strict=*/true), cls, p, rule);
  REQUIRE(strict.size() == 1);
  CHECK(strict[0].rule == rule);
  CHECK(strict[0].severity == Severity::kError);
}

/// A number of `p` one past `n`: refused by `rule`, or by its type (TS2005) when past it.
void RefusesNumber(const ClassDef& cls, const PropertyDef& p, std::int64_t n,
                   const std::string& rule, Evidence evidence, const std::string& what) {
  const auto [lo, hi] = TypeBounds(p);
  if (n < lo || n > hi) {
    Refuses(cls, p, std::to_string(n), "TS2005", p.evidence.type, what + ", past the type");
  } else {
    Refuses(cls, p, std::to_string(n), rule, evidence, what);
  }
}

struct Counts {
  int ranges = 0, lengths = 0, lists = 0, empties = 0, required_if = 0;
};

}  // namespace

TEST_CASE("boundaries: every ValueRange, AllowedLen and value list of the catalog, both ends") {
  Counts n;
  for (const ClassDef& cls : Catalog::Builtin()->classes()) {
    if (cls.kind != ClassKind::kAction) continue;
    for (const PropertyDef& p : cls.properties) {
      if (p.variable.empty() || p.is_array || p.type == WmiType::kObject) continue;
      const std::string name = cls.name + "." + p.name;
      if (p.value_range && Numeric(p)) {
        const auto [lo, hi] = *p.value_range;
        Accepts(cls, p, std::to_string(lo), "TS2009", name + " ValueRange minimum");
        Accepts(cls, p, std::to_string(hi), "TS2009", name + " ValueRange maximum");
        RefusesNumber(cls, p, lo - 1, "TS2009", p.evidence.value_range, name + " below ValueRange");
        RefusesNumber(cls, p, hi + 1, "TS2009", p.evidence.value_range, name + " above ValueRange");
        ++n.ranges;
      }
      if (p.allowed_len && p.type == WmiType::kString) {
        const auto [lo, hi] = *p.allowed_len;
        // The longest values are built only up to a size a real export could hold.
        if (hi <= 100000) {
          if (lo > 0) Accepts(cls, p, std::string(lo, 'a'), "TS2008", name + " AllowedLen minimum");
          Accepts(cls, p, std::string(hi, 'a'), "TS2008", name + " AllowedLen maximum");
          Refuses(cls, p, std::string(hi + 1, 'a'), "TS2008", p.evidence.allowed_len,
                  name + " above AllowedLen");
        }
        // One below a minimum of 1 is the empty value: unset, checked below.
        if (lo > 1) {
          Refuses(cls, p, std::string(lo - 1, 'a'), "TS2008", p.evidence.allowed_len,
                  name + " below AllowedLen");
        }
        ++n.lengths;
      }
      if (!p.values.empty() && p.type != WmiType::kBoolean) {
        std::int64_t min = std::numeric_limits<std::int64_t>::max();
        std::int64_t max = std::numeric_limits<std::int64_t>::min();
        for (const AllowedValue& v : p.values) {
          Accepts(cls, p, v.value, "TS2010", name + " listed value");
          if (Numeric(p)) {
            min = std::min<std::int64_t>(min, std::stoll(v.value));
            max = std::max<std::int64_t>(max, std::stoll(v.value));
          }
        }
        if (Numeric(p)) {
          RefusesNumber(cls, p, min - 1, "TS2010", p.evidence.values, name + " below the list");
          RefusesNumber(cls, p, max + 1, "TS2010", p.evidence.values, name + " above the list");
        } else {
          Refuses(cls, p, p.values.front().value + "X", "TS2010", p.evidence.values,
                  name + " not in the list");
        }
        ++n.lists;
      }
      if (p.value_range || p.allowed_len || !p.values.empty()) {
        // Empty is unset (#14): no finding about the property, in either dialect.
        for (bool mdt : {false, true}) {
          INFO(name << " written empty, " << (mdt ? "MDT" : "ConfigMgr"));
          const std::string xml = Sequence(cls, Var(p, ""), mdt);
          const Target target = mdt ? Target::kMdt : Target::kConfigMgr;
          const auto plain = About(ImportString(xml, target), cls, p);
          INFO(Show(plain));
          CHECK(plain.empty());
          CHECK(About(ImportString(xml, target, /*strict=*/true), cls, p).empty());
        }
        ++n.empties;
      }
    }
  }
  // The catalog as it stands (a new entry raises these; one lost lowers them).
  CHECK(n.ranges >= 11);
  CHECK(n.lengths >= 20);
  CHECK(n.lists >= 18);
  CHECK(n.empties >= 49);
}

TEST_CASE("boundaries: every RequiredIfNull and RequiredIfNotNull of the catalog, hit and missed") {
  int checked = 0;
  for (const ClassDef& cls : Catalog::Builtin()->classes()) {
    if (cls.kind != ClassKind::kAction) continue;
    const Target target = IsMdt(cls) ? Target::kMdt : Target::kConfigMgr;
    for (const PropertyDef& p : cls.properties) {
      if (p.variable.empty()) continue;
      for (bool if_null : {true, false}) {
        for (const std::string& other_name : if_null ? p.required_if_null : p.required_if_not_null) {
          const PropertyDef* other = cls.Find(other_name);
          REQUIRE(other != nullptr);
          REQUIRE(!other->variable.empty());
          INFO(cls.name << "." << p.name << (if_null ? " RequiredIfNull(" : " RequiredIfNotNull(")
                        << other_name << ")");
          const std::string self = Var(p, Accepted(p));
          const std::string partner = Var(*other, Accepted(*other));
          const auto required = [&](const std::string& vars) {
            int hits = 0;
            for (const auto& f : About(ImportString(Sequence(cls, vars, IsMdt(cls)), target), cls, p)) {
              if (f.rule == "TS2007") {
                ++hits;
                CHECK(f.severity ==
                      (BlocksImport(p.evidence.required_if) ? Severity::kError : Severity::kWarning));
              }
            }
            return hits;
          };
          // An empty element satisfies a requirement and makes none (docs/fidelity.md, "Empty
          // means unset"): only a property with no element is missing, only one with a value set.
          if (if_null) {
            CHECK(required("") == 1);               // hit: neither there
            CHECK(required(partner) == 0);          // missed: the other set
            CHECK(required(self) == 0);             // missed: itself set
            CHECK(required(Var(*other, "")) == 0);  // the other there, empty
            CHECK(required(Var(p, "")) == 0);       // itself there, empty
          } else {
            CHECK(required(partner) == 1);                 // hit: the other set, itself not
            CHECK(required(partner + self) == 0);          // missed: both set
            CHECK(required(partner + Var(p, "")) == 0);    // itself there, empty
            CHECK(required("") == 0);                      // missed: the other not there
            CHECK(required(Var(*other, "")) == 0);         // the other empty: unset
          }
          // MDT runs the step's <action> itself: ConfigMgr's requirements do not hold there.
          if (!IsMdt(cls)) {
            const std::string mdt = Sequence(cls, if_null ? "" : partner, /*mdt=*/true);
            CHECK(About(ImportString(mdt, Target::kMdt), cls, p, "TS2007").empty());
          }
          ++checked;
        }
      }
    }
  }
  CHECK(checked >= 5);
}

TEST_CASE("boundaries: every exit code through --fail-on error, warning, info and never") {
  TempDir dir;
  // One input per highest severity: none, an info, a warning, an error.
  const std::string clean = "samples/valid/RebootAction.xml";
  const std::string info = "samples/lint/disabled.xml";  // TS7003 (info) only
  const std::string warning = dir.Write(
      "warning.xml",
      "<sequence version=\"3.10\">\n  <step type=\"SMS_TaskSequence_RebootAction\" name=\"R\" "
      "description=\"\" runIn=\"WinPEandFullOS\">\n    <action>smsboot.exe /target:WinPE</action>\n"
      "    <defaultVarList>\n      <variable name=\"SMSRebootTarget\" property=\"Target\">USB"
      "</variable>\n    </defaultVarList>\n  </step>\n</sequence>\n");
  const std::string error = "samples/invalid/misspelled-type.xml";
  const std::string not_ts = "samples/invalid/truncated.xml";  // exit 3
  const std::string unsupported = dir.Write(
      "v9.xml", "<sequence version=\"9.0\">\n</sequence>\n");  // exit 4
  const std::string missing = dir.path + "/missing.xml";       // exit 5
  // The highest severity of each input, as the checks below assume it.
  const auto highest = [](const std::string& file) {
    auto r = RunCli({"--fail-on", "never", "--diagnostics", "json", "-f", "none", file});
    for (const char* s : {"error", "warning", "info"}) {
      if (r.err.find(std::string("\"Severity\": \"") + s + "\"") != std::string::npos)
        return std::string(s);
    }
    return std::string("none");
  };
  CHECK(highest(clean) == "none");
  CHECK(highest(info) == "info");
  CHECK(highest(warning) == "warning");
  CHECK(highest(error) == "error");
  struct Row {
    std::string file;
    int error, warning, info, never;
  };
  const std::vector<Row> rows = {
      {clean, 0, 0, 0, 0},       {info, 0, 0, 1, 0},          {warning, 0, 1, 1, 0},
      {error, 1, 1, 1, 0},       {not_ts, 3, 3, 3, 3},        {unsupported, 4, 4, 4, 4},
      {missing, 5, 5, 5, 5},
  };
  for (const Row& row : rows) {
    INFO(row.file);
    CHECK(RunCli({"-f", "none", row.file}).exit_code == row.error);  // the default
    CHECK(RunCli({"--fail-on", "error", "-f", "none", row.file}).exit_code == row.error);
    CHECK(RunCli({"--fail-on", "warning", "-f", "none", row.file}).exit_code == row.warning);
    CHECK(RunCli({"--fail-on", "info", "-f", "none", row.file}).exit_code == row.info);
    CHECK(RunCli({"--fail-on", "never", "-f", "none", row.file}).exit_code == row.never);
    // A baseline accepts findings, never an input that could not be processed.
    const std::string baseline = dir.path + "/baseline.json";
    const int with_baseline =
        RunCli({"--fail-on", "info", "--write-baseline", baseline, "-f", "none", row.file})
            .exit_code;
    CHECK(with_baseline == (row.never >= 3 ? row.never : 0));
  }
  // With several inputs the most serious outcome wins: 5, 3, 4, 1, 0.
  CHECK(RunCli({"-f", "none", clean, error, unsupported, not_ts, missing}).exit_code == 5);
  CHECK(RunCli({"-f", "none", clean, error, unsupported, not_ts}).exit_code == 3);
  CHECK(RunCli({"-f", "none", clean, error, unsupported}).exit_code == 4);
  CHECK(RunCli({"-f", "none", clean, error}).exit_code == 1);
  CHECK(RunCli({"--fail-on", "never", "-f", "none", error, unsupported}).exit_code == 4);
  // Usage errors: 2; nothing to check: 7.
  CHECK(RunCli({"--fail-on", "sometimes", clean}).exit_code == 2);
  CHECK(RunCli({"-r", "--fail-on", "never", dir.Write("empty/readme.txt", "x")
                                                  .substr(0, dir.path.size() + 6)})
            .exit_code == 7);
}
