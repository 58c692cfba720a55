// -f xml: the sequence written back from the model.
//
// Every Instance keeps its provenance (element name, attributes in order, `<variable>` elements,
// unknown children and the order of its children), so the writer rebuilds the input's tree
// from it: first a tree of RawElement nodes, then text with one fixed layout (docs/formats.md):
//   - two-space indentation, one element per line, LF line ends, a final newline;
//   - no XML declaration (ImportSequence takes the bare <sequence>, as ExportXml writes it);
//   - an element with text is written on one line, its text verbatim (`<variable
//   ...>x</variable>`);
//     an empty `<variable>` keeps its end tag, an empty `<action>` is `<action />` (both as
//     ConfigMgr and MDT write them); other empty elements are `<x/>`;
//   - text mixed with elements (only in unknown markup) is written trimmed, on its own line;
//   - `&`, `<`, `>` are escaped in texts, and `"` too in attribute values; CR is written `&#xD;`
//     everywhere, TAB and LF as `&#x9;` and `&#xA;` in attribute values, so that a parser gives
//     them back instead of normalising them.
#include <algorithm>

#include "tsimport/write.h"

namespace tsimport {
namespace {

RawElement Element(std::string name, std::vector<Attribute> attributes = {}) {
  RawElement e;
  e.name = std::move(name);
  e.attributes = std::move(attributes);
  return e;
}

RawElement TextElement(std::string name, std::vector<Attribute> attributes, std::string text) {
  RawElement e = Element(std::move(name), std::move(attributes));
  e.text = std::move(text);
  return e;
}

RawElement VariableNode(const Variable& v) {
  return TextElement("variable", v.attributes, v.text.str());
}

/// Entries of a list element with the unknown children kept beside them, each of those placed
/// after as many entries as preceded it in the input.
template <typename T, typename F>
void Interleave(RawElement& list, const std::vector<T>& entries,
                const std::vector<std::pair<std::size_t, RawElement>>& extras, F node) {
  // Extras are in document order, each with the number of entries before it: one pass.
  std::size_t k = 0;
  for (std::size_t i = 0; i <= entries.size(); ++i) {
    while (k < extras.size() && extras[k].first <= i) list.children.push_back(extras[k++].second);
    if (i < entries.size()) list.children.push_back(node(entries[i]));
  }
  // Extras placed beyond the end (should not happen) are not lost either.
  while (k < extras.size()) list.children.push_back(extras[k++].second);
}

const std::vector<Instance>* Objects(const Instance& inst, const char* property) {
  const Property* p = inst.Find(property);
  if (p == nullptr ||
      (p->value.kind != ValueKind::kObjectArray && p->value.kind != ValueKind::kObject)) {
    return nullptr;
  }
  return &p->value.objects.get();
}

RawElement OperandNode(const Instance& o);

/// A condition, an operator or an OS condition/expression group, in the order of `layout`.
RawElement ConditionNode(const Instance& c) {
  RawElement e = Element(c.element.empty() ? "condition" : c.element.str(), c.attributes);
  if (c.element == "expression") {
    // Expression fields are not in `layout`: each unknown child has the number of fields
    // before it.
    Interleave(e, c.variables, c.extras.get(), VariableNode);
    return e;
  }
  const std::vector<Instance>* operands = Objects(c, "Operands");
  for (const auto& ref : c.layout) {
    if (ref.kind == ChildKind::kOperand && operands != nullptr && ref.index < operands->size()) {
      e.children.push_back(OperandNode((*operands)[ref.index]));
    } else if (ref.kind == ChildKind::kExtra && ref.index < c.extras.size()) {
      e.children.push_back(c.extras[ref.index].second);
    }
  }
  return e;
}

RawElement OperandNode(const Instance& o) { return ConditionNode(o); }

RawElement StepNode(const Instance& s);

/// The children a group and the sequence both lay out: a step (of `steps`, the Steps of
/// `owner`) or markup kept as it was read (`owner`'s extras). Other kinds add nothing.
void AppendStepOrExtra(RawElement& e, const ChildRef& ref, const std::vector<Instance>* steps,
                       const Instance& owner) {
  if (ref.kind == ChildKind::kStep) {
    if (steps != nullptr && ref.index < steps->size())
      e.children.push_back(StepNode((*steps)[ref.index]));
  } else if (ref.kind == ChildKind::kExtra) {
    if (ref.index < owner.extras.size()) e.children.push_back(owner.extras[ref.index].second);
  }
}

RawElement StepNode(const Instance& s) {
  RawElement e = Element(
      s.element.empty() ? (s.role == InstanceRole::kGroup ? "group" : "step") : s.element.str(),
      s.attributes);
  const std::vector<Instance>* steps = Objects(s, "Steps");
  for (const auto& ref : s.layout) {
    switch (ref.kind) {
      case ChildKind::kCondition:
        if (const std::vector<Instance>* cond = Objects(s, "Condition"); cond && !cond->empty()) {
          e.children.push_back(ConditionNode(cond->front()));
        }
        break;
      case ChildKind::kAction:
        e.children.push_back(
            TextElement("action", s.action_attributes.get(), s.action.value_or(Str()).str()));
        break;
      case ChildKind::kVariableList: {
        RawElement list = Element("defaultVarList", s.variable_list_attributes.get());
        Interleave(list, s.variables, s.variable_list_extras.get(), VariableNode);
        e.children.push_back(std::move(list));
        break;
      }
      default:
        AppendStepOrExtra(e, ref, steps, s);
        break;
    }
  }
  return e;
}

RawElement SequenceNode(const TaskSequence& ts) {
  const Instance& r = ts.root;
  RawElement e = Element(r.element.empty() ? "sequence" : r.element.str(), r.attributes);
  const std::vector<Instance>* steps = Objects(r, "Steps");
  for (const auto& ref : r.layout) {
    switch (ref.kind) {
      case ChildKind::kReferenceList: {
        RawElement list = Element("referenceList", ts.reference_list_attributes);
        Interleave(list, ts.references, ts.reference_list_extras,
                   [](const Reference& x) { return Element("reference", x.attributes); });
        e.children.push_back(std::move(list));
        break;
      }
      case ChildKind::kGlobalVarList: {
        RawElement list = Element("globalVarList", ts.global_var_list_attributes);
        Interleave(list, ts.global_variables, ts.global_var_list_extras, VariableNode);
        e.children.push_back(std::move(list));
        break;
      }
      default:
        AppendStepOrExtra(e, ref, steps, r);
        break;
    }
  }
  return e;
}

void Escape(std::string& out, std::string_view s, bool attribute) {
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\t':
        out += attribute ? "&#x9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#xA;" : "\n";
        break;
      default:
        out += c;
    }
  }
}

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool KeepsEndTag(const std::string& name) { return name == "variable" || name == "Variable"; }

class Serializer {
 public:
  /// Not `pretty`: everything on one line with no whitespace between elements (the form of
  /// nested documents such as the Set Dynamic Variables rules).
  explicit Serializer(bool pretty) : pretty_(pretty) {}

  void Write(const RawElement& e, int depth) {
    if (e.name.empty()) {
      std::string text = pretty_ ? Trim(e.text) : e.text;
      if (text.empty()) return;
      Indent(depth);
      Escape(out_, text, false);
      Newline();
      return;
    }
    Indent(depth);
    out_ += '<';
    out_ += e.name;
    for (const auto& a : e.attributes) {
      out_ += ' ';
      out_ += a.name;
      out_ += "=\"";
      Escape(out_, a.value, true);
      out_ += '"';
    }
    if (e.children.empty()) {
      if (e.text.empty() && e.name == "action" && pretty_) {
        out_ += " />";  // as MDT writes a group's empty <action />
      } else if (e.text.empty() && !KeepsEndTag(e.name)) {
        out_ += "/>";
      } else {
        out_ += '>';
        Escape(out_, e.text, false);
        out_ += "</" + e.name + ">";
      }
      Newline();
      return;
    }
    out_ += '>';
    Newline();
    for (const auto& c : e.children) Write(c, depth + 1);
    Indent(depth);
    out_ += "</" + e.name + ">";
    Newline();
  }

  std::string Take() { return std::move(out_); }

 private:
  void Indent(int depth) {
    if (pretty_) out_.append(static_cast<std::size_t>(depth) * 2, ' ');
  }
  void Newline() {
    if (pretty_) out_ += '\n';
  }

  bool pretty_;
  std::string out_;
};

}  // namespace

std::string WriteXml(const TaskSequence& ts) {
  Serializer s(true);
  s.Write(SequenceNode(ts), 0);
  return s.Take();
}

std::string WriteRulesXml(const std::vector<Instance>& rules) {
  RawElement root = Element("Rules");
  for (const auto& rule : rules) {
    RawElement r = Element(rule.element.empty() ? "Rule" : rule.element.str(), rule.attributes);
    if (const std::vector<Instance>* cond = Objects(rule, "Condition"); cond && !cond->empty()) {
      r.children.push_back(ConditionNode(cond->front()));
    }
    RawElement vars = Element("Variables");
    if (const std::vector<Instance>* list = Objects(rule, "Variables")) {
      for (const auto& v : *list) {
        const Property* value = v.Find("Value");
        vars.children.push_back(
            TextElement(v.element.empty() ? "Variable" : v.element.str(), v.attributes,
                        value != nullptr ? value->value.text.str() : std::string()));
      }
    }
    r.children.push_back(std::move(vars));
    for (const auto& [pos, raw] : rule.extras) {
      (void)pos;
      r.children.push_back(raw);
    }
    root.children.push_back(std::move(r));
  }
  Serializer s(false);
  s.Write(root, 0);
  return s.Take();
}

}  // namespace tsimport
