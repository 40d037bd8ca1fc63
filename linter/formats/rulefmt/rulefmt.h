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
  // Leaves the PromQL of the rules unparsed (RuleFile::deferred): build_trees parses it later.
  bool defer_promql = false;
  // Checks the annotations of the rules without keeping them (RuleFile::annotations_kept).
  bool keep_annotations = true;
  // Takes a top-level `namespace:` (a string), as cortextool and mimirtool read rule files for
  // Cortex and Grafana Mimir; Prometheus refuses it. For files no Prometheus of the stack loads.
  bool tool_namespace = false;
};

struct ParseOutput {
  std::shared_ptr<RuleFile> file;
  std::vector<ParseIssue> errors;            // rules/syntax
  std::vector<DuplicateKey> duplicate_keys;  // reported by yaml/duplicate-key
};

ParseOutput parse(const SourcePtr& source, const Options& options);

// Parses the PromQL of a file read with defer_promql (every rule's `parsed` and `promql_errors`,
// exactly as parse would have set them), all trees in one block of memory; drop_trees frees them
// again (the errors stay). See RuleFile::deferred.
void build_trees(RuleFile& file);
void drop_trees(RuleFile& file);

}  // namespace stacklint::rulefmt
