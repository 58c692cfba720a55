// The SMS_TaskSequence object model, as ImportSequence builds it.
//
// Every object (the task sequence, groups, actions, conditions, operands, embedded objects
// and Set Dynamic Variables rules) is an Instance: a WMI class name plus typed property
// values. Each Instance also keeps its provenance: the element it came from, every attribute,
// variable and unknown child in source order, and its source line. That is what lets the
// writers emit the input back and the validator point at the right place.
//
// Its strings are Str (str.h): 16 bytes, read as a std::string_view, short ones inline and
// longer ones shared (with the input text when a value stands there as it is, with another
// Str of the model when it is the same value, as a variable's text and its property's value).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tsimport/str.h"

namespace tsimport {

/// A vector that costs one pointer while it is empty, for members most objects leave empty
/// (a large sequence has a hundred thousand properties). Copies are deep.
template <typename T>
class RareVector {
 public:
  RareVector() = default;
  RareVector(const RareVector& o) : p_(o.p_ ? std::make_unique<std::vector<T>>(*o.p_) : nullptr) {}
  RareVector(RareVector&&) noexcept = default;
  RareVector& operator=(const RareVector& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<std::vector<T>>(*o.p_) : nullptr;
    return *this;
  }
  RareVector& operator=(RareVector&&) noexcept = default;
  RareVector& operator=(std::vector<T> v) {
    if (v.empty()) {
      p_.reset();
    } else {
      p_ = std::make_unique<std::vector<T>>(std::move(v));
    }
    return *this;
  }

  const std::vector<T>& get() const { return p_ ? *p_ : Empty(); }
  operator const std::vector<T>&() const { return get(); }  // NOLINT: implicit, as it reads
  std::size_t size() const { return p_ ? p_->size() : 0; }
  bool empty() const { return size() == 0; }
  const T& operator[](std::size_t i) const { return (*p_)[i]; }  ///< i < size()
  T& operator[](std::size_t i) { return (*p_)[i]; }              ///< i < size()
  const T& front() const { return (*p_)[0]; }                    ///< not empty()
  T& front() { return (*p_)[0]; }                                ///< not empty()
  const T& back() const { return p_->back(); }                   ///< not empty()
  T& back() { return p_->back(); }                               ///< not empty()
  typename std::vector<T>::const_iterator begin() const { return get().begin(); }
  typename std::vector<T>::const_iterator end() const { return get().end(); }
  typename std::vector<T>::iterator begin() { return p_ ? p_->begin() : Empty().end(); }
  typename std::vector<T>::iterator end() { return p_ ? p_->end() : Empty().end(); }
  void reserve(std::size_t n) {
    if (n > 0) Make().reserve(n);
  }
  void resize(std::size_t n) {
    if (n > 0 || p_) Make().resize(n);
  }
  void push_back(T v) { Make().push_back(std::move(v)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return Make().emplace_back(std::forward<Args>(args)...);
  }
  void clear() { p_.reset(); }

 private:
  static std::vector<T>& Empty() {  // never changed: only its (empty) range is handed out
    static std::vector<T> empty;
    return empty;
  }
  std::vector<T>& Make() {
    if (!p_) p_ = std::make_unique<std::vector<T>>();
    return *p_;
  }
  std::unique_ptr<std::vector<T>> p_;
};

/// A place in the user's file. Lines and columns are 1-based; 0 means unknown.
struct Location {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// An attribute as it stood in the input.
struct Attribute {
  Str name;
  Str value;
  Location loc;
};

/// An element that the model has no place for, kept verbatim (with its subtree) so that it is
/// never dropped; the validator reports it.
struct RawElement {
  std::string name;  ///< element name, or empty for a text node
  std::vector<Attribute> attributes;
  std::string text;  ///< text content (for a text node: the text itself)
  std::vector<RawElement> children;
  Location loc;
};

/// What a step variable sets, as the parser classified it against the step's class.
enum class VariableRole : std::uint8_t {
  kProperty,      ///< a property of the class
  kArrayCount,    ///< the count of an embedded-object array (OSDPartitions)
  kArrayElement,  ///< a field of one element of an embedded-object array (Partitions0Type)
  kUnknown,       ///< a property the class does not define (kept)
  kNoProperty,    ///< no `property` attribute (kept)
  kField,         ///< a condition expression field (keyed by `name`)
};

/// A `<variable>` element as it stood in the input (defaultVarList, globalVarList or an
/// expression field).
struct Variable {
  Str text;
  std::vector<Attribute> attributes;  ///< every attribute, in order
  Location loc;
  VariableRole role = VariableRole::kProperty;

  /// `name` attribute: the run-time variable (empty when there is none).
  const Str& name() const;
  /// `property` attribute: the WMI property (the key); null when there is none.
  const Str* property() const { return At(property_at_); }
  /// `hidden` attribute, as written; null when there is none.
  const Str* hidden() const { return At(hidden_at_); }
  /// Finds name, property and hidden among the attributes (the first of each name, as
  /// tinyxml2's Attribute() did): call it once the attributes are set, and again after changing
  /// them. They are not copied: a large sequence has tens of thousands of variables.
  void IndexAttributes();

 private:
  const Str* At(std::int32_t i) const {
    return i < 0 || static_cast<std::size_t>(i) >= attributes.size()
               ? nullptr
               : &attributes[static_cast<std::size_t>(i)].value;
  }
  std::int32_t name_at_ = -1, property_at_ = -1, hidden_at_ = -1;
};

enum class ValueKind : std::uint8_t {
  kNull,
  kString,
  kUInt32,
  kSInt32,
  kBoolean,
  kDateTime,
  kStringArray,
  kUInt32Array,
  kSInt32Array,
  kObject,
  kObjectArray,
};

struct Instance;

/// A typed WMI property value.
struct Value {
  ValueKind kind = ValueKind::kNull;
  bool boolean = false;              ///< kBoolean
  std::int64_t number = 0;           ///< kUInt32, kSInt32
  Str text;                          ///< kString, kDateTime
  RareVector<Instance> objects;      ///< kObject (exactly one), kObjectArray
  RareVector<std::string> strings;   ///< kStringArray
  RareVector<std::int64_t> numbers;  ///< kUInt32Array, kSInt32Array

  static Value String(Str s);
  static Value Bool(bool b);
  static Value UInt32(std::int64_t n);
  bool IsNull() const { return kind == ValueKind::kNull; }
};

/// Where a property value came from.
enum class ValueSource : std::uint8_t { kAttribute, kVariable, kElement, kChildren, kDerived };

struct Property {
  Property() = default;
  Property(Str n, Value v, ValueSource s, Str r, Location l, bool failed = false,
           std::string err = {})
      : name(std::move(n)), source(s), convert_failed(failed), loc(l), value(std::move(v)) {
    set_raw(std::move(r));
    set_error(std::move(err));
  }

  /// The text it was converted from. A string value is its own text: held once, not twice
  /// (set_raw again after changing `value`).
  const Str& raw() const { return raw_is_text_ ? value.text : raw_; }
  void set_raw(Str r) {
    if (RawCanBeText() && r == value.text) {
      set_raw_to_text();
    } else {
      raw_is_text_ = false;
      raw_ = std::move(r);
    }
  }
  /// The raw text is the value's own text, as set_raw(value.text) says, without a copy of it
  /// to compare.
  void set_raw_to_text() {
    if (RawCanBeText()) {
      raw_is_text_ = true;
      raw_.clear();
    } else {
      set_raw(value.text);
    }
  }

  // What every writer reads first comes first: a model of a large sequence is mostly cache
  // misses, one per line of a Property touched.
  Str name;
  ValueSource source = ValueSource::kVariable;
  bool convert_failed = false;  ///< raw did not convert to the property's WMI type; kept as text

 private:
  bool raw_is_text_ = false;  ///< raw() is value.text (set_raw decides)

 public:
  Location loc;
  Value value;

  /// Why it did not convert (for nested documents); empty for almost every property.
  const std::string& error() const { return error_.empty() ? kNoError : error_[0]; }
  void set_error(std::string e) {
    if (e.empty()) {
      error_.clear();
    } else {
      error_ = std::vector<std::string>{std::move(e)};
    }
  }

 private:
  /// A value whose text can stand for its raw text: a converted String or DateTime.
  bool RawCanBeText() const {
    return !convert_failed &&
           (value.kind == ValueKind::kString || value.kind == ValueKind::kDateTime);
  }
  static inline const std::string kNoError;
  Str raw_;  ///< raw(), when it is not value.text
  RareVector<std::string> error_;
};

enum class InstanceRole : std::uint8_t {
  kTaskSequence,
  kGroup,
  kAction,
  kCondition,
  kOperand,
  kEmbedded,
  kRule,
};

/// The kind of a child element, for keeping the order children had in the input.
enum class ChildKind : std::uint8_t {
  kCondition,      ///< the Condition property's <condition>
  kAction,         ///< <action>
  kVariableList,   ///< <defaultVarList>
  kStep,           ///< Steps[index]
  kOperand,        ///< Operands[index]
  kExtra,          ///< extras[index]
  kReferenceList,  ///< <referenceList> (the task sequence only)
  kGlobalVarList,  ///< <globalVarList> (the task sequence only)
};

struct ChildRef {
  ChildKind kind;
  std::size_t index = 0;
};

struct Instance {
  // Fields in the order the writers read them (a large model is mostly cache misses, one per
  // line of an Instance touched); what is rarely set comes last.
  Str class_name;
  InstanceRole role = InstanceRole::kEmbedded;
  bool has_type_attribute = false;  ///< a step's `type` attribute was present
  bool has_variable_list = false;   ///< a `<defaultVarList>` element was present
  /// Execution number from 0 (docs/execution-numbers.md); -1 for non-steps. Derived.
  int step_number = -1;
  Location loc;
  std::vector<Property> properties;  ///< properties that are set, in the order they were set
  std::vector<Variable> variables;   ///< defaultVarList / expression fields, in order
  Str step_path;                     ///< "Group/Sub group/Step" for steps and groups. Derived.

  // --- provenance -----------------------------------------------------------------------
  std::optional<Str> action;          ///< text of `<action>`, when present
  Str element;                        ///< XML element it came from ("step", "group"...)
  std::vector<Attribute> attributes;  ///< every attribute, in source order
  /// The element's children in input order (blank text and comments aside).
  std::vector<ChildRef> layout;
  Location variable_list_loc;
  Location action_loc;
  RareVector<Attribute> variable_list_attributes;  ///< on `<defaultVarList>` (none are defined)
  RareVector<Attribute> action_attributes;         ///< on `<action>` (none are defined)
  /// Unknown children, each with the number of known children (steps, operands; for an
  /// expression, its fields) before it.
  RareVector<std::pair<std::size_t, RawElement>> extras;
  /// Unknown elements inside <defaultVarList>, each with the number of variables before it.
  RareVector<std::pair<std::size_t, RawElement>> variable_list_extras;

  const Property* Find(std::string_view name) const;
  Property* Find(std::string_view name);
  /// Sets (or replaces) a property.
  Property& Set(Property p);
  /// Steps of a group or of the task sequence; operands of a condition or operator.
  const std::vector<Instance>* Children() const;
};

enum class Dialect { kConfigMgr, kMdt };

/// A `<reference>` of `<referenceList>`: SMS_TaskSequence_Reference.
struct Reference {
  std::string package;  ///< package ID (Type 0) or application model name (Type 1)
  std::optional<std::string> program;
  std::uint32_t type = 0;
  std::vector<Attribute> attributes;
  Location loc;
};

/// One imported task sequence: the SMS_TaskSequence object plus what travels with it.
struct TaskSequence {
  Instance root;  ///< class SMS_TaskSequence: SchemaVersion, Steps
  Dialect dialect = Dialect::kConfigMgr;
  bool has_reference_list = false;
  std::vector<Reference> references;
  Location reference_list_loc;
  std::vector<Attribute> reference_list_attributes;  ///< on `<referenceList>` (none are defined)
  bool has_global_var_list = false;
  std::vector<Variable> global_variables;
  Location global_var_list_loc;
  std::vector<Attribute> global_var_list_attributes;  ///< on `<globalVarList>` (none are defined)
  /// Unknown elements inside the lists, each with the number of entries before it.
  std::vector<std::pair<std::size_t, RawElement>> reference_list_extras;
  std::vector<std::pair<std::size_t, RawElement>> global_var_list_extras;
  std::size_t groups = 0;  ///< number of groups
  std::size_t steps = 0;   ///< number of actions (step and subtasksequence elements)
  /// Bytes of the XML text the sequence was read from (UTF-8; for an object.xml, its Sequence
  /// property's text), 0 when not read from text. Everything of the sequence stands in it, so
  /// it bounds what the sequence can take to store (lint's size check, TS3006).
  std::size_t text_bytes = 0;
};

/// Fills step_number and step_path of every group and step (docs/execution-numbers.md).
void NumberSteps(TaskSequence& ts);
/// The same for one step of the task sequence's Steps (a group with everything in it), numbered
/// from `next`, which it moves past the step: NumberSteps is NumberStep on each in order.
void NumberStep(Instance& step, int& next);

}  // namespace tsimport
