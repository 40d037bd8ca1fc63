// Output formats: compiler-style text, JSON (DESIGN.md's shape), SARIF 2.1.0, GitHub annotations.
#pragma once

#include <string>
#include <vector>

#include "linter/model/stack.h"
#include "linter/source/source.h"

namespace stacklint {

struct ReportOptions {
  bool color = false;
};

// `path:line:col: severity: message [rule]`, the source line with a caret, then a `note:` line per
// related location; a summary line at the end when there are findings.
std::string render_text(const Stack& stack, const std::vector<Diagnostic>& diags, const ReportOptions& options);
std::string render_json(const std::vector<Diagnostic>& diags);

}  // namespace stacklint
