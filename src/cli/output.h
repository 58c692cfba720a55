// What the command line writes for each task sequence (-f), where it goes under -O, and the
// totals line that ends a run.
#pragma once

#include <cstddef>
#include <string>

#include "files.h"
#include "tsimport/catalog.h"
#include "tsimport/import.h"

namespace tsimport::cli {

/// The file extension of an output format under -O.
std::string Extension(const std::string& format);

/// Formats that are documents for a reader (a blank line between two on one stream).
bool IsDocument(const std::string& format);

/// Formats whose output is one document (xml, mof, html): several task sequences cannot share a
/// stream.
bool OneDocumentOnly(const std::string& format);

/// Formats for which -O also writes an index page (index.md, index.html).
bool HasIndex(const std::string& format);

/// The output of one import in `format` (empty for none, and for a format that needs a model
/// when there is none). `pretty_json`: one indented document rather than one line.
std::string Render(const ImportResult& r, const Catalog& catalog, const std::string& format,
                   bool pretty_json, bool color);

/// Where -O writes one task sequence: the input's path relative to where it was found, under
/// `out_dir`, with the format's extension; `several` (a zip holding several task sequences)
/// adds the package ID.
std::string OutputPath(const std::string& out_dir, const std::string& format, const Input& in,
                       const ImportResult& r, bool several);

/// The counts of a run, for the totals line.
struct Totals {
  std::size_t imported = 0, invalid = 0, not_imported = 0, unreadable = 0, errors = 0, warnings = 0;
  /// Counts one result under its verdict.
  void Add(const ImportResult& r);
  /// Adds the counts of another part of the run.
  Totals& operator+=(const Totals& o);
  /// "3 task sequences: 2 imported, 1 invalid, 0 not imported; 1 input unreadable; 2 errors,
  /// 0 warnings; 0.12s\n": an input that cannot be read is no task sequence.
  std::string Line(double seconds) const;
};

}  // namespace tsimport::cli
