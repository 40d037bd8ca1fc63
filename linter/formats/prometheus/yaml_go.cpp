#include "linter/formats/prometheus/yaml_go.h"

namespace stacklint::prometheus {

std::string go_tag(const yaml::Node& node) {
  if (node.is_mapping()) return "!!map";
  if (node.is_sequence()) return "!!seq";
  if (!node.tag.empty() && node.tag.rfind("!!", 0) == 0) return node.tag;
  if (node.style != yaml::ScalarStyle::plain) return "!!str";
  switch (yaml::resolve_type(node)) {
    case yaml::ScalarType::null:
      return "!!null";
    case yaml::ScalarType::boolean:
      return "!!bool";
    case yaml::ScalarType::integer:
      return "!!int";
    case yaml::ScalarType::floating:
      return "!!float";
    case yaml::ScalarType::string:
      break;
  }
  return "!!str";
}

std::string cannot_unmarshal(const yaml::Node& node, std::string_view into) {
  std::string msg = "cannot unmarshal " + go_tag(node);
  if (node.is_scalar()) {
    std::string v = node.value;
    if (v.size() > 40) v = v.substr(0, 40) + "...";
    msg += " `" + v + "`";
  }
  return msg + " into " + std::string(into);
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace stacklint::prometheus
