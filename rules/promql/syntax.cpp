// promql/syntax: PromQL parse and type errors, at their exact span inside `expr`.
#include "linter/engine/rule.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PromqlSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "promql/syntax",
        .severity = Severity::error,
        .summary = "A PromQL expression Prometheus cannot parse or type-check, at the exact span of the error.",
        .rationale =
            "Prometheus parses every rule's `expr` when it loads the file; one parse or type error "
            "(`rate(x)` without a range, an unbalanced parenthesis, a comparison of two scalars without `bool`, "
            "a function newer than the server) rejects the whole rule file. stacklint runs the same grammar and "
            "type checks against the Prometheus version the service runs, and maps the error's position back "
            "through YAML quoting and block scalars to the file's line and column. Like Prometheus, it reports the "
            "first error of an expression: the type errors after it follow from it.",
        .bad_example = {{.path = "rules.yml", .content = R"(groups:
  - name: api
    rules:
      - record: job:requests:rate5m
        expr: sum by (job) (rate(http_requests_total))
)"}},
        .good_example = {{.path = "rules.yml", .content = R"(groups:
  - name: api
    rules:
      - record: job:requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const auto& file : stack.rule_files) {
      if (!file) continue;
      for (const PromRule& r : file->rules) {
        // The first error, as Prometheus reports it (ParseErrors.Error() is its first): the type errors
        // after it follow from it (`rate(my-app_total[5m])`: the binary expression over a range, then
        // rate() of an instant vector; rw25).
        if (!r.promql_errors.empty()) {
          const ParseIssue& e = r.promql_errors.front();
          out.report(e.message, e.location, e.related);
        }
      }
    }
  }
};

}  // namespace

const Rule& promql_syntax() {
  static const PromqlSyntax r;
  return r;
}

}  // namespace stacklint::rules
