// Inline suppressions written in the `#` comments of every format stacklint reads:
//   # stacklint disable-line=ID[,ID] -- reason        (the comment's own line)
//   # stacklint disable-next-line=ID[,ID] -- reason   (the next line)
//   # stacklint disable-file=ID[,ID] -- reason        (the whole file)
// `all` stands for every rule. A suppression that suppresses nothing, and an unknown rule id in a
// suppression, are reported as `stacklint/unused-suppression` (after the other rules ran, so the
// rule's own check() does nothing).
#pragma once

#include <string>
#include <vector>

#include "linter/engine/runner.h"
#include "linter/model/stack.h"

namespace stacklint {

enum class SuppressionScope : uint8_t { line, next_line, file };

struct SuppressionId {
  std::string id;  // a rule id or "all"
  Location location;
  bool used = false;
};

struct Suppression {
  SuppressionScope scope = SuppressionScope::line;
  uint32_t target_line = 0;  // the line it covers (line, next_line); 0 for file
  std::vector<SuppressionId> ids;
  Location location;    // the comment directive
  std::string problem;  // a malformed directive (reported, suppresses nothing)
};

// The suppressions in one file (`file` is its stack-relative path, used in the locations).
std::vector<Suppression> parse_suppressions(const SourceFile& source, const std::string& file);

// Whether the policy runs this rule (not off, and in --rule when --rule is given).
bool rule_enabled(const RulePolicy& policy, std::string_view id);

// Drops suppressed findings and adds the `stacklint/unused-suppression` findings (when that rule
// is enabled). Suppressions of rules that did not run are not reported as unused. The result is
// sorted like run_rules' output.
std::vector<Diagnostic> apply_suppressions(const Stack& stack, std::vector<Diagnostic> diags, const RulePolicy& policy);

}  // namespace stacklint
