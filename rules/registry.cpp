// The one registry of rules. Keep the list sorted by id; tests/unit/engine checks that it is
// sorted, unique, documented and that every rule has golden fixtures.
#include <algorithm>

#include "linter/engine/rule.h"

namespace stacklint::rules {
// One declaration per rule, defined in rules/<domain>/<name>.cpp.
#define STACKLINT_RULE(fn) const Rule& fn();
#include "rules/rules.def"
#undef STACKLINT_RULE
}  // namespace stacklint::rules

namespace stacklint {

const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> rules = [] {
    std::vector<const Rule*> v = {
#define STACKLINT_RULE(fn) &rules::fn(),
#include "rules/rules.def"
#undef STACKLINT_RULE
    };
    std::sort(v.begin(), v.end(), [](const Rule* a, const Rule* b) { return a->info().id < b->info().id; });
    return v;
  }();
  return rules;
}

}  // namespace stacklint
