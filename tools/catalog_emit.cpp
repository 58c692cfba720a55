#include "catalog_emit.h"

#include <cstdio>
#include <map>
#include <vector>

namespace tsimport::tools {

namespace {

/// Byte `c` as it is written inside a C++ string literal.
void Escape(unsigned char c, std::string& out) {
  if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
    out += static_cast<char>(c);
  } else {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\%03o", c);  // octal: never runs into the next byte
    out += buf;
  }
}

/// The tables' strings, each once, end to end: a string is a Text, its offset and size.
class Pool {
 public:
  /// `s` as a Text's initialiser, `{offset,size}`, added if it is new.
  std::string Text(std::string_view s) {
    if (s.empty()) return "{0,0}";
    auto found = offsets_.find(s);
    if (found == offsets_.end()) {
      if (bytes_.size() + s.size() > UINT32_MAX) overflow_ = true;
      found = offsets_.emplace(std::string(s), static_cast<std::uint32_t>(bytes_.size())).first;
      bytes_ += s;
    }
    return "{" + std::to_string(found->second) + "," + std::to_string(s.size()) + "}";
  }
  const std::string& bytes() const { return bytes_; }
  /// Whether an offset or a size did not fit a Text's 32 bits.
  bool overflow() const { return overflow_; }

 private:
  std::string bytes_;
  std::map<std::string, std::uint32_t, std::less<>> offsets_;
  bool overflow_ = false;
};

std::string B(bool b) { return b ? "true" : "false"; }
std::string N(std::uint64_t n) { return std::to_string(n) + "u"; }
std::string I(std::int64_t n) {
  // INT64_MIN has no literal.
  if (n == INT64_MIN) return "INT64_MIN";
  return std::to_string(n);
}

}  // namespace

bool EmitCatalogTables(const Catalog& catalog, std::string& out, std::string& error) {
  Pool pool;  // kPool
  const auto T = [&pool](std::string_view s) { return pool.Text(s); };
  std::vector<std::string> allowed;                 // rows of kAllowed
  std::vector<std::string> names;                   // rows of kNames
  std::vector<std::string> props;                   // rows of kProps
  std::map<std::string, std::uint32_t> prop_index;  // row text -> index, to share rows
  std::vector<std::uint32_t> class_props;
  std::vector<std::string> classes;

  for (const ClassDef& c : catalog.classes()) {
    const std::size_t first = class_props.size();
    for (const PropertyDef& p : c.properties) {
      // The lists are part of the row's text, so that equal properties share one row.
      std::string values;
      for (const AllowedValue& a : p.values) {
        values += "{" + T(a.value) + ", " + T(a.source) + ", " + T(a.since) + "}";
      }
      std::string if_null;
      for (const std::string& n : p.required_if_null) if_null += T(n) + ",";
      std::string if_not_null;
      for (const std::string& n : p.required_if_not_null) if_not_null += T(n) + ",";
      std::string key = T(p.name) + "|" + values + "|" + if_null + "|" + if_not_null;
      // Every field but the list positions: compared before positions are given.
      std::string fields;
      fields += std::to_string(static_cast<int>(p.type)) + "," + B(p.is_array) + "," +
                T(p.object_class) + "," + T(p.type_text) + "," + T(p.variable) + "," + B(p.hidden) +
                "," + B(p.not_null) + ",";
      fields += B(p.allowed_len.has_value()) + "," + N(p.allowed_len ? p.allowed_len->first : 0) +
                "," + N(p.allowed_len ? p.allowed_len->second : 0) + ",";
      fields += B(p.value_range.has_value()) + "," + I(p.value_range ? p.value_range->first : 0) +
                "," + I(p.value_range ? p.value_range->second : 0) + ",";
      std::string tail;
      tail += B(p.secret) + "," + B(p.quasi_secret) + "," + B(p.global) + "," +
              std::to_string(p.command_line_arg) + ",";
      if (p.default_value) {
        const Value& v = *p.default_value;
        if ((v.kind != ValueKind::kString && v.kind != ValueKind::kUInt32 &&
             v.kind != ValueKind::kSInt32 && v.kind != ValueKind::kBoolean) ||
            !v.objects.empty() || !v.strings.empty() || !v.numbers.empty()) {
          error = c.name + "." + p.name + ": a default value that is not a scalar";
          return false;
        }
        tail += "true," + std::to_string(static_cast<int>(v.kind)) + "," + B(v.boolean) + "," +
                I(v.number) + "," + T(v.text.view()) + ",";
      } else {
        tail += "false,0,false,0," + T("") + ",";
      }
      tail += T(p.qualifiers) + "," + T(p.notes) + ",{";
      const CheckEvidence& e = p.evidence;
      for (Evidence ev :
           {e.type, e.not_null, e.allowed_len, e.value_range, e.values, e.required_if}) {
        tail += std::to_string(static_cast<int>(ev)) + ",";
      }
      tail += "}," + T(p.source) + "," + T(p.since) + "," + T(p.label) + "," + T(p.label_source);
      key += "|" + fields + "|" + tail;
      auto found = prop_index.find(key);
      if (found == prop_index.end()) {
        std::string row = "{" + T(p.name) + "," + fields;
        row += std::to_string(allowed.size()) + "," + std::to_string(p.values.size()) + ",";
        for (const AllowedValue& a : p.values) {
          allowed.push_back("{" + T(a.value) + ", " + T(a.source) + ", " + T(a.since) + "}");
        }
        row += std::to_string(names.size()) + "," + std::to_string(p.required_if_null.size()) + ",";
        for (const std::string& n : p.required_if_null) names.push_back(T(n));
        row += std::to_string(names.size()) + "," + std::to_string(p.required_if_not_null.size()) +
               ",";
        for (const std::string& n : p.required_if_not_null) names.push_back(T(n));
        row += tail + "}";
        found = prop_index.emplace(key, static_cast<std::uint32_t>(props.size())).first;
        props.push_back(std::move(row));
      }
      class_props.push_back(found->second);
    }
    classes.push_back(
        "{" + T(c.name) + "," + T(c.parent) + "," + std::to_string(static_cast<int>(c.kind)) + "," +
        T(c.ui_name) + "," + T(c.description) + "," + T(c.xml_element) + "," + T(c.default_run_in) +
        "," + T(c.variable_prefix) + "," + T(c.success_code_list_default) + "," + T(c.section) +
        "," + T(c.origin) + "," + T(c.source) + "," + T(c.since) + "," + std::to_string(first) +
        "," + std::to_string(class_props.size() - first) + "}");
  }

  if (pool.overflow()) {
    error = "the catalog's strings are over 4 GB (a Text's offset and size are 32 bits)";
    return false;
  }

  // Empty arrays are not allowed: each table has a sentinel row at its end. The pool is one
  // literal of many pieces, each under 100 characters; lengths are the Texts', not NULs.
  out = "// Generated by tools/catalog_gen from data/*.json. Do not edit.\n";
  out += "#include <cstdint>\n#include <iterator>\n\n#include \"model/catalog_tables.h\"\n\n";
  out += "namespace tsimport::detail::catalog_tables {\nnamespace {\n\n";
  out += "const char kPool[] =\n\"";
  std::size_t line = out.size();
  for (unsigned char c : pool.bytes()) {
    if (out.size() - line >= 90) {
      out += "\"\n\"";
      line = out.size();
    }
    Escape(c, out);
  }
  out += "\";\n\nconst AllowedRow kAllowed[] = {\n";
  for (const auto& r : allowed) out += r + ",\n";
  out += "{}};\n\nconst Text kNames[] = {\n";
  for (const auto& r : names) out += r + ",\n";
  out += "{}};\n\nconst PropRow kProps[] = {\n";
  for (const auto& r : props) out += r + ",\n";
  out += "{}};\n\nconst std::uint32_t kClassProps[] = {\n";
  for (std::size_t i = 0; i < class_props.size(); ++i) {
    out += std::to_string(class_props[i]) + (i % 16 == 15 ? ",\n" : ",");
  }
  out += "0};\n\nconst ClassRow kClasses[] = {\n";
  for (const auto& r : classes) out += r + ",\n";
  out += "{}};\n\n}  // namespace\n\n";
  out +=
      "const Tables kBuiltin = {kPool, kClasses, std::size(kClasses) - 1, kProps, "
      "kClassProps, kAllowed, kNames};\n\n";
  out += "}  // namespace tsimport::detail::catalog_tables\n";
  return true;
}

}  // namespace tsimport::tools
