#include "linter/formats/compose/merge.h"

#include <algorithm>
#include <functional>

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

void merge_sequence_by(CNode& base, CNode over, const std::function<std::string(const CNode&)>& key, bool replace) {
  for (CNode& item : over.items) {
    const std::string k = key(item);
    const auto it =
        std::find_if(base.items.begin(), base.items.end(), [&](const CNode& existing) { return key(existing) == k; });
    if (it == base.items.end()) {
      base.items.push_back(std::move(item));
    } else if (replace) {
      *it = std::move(item);
    }
  }
}

void merge_node(CNode& base, CNode over, const std::vector<std::string>& path);

void merge_mapping(CNode& base, CNode over, const std::vector<std::string>& path) {
  for (Entry& e : over.entries) {
    if (e.value.tag == Tag::reset) {
      base.erase(e.key);
      continue;
    }
    CNode* existing = base.get(e.key);
    if (existing == nullptr || e.value.tag == Tag::override) {
      e.value.tag = Tag::none;
      apply_tags(e.value);
      base.set(e.key, e.key_location, std::move(e.value));
      continue;
    }
    std::vector<std::string> sub = path;
    sub.push_back(e.key);
    merge_node(*existing, std::move(e.value), sub);
  }
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
  if (node.is_mapping()) {
    std::vector<Entry> kept;
    for (Entry& e : node.entries) {
      if (e.value.tag == Tag::reset) continue;
      if (e.value.tag == Tag::override) e.value.tag = Tag::none;
      apply_tags(e.value);
      kept.push_back(std::move(e));
    }
    node.entries = std::move(kept);
  } else if (node.is_sequence()) {
    std::vector<CNode> kept;
    for (CNode& item : node.items) {
      if (item.tag == Tag::reset) continue;
      apply_tags(item);
      kept.push_back(std::move(item));
    }
    node.items = std::move(kept);
  }
}

CNode list_to_mapping(const CNode& list, bool extra_hosts) {
  CNode out;
  out.kind = Kind::mapping;
  out.location = list.location;
  out.base_dir = list.base_dir;
  out.tag = list.tag;
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
    out.set(key, item.location, std::move(value));
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
