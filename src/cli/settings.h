// Settings resolution: for each input, its configuration file (.tsimport.toml from its folder
// upward, or --config) with the command line over it, and what they make: suppressions, the
// baseline, the catalog (with --schema files) and the import options.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "files.h"
#include "options.h"
#include "tsimport/catalog.h"
#include "tsimport/import.h"
#include "tsimport/write.h"

namespace tsimport::cli {

/// What applies to one input: its settings (configuration file and command line), the catalog
/// they make, and the import options.
struct Resolved {
  Settings settings;
  Suppressions suppressions;
  std::optional<Baseline> baseline;
  std::shared_ptr<const Catalog> catalog;
  ImportOptions options;
};

/// Finds and loads the configuration of each input (cached per folder), merges the command
/// line over it, and builds the catalogs their schemas make (cached per schema list).
class SettingsResolver {
 public:
  explicit SettingsResolver(const Options& o) : o_(o) {}

  /// Returns null and sets `error` when a configuration or schema file is unusable.
  const Resolved* For(const Input& in, std::string& error);

  /// The catalog of the command line's schemas alone (for --list-classes).
  std::shared_ptr<const Catalog> CommandLineCatalog(std::string& error) {
    return CatalogFor(o_.schemas, error);
  }

 private:
  void Merge(Settings& s) const;
  std::optional<Baseline> BaselineAt(const std::string& path, std::string& error);
  std::shared_ptr<const Catalog> CatalogFor(const std::vector<std::string>& schemas,
                                            std::string& error);

  const Options& o_;
  std::map<std::string, std::string> folder_config_;
  std::map<std::string, std::unique_ptr<Resolved>> resolved_;
  std::map<std::string, std::shared_ptr<const Catalog>> catalogs_;
};

}  // namespace tsimport::cli
