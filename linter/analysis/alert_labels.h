// Label inference: the labels an alert of a Prometheus alerting rule can carry when it reaches
// Alertmanager (alertname, the rule's and its group's labels, the labels of the series its
// expression returns, Prometheus's external_labels), and whether an Alertmanager matcher can be
// satisfied by them. Unknown stays unknown: a label whose value stacklint cannot know makes a
// matcher "maybe", never "no". Linear in the size of the expression; matching is per matcher.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "linter/formats/promql/ast.h"
#include "linter/model/am_config.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"

namespace stacklint::analysis {

// The labels a set of series can carry: names with a known value (nullopt: present, value
// unknown); `open` when other labels may be present too.
struct LabelSet {
  bool open = false;
  std::map<std::string, std::optional<std::string>> labels;
};

// The labels of the series a PromQL expression returns (what survives aggregation and matching).
LabelSet expression_labels(const promql::Node& expr);

// The labels an alert of `rule` carries at Alertmanager. `group` may be null; `config` is the
// Prometheus evaluating it (external labels, alert relabeling) and may be null.
LabelSet alert_labels(const PromRule& rule, const RuleGroup* group, const PromConfig* config);

enum class Tri : uint8_t { no, maybe, yes };
// Whether an alert with these labels satisfies the matcher (Alertmanager reads an absent label as "").
Tri satisfies(const LabelSet& labels, const AmMatcher& m);
// All matchers (a route's): no if any is no, yes if all are yes, else maybe.
Tri satisfies_all(const LabelSet& labels, const std::vector<AmMatcher>& matchers);

// An annotation's value for the alert: known text (templates make it per alert: unknown).
struct AnnotationValue {
  bool present = false;
  bool constant = false;  // no template: every alert of the rule has this exact text
  std::string text;
};
AnnotationValue annotation_of(const PromRule& rule, const std::string& name);

}  // namespace stacklint::analysis
