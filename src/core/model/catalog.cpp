#include "tsimport/catalog.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tsimport {
namespace {

// --- JSON ------------------------------------------------------------------------------------
//
// Catalog files are read with nlohmann-json: the built-in catalog once, at build time (the
// generator in tools/catalog_gen writes it out as C++ tables, so start-up parses nothing), and
// --schema files at run time. An object's key given twice means its last value.

/// A read-only view of a parsed value, null-safe: find() on a missing key gives an invalid view.
class JsonRef {
 public:
  JsonRef() = default;
  explicit JsonRef(const nlohmann::json* j) : j_(j) {}
  bool valid() const { return j_ != nullptr; }
  bool is_null() const { return j_->is_null(); }
  bool is_boolean() const { return j_->is_boolean(); }
  bool is_number_integer() const { return j_->is_number_integer(); }
  bool is_string() const { return j_->is_string(); }
  bool is_array() const { return j_->is_array(); }
  bool is_object() const { return j_->is_object(); }
  bool boolean() const { return j_->get<bool>(); }
  std::int64_t integer() const {
    // As before: an unsigned value beyond INT64_MAX wraps.
    return j_->is_number_unsigned() ? static_cast<std::int64_t>(j_->get<std::uint64_t>())
                                    : j_->get<std::int64_t>();
  }
  std::string_view str() const { return j_->get_ref<const std::string&>(); }
  /// Elements of an array.
  std::size_t size() const { return j_->size(); }
  JsonRef operator[](std::size_t i) const { return JsonRef(&(*j_)[i]); }
  /// The member `key` of an object; invalid when there is none (or this is not an object).
  JsonRef find(const char* key) const {
    if (!j_->is_object()) return {};
    auto it = j_->find(key);
    return it == j_->end() ? JsonRef() : JsonRef(&*it);
  }
  bool contains(const char* key) const { return find(key).valid(); }

 private:
  const nlohmann::json* j_ = nullptr;
};

using json = JsonRef;

std::string Trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string StringOr(const json& j, const char* key, std::string fallback = {}) {
  json v = j.find(key);
  if (!v.valid() || !v.is_string()) return fallback;
  return std::string(v.str());
}

/// Splits "A, B(x, y), C" at top-level commas.
std::vector<std::string> SplitQualifiers(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || (text[i] == ',' && depth == 0)) {
      std::string part = Trim(text.substr(start, i - start));
      if (!part.empty()) out.push_back(part);
      start = i + 1;
    } else if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')') {
      depth = std::max(0, depth - 1);
    }
  }
  return out;
}

bool ParseRange(const std::string& arg, std::int64_t& lo, std::int64_t& hi) {
  auto dash = arg.find('-', 1);
  if (dash == std::string::npos) return false;
  try {
    lo = std::stoll(arg.substr(0, dash));
    hi = std::stoll(arg.substr(dash + 1));
  } catch (...) {
    return false;
  }
  return true;
}

void ParseType(const std::string& text, PropertyDef& p) {
  std::string t = Trim(text);
  p.type_text = t;
  if (t.size() > 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
    p.is_array = true;
    t.resize(t.size() - 2);
  }
  if (t == "String") {
    p.type = WmiType::kString;
  } else if (t == "UInt32" || t == "UInt16" || t == "UInt8") {
    p.type = WmiType::kUInt32;
  } else if (t == "SInt32") {
    p.type = WmiType::kSInt32;
  } else if (t == "Boolean") {
    p.type = WmiType::kBoolean;
  } else if (t == "DateTime") {
    p.type = WmiType::kDateTime;
  } else if (t.rfind("SMS_", 0) == 0 || t.rfind("BDD_", 0) == 0) {
    p.type = WmiType::kObject;
    p.object_class = t;
  } else {
    // Undocumented or free text: kept as a string.
    p.type = WmiType::kString;
    p.is_array = false;
  }
}

std::optional<Value> JsonToValue(const json& j, const PropertyDef& p) {
  if (j.is_null()) return std::nullopt;
  if (j.is_boolean()) return Value::Bool(j.boolean());
  if (j.is_number_integer()) {
    Value v = Value::UInt32(j.integer());
    if (p.type == WmiType::kSInt32) v.kind = ValueKind::kSInt32;
    return v;
  }
  if (j.is_string()) {
    std::string s(j.str());
    if (p.type == WmiType::kBoolean) {
      std::string l = detail::AsciiLowercase(s);
      if (l == "true" || l == "false") return Value::Bool(l == "true");
    }
    if (p.type == WmiType::kUInt32 && !s.empty() &&
        std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Value::UInt32(std::stoll(s));
    }
    return Value::String(s);
  }
  return std::nullopt;
}

bool ParseProperty(const json& j, PropertyDef& p, std::string& error) {
  if (!j.is_object() || !j.contains("name") || !j.find("name").is_string()) {
    error = "a property needs a \"name\"";
    return false;
  }
  p.name = std::string(j.find("name").str());
  ParseType(StringOr(j, "type", "String"), p);
  p.variable = StringOr(j, "xml_variable");
  if (json it = j.find("xml_hidden"); it.valid() && it.is_boolean()) p.hidden = it.boolean();
  p.qualifiers = StringOr(j, "qualifiers");
  p.notes = StringOr(j, "notes");
  if (json it = j.find("required"); it.valid() && it.is_boolean() && it.boolean()) {
    p.not_null = true;
  }
  for (const std::string& q : SplitQualifiers(p.qualifiers)) {
    std::string name = q;
    std::string arg;
    if (auto open = q.find('('); open != std::string::npos) {
      name = Trim(q.substr(0, open));
      auto close = q.rfind(')');
      arg = Trim(
          q.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1));
    }
    std::string key = detail::AsciiLowercase(name);
    if (auto colon = key.find(':'); colon != std::string::npos) key.resize(colon);
    std::int64_t lo = 0;
    std::int64_t hi = 0;
    if (key == "not_null") {
      p.not_null = true;
    } else if (key == "allowedlen" && ParseRange(arg, lo, hi)) {
      p.allowed_len =
          std::make_pair(static_cast<std::uint64_t>(lo), static_cast<std::uint64_t>(hi));
    } else if (key == "valuerange" && ParseRange(arg, lo, hi)) {
      p.value_range = std::make_pair(lo, hi);
    } else if (key == "valuemap") {
      for (const std::string& v : SplitQualifiers(arg)) {
        std::string value = v;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
          value = value.substr(1, value.size() - 2);
        }
        p.values.push_back({value, {}, {}});
      }
    } else if (key == "requiredifnull" && !arg.empty()) {
      p.required_if_null.push_back(arg);
    } else if (key == "requiredifnotnull" && !arg.empty()) {
      p.required_if_not_null.push_back(arg);
    } else if (key == "secret") {
      p.secret = true;
    } else if (key == "quasisecret") {
      p.quasi_secret = true;
    } else if (key == "global") {
      p.global = true;
    } else if (key == "commandlinearg") {
      try {
        p.command_line_arg = std::stoi(arg);
      } catch (...) {
        p.command_line_arg = 0;
      }
    }
  }
  if (json it = j.find("enum"); it.valid() && it.is_array()) {
    for (std::size_t k = 0; k < it.size(); ++k) {
      json v = it[k];
      AllowedValue allowed;
      if (v.is_object()) {
        // {"value": "ConfigMgr", "source": "...", "since": "ConfigMgr 2203"}
        if (!v.find("value").valid() || !v.find("value").is_string()) {
          error = p.name + ": an \"enum\" entry given as an object needs a \"value\"";
          return false;
        }
        allowed.value = std::string(v.find("value").str());
        allowed.source = StringOr(v, "source");
        allowed.since = StringOr(v, "since");
      } else if (v.is_string()) {
        allowed.value = std::string(v.str());
      } else {
        continue;
      }
      // "0=Domain" lists the values of a numeric property; "x (note)" carries a note.
      std::string& value = allowed.value;
      if (auto eq = value.find('='); eq != std::string::npos && p.type != WmiType::kString) {
        value.resize(eq);
      } else if (auto note = value.find(" ("); note != std::string::npos) {
        value.resize(note);
      }
      value = Trim(value);
      p.values.push_back(std::move(allowed));
    }
  }
  if (json it = j.find("default"); it.valid()) p.default_value = JsonToValue(it, p);
  p.source = StringOr(j, "source");
  p.since = StringOr(j, "since");
  p.label = StringOr(j, "label");
  p.label_source = StringOr(j, "label_source");
  if (json it = j.find("check_evidence"); it.valid()) {
    if (!it.is_object()) {
      error = p.name + ": \"check_evidence\" must be an object";
      return false;
    }
    struct Key {
      const char* name;
      Evidence CheckEvidence::*field;
    };
    static const Key kKeys[] = {{"type", &CheckEvidence::type},
                                {"Not_Null", &CheckEvidence::not_null},
                                {"AllowedLen", &CheckEvidence::allowed_len},
                                {"ValueRange", &CheckEvidence::value_range},
                                {"values", &CheckEvidence::values},
                                {"RequiredIf", &CheckEvidence::required_if}};
    for (const Key& key : kKeys) {
      json e = it.find(key.name);
      if (!e.valid()) continue;
      std::optional<Evidence> evidence = e.is_string() ? ParseEvidence(e.str()) : std::nullopt;
      if (!evidence) {
        error = p.name + ": check_evidence." + key.name +
                " must be qualifier, type, observed, contract, prose or reading";
        return false;
      }
      p.evidence.*key.field = *evidence;
    }
  }
  return true;
}

ClassKind KindFor(const std::string& section, const json& c) {
  std::string name = StringOr(c, "class");
  if (section == "actions") return ClassKind::kAction;
  if (section == "conditions") {
    if (name == "SMS_TaskSequence_Condition") return ClassKind::kCondition;
    if (json it = c.find("abstract"); it.valid() && it.is_boolean() && it.boolean()) {
      return ClassKind::kAbstract;
    }
    return ClassKind::kOperand;
  }
  std::string kind = StringOr(c, "kind");
  if (kind == "root") return ClassKind::kRoot;
  if (kind == "abstract") return ClassKind::kAbstract;
  if (kind == "concrete") return ClassKind::kGroup;
  return ClassKind::kEmbedded;
}

}  // namespace

const char* WmiTypeName(WmiType t) {
  switch (t) {
    case WmiType::kString:
      return "String";
    case WmiType::kUInt32:
      return "UInt32";
    case WmiType::kSInt32:
      return "SInt32";
    case WmiType::kBoolean:
      return "Boolean";
    case WmiType::kDateTime:
      return "DateTime";
    case WmiType::kObject:
      return "Object";
  }
  return "String";
}

namespace {
/// Length, first, middle and last byte: tells a class's property names apart almost always
/// (equal keys are still compared whole).
std::uint32_t NameKey(std::string_view name) {
  const std::size_t n = name.size();
  if (n == 0) return 0;
  return static_cast<std::uint32_t>(n & 0xff) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(name[0])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(name[n / 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(name[n - 1])) << 24;
}
}  // namespace

void ClassDef::Index() {
  keys_.clear();
  names_.clear();
  requirements_.clear();
  keys_.reserve(properties.size());
  names_.reserve(properties.size());
  auto block = std::make_shared<std::string>();
  for (std::size_t i = 0; i < properties.size(); ++i) {
    const PropertyDef& p = properties[i];
    keys_.push_back(NameKey(p.name));
    *block += p.name;
    if (p.HasRequirement()) requirements_.push_back(static_cast<std::uint32_t>(i));
  }
  std::size_t at = 0;
  for (const auto& p : properties) {
    names_.emplace_back(block->data() + at, p.name.size());
    at += p.name.size();
  }
  names_block_ = std::move(block);
}

const PropertyDef* ClassDef::Find(std::string_view property) const {
  if (keys_.size() != properties.size()) {
    for (const auto& p : properties) {
      if (p.name == property) return &p;
    }
    return nullptr;
  }
  const std::uint32_t key = NameKey(property);
  const std::size_t n = keys_.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  // Four keys compared at a time: a large sequence looks up some ten thousand names.
  const __m128i wanted = _mm_set1_epi32(static_cast<int>(key));
  for (; i + 4 <= n; i += 4) {
    const __m128i four = _mm_loadu_si128(reinterpret_cast<const __m128i*>(keys_.data() + i));
    auto equal =
        static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(four, wanted))));
    for (; equal != 0; equal &= equal - 1) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(equal));
      if (names_[at] == property) return &properties[at];
    }
  }
#endif
  for (; i < n; ++i) {
    if (keys_[i] == key && names_[i] == property) return &properties[i];
  }
  return nullptr;
}

bool Catalog::Load(const std::string& json_text, const std::string& origin,
                   std::vector<Diagnostic>& diagnostics) {
  MakeAll();  // a class loaded again gains properties: every class whole first
  secrets_ = std::make_shared<Secrets>();
  auto fail = [&](const std::string& message) {
    Diagnostic d;
    d.rule = "TS1007";
    d.severity = Severity::kError;
    d.file = origin;
    d.message = message;
    d.hresult = hr::kInvalidParameter;
    diagnostics.push_back(std::move(d));
    return false;
  };
  const nlohmann::json parsed = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return fail("not valid JSON");
  json doc(&parsed);
  if (!doc.is_object())
    return fail("expected a JSON object with \"actions\", \"conditions\" or \"base_classes\"");
  bool any = false;
  for (const char* section : {"base_classes", "conditions", "actions"}) {
    json it = doc.find(section);
    if (!it.valid()) continue;
    if (!it.is_array()) return fail(std::string("\"") + section + "\" must be an array");
    any = true;
    for (std::size_t ci = 0; ci < it.size(); ++ci) {
      json c = it[ci];
      if (!c.is_object() || !c.contains("class") || !c.find("class").is_string()) {
        return fail(std::string("every entry of \"") + section + "\" needs a \"class\" name");
      }
      std::string name(c.find("class").str());
      std::vector<PropertyDef> props;
      if (json pit = c.find("properties"); pit.valid()) {
        if (!pit.is_array()) return fail("\"properties\" of " + name + " must be an array");
        props.reserve(pit.size());
        for (std::size_t pi = 0; pi < pit.size(); ++pi) {
          PropertyDef p;
          std::string error;
          if (!ParseProperty(pit[pi], p, error)) return fail(name + ": " + error);
          // A property listed twice is defined by its last entry, in the place of its first
          // (as when a file extends a known class), so that a class holds each name once.
          auto same = std::find_if(props.begin(), props.end(),
                                   [&](const PropertyDef& q) { return q.name == p.name; });
          if (same != props.end()) {
            *same = std::move(p);
          } else {
            props.push_back(std::move(p));
          }
        }
      }
      auto existing = index_.find(name);
      if (existing != index_.end()) {
        // Extension: add or replace properties of a known class.
        ClassDef& cls = classes_[existing->second];
        for (auto& p : props) {
          auto same = std::find_if(cls.properties.begin(), cls.properties.end(),
                                   [&](const PropertyDef& q) { return q.name == p.name; });
          if (same != cls.properties.end()) {
            *same = std::move(p);
          } else {
            cls.properties.push_back(std::move(p));
          }
        }
        if (c.contains("ui_name")) cls.ui_name = StringOr(c, "ui_name");
        continue;
      }
      ClassDef cls;
      cls.name = name;
      cls.kind = KindFor(section, c);
      cls.parent = StringOr(c, "parent");
      if (auto space = cls.parent.find(' '); space != std::string::npos) cls.parent.resize(space);
      if (cls.kind == ClassKind::kAction && cls.parent.empty())
        cls.parent = "SMS_TaskSequence_Action";
      cls.ui_name = StringOr(c, "ui_name");
      cls.description = StringOr(c, "description_short");
      cls.xml_element = StringOr(c, "xml_element", cls.kind == ClassKind::kAction ? "step" : "");
      cls.default_run_in = StringOr(c, "default_run_in");
      cls.variable_prefix = StringOr(c, "variable_prefix");
      cls.success_code_list_default = StringOr(c, "success_code_list_default");
      cls.source = StringOr(c, "source");
      cls.since = StringOr(c, "since");
      cls.origin = origin;
      cls.section = section;
      cls.properties = std::move(props);
      index_[cls.name] = classes_.size();
      classes_.push_back(std::move(cls));
    }
  }
  if (!any)
    return fail("expected a JSON object with \"actions\", \"conditions\" or \"base_classes\"");
  Resolve();
  return true;
}

void Catalog::Resolve() {
  // Inherited properties first, own after; a property redefined by a subclass keeps the
  // subclass's definition. Done on a copy of the unresolved lists so that repeated loads do
  // not duplicate.
  for (auto& cls : classes_) {
    std::vector<const ClassDef*> chain;
    std::string parent = cls.parent;
    for (int guard = 0; !parent.empty() && guard < 16; ++guard) {
      auto it = index_.find(parent);
      if (it == index_.end()) break;
      chain.push_back(&classes_[it->second]);
      parent = classes_[it->second].parent;
    }
    std::vector<PropertyDef> merged;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      for (const auto& p : (*it)->properties) {
        if (cls.Find(p.name) != nullptr) continue;
        if (std::any_of(merged.begin(), merged.end(),
                        [&](const PropertyDef& q) { return q.name == p.name; })) {
          continue;
        }
        merged.push_back(p);
      }
    }
    if (merged.empty()) continue;
    for (auto& p : cls.properties) merged.push_back(std::move(p));
    cls.properties = std::move(merged);
  }
  // Actions carry SupportedEnvironment's class default.
  for (auto& cls : classes_) {
    if (cls.kind != ClassKind::kAction || cls.default_run_in.empty()) continue;
    for (auto& p : cls.properties) {
      if (p.name == "SupportedEnvironment") p.default_value = Value::String(cls.default_run_in);
    }
  }
  for (auto& cls : classes_) cls.Index();
}

Catalog::Catalog(const Catalog& other) { *this = other; }

Catalog& Catalog::operator=(const Catalog& other) {
  if (this == &other) return *this;
  other.MakeAll();
  classes_ = other.classes_;
  index_ = other.index_;
  lazy_.reset();
  secrets_ = std::make_shared<Secrets>();
  return *this;
}

const std::vector<const PropertyDef*>& Catalog::SecretProperties() const {
  std::call_once(secrets_->once, [&] {
    for (std::size_t i = 0; i < classes_.size(); ++i) {
      if (lazy_ && !lazy_->has_secret(i)) continue;
      Make(i);
      for (const auto& p : classes_[i].properties) {
        if (p.secret || p.quasi_secret) secrets_->properties.push_back(&p);
      }
    }
  });
  return secrets_->properties;
}

void Catalog::Make(std::size_t index) const {
  if (lazy_) std::call_once(lazy_->once[index], [&] { lazy_->make(classes_[index], index); });
}

void Catalog::MakeAll() const {
  if (!lazy_) return;
  for (std::size_t i = 0; i < classes_.size(); ++i) Make(i);
}

const ClassDef* Catalog::Find(std::string_view name) const {
  // Looked up with a std::string made once per thread (C++17's unordered_map takes no
  // string_view): a large sequence looks up tens of thousands of class names.
#ifdef _WIN32
  // mingw-w64 (GCC 12, static): a thread_local with a destructor is destroyed wrongly when its
  // thread ends (a free of a bad pointer; seen under Wine): a string per lookup there.
  const std::string key(name);
#else
  thread_local std::string key;
  key.assign(name.data(), name.size());
#endif
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  Make(it->second);
  return &classes_[it->second];
}

std::vector<std::string> Catalog::Suggest(std::string_view name, ClassKind kind) const {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& cls : classes_) {
    if (cls.kind != kind) continue;
    std::size_t limit = std::max<std::size_t>(3, name.size() / 10);
    // The distance is at least the difference in length: a huge name costs nothing.
    std::size_t gap = name.size() > cls.name.size() ? name.size() - cls.name.size()
                                                    : cls.name.size() - name.size();
    if (gap > limit) continue;
    std::size_t d = detail::EditDistanceIgnoringCase(name, cls.name);
    if (d <= limit) scored.emplace_back(d, cls.name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& s : scored) out.push_back(s.second);
  return out;
}

}  // namespace tsimport
