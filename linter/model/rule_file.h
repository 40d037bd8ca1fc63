// A Prometheus rule file as rulefmt reads it: groups, rules, their PromQL and where each part was
// written. Parse problems are data: rules/syntax reports the StackFile's `errors`, promql/syntax
// each rule's `promql_errors`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/source/source.h"
#include "linter/yaml/scalar_span.h"

namespace stacklint {

namespace promql {
struct ParseResult;  // linter/formats/promql (the PromQL parser)
}

enum class RuleKind : uint8_t { alert, record };

struct RuleLabel {
  Located<std::string> name;
  Located<std::string> value;
};

struct PromRule {
  RuleKind kind = RuleKind::alert;
  // An annotation prints `$value` (set also when the annotations are not kept:
  // RuleFile::annotations_kept), so a rule reads the rule's text only where one does.
  bool annotation_prints_value = false;
  Located<std::string> name;                          // the `alert:` or `record:` value
  Location key;                                       // the rule's mapping (start of `- alert:`)
  Located<std::string> expr;                          // the cooked expression; location = the `expr` scalar
  yaml::ScalarSpan expr_span;                         // the `expr` scalar as written (style none: no expr)
  std::shared_ptr<const promql::ParseResult> parsed;  // nullptr when no PromQL parser or no expr
  std::vector<ParseIssue> promql_errors;              // PromQL errors at their exact file span
  std::optional<Located<double>> for_seconds;
  std::optional<Located<double>> keep_firing_for_seconds;
  std::vector<RuleLabel> labels;
  std::vector<RuleLabel> annotations;
  size_t group_index = 0;
};

struct RuleGroup {
  Located<std::string> name;
  std::optional<Located<double>> interval_seconds;
  std::optional<Located<double>> query_offset_seconds;
  std::optional<Located<int64_t>> limit;
  std::vector<RuleLabel> labels;
  std::vector<size_t> rules;  // indexes into RuleFile::rules
};

struct RuleFile {
  std::string path;       // stack path
  std::string host_path;  // as opened on this machine
  std::vector<RuleGroup> groups;
  std::vector<PromRule> rules;
  SourcePtr source;  // the file's text (the YAML tree is dropped once the rules are read)
  // A group key only vmalert knows (`concurrency`, `eval_offset`...), which Prometheus refuses: the
  // file is vmalert's (rulefmt::parse records the first; "" when none).
  std::string vmalert_field;
  // The Prometheus version and feature flags the file was checked against.
  int version_major = 3;
  int version_minor = 0;
  std::vector<std::string> enabled_features;
  // A file read among many (prefetch_rule_files) whose rules no Prometheus of the stack loads: its
  // PromQL trees are not kept for the whole run but built while the rules that walk trees look at
  // it, a few files at a time (run_rules, rulefmt::build_trees), then dropped. Rules that walk the
  // trees of stack.rule_files look only at the files `in_view` (all of them outside that pass).
  bool deferred = false;
  bool in_view = true;
  // False for a file read among many (prefetch_rule_files) as a standalone file: its annotations
  // were checked (rules/syntax) but not kept, as only the alerts a Prometheus loads are routed and
  // their annotations read (alertmanager/template-annotation-missing); every rule's `annotations`
  // is empty. A Prometheus that loads the file parses it again.
  bool annotations_kept = true;
};

}  // namespace stacklint
