// Test support: find a registered rule by its id, as the command line does (tests never re-declare
// a rule's factory function, so a rule is added, renamed or removed in rules/ and rules.def only).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "linter/engine/rule.h"

namespace stacklint::test {

inline const Rule& rule_by_id(std::string_view id) {
  const Rule* r = find_rule(id);
  if (r == nullptr) throw std::invalid_argument("no registered rule '" + std::string(id) + "'");
  return *r;
}

}  // namespace stacklint::test
