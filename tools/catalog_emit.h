// Writes a resolved Catalog as the C++ tables of src/core/model/catalog_tables.h.
#pragma once

#include <string>

#include "tsimport/catalog.h"

namespace tsimport::tools {

/// The text of a C++ file defining catalog_tables::kBuiltin for `catalog`. False, with `error`,
/// when the catalog holds what the tables cannot (a default value that is not a scalar).
bool EmitCatalogTables(const Catalog& catalog, std::string& out, std::string& error);

}  // namespace tsimport::tools
