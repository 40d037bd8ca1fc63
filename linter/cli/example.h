// A rule's documented example, linted the way a user would: its files written to a temporary
// folder and checked with `stacklint check DIR --rule ID --no-color [example args]`. The rule's page
// (gen_docs, `stacklint explain`) shows this output under the example, so the page shows what
// stacklint really prints.
#pragma once

#include <string>
#include <vector>

#include "linter/engine/rule.h"

namespace stacklint {

struct ExampleRun {
  std::string output;  // the text report, or the reason the example could not be run
  int exit_code = 2;
};

ExampleRun lint_example(const RuleInfo& info, const std::vector<ExampleFile>& files);

// The rule's page with the output of its bad example: docs/rules/<id>.md and `stacklint explain`.
std::string render_rule_page(const RuleInfo& info);

}  // namespace stacklint
