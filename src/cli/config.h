// Settings that can come from .tsimport.toml as well as from the command line: thresholds,
// ignored rules, per-rule severities, the dialect, extra schemas, a baseline.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tsimport::cli {

/// The name of the configuration file, looked for from each input's folder upward.
inline constexpr const char* kConfigFileName = ".tsimport.toml";

struct Settings {
  std::string fail_on = "error";
  std::set<std::string> ignore;
  std::map<std::string, std::string> severity;  ///< rule -> error, warning, info or off
  std::string target = "auto";
  /// Checks that rest only on documentation prose or tsimport's reading are errors (--strict).
  bool strict = false;
  std::vector<std::string> schemas;  ///< paths, resolved against the file that named them
  std::string baseline;              ///< path, resolved likewise
  std::string source;                ///< the configuration file these came from, if any
};

/// Reads a .tsimport.toml into `settings` (keys: fail-on, ignore, target, strict, schema, baseline,
/// and a [severity] table of RULE = "error" | "warning" | "info" | "off"). Relative paths are taken
/// from the file's folder. Returns false with a message naming the file and the key.
bool LoadConfig(const std::string& path, Settings& settings, std::string& error);

/// The ID of the rule named by its ID or its name, in any case ("disabled" -> "TS7003"); what
/// is no rule's ID or name, in capitals (CheckSettings reports it).
std::string RuleKey(const std::string& id_or_name);

/// The nearest .tsimport.toml from `dir` upward, or empty.
std::string FindConfig(const std::string& dir);

/// Checks rule names and levels; input rules (TS1xxx) cannot be ignored or re-levelled.
bool CheckSettings(const Settings& settings, std::string& error);

}  // namespace tsimport::cli
