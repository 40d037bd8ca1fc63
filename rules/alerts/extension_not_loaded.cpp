// alerts/extension-not-loaded: a metric that exists only with a server extension the server does not load.
#include <set>

#include "linter/engine/rule.h"
#include "linter/formats/rulefmt/span.h"
#include "rules/alerts/walk.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;

class AlertsExtensionNotLoaded final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alerts/extension-not-loaded",
        .severity = Severity::error,
        .summary =
            "A rule uses a metric that exists only with an extension the server does not load "
            "(`pg_stat_statements_*` without `shared_preload_libraries`).",
        .rationale =
            "postgres_exporter reports `pg_stat_statements_*` only when the `pg_stat_statements` extension is "
            "loaded, and PostgreSQL loads it only through `shared_preload_libraries` (a restart-only setting; "
            "`CREATE EXTENSION` alone is not enough). Without it the series do not exist and an alert such as "
            "`pg_stat_statements_mean_exec_time > 1000` never fires, however slow the queries get.\n\n"
            "stacklint follows the selector to the PostgreSQL server it describes and reads "
            "`shared_preload_libraries` as that server runs with it (file, includes, `-c` on the command line). "
            "The requirements are data (the `requires` column of data/metrics.tsv).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: db
    rules:
      - alert: SlowQueries
        expr: pg_stat_statements_mean_exec_time > 1000
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    command: ["-c", "shared_preload_libraries=pg_stat_statements"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: db
    rules:
      - alert: SlowQueries
        expr: pg_stat_statements_mean_exec_time > 1000
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  [[nodiscard]] bool per_rule_file() const override { return true; }
  void check(const Stack& stack, Reporter& out) const override {
    for_each_parsed_rule(
        stack, false,
        [&](const RuleFile& file, const PromRule& rule, const Node& root,
            const std::vector<analysis::Evaluator>& evals) {
          std::set<std::string> seen;
          promql::walk(root, [&](const Node& sel) {
            if (!sel.is(NodeKind::vector_selector)) return;
            const knowledge::MetricFact* fact = knowledge::find_metric(sel.metric_name());
            if (fact == nullptr || fact->requires_condition.empty() ||
                !seen.insert(std::string(sel.metric_name())).second) {
              return;
            }
            const knowledge::Condition& need = fact->requires_condition;
            for (const analysis::BoundService& b : analysis::bound_services(stack, evals, sel, need.setting)) {
              analysis::ResolvedSetting setting;
              if (analysis::condition_holds(stack, *b.service, need, &setting) != false) continue;
              std::string message = std::string(sel.metric_name()) + " exists only when " + need.value +
                                    " is loaded, but service " + b.service->name + " runs with " + setting.name +
                                    " = '" + setting.text + "'" + (setting.is_default ? " (default)" : "") + ", so " +
                                    rule_title(rule) +
                                    (rule.kind == RuleKind::alert ? " never fires" : " records nothing");
              std::vector<Related> related;
              setting.add_notes(related);
              if (related.empty()) {
                related.push_back(Related{.message = "service " + b.service->name + " (" + b.via + "): add " +
                                                     need.value + " to " + setting.name,
                                          .location = b.service->location});
              }
              out.report(std::move(message), rulefmt::expr_span_location(file, rule, sel.begin, sel.end),
                         std::move(related));
            }
          });
        });
  }
};

}  // namespace

const Rule& alerts_extension_not_loaded() {
  static const AlertsExtensionNotLoaded r;
  return r;
}

}  // namespace stacklint::rules
