// A valijson adapter over a compose tree: the schema check reads the CNode tree in place instead
// of a JSON copy of it (that copy was 37-40% of the time and a large part of the memory of a
// compose file of 100,000 services). The tree looks as its JSON copy did: a mapping's keys in byte
// order (a repeated key: its last value), `!reset` values left out, a scalar typed by its YAML
// core-schema type; keys a recheck removes (schema.cpp) are left out too.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>
#include <vector>

#include "linter/formats/compose/tree.h"

namespace stacklint::compose {

// A mapping's members as the validator sees them, in byte order of their keys. Up to kInline
// members are held in place (no allocation: most mappings are small); a larger mapping's order is
// sorted once and kept by the TreeView.
struct Members {
  static constexpr size_t kInline = 16;
  std::array<const Entry*, kInline> inline_items{};
  const std::vector<const Entry*>* large = nullptr;
  size_t count = 0;

  [[nodiscard]] const Entry* at(size_t i) const { return large != nullptr ? (*large)[i] : inline_items[i]; }
};

// What the adapters of one validation share: the keys removed for a recheck and the sorted
// members of the large mappings.
class TreeView {
 public:
  [[nodiscard]] Members members(const CNode& mapping) const;
  // The member `key` of a mapping as the validator sees it, or null.
  [[nodiscard]] const Entry* member(const CNode& mapping, std::string_view key) const;
  // Leaves the key out of the mapping from now on; false when it was not a member.
  bool remove(const CNode& mapping, const std::string& key);

 private:
  [[nodiscard]] bool visible(const CNode& mapping, size_t i) const;

  std::set<std::pair<const CNode*, std::string>> removed_;
  mutable std::unordered_map<const CNode*, std::vector<const Entry*>> large_;
};

class CNodeAdapter;
using CNodeObjectMember = std::pair<std::string, CNodeAdapter>;

class CNodeArrayIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = CNodeAdapter;
  using difference_type = CNodeAdapter;
  using pointer = CNodeAdapter*;
  using reference = CNodeAdapter&;

  CNodeArrayIterator(const CNode* item, const TreeView* view) : item_(item), view_(view) {}
  CNodeAdapter operator*() const;
  valijson::adapters::DerefProxy<CNodeAdapter> operator->() const;
  bool operator==(const CNodeArrayIterator& other) const { return item_ == other.item_; }
  bool operator!=(const CNodeArrayIterator& other) const { return item_ != other.item_; }
  const CNodeArrayIterator& operator++() {
    ++item_;
    return *this;
  }
  CNodeArrayIterator operator++(int) {
    CNodeArrayIterator before = *this;
    ++item_;
    return before;
  }
  const CNodeArrayIterator& operator--() {
    --item_;
    return *this;
  }
  void advance(std::ptrdiff_t n) { item_ += n; }

 private:
  const CNode* item_;
  const TreeView* view_;
};

class CNodeArray {
 public:
  using const_iterator = CNodeArrayIterator;
  using iterator = CNodeArrayIterator;

  CNodeArray();  // an empty list
  CNodeArray(const CNode& node, const TreeView* view) : node_(&node), view_(view) {}
  [[nodiscard]] CNodeArrayIterator begin() const { return {node_->items.data(), view_}; }
  [[nodiscard]] CNodeArrayIterator end() const { return {node_->items.data() + node_->items.size(), view_}; }
  [[nodiscard]] size_t size() const { return node_->items.size(); }

 private:
  const CNode* node_;
  const TreeView* view_;
};

class CNodeObjectIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = CNodeObjectMember;
  using difference_type = CNodeObjectMember;
  using pointer = CNodeObjectMember*;
  using reference = CNodeObjectMember&;

  CNodeObjectIterator(const Members* members, size_t index, const TreeView* view)
      : members_(members), index_(index), view_(view) {}
  CNodeObjectMember operator*() const;
  valijson::adapters::DerefProxy<CNodeObjectMember> operator->() const;
  bool operator==(const CNodeObjectIterator& other) const { return index_ == other.index_; }
  bool operator!=(const CNodeObjectIterator& other) const { return index_ != other.index_; }
  const CNodeObjectIterator& operator++() {
    ++index_;
    return *this;
  }
  CNodeObjectIterator operator++(int) {
    CNodeObjectIterator before = *this;
    ++index_;
    return before;
  }
  const CNodeObjectIterator& operator--() {
    --index_;
    return *this;
  }

 private:
  const Members* members_;  // owned by the CNodeObject the iterator came from
  size_t index_;
  const TreeView* view_;
};

class CNodeObject {
 public:
  using const_iterator = CNodeObjectIterator;
  using iterator = CNodeObjectIterator;

  CNodeObject();  // an empty mapping
  CNodeObject(const CNode& node, const TreeView* view)
      : members_(std::make_shared<const Members>(view->members(node))), view_(view) {}
  [[nodiscard]] CNodeObjectIterator begin() const { return {members_.get(), 0, view_}; }
  [[nodiscard]] CNodeObjectIterator end() const { return {members_.get(), members_->count, view_}; }
  [[nodiscard]] CNodeObjectIterator find(const std::string& name) const;
  [[nodiscard]] size_t size() const { return members_->count; }

 private:
  // Shared: valijson copies objects and keeps iterators of copies.
  std::shared_ptr<const Members> members_;
  const TreeView* view_;
};

class CNodeFrozenValue : public valijson::adapters::FrozenValue {
 public:
  explicit CNodeFrozenValue(CNode node) : node_(std::make_shared<const CNode>(std::move(node))) {}
  [[nodiscard]] FrozenValue* clone() const override { return new CNodeFrozenValue(*this); }
  [[nodiscard]] bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

 private:
  std::shared_ptr<const CNode> node_;
  TreeView view_;
};

class CNodeValue {
 public:
  CNodeValue();
  CNodeValue(const CNode& node, const TreeView* view) : node_(&node), view_(view) {}

  [[nodiscard]] valijson::adapters::FrozenValue* freeze() const { return new CNodeFrozenValue(*node_); }
  [[nodiscard]] std::optional<CNodeArray> getArrayOptional() const {
    if (!isArray()) return {};
    return std::make_optional(CNodeArray(*node_, view_));
  }
  bool getArraySize(size_t& result) const {
    if (!isArray()) return false;
    result = node_->items.size();
    return true;
  }
  bool getBool(bool& result) const;
  bool getDouble(double& result) const;
  bool getInteger(int64_t& result) const;
  [[nodiscard]] std::optional<CNodeObject> getObjectOptional() const {
    if (!isObject()) return {};
    return std::make_optional(CNodeObject(*node_, view_));
  }
  bool getObjectSize(size_t& result) const {
    if (!isObject()) return false;
    result = view_->members(*node_).count;
    return true;
  }
  bool getString(std::string& result) const {
    if (!isString()) return false;
    result = node_->value;
    return true;
  }
  static bool hasStrictTypes() { return true; }
  [[nodiscard]] bool isArray() const { return node_->kind == Kind::sequence; }
  [[nodiscard]] bool isBool() const { return scalar_of(yaml::ScalarType::boolean); }
  [[nodiscard]] bool isDouble() const { return scalar_of(yaml::ScalarType::floating); }
  [[nodiscard]] bool isInteger() const { return scalar_of(yaml::ScalarType::integer); }
  [[nodiscard]] bool isNull() const { return node_->kind == Kind::null; }
  [[nodiscard]] bool isNumber() const { return isInteger() || isDouble(); }
  [[nodiscard]] bool isObject() const { return node_->kind == Kind::mapping; }
  [[nodiscard]] bool isString() const {
    return node_->kind == Kind::scalar && !isBool() && !isInteger() && !isDouble();
  }

 private:
  [[nodiscard]] bool scalar_of(yaml::ScalarType type) const {
    return node_->kind == Kind::scalar && node_->type == type;
  }

  const CNode* node_;
  const TreeView* view_;
};

class CNodeAdapter
    : public valijson::adapters::BasicAdapter<CNodeAdapter, CNodeArray, CNodeObjectMember, CNodeObject, CNodeValue> {
 public:
  CNodeAdapter() = default;
  CNodeAdapter(const CNode& node, const TreeView* view) : BasicAdapter(CNodeValue(node, view)) {}
};

}  // namespace stacklint::compose

template <>
struct valijson::adapters::AdapterTraits<stacklint::compose::CNodeAdapter> {
  using DocumentType = stacklint::compose::CNode;
  static std::string adapterName() { return "CNodeAdapter"; }
};
