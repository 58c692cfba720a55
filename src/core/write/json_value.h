// A model value as an nlohmann::ordered_json tree: the import record's fallback path
// (write/json.cpp) and tsimport diff's JSON (compare/json.cpp); each says how an embedded
// object becomes JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "tsimport/model.h"

namespace tsimport::detail {

template <class InstanceToJson>
nlohmann::ordered_json ValueToJson(const Value& v, InstanceToJson&& instance) {
  using Json = nlohmann::ordered_json;
  switch (v.kind) {
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kString:
    case ValueKind::kDateTime:
      return v.text.str();
    case ValueKind::kUInt32:
    case ValueKind::kSInt32:
      return v.number;
    case ValueKind::kBoolean:
      return v.boolean;
    case ValueKind::kStringArray:
      return v.strings.get();
    case ValueKind::kUInt32Array:
    case ValueKind::kSInt32Array:
      return v.numbers.get();
    case ValueKind::kObject:
      return v.objects.empty() ? Json(nullptr) : Json(instance(v.objects.front()));
    case ValueKind::kObjectArray: {
      Json a = Json::array();
      for (const auto& o : v.objects) a.push_back(instance(o));
      return a;
    }
  }
  return nullptr;
}

}  // namespace tsimport::detail
