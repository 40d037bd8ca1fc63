// Prometheus rule files exactly as model/rulefmt accepts them: strict fields, groups, rules, label
// and annotation names, Go templates of alerts, and promtool's duplicate-rule lint. PromQL is parsed
// by linter/formats/promql and its errors are mapped to their exact span inside the `expr` scalar.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/rule_file.h"
#include "linter/model/stack.h"
#include "linter/source/source.h"

namespace stacklint::rulefmt {

struct Options {
  int major = 3;  // the Prometheus version the file is checked against
  int minor = 0;
  std::vector<std::string> enabled_features;  // --enable-feature values
};

struct ParseOutput {
  std::shared_ptr<RuleFile> file;
  std::vector<ParseIssue> errors;            // rules/syntax
  std::vector<DuplicateKey> duplicate_keys;  // reported by yaml/duplicate-key
};

ParseOutput parse(const SourcePtr& source, const Options& options);

}  // namespace stacklint::rulefmt
