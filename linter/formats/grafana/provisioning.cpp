#include "linter/formats/grafana/provisioning.h"

#include <algorithm>
#include <cctype>

#include "linter/source/text.h"
#include "linter/yaml/yaml.h"

namespace stacklint::grafana {

namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

const yaml::Node* text_node(const yaml::Node& m, const char* key) {
  const yaml::Node* n = m.get(key);
  return n != nullptr && n->is_scalar() && !n->is_null() ? n : nullptr;
}

}  // namespace

std::string expand_env(std::string_view s, const Environment& env) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '$' || i + 1 >= s.size()) {
      out.push_back(s[i++]);
      continue;
    }
    if (s[i + 1] == '{') {
      const size_t close = s.find('}', i + 2);
      if (close == std::string_view::npos) {
        out.append(s.substr(i));
        break;
      }
      const std::string name(s.substr(i + 2, close - i - 2));
      out += env ? env(name).value_or("") : "";
      i = close + 1;
      continue;
    }
    size_t j = i + 1;
    while (j < s.size() && name_char(s[j])) ++j;
    if (j == i + 1) {
      out.push_back(s[i++]);
      continue;
    }
    out += env ? env(std::string(s.substr(i + 1, j - i - 1))).value_or("") : "";
    i = j;
  }
  return out;
}

GrafanaProvisioningFile parse_datasources(const SourcePtr& file, const Environment& env) {
  GrafanaProvisioningFile out;
  out.path = file->path();
  const auto stream = yaml::load(file);
  out.errors = stream->errors();
  const yaml::Node* root = stream->root();
  if (root == nullptr || !root->is_mapping()) return out;
  const yaml::Node* list = root->get("datasources");
  if (list == nullptr || !list->is_sequence()) return out;
  for (const yaml::Node* d : list->items) {
    if (!d->is_mapping()) continue;
    GrafanaDatasource ds;
    ds.file = file->path();
    if (const yaml::Node* n = text_node(*d, "name")) {
      ds.name = Located<std::string>{.value = expand_env(n->value, env), .location = stream->location(*n)};
    } else {
      ds.name.location = stream->location(*d);
    }
    if (const yaml::Node* t = text_node(*d, "type")) {
      ds.type = ascii_lower(expand_env(t->value, env));
      ds.type_location = stream->location(*t);
    }
    if (const yaml::Node* u = text_node(*d, "url")) {
      ds.raw_url = u->value;
      ds.url = Located<std::string>{.value = expand_env(u->value, env), .location = stream->location(*u)};
    }
    if (const yaml::Node* a = text_node(*d, "access")) ds.access = ascii_lower(a->value);
    if (const yaml::Node* def = text_node(*d, "isDefault")) ds.is_default = def->value == "true";
    out.datasources.push_back(std::move(ds));
  }
  return out;
}

std::optional<GrafanaEnvSetting> env_setting(std::string_view name) {
  if (name.substr(0, 3) != "GF_") return std::nullopt;
  std::string_view rest = name.substr(3);
  GrafanaEnvSetting s;
  if (rest.size() > 6 && rest.substr(rest.size() - 6) == "__FILE") {
    s.from_file = true;
    rest.remove_suffix(6);
  }
  const size_t us = rest.find('_');
  if (us == std::string_view::npos || us == 0 || us + 1 >= rest.size()) return std::nullopt;
  s.section = ascii_lower(rest.substr(0, us));
  s.key = ascii_lower(rest.substr(us + 1));
  return s;
}

}  // namespace stacklint::grafana
