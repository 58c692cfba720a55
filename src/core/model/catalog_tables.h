// The built-in catalog as C++ tables: written at build time by tools/catalog_gen.cpp from
// data/*.json (read with nlohmann-json, resolved by Catalog::Load), turned into ClassDefs by
// catalog_builtin.cpp. Plain data, constant-initialised: start-up parses nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tsimport::detail::catalog_tables {

struct AllowedRow {
  std::string_view value;
  std::string_view source;
  std::string_view since;
};

/// A PropertyDef; lists are ranges of the tables' `allowed` and `names`.
struct PropRow {
  std::string_view name;
  std::uint8_t type;  ///< WmiType
  bool is_array;
  std::string_view object_class;
  std::string_view type_text;
  std::string_view variable;
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
  std::string_view default_text;
  std::string_view qualifiers;
  std::string_view notes;
  std::uint8_t evidence[6];  ///< CheckEvidence's fields in order (Evidence)
  std::string_view source;
  std::string_view since;
  std::string_view label;
  std::string_view label_source;
};

/// A ClassDef, resolved (inherited properties included); its properties are a range of
/// `class_props`, indexes into `props` (a property inherited by many classes is one row).
struct ClassRow {
  std::string_view name;
  std::string_view parent;
  std::uint8_t kind;  ///< ClassKind
  std::string_view ui_name;
  std::string_view description;
  std::string_view xml_element;
  std::string_view default_run_in;
  std::string_view variable_prefix;
  std::string_view success_code_list_default;
  std::string_view section;
  std::string_view origin;
  std::string_view source;
  std::string_view since;
  std::uint32_t props_first;
  std::uint32_t props_count;
};

struct Tables {
  const ClassRow* classes;
  std::size_t class_count;
  const PropRow* props;
  const std::uint32_t* class_props;
  const AllowedRow* allowed;
  const std::string_view* names;
};

/// Defined by the generated file (build/generated/catalog_data.cpp).
extern const Tables kBuiltin;

}  // namespace tsimport::detail::catalog_tables
