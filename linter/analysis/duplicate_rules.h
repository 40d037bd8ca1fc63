// promtool's duplicate-rule lint: rules of one file with the same name and the same labels (the
// group's, then the rule's). Asked by rules/duplicate-rule and by the conformance tests.
#pragma once

#include <cstddef>
#include <vector>

#include "linter/model/rule_file.h"

namespace stacklint {

struct DuplicateRule {
  size_t first = 0;   // index into RuleFile::rules
  size_t second = 0;  // a later rule with the same name and labels
};

std::vector<DuplicateRule> duplicate_rules(const RuleFile& file);

}  // namespace stacklint
