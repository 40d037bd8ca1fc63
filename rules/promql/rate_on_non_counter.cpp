// promql/rate-on-non-counter: rate()/irate()/increase() over a series that is not a counter.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "linter/engine/rule.h"
#include "linter/formats/promql/ast.h"
#include "linter/formats/promql/parser.h"
#include "linter/formats/rulefmt/span.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;

bool has_feature(const RuleFile& file, std::string_view feature) {
  return std::find(file.enabled_features.begin(), file.enabled_features.end(), feature) != file.enabled_features.end();
}

bool is_rate_function(const Node& n) {
  if (!n.is(NodeKind::call) || n.func() == nullptr) return false;
  return n.func()->name == "rate" || n.func()->name == "irate" || n.func()->name == "increase";
}

// The vector selector a rate-like function reads: `x[5m]`, or the subquery `x[30m:1m]`.
const Node* rated_selector(const Node& call) {
  if (call.args().empty()) return nullptr;
  const Node* arg = promql::strip_parens(call.args().front());
  if (arg == nullptr || (!arg->is(NodeKind::matrix_selector) && !arg->is(NodeKind::subquery))) return nullptr;
  const Node* sel = promql::strip_parens(arg->expr());
  return sel != nullptr && sel->is(NodeKind::vector_selector) ? sel : nullptr;
}

// Why the metric has its type: the knowledge table, or the naming convention's suffix.
std::string why_type(std::string_view metric) {
  const knowledge::MetricFact* fact = knowledge::find_metric(metric);
  if (fact != nullptr && fact->type != knowledge::MetricType::unknown) {
    if (!fact->program.empty()) return "a known " + fact->program + " metric";
    return !fact->exporter ? "a metric of every scrape target"
                           : "a known " + std::string(to_string(*fact->exporter)) + " metric";
  }
  const size_t underscore = metric.rfind('_');
  return "its name ends in " + std::string(metric.substr(underscore == std::string_view::npos ? 0 : underscore));
}

// A gauge whose value is a Unix time: `*_timestamp`, `*_timestamp_seconds`, `*_time_seconds`
// (process_start_time_seconds), `*_last_seen`; not a duration so named, whose word before `time`
// says what it measures (`pg_stat_statements_mean_time_seconds`, rw73 iac: a mean query time).
bool is_timestamp(std::string_view metric) {
  if (metric.ends_with("_time_seconds")) {
    const std::string_view head = metric.substr(0, metric.size() - std::string_view("_time_seconds").size());
    const std::string_view word = head.substr(head.rfind('_') == std::string_view::npos ? 0 : head.rfind('_') + 1);
    static constexpr std::array<std::string_view, 14> kDurations = {
        "mean", "max",  "min",      "total",   "avg",       "stddev", "exec",
        "plan", "wait", "response", "elapsed", "execution", "query",  "cpu"};
    return std::find(kDurations.begin(), kDurations.end(), word) == kDurations.end();
  }
  return metric.ends_with("_timestamp") || metric.ends_with("_timestamp_seconds") || metric.ends_with("_last_seen");
}

std::string message(std::string_view fn, std::string_view metric, knowledge::MetricType type) {
  const std::string name(metric);
  const std::string call = std::string(fn) + "()";
  switch (type) {
    case knowledge::MetricType::histogram:
      return name + " is a histogram (" + why_type(metric) + "); a classic histogram exposes only " + name +
             "_bucket, " + name + "_count and " + name + "_sum, so " + call + " of " + name + " selects nothing; use " +
             name + "_count or " + name +
             "_bucket, or enable the native-histograms feature if it is a native histogram";
    case knowledge::MetricType::summary:
      return name + " is a summary (" + why_type(metric) + "); its series are precomputed quantiles, which " + call +
             " misreads as counters; use " + name + "_count or " + name + "_sum";
    case knowledge::MetricType::info:
      return name + " is an info metric (" + why_type(metric) + "); its value is always 1, so " + call +
             " of it is always 0; join on its labels instead";
    case knowledge::MetricType::gauge:
      // A point in time (a start time, a last-seen time): it moves forward by the seconds between two
      // values, so a rate or an increase of it counts seconds, not events (rw18: `increase(
      // container_start_time_seconds[10m]) > 2` meant as "restarted more than twice").
      if (is_timestamp(metric)) {
        return name + " is a timestamp (" + why_type(metric) + "); " + call +
               " of it follows the seconds it moved forward, not how often it changed; count changes with "
               "changes(" +
               name + "[...]) or compare time() - " + name;
      }
      return name + " is a gauge (" + why_type(metric) + "); " + call +
             " of a gauge reads every decrease as a counter reset and returns nonsense; use deriv() or delta()";
    case knowledge::MetricType::counter:
    case knowledge::MetricType::unknown:
      break;
  }
  return name + " is not a counter; " + call + " reads every decrease as a counter reset";
}

// A timestamp that moves only when its event happens (a boot, a start, a last success), not with
// the clock (`node_time_seconds`, `container_last_seen`).
bool is_event_time(std::string_view metric) {
  return is_timestamp(metric) && metric.find("last_seen") == std::string_view::npos && metric != "node_time_seconds";
}

class PromqlRateOnNonCounter final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "promql/rate-on-non-counter",
        .severity = Severity::warning,
        .summary = "rate(), irate() or increase() over a series that is not a counter.",
        .rationale =
            "`rate`, `irate` and `increase` assume a counter: a value that only grows and drops to zero when the "
            "process restarts. Every decrease is read as a reset and the value before it is added back, so over a "
            "gauge (memory in use, a queue length) the result is meaningless. Use `deriv()` for a "
            "gauge's per-second slope or `delta()` for its change over the range. A timestamp "
            "(`container_start_time_seconds`, `*_timestamp_seconds`) only moves forward, by the seconds between "
            "its values: `increase()` of it counts seconds, not restarts; count how often it changed with "
            "`changes()`, or how long ago it was with `time() - x`. Compared only with zero "
            "(`rate(node_boot_time_seconds[5m]) "
            "> 0`, `== 0`), the rate of an event's time says whether the event happened, which is right: that is not "
            "reported "
            "(a clock or a last-seen time moves at every scrape, so there it is). An uptime "
            "(`process_uptime_seconds`) behaves as a counter, growing and dropping to zero at a restart: not "
            "reported.\n\n"
            "The type comes from stacklint's table of well-known exporter metrics, else from the naming "
            "convention: counters end in `_total` (also `_count`, `_sum`, `_bucket`); `_bytes`, `_seconds`, "
            "`_timestamp`, `_ratio` and the like without a counter suffix are gauges, `_info` marks an info "
            "metric. A name neither says anything about is left alone (many exporters name counters without "
            "`_total`), as is one that puts `total` before its unit (`django_http_requests_body_total_bytes` is a "
            "histogram, not a gauge), and so are recording-rule names (with `:`), selectors without a metric name and "
            "the "
            "arguments of `histogram_quantile` (promql/histogram-quantile-misuse covers it) and of the native "
            "histogram functions (`histogram_count`, `histogram_sum`...). A histogram's own name is rated "
            "legitimately only with native histograms: enable the `native-histograms` feature for the "
            "Prometheus that loads the file.",
        .bad_example = {{.path = "rules.yml", .content = R"(groups:
  - name: node
    rules:
      - alert: MemoryGrowing
        expr: rate(node_memory_MemAvailable_bytes[10m]) < -1e6
)"}},
        .good_example = {{.path = "rules.yml", .content = R"(groups:
  - name: node
    rules:
      - alert: MemoryGrowing
        expr: deriv(node_memory_MemAvailable_bytes[10m]) < -1e6
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  [[nodiscard]] bool per_rule_file() const override { return true; }
  void check(const Stack& stack, Reporter& out) const override {
    for (const auto& file : stack.rule_files) {
      if (!file || !file->in_view) continue;
      const bool native = has_feature(*file, "native-histograms");
      for (const PromRule& r : file->rules) {
        if (!r.parsed || !r.parsed->ok()) continue;
        visit(*r.parsed->root, false, false, [&](const Node& call, const Node& sel, bool change_test) {
          const std::string_view metric = sel.metric_name();
          if (metric.empty()) return;
          // `rate(node_boot_time_seconds[5m]) > 0`: the time of an event moves only when the event
          // happens, so a rate above zero is exactly "it happened in the range" (rw22: NodeRebooted).
          // Not a clock or a last-seen time, which move at every scrape.
          if (change_test && is_event_time(metric)) return;
          // An uptime (`nodejs_process_uptime_seconds`) grows with the clock and drops to zero at a
          // restart, as a counter does: increase() of it is how long it ran, less after a restart
          // (rw184 companyofone).
          if (metric.find("uptime") != std::string_view::npos) return;
          if (metric.find(':') != std::string_view::npos && !metric.ends_with("_total")) return;
          const knowledge::MetricType type = knowledge::metric_type(metric);
          // Unknown names are left alone: many exporters name counters without `_total`.
          if (type == knowledge::MetricType::counter || type == knowledge::MetricType::unknown) return;
          if (type == knowledge::MetricType::histogram && native) return;
          out.report(message(call.func()->name, metric, type),
                     rulefmt::expr_span_location(*file, r, sel.begin, sel.end));
        });
      }
    }
  }

 private:
  static bool is_zero(const Node* n) {
    n = promql::strip_parens(n);
    return n != nullptr && n->is(NodeKind::number_literal) && n->value() == 0;
  }

  // Calls fn(call, selector, change_test) for every rate-like call outside the argument of a
  // histogram_* function; change_test when the call (through parentheses and aggregations) is only
  // compared with zero: `> 0`, `!= 0`, `== 0`, `0 < ...`.
  template <class F>
  static void visit(const Node& n, bool in_histogram, bool change_test, F&& fn) {
    if (!in_histogram && is_rate_function(n)) {
      if (const Node* sel = rated_selector(n)) fn(n, *sel, change_test);
    }
    // histogram_quantile (promql/histogram-quantile-misuse checks its argument) and the native
    // histogram functions (histogram_count, histogram_sum...) take histograms by construction.
    const bool histogram = n.is(NodeKind::call) && n.func() != nullptr && n.func()->name.starts_with("histogram_");
    const bool keeps = n.is(NodeKind::paren) || n.is(NodeKind::aggregate);
    const Node* tested = nullptr;  // the side of a comparison with zero
    if (n.is(NodeKind::binary)) {
      // `== 0` is the complement: the event did not happen in the range (rw131 Secure-ISS:
      // `rate(redis_rdb_last_save_timestamp_seconds[5m]) == 0`, "has not persisted").
      const bool either = n.op == promql::Tok::neq || n.op == promql::Tok::eqlc;
      if ((n.op == promql::Tok::gtr || either) && is_zero(n.rhs())) tested = n.lhs();
      if ((n.op == promql::Tok::lss || either) && is_zero(n.lhs())) tested = n.rhs();
    }
    promql::for_each_child(
        n, [&](const Node& c) { visit(c, in_histogram || histogram, &c == tested || (keeps && change_test), fn); });
  }
};

}  // namespace

const Rule& promql_rate_on_non_counter() {
  static const PromqlRateOnNonCounter r;
  return r;
}

}  // namespace stacklint::rules
