// Rule documentation generated from each rule's metadata: `stacklint explain RULE` and
// docs/rules/<domain>/<name>.md (a test keeps the committed pages equal to this output).
#pragma once

#include <string>

#include "linter/engine/rule.h"

namespace stacklint {
std::string render_rule_doc(const RuleInfo& info);
// docs/rules/<domain>/<name>.md
std::string rule_doc_path(const RuleInfo& info);
// docs/rules/README.md: the index of all rules.
std::string render_rule_index();
}  // namespace stacklint
