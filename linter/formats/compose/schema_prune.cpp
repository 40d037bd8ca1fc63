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

namespace {

// What a JSON container of the schema is, for pruning while it is parsed.
enum class Part : uint8_t {
  schema,    // a schema object
  names,     // a `properties` mapping: name -> schema, kept by name
  patterns,  // a `patternProperties` mapping: pattern -> schema
  subs,      // a `definitions` mapping: name -> schema, all kept
  list,      // an array of schemas (oneOf, anyOf, allOf, items)
  data,      // anything else (enum, required, default, ...), kept as it is
};

Part child_part(Part parent, const std::string& key, bool array) {
  switch (parent) {
    case Part::schema:
      if (array) return key == "oneOf" || key == "anyOf" || key == "allOf" || key == "items" ? Part::list : Part::data;
      if (key == "properties") return Part::names;
      if (key == "patternProperties") return Part::patterns;
      if (key == "definitions") return Part::subs;
      if (key == "additionalProperties" || key == "items" || key == "not") return Part::schema;
      return Part::data;
    case Part::names:
    case Part::patterns:
    case Part::subs:
    case Part::list:
      return array ? Part::data : Part::schema;
    case Part::data:
      break;
  }
  return Part::data;
}

// The parser callback that drops, as prune_schema does, what a pruned schema leaves out; a dropped
// member's value is never built. nlohmann calls it with the depth of the enclosing containers: a
// container starts at depth d (its level), and its keys come at depth d + 1.
class Pruner {
 public:
  explicit Pruner(const KeySet* keys) : keys_(keys) {}

  bool operator()(int depth, json::parse_event_t event, const json& parsed) {
    const auto d = static_cast<size_t>(depth);
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start: {
        if (dropping(d)) return false;
        const bool array = event == json::parse_event_t::array_start;
        const Part part = d == 0 ? Part::schema : child_part(parts_[d - 1], keys_at_[d - 1], array);
        parts_.resize(d + 1);
        keys_at_.resize(d + 1);
        parts_[d] = part;
        return true;
      }
      case json::parse_event_t::key: {
        if (drop_from_ > 0 && d <= drop_from_) drop_from_ = 0;  // the next member of the same object
        if (dropping(d) || d == 0 || d > parts_.size()) return drop_from_ == 0;
        const std::string& name = parsed.get_ref<const std::string&>();
        keys_at_[d - 1] = name;
        if (!keeps(parts_[d - 1], name)) {
          drop_from_ = d;
          return false;
        }
        return true;
      }
      case json::parse_event_t::value:
        return !dropping(d);
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (drop_from_ > 0 && d < drop_from_) drop_from_ = 0;
        return true;
    }
    return true;
  }

 private:
  bool dropping(size_t depth) const { return drop_from_ > 0 && depth >= drop_from_; }

  bool keeps(Part part, const std::string& name) const {
    switch (part) {
      case Part::schema:
        return name != "description" && name != "title";
      case Part::names:
        return keys_ == nullptr || keys_->count(name) > 0;
      case Part::patterns:
        return keys_ == nullptr || name != "^x-" || keys_->count(kExtensionKey) > 0;
      default:
        return true;
    }
  }

  const KeySet* keys_;
  std::vector<Part> parts_;           // by level
  std::vector<std::string> keys_at_;  // the last key read at each level
  size_t drop_from_ = 0;              // > 0: the depth of a dropped member's key; its value is skipped
};

}  // namespace

json parse_pruned(std::string_view text, const KeySet* keys) {
  Pruner pruner(keys);
  return json::parse(
      text.begin(), text.end(),
      [&pruner](int depth, json::parse_event_t event, json& parsed) { return pruner(depth, event, parsed); }, false);
}

}  // namespace stacklint::compose
