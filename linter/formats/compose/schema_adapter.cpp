#include "linter/formats/compose/schema_adapter.h"

#include <algorithm>
#include <charconv>

namespace stacklint::compose {

namespace {

const CNode& empty_mapping() {
  static const CNode node{.kind = Kind::mapping};
  return node;
}

const CNode& empty_sequence() {
  static const CNode node{.kind = Kind::sequence};
  return node;
}

const TreeView& empty_view() {
  static const TreeView view;
  return view;
}

bool key_less(const Entry* a, const Entry* b) {
  return a->key < b->key;
}

}  // namespace

// A key's last non-reset entry stands for it, unless a recheck removed the key.
bool TreeView::visible(const CNode& mapping, size_t i) const {
  const Entry& e = mapping.entries[i];
  if (e.value.tag == Tag::reset) return false;
  for (size_t j = i + 1; j < mapping.entries.size(); ++j) {
    if (mapping.entries[j].key == e.key && mapping.entries[j].value.tag != Tag::reset) return false;
  }
  return removed_.empty() || removed_.count({&mapping, e.key}) == 0;
}

Members TreeView::members(const CNode& mapping) const {
  Members out;
  const std::vector<Entry>& entries = mapping.entries;
  if (entries.size() <= Members::kInline) {
    for (size_t i = 0; i < entries.size(); ++i) {
      if (visible(mapping, i)) out.inline_items[out.count++] = &entries[i];
    }
    std::sort(out.inline_items.begin(), out.inline_items.begin() + static_cast<std::ptrdiff_t>(out.count), key_less);
    return out;
  }
  auto [it, added] = large_.try_emplace(&mapping);
  std::vector<const Entry*>& order = it->second;
  if (added) {
    // Sorted stably, so the last of equal keys is the last of its run.
    order.reserve(entries.size());
    for (const Entry& e : entries) {
      if (e.value.tag != Tag::reset) order.push_back(&e);
    }
    std::stable_sort(order.begin(), order.end(), key_less);
    size_t kept = 0;
    for (size_t i = 0; i < order.size(); ++i) {
      if (i + 1 < order.size() && order[i + 1]->key == order[i]->key) continue;
      if (!removed_.empty() && removed_.count({&mapping, order[i]->key}) > 0) continue;
      order[kept++] = order[i];
    }
    order.resize(kept);
  }
  out.large = &order;
  out.count = order.size();
  return out;
}

const Entry* TreeView::member(const CNode& mapping, std::string_view key) const {
  const Members m = members(mapping);
  for (size_t lo = 0, hi = m.count; lo < hi;) {
    const size_t mid = lo + (hi - lo) / 2;
    const int c = m.at(mid)->key.compare(key);
    if (c == 0) return m.at(mid);
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return nullptr;
}

bool TreeView::remove(const CNode& mapping, const std::string& key) {
  if (member(mapping, key) == nullptr) return false;
  removed_.emplace(&mapping, key);
  large_.erase(&mapping);
  return true;
}

CNodeArray::CNodeArray() : node_(&empty_sequence()), view_(&empty_view()) {}

CNodeObject::CNodeObject() : CNodeObject(empty_mapping(), &empty_view()) {}

CNodeAdapter CNodeArrayIterator::operator*() const {
  return {*item_, view_};
}

valijson::adapters::DerefProxy<CNodeAdapter> CNodeArrayIterator::operator->() const {
  return valijson::adapters::DerefProxy<CNodeAdapter>(**this);
}

CNodeObjectMember CNodeObjectIterator::operator*() const {
  const Entry* e = members_->at(index_);
  return {e->key, CNodeAdapter(e->value, view_)};
}

valijson::adapters::DerefProxy<CNodeObjectMember> CNodeObjectIterator::operator->() const {
  return valijson::adapters::DerefProxy<CNodeObjectMember>(**this);
}

CNodeObjectIterator CNodeObject::find(const std::string& name) const {
  const auto begin = members_->large != nullptr ? members_->large->data() : members_->inline_items.data();
  const auto end = begin + members_->count;
  const auto it = std::lower_bound(begin, end, name, [](const Entry* e, const std::string& k) { return e->key < k; });
  if (it == end || (*it)->key != name) return this->end();
  return {members_.get(), static_cast<size_t>(it - begin), view_};
}

bool CNodeFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
  return CNodeAdapter(*node_, &view_).equalTo(other, strict);
}

CNodeValue::CNodeValue() : node_(&empty_mapping()), view_(&empty_view()) {}

bool CNodeValue::getBool(bool& result) const {
  if (!isBool()) return false;
  const std::string& v = node_->value;
  result = v == "true" || v == "True" || v == "TRUE";
  return true;
}

bool CNodeValue::getDouble(double& result) const {
  if (!isDouble()) return false;
  result = std::strtod(node_->value.c_str(), nullptr);
  return true;
}

// Other integer forms (0x, 0o, +) read as 0: the type is what matters to the schema.
bool CNodeValue::getInteger(int64_t& result) const {
  if (!isInteger()) return false;
  int64_t value = 0;
  const char* b = node_->value.data();
  const auto [p, ec] = std::from_chars(b, b + node_->value.size(), value);
  result = ec == std::errc() && p == b + node_->value.size() ? value : 0;
  return true;
}

}  // namespace stacklint::compose
