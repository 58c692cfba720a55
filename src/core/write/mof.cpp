// -f mof: the SMS_TaskSequence instance in MOF, the text form WMI itself reads (mofcomp) and
// writes (GetObjectText). Set properties only; values typed as the class defines them; steps,
// conditions, operands, rules and embedded objects as nested instances. Plain properties come
// first, object-valued ones (Condition, Partitions, Steps...) last, each group in catalog order.
// Strings are escaped as MOF requires; anything outside ASCII is written as \xHHHH (UTF-16
// code units), so the output is ASCII and reads the same whatever code page mofcomp assumes.
#include <cstdio>
#include <set>

#include "model/text.h"
#include "tsimport/write.h"

namespace tsimport {
namespace {

void AppendHex(std::string& out, unsigned unit) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%04X", unit & 0xFFFFu);
  out += buf;
}

std::string MofString(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = detail::NextCodePoint(s, i);
    switch (cp) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (cp >= 0x20 && cp < 0x7F) {
          out += static_cast<char>(cp);
        } else if (cp > 0xFFFF) {
          char32_t v = cp - 0x10000;
          AppendHex(out, 0xD800 + static_cast<unsigned>(v >> 10));
          AppendHex(out, 0xDC00 + static_cast<unsigned>(v & 0x3FF));
        } else {
          AppendHex(out, static_cast<unsigned>(cp));
        }
    }
  }
  out += '"';
  return out;
}

/// Class and property names come from the input when the catalog does not know them; anything
/// that is not a MOF identifier character is replaced so that the structure stays intact.
std::string Identifier(std::string_view s) {
  if (s.empty()) return "__Unknown";
  std::string out(s);
  for (char& c : out) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) c = '_';
  }
  return out;
}

class MofWriter {
 public:
  explicit MofWriter(const Catalog& catalog) : catalog_(catalog) {}

  /// Writes `instance of X {...}` with the opening line already indented by the caller.
  void WriteInstance(const Instance& inst, int depth) {
    out_ += "instance of " + Identifier(inst.class_name) + "\n";
    Indent(depth);
    out_ += "{\n";
    const ClassDef* cls = catalog_.Find(inst.class_name);
    std::vector<const Property*> plain;
    std::vector<const Property*> objects;
    std::set<std::string> seen;
    auto add = [&](const Property* p) {
      if (p == nullptr || p->value.IsNull() || !seen.insert(p->name.str()).second) return;
      bool object = !p->convert_failed && (p->value.kind == ValueKind::kObject ||
                                           p->value.kind == ValueKind::kObjectArray);
      (object ? objects : plain).push_back(p);
    };
    if (cls != nullptr) {
      for (const auto& def : cls->properties) add(inst.Find(def.name));
    }
    for (const auto& p : inst.properties) add(&p);
    for (const Property* p : plain) WriteProperty(*p, cls, depth + 1);
    for (const Property* p : objects) WriteProperty(*p, cls, depth + 1);
    Unknown(inst, cls, depth + 1);
    Indent(depth);
    out_ += "}";
  }

  std::string Take() { return std::move(out_); }

 private:
  void Indent(int depth) { out_.append(static_cast<std::size_t>(depth) * 4, ' '); }

  void WriteProperty(const Property& p, const ClassDef* cls, int depth) {
    Indent(depth);
    out_ += Identifier(p.name) + " = ";
    if (p.convert_failed) {
      const PropertyDef* def = cls != nullptr ? cls->Find(p.name) : nullptr;
      out_ += MofString(p.raw()) + ";";
      if (def != nullptr) out_ += "  // not a valid " + def->type_text + " value";
      out_ += "\n";
      return;
    }
    const Value& v = p.value;
    switch (v.kind) {
      case ValueKind::kNull:
        out_ += "NULL";
        break;
      case ValueKind::kString:
      case ValueKind::kDateTime:
        out_ += MofString(v.text);
        break;
      case ValueKind::kUInt32:
      case ValueKind::kSInt32:
        out_ += std::to_string(v.number);
        break;
      case ValueKind::kBoolean:
        out_ += v.boolean ? "TRUE" : "FALSE";
        break;
      case ValueKind::kStringArray: {
        out_ += "{";
        for (std::size_t i = 0; i < v.strings.size(); ++i)
          out_ += (i ? ", " : "") + MofString(v.strings[i]);
        out_ += "}";
        break;
      }
      case ValueKind::kUInt32Array:
      case ValueKind::kSInt32Array: {
        out_ += "{";
        for (std::size_t i = 0; i < v.numbers.size(); ++i)
          out_ += (i ? ", " : "") + std::to_string(v.numbers[i]);
        out_ += "}";
        break;
      }
      case ValueKind::kObject:
        if (v.objects.empty()) {
          out_ += "NULL";
        } else {
          WriteInstance(v.objects.front(), depth);
        }
        break;
      case ValueKind::kObjectArray:
        if (v.objects.empty()) {
          out_ += "{}";
          break;
        }
        out_ += "{\n";
        for (std::size_t i = 0; i < v.objects.size(); ++i) {
          Indent(depth + 1);
          WriteInstance(v.objects[i], depth + 1);
          out_ += i + 1 < v.objects.size() ? ",\n" : "\n";
        }
        Indent(depth);
        out_ += "}";
        break;
    }
    out_ += ";\n";
  }

  /// What the input set that the class does not define is no property of the instance; it is
  /// kept as a comment so that nothing is silently dropped.
  void Unknown(const Instance& inst, const ClassDef* cls, int depth) {
    for (const auto& v : inst.variables) {
      std::string key;
      if (v.role == VariableRole::kUnknown || v.role == VariableRole::kNoProperty) {
        key = v.property() ? *v.property() : v.name();
      } else if (v.role == VariableRole::kField &&
                 (cls == nullptr || cls->Find(v.name()) == nullptr)) {
        key = v.name();
      } else {
        continue;
      }
      Indent(depth);
      std::string quoted = MofString(key);
      out_ += "// not defined by " + Identifier(inst.class_name) + ": " +
              quoted.substr(1, quoted.size() - 2) + " = " + MofString(v.text) + "\n";
    }
  }

  const Catalog& catalog_;
  std::string out_;
};

}  // namespace

std::string WriteMof(const TaskSequence& ts, const Catalog& catalog) {
  MofWriter w(catalog);
  w.WriteInstance(ts.root, 0);
  return w.Take() + ";\n";
}

}  // namespace tsimport
