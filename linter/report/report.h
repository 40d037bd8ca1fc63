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

// Where the project lives: SARIF's informationUri, and helpUri = kProjectBlobUri + the rule's docs path.
inline constexpr std::string_view kProjectUri = "https://github.com/stacklint/stacklint";
inline constexpr std::string_view kProjectBlobUri = "https://github.com/stacklint/stacklint/blob/main/";

// SARIF 2.1.0: every rule of the registry in tool.driver.rules, artifact URIs relative to
// %SRCROOT% (the stack root), partialFingerprints from engine/baseline.h's fingerprint().
std::string render_sarif(const Stack& stack, const std::vector<Diagnostic>& diags);

// GitHub Actions workflow commands: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=RULE::MESSAGE`
// (warning/notice for the other severities). Files are relative to the working directory.
std::string render_github(const Stack& stack, const std::vector<Diagnostic>& diags);

}  // namespace stacklint
