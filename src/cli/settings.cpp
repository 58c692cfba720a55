#include "settings.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "platform.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

/// The suppressions of the settings: ignored rules, and severities ("off" ignores).
Suppressions SuppressionsOf(const Settings& settings) {
  Suppressions out;
  out.ignore = settings.ignore;
  for (const auto& [rule, level] : settings.severity) {
    if (level == "off") {
      out.ignore.insert(rule);
    } else if (auto severity = ParseSeverity(level)) {
      out.severity[rule] = *severity;
    }
  }
  return out;
}

}  // namespace

const Resolved* SettingsResolver::For(const Input& in, std::string& error) {
  std::string config = o_.config;
  if (config.empty()) {
    std::string dir = in.path == "-" ? "." : TextOf(PathOf(in.path).parent_path());
    auto cached = folder_config_.find(dir);
    if (cached == folder_config_.end()) cached = folder_config_.emplace(dir, FindConfig(dir)).first;
    config = cached->second;
  }
  auto it = resolved_.find(config);
  if (it != resolved_.end()) return it->second.get();
  auto r = std::make_unique<Resolved>();
  if (!config.empty() && !LoadConfig(config, r->settings, error)) return nullptr;
  Merge(r->settings);
  if (!CheckSettings(r->settings, error)) return nullptr;
  r->suppressions = SuppressionsOf(r->settings);
  if (!r->settings.baseline.empty()) {
    r->baseline = BaselineAt(r->settings.baseline, error);
    if (!r->baseline) return nullptr;
  }
  r->catalog = CatalogFor(r->settings.schemas, error);
  if (!r->catalog) return nullptr;
  r->options.catalog = r->catalog;
  r->options.strict = r->settings.strict;
  const std::string& t = r->settings.target;
  r->options.target = t == "mdt"         ? Target::kMdt
                      : t == "configmgr" ? Target::kConfigMgr
                                         : Target::kAuto;
  return resolved_.emplace(config, std::move(r)).first->second.get();
}

// The command line wins over the configuration file.
void SettingsResolver::Merge(Settings& s) const {
  if (o_.fail_on_given) s.fail_on = o_.fail_on;
  if (o_.target_given) s.target = o_.target;
  if (o_.strict) s.strict = true;
  for (const auto& id : o_.ignore) s.ignore.insert(RuleKey(id));
  for (const auto& item : o_.severity) {
    auto eq = item.find('=');
    s.severity[RuleKey(item.substr(0, eq))] = eq == std::string::npos ? "" : item.substr(eq + 1);
  }
  for (const auto& schema : o_.schemas) s.schemas.push_back(schema);
  if (!o_.baseline.empty()) s.baseline = o_.baseline;
}

std::optional<Baseline> SettingsResolver::BaselineAt(const std::string& path, std::string& error) {
  std::string bytes;
  std::uint32_t hresult = 0;
  std::string reason;
  if (!ReadInput(path, bytes, hresult, reason)) {
    error =
        "cannot read the baseline " + path + ": " + reason + " (write one with --write-baseline)";
    return std::nullopt;
  }
  std::string why;
  auto baseline = ParseBaseline(bytes, why);
  if (!baseline) error = "the baseline " + path + " is not usable: " + why;
  return baseline;
}

std::shared_ptr<const Catalog> SettingsResolver::CatalogFor(const std::vector<std::string>& schemas,
                                                            std::string& error) {
  std::string key;
  for (const auto& sch : schemas) key += sch + '\n';
  auto it = catalogs_.find(key);
  if (it != catalogs_.end()) return it->second;
  std::shared_ptr<const Catalog> catalog = Catalog::Builtin();
  if (!schemas.empty()) {
    auto extended = std::make_shared<Catalog>(*catalog);
    for (const auto& path : schemas) {
      std::string bytes;
      std::uint32_t hresult = 0;
      std::string reason;
      if (!ReadInput(path, bytes, hresult, reason)) {
        error = "cannot read --schema " + path + ": " + reason;
        return nullptr;
      }
      std::vector<Diagnostic> diags;
      if (!extended->Load(bytes, path, diags)) {
        error = "--schema " + path + ": " +
                (diags.empty() ? std::string("unusable") : diags.front().message);
        return nullptr;
      }
    }
    catalog = extended;
  }
  catalogs_.emplace(key, catalog);
  return catalog;
}

}  // namespace tsimport::cli
