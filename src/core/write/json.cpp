// The import record (-f json) and the catalog as JSON.
//
// The record is streamed through RapidJSON's Writer (compact, indent < 0) or PrettyWriter
// straight from the model: building an nlohmann::ordered_json tree first (one heap node per key
// and value, an ordered map per object) and dumping it cost several times tinyxml2's parse of
// the same input (docs/design.md). The output is byte for byte what nlohmann's
// dump(indent, ' ', false, replace) gives for that tree, as it was when the record was an
// nlohmann tree: the same separators and indentation, and for a key set twice, the first place
// with the last value. RapidJSON writes two kinds of string differently from nlohmann (a control
// character other than \b \f \n \r \t: \u001F where nlohmann writes \u001f; bytes that are not
// UTF-8: copied, where nlohmann writes U+FFFD); such strings (a path or a zip member name can
// carry them) are escaped by nlohmann itself and written raw. The few objects where the streamed
// record could differ (a property named like one of the "__" keys) are built as nlohmann trees
// and written through the same writer.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
// RapidJSON's string scan, sixteen bytes at a time (its Writer<StringBuffer>).
#define RAPIDJSON_SSE2
#endif
// Lengths as size_t (RapidJSON's default is unsigned, 32 bits).
#define RAPIDJSON_NO_SIZETYPEDEFINE
namespace rapidjson {
typedef ::std::size_t SizeType;
}
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "model/text.h"
#include "write/json_value.h"
#include "tsimport/write.h"

namespace tsimport {
namespace {

using Json = nlohmann::ordered_json;

// --- the writer -------------------------------------------------------------------------------

/// Whether RapidJSON writes `s` as nlohmann's dump(..., replace) does: unless `s` holds a control
/// character other than \b \f \n \r \t (RapidJSON's \u001F, nlohmann's \u001f; the few whose
/// escapes agree, like \u0001, are rare enough to go with them) or bytes that are not UTF-8.
bool WrittenAlike(std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  // Bytes below 0x20 and from 0x80 (negative as signed bytes: below 0x20 too) are looked at.
  auto wanted = [](char c) { return static_cast<signed char>(c) < 0x20; };
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  auto mask = [&](__m128i v) {
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, space)));
  };
#else
  std::nullptr_t mask = nullptr;
#endif
  while ((p = detail::FindFirst(p, end, end, mask, wanted)) != end) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      const std::size_t n = detail::ValidUtf8Length(s, static_cast<std::size_t>(p - s.data()));
      if (n == 0) return false;
      p += n;
    } else if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
      ++p;
    } else {
      return false;
    }
  }
  return true;
}

/// RapidJSON's Writer or PrettyWriter (indent < 0: compact, as nlohmann's dump(-1)) writing into
/// a staging buffer that is moved to the output string every 64 KB or so: the buffer stays in
/// the cache, and the output is one string, grown ahead (no second copy of a record that can be
/// hundreds of megabytes). (RapidJSON's vectorised string scan is for StringBuffer alone.)
class Writer {
 public:
  /// `expected`: about how many bytes the text will be. The output string gets room for that
  /// and one more byte (the line break the command line adds); the staging buffer, allocated at
  /// its first write, room for that much up to twice the drain size: a diagnostic's record
  /// (FormatDiagnosticJson, once per diagnostic) must not take 128 KB.
  Writer(int indent, std::size_t expected)
      : staging_(nullptr, std::max<std::size_t>(std::min(expected, kDrainAt * 2), 256)) {
    out_.reserve(expected + 1);
    if (indent < 0) {
      compact_.emplace(staging_);
    } else {
      pretty_.emplace(staging_);
      pretty_->SetIndent(' ', static_cast<unsigned>(indent));
    }
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// The text written.
  std::string Take() {
    Drain();
    return std::move(out_);
  }

  void BeginObject() {
    Do([](auto& w) { w.StartObject(); });
  }
  void EndObject() {
    Do([](auto& w) { w.EndObject(); });
    if (staging_.GetSize() >= kDrainAt) Drain();
  }
  void BeginArray() {
    Do([](auto& w) { w.StartArray(); });
  }
  void EndArray() {
    Do([](auto& w) { w.EndArray(); });
    if (staging_.GetSize() >= kDrainAt) Drain();
  }
  void Key(std::string_view key) { Text(key); }  // RapidJSON tells keys from values itself
  void String(std::string_view s) { Text(s); }
  void Int(std::int64_t v) {
    Do([v](auto& w) { w.Int64(v); });
  }
  void UInt(std::uint64_t v) {
    Do([v](auto& w) { w.Uint64(v); });
  }
  void Bool(bool b) {
    Do([b](auto& w) { w.Bool(b); });
  }
  void Null() {
    Do([](auto& w) { w.Null(); });
  }

  /// An nlohmann tree (the record's rare objects built as trees), written as its dump would be.
  void Tree(const Json& j) {
    switch (j.type()) {
      case Json::value_t::object:
        BeginObject();
        for (const auto& [key, value] : j.items()) {
          Key(key);
          Tree(value);
        }
        EndObject();
        return;
      case Json::value_t::array:
        BeginArray();
        for (const auto& value : j) Tree(value);
        EndArray();
        return;
      case Json::value_t::string:
        String(j.get_ref<const std::string&>());
        return;
      case Json::value_t::boolean:
        Bool(j.get<bool>());
        return;
      case Json::value_t::number_integer:
        Int(j.get<std::int64_t>());
        return;
      case Json::value_t::number_unsigned:
        UInt(j.get<std::uint64_t>());
        return;
      case Json::value_t::null:
        Null();
        return;
      default: {  // a float or binary (the model has none): one line, as nlohmann writes it
        const std::string dumped = j.dump(-1, ' ', false, Json::error_handler_t::replace);
        Do([&](auto& w) { w.RawValue(dumped.data(), dumped.size(), rapidjson::kNumberType); });
      }
    }
  }

 private:
  static constexpr std::size_t kDrainAt = std::size_t{64} << 10;

  template <typename F>
  void Do(F f) {
    if (pretty_) {
      f(*pretty_);
    } else {
      f(*compact_);
    }
  }
  /// A key or a string value.
  void Text(std::string_view s) {
    if (WrittenAlike(s)) {
      Do([s](auto& w) { w.String(s.data(), s.size()); });
      return;
    }
    const std::string dumped =
        Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    Do([&](auto& w) { w.RawValue(dumped.data(), dumped.size(), rapidjson::kStringType); });
  }
  void Drain() {
    out_.append(staging_.GetString(), staging_.GetSize());
    staging_.Clear();
  }

  rapidjson::StringBuffer staging_;
  std::optional<rapidjson::Writer<rapidjson::StringBuffer>> compact_;
  std::optional<rapidjson::PrettyWriter<rapidjson::StringBuffer>> pretty_;
  std::string out_;
};

// --- the nlohmann tree (the catalog, and the fallback for unusual objects) ----------------------

Json ValueToTree(const Value& v, const Catalog& catalog);

Json InstanceToTree(const Instance& inst, const Catalog& catalog) {
  Json j;
  j["__CLASS"] = inst.class_name;
  const bool is_step = inst.role == InstanceRole::kGroup || inst.role == InstanceRole::kAction;
  if (is_step) {
    j["__Line"] = inst.loc.line;
    j["__Step"] = inst.step_number;
    j["__Path"] = inst.step_path;
  }
  const ClassDef* cls = catalog.Find(inst.class_name);
  if (cls != nullptr) {
    for (const auto& def : cls->properties) {
      const Property* p = inst.Find(def.name);
      if (p != nullptr) {
        j[def.name] = p->convert_failed ? Json(p->raw()) : ValueToTree(p->value, catalog);
      } else if (def.default_value) {
        j[def.name] = ValueToTree(*def.default_value, catalog);
      } else {
        j[def.name] = nullptr;
      }
    }
  }
  for (const auto& p : inst.properties) {
    if (j.contains(p.name)) continue;
    j[p.name] = p.convert_failed ? Json(p.raw()) : ValueToTree(p.value, catalog);
  }
  if (inst.role == InstanceRole::kAction && !inst.has_type_attribute) j["__Type"] = nullptr;
  if (inst.action) j["__Action"] = *inst.action;
  Json unknown = Json::object();
  for (const auto& v : inst.variables) {
    if (v.role == VariableRole::kUnknown || v.role == VariableRole::kNoProperty) {
      unknown[v.property() ? *v.property() : v.name()] = v.text;
    }
    if (v.role == VariableRole::kField && (cls == nullptr || cls->Find(v.name()) == nullptr)) {
      unknown[v.name()] = v.text;
    }
  }
  if (!unknown.empty()) j["__UnknownProperties"] = std::move(unknown);
  return j;
}

Json ValueToTree(const Value& v, const Catalog& catalog) {
  return detail::ValueToJson(v, [&](const Instance& o) { return InstanceToTree(o, catalog); });
}

std::string Dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// --- the record, streamed -------------------------------------------------------------------

bool IsReservedKey(std::string_view name) {
  return name.size() >= 2 && name[0] == '_' && name[1] == '_';
}

/// a == b, telling most names apart by length and first byte without a call to memcmp.
inline bool SameName(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  return n == b.size() && (n == 0 || (a[0] == b[0] && std::memcmp(a.data(), b.data(), n) == 0));
}

/// What WriteInstance needs of a class, gathered once per class and record: the catalog's
/// PropertyDefs are large and spread out, and reading them again for every instance was most of
/// the writer's time on a large sequence (cache misses, docs/performance.md).
struct ClassPlan {
  struct Entry {
    const std::string* name;
    const Value* default_value;  ///< null: none
  };
  const ClassDef* cls = nullptr;
  bool reserved = false;  ///< a property is named like a "__" key
  std::vector<Entry> properties;
};

/// The catalog, and the plans of the classes met so far.
class Classes {
 public:
  explicit Classes(const Catalog& catalog) : catalog_(catalog) {}
  const Catalog& catalog() const { return catalog_; }
  const ClassPlan& Plan(std::string_view class_name) {
    auto it = plans_.find(class_name);
    if (it != plans_.end()) return it->second;
    ClassPlan plan;
    plan.cls = catalog_.Find(class_name);
    if (plan.cls != nullptr) {
      plan.properties.reserve(plan.cls->properties.size());
      for (const auto& def : plan.cls->properties) {
        plan.reserved = plan.reserved || IsReservedKey(def.name);
        plan.properties.push_back({&def.name, def.default_value ? &*def.default_value : nullptr});
      }
    }
    return plans_.emplace(class_name, std::move(plan)).first->second;
  }

 private:
  /// Class names share long prefixes ("SMS_TaskSequence_"): hashed by length and last bytes
  /// (equal names are still compared whole), cheaper than hashing every byte.
  struct NameHash {
    std::size_t operator()(std::string_view s) const {
      std::uint64_t tail = 0;
      const std::size_t n = std::min<std::size_t>(s.size(), 8);
      std::memcpy(&tail, s.data() + s.size() - n, n);
      return static_cast<std::size_t>((tail ^ s.size()) * 0x9E3779B97F4A7C15ull >> 7);
    }
  };
  const Catalog& catalog_;
  /// Keyed by views of the instances' class names: a Classes lives while one record is
  /// written, and the model it reads does not change meanwhile.
  std::unordered_map<std::string_view, ClassPlan, NameHash> plans_;
};

void WriteValue(Writer& w, const Value& v, Classes& classes);

/// One (key, value) of __UnknownProperties: set twice, a key keeps its first place and takes its
/// last value.
struct Unknown {
  const Str* key;
  const Str* value;
};

void WriteInstance(Writer& w, const Instance& inst, Classes& classes) {
  const ClassPlan& plan = classes.Plan(inst.class_name);
  const ClassDef* cls = plan.cls;
  // A property named like the "__" keys could meet one of them: such an object is built as an
  // nlohmann tree, which settles it as before. (Class definitions hold each name once,
  // Catalog::Load; a name the instance sets twice is handled below.)
  bool unusual = plan.reserved;
  for (std::size_t i = 0; i < inst.properties.size() && !unusual; ++i) {
    const std::string_view name = inst.properties[i].name;
    if (IsReservedKey(name)) unusual = true;
  }
  if (unusual) {
    w.Tree(InstanceToTree(inst, classes.catalog()));
    return;
  }
  w.BeginObject();
  w.Key("__CLASS");
  w.String(inst.class_name);
  const bool is_step = inst.role == InstanceRole::kGroup || inst.role == InstanceRole::kAction;
  if (is_step) {
    w.Key("__Line");
    w.UInt(inst.loc.line);
    w.Key("__Step");
    w.Int(inst.step_number);
    w.Key("__Path");
    w.String(inst.step_path);
  }
  // Which of the instance's properties the class defines (written in the class's order).
  const std::size_t n = inst.properties.size();
  unsigned char stack_used[32];
  std::vector<unsigned char> heap_used;
  unsigned char* used = stack_used;
  if (n > sizeof stack_used) {
    heap_used.resize(n);
    used = heap_used.data();
  }
  std::memset(used, 0, n);
  for (const auto& def : plan.properties) {
    const Property* p = nullptr;
    for (std::size_t i = 0; i < n; ++i) {
      if (SameName(inst.properties[i].name, *def.name)) {
        p = &inst.properties[i];
        used[i] = 1;
        break;
      }
    }
    w.Key(*def.name);
    if (p != nullptr) {
      if (p->convert_failed) {
        w.String(p->raw());
      } else {
        WriteValue(w, p->value, classes);
      }
    } else if (def.default_value != nullptr) {
      WriteValue(w, *def.default_value, classes);
    } else {
      w.Null();
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (used[i]) continue;
    const Property& p = inst.properties[i];
    // A name set before (by the class, or earlier in the list) keeps what it had.
    bool seen = cls != nullptr && cls->Find(p.name) != nullptr;
    for (std::size_t k = 0; k < i && !seen; ++k) seen = inst.properties[k].name == p.name;
    if (seen) continue;
    w.Key(p.name);
    if (p.convert_failed) {
      w.String(p.raw());
    } else {
      WriteValue(w, p.value, classes);
    }
  }
  if (inst.role == InstanceRole::kAction && !inst.has_type_attribute) {
    w.Key("__Type");
    w.Null();
  }
  if (inst.action) {
    w.Key("__Action");
    w.String(*inst.action);
  }
  // What the input carried that the class does not define: kept, never dropped.
  std::vector<Unknown> unknown;
  // Keys seen, by place in `unknown`: a hash table once there are many (a hostile step with
  // 100,000 unknown variables must not take quadratic time).
  std::unordered_map<std::string_view, std::size_t> index;
  auto add_unknown = [&](const Str& key, const Str& value) {
    if (unknown.size() <= 32) {
      for (auto& u : unknown) {
        if (*u.key == key) {
          u.value = &value;
          return;
        }
      }
    } else {
      if (index.empty()) {
        for (std::size_t i = 0; i < unknown.size(); ++i) index.emplace(*unknown[i].key, i);
      }
      auto [it, inserted] = index.emplace(key, unknown.size());
      if (!inserted) {
        unknown[it->second].value = &value;
        return;
      }
    }
    unknown.push_back({&key, &value});
  };
  for (const auto& v : inst.variables) {
    if (v.role == VariableRole::kUnknown || v.role == VariableRole::kNoProperty) {
      add_unknown(v.property() ? *v.property() : v.name(), v.text);
    }
    if (v.role == VariableRole::kField && (cls == nullptr || cls->Find(v.name()) == nullptr)) {
      add_unknown(v.name(), v.text);
    }
  }
  if (!unknown.empty()) {
    w.Key("__UnknownProperties");
    w.BeginObject();
    for (const auto& u : unknown) {
      w.Key(*u.key);
      w.String(*u.value);
    }
    w.EndObject();
  }
  w.EndObject();
}

void WriteValue(Writer& w, const Value& v, Classes& classes) {
  switch (v.kind) {
    case ValueKind::kNull:
      w.Null();
      return;
    case ValueKind::kString:
    case ValueKind::kDateTime:
      w.String(v.text);
      return;
    case ValueKind::kUInt32:
    case ValueKind::kSInt32:
      w.Int(v.number);
      return;
    case ValueKind::kBoolean:
      w.Bool(v.boolean);
      return;
    case ValueKind::kStringArray:
      w.BeginArray();
      for (const auto& s : v.strings) w.String(s);
      w.EndArray();
      return;
    case ValueKind::kUInt32Array:
    case ValueKind::kSInt32Array:
      w.BeginArray();
      for (auto n : v.numbers) w.Int(n);
      w.EndArray();
      return;
    case ValueKind::kObject:
      if (v.objects.empty()) {
        w.Null();
      } else {
        WriteInstance(w, v.objects.front(), classes);
      }
      return;
    case ValueKind::kObjectArray:
      w.BeginArray();
      for (std::size_t i = 0; i < v.objects.size(); ++i) {
        // The next step's properties and variables are separate blocks the hardware does not
        // see coming: asked for now, they arrive while this one is written.
        if (i + 1 < v.objects.size()) {
          const Instance& next = v.objects[i + 1];
          const char* props = reinterpret_cast<const char*>(next.properties.data());
          const std::size_t bytes = next.properties.size() * sizeof(Property);
          for (std::size_t at = 0; at < bytes; at += 64) __builtin_prefetch(props + at);
          __builtin_prefetch(next.variables.data());
        }
        if (i + 2 < v.objects.size()) {
          const char* after = reinterpret_cast<const char*>(&v.objects[i + 2]);
          for (std::size_t at = 0; at < sizeof(Instance); at += 64) __builtin_prefetch(after + at);
        }
        WriteInstance(w, v.objects[i], classes);
      }
      w.EndArray();
      return;
  }
  w.Null();
}

void WriteDiagnostic(Writer& w, const Diagnostic& d) {
  w.BeginObject();
  w.Key("RuleId");
  w.String(d.rule);
  w.Key("Severity");
  w.String(SeverityName(d.severity));
  w.Key("Message");
  w.String(d.message);
  w.Key("File");
  w.String(d.file);
  w.Key("Line");
  w.UInt(d.loc.line);
  w.Key("Column");
  w.UInt(d.loc.column);
  w.Key("StepPath");
  if (d.step_path.empty()) {
    w.Null();
  } else {
    w.String(d.step_path);
  }
  w.Key("Step");
  if (d.step < 0) {
    w.Null();
  } else {
    w.Int(d.step);
  }
  if (d.severity == Severity::kError && d.hresult != 0) {
    w.Key("HResult");
    w.String(FormatHResult(d.hresult));
  }
  w.EndObject();
}

/// An optional string: null when empty.
void StringOrNull(Writer& w, const std::string& s) {
  if (s.empty()) {
    w.Null();
  } else {
    w.String(s);
  }
}

}  // namespace

std::string WriteJsonRecord(const ImportResult& r, const Catalog& catalog, int indent) {
  // A sequence's record is 1.2 to 2 times the input (indentation, escapes, the properties every
  // class defines, set or not); room for most of it at once.
  Writer w(indent, static_cast<std::size_t>(r.bytes + r.bytes / 2) + 4096);
  Classes classes(catalog);
  w.BeginObject();
  w.Key("Input");
  w.String(r.input);
  w.Key("Shape");
  w.String(r.shape);
  w.Key("Encoding");
  StringOrNull(w, r.encoding);
  w.Key("Dialect");
  if (r.task_sequence) {
    w.String(r.task_sequence->dialect == Dialect::kMdt ? "mdt" : "configmgr");
  } else {
    w.Null();
  }
  w.Key("ReturnValue");
  w.Int(r.ReturnValue());
  w.Key("HResult");
  w.String(FormatHResult(r.hresult));
  if (!r.member.empty()) {
    w.Key("Member");
    w.String(r.member);
  }
  w.Key("TaskSequence");
  if (r.task_sequence) {
    WriteInstance(w, r.task_sequence->root, classes);
  } else {
    w.Null();
  }
  if (r.has_package) {
    // Set twice (a PROPERTY repeated in object.xml), a name keeps its first place and its last
    // value.
    std::vector<const PackageProperty*> package;
    for (const auto& p : r.package) {
      bool replaced = false;
      for (auto& q : package) {
        if (q->name == p.name) {
          q = &p;
          replaced = true;
          break;
        }
      }
      if (!replaced) package.push_back(&p);
    }
    w.Key("Package");
    w.BeginObject();
    for (const PackageProperty* p : package) {
      w.Key(p->name);
      WriteValue(w, p->value, classes);
    }
    w.EndObject();
  }
  // The package's own References when it carries them (object.xml); otherwise the sequence's
  // <referenceList>, as SMS_TaskSequence_Reference objects.
  const PackageProperty* package_refs = nullptr;
  for (const auto& p : r.package) {
    if (p.name == "References" && p.value.kind == ValueKind::kObjectArray) package_refs = &p;
  }
  if (package_refs != nullptr) {
    w.Key("References");
    w.BeginArray();
    for (const auto& o : package_refs->value.objects) {
      w.BeginObject();
      for (const char* key : {"Package", "Program", "Type"}) {
        const Property* prop = o.Find(key);
        w.Key(key);
        if (prop != nullptr) {
          WriteValue(w, prop->value, classes);
        } else {
          w.Null();
        }
      }
      w.EndObject();
    }
    w.EndArray();
  } else if (r.task_sequence) {
    w.Key("References");
    w.BeginArray();
    for (const auto& ref : r.task_sequence->references) {
      w.BeginObject();
      w.Key("Package");
      w.String(ref.package);
      w.Key("Program");
      if (ref.program) {
        w.String(*ref.program);
      } else {
        w.Null();
      }
      w.Key("Type");
      w.UInt(ref.type);
      w.EndObject();
    }
    w.EndArray();
  }
  if (r.task_sequence) {
    w.Key("GlobalVariables");
    w.BeginArray();
    for (const auto& v : r.task_sequence->global_variables) {
      w.BeginObject();
      w.Key("Name");
      w.String(v.name());
      w.Key("Property");
      if (v.property()) {
        w.String(*v.property());
      } else {
        w.Null();
      }
      w.Key("Value");
      w.String(v.text);
      w.EndObject();
    }
    w.EndArray();
  }
  if (r.shape == "zip") {
    w.Key("Dependencies");
    w.BeginArray();
    for (const auto& d : r.dependencies) {
      w.BeginObject();
      w.Key("Class");
      w.String(d.class_name);
      w.Key("Key");
      w.String(d.key);
      w.Key("Member");
      w.String(d.member);
      w.EndObject();
    }
    w.EndArray();
  }
  // What the steps use (packages, applications, child task sequences) and the boot image.
  if (r.task_sequence) {
    w.Key("ExternalDependencies");
    w.BeginArray();
    for (const auto& d : r.external_dependencies) {
      w.BeginObject();
      w.Key("Kind");
      w.String(d.kind);
      w.Key("Id");
      w.String(d.id);
      w.Key("Referenced");
      if (d.referenced) {
        w.Bool(*d.referenced);
      } else {
        w.Null();
      }
      w.Key("Steps");
      w.BeginArray();
      for (const auto& u : d.uses) {
        w.BeginObject();
        w.Key("Path");
        w.String(u.step_path);
        w.Key("Step");
        w.Int(u.step);
        w.Key("Property");
        w.String(u.property);
        w.Key("Enabled");
        w.Bool(u.enabled);
        w.Key("Line");
        w.UInt(u.loc.line);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("Diagnostics");
  w.BeginArray();
  for (const auto& d : r.diagnostics) WriteDiagnostic(w, d);
  w.EndArray();
  w.Key("Stats");
  w.BeginObject();
  w.Key("Groups");
  w.UInt(r.task_sequence ? r.task_sequence->groups : 0);
  w.Key("Steps");
  w.UInt(r.task_sequence ? r.task_sequence->steps : 0);
  w.Key("Bytes");
  w.UInt(r.bytes);
  w.Key("Errors");
  w.UInt(r.Count(Severity::kError));
  w.Key("Warnings");
  w.UInt(r.Count(Severity::kWarning));
  w.EndObject();
  w.EndObject();
  return w.Take();
}

std::string FormatDiagnosticJson(const Diagnostic& d) {
  Writer w(-1, 256 + d.message.size() + d.file.size() + d.step_path.size());
  WriteDiagnostic(w, d);
  return w.Take();
}

std::string WriteCatalogJson(const Catalog& catalog) {
  // The format of classes.json, so that the output can be edited and given to --schema.
  Json out;
  out["base_classes"] = Json::array();
  out["conditions"] = Json::array();
  out["actions"] = Json::array();
  for (const auto& cls : catalog.classes()) {
    Json c;
    c["class"] = cls.name;
    c["parent"] = cls.parent.empty() ? Json(nullptr) : Json(cls.parent);
    static const char* kKinds[] = {"root",      "abstract", "concrete", "action",
                                   "condition", "operand",  "embedded"};
    c["kind"] = kKinds[static_cast<int>(cls.kind)];
    if (cls.section == "conditions") c["abstract"] = cls.kind == ClassKind::kAbstract;
    c["ui_name"] = cls.ui_name.empty() ? Json(nullptr) : Json(cls.ui_name);
    c["xml_element"] = cls.xml_element.empty() ? Json(nullptr) : Json(cls.xml_element);
    c["default_run_in"] = cls.default_run_in.empty() ? Json(nullptr) : Json(cls.default_run_in);
    c["origin"] = cls.origin;
    c["source"] = cls.source.empty() ? Json(nullptr) : Json(cls.source);
    c["since"] = cls.since.empty() ? Json(nullptr) : Json(cls.since);
    Json props = Json::array();
    for (const auto& p : cls.properties) {
      Json pj;
      pj["name"] = p.name;
      pj["type"] = p.type_text;
      pj["xml_variable"] = p.variable.empty() ? Json(nullptr) : Json(p.variable);
      pj["xml_hidden"] = p.hidden;
      pj["required"] = p.not_null;
      Json values = p.values.empty() ? Json(nullptr) : Json::array();
      for (const auto& v : p.values) {
        if (v.source.empty() && v.since.empty()) {
          values.push_back(v.value);
          continue;
        }
        Json vj;
        vj["value"] = v.value;
        if (!v.source.empty()) vj["source"] = v.source;
        if (!v.since.empty()) vj["since"] = v.since;
        values.push_back(std::move(vj));
      }
      pj["enum"] = std::move(values);
      pj["default"] = p.default_value ? ValueToTree(*p.default_value, catalog) : Json(nullptr);
      pj["qualifiers"] = p.qualifiers.empty() ? Json(nullptr) : Json(p.qualifiers);
      // What each check rests on; only the checks the property has.
      Json checks = Json::object();
      const auto add = [&](const char* key, Evidence e, bool has) {
        if (has && e != Evidence::kUnstated) checks[key] = EvidenceName(e);
      };
      add("type", p.evidence.type, p.type != WmiType::kString);
      add("Not_Null", p.evidence.not_null, p.not_null);
      add("AllowedLen", p.evidence.allowed_len, p.allowed_len.has_value());
      add("ValueRange", p.evidence.value_range, p.value_range.has_value());
      add("values", p.evidence.values, !p.values.empty());
      add("RequiredIf", p.evidence.required_if,
          !p.required_if_null.empty() || !p.required_if_not_null.empty());
      if (!checks.empty()) pj["check_evidence"] = std::move(checks);
      if (!p.source.empty()) pj["source"] = p.source;
      if (!p.since.empty()) pj["since"] = p.since;
      if (!p.label.empty()) pj["label"] = p.label;
      if (!p.label_source.empty()) pj["label_source"] = p.label_source;
      props.push_back(std::move(pj));
    }
    c["properties"] = std::move(props);
    out[cls.section.empty() ? "actions" : cls.section].push_back(std::move(c));
  }
  return Dump(out, 2);
}

}  // namespace tsimport
