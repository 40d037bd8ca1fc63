// The gauges a repository's own code declares (linter/stack/declared_metrics).
#include "linter/stack/declared_metrics.h"

#include <catch2/catch.hpp>

using stacklint::gauge_totals_declared;
using Names = std::set<std::string>;

TEST_CASE("declared metrics: gauges of Python, Go, JavaScript and Rust clients") {
  // The exposition text the code writes itself (a /metrics handler's template string).
  CHECK(gauge_totals_declared(
            "  `# HELP outbox_dead_letter_total Dead letters now\n# TYPE outbox_dead_letter_total gauge\n`") ==
        std::set<std::string>{"outbox_dead_letter_total"});
  CHECK(gauge_totals_declared("# TYPE jobs_done_total counter\n").empty());
  CHECK(gauge_totals_declared("BOTS = Gauge(\"orch_bots_total\", \"Total registered bots\")\n") ==
        Names{"orch_bots_total"});
  CHECK(gauge_totals_declared("var pending = prometheus.NewGaugeVec(\n\tprometheus.GaugeOpts{\n"
                              "\t\tName: \"queue_pending_total\",\n") == Names{"queue_pending_total"});
  CHECK(gauge_totals_declared("const g = new client.Gauge({ name: 'sessions_total', help: 'open' });") ==
        Names{"sessions_total"});
  CHECK(gauge_totals_declared("register_int_gauge_vec!(\n    \"tikv_worker_pending_task_total\",\n") ==
        Names{"tikv_worker_pending_task_total"});
  // The last part of a name a namespace and subsystem come before (rw158 MaxIOFS).
  CHECK(gauge_totals_declared("m.count = prometheus.NewGaugeVec(\n\tprometheus.GaugeOpts{\n\t\tNamespace: namespace,\n"
                              "\t\tSubsystem: \"operation\",\n\t\tName:      \"count_total\",\n") ==
        Names{"*count_total", "count_total"});
}

TEST_CASE("declared metrics: counters, unquoted names and far gauges are not gauges") {
  // A counter's name, after a gauge declared above it: the nearest type word decides.
  CHECK(gauge_totals_declared("A = Gauge(\"a_total\", \"\")\nB = Counter(\"b_total\", \"\")\n") == Names{"a_total"});
  CHECK(gauge_totals_declared("prometheus.NewCounter(prometheus.CounterOpts{Name: \"jobs_total\"})").empty());
  // Not a quoted name of its own.
  CHECK(gauge_totals_declared("gauge = registry.get(name + \"_total\")").empty());
  CHECK(gauge_totals_declared("Gauge(f\"{prefix}_total\")").empty());
  CHECK(gauge_totals_declared("x = Gauge(\"depth\", \"\")  # see rows_total").empty());
  // The type word more than two lines above.
  CHECK(gauge_totals_declared("Gauge(\n\n\n\n  \"far_total\")").empty());
  CHECK(gauge_totals_declared("").empty());
  CHECK(gauge_totals_declared("\"_total\"").empty());
}
