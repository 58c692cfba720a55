// tsimport diff --format json: one document (docs/diff.md has the schema).
//
//   {"Old": {side}, "New": {side}, "Equal": false,
//    "Summary": {"Added": 1, "Removed": 0, "Moved": 1, "Renamed": 0, "Modified": 2},
//    "Changes": [{"Kind": "modified", "Scope": "Step", "Path": "...", "OldPath": "...",
//                 "Class": "...", "Step": 3, "OldStep": 3, "Property": "VariableValue",
//                 "Old": "86400", "New": "3600", "Secret": false}, ...]}
//
// Values keep their WMI types; a condition is its sentence; an added or removed step is an
// object like the import record's (its set properties, conditions as sentences, its steps).
#include <nlohmann/json.hpp>

#include "compare/entries.h"
#include "write/json_value.h"
#include "tsimport/compare.h"
#include "tsimport/import.h"
#include "tsimport/write.h"

namespace tsimport {
namespace {

using Json = nlohmann::ordered_json;

Json ValueJson(const Value& v);

bool IsCondition(const Instance& i) {
  return i.role == InstanceRole::kCondition || i.class_name == "SMS_TaskSequence_Condition";
}

Json InstanceJson(const Instance& inst) {
  Json j;
  j["__CLASS"] = inst.class_name.str();
  for (const auto& p : inst.properties) {
    if (p.convert_failed) {
      j[p.name.str()] = p.raw().str();
      continue;
    }
    if (p.value.kind == ValueKind::kObject && !p.value.objects.empty() &&
        IsCondition(p.value.objects.front())) {
      const Instance& cond = p.value.objects.front();
      j[p.name.str()] = IsEmptyCondition(cond) ? Json(nullptr) : Json(ConditionText(cond));
      continue;
    }
    j[p.name.str()] = ValueJson(p.value);
  }
  Json unknown = Json::object();
  for (const auto& v : inst.variables) {
    if (v.role != VariableRole::kUnknown && v.role != VariableRole::kNoProperty) continue;
    unknown[v.property() ? v.property()->str() : v.name().str()] = v.text.str();
  }
  if (!unknown.empty()) j["__UnknownProperties"] = std::move(unknown);
  return j;
}

Json ValueJson(const Value& v) { return detail::ValueToJson(v, InstanceJson); }

Json StringOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json SideJson(const DiffSide& s) {
  Json j;
  j["Input"] = s.input;
  j["Member"] = StringOrNull(s.member);
  j["Name"] = StringOrNull(s.title);
  j["PackageID"] = StringOrNull(s.package_id);
  j["SchemaVersion"] = StringOrNull(s.schema_version);
  j["Dialect"] = s.dialect;
  j["Groups"] = s.groups;
  j["Steps"] = s.steps;
  j["ReturnValue"] = static_cast<std::int32_t>(s.hresult);
  j["HResult"] = FormatHResult(s.hresult);
  j["Errors"] = s.errors;
  j["Warnings"] = s.warnings;
  return j;
}

Json NumberOrNull(int n) { return n < 0 ? Json(nullptr) : Json(n); }

}  // namespace

std::string WriteDiffJson(const DiffResult& diff, int indent) {
  Json j;
  j["Old"] = SideJson(diff.old_side);
  j["New"] = SideJson(diff.new_side);
  j["Equal"] = diff.Equal();
  Json summary;
  summary["Added"] = diff.Count(ChangeKind::kAdded);
  summary["Removed"] = diff.Count(ChangeKind::kRemoved);
  summary["Moved"] = diff.Count(ChangeKind::kMoved);
  summary["Renamed"] = diff.Count(ChangeKind::kRenamed);
  summary["Modified"] = diff.Count(ChangeKind::kModified);
  j["Summary"] = std::move(summary);
  Json changes = Json::array();
  for (const auto& c : diff.changes) {
    Json x;
    x["Kind"] = ChangeKindName(c.kind);
    x["Scope"] = ChangeScopeName(c.scope);
    const bool step = c.scope == ChangeScope::kStep;
    x["Path"] = step ? Json(c.path) : Json(nullptr);
    x["OldPath"] = step && c.kind != ChangeKind::kAdded ? Json(c.old_path) : Json(nullptr);
    x["Class"] = step ? Json(c.class_name) : Json(nullptr);
    x["Step"] = NumberOrNull(c.step);
    x["OldStep"] = NumberOrNull(c.old_step);
    x["Property"] = StringOrNull(c.property);
    x["Old"] = ValueJson(c.old_value.value);
    x["New"] = ValueJson(c.new_value.value);
    x["Secret"] = c.secret;
    changes.push_back(std::move(x));
  }
  j["Changes"] = std::move(changes);
  return j.dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace tsimport
