// alerts/metric-source-missing: an exporter's metric that no scrape job of the Prometheus collects.
#include <set>

#include "linter/engine/rule.h"
#include "linter/formats/rulefmt/span.h"
#include "rules/alerts/walk.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;

std::string exporter_name(Role role) {
  for (const knowledge::PortFact* p : knowledge::ports_of(role)) {
    if (p->metrics) return p->what;
  }
  return std::string(to_string(role));
}

class AlertsMetricSourceMissing final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alerts/metric-source-missing",
        .severity = Severity::warning,
        .summary = "A rule uses an exporter's metric, but no scrape job collects that exporter.",
        .rationale =
            "`container_*` series come from cAdvisor, `node_*` from node_exporter, `redis_*` from "
            "redis_exporter, `pg_*` from postgres_exporter (data/metrics.tsv). When the Prometheus that "
            "evaluates a rule scrapes no such exporter, the rule's selector is always empty: an alert on it "
            "never fires, and nobody notices because a silent alert looks like a healthy system.\n\n"
            "stacklint looks for a scrape job with a target that is a service of the exporter's role, or that "
            "points at the exporter's default port (a target that does not resolve is reported by "
            "`prometheus/target-unresolved` instead). Selectors with a `job` matcher are checked by "
            "`alerts/job-unknown`; selectors inside `absent()` are meant to be empty and are skipped.",
        .bad_example = {{.path = "prometheus.yml", .content = R"(rule_files: [alerts.yml]
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ["app:8000"]
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: host
    rules:
      - alert: LowMemory
        expr: node_memory_MemAvailable_bytes < 100e6
)"}},
        .good_example = {{.path = "prometheus.yml", .content = R"(rule_files: [alerts.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: host
    rules:
      - alert: LowMemory
        expr: node_memory_MemAvailable_bytes < 100e6
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
          visit(root, false, [&](const Node& sel) {
            const std::string metric(sel.metric_name());
            if (metric.empty() || analysis::find_matcher(sel, "job") != nullptr || !seen.insert(metric).second) return;
            const knowledge::MetricFact* fact = knowledge::find_metric(metric);
            if (fact == nullptr || !fact->exporter) return;  // unknown, or every target has it
            for (const analysis::Evaluator& e : evals) {
              const analysis::JobSelection jobs = analysis::select_jobs(stack, *e.config, sel);
              if (!jobs.decided || !jobs.jobs.empty()) continue;
              report(out, stack, file, rule, sel, *fact->exporter, *e.config);
            }
          });
        });
  }

 private:
  // Calls fn on every vector selector outside absent()/absent_over_time().
  template <class F>
  static void visit(const Node& n, bool in_absent, F&& fn) {
    if (n.is(NodeKind::vector_selector) && !in_absent) fn(n);
    const bool absent = n.is(NodeKind::call) && n.func() != nullptr &&
                        (n.func()->name == "absent" || n.func()->name == "absent_over_time");
    promql::for_each_child(n, [&](const Node& c) { visit(c, in_absent || absent, fn); });
  }

  static void report(Reporter& out, const Stack& stack, const RuleFile& file, const PromRule& rule, const Node& sel,
                     Role exporter, const PromConfig& config) {
    const std::string name = exporter_name(exporter);
    std::string message = std::string(sel.metric_name()) + " comes from " + name + ", but no scrape job of " +
                          config.path + " scrapes " + name + ", so " + rule_title(rule) +
                          (rule.kind == RuleKind::alert ? " never fires" : " records nothing");
    std::vector<Related> related;
    for (const Service& s : stack.services) {
      if (s.enabled && s.role == exporter) {
        const int port = knowledge::metrics_port(exporter);
        related.push_back(Related{
            .message = "service " + s.name + " runs " + name + "; scrape it at " + s.name + ":" + std::to_string(port),
            .location = s.location});
      }
    }
    if (related.empty()) message += " (the stack runs no " + std::string(to_string(exporter)) + ")";
    if (!config.jobs.empty()) {
      related.push_back(Related{.message = "the scrape jobs of " + config.path + " begin here",
                                .location = config.jobs.front().job_name.location});
    }
    out.report(std::move(message), rulefmt::expr_span_location(file, rule, sel.begin, sel.end), std::move(related));
  }
};

}  // namespace

const Rule& alerts_metric_source_missing() {
  static const AlertsMetricSourceMissing r;
  return r;
}

}  // namespace stacklint::rules
