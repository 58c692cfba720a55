#include "tsimport/model.h"

namespace tsimport {

Value Value::String(std::string s) {
  Value v;
  v.kind = ValueKind::kString;
  v.text = std::move(s);
  return v;
}

Value Value::Bool(bool b) {
  Value v;
  v.kind = ValueKind::kBoolean;
  v.boolean = b;
  return v;
}

Value Value::UInt32(std::int64_t n) {
  Value v;
  v.kind = ValueKind::kUInt32;
  v.number = n;
  return v;
}

const Property* Instance::Find(const std::string& name) const {
  for (const auto& p : properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Property* Instance::Find(const std::string& name) {
  for (auto& p : properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Property& Instance::Set(Property p) {
  if (Property* existing = Find(p.name)) {
    *existing = std::move(p);
    return *existing;
  }
  properties.push_back(std::move(p));
  return properties.back();
}

const std::vector<Instance>* Instance::Children() const {
  const char* key = (role == InstanceRole::kTaskSequence || role == InstanceRole::kGroup)
                        ? "Steps"
                        : "Operands";
  const Property* p = Find(key);
  if (p == nullptr || p->value.kind != ValueKind::kObjectArray) return nullptr;
  return &p->value.objects;
}

namespace {

// The engine flattens the sequence into one instruction list, numbered from 0 in document
// order: a group takes a number where it starts and one where it ends, every step (enabled or
// not) takes one, conditions take none. A Run Task Sequence step takes one here; at run time
// the child's steps are inserted after it, which an offline import cannot know.
void Number(std::vector<Instance>& steps, const std::string& parent, int& next) {
  for (auto& s : steps) {
    const Property* name = s.Find("Name");
    std::string own = name != nullptr ? name->raw : std::string("(no name)");
    s.step_path = parent.empty() ? own : parent + "/" + own;
    s.step_number = next++;
    if (s.role == InstanceRole::kGroup) {
      if (Property* children = s.Find("Steps")) Number(children->value.objects, s.step_path, next);
      ++next;  // the end of the group
    }
  }
}

}  // namespace

void NumberSteps(TaskSequence& ts) {
  int next = 0;
  if (Property* steps = ts.root.Find("Steps")) Number(steps->value.objects, "", next);
}

}  // namespace tsimport
