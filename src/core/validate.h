// The validator: checks a built model against the catalog's class definitions (TS2xxx).
#pragma once

#include <string>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/diagnostic.h"
#include "tsimport/model.h"

namespace tsimport::detail {

void Validate(const TaskSequence& ts, const std::string& file, const Catalog& catalog,
              std::vector<Diagnostic>& diagnostics);

}  // namespace tsimport::detail
