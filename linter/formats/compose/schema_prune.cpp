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

// A SAX handler that builds, as prune_schema does, the schema without what pruning leaves out: a
// dropped member's value is skipped as it is read, never built (nlohmann's callback parser built
// each value before asking whether to keep it).
class PrunedBuilder {
 public:
  explicit PrunedBuilder(const KeySet* keys) : keys_(keys) {}

  json take() { return failed_ ? json(json::value_t::discarded) : std::move(root_); }

  bool null() { return scalar(nullptr); }
  bool boolean(bool v) { return scalar(v); }
  bool number_integer(json::number_integer_t v) { return scalar(v); }
  bool number_unsigned(json::number_unsigned_t v) { return scalar(v); }
  bool number_float(json::number_float_t v, const std::string& /*text*/) { return scalar(v); }
  bool string(std::string& v) { return scalar(std::move(v)); }
  bool binary(json::binary_t& v) { return scalar(json::binary(std::move(v))); }
  bool start_object(size_t /*size*/) { return start(json::object(), false); }
  bool start_array(size_t /*size*/) { return start(json::array(), true); }
  bool end_object() { return end(); }
  bool end_array() { return end(); }

  bool key(std::string& name) {
    if (skip_ > 0) return true;
    Level& top = levels_.back();
    if (!keeps(top.part, name)) {
      drop_next_ = true;
      return true;
    }
    top.key = std::move(name);
    return true;
  }

  bool parse_error(size_t /*position*/, const std::string& /*token*/, const nlohmann::detail::exception& /*e*/) {
    failed_ = true;
    return false;
  }

 private:
  struct Level {
    json* container;
    Part part;
    std::string key;  // the member being read, in an object
  };

  // Stores v where the parser is (the root, the next item of an array, the current member of an
  // object). A container's address stays valid while its members are read: its own parent is not
  // touched until it ends.
  json* put(json&& v) {
    if (levels_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Level& top = levels_.back();
    if (top.container->is_array()) {
      top.container->push_back(std::move(v));
      return &top.container->back();
    }
    json& slot = (*top.container)[top.key];
    slot = std::move(v);
    return &slot;
  }

  bool scalar(json&& v) {
    if (skip_ > 0) return true;
    if (drop_next_) {
      drop_next_ = false;
      return true;
    }
    put(std::move(v));
    return true;
  }

  bool start(json&& v, bool array) {
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    if (drop_next_) {
      drop_next_ = false;
      skip_ = 1;
      return true;
    }
    const Part part = levels_.empty() ? Part::schema : child_part(levels_.back().part, levels_.back().key, array);
    json* container = put(std::move(v));
    levels_.push_back(Level{container, part, {}});
    return true;
  }

  bool end() {
    if (skip_ > 0) {
      --skip_;
    } else if (!levels_.empty()) {
      levels_.pop_back();
    }
    return true;
  }

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
  json root_;
  std::vector<Level> levels_;
  size_t skip_ = 0;         // > 0: inside a dropped value, this many containers deep
  bool drop_next_ = false;  // the value after a dropped key is skipped
  bool failed_ = false;
};

}  // namespace

json parse_pruned(std::string_view text, const KeySet* keys, SchemaFormat format) {
  PrunedBuilder builder(keys);
  const bool ok = format == SchemaFormat::cbor
                      ? json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::cbor, true)
                      : json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true);
  if (!ok) return json(json::value_t::discarded);
  return builder.take();
}

}  // namespace stacklint::compose
