#include "tsimport/model.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace tsimport {

using namespace std::string_view_literals;

Value Value::String(Str s) {
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

const Property* Instance::Find(std::string_view name) const {
  for (const auto& p : properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Property* Instance::Find(std::string_view name) {
  for (auto& p : properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Str& Variable::name() const {
  static const Str kEmpty;
  const Str* n = At(name_at_);
  return n != nullptr ? *n : kEmpty;
}

void Variable::IndexAttributes() {
  name_at_ = property_at_ = hidden_at_ = -1;
  // An element holds at most Limits::max_attributes (a few hundred) attributes.
  const std::size_t n = std::min<std::size_t>(attributes.size(), INT32_MAX);
  for (std::size_t k = 0; k < n; ++k) {
    // Compared as string_views: their sizes first (a std::string == const char* calls compare).
    const std::string_view a = attributes[k].name;
    const auto at = static_cast<std::int32_t>(k);
    if (name_at_ < 0 && a == "name"sv) {
      name_at_ = at;
    } else if (property_at_ < 0 && a == "property"sv) {
      property_at_ = at;
    } else if (hidden_at_ < 0 && a == "hidden"sv) {
      hidden_at_ = at;
    }
  }
}

Property& Instance::Set(Property p) {
  if (Property* existing = Find(p.name)) {
    *existing = std::move(p);
    return *existing;
  }
  // Grown one by one up to 4, then by half, not doubled: an instance holds one to a few dozen
  // properties, and a Property is large (about 250 bytes), so doubling left about a third of
  // the model's largest arrays unused.
  if (properties.size() == properties.capacity()) {
    const std::size_t n = properties.size();
    properties.reserve(n < 4 ? n + 1 : n + n / 2);
  }
  properties.push_back(std::move(p));
  return properties.back();
}

const std::vector<Instance>* Instance::Children() const {
  const Property* p =
      Find(role == InstanceRole::kTaskSequence || role == InstanceRole::kGroup ? "Steps"sv
                                                                               : "Operands"sv);
  if (p == nullptr || p->value.kind != ValueKind::kObjectArray) return nullptr;
  return &p->value.objects.get();
}

namespace {

// The engine flattens the sequence into one instruction list, numbered from 0 in document
// order: a group takes a number where it starts and one where it ends, every step (enabled or
// not) takes one, conditions take none. A Run Task Sequence step takes one here; at run time
// the child's steps are inserted after it, which an offline import cannot know.
// Names are user data, and every step below a group copies the group's name into its path (and
// every diagnostic of a step copies the path): a path keeps at most 400 bytes of each name (a
// valid name has at most 100 characters, of at most 4 bytes) and 1024 bytes in all (the end,
// which names the step), so that a group with a huge name cannot make every step under it as
// large. Real paths stay far below (the longest in the shared corpus is 135 bytes).
constexpr std::size_t kMaxPathName = 400;
constexpr std::size_t kMaxPath = 1024;

/// The first `max` bytes of s (or, `from_end`, the last), cut at a character boundary, marked
/// "...".
std::string Clipped(std::string_view s, std::size_t max, bool from_end) {
  if (s.size() <= max) return std::string(s);
  const auto continuation = [&](std::size_t i) {
    return (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  };
  if (from_end) {
    std::size_t start = s.size() - (max - 3);
    while (start < s.size() && continuation(start)) ++start;
    return "..." + std::string(s.substr(start));
  }
  std::size_t end = max - 3;
  while (end > 0 && continuation(end)) --end;
  return std::string(s.substr(0, end)) + "...";
}

void Number(RareVector<Instance>& steps, std::string_view parent, int& next);

/// `path`: room for building a path, reused from step to step.
void NumberOne(Instance& s, std::string_view parent, int& next, std::string& path) {
  const Property* name = s.Find("Name"sv);
  const std::string_view own = name != nullptr ? name->raw().view() : "(no name)"sv;
  if (own.size() > kMaxPathName || parent.size() + 1 + own.size() > kMaxPath) {
    path = Clipped(own, kMaxPathName, false);
    if (!parent.empty()) path = std::string(parent) + "/" + path;
    s.step_path = Clipped(path, kMaxPath, true);
  } else if (parent.empty()) {
    s.step_path = name != nullptr ? name->raw() : Str(own);  // shares the name's bytes
  } else {
    path.assign(parent).append(1, '/').append(own);
    s.step_path = path;
  }
  s.step_number = next++;
  if (s.role == InstanceRole::kGroup) {
    if (Property* children = s.Find("Steps"sv)) Number(children->value.objects, s.step_path, next);
    ++next;  // the end of the group
  }
}

void Number(RareVector<Instance>& steps, std::string_view parent, int& next) {
  std::string path;
  for (auto& s : steps) NumberOne(s, parent, next, path);
}

}  // namespace

void NumberStep(Instance& step, int& next) {
  std::string path;
  NumberOne(step, "", next, path);
}

void NumberSteps(TaskSequence& ts) {
  int next = 0;
  if (Property* steps = ts.root.Find("Steps")) Number(steps->value.objects, "", next);
}

}  // namespace tsimport
