// The built-in catalog as C++ tables: written at build time by tools/catalog_gen.cpp from
// data/*.json (read with nlohmann-json, resolved by Catalog::Load), turned into ClassDefs by
// catalog_builtin.cpp. Plain data, constant-initialised: start-up parses nothing. A string is
// an offset and a length into one pool (`Tables::pool`), not a std::string_view: in a PIE every
// pointer in a row is a relocation at load time, and the rows were in .data.rel.ro, written at
// start; as offsets they are in .rodata (relative relocations of the binary 10,806 to 4,742,
// page faults of a run on samples/secrets.xml about 375 to 337).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tsimport::detail::catalog_tables {

/// A string of the pool: `size` bytes from `offset`, any bytes (NUL too; not terminated).
struct Text {
  std::uint32_t offset;
  std::uint32_t size;
};

struct AllowedRow {
  Text value;
  Text source;
  Text since;
};

/// A PropertyDef; lists are ranges of the tables' `allowed` and `names`.
struct PropRow {
  Text name;
  std::uint8_t type;  ///< WmiType
  bool is_array;
  Text object_class;
  Text type_text;
  Text variable;
  bool hidden;
  bool not_null;
  bool has_allowed_len;
  std::uint64_t allowed_len_lo;
  std::uint64_t allowed_len_hi;
  bool has_value_range;
  std::int64_t value_range_lo;
  std::int64_t value_range_hi;
  std::uint32_t values_first;
  std::uint32_t values_count;
  std::uint32_t if_null_first;
  std::uint32_t if_null_count;
  std::uint32_t if_not_null_first;
  std::uint32_t if_not_null_count;
  bool secret;
  bool quasi_secret;
  bool global;
  int command_line_arg;
  bool has_default;
  std::uint8_t default_kind;  ///< ValueKind: kString, kUInt32, kSInt32 or kBoolean
  bool default_boolean;
  std::int64_t default_number;
  Text default_text;
  Text qualifiers;
  Text notes;
  std::uint8_t evidence[6];  ///< CheckEvidence's fields in order (Evidence)
  Text source;
  Text since;
  Text label;
  Text label_source;
};

/// A ClassDef, resolved (inherited properties included); its properties are a range of
/// `class_props`, indexes into `props` (a property inherited by many classes is one row).
struct ClassRow {
  Text name;
  Text parent;
  std::uint8_t kind;  ///< ClassKind
  Text ui_name;
  Text description;
  Text xml_element;
  Text default_run_in;
  Text variable_prefix;
  Text success_code_list_default;
  Text section;
  Text origin;
  Text source;
  Text since;
  std::uint32_t props_first;
  std::uint32_t props_count;
};

struct Tables {
  const char* pool;  ///< every Text of the rows is in it
  const ClassRow* classes;
  std::size_t class_count;
  const PropRow* props;
  const std::uint32_t* class_props;
  const AllowedRow* allowed;
  const Text* names;

  std::string_view S(Text t) const { return {pool + t.offset, t.size}; }
};

/// Defined by the generated file (build/generated/catalog_data.cpp).
extern const Tables kBuiltin;

}  // namespace tsimport::detail::catalog_tables
