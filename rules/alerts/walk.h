// Shared by the cross-file rule checks over rule files (alerts/*, promql/rate-range-too-short):
// every rule whose PromQL parsed, with the Prometheus servers that evaluate its file.
#pragma once

#include <string>
#include <string_view>

#include "linter/analysis/sources.h"
#include "linter/formats/promql/ast.h"
#include "linter/formats/promql/parser.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

// Calls fn(file, rule, root, evaluators) for every rule with a parsed expression (alerts only when
// `alerts_only`) of the files in view (RuleFile::in_view).
template <class F>
void for_each_parsed_rule(const Stack& stack, bool alerts_only, F&& fn) {
  for (const auto& file : stack.rule_files) {
    if (!file || !file->in_view) continue;
    const std::vector<analysis::Evaluator> evals = analysis::evaluators(stack, *file);
    // Another stack's rule file (Stack::rule_files_elsewhere; rw155 agl-hostman): judged there.
    if (evals.empty() && stack.rule_files_elsewhere.count(file->host_path) > 0) continue;
    for (const PromRule& r : file->rules) {
      if (alerts_only && r.kind != RuleKind::alert) continue;
      if (!r.parsed || !r.parsed->ok()) continue;
      fn(*file, r, *r.parsed->root, evals);
    }
  }
}

// The source text of a node (`pg_stat_activity_count > 80`).
// Calls fn(selector, in_absent) for every vector selector under `n`; in_absent when it sits inside
// absent() or absent_over_time(), whose value is 1 exactly when the selector matches nothing.
template <class F>
void for_each_selector(const promql::Node& n, F&& fn, bool in_absent = false) {
  if (n.is(promql::NodeKind::vector_selector)) fn(n, in_absent);
  const bool absent = n.is(promql::NodeKind::call) && n.func() != nullptr &&
                      (n.func()->name == "absent" || n.func()->name == "absent_over_time");
  promql::for_each_child(n, [&](const promql::Node& c) { for_each_selector(c, fn, in_absent || absent); });
}

inline std::string_view node_text(const PromRule& r, const promql::Node& n) {
  const std::string& e = r.expr.value;
  if (n.begin >= e.size() || n.end > e.size() || n.end < n.begin) return {};
  return std::string_view(e).substr(n.begin, n.end - n.begin);
}

// "alert HighDatabaseConnections" / "recording rule job:x:rate5m".
inline std::string rule_title(const PromRule& r) {
  return (r.kind == RuleKind::alert ? "alert " : "recording rule ") + r.name.value;
}

}  // namespace stacklint::rules
