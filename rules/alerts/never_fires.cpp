// alerts/never-fires: a rule over a metric that the configuration keeps constant.
#include "linter/engine/rule.h"
#include "linter/formats/rulefmt/span.h"
#include "rules/alerts/walk.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;

class AlertsNeverFires final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alerts/never-fires",
        .severity = Severity::warning,
        .summary = "An alert on a metric that the server's configuration keeps from ever changing.",
        .rationale =
            "Some alerts contradict the configuration of the server they watch: an alert on "
            "`redis_evicted_keys_total` on a Redis with `maxmemory-policy noeviction` waits for evictions that "
            "this policy never makes (Redis refuses writes instead, which is what should be alerted on). Such "
            "an alert is dead: it was written for another configuration.\n\n"
            "The conditions are data (the `silent` column of data/metrics.tsv, documented in docs/knowledge.md). "
            "stacklint follows the selector to the server it describes and reads the setting as that server "
            "really runs with it, defaults included.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    mem_limit: 512m
    command: ["redis-server", "--maxmemory", "256mb"]
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: redis
    rules:
      - alert: RedisEvicting
        expr: increase(redis_evicted_keys_total[5m]) > 0
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    mem_limit: 512m
    command: ["redis-server", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: redis
    rules:
      - alert: RedisEvicting
        expr: increase(redis_evicted_keys_total[5m]) > 0
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  [[nodiscard]] bool per_rule_file() const override { return true; }
  void check(const Stack& stack, Reporter& out) const override {
    for_each_parsed_rule(
        stack, true,
        [&](const RuleFile& file, const PromRule& rule, const Node& root,
            const std::vector<analysis::Evaluator>& evals) {
          promql::walk(root, [&](const Node& sel) {
            if (!sel.is(NodeKind::vector_selector)) return;
            const knowledge::MetricFact* fact = knowledge::find_metric(sel.metric_name());
            if (fact == nullptr || fact->silent_when.empty()) return;
            for (const analysis::BoundService& b :
                 analysis::bound_services(stack, evals, sel, fact->silent_when.setting)) {
              analysis::ResolvedSetting setting;
              if (analysis::condition_holds(stack, *b.service, fact->silent_when, &setting) != true) continue;
              std::string message = std::string(sel.metric_name()) + " never changes on service " + b.service->name +
                                    " with " + setting.describe() + ", so " + rule_title(rule) + " never fires";
              std::vector<Related> related;
              setting.add_notes(related);
              if (related.empty()) {
                related.push_back(Related{.message = "service " + b.service->name + " runs with the default " +
                                                     setting.name + " " + setting.text,
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

const Rule& alerts_never_fires() {
  static const AlertsNeverFires r;
  return r;
}

}  // namespace stacklint::rules
