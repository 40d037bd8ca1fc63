// Alertmanager's label matchers (pkg/labels ParseMatchers, 0.25): `name="value"`, `name=value`,
// `name!="v"`, `name=~"re"`, `name!~"re"`, several per string separated by commas outside quotes,
// optionally wrapped in `{...}`. Regex values must compile as `^(?:re)$` (RE2 syntax, as Go's).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/am_config.h"

namespace stacklint::alertmanager {

struct ParsedMatcher {
  std::string name;
  MatchOp op = MatchOp::equal;
  std::string value;
};

// The matchers of one `matchers:` entry, or nullopt with Alertmanager's error in *error.
std::optional<std::vector<ParsedMatcher>> parse_matchers(std::string_view text, std::string* error);

// model.LabelNameRE: [a-zA-Z_][a-zA-Z0-9_]*
bool valid_label_name(std::string_view name);

// Whether `^(?:re)$` compiles (RE2, Go's syntax); the error otherwise.
bool regex_compiles(std::string_view re, std::string* error);

}  // namespace stacklint::alertmanager
