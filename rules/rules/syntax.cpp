// rules/syntax: what `promtool check rules` (and Prometheus) refuses in a rule file.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "rules/unknown_fields.h"

namespace stacklint::rules {

namespace {

class RulesSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "rules/syntax",
        .severity = Severity::error,
        .summary = "A rule file Prometheus refuses: unknown field, missing record/alert or expr, bad name or template.",
        .rationale =
            "Prometheus parses rule files strictly (model/rulefmt): a field it does not know (`severity:` beside "
            "`expr:` instead of under `labels:`), a rule with neither or both of `record` and `alert`, a missing "
            "`expr`, `for` on a recording rule, an invalid label or metric name, a repeated group name or a broken "
            "Go template in an alert's labels or annotations makes the whole file fail to load: on startup the "
            "server refuses to run, on reload it keeps the old rules. PromQL errors inside `expr` are reported by "
            "promql/syntax. Unknown fields side by side in one block (rules written at a group's indent) are one "
            "finding, the others and any other error at the same spot its notes.",
        .bad_example = {{.path = "rules.yml", .content = R"(groups:
  - name: node
    rules:
      - alert: NodeDown
        expr: up{job="node"} == 0
        severity: critical
)"}},
        .good_example = {{.path = "rules.yml", .content = R"(groups:
  - name: node
    rules:
      - alert: NodeDown
        expr: up{job="node"} == 0
        labels:
          severity: critical
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const StackFile& f : stack.files) {
      if (f.kind != FileKind::rules) continue;
      for (const ParseIssue& e : fold_unknown_fields(f.errors)) out.report(e.message, e.location, e.related);
    }
  }
};

}  // namespace

const Rule& rules_syntax() {
  static const RulesSyntax r;
  return r;
}

}  // namespace stacklint::rules
