// How Go's YAML decoders (yaml.v2 for prometheus.yml, yaml.v3 for rule files) word type errors.
#pragma once

#include <string>
#include <string_view>

#include "linter/yaml/yaml.h"

namespace stacklint::prometheus {

// The short tag Go prints for a node: !!map, !!seq, !!str, !!int, !!float, !!bool, !!null.
std::string go_tag(const yaml::Node& node);

// `cannot unmarshal !!seq into string` / "cannot unmarshal !!str `abc` into int".
std::string cannot_unmarshal(const yaml::Node& node, std::string_view into);

// A string in double quotes with `"` and `\` escaped, as Prometheus's messages quote names,
// labels and paths.
std::string go_quote(std::string_view s);

}  // namespace stacklint::prometheus
