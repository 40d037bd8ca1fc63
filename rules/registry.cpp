// The one registry of rules: rules/rules.def, one line per rule, kept sorted by id in the source
// (`tools/new-rule` inserts new lines in order). Nothing sorts at run time: find_rule() searches
// this order, and tests/unit/engine fails when the list is out of order or has a duplicate.
#include "linter/engine/rule.h"

namespace stacklint::rules {
// One declaration per rule, defined in rules/<domain>/<name>.cpp.
#define STACKLINT_RULE(fn) const Rule& fn();
#include "rules/rules.def"
#undef STACKLINT_RULE
}  // namespace stacklint::rules

namespace stacklint {

const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> rules = {
#define STACKLINT_RULE(fn) &rules::fn(),
#include "rules/rules.def"
#undef STACKLINT_RULE
  };
  return rules;
}

}  // namespace stacklint
