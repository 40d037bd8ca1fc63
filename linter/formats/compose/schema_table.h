// The compose-spec schema as a table of nodes that the build writes as C++ constants
// (tools/schema_min): a run reads it in place, with no document to decode. A SchemaView prunes it
// for a run's keys as prune_schema does, by leaving members out, and SchemaAdapter lets valijson
// compile the schema from that view. Before, each run decoded an embedded CBOR copy into nlohmann
// objects: 1.4 M of the 2.9 M instructions of the seed stack's schema thread.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>
#include <vector>

#include "linter/formats/compose/schema_prune.h"

namespace stacklint::compose {

enum class SchemaType : uint8_t { null, boolean, integer, floating, string, array, object };

struct SchemaNode {
  SchemaType type = SchemaType::null;
  uint32_t first = 0;   // a string: its offset in the text; an array: in the items; an object: in the members
  uint32_t count = 0;   // a string's length, an array's items, an object's members
  int64_t integer = 0;  // an integer; a boolean as 0 or 1
  double floating = 0;
};

// An object's member; an object's members are in byte order of their keys.
struct SchemaMember {
  uint32_t key = 0;  // offset of the key in the text
  uint32_t key_size = 0;
  uint32_t node = 0;
};

// A schema document: node 0 is its root.
struct SchemaTable {
  std::span<const SchemaNode> nodes;
  std::span<const SchemaMember> members;
  std::span<const uint32_t> items;  // the node of each array item
  std::string_view text;            // every string and key
};

// A table built at run time (by tools/schema_min from the schema, and by tests).
struct SchemaTableData {
  std::vector<SchemaNode> nodes;
  std::vector<SchemaMember> members;
  std::vector<uint32_t> items;
  std::string text;

  [[nodiscard]] SchemaTable table() const { return {nodes, members, items, text}; }
};

SchemaTableData build_schema_table(const nlohmann::json& document);

// The table the build generated from data/compose-spec.json (annotations left out).
const SchemaTable& compose_schema_table();

// A table with the members pruning leaves out hidden, as prune_schema(document, keys) and, when
// unique_items is false, without any `uniqueItems` member.
class SchemaView {
 public:
  explicit SchemaView(const SchemaTable& table) : table_(table) {}  // the whole document
  SchemaView(const SchemaTable& table, const KeySet* keys, bool unique_items);

  [[nodiscard]] const SchemaTable& table() const { return table_; }
  [[nodiscard]] const SchemaNode& node(uint32_t index) const { return table_.nodes[index]; }
  [[nodiscard]] std::span<const SchemaMember> members(uint32_t object) const;
  [[nodiscard]] std::span<const uint32_t> items(uint32_t array) const;
  [[nodiscard]] std::string_view text(uint32_t offset, uint32_t size) const { return table_.text.substr(offset, size); }
  [[nodiscard]] std::string_view key(const SchemaMember& m) const { return text(m.key, m.key_size); }

 private:
  enum class Part : uint8_t;
  void prune(uint32_t index, Part part, const KeySet* keys, bool unique_items);

  SchemaTable table_;
  bool pruned_ = false;
  std::vector<SchemaMember> members_;                 // the members kept, each object's together
  std::vector<std::pair<uint32_t, uint32_t>> range_;  // by node: its members in members_
};

// The view's document as JSON (the schema walked for messages; tests).
nlohmann::json to_json(const SchemaView& view, uint32_t index = 0);

// ---- valijson's adapter over a view ----

class SchemaAdapter;
using SchemaObjectMember = std::pair<std::string, SchemaAdapter>;

class SchemaArrayIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = SchemaAdapter;
  using difference_type = SchemaAdapter;
  using pointer = SchemaAdapter*;
  using reference = SchemaAdapter&;

  SchemaArrayIterator(const SchemaView* view, const uint32_t* item) : view_(view), item_(item) {}
  SchemaAdapter operator*() const;
  valijson::adapters::DerefProxy<SchemaAdapter> operator->() const;
  bool operator==(const SchemaArrayIterator& other) const { return item_ == other.item_; }
  bool operator!=(const SchemaArrayIterator& other) const { return item_ != other.item_; }
  const SchemaArrayIterator& operator++() {
    ++item_;
    return *this;
  }
  SchemaArrayIterator operator++(int) {
    const SchemaArrayIterator before = *this;
    ++item_;
    return before;
  }
  const SchemaArrayIterator& operator--() {
    --item_;
    return *this;
  }
  void advance(std::ptrdiff_t n) { item_ += n; }

 private:
  const SchemaView* view_;
  const uint32_t* item_;
};

class SchemaArray {
 public:
  using const_iterator = SchemaArrayIterator;
  using iterator = SchemaArrayIterator;

  SchemaArray() = default;  // an empty array
  SchemaArray(const SchemaView* view, std::span<const uint32_t> items) : view_(view), items_(items) {}
  [[nodiscard]] SchemaArrayIterator begin() const { return {view_, items_.data()}; }
  [[nodiscard]] SchemaArrayIterator end() const { return {view_, items_.data() + items_.size()}; }
  [[nodiscard]] size_t size() const { return items_.size(); }

 private:
  const SchemaView* view_ = nullptr;
  std::span<const uint32_t> items_;
};

class SchemaObjectIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = SchemaObjectMember;
  using difference_type = SchemaObjectMember;
  using pointer = SchemaObjectMember*;
  using reference = SchemaObjectMember&;

  SchemaObjectIterator(const SchemaView* view, const SchemaMember* member) : view_(view), member_(member) {}
  SchemaObjectMember operator*() const;
  valijson::adapters::DerefProxy<SchemaObjectMember> operator->() const;
  bool operator==(const SchemaObjectIterator& other) const { return member_ == other.member_; }
  bool operator!=(const SchemaObjectIterator& other) const { return member_ != other.member_; }
  const SchemaObjectIterator& operator++() {
    ++member_;
    return *this;
  }
  SchemaObjectIterator operator++(int) {
    const SchemaObjectIterator before = *this;
    ++member_;
    return before;
  }
  const SchemaObjectIterator& operator--() {
    --member_;
    return *this;
  }

 private:
  const SchemaView* view_;
  const SchemaMember* member_;
};

class SchemaObject {
 public:
  using const_iterator = SchemaObjectIterator;
  using iterator = SchemaObjectIterator;

  SchemaObject() = default;  // an empty object
  SchemaObject(const SchemaView* view, std::span<const SchemaMember> members) : view_(view), members_(members) {}
  [[nodiscard]] SchemaObjectIterator begin() const { return {view_, members_.data()}; }
  [[nodiscard]] SchemaObjectIterator end() const { return {view_, members_.data() + members_.size()}; }
  [[nodiscard]] SchemaObjectIterator find(const std::string& name) const;
  [[nodiscard]] size_t size() const { return members_.size(); }

 private:
  const SchemaView* view_ = nullptr;
  std::span<const SchemaMember> members_;
};

// A value of the schema, kept by valijson for `enum` and `const`: the view outlives the compiled
// schema that holds it (schema.cpp keeps both together).
class SchemaFrozenValue : public valijson::adapters::FrozenValue {
 public:
  SchemaFrozenValue(const SchemaView* view, uint32_t node) : view_(view), node_(node) {}
  [[nodiscard]] FrozenValue* clone() const override { return new SchemaFrozenValue(*this); }
  [[nodiscard]] bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

 private:
  const SchemaView* view_;
  uint32_t node_;
};

class SchemaValue {
 public:
  SchemaValue() = default;  // null
  SchemaValue(const SchemaView* view, uint32_t node) : view_(view), node_(node) {}

  [[nodiscard]] valijson::adapters::FrozenValue* freeze() const { return new SchemaFrozenValue(view_, node_); }
  [[nodiscard]] std::optional<SchemaArray> getArrayOptional() const {
    if (!isArray()) return {};
    return SchemaArray(view_, view_->items(node_));
  }
  bool getArraySize(size_t& result) const {
    if (!isArray()) return false;
    result = view_->items(node_).size();
    return true;
  }
  bool getBool(bool& result) const {
    if (!isBool()) return false;
    result = node().integer != 0;
    return true;
  }
  bool getDouble(double& result) const {
    if (!isDouble()) return false;
    result = node().floating;
    return true;
  }
  bool getInteger(int64_t& result) const {
    if (!isInteger()) return false;
    result = node().integer;
    return true;
  }
  [[nodiscard]] std::optional<SchemaObject> getObjectOptional() const {
    if (!isObject()) return {};
    return SchemaObject(view_, view_->members(node_));
  }
  bool getObjectSize(size_t& result) const {
    if (!isObject()) return false;
    result = view_->members(node_).size();
    return true;
  }
  bool getString(std::string& result) const {
    if (!isString()) return false;
    result = view_->text(node().first, node().count);
    return true;
  }
  static bool hasStrictTypes() { return true; }
  [[nodiscard]] bool isArray() const { return type() == SchemaType::array; }
  [[nodiscard]] bool isBool() const { return type() == SchemaType::boolean; }
  [[nodiscard]] bool isDouble() const { return type() == SchemaType::floating; }
  [[nodiscard]] bool isInteger() const { return type() == SchemaType::integer; }
  [[nodiscard]] bool isNull() const { return type() == SchemaType::null; }
  [[nodiscard]] bool isNumber() const { return isInteger() || isDouble(); }
  [[nodiscard]] bool isObject() const { return type() == SchemaType::object; }
  [[nodiscard]] bool isString() const { return type() == SchemaType::string; }

 private:
  [[nodiscard]] const SchemaNode& node() const { return view_->node(node_); }
  [[nodiscard]] SchemaType type() const { return view_ == nullptr ? SchemaType::null : node().type; }

  const SchemaView* view_ = nullptr;
  uint32_t node_ = 0;
};

class SchemaAdapter : public valijson::adapters::BasicAdapter<SchemaAdapter, SchemaArray, SchemaObjectMember,
                                                              SchemaObject, SchemaValue> {
 public:
  SchemaAdapter(const SchemaView* view, uint32_t node) : BasicAdapter(SchemaValue(view, node)) {}
  // A document's root (valijson's interface for documents it fetches; the compose schema has none).
  explicit SchemaAdapter(const SchemaView& document) : SchemaAdapter(&document, 0) {}
};

}  // namespace stacklint::compose

template <>
struct valijson::adapters::AdapterTraits<stacklint::compose::SchemaAdapter> {
  using DocumentType = stacklint::compose::SchemaView;
  static std::string adapterName() { return "SchemaAdapter"; }
};
