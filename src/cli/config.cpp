#include "config.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>

#include "platform.h"
#include "tsimport/diagnostic.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

std::string Resolve(const fs::path& base, const std::string& p) {
  const fs::path path = PathOf(p);
  return path.is_absolute() ? TextOf(path) : TextOf((base / path).lexically_normal());
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

bool LoadConfig(const std::string& path, Settings& s, std::string& error) {
  std::ifstream in(PathOf(path));
  if (!in) {
    error = path + ": cannot be read";
    return false;
  }
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigTOML().from_config(in);
  } catch (const std::exception& e) {
    error = path + ": " + e.what();
    return false;
  }
  fs::path base = PathOf(path).parent_path();
  s.source = path;
  for (const auto& item : items) {
    if (item.name == "++" || item.name == "--")
      continue;  // CLI11's marks for entering/leaving a table
    std::string key = item.fullname();
    auto one = [&](std::string& out) {
      if (item.inputs.size() != 1) {
        error = path + ": " + key + " takes one value";
        return false;
      }
      out = item.inputs.front();
      return true;
    };
    if (key == "fail-on" || key == "fail_on") {
      if (!one(s.fail_on)) return false;
      if (s.fail_on != "error" && s.fail_on != "warning" && s.fail_on != "info" &&
          s.fail_on != "never") {
        error = path + ": fail-on must be error, warning, info or never, not '" + s.fail_on + "'";
        return false;
      }
    } else if (key == "ignore") {
      for (const auto& v : item.inputs) s.ignore.insert(RuleKey(v));
    } else if (key == "target") {
      if (!one(s.target)) return false;
      if (s.target != "auto" && s.target != "configmgr" && s.target != "mdt") {
        error = path + ": target must be auto, configmgr or mdt, not '" + s.target + "'";
        return false;
      }
    } else if (key == "strict") {
      std::string v;
      if (!one(v)) return false;
      if (v != "true" && v != "false") {
        error = path + ": strict must be true or false, not '" + v + "'";
        return false;
      }
      s.strict = v == "true";
    } else if (key == "schema") {
      for (const auto& v : item.inputs) s.schemas.push_back(Resolve(base, v));
    } else if (key == "baseline") {
      std::string b;
      if (!one(b)) return false;
      s.baseline = Resolve(base, b);
    } else if (!item.parents.empty() && item.parents.front() == "severity" &&
               item.parents.size() == 1) {
      std::string level;
      if (!one(level)) return false;
      s.severity[RuleKey(item.name)] = level;
    } else if (key == "severity" && item.inputs.empty()) {
      continue;  // the table header
    } else {
      error = path + ": unknown setting '" + key +
              "' (known: fail-on, ignore, target, strict, schema, baseline, and a [severity] "
              "table)";
      return false;
    }
  }
  return CheckSettings(s, error) || (error = path + ": " + error, false);
}

std::string RuleKey(const std::string& id_or_name) {
  const RuleInfo* rule = FindRuleByIdOrName(id_or_name);
  return rule != nullptr ? std::string(rule->id) : Upper(id_or_name);
}

std::string FindConfig(const std::string& dir) {
  std::error_code ec;
  fs::path d = fs::absolute(dir.empty() ? fs::path(".") : PathOf(dir), ec);
  for (int guard = 0; guard < 256 && !d.empty(); ++guard) {
    fs::path candidate = d / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return TextOf(candidate);
    if (d == d.root_path()) break;
    d = d.parent_path();
  }
  return {};
}

bool CheckSettings(const Settings& s, std::string& error) {
  auto check_rule = [&](const std::string& id, const char* what) {
    if (FindRule(id) == nullptr) {
      error = std::string(what) + " " + id + ": no such rule ('tsimport --list-rules' lists them)";
      return false;
    }
    if (id.rfind("TS1", 0) == 0) {
      error = std::string(what) + " " + id +
              ": input rules (TS1xxx) cannot be ignored or re-levelled: the input could not be "
              "imported";
      return false;
    }
    return true;
  };
  for (const auto& id : s.ignore) {
    if (!check_rule(id, "ignore")) return false;
  }
  for (const auto& [id, level] : s.severity) {
    if (!check_rule(id, "severity")) return false;
    if (level != "error" && level != "warning" && level != "info" && level != "off") {
      error = "severity " + id + ": '" + level + "' is not error, warning, info or off";
      return false;
    }
  }
  return true;
}

}  // namespace tsimport::cli
