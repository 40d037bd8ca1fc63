#include "linter/formats/compose/schema_table.h"

#include <algorithm>
#include <map>

namespace stacklint::compose {

namespace {

using nlohmann::json;

class TableBuilder {
 public:
  explicit TableBuilder(SchemaTableData& out) : out_(out) {}

  uint32_t add(const json& v) {
    const auto index = static_cast<uint32_t>(out_.nodes.size());
    out_.nodes.emplace_back();
    SchemaNode n;
    if (v.is_object()) {
      n.type = SchemaType::object;
      n.first = static_cast<uint32_t>(out_.members.size());
      n.count = static_cast<uint32_t>(v.size());
      out_.members.resize(out_.members.size() + v.size());
      uint32_t at = n.first;
      for (const auto& [key, sub] : v.items()) {  // nlohmann's objects are in byte order of their keys
        const uint32_t k = text(key);
        const uint32_t child = add(sub);
        out_.members[at++] = SchemaMember{.key = k, .key_size = static_cast<uint32_t>(key.size()), .node = child};
      }
    } else if (v.is_array()) {
      n.type = SchemaType::array;
      n.first = static_cast<uint32_t>(out_.items.size());
      n.count = static_cast<uint32_t>(v.size());
      out_.items.resize(out_.items.size() + v.size());
      uint32_t at = n.first;
      for (const json& item : v) {
        const uint32_t child = add(item);
        out_.items[at++] = child;
      }
    } else if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      n.type = SchemaType::string;
      n.first = text(s);
      n.count = static_cast<uint32_t>(s.size());
    } else if (v.is_boolean()) {
      n.type = SchemaType::boolean;
      n.integer = v.get<bool>() ? 1 : 0;
    } else if (v.is_number_integer()) {
      n.type = SchemaType::integer;
      n.integer = v.get<int64_t>();
    } else if (v.is_number_float()) {
      n.type = SchemaType::floating;
      n.floating = v.get<double>();
    }
    out_.nodes[index] = n;
    return index;
  }

 private:
  // Each distinct string once.
  uint32_t text(const std::string& s) {
    const auto [it, added] = offsets_.try_emplace(s, static_cast<uint32_t>(out_.text.size()));
    if (added) out_.text += s;
    return it->second;
  }

  SchemaTableData& out_;
  std::map<std::string, uint32_t> offsets_;
};

}  // namespace

SchemaTableData build_schema_table(const json& document) {
  SchemaTableData out;
  TableBuilder(out).add(document);
  return out;
}

// What a container of the schema is, for pruning (as prune_schema reads it).
enum class SchemaView::Part : uint8_t {
  schema,    // a schema object
  names,     // a `properties` mapping: name -> schema, kept by name
  patterns,  // a `patternProperties` mapping: pattern -> schema
  subs,      // a `definitions` mapping: name -> schema, all kept
  list,      // an array of schemas (oneOf, anyOf, allOf, items)
  data,      // anything else (enum, required, default, ...), kept as it is
};

SchemaView::SchemaView(const SchemaTable& table, const KeySet* keys, bool unique_items)
    : table_(table), pruned_(true), range_(table.nodes.size()) {
  members_.reserve(table.members.size());
  if (!table.nodes.empty()) prune(0, Part::schema, keys, unique_items);
}

void SchemaView::prune(uint32_t index, Part part, const KeySet* keys, bool unique_items) {
  const SchemaNode& n = table_.nodes[index];
  if (n.type == SchemaType::array) {
    for (const uint32_t item : table_.items.subspan(n.first, n.count)) {
      const bool array = table_.nodes[item].type == SchemaType::array;
      const Part child = part == Part::data ? Part::data : (array ? Part::data : Part::schema);
      prune(item, child, keys, unique_items);
    }
    return;
  }
  if (n.type != SchemaType::object) return;
  const auto first = static_cast<uint32_t>(members_.size());
  for (const SchemaMember& m : table_.members.subspan(n.first, n.count)) {
    const std::string_view name = key(m);
    bool keep = unique_items || name != "uniqueItems";
    if (part == Part::schema) keep = keep && name != "description" && name != "title";
    if (part == Part::names) keep = keep && (keys == nullptr || keys->count(name) > 0);
    if (part == Part::patterns) keep = keep && (keys == nullptr || name != "^x-" || keys->count(kExtensionKey) > 0);
    if (keep) members_.push_back(m);
  }
  const auto count = static_cast<uint32_t>(members_.size()) - first;
  range_[index] = {first, count};
  for (uint32_t i = first; i < first + count; ++i) {
    const SchemaMember m = members_[i];
    const std::string_view name = key(m);
    const bool array = table_.nodes[m.node].type == SchemaType::array;
    Part child = Part::data;
    if (part == Part::schema) {
      if (array) {
        child = name == "oneOf" || name == "anyOf" || name == "allOf" || name == "items" ? Part::list : Part::data;
      } else if (name == "properties") {
        child = Part::names;
      } else if (name == "patternProperties") {
        child = Part::patterns;
      } else if (name == "definitions") {
        child = Part::subs;
      } else if (name == "additionalProperties" || name == "items" || name == "not") {
        child = Part::schema;
      }
    } else if (part != Part::data) {
      child = array ? Part::data : Part::schema;
    }
    prune(m.node, child, keys, unique_items);
  }
}

std::span<const SchemaMember> SchemaView::members(uint32_t object) const {
  if (!pruned_) {
    const SchemaNode& n = table_.nodes[object];
    return table_.members.subspan(n.first, n.count);
  }
  const auto [first, count] = range_[object];
  return std::span<const SchemaMember>(members_).subspan(first, count);
}

std::span<const uint32_t> SchemaView::items(uint32_t array) const {
  const SchemaNode& n = table_.nodes[array];
  return table_.items.subspan(n.first, n.count);
}

json to_json(const SchemaView& view, uint32_t index) {
  const SchemaNode& n = view.node(index);
  switch (n.type) {
    case SchemaType::null:
      return nullptr;
    case SchemaType::boolean:
      return n.integer != 0;
    case SchemaType::integer:
      return n.integer;
    case SchemaType::floating:
      return n.floating;
    case SchemaType::string:
      return std::string(view.text(n.first, n.count));
    case SchemaType::array: {
      json out = json::array();
      for (const uint32_t item : view.items(index)) out.push_back(to_json(view, item));
      return out;
    }
    case SchemaType::object: {
      json out = json::object();
      for (const SchemaMember& m : view.members(index)) out[std::string(view.key(m))] = to_json(view, m.node);
      return out;
    }
  }
  return nullptr;
}

SchemaAdapter SchemaArrayIterator::operator*() const {
  return {view_, *item_};
}

valijson::adapters::DerefProxy<SchemaAdapter> SchemaArrayIterator::operator->() const {
  return valijson::adapters::DerefProxy<SchemaAdapter>(**this);
}

SchemaObjectMember SchemaObjectIterator::operator*() const {
  return {std::string(view_->key(*member_)), SchemaAdapter(view_, member_->node)};
}

valijson::adapters::DerefProxy<SchemaObjectMember> SchemaObjectIterator::operator->() const {
  return valijson::adapters::DerefProxy<SchemaObjectMember>(**this);
}

SchemaObjectIterator SchemaObject::find(const std::string& name) const {
  const auto it = std::lower_bound(members_.begin(), members_.end(), std::string_view(name),
                                   [&](const SchemaMember& m, std::string_view k) { return view_->key(m) < k; });
  if (it == members_.end() || view_->key(*it) != name) return end();
  return {view_, &*it};
}

bool SchemaFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
  return SchemaAdapter(view_, node_).equalTo(other, strict);
}

}  // namespace stacklint::compose
