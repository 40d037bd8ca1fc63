// promql/rate-range-too-short: a rate()-style range shorter than two scrapes of the series' job.
#include <array>

#include "linter/engine/rule.h"
#include "linter/formats/rulefmt/span.h"
#include "rules/alerts/walk.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;

// Functions that need at least two samples in their range.
bool needs_two_samples(std::string_view f) {
  static constexpr std::array<std::string_view, 7> kFunctions = {"rate",   "irate", "increase",      "delta",
                                                                 "idelta", "deriv", "predict_linear"};
  return std::find(kFunctions.begin(), kFunctions.end(), f) != kFunctions.end();
}

std::string duration(double seconds) {
  return promql::format_duration(static_cast<int64_t>(seconds * 1000));
}

class PromqlRateRangeTooShort final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "promql/rate-range-too-short",
        .severity = Severity::error,
        .summary = "A `rate()`-style range shorter than two scrape intervals of the job the series come from.",
        .rationale =
            "`rate`, `irate`, `increase`, `delta`, `idelta`, `deriv` and `predict_linear` need at least two "
            "samples inside their range. With a 1m scrape interval, `rate(x[1m])` usually holds one sample and "
            "returns nothing, so a graph has gaps and an alert on it never fires; a single missed scrape does "
            "the same to a range of two intervals. The common rule is a range of at least four scrape "
            "intervals.\n\n"
            "stacklint finds the scrape jobs a selector's series come from (its `job` matcher, else the jobs "
            "that scrape the metric's exporter), takes their effective scrape interval (the job's own, else "
            "global, else Prometheus's default 1m), and reports a range below 2 intervals as an error and a range "
            "below 4 intervals as a note. Over a gauge, where `promql/rate-on-non-counter` reports the call "
            "(its fix drops `rate()` and the range with it), the range is not reported as well.",
        .bad_example = {{.path = "prometheus.yml",
                         .content =
                             R"(global:
  scrape_interval: 1m
rule_files: [alerts.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: host
    rules:
      - alert: NetworkBusy
        expr: rate(node_network_receive_bytes_total[1m]) > 1e8
)"}},
        .good_example = {{.path = "prometheus.yml",
                          .content =
                              R"(global:
  scrape_interval: 1m
rule_files: [alerts.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: host
    rules:
      - alert: NetworkBusy
        expr: rate(node_network_receive_bytes_total[5m]) > 1e8
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
          promql::walk(root, [&](const Node& call) {
            if (!call.is(NodeKind::call) || call.func() == nullptr || !needs_two_samples(call.func()->name)) return;
            if (call.args().empty() || !call.args()[0]->is(NodeKind::matrix_selector)) return;
            const Node& matrix = *call.args()[0];
            if (matrix.range_expr() != nullptr || matrix.expr() == nullptr || matrix.range_ms() <= 0) return;
            for (const analysis::Evaluator& e : evals) check_range(out, stack, file, rule, call, matrix, *e.config);
          });
        });
  }

 private:
  static void check_range(Reporter& out, const Stack& stack, const RuleFile& file, const PromRule& rule,
                          const Node& call, const Node& matrix, const PromConfig& config) {
    const analysis::JobSelection sel = analysis::select_jobs(stack, config, *matrix.expr());
    const ScrapeJob* slowest = nullptr;
    for (const ScrapeJob* j : sel.jobs) {
      if (slowest == nullptr || j->interval.seconds > slowest->interval.seconds) slowest = j;
    }
    if (slowest == nullptr || slowest->interval.seconds <= 0) return;
    const double range = static_cast<double>(matrix.range_ms()) / 1000.0;
    const double interval = slowest->interval.seconds;
    if (range >= 4 * interval) return;
    const bool too_short = range < 2 * interval;
    std::string message = std::string(call.func()->name) + "() over [" + duration(range) + "] of " +
                          std::string(matrix.expr()->metric_name()) + ", but job \"" + slowest->job_name.value +
                          "\" scrapes every " + duration(interval);
    if (too_short) {
      message += ": the range often holds a single sample, and then the result is empty; use at least [" +
                 duration(2 * interval) + "], better [" + duration(4 * interval) + "]";
    } else {
      message += ": one missed scrape leaves a single sample; [" + duration(4 * interval) + "] (4 scrapes) is safer";
    }
    std::vector<Related> related;
    const std::string origin = slowest->interval.origin == DurationOrigin::file ? "set here"
                               : slowest->interval.origin == DurationOrigin::global
                                   ? "inherited from global.scrape_interval"
                                   : "Prometheus's default";
    if (slowest->interval.location.valid()) {
      related.push_back(Related{.message = "scrape interval " + duration(interval) + " of job \"" +
                                           slowest->job_name.value + "\" (" + origin + ")",
                                .location = slowest->interval.location});
    } else {
      related.push_back(Related{.message = "job \"" + slowest->job_name.value + "\" scrapes every " +
                                           duration(interval) + " (" + origin + ")",
                                .location = slowest->job_name.location});
    }
    const Location at = rulefmt::expr_span_location(file, rule, matrix.begin, matrix.end);
    if (too_short) {
      out.report(std::move(message), at, std::move(related));
    } else {
      out.report_demoted(Severity::note, std::move(message), at, std::move(related));
    }
  }
};

}  // namespace

const Rule& promql_rate_range_too_short() {
  static const PromqlRateRangeTooShort r;
  return r;
}

}  // namespace stacklint::rules
