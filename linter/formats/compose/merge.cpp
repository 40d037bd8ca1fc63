#include "linter/formats/compose/merge.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "linter/formats/compose/syntax.h"

namespace stacklint::compose {

namespace {

bool is_one_of(const std::string& s, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (s == n) return true;
  }
  return false;
}

// A port entry's identity: ip|target|published|protocol.
std::string port_key(const CNode& item) {
  if (item.is_mapping()) {
    auto get = [&](const char* k, const char* def) {
      const CNode* v = item.get(k);
      return v != nullptr && v->is_scalar() ? v->value : std::string(def);
    };
    return get("host_ip", "") + "|" + get("target", "") + "|" + get("published", "") + "|" + get("protocol", "tcp");
  }
  if (!item.is_scalar()) return "?";
  const auto spec = parse_port_spec(item.value, nullptr);
  if (!spec) return "raw:" + item.value;
  return spec->host_ip + "|" + spec->target + "|" + spec->published + "|" + spec->protocol;
}

// A volume / secret / config entry's target.
std::string target_key(const CNode& item, const std::string& field) {
  if (item.is_mapping()) {
    if (const CNode* t = item.get("target"); t != nullptr && t->is_scalar()) return t->value;
    if (const CNode* s = item.get("source"); s != nullptr && s->is_scalar()) {
      return field == "volumes" ? "src:" + s->value : s->value;
    }
    return "?";
  }
  if (!item.is_scalar()) return "?";
  if (field == "volumes") {
    const auto spec = parse_volume_spec(item.value, nullptr);
    return spec ? spec->target : "raw:" + item.value;
  }
  return item.value;  // secrets / configs short syntax: the name is the target
}

// Each item of `over` whose key no item of `base` has is appended; with `replace`, one that has it
// replaces the first such item. Every key is computed once: linear in the two lists.
void merge_sequence_by(CNode& base, CNode over, const std::function<std::string(const CNode&)>& key, bool replace) {
  std::unordered_map<std::string, size_t> first;  // key -> index of the first item of base with it
  first.reserve(base.items.size() + over.items.size());
  for (size_t i = 0; i < base.items.size(); ++i) first.emplace(key(base.items[i]), i);
  for (CNode& item : over.items) {
    std::string k = key(item);
    const auto it = first.find(k);
    if (it == first.end()) {
      first.emplace(std::move(k), base.items.size());
      base.items.push_back(std::move(item));
    } else if (replace) {
      base.items[it->second] = std::move(item);
    }
  }
}

void merge_node(CNode& base, CNode over, const std::vector<std::string>& path);

// One hash lookup per key of `over` (two files of 100,000 services each merge in linear time). A
// `!reset` key leaves a hole that is closed at the end, so the kept keys stay in their order.
void merge_mapping(CNode& base, CNode over, const std::vector<std::string>& path) {
  // No reallocation below: the index's keys are views of base's entries.
  base.entries.reserve(base.entries.size() + over.entries.size());
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(base.entries.capacity());
  for (size_t i = 0; i < base.entries.size(); ++i) index.emplace(base.entries[i].key, i);
  std::vector<bool> erased(base.entries.size(), false);
  for (Entry& e : over.entries) {
    const auto it = index.find(e.key);
    if (e.value.tag == Tag::reset) {
      if (it != index.end()) {
        erased[it->second] = true;
        index.erase(it);
      }
      continue;
    }
    if (it == index.end() || e.value.tag == Tag::override) {
      e.value.tag = Tag::none;
      apply_tags(e.value);
      if (it != index.end()) {
        Entry& existing = base.entries[it->second];
        existing.value = std::move(e.value);
        existing.key_location = e.key_location;
        continue;
      }
      base.entries.push_back(std::move(e));
      erased.push_back(false);
      index.emplace(base.entries.back().key, base.entries.size() - 1);
      continue;
    }
    std::vector<std::string> sub = path;
    sub.push_back(e.key);
    merge_node(base.entries[it->second].value, std::move(e.value), sub);
  }
  size_t kept = 0;
  for (size_t i = 0; i < base.entries.size(); ++i) {
    if (erased[i]) continue;
    if (kept != i) base.entries[kept] = std::move(base.entries[i]);
    ++kept;
  }
  base.entries.erase(base.entries.begin() + static_cast<std::ptrdiff_t>(kept), base.entries.end());
}

void merge_node(CNode& base, CNode over, const std::vector<std::string>& path) {
  const bool service_field = path.size() == 3 && path[0] == "services";
  const std::string& field = path.empty() ? std::string() : path.back();
  if (service_field && is_one_of(field, {"command", "entrypoint"})) {
    base = std::move(over);
    return;
  }
  if (path.size() == 4 && path[0] == "services" && path[2] == "healthcheck" && field == "test") {
    base = std::move(over);
    return;
  }
  if (service_field && is_one_of(field, {"environment", "labels", "extra_hosts", "annotations", "sysctls"})) {
    const bool hosts = field == "extra_hosts";
    if (base.is_sequence()) base = list_to_mapping(base, hosts);
    if (over.is_sequence()) over = list_to_mapping(over, hosts);
  }
  if (base.is_mapping() && over.is_mapping()) {
    merge_mapping(base, std::move(over), path);
    return;
  }
  if (!over.is_mapping()) apply_tags(over);
  if (base.is_sequence() && over.is_sequence()) {
    if (service_field && field == "ports") {
      merge_sequence_by(base, std::move(over), port_key, false);
    } else if (service_field && is_one_of(field, {"volumes", "secrets", "configs"})) {
      merge_sequence_by(
          base, std::move(over), [&](const CNode& n) { return target_key(n, field); }, true);
    } else {
      for (CNode& item : over.items) base.items.push_back(std::move(item));
    }
    return;
  }
  apply_tags(over);
  base = std::move(over);
}

}  // namespace

void apply_tags(CNode& node) {
  // In place: no second copy of a large mapping or list.
  if (node.is_mapping()) {
    std::erase_if(node.entries, [](const Entry& e) { return e.value.tag == Tag::reset; });
    for (Entry& e : node.entries) {
      if (e.value.tag == Tag::override) e.value.tag = Tag::none;
      apply_tags(e.value);
    }
  } else if (node.is_sequence()) {
    std::erase_if(node.items, [](const CNode& item) { return item.tag == Tag::reset; });
    for (CNode& item : node.items) apply_tags(item);
  }
}

CNode list_to_mapping(const CNode& list, bool extra_hosts) {
  CNode out;
  out.kind = Kind::mapping;
  out.location = list.location;
  out.base_dir = list.base_dir;
  out.tag = list.tag;
  out.entries.reserve(list.items.size());
  std::unordered_map<std::string, size_t> index;
  for (const CNode& item : list.items) {
    if (!item.is_scalar()) continue;
    size_t sep = item.value.find('=');
    if (extra_hosts && sep == std::string::npos) sep = item.value.find(':');
    CNode value;
    value.location = item.location;
    value.base_dir = item.base_dir;
    value.interpolated = item.interpolated;
    std::string key = item.value;
    if (sep != std::string::npos) {
      key = item.value.substr(0, sep);
      value.kind = Kind::scalar;
      value.type = yaml::ScalarType::string;
      value.value = item.value.substr(sep + 1);
    }
    // A repeated key keeps its first position and takes the later value (CNode::set), found by hash.
    if (const auto it = index.find(key); it != index.end()) {
      out.entries[it->second].value = std::move(value);
      out.entries[it->second].key_location = item.location;
      continue;
    }
    index.emplace(key, out.entries.size());
    out.entries.push_back(Entry{.key = std::move(key), .key_location = item.location, .value = std::move(value)});
  }
  return out;
}

namespace {

void drop_nulls(CNode& over, const CNode& base, std::vector<std::string>& path) {
  if (!over.is_mapping() || !base.is_mapping()) return;
  const bool service = path.size() == 2 && path[0] == "services";
  const bool healthcheck = path.size() == 3 && path[0] == "services" && path[2] == "healthcheck";
  std::unordered_map<std::string_view, const CNode*> index;  // linear in the services of large files
  index.reserve(base.entries.size());
  for (const Entry& e : base.entries) index.emplace(e.key, &e.value);
  const auto find = [&](const std::string& key) -> const CNode* {
    const auto it = index.find(key);
    return it == index.end() ? nullptr : it->second;
  };
  std::erase_if(over.entries, [&](const Entry& e) {
    if (!e.value.is_null() || e.value.tag != Tag::none) return false;
    if (service && is_one_of(e.key, {"command", "entrypoint"})) return false;
    if (healthcheck && e.key == "test") return false;
    const CNode* kept = find(e.key);
    return kept != nullptr && !kept->is_null();
  });
  for (Entry& e : over.entries) {
    const CNode* b = find(e.key);
    if (b == nullptr || e.value.tag != Tag::none) continue;
    path.push_back(e.key);
    drop_nulls(e.value, *b, path);
    path.pop_back();
  }
}

}  // namespace

void drop_nulls_kept_by_merge(CNode& over, const CNode& base) {
  std::vector<std::string> path;
  drop_nulls(over, base, path);
}

std::vector<KeptByEmptyList> empty_lists_kept_by_merge(const CNode& over, const CNode& base) {
  std::vector<KeptByEmptyList> out;
  const CNode* services = over.get("services");
  const CNode* earlier = base.get("services");
  if (services == nullptr || earlier == nullptr || !services->is_mapping() || !earlier->is_mapping()) return out;
  for (const Entry& svc : services->entries) {
    const CNode* before = earlier->get(svc.key);
    if (!svc.value.is_mapping() || before == nullptr || !before->is_mapping()) continue;
    for (const Entry& field : svc.value.entries) {
      if (!field.value.is_sequence() || !field.value.items.empty() || field.value.tag != Tag::none) continue;
      if (field.key == "command" || field.key == "entrypoint") continue;  // replaced, not appended
      const CNode* kept = before->get(field.key);
      if (kept != nullptr && kept->is_sequence() && !kept->items.empty()) {
        out.push_back(KeptByEmptyList{.service = svc.key, .field = field.key, .location = field.value.location});
      }
    }
  }
  return out;
}

void merge_files(CNode& base, CNode over) {
  if (!base.is_mapping() || !over.is_mapping()) {
    if (over.is_mapping()) base = std::move(over);
    return;
  }
  merge_mapping(base, std::move(over), {});
}

void merge_service(CNode& base, CNode over) {
  if (!base.is_mapping() || !over.is_mapping()) {
    base = std::move(over);
    return;
  }
  merge_mapping(base, std::move(over), {"services", "_"});
}

}  // namespace stacklint::compose
