#include "linter/formats/compose/schema_prune.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stacklint::compose {

using nlohmann::json;

json prune_schema(const json& s, const KeySet* keys) {
  if (!s.is_object()) return s;
  json out = json::object();
  for (const auto& [k, v] : s.items()) {
    if (k == "description" || k == "title") continue;
    if (k == "properties" && v.is_object()) {
      json& props = out[k] = json::object();
      for (const auto& [name, sub] : v.items()) {
        if (keys == nullptr || keys->count(name) > 0) props[name] = prune_schema(sub, keys);
      }
    } else if ((k == "definitions" || k == "patternProperties") && v.is_object()) {
      json& subs = out[k] = json::object();
      for (const auto& [name, sub] : v.items()) {
        const bool unused_extension =
            k == "patternProperties" && name == "^x-" && keys != nullptr && keys->count(kExtensionKey) == 0;
        if (!unused_extension) subs[name] = prune_schema(sub, keys);
      }
    } else if ((k == "oneOf" || k == "anyOf" || k == "allOf" || k == "items") && v.is_array()) {
      json& subs = out[k] = json::array();
      for (const json& sub : v) subs.push_back(prune_schema(sub, keys));
    } else if ((k == "additionalProperties" || k == "items" || k == "not") && v.is_object()) {
      out[k] = prune_schema(v, keys);
    } else {
      out[k] = v;
    }
  }
  return out;
}

namespace {

void add_property_names(const json& s, KeySet& names) {
  if (s.is_array()) {
    for (const json& sub : s) add_property_names(sub, names);
    return;
  }
  if (!s.is_object()) return;
  for (const auto& [k, v] : s.items()) {
    if (k == "properties" && v.is_object()) {
      for (const auto& [name, sub] : v.items()) names.emplace(name);
    }
    add_property_names(v, names);
  }
}

}  // namespace

KeySet schema_property_names(const json& s) {
  KeySet names;
  add_property_names(s, names);
  return names;
}

}  // namespace stacklint::compose
