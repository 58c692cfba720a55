// Catalog::Builtin(): the catalog compiled from data/*.json at build time (catalog_tables.h).
#include <string>

#include "model/catalog_tables.h"
#include "tsimport/catalog.h"

namespace tsimport {

namespace {

using namespace detail::catalog_tables;

/// A string of the tables, copied.
std::string S(const Tables& t, Text s) { return std::string(t.S(s)); }

PropertyDef MakeProperty(const Tables& t, const PropRow& r) {
  PropertyDef p;
  p.name = S(t, r.name);
  p.type = static_cast<WmiType>(r.type);
  p.is_array = r.is_array;
  p.object_class = S(t, r.object_class);
  p.type_text = S(t, r.type_text);
  p.variable = S(t, r.variable);
  p.hidden = r.hidden;
  p.not_null = r.not_null;
  if (r.has_allowed_len) p.allowed_len = std::make_pair(r.allowed_len_lo, r.allowed_len_hi);
  if (r.has_value_range) p.value_range = std::make_pair(r.value_range_lo, r.value_range_hi);
  p.values.reserve(r.values_count);
  for (std::uint32_t k = 0; k < r.values_count; ++k) {
    const AllowedRow& a = t.allowed[r.values_first + k];
    p.values.push_back({S(t, a.value), S(t, a.source), S(t, a.since)});
  }
  for (std::uint32_t k = 0; k < r.if_null_count; ++k) {
    p.required_if_null.push_back(S(t, t.names[r.if_null_first + k]));
  }
  for (std::uint32_t k = 0; k < r.if_not_null_count; ++k) {
    p.required_if_not_null.push_back(S(t, t.names[r.if_not_null_first + k]));
  }
  p.secret = r.secret;
  p.quasi_secret = r.quasi_secret;
  p.global = r.global;
  p.command_line_arg = r.command_line_arg;
  if (r.has_default) {
    Value v;
    v.kind = static_cast<ValueKind>(r.default_kind);
    v.boolean = r.default_boolean;
    v.number = r.default_number;
    v.text = Str(t.S(r.default_text));
    p.default_value = std::move(v);
  }
  p.qualifiers = S(t, r.qualifiers);
  p.notes = S(t, r.notes);
  Evidence CheckEvidence::*const fields[6] = {
      &CheckEvidence::type,        &CheckEvidence::not_null, &CheckEvidence::allowed_len,
      &CheckEvidence::value_range, &CheckEvidence::values,   &CheckEvidence::required_if};
  for (int k = 0; k < 6; ++k) p.evidence.*fields[k] = static_cast<Evidence>(r.evidence[k]);
  p.source = S(t, r.source);
  p.since = S(t, r.since);
  p.label = S(t, r.label);
  p.label_source = S(t, r.label_source);
  return p;
}

/// The rest of class `i` (its name and kind are made up front, for the index and Suggest).
void MakeClass(ClassDef& c, std::size_t i) {
  const Tables& t = kBuiltin;
  const ClassRow& r = t.classes[i];
  c.parent = S(t, r.parent);
  c.ui_name = S(t, r.ui_name);
  c.description = S(t, r.description);
  c.xml_element = S(t, r.xml_element);
  c.default_run_in = S(t, r.default_run_in);
  c.variable_prefix = S(t, r.variable_prefix);
  c.success_code_list_default = S(t, r.success_code_list_default);
  c.section = S(t, r.section);
  c.origin = S(t, r.origin);
  c.source = S(t, r.source);
  c.since = S(t, r.since);
  c.properties.reserve(r.props_count);
  for (std::uint32_t k = 0; k < r.props_count; ++k) {
    c.properties.push_back(MakeProperty(t, t.props[t.class_props[r.props_first + k]]));
  }
  c.Index();
}

bool HasSecret(std::size_t i) {
  const Tables& t = kBuiltin;
  const ClassRow& r = t.classes[i];
  for (std::uint32_t k = 0; k < r.props_count; ++k) {
    const PropRow& p = t.props[t.class_props[r.props_first + k]];
    if (p.secret || p.quasi_secret) return true;
  }
  return false;
}

}  // namespace

std::shared_ptr<const Catalog> Catalog::Builtin() {
  // Never destroyed: freeing some 900 properties at exit would cost a run more than it saves.
  static const auto* const builtin = new std::shared_ptr<const Catalog>([] {
    auto catalog = std::make_shared<Catalog>();
    const Tables& t = kBuiltin;
    catalog->classes_.reserve(t.class_count);
    for (std::size_t i = 0; i < t.class_count; ++i) {
      const ClassRow& r = t.classes[i];
      ClassDef& c = catalog->classes_.emplace_back();
      c.name = S(t, r.name);
      c.kind = static_cast<ClassKind>(r.kind);
      catalog->index_[c.name] = i;
    }
    catalog->lazy_ = std::make_shared<Lazy>();
    catalog->lazy_->make = &MakeClass;
    catalog->lazy_->has_secret = &HasSecret;
    catalog->lazy_->once = std::make_unique<std::once_flag[]>(t.class_count);
    return std::shared_ptr<const Catalog>(catalog);
  }());
  return *builtin;
}

}  // namespace tsimport
