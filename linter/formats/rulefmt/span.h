// Where a PromQL byte span of a rule's `expr` was written in the rule file: maps [begin, end) of the
// cooked expression back through YAML quoting, escapes and block scalars to a file Location (the
// same mapping rulefmt uses for promql_errors). Rules that point into an expression use this.
#pragma once

#include <cstdint>

#include "linter/model/rule_file.h"
#include "linter/source/source.h"

namespace stacklint::rulefmt {

// The file location of bytes [begin, end) of `rule.expr.value`. Falls back to the whole `expr`
// scalar when the rule has no YAML node (or the mapping cannot be rebuilt exactly).
Location expr_span_location(const RuleFile& file, const PromRule& rule, uint32_t begin, uint32_t end);

}  // namespace stacklint::rulefmt
