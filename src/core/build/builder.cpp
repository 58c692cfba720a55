#include "build/builder.h"

#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "input/lite.h"
#include "input/scan.h"
#include "model/errors.h"
#include "model/text.h"

namespace tsimport::detail {
namespace {

using namespace std::string_view_literals;

// The lite DOM (lite.h), with tinyxml2's names: tinyxml2 itself is used for its error names only.
using XMLAttribute = lite::Attribute;
using XMLDocument = lite::Document;
using XMLElement = lite::Element;
using XMLNode = lite::Node;
using XMLText = lite::Text;

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

/// The message for an error of the DOM (lite.cpp), which stops where the scanner should have.
std::string DomErrorMessage(const XMLDocument& doc) {
  switch (doc.ErrorID()) {
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
      return "end tag does not match the open element";
    case tinyxml2::XML_ERROR_PARSING_ELEMENT:
      return "element is not closed or is malformed (was the file cut short?)";
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
      return "malformed attribute";
    case tinyxml2::XML_ERROR_PARSING_CDATA:
      return "unterminated CDATA section";
    case tinyxml2::XML_ERROR_PARSING_COMMENT:
      return "unterminated comment";
    case tinyxml2::XML_ERROR_PARSING_DECLARATION:
      return "malformed XML declaration";
    default:
      return std::string("not well-formed (") + doc.ErrorName() + ")";
  }
}

/// Converts text to a WMI type. Returns false (and leaves a string) when it does not convert.
bool Convert(const Str& raw, WmiType type, bool is_array, Value& out) {
  auto to_number = [](std::string_view s, bool is_signed, std::int64_t& n) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    s = s.substr(b, e - b);
    bool neg = false;
    if (is_signed && !s.empty() && (s[0] == '-' || s[0] == '+')) {
      neg = s[0] == '-';
      s.remove_prefix(1);
    }
    if (s.empty() || s.size() > 10) return false;
    std::int64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    if (neg) v = -v;
    if (is_signed ? (v < INT32_MIN || v > INT32_MAX) : (v > UINT32_MAX)) return false;
    n = v;
    return true;
  };
  if (is_array) {
    // String[] and numeric arrays are comma-delimited (the run-time form,
    // task-sequence-format.md 4.5).
    std::vector<std::string> parts;
    if (!raw.empty()) {
      std::size_t start = 0;
      for (;;) {
        std::size_t comma = raw.find(',', start);
        parts.emplace_back(
            raw.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    if (type == WmiType::kUInt32 || type == WmiType::kSInt32) {
      out.kind = type == WmiType::kUInt32 ? ValueKind::kUInt32Array : ValueKind::kSInt32Array;
      for (const auto& p : parts) {
        std::int64_t n = 0;
        if (!to_number(p, type == WmiType::kSInt32, n)) {
          out = Value::String(raw);
          return false;
        }
        out.numbers.push_back(n);
      }
      return true;
    }
    out.kind = ValueKind::kStringArray;
    out.strings = std::move(parts);
    return true;
  }
  switch (type) {
    case WmiType::kBoolean: {
      std::string_view s = raw.view();
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
      if (EqualsNoCase(s, "true")) {
        out = Value::Bool(true);
        return true;
      }
      if (EqualsNoCase(s, "false")) {
        out = Value::Bool(false);
        return true;
      }
      out = Value::String(raw);
      return false;
    }
    case WmiType::kUInt32:
    case WmiType::kSInt32: {
      std::int64_t n = 0;
      if (!to_number(raw, type == WmiType::kSInt32, n)) {
        out = Value::String(raw);
        return false;
      }
      out = Value::UInt32(n);
      if (type == WmiType::kSInt32) out.kind = ValueKind::kSInt32;
      return true;
    }
    case WmiType::kDateTime: {
      out.kind = ValueKind::kDateTime;
      out.text = raw;
      // yyyymmddHHMMSS.mmmmmmsUUU (25 characters); '*' may stand for any digit.
      if (raw.size() != 25 || raw[14] != '.' || (raw[21] != '+' && raw[21] != '-')) {
        out.kind = ValueKind::kString;
        return false;
      }
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (i == 14 || i == 21) continue;
        if (!std::isdigit(static_cast<unsigned char>(raw[i])) && raw[i] != '*') {
          out.kind = ValueKind::kString;
          return false;
        }
      }
      return true;
    }
    default:  // the usual case: the text copied once, into the (fresh) value
      out.kind = ValueKind::kString;
      out.text = raw;
      return true;
  }
}

/// Sets (or replaces) inst's property `name` with an empty one, to be filled in place: a
/// Property is large, and building one to move it in cost more than filling it.
Property& SetEmpty(Instance& inst, const Str& name) {
  // inst.Find(name), with Str's compare (most names are inline: 16 bytes compared at once).
  for (Property& existing : inst.properties) {
    if (existing.name == name) {
      existing = Property();
      existing.name = name;
      return existing;
    }
  }
  if (inst.properties.size() < inst.properties.capacity()) {  // room reserved by the builder
    Property& p = inst.properties.emplace_back();
    p.name = name;
    return p;
  }
  Property p;
  p.name = name;
  return inst.Set(std::move(p));  // grows the properties as Set does
}

/// Sets (or replaces) inst's String property `name` to `text`, its own raw text (as a
/// Property made of Value::String(text) and raw `text` is).
Property& SetString(Instance& inst, const Str& name, const Str& text, ValueSource source,
                    Location loc) {
  Property& p = SetEmpty(inst, name);
  p.source = source;
  p.loc = loc;
  p.value.kind = ValueKind::kString;
  p.value.text = text;
  p.set_raw_to_text();
  return p;
}

/// Splits "Partitions0Type" into ("Partitions", 0, "Type") when the base is an embedded array.
bool SplitArrayElement(std::string_view key, const ClassDef& cls, const PropertyDef*& array,
                       std::size_t& index, std::string& field) {
  for (const auto& p : cls.properties) {
    if (p.type != WmiType::kObject || !p.is_array) continue;
    if (key.size() <= p.name.size() || key.compare(0, p.name.size(), p.name) != 0) continue;
    std::size_t i = p.name.size();
    std::size_t digits = i;
    while (i < key.size() && std::isdigit(static_cast<unsigned char>(key[i]))) ++i;
    if (i == digits || i == key.size() || i - digits > 6) continue;
    index = std::stoul(std::string(key.substr(digits, i - digits)));
    field = key.substr(i);
    array = &p;
    return true;
  }
  return false;
}

/// What a step attribute sets (task-sequence-format.md 5.4).
enum class StepAttribute : std::uint8_t {
  kNone,
  kName,
  kDescription,
  kDisable,
  kContinueOnError,
  kRunIn,
  kTimeout,
  kSuccessCodeList,  ///< mirrors SuccessCodes
  kRetryCount,       ///< mirrors RetryCount
  kRunFromNet,       ///< mirrors RunFromNet
  kMdt,              ///< MDT markup (expand, startIn, successCodes)
};

StepAttribute StepAttributeOf(std::string_view n) {
  using A = StepAttribute;
  // By length first: at most one or two comparisons for an attribute.
  switch (n.size()) {
    case 4:
      return Equals(n, "name"sv) ? A::kName : A::kNone;
    case 5:
      return Equals(n, "runIn"sv) ? A::kRunIn : A::kNone;
    case 6:
      return Equals(n, "expand"sv) ? A::kMdt : A::kNone;
    case 7:
      return Equals(n, "disable"sv)   ? A::kDisable
             : Equals(n, "timeout"sv) ? A::kTimeout
             : Equals(n, "startIn"sv) ? A::kMdt
                                      : A::kNone;
    case 10:
      return Equals(n, "retryCount"sv)   ? A::kRetryCount
             : Equals(n, "runFromNet"sv) ? A::kRunFromNet
                                         : A::kNone;
    case 11:
      return Equals(n, "description"sv) ? A::kDescription : A::kNone;
    case 12:
      return Equals(n, "successCodes"sv) ? A::kMdt : A::kNone;
    case 15:
      return Equals(n, "continueOnError"sv)   ? A::kContinueOnError
             : Equals(n, "successCodeList"sv) ? A::kSuccessCodeList
                                              : A::kNone;
    default:
      return A::kNone;
  }
}

/// What a child element of a step or group is.
enum class StepChild : std::uint8_t { kOther, kCondition, kAction, kVariableList, kStep };

StepChild StepChildOf(std::string_view n) {
  using C = StepChild;
  switch (n.size()) {  // by length first, as StepAttributeOf
    case 4:
      return Equals(n, "step"sv) ? C::kStep : C::kOther;
    case 5:
      return Equals(n, "group"sv) ? C::kStep : C::kOther;
    case 6:
      return Equals(n, "action"sv) ? C::kAction : C::kOther;
    case 9:
      return Equals(n, "condition"sv) ? C::kCondition : C::kOther;
    case 14:
      return Equals(n, "defaultVarList"sv) ? C::kVariableList : C::kOther;
    case 15:
      return Equals(n, "subtasksequence"sv) ? C::kStep : C::kOther;
    default:
      return C::kOther;
  }
}

// Property names the builder sets (up to 15 bytes: a Str holds them inline, so these are
// shared by every thread without a reference count; longer ones go through Builder::Name).
const Str kNameProperty = "Name";
const Str kDescriptionProperty = "Description";
const Str kEnabledProperty = "Enabled";
const Str kContinueOnErrorProperty = "ContinueOnError";
constexpr std::string_view kSupportedEnvironmentProperty = "SupportedEnvironment";
const Str kTimeoutProperty = "Timeout";
const Str kConditionProperty = "Condition";
/// The properties the mirroring step attributes set (successCodeList, retryCount, runFromNet),
/// by MirrorIndex.
const Str kMirrored[] = {"SuccessCodes", "RetryCount", "RunFromNet"};

std::size_t MirrorIndex(StepAttribute kind) {
  return kind == StepAttribute::kSuccessCodeList ? 0 : kind == StepAttribute::kRetryCount ? 1 : 2;
}

class Builder {
 public:
  /// `parent`: the builder of the document this one is embedded in, whose strings it shares.
  /// `text_buffer`, when given, holds `text` (exactly): values the DOM did not change are
  /// then shared from it, not copied.
  Builder(std::string_view text, const std::string& file, const Catalog& catalog,
          std::vector<Diagnostic>& diagnostics, const Limits& limits,
          const Builder* parent = nullptr, StrBuffer* text_buffer = nullptr,
          const StepCheck* check_step = nullptr)
      : text_(text),
        text_buffer_(text_buffer),
        file_(file),
        catalog_(catalog),
        diags_(diagnostics),
        limits_(limits),
        map_(text),
        strings_(parent != nullptr ? parent->strings_ : std::make_shared<Strings>()),
        arena_(strings_->arena),
        names_(strings_->names),
        check_step_(parent != nullptr ? parent->check_step_ : check_step) {}

  std::vector<Instance> RunInstances(bool nested = false) {
    std::vector<Instance> out;
    XMLDocument doc;
    const XMLElement* root = ParseDocument(doc, "");
    if (root == nullptr) return out;
    if (std::strcmp(root->Name(), "INSTANCE") == 0) {
      out.push_back(WmiInstance(root));
    } else if (!nested && std::strcmp(root->Name(), "ArrayOfString") == 0) {
      for (const XMLElement* s = root->FirstChildElement("string"); s != nullptr;
           s = s->NextSiblingElement("string")) {
        const std::string inner = Text(s);
        Builder builder(inner, file_, catalog_, diags_, limits_, this);
        for (auto& i : builder.RunInstances(true)) out.push_back(std::move(i));
      }
    }
    return out;
  }

  ParsedInput Run(Target target) {
    ParsedInput out;
    XMLDocument doc;
    const XMLElement* root = ParseDocument(doc, "", /*stream=*/true);
    if (root == nullptr) return out;
    std::string root_name = root->Name();
    if (root_name == "sequence"sv) {
      out.shape = "sequence";
      BuildSequence(root, target, out);
      if (!EndStream()) return ParsedInput{};
    } else if (root_name == "INSTANCE"sv) {
      ReadInstance(root, target, out);
    } else if (root_name == "SmsTaskSequencePackage"sv) {
      ReadPackage2007(root, target, out);
    } else if (root_name == "LibraryDocument"sv) {
      Error("TS1005", Loc(root),
            "this is the Manifest.xml of a console export, which lists the exported objects but "
            "holds no task sequence: pass the export .zip, or its "
            "SMS_TaskSequencePackage/<PackageID>/object.xml");
    } else {
      Error("TS1005", Loc(root),
            "the root element is <" + root_name +
                ">, not <sequence>: this is not a task sequence (expected the bare sequence "
                "XML, an export's object.xml, or the export .zip)");
    }
    return out;
  }

 private:
  /// Parses text_ into doc; reports TS1004 and returns null when it is not well-formed.
  /// `what` names an embedded document in messages ("the Sequence property: "). `stream`: a
  /// <sequence> root may be streamed (the caller then builds it with BuildSequence and calls
  /// EndStream).
  const XMLElement* ParseDocument(XMLDocument& doc, const std::string& what, bool stream = false) {
    // The scanner reads first: it checks well-formedness and enforces the limits (depth, sizes,
    // node counts, no DTD), with line and column; the DOM is built over checked text. It stops
    // after the root's start tag, where the root's name says how to go on.
    what_ = what;
    scanner_ = std::make_unique<PieceScanner>(text_, map_.Line(1).line == 0 ? 1 : map_.Line(1).line,
                                              limits_);
    scanner_->Next(nullptr);
    std::string_view first;  // the root's name
    if (const std::size_t at = scanner_->Result().first_tag; at != std::string_view::npos) {
      first = std::string_view(text_).substr(at + 1);
      first = first.substr(0, std::min(first.find_first_of(" \t\r\n/>"), first.size()));
    }
    // A <sequence> is built a piece (one child of the root) at a time, from the scanner's
    // nodes as it reads on and as BuildSequence takes them: a large sequence then never has
    // all its DOM nodes, nor a second copy of its text, at once, and its text is read once.
    // An error found further on undoes the model built meanwhile (EndStream), so the outcome
    // is the same as reading the whole text first.
    if (stream && first == "sequence"sv && scanner_->Result().ok && !scanner_->AtEnd()) {
      doc.BuildHead(text_, *scanner_);
      if (doc.Error()) scanner_->Finish();  // a scanner error further on comes first
    } else {
      scanner_->Finish();
    }
    if (!scanner_->Result().ok) {
      ScanError(scanner_->Result());
      return nullptr;
    }
    if (!doc.Streaming()) {
      // An export's object.xml (or the 2007 wrapper) carries binary arrays (uint8: the
      // package's Icon, often 100,000 <VALUE> elements) that the builder never reads: no
      // nodes for them.
      if (first == "INSTANCE"sv || first == "SmsTaskSequencePackage"sv)
        doc.SkipContentOf("PROPERTY.ARRAY", "TYPE", "uint8");
      doc.Build(text_);
    }
    if (doc.Error()) {  // only if the scanner let through what it should have refused
      DomError(doc);
      return nullptr;
    }
    const XMLElement* root = doc.RootElement();
    if (root == nullptr) {
      Error("TS1004", map_.At(0), what + "not well-formed XML: no root element");
      return nullptr;
    }
    doc_ = &doc;
    if (doc.Streaming()) {
      stream_diagnostics_ = diags_.size();
      return root;
    }
    return CheckTopLevel(doc, root) ? root : nullptr;
  }

  void ScanError(const ScanResult& scan) {
    const bool malformed = std::strcmp(scan.rule, "TS1004") == 0;
    Error(scan.rule, map_.At(scan.error_offset),
          what_ + (malformed ? "not well-formed XML: " : "") + scan.error);
  }

  void DomError(const XMLDocument& doc) {
    Error("TS1004", map_.Line(static_cast<std::uint32_t>(doc.ErrorLineNum())),
          what_ + "not well-formed XML: " + DomErrorMessage(doc));
  }

  /// What is outside the root element: declarations, comments and blank text only.
  bool CheckTopLevel(const XMLDocument& doc, const XMLElement* root) {
    for (const XMLNode* n = doc.FirstChild(); n != nullptr; n = n->NextSibling()) {
      if (n->ToElement() != nullptr && n != root) {
        Error("TS1004", Loc(n->ToElement()),
              what_ + "not well-formed XML: a second root element <" + std::string(n->Value()) +
                  "> (a document has exactly one)");
        return false;
      }
      if (const XMLText* t = n->ToText(); t != nullptr && !IsBlank(t->Value())) {
        Error("TS1004", map_.Line(static_cast<std::uint32_t>(n->GetLineNum())),
              what_ + "not well-formed XML: text outside the root element");
        return false;
      }
    }
    return true;
  }

  /// After a streamed document was read to its end: false when the scanner refused the text
  /// further on, the DOM refused a piece, or what follows the root is not allowed. Then the model
  /// built meanwhile is not the document's: what it reported is taken back and only that error
  /// stays (TS1004, or the limit TS1015-TS1018 the scanner found), as if the text had been refused
  /// up front.
  bool EndStream() {
    if (doc_ == nullptr || !doc_->Streaming()) return true;
    auto* doc = const_cast<XMLDocument*>(doc_);
    while (doc->BuildNextPiece()) {
    }  // a reader that stopped early: the rest is still checked
    const bool scan_failed = !scanner_->Result().ok;
    const bool dom_failed = doc->Error();
    if (!scan_failed && !dom_failed && CheckTopLevel(*doc, doc->RootElement())) return true;
    Diagnostic top;  // CheckTopLevel's, reported last
    if (!scan_failed && !dom_failed) top = std::move(diags_.back());
    diags_.resize(stream_diagnostics_);
    if (scan_failed) {
      ScanError(scanner_->Result());
    } else if (dom_failed) {
      DomError(*doc);
    } else {
      diags_.push_back(std::move(top));
    }
    return false;
  }

  /// Calls f on each child node of `e`; of the streamed root, piece by piece.
  template <typename F>
  void EachChild(const XMLElement* e, F&& f) {
    if (doc_ != nullptr && doc_->Streaming() && e == doc_->RootElement()) {
      auto* doc = const_cast<XMLDocument*>(doc_);
      while (doc->BuildNextPiece()) {
        for (const XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) f(n);
      }
      return;
    }
    for (const XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) f(n);
  }

  // --- object.xml: a WMI DTD 2.0 INSTANCE of SMS_TaskSequencePackage ---------------------

  void ReadInstance(const XMLElement* root, Target target, ParsedInput& out) {
    const char* cls = root->Attribute("CLASSNAME");
    if (cls == nullptr || std::strcmp(cls, "SMS_TaskSequencePackage") != 0) {
      Error("TS1005", Loc(root),
            std::string("this is a WMI instance of ") + (cls ? cls : "an unnamed class") +
                ", not of SMS_TaskSequencePackage: it holds no task sequence (in an export, the "
                "task sequence is SMS_TaskSequencePackage/<PackageID>/object.xml)");
      return;
    }
    out.shape = "object.xml";
    out.has_package = true;
    const XMLElement* sequence_value = nullptr;
    const XMLElement* sequence_property = nullptr;
    for (const XMLElement* p = root->FirstChildElement(); p != nullptr;
         p = p->NextSiblingElement()) {
      std::string kind = p->Name();
      const char* name = p->Attribute("NAME");
      if (name == nullptr) continue;
      if (std::strcmp(name, "Sequence") == 0 && kind == "PROPERTY"sv) {
        sequence_property = p;
        sequence_value = p->FirstChildElement("VALUE");
        continue;
      }
      if (std::strncmp(name, "__", 2) == 0) continue;  // WMI system properties
      ReadWmiProperty(p, out);
    }
    if (sequence_property == nullptr) {
      Error("TS1010", Loc(root),
            "object.xml has no PROPERTY NAME=\"Sequence\": this SMS_TaskSequencePackage carries "
            "no task sequence (export it again with the console or Export-CMTaskSequence)");
      return;
    }
    if (sequence_value == nullptr) {
      Error("TS1010", Loc(sequence_property),
            "the Sequence property of object.xml has no VALUE (the package carries no task "
            "sequence)");
      return;
    }
    // The sequence is the VALUE's text (CDATA or escaped): parse it as a document of its own,
    // mapping its offsets back to the lines of object.xml.
    Unescaped inner = UnescapeContent(text_, EndOfStartTag(text_, sequence_value->Offset()));
    if (IsBlank(inner.text)) {
      Error("TS1010", Loc(sequence_value),
            "the Sequence property of object.xml is empty (the package carries no task sequence)");
      return;
    }
    // Held in a buffer of its own, which the sequence's values share.
    StrBuffer* const buffer = StrBuffer::Adopt(std::move(inner.text));
    const BufferRef hold(buffer);
    const std::string_view text(buffer->data, buffer->size);
    Builder nested(text, file_, catalog_, diags_, limits_, this, buffer);
    nested.map_ = LineMap(text, &map_, std::move(inner.breakpoints));
    XMLDocument doc;
    const XMLElement* seq =
        nested.ParseDocument(doc, "the Sequence property of object.xml: ", /*stream=*/true);
    if (seq == nullptr) return;
    if (std::strcmp(seq->Name(), "sequence") != 0) {
      Error("TS1005", nested.Loc(seq),
            "the Sequence property of object.xml holds <" + std::string(seq->Name()) +
                ">, not a <sequence>");
      return;
    }
    nested.BuildSequence(seq, target, out);
    if (!nested.EndStream()) {
      out.task_sequence.reset();
      out.CheckStepsLater();
    }
  }

  /// A PROPERTY, PROPERTY.ARRAY or PROPERTY.OBJECTARRAY of a WMI instance, typed by its TYPE.
  /// Binary arrays (uint8: Icon, ExtendedData, ISVData) are not copied.
  void ReadWmiProperty(const XMLElement* p, ParsedInput& out) {
    std::string kind = p->Name();
    const char* name = p->Attribute("NAME");
    const char* type = p->Attribute("TYPE");
    std::string t = type ? type : "string";
    PackageProperty prop;
    prop.name = name;
    if (kind == "PROPERTY"sv) {
      const XMLElement* v = p->FirstChildElement("VALUE");
      prop.value = v ? WmiValue(Text(v), t) : Value();
    } else if (kind == "PROPERTY.ARRAY"sv) {
      if (t == "uint8"sv) return;
      const XMLElement* arr = p->FirstChildElement("VALUE.ARRAY");
      if (arr == nullptr) {
        out.package.push_back(std::move(prop));
        return;
      }
      bool numeric = t != "string"sv && t != "datetime"sv && t != "boolean"sv;
      prop.value.kind = numeric ? (t[0] == 's' ? ValueKind::kSInt32Array : ValueKind::kUInt32Array)
                                : ValueKind::kStringArray;
      for (const XMLElement* v = arr->FirstChildElement("VALUE"); v != nullptr;
           v = v->NextSiblingElement("VALUE")) {
        Value item = WmiValue(Text(v), t);
        if (numeric && item.kind != ValueKind::kString) {
          prop.value.numbers.push_back(item.number);
        } else {
          if (numeric) {
            prop.value.kind = ValueKind::kStringArray;
            for (auto n : prop.value.numbers) prop.value.strings.push_back(std::to_string(n));
            prop.value.numbers.clear();
            numeric = false;
          }
          prop.value.strings.push_back(Text(v));
        }
      }
    } else if (kind == "PROPERTY.OBJECTARRAY"sv || kind == "PROPERTY.OBJECT"sv) {
      prop.value.kind = kind == "PROPERTY.OBJECT"sv ? ValueKind::kObject : ValueKind::kObjectArray;
      std::vector<const XMLElement*> instances;
      CollectInstances(p, instances);
      for (const XMLElement* inst : instances) prop.value.objects.push_back(WmiInstance(inst));
      if (prop.value.kind == ValueKind::kObject && prop.value.objects.empty()) prop.value = Value();
    } else {
      return;
    }
    out.package.push_back(std::move(prop));
  }

  static void CollectInstances(const XMLElement* e, std::vector<const XMLElement*>& out) {
    for (const XMLElement* c = e->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) {
      if (std::strcmp(c->Name(), "INSTANCE") == 0) {
        out.push_back(c);
      } else if (std::strcmp(c->Name(), "QUALIFIER") != 0) {
        CollectInstances(c, out);
      }
    }
  }

  Instance WmiInstance(const XMLElement* e) {
    Instance inst;
    const char* cls = e->Attribute("CLASSNAME");
    inst.class_name = cls ? cls : "";
    inst.role = InstanceRole::kEmbedded;
    inst.loc = Loc(e);
    ParsedInput scratch;
    for (const XMLElement* p = e->FirstChildElement(); p != nullptr; p = p->NextSiblingElement()) {
      const char* name = p->Attribute("NAME");
      if (name == nullptr || std::strncmp(name, "__", 2) == 0) continue;
      ReadWmiProperty(p, scratch);
    }
    for (auto& pp : scratch.package) {
      inst.properties.emplace_back(pp.name, std::move(pp.value), ValueSource::kElement, "",
                                   inst.loc);
    }
    return inst;
  }

  static Value WmiValue(const std::string& text, const std::string& type) {
    Value v;
    if (type == "boolean"sv) {
      if (EqualsNoCase(text, "true") || EqualsNoCase(text, "false"))
        return Value::Bool(EqualsNoCase(text, "true"));
      return Value::String(text);
    }
    bool is_signed = type == "sint8"sv || type == "sint16"sv || type == "sint32"sv;
    bool is_unsigned = type == "uint8"sv || type == "uint16"sv || type == "uint32"sv;
    if (is_signed || is_unsigned) {
      if (Convert(text, is_signed ? WmiType::kSInt32 : WmiType::kUInt32, false, v)) return v;
      // 64-bit values and the like stay text.
      return Value::String(text);
    }
    return Value::String(text);
  }

  // --- ConfigMgr 2007 <SmsTaskSequencePackage> ------------------------------------------

  void ReadPackage2007(const XMLElement* root, Target target, ParsedInput& out) {
    out.shape = "SmsTaskSequencePackage";
    out.has_package = true;
    const XMLElement* seq = nullptr;
    for (const XMLElement* c = root->FirstChildElement(); c != nullptr;
         c = c->NextSiblingElement()) {
      if (std::strcmp(c->Name(), "SequenceData") == 0) {
        seq = c->FirstChildElement("sequence");
        continue;
      }
      if (c->FirstChildElement() != nullptr) continue;  // structured fields are not package scalars
      PackageProperty prop;
      prop.name = c->Name();
      prop.value = Value::String(Text(c));
      out.package.push_back(std::move(prop));
    }
    if (seq == nullptr) {
      Error(
          "TS1010", Loc(root),
          "<SmsTaskSequencePackage> has no <SequenceData><sequence>: it carries no task sequence");
      return;
    }
    BuildSequence(seq, target, out);
  }

 private:
  void Error(const char* rule, Location loc, std::string message) {
    AddError(diags_, rule, file_, loc, std::move(message));
  }

  // Places come from the DOM: its buffer is the text (decoded in place), so a node's offset
  // and an attribute name's address are offsets in text_.
  Location Loc(const XMLElement* e) const { return map_.At(e->Offset()); }

  Location AttrLoc(const XMLElement* e, const char* name) const {
    for (const XMLAttribute* a = e->FirstAttribute(); a != nullptr; a = a->Next()) {
      if (std::strcmp(a->Name(), name) == 0) return map_.At(doc_->OffsetOf(a->Name()));
    }
    return Loc(e);
  }

  std::vector<Attribute> Attributes(const XMLElement* e) const {
    std::vector<Attribute> out;
    ReadAttributes(e, out);
    return out;
  }

  /// Fills `out` (empty) with e's attributes.
  void ReadAttributes(const XMLElement* e, std::vector<Attribute>& out) const {
    std::size_t count = 0;
    for (const XMLAttribute* a = e->FirstAttribute(); a != nullptr; a = a->Next()) ++count;
    out.reserve(count);
    for (const XMLAttribute* a = e->FirstAttribute(); a != nullptr; a = a->Next()) {
      const std::string_view name = a->NameView();
      // A `type` names a class, the same in many steps and conditions: made once.
      out.push_back({Name(name),
                     Equals(name, "type"sv) ? Name(a->ValueView()) : FromDom(a->ValueView()),
                     map_.At(doc_->OffsetOf(a->Name()))});
    }
  }

  static std::string Text(const XMLElement* e) {
    std::string out;
    ReadText(e, out);
    return out;
  }

  /// Sets `out` (empty) to e's text.
  static void ReadText(const XMLElement* e, std::string& out) {
    const XMLNode* first = e->FirstChild();
    if (first != nullptr && first == e->LastChild()) {  // the usual case: one text node
      // Built aside and moved in: assign goes through basic_string's general replace.
      if (const XMLText* t = first->ToText()) out = std::string(t->ValueView());
      return;
    }
    for (const XMLNode* c = e->FirstChild(); c != nullptr; c = c->NextSibling()) {
      if (const XMLText* t = c->ToText()) out += t->ValueView();
    }
  }
  void ReadText(const XMLElement* e, Str& out) const {
    const XMLNode* first = e->FirstChild();
    if (first != nullptr && first == e->LastChild()) {  // the usual case: one text node
      if (const XMLText* t = first->ToText()) out = FromDom(t->ValueView());
      return;
    }
    std::string text;
    ReadText(e, text);
    out = arena_.Make(text);
  }

  /// A value or text of the DOM: shared from the input text when it stands there as it is (no
  /// reference or line end was decoded in it), else copied into the arena.
  Str FromDom(std::string_view v) const {
    if (text_buffer_ != nullptr && v.size() > Str::kInline) {
      const std::size_t at = doc_->OffsetOf(v.data());
      if (at <= text_.size() && text_.size() - at >= v.size() &&
          std::memcmp(text_.data() + at, v.data(), v.size()) == 0) {
        return Str::Shared(text_buffer_, text_.data() + at, v.size());
      }
    }
    return arena_.Make(v);
  }

  /// A name (element, attribute, class or property): up to 15 bytes inline, longer ones made
  /// once per import and shared (a class name is in every step of its class).
  Str Name(std::string_view n) const {
    if (n.size() <= Str::kInline) return Str(n);
    auto it = names_.find(n);
    if (it != names_.end()) return it->second;
    Str s = arena_.Make(n);
    names_.emplace(s.view(), s);  // the key views the Str's own bytes, which never move
    return s;
  }

  RawElement Raw(const XMLNode* n) const {
    RawElement r;
    if (const XMLText* t = n->ToText()) {
      r.text = t->Value();
      r.loc = map_.Line(static_cast<std::uint32_t>(n->GetLineNum()));
      return r;
    }
    const XMLElement* e = n->ToElement();
    r.name = e->Name();
    r.attributes = Attributes(e);
    r.loc = Loc(e);
    for (const XMLNode* c = e->FirstChild(); c != nullptr; c = c->NextSibling()) {
      if (const XMLText* t = c->ToText()) {
        if (!IsBlank(t->Value())) r.children.push_back(Raw(c));
      } else if (c->ToElement() != nullptr) {
        r.children.push_back(Raw(c));
      }
    }
    if (r.children.size() == 1 && r.children[0].name.empty()) {
      r.text = r.children[0].text;
      r.children.clear();
    }
    return r;
  }

  // Children that are neither elements we know nor blank text are kept as extras.
  static bool Meaningful(const XMLNode* n) {
    if (const XMLText* t = n->ToText()) return !IsBlank(t->Value());
    return n->ToElement() != nullptr;  // comments and declarations are not kept
  }

  void KeepExtra(Instance& inst, std::size_t position, const XMLNode* n) {
    if (!Meaningful(n)) return;
    inst.layout.push_back({ChildKind::kExtra, inst.extras.size()});
    inst.extras.emplace_back(position, Raw(n));
  }

  /// Keeps an unknown child of a list element (<defaultVarList>, <referenceList>...).
  template <typename List>  // a std::vector or RareVector of (position, element)
  void KeepListExtra(List& list, std::size_t position, const XMLNode* n) {
    if (Meaningful(n)) list.emplace_back(position, Raw(n));
  }

  Variable ReadVariable(const XMLElement* e) const {
    Variable v;
    ReadVariable(e, v);
    return v;
  }

  /// Reads a <variable> into v (new): made in place, it is not moved into its list.
  void ReadVariable(const XMLElement* e, Variable& v) const {
    v.loc = Loc(e);
    ReadAttributes(e, v.attributes);
    v.IndexAttributes();
    ReadText(e, v.text);
  }

  // --- the sequence ---------------------------------------------------------------------

  /// Builds the sequence into out.task_sequence. Each step is numbered and checked
  /// (ValidateStep) as soon as it is built, still in the cache, into out.step_diagnostics,
  /// while the task sequence is ConfigMgr's; MDT markup met on the way stops that (MDT changes
  /// what the checks report) and the caller checks the whole sequence at the end instead.
  void BuildSequence(const XMLElement* root, Target target, ParsedInput& out) {
    TaskSequence& ts = out.task_sequence.emplace();
    ts.text_bytes = text_.size();
    const auto mdt = [&] {
      return target == Target::kMdt || (target == Target::kAuto && mdt_markup_);
    };
    int next_number = 0;
    out.steps_checked = check_step_ != nullptr;
    out.step_diagnostics.clear();
    Instance& r = ts.root;
    r.class_name = Name("SMS_TaskSequence"sv);
    r.role = InstanceRole::kTaskSequence;
    r.element = "sequence";
    r.loc = Loc(root);
    r.attributes = Attributes(root);
    for (const auto& a : r.attributes) {
      if (a.name == "version"sv)
        r.Set({"SchemaVersion", Value::String(a.value), ValueSource::kAttribute, a.value, a.loc});
      if (a.name == "name"sv || a.name == "description"sv) mdt_markup_ = true;
    }
    Property steps{"Steps", {}, ValueSource::kChildren, {}, r.loc};
    steps.value.kind = ValueKind::kObjectArray;
    if (doc_ == nullptr || !doc_->Streaming() || root != doc_->RootElement()) {
      std::size_t count = 0;  // (a streamed root's children are not known ahead)
      for (const XMLElement* c = root->FirstChildElement(); c != nullptr;
           c = c->NextSiblingElement())
        ++count;
      steps.value.objects.reserve(count);  // (a few more than the steps: the lists)
    }
    EachChild(root, [&](const XMLNode* n) {
      const XMLElement* e = n->ToElement();
      std::string name = e ? e->Name() : "";
      if (name == "referenceList"sv) {
        r.layout.push_back({ChildKind::kReferenceList, 0});
        ts.has_reference_list = true;
        ts.reference_list_loc = Loc(e);
        ts.reference_list_attributes = Attributes(e);
        ReadReferences(e, ts);
      } else if (name == "globalVarList"sv) {
        r.layout.push_back({ChildKind::kGlobalVarList, 0});
        ts.has_global_var_list = true;
        ts.global_var_list_loc = Loc(e);
        ts.global_var_list_attributes = Attributes(e);
        for (const XMLNode* c = e->FirstChild(); c != nullptr; c = c->NextSibling()) {
          const XMLElement* v = c->ToElement();
          if (v != nullptr && std::strcmp(v->Name(), "variable") == 0) {
            ts.global_variables.push_back(ReadVariable(v));
          } else {
            KeepListExtra(ts.global_var_list_extras, ts.global_variables.size(), c);
          }
        }
      } else if (name == "group"sv || name == "step"sv || name == "subtasksequence"sv) {
        r.layout.push_back({ChildKind::kStep, steps.value.objects.size()});
        steps.value.objects.push_back(BuildStep(e, ts));
        if (out.steps_checked && mdt()) out.CheckStepsLater();
        if (out.steps_checked) {
          NumberStep(steps.value.objects.back(), next_number);
          (*check_step_)(ts, steps.value.objects.back(), out.step_diagnostics);
        }
      } else {
        KeepExtra(r, steps.value.objects.size(), n);
      }
    });
    r.Set(std::move(steps));
    if (mdt()) {
      ts.dialect = Dialect::kMdt;
      DeriveCommandLines(r);
      out.CheckStepsLater();
    }
  }

  // MDT keeps a command-line step's command in <action> (no CommandLine variable): the
  // property is derived from it.
  void DeriveCommandLines(Instance& parent) {
    Property* steps = parent.Find("Steps");
    if (steps == nullptr) return;
    for (auto& s : steps->value.objects) {
      if (s.role == InstanceRole::kGroup) {
        DeriveCommandLines(s);
        continue;
      }
      if (!s.action) continue;
      static const Str kCommandLine = "CommandLine";
      const ClassDef* cls = catalog_.Find(s.class_name);
      if (cls == nullptr || cls->Find(kCommandLine) == nullptr || s.Find(kCommandLine) != nullptr)
        continue;
      s.Set({"CommandLine", Value::String(*s.action), ValueSource::kDerived, *s.action,
             s.action_loc});
    }
  }

  void ReadReferences(const XMLElement* list, TaskSequence& ts) {
    for (const XMLNode* c = list->FirstChild(); c != nullptr; c = c->NextSibling()) {
      const XMLElement* e = c->ToElement();
      if (e == nullptr || std::strcmp(e->Name(), "reference") != 0) {
        KeepListExtra(ts.reference_list_extras, ts.references.size(), c);
        continue;
      }
      Reference ref;
      ref.loc = Loc(e);
      ref.attributes = Attributes(e);
      if (const char* app = e->Attribute("application")) {
        ref.package = app;
        ref.type = 1;
      } else if (const char* pkg = e->Attribute("package")) {
        ref.package = pkg;
      }
      if (const char* program = e->Attribute("program")) ref.program = program;
      ts.references.push_back(std::move(ref));
    }
  }

  Instance BuildStep(const XMLElement* e, TaskSequence& ts) {
    Instance s;
    BuildStep(e, ts, s);
    return s;
  }

  /// Builds the step or group `e` into s (new): a group's steps are built in place in its list.
  void BuildStep(const XMLElement* e, TaskSequence& ts, Instance& s) {
    s.element = e->Name();
    s.loc = Loc(e);
    s.attributes = Attributes(e);
    const bool is_group = Equals(s.element, "group"sv);
    if (is_group) {
      s.role = InstanceRole::kGroup;
      s.class_name = Name("SMS_TaskSequence_Group"sv);
      ++ts.groups;
    } else {
      s.role = InstanceRole::kAction;
      ++ts.steps;
      if (const char* type = e->Attribute("type")) {
        s.class_name = Name(type);
        s.has_type_attribute = true;
      } else {
        s.class_name = Name("MDT_CommandLineStep"sv);
        mdt_markup_ = true;
      }
    }
    const ClassDef* cls = catalog_.Find(s.class_name);
    // Room, once, for what is set (a Property is large and a large sequence has a hundred
    // thousand): the attributes that set properties, the variables (counted ahead in
    // <defaultVarList>), Condition or Steps; and for the steps of a group.
    std::size_t count = is_group ? 1 : 0, steps = 0, elements = 0;
    for (const auto& a : s.attributes) {
      const StepAttribute kind = StepAttributeOf(a.name);
      if (kind == StepAttribute::kSuccessCodeList || kind == StepAttribute::kRetryCount ||
          kind == StepAttribute::kRunFromNet) {
        // A mirror sets its property only when the class has it (ApplyStepAttributes), which
        // five classes do. Counted for every step, the room was given back by shrink_to_fit
        // below (a reallocation and a move): 453 times in a generated 1 MB sequence, 75 now.
        const std::size_t i = MirrorIndex(kind);
        count += FindAt(cls, kMirrored[i], step_def_at_[5 + i]) != nullptr;
      } else {
        count += kind != StepAttribute::kNone && kind != StepAttribute::kMdt;
      }
    }
    bool counted_variables = false;
    for (const XMLElement* c = e->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) {
      ++elements;
      const StepChild kind = StepChildOf(c->Name());
      if (kind == StepChild::kVariableList && !counted_variables) {
        counted_variables = true;
        for (const XMLElement* v = c->FirstChildElement(); v != nullptr;
             v = v->NextSiblingElement())
          ++count;
      } else if (kind == StepChild::kCondition) {
        ++count;
      } else if (kind == StepChild::kStep) {
        ++steps;
      }
    }
    s.properties.reserve(count);
    // Each child element takes a place in the layout (text that is kept may add to them): a
    // step's three or so, grown one by one, cost two reallocations.
    s.layout.reserve(elements);

    // The mirrored attributes, set last (ApplyStepAttributes).
    const Attribute* mirrors[3] = {};
    for (const auto& a : s.attributes) {
      const StepAttribute kind = StepAttributeOf(a.name);
      switch (kind) {
        case StepAttribute::kName:
          // A name is never unset: ConfigMgr always writes one, and name="" is a Name of 0
          // characters, which AllowedLen("1-100") refuses (TS2008).
          SetString(s, kNameProperty, a.value, ValueSource::kAttribute, a.loc);
          break;
        case StepAttribute::kDescription:
          SetTyped(s, FindAt(cls, kDescriptionProperty, step_def_at_[1]), kDescriptionProperty,
                   a.value, ValueSource::kAttribute, a.loc);
          break;
        case StepAttribute::kDisable: {
          Property& p = SetEmpty(s, kEnabledProperty);
          p.source = ValueSource::kAttribute;
          p.loc = a.loc;
          p.convert_failed = !Convert(a.value, WmiType::kBoolean, false, p.value);
          if (!p.convert_failed) p.value.boolean = !p.value.boolean;  // disable="true": false
          p.set_raw(a.value);
          break;
        }
        case StepAttribute::kContinueOnError:
          SetTyped(s, FindAt(cls, kContinueOnErrorProperty, step_def_at_[2]),
                   kContinueOnErrorProperty, a.value, ValueSource::kAttribute, a.loc,
                   WmiType::kBoolean);
          break;
        case StepAttribute::kRunIn:
          if (!is_group) {
            SetTyped(s, FindAt(cls, kSupportedEnvironmentProperty, step_def_at_[3]),
                     Name(kSupportedEnvironmentProperty), a.value, ValueSource::kAttribute, a.loc);
          }
          break;
        case StepAttribute::kTimeout:
          if (!is_group) {
            SetTyped(s, FindAt(cls, kTimeoutProperty, step_def_at_[4]), kTimeoutProperty, a.value,
                     ValueSource::kAttribute, a.loc, WmiType::kUInt32);
          }
          break;
        case StepAttribute::kSuccessCodeList:
        case StepAttribute::kRetryCount:
        case StepAttribute::kRunFromNet:
          mirrors[MirrorIndex(kind)] = &a;
          break;
        case StepAttribute::kMdt:
          mdt_markup_ = true;
          break;
        case StepAttribute::kNone:
          break;
      }
    }

    std::vector<Instance> children;  // a group's steps
    if (is_group) children.reserve(steps);
    std::vector<const XMLElement*> variable_elements;
    for (const XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) {
      const XMLElement* c = n->ToElement();
      const StepChild kind = c ? StepChildOf(c->Name()) : StepChild::kOther;
      if (kind == StepChild::kCondition && s.Find(kConditionProperty) == nullptr) {
        s.layout.push_back({ChildKind::kCondition, 0});
        Property& cond = SetEmpty(s, kConditionProperty);
        cond.source = ValueSource::kElement;
        cond.loc = Loc(c);
        cond.value.kind = ValueKind::kObject;
        BuildCondition(c, cond.value.objects.emplace_back());
      } else if (kind == StepChild::kAction && !s.action && c->FirstChildElement() == nullptr) {
        s.layout.push_back({ChildKind::kAction, 0});
        ReadText(c, s.action.emplace());  // (shared with the input, as any value)
        s.action_loc = Loc(c);
        s.action_attributes = Attributes(c);
        if (is_group) mdt_markup_ = true;
      } else if (kind == StepChild::kVariableList && !is_group && !s.has_variable_list) {
        s.layout.push_back({ChildKind::kVariableList, 0});
        s.has_variable_list = true;
        s.variable_list_loc = Loc(c);
        s.variable_list_attributes = Attributes(c);
        std::size_t count = 0;
        for (const XMLNode* vn = c->FirstChild(); vn != nullptr; vn = vn->NextSibling()) ++count;
        s.variables.reserve(count);
        variable_elements.reserve(count);
        for (const XMLNode* vn = c->FirstChild(); vn != nullptr; vn = vn->NextSibling()) {
          const XMLElement* v = vn->ToElement();
          if (v != nullptr && std::strcmp(v->Name(), "variable") == 0 &&
              v->FirstChildElement() == nullptr) {
            ReadVariable(v, s.variables.emplace_back());
            variable_elements.push_back(v);
          } else {
            KeepListExtra(s.variable_list_extras, s.variables.size(), vn);
          }
        }
      } else if (is_group && kind == StepChild::kStep) {
        s.layout.push_back({ChildKind::kStep, children.size()});
        BuildStep(c, ts, children.emplace_back());
      } else {
        KeepExtra(s, children.size(), n);
      }
    }
    if (is_group) {
      static const Str kSteps = "Steps";
      Property& p = SetEmpty(s, kSteps);
      p.source = ValueSource::kChildren;
      p.loc = s.loc;
      p.value.kind = ValueKind::kObjectArray;
      p.value.objects = std::move(children);
    } else {
      ApplyVariables(s, cls, variable_elements);
      ApplyStepAttributes(s, cls, mirrors);
      // Variables of an embedded-object array (Install Application's AppInfo) make one
      // property between them: give back what the count above set aside for them.
      if (s.properties.capacity() > s.properties.size() + 2) s.properties.shrink_to_fit();
    }
  }

  /// cls->Find(prop) (null without a class), trying first the definition at `at`, which is
  /// then set to where it was found: a class holds each name once, so a definition found
  /// there is the one Find would find. The properties that step attributes set are inherited,
  /// at the same place in almost every class; variables and fields come mostly in the order
  /// of their class (the caller then moves `at` on by one).
  static const PropertyDef* FindAt(const ClassDef* cls, std::string_view prop, std::size_t& at) {
    if (cls == nullptr) return nullptr;
    const auto& defs = cls->properties;
    if (at < defs.size() && defs[at].name == prop) return &defs[at];
    const PropertyDef* def = cls->Find(prop);
    if (def != nullptr) at = static_cast<std::size_t>(def - defs.data());
    return def;
  }

  void SetTyped(Instance& inst, const ClassDef* cls, const Str& prop, const Str& raw,
                ValueSource source, Location loc, WmiType fallback = WmiType::kString) {
    SetTyped(inst, cls ? cls->Find(prop) : nullptr, prop, raw, source, loc, fallback);
  }

  /// Sets property `prop` (whose definition is `def`, or null) converted from `raw`. An empty
  /// value is unset (null), as ConfigMgr writes a property it does not set
  /// (`<variable ...></variable>`); so is a value of a type that cannot hold white space (a
  /// number, a Boolean, a date, a list) that is only white space, as a pretty-printed export
  /// has it. The text stays the property's raw text, so that it is written back as it was.
  static void SetTyped(Instance& inst, const PropertyDef* def, const Str& prop, const Str& raw,
                       ValueSource source, Location loc, WmiType fallback = WmiType::kString) {
    WmiType type = def ? def->type : fallback;
    if (type == WmiType::kObject) type = WmiType::kString;
    bool is_array = def ? def->is_array : false;
    const bool text = type == WmiType::kString && !is_array;
    if (text && !raw.empty()) {  // the usual case: nothing to convert
      SetString(inst, prop, raw, source, loc);
      return;
    }
    Property& p = SetEmpty(inst, prop);
    p.source = source;
    p.loc = loc;
    if (raw.empty() || (!text && IsBlank(raw))) {
      p.set_raw(raw);  // an unset value (kNull)
      return;
    }
    p.convert_failed = !Convert(raw, type, is_array, p.value);
    p.set_raw(raw);
  }

  // Step attributes that mirror properties (successCodeList, retryCount, runFromNet) set the
  // property only when the class has it and no variable set it (task-sequence-format.md 5.4).
  // `mirrors`: the successCodeList, retryCount and runFromNet attributes (or null).
  void ApplyStepAttributes(Instance& s, const ClassDef* cls, const Attribute* const (&mirrors)[3]) {
    if (cls == nullptr) return;
    for (std::size_t i = 0; i < 3; ++i) {
      const Attribute* a = mirrors[i];
      if (a == nullptr) continue;
      const PropertyDef* def = FindAt(cls, kMirrored[i], step_def_at_[5 + i]);
      if (def == nullptr || s.Find(kMirrored[i]) != nullptr) continue;
      SetTyped(s, def, kMirrored[i], a->value, ValueSource::kAttribute, a->loc);
    }
  }

  void ApplyVariables(Instance& s, const ClassDef* cls,
                      const std::vector<const XMLElement*>& elements) {
    struct ArrayBuild {
      const PropertyDef* def = nullptr;
      /// Each element's fields (name, variable), in input order: an element is made once they
      /// are all known, so that its properties are reserved once, not grown one by one.
      std::map<std::size_t, std::vector<std::pair<std::string, const Variable*>>> elements;
      const Variable* count = nullptr;
    };
    /// Where an element is: at its first field that has a place.
    const auto element_loc =
        [](const std::vector<std::pair<std::string, const Variable*>>& fields) {
          for (const auto& field : fields) {
            if (field.second->loc.line != 0) return field.second->loc;
          }
          return Location{};
        };
    std::map<std::string, ArrayBuild> arrays;
    std::size_t next = 0;  // where the next variable's definition is looked for first
    for (std::size_t vi = 0; vi < s.variables.size(); ++vi) {
      Variable& v = s.variables[vi];
      if (!v.property()) {
        v.role = VariableRole::kNoProperty;
        continue;
      }
      if (cls == nullptr) {
        v.role = VariableRole::kUnknown;
        continue;
      }
      const Str& key = *v.property();
      const PropertyDef* def = FindAt(cls, key, next);
      if (def != nullptr) ++next;  // the next variable's, most often
      if (def != nullptr && def->type == WmiType::kObject && def->is_array &&
          !Equals(def->object_class, "SMS_TaskSequence_Rule"sv)) {
        v.role = VariableRole::kArrayCount;
        arrays[def->name].def = def;
        arrays[def->name].count = &v;
        continue;
      }
      if (def != nullptr && Equals(def->object_class, "SMS_TaskSequence_Rule"sv)) {
        v.role = VariableRole::kProperty;
        s.Set(BuildRules(v, vi < elements.size() ? elements[vi] : nullptr));
        continue;
      }
      if (def != nullptr) {
        v.role = VariableRole::kProperty;
        SetTyped(s, def, key, v.text, ValueSource::kVariable, v.loc);
        continue;
      }
      const PropertyDef* array = nullptr;
      std::size_t index = 0;
      std::string field;
      if (SplitArrayElement(key, *cls, array, index, field)) {
        v.role = VariableRole::kArrayElement;
        ArrayBuild& build = arrays[array->name];
        build.def = array;
        build.elements[index].emplace_back(std::move(field), &v);
        continue;
      }
      v.role = VariableRole::kUnknown;
    }
    for (auto& [name, build] : arrays) {
      Property p;
      p.name = Name(name);
      p.source = ValueSource::kVariable;
      p.value.kind = ValueKind::kObjectArray;
      if (build.count != nullptr) {
        p.set_raw(build.count->text);
        p.loc = build.count->loc;
      } else if (!build.elements.empty()) {
        p.loc = element_loc(build.elements.begin()->second);
      }
      std::size_t size = build.elements.empty() ? 0 : build.elements.rbegin()->first + 1;
      // Indexes are user data; never allocate by them. Gaps become empty elements, which the
      // validator reports one by one: at most as many gaps as elements, so that one variable
      // (OSDPartitions4000Type) cannot make thousands of objects and diagnostics.
      size = std::min<std::size_t>({size, 4096, 2 * build.elements.size()});
      p.value.objects.resize(size);
      for (auto& el : p.value.objects) {
        el.class_name = Name(build.def->object_class);
        el.role = InstanceRole::kEmbedded;
      }
      if (build.elements.empty() && (build.count == nullptr || IsBlank(build.count->text))) {
        p.value = Value();  // an empty count and no elements: unset
      }
      const ClassDef* ecls = catalog_.Find(build.def->object_class);
      for (const auto& [i, fields] : build.elements) {
        if (i >= size) continue;
        Instance& el = p.value.objects[i];
        el.loc = element_loc(fields);
        el.properties.reserve(fields.size());
        for (const auto& [field, v] : fields)
          SetTyped(el, ecls, Name(field), v->text, ValueSource::kVariable, v->loc);
      }
      s.Set(std::move(p));
    }
  }

  // --- conditions -----------------------------------------------------------------------

  /// Builds the condition `e` into c (new).
  void BuildCondition(const XMLElement* e, Instance& c) {
    c.class_name = Name("SMS_TaskSequence_Condition"sv);
    c.role = InstanceRole::kCondition;
    c.element = e->Name();
    c.loc = Loc(e);
    c.attributes = Attributes(e);
    c.Set(BuildOperands(e, c));
  }

  static bool IsOperand(std::string_view name) {
    return Equals(name, "expression"sv) || Equals(name, "operator"sv) ||
           Equals(name, "osConditionGroup"sv) || Equals(name, "osExpressionGroup"sv);
  }

  Property BuildOperands(const XMLElement* e, Instance& owner) {
    Property ops{"Operands", {}, ValueSource::kChildren, {}, owner.loc};
    ops.value.kind = ValueKind::kObjectArray;
    // Room for the operands, which are then built in place (an Instance is large).
    std::size_t count = 0, elements = 0;
    for (const XMLElement* c = e->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) {
      count += IsOperand(c->Name());
      ++elements;
    }
    ops.value.objects.reserve(count);
    owner.layout.reserve(owner.layout.size() + elements);
    for (const XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) {
      const XMLElement* c = n->ToElement();
      const std::string_view name = c ? c->Name() : "";
      if (IsOperand(name)) {
        owner.layout.push_back({ChildKind::kOperand, ops.value.objects.size()});
        BuildOperand(c, ops.value.objects.emplace_back());
      } else if (Equals(name, "platformKey"sv) && Equals(owner.element, "osExpressionGroup"sv)) {
        for (const XMLAttribute* a = c->FirstAttribute(); a != nullptr; a = a->Next()) {
          static const std::pair<const char*, std::string> kKeys[] = {
              {"arch", "PlatformArchKey"},
              {"type", "PlatformTypeKey"},
              {"minVer", "PlatformMinVerKey"},
              {"maxVer", "PlatformMaxVerKey"}};
          for (const auto& [attr, prop] : kKeys) {
            if (std::strcmp(a->Name(), attr) == 0) {
              SetString(owner, prop, a->Value(), ValueSource::kElement, AttrLoc(c, attr));
            }
          }
        }
        // Kept verbatim too, so that it is written back as it was.
        KeepExtra(owner, ops.value.objects.size(), c);
      } else {
        KeepExtra(owner, ops.value.objects.size(), n);
      }
    }
    return ops;
  }

  /// Builds the operand `e` into o (new).
  void BuildOperand(const XMLElement* e, Instance& o) {
    o.role = InstanceRole::kOperand;
    o.element = e->Name();
    o.loc = Loc(e);
    o.attributes = Attributes(e);
    const char* type = e->Attribute("type");
    if (Equals(o.element, "expression"sv)) {
      if (type != nullptr) {
        o.class_name = Name(type);
        o.has_type_attribute = true;
      }
      const ClassDef* cls = catalog_.Find(o.class_name);
      std::size_t next = 0;  // where the next field's definition is looked for first
      std::size_t count = 0;
      for (const XMLElement* c = e->FirstChildElement(); c != nullptr; c = c->NextSiblingElement())
        ++count;
      o.variables.reserve(count);
      o.properties.reserve(count);
      for (const XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) {
        const XMLElement* c = n->ToElement();
        if (c != nullptr && std::strcmp(c->Name(), "variable") == 0 &&
            c->FirstChildElement() == nullptr) {
          Variable& v = o.variables.emplace_back();
          ReadVariable(c, v);
          v.role = VariableRole::kField;
          if (const PropertyDef* def = FindAt(cls, v.name(), next)) {
            ++next;  // the next field's, most often
            SetTyped(o, def, v.name(), v.text, ValueSource::kVariable, v.loc);
          }
        } else {
          KeepExtra(o, o.variables.size(), n);
        }
      }
      return;
    }
    static const Str kOperatorType = "OperatorType";
    o.properties.reserve(2);  // OperatorType and Operands (a group's name and keys add to them)
    if (Equals(o.element, "operator"sv)) {
      o.class_name = Name("SMS_TaskSequence_ConditionOperator"sv);
    } else if (Equals(o.element, "osConditionGroup"sv)) {
      o.class_name = Name("SMS_TaskSequence_OSConditionGroup"sv);
    } else {
      o.class_name = Name("SMS_TaskSequence_OSExpressionGroup"sv);
      if (const char* name = e->Attribute("name")) {
        SetString(o, kNameProperty, name, ValueSource::kAttribute, AttrLoc(e, "name"));
      }
    }
    if (Equals(o.element, "osExpressionGroup"sv)) {
      o.Set({kOperatorType, Value::String("and"), ValueSource::kDerived, {}, o.loc});
    } else if (type != nullptr) {
      SetString(o, kOperatorType, type, ValueSource::kAttribute, AttrLoc(e, "type"));
    }
    o.Set(BuildOperands(e, o));
  }

  // --- Set Dynamic Variables rules: a nested document -------------------------------------

  Property BuildRules(const Variable& v, const XMLElement* element) {
    Property p{"Rules", {}, ValueSource::kVariable, v.text, v.loc};
    if (IsBlank(v.text)) return p;  // unset: no rules
    p.value.kind = ValueKind::kObjectArray;
    // The nested text starts right after the <variable ...> start tag; its lines continue the
    // file's lines from there (escaping keeps line breaks).
    // Map the nested document's offsets to the file through the variable's raw (escaped) text.
    Unescaped inner;
    const std::size_t offset = element != nullptr ? element->Offset() : 0;
    if (element != nullptr) inner = UnescapeContent(text_, EndOfStartTag(text_, offset));
    if (element == nullptr || inner.text != v.text) {
      inner.text = v.text;
      inner.breakpoints.assign(1, {0, offset});
    }
    std::vector<Diagnostic> nested_diags;
    Builder nested(inner.text, file_, catalog_, nested_diags, limits_, this);
    nested.map_ = LineMap(inner.text, &map_, std::move(inner.breakpoints));
    XMLDocument doc;
    const XMLElement* root = nested.ParseDocument(doc, "");
    if (root == nullptr) {
      // A limit (TS1015-TS1018) holds for the nested document as for any: reported as itself.
      if (!nested_diags.empty() && nested_diags.front().rule != "TS1004"sv) {
        diags_.push_back(std::move(nested_diags.front()));
        return p;
      }
      p.convert_failed = true;
      std::string error = nested_diags.empty() ? "not well-formed" : nested_diags.front().message;
      const std::string prefix = "not well-formed XML: ";
      if (error.rfind(prefix, 0) == 0) error = error.substr(prefix.size());
      p.set_error(std::move(error));
      return p;
    }
    if (root == nullptr || std::strcmp(root->Name(), "Rules") != 0) {
      p.convert_failed = true;
      p.set_error(root ? "the root element is <" + std::string(root->Name()) + ">, not <Rules>"
                       : "no root element");
      return p;
    }
    for (const XMLElement* r = root->FirstChildElement(); r != nullptr;
         r = r->NextSiblingElement()) {
      if (std::strcmp(r->Name(), "Rule") != 0) {
        p.convert_failed = true;
        p.set_error("<" + std::string(r->Name()) + "> where <Rule> was expected");
        return p;
      }
      Instance rule;
      rule.class_name = Name("SMS_TaskSequence_Rule"sv);
      rule.role = InstanceRole::kRule;
      rule.element = "Rule";
      rule.loc = nested.Loc(r);
      Property vars{"Variables", {}, ValueSource::kElement, {}, rule.loc};
      vars.value.kind = ValueKind::kObjectArray;
      for (const XMLElement* c = r->FirstChildElement(); c != nullptr;
           c = c->NextSiblingElement()) {
        if (std::strcmp(c->Name(), "condition") == 0) {
          Property cond{"Condition", {}, ValueSource::kElement, {}, nested.Loc(c)};
          cond.value.kind = ValueKind::kObject;
          nested.BuildCondition(c, cond.value.objects.emplace_back());
          rule.Set(std::move(cond));
        } else if (std::strcmp(c->Name(), "Variables") == 0) {
          for (const XMLElement* x = c->FirstChildElement(); x != nullptr;
               x = x->NextSiblingElement()) {
            Instance var;
            var.class_name = Name("SMS_TaskSequence_RuleVariable"sv);
            var.role = InstanceRole::kEmbedded;
            var.element = x->Name();
            var.loc = nested.Loc(x);
            var.attributes = nested.Attributes(x);
            var.properties.reserve(3);  // Name, IsSecret, Value
            const ClassDef* vcls = catalog_.Find(var.class_name);
            if (const char* name = x->Attribute("Name")) {
              SetString(var, kNameProperty, name, ValueSource::kAttribute,
                        nested.AttrLoc(x, "Name"));
            }
            if (const char* secret = x->Attribute("IsSecret")) {
              nested.SetTyped(var, vcls, "IsSecret", secret, ValueSource::kAttribute,
                              nested.AttrLoc(x, "IsSecret"));
            }
            // The text read straight into the value, its own raw text (see SetString).
            static const Str kValue = "Value";
            Property& value = SetString(var, kValue, {}, ValueSource::kElement, var.loc);
            ReadText(x, value.value.text);
            if (value.value.text.empty()) {  // an empty value is unset, as anywhere
              value.value = Value();
              value.set_raw(Str());
            }
            vars.value.objects.push_back(std::move(var));
          }
        } else {
          nested.KeepExtra(rule, 0, c);
        }
      }
      rule.Set(std::move(vars));
      p.value.objects.push_back(std::move(rule));
    }
    return p;
  }

  std::string_view text_;
  StrBuffer* text_buffer_;  ///< holds text_, or null
  const std::string& file_;
  const Catalog& catalog_;
  std::vector<Diagnostic>& diags_;
  const Limits& limits_;
  LineMap map_;
  /// The model's strings (ReadAttributes, ReadText, Name), shared with embedded documents'
  /// builders: an arena chunk per Set Dynamic Variables step would be mostly empty.
  /// Names here are longer than 15 bytes and share long prefixes ("SMS_TaskSequence_"):
  /// hashed by their length and last 16 bytes (equal hashes are still compared whole).
  struct NameHash {
    std::size_t operator()(std::string_view s) const {
      std::uint64_t a = 0, b = 0;
      const std::size_t n = s.size();
      std::memcpy(&a, s.data() + n - std::min<std::size_t>(n, 16), std::min<std::size_t>(n, 8));
      std::memcpy(&b, s.data() + n - std::min<std::size_t>(n, 8), std::min<std::size_t>(n, 8));
      return static_cast<std::size_t>(
          ((a * 0x9E3779B97F4A7C15ull) ^ b ^ n) * 0xC2B2AE3D27D4EB4Full >> 16);
    }
  };
  using Names = std::unordered_map<std::string_view, Str, NameHash>;
  struct Strings {
    StrArena arena;
    Names names;
  };
  std::shared_ptr<Strings> strings_;
  StrArena& arena_;
  Names& names_;
  std::unique_ptr<PieceScanner> scanner_;  ///< of the document being built (ParseDocument)
  const XMLDocument* doc_ = nullptr;       ///< the document being built from (ParseDocument)
  std::string what_;                       ///< ParseDocument's `what`, for the DOM's errors
  std::size_t stream_diagnostics_ = 0;     ///< diagnostics before a streamed document's model
  bool mdt_markup_ = false;
  const StepCheck* check_step_;  ///< checks each step as it is built (null: not at all)
  /// Where the properties that step attributes set (Name, Description, ContinueOnError,
  /// SupportedEnvironment, Timeout, SuccessCodes, RetryCount, RunFromNet) were last found in
  /// their class (FindAt).
  std::size_t step_def_at_[8] = {};
};

}  // namespace

std::vector<Instance> ReadWmiInstances(std::string_view text, const std::string& file,
                                       const Catalog& catalog, std::vector<Diagnostic>& diagnostics,
                                       const Limits& limits) {
  return Builder(text, file, catalog, diagnostics, limits).RunInstances();
}

ParsedInput ParseText(std::string_view text, const std::string& file, const Catalog& catalog,
                      Target target, std::vector<Diagnostic>& diagnostics, const Limits& limits,
                      StrBuffer* text_buffer, const StepCheck* check_step) {
  return Builder(text, file, catalog, diagnostics, limits, nullptr, text_buffer, check_step)
      .Run(target);
}

}  // namespace tsimport::detail
