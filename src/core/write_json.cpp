// The import record (-f json) and the catalog as JSON.
#include <nlohmann/json.hpp>

#include "tsimport/write.h"

namespace tsimport {
namespace {

using Json = nlohmann::ordered_json;

Json ValueToJson(const Value& v, const Catalog& catalog);

Json InstanceToJson(const Instance& inst, const Catalog& catalog) {
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
        j[def.name] = p->convert_failed ? Json(p->raw) : ValueToJson(p->value, catalog);
      } else if (def.default_value) {
        j[def.name] = ValueToJson(*def.default_value, catalog);
      } else {
        j[def.name] = nullptr;
      }
    }
  }
  for (const auto& p : inst.properties) {
    if (j.contains(p.name)) continue;
    j[p.name] = p.convert_failed ? Json(p.raw) : ValueToJson(p.value, catalog);
  }
  if (inst.role == InstanceRole::kAction && !inst.has_type_attribute) j["__Type"] = nullptr;
  if (inst.action) j["__Action"] = *inst.action;
  // What the input carried that the class does not define: kept, never dropped.
  Json unknown = Json::object();
  for (const auto& v : inst.variables) {
    if (v.role == VariableRole::kUnknown || v.role == VariableRole::kNoProperty) {
      unknown[v.property ? *v.property : v.name] = v.text;
    }
    if (v.role == VariableRole::kField && (cls == nullptr || cls->Find(v.name) == nullptr)) {
      unknown[v.name] = v.text;
    }
  }
  if (!unknown.empty()) j["__UnknownProperties"] = std::move(unknown);
  return j;
}

Json ValueToJson(const Value& v, const Catalog& catalog) {
  switch (v.kind) {
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kString:
    case ValueKind::kDateTime:
      return v.text;
    case ValueKind::kUInt32:
    case ValueKind::kSInt32:
      return v.number;
    case ValueKind::kBoolean:
      return v.boolean;
    case ValueKind::kStringArray:
      return v.strings;
    case ValueKind::kUInt32Array:
    case ValueKind::kSInt32Array:
      return v.numbers;
    case ValueKind::kObject:
      return v.objects.empty() ? Json(nullptr) : InstanceToJson(v.objects.front(), catalog);
    case ValueKind::kObjectArray: {
      Json a = Json::array();
      for (const auto& o : v.objects) a.push_back(InstanceToJson(o, catalog));
      return a;
    }
  }
  return nullptr;
}

Json DiagnosticToJson(const Diagnostic& d) {
  Json j;
  j["RuleId"] = d.rule;
  j["Severity"] = SeverityName(d.severity);
  j["Message"] = d.message;
  j["File"] = d.file;
  j["Line"] = d.loc.line;
  j["Column"] = d.loc.column;
  j["StepPath"] = d.step_path.empty() ? Json(nullptr) : Json(d.step_path);
  j["Step"] = d.step < 0 ? Json(nullptr) : Json(d.step);
  if (d.severity == Severity::kError) j["HResult"] = FormatHResult(d.hresult);
  return j;
}

std::string Dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string WriteJsonRecord(const ImportResult& r, const Catalog& catalog, int indent) {
  Json j;
  j["Input"] = r.input;
  j["Shape"] = r.shape;
  j["Encoding"] = r.encoding.empty() ? Json(nullptr) : Json(r.encoding);
  if (r.task_sequence) {
    j["Dialect"] = r.task_sequence->dialect == Dialect::kMdt ? "mdt" : "configmgr";
  } else {
    j["Dialect"] = nullptr;
  }
  j["ReturnValue"] = r.ReturnValue();
  j["HResult"] = FormatHResult(r.hresult);
  if (!r.member.empty()) j["Member"] = r.member;
  if (r.task_sequence) {
    const TaskSequence& ts = *r.task_sequence;
    j["TaskSequence"] = InstanceToJson(ts.root, catalog);
  } else {
    j["TaskSequence"] = nullptr;
  }
  if (r.has_package) {
    Json package = Json::object();
    for (const auto& p : r.package) package[p.name] = ValueToJson(p.value, catalog);
    j["Package"] = std::move(package);
  }
  // The package's own References when it carries them (object.xml); otherwise the sequence's
  // <referenceList>, as SMS_TaskSequence_Reference objects.
  const PackageProperty* package_refs = nullptr;
  for (const auto& p : r.package) {
    if (p.name == "References" && p.value.kind == ValueKind::kObjectArray) package_refs = &p;
  }
  if (package_refs != nullptr) {
    Json refs = Json::array();
    for (const auto& o : package_refs->value.objects) {
      Json ref;
      for (const char* key : {"Package", "Program", "Type"}) {
        const Property* prop = o.Find(key);
        ref[key] = prop ? ValueToJson(prop->value, catalog) : Json(nullptr);
      }
      refs.push_back(std::move(ref));
    }
    j["References"] = std::move(refs);
  } else if (r.task_sequence) {
    Json refs = Json::array();
    for (const auto& ref : r.task_sequence->references) {
      Json o;
      o["Package"] = ref.package;
      o["Program"] = ref.program ? Json(*ref.program) : Json(nullptr);
      o["Type"] = ref.type;
      refs.push_back(std::move(o));
    }
    j["References"] = std::move(refs);
  }
  if (r.task_sequence) {
    const TaskSequence& ts = *r.task_sequence;
    Json globals = Json::array();
    for (const auto& v : ts.global_variables) {
      Json o;
      o["Name"] = v.name;
      o["Property"] = v.property ? Json(*v.property) : Json(nullptr);
      o["Value"] = v.text;
      globals.push_back(std::move(o));
    }
    j["GlobalVariables"] = std::move(globals);
  }
  if (r.shape == "zip") {
    Json deps = Json::array();
    for (const auto& d : r.dependencies) {
      Json o;
      o["Class"] = d.class_name;
      o["Key"] = d.key;
      o["Member"] = d.member;
      deps.push_back(std::move(o));
    }
    j["Dependencies"] = std::move(deps);
  }
  Json diags = Json::array();
  for (const auto& d : r.diagnostics) diags.push_back(DiagnosticToJson(d));
  j["Diagnostics"] = std::move(diags);
  Json stats;
  stats["Groups"] = r.task_sequence ? r.task_sequence->groups : 0;
  stats["Steps"] = r.task_sequence ? r.task_sequence->steps : 0;
  stats["Bytes"] = r.bytes;
  stats["Errors"] = r.Count(Severity::kError);
  stats["Warnings"] = r.Count(Severity::kWarning);
  j["Stats"] = std::move(stats);
  return Dump(j, indent);
}

std::string FormatDiagnosticJson(const Diagnostic& d) { return Dump(DiagnosticToJson(d), -1); }

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
    static const char* kKinds[] = {"root", "abstract", "concrete", "action", "condition", "operand", "embedded"};
    c["kind"] = kKinds[static_cast<int>(cls.kind)];
    if (cls.section == "conditions") c["abstract"] = cls.kind == ClassKind::kAbstract;
    c["ui_name"] = cls.ui_name.empty() ? Json(nullptr) : Json(cls.ui_name);
    c["xml_element"] = cls.xml_element.empty() ? Json(nullptr) : Json(cls.xml_element);
    c["default_run_in"] = cls.default_run_in.empty() ? Json(nullptr) : Json(cls.default_run_in);
    c["origin"] = cls.origin;
    Json props = Json::array();
    for (const auto& p : cls.properties) {
      Json pj;
      pj["name"] = p.name;
      pj["type"] = p.type_text;
      pj["xml_variable"] = p.variable.empty() ? Json(nullptr) : Json(p.variable);
      pj["xml_hidden"] = p.hidden;
      pj["required"] = p.not_null;
      pj["enum"] = p.value_map.empty() ? Json(nullptr) : Json(p.value_map);
      pj["default"] = p.default_value ? ValueToJson(*p.default_value, catalog) : Json(nullptr);
      pj["qualifiers"] = p.qualifiers.empty() ? Json(nullptr) : Json(p.qualifiers);
      props.push_back(std::move(pj));
    }
    c["properties"] = std::move(props);
    out[cls.section.empty() ? "actions" : cls.section].push_back(std::move(c));
  }
  return Dump(out, 2);
}

}  // namespace tsimport
