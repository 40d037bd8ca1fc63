// alerts/threshold-unreachable: a comparison the metric can never satisfy given the configuration.
#include <cmath>

#include "linter/analysis/bounds.h"
#include "linter/engine/rule.h"
#include "linter/formats/rulefmt/span.h"
#include "linter/units/format.h"
#include "rules/alerts/walk.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;
using promql::Tok;

Tok flip(Tok op) {
  switch (op) {
    case Tok::gtr:
      return Tok::lss;
    case Tok::gte:
      return Tok::lte;
    case Tok::lss:
      return Tok::gtr;
    case Tok::lte:
      return Tok::gte;
    default:
      return op;
  }
}

// Whether `x op c` is false for every x in iv.
bool never_true(Tok op, analysis::Interval iv, double c) {
  switch (op) {
    case Tok::gtr:
      return iv.hi <= c;
    case Tok::gte:
      return iv.hi < c;
    case Tok::lss:
      return iv.lo >= c;
    case Tok::lte:
      return iv.lo > c;
    case Tok::eqlc:
      return c < iv.lo || c > iv.hi;
    case Tok::neq:
      return iv.lo == c && iv.hi == c;
    default:
      return false;
  }
}

std::string amount(double v, std::string_view metric) {
  std::string s = analysis::format_number(v);
  if (metric.ends_with("_bytes") && v >= 1024 && v == std::floor(v)) {
    s += " bytes (" + format_bytes(static_cast<int64_t>(v)) + ")";
  }
  return s;
}

class AlertsThresholdUnreachable final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alerts/threshold-unreachable",
        .severity = Severity::error,
        .summary = "An alert threshold the metric can never reach given the stack's configuration.",
        .rationale =
            "Some metrics are bounded by a setting of the server they describe: postgres_exporter's "
            "`pg_stat_activity_count` counts backends, and PostgreSQL admits at most `max_connections` client "
            "backends plus `autovacuum_max_workers` and `max_worker_processes` background ones; "
            "`redis_connected_clients` stops at `maxclients`; a container's memory stops at its limit. An alert "
            "`pg_stat_activity_count > 80` on a server with `max_connections = 50` is dead code: it was written for "
            "another configuration and silently stopped guarding anything when the setting changed.\n\n"
            "stacklint follows each selector to the server it describes (the scrape job's exporter and the "
            "service the exporter observes, else the stack's only server of that kind; not for a rule file no "
            "Prometheus of the stack loads when a Prometheus runs in it, or when the file lies nearer the directory of "
            "another stack linted with it that runs one: that one evaluates the file), takes the settings "
            "that server really runs with (file, includes, command line), and carries the bound through "
            "parentheses, sign, arithmetic with constants, `sum`/`max`/`min`/`avg` and `*_over_time`. The "
            "bounds are data (data/metrics.tsv, documented in docs/knowledge.md). The finding is placed at the "
            "threshold; notes show the settings that bound the metric and where they were set.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    command: ["-c", "max_connections=50"]
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: db
    rules:
      - alert: TooManyConnections
        expr: pg_stat_activity_count > 80
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    command: ["-c", "max_connections=50"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: db
    rules:
      - alert: TooManyConnections
        expr: pg_stat_activity_count > 40
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
          analysis::BoundAnalysis analysis(stack, evals);
          promql::walk(root, [&](const Node& n) {
            if (!n.is(NodeKind::binary) || !promql::is_comparison(n.op) || n.lhs() == nullptr || n.rhs() == nullptr)
              return;
            const Node* constant = n.rhs();
            const Node* value = n.lhs();
            Tok op = n.op;
            auto c = analysis::fold_constant(*constant);
            if (!c) {
              std::swap(constant, value);
              op = flip(op);
              c = analysis::fold_constant(*constant);
            }
            if (!c || analysis::fold_constant(*value)) return;
            analysis.clear_uses();
            const auto iv = analysis.interval(*value);
            if (!iv || analysis.uses().empty() || !never_true(op, *iv, *c)) return;
            report(out, file, rule, n, *constant, *value, *iv, analysis.uses().front());
          });
        });
  }

 private:
  static void report(Reporter& out, const RuleFile& file, const PromRule& rule, const Node& comparison,
                     const Node& constant, const Node& value, analysis::Interval iv, const analysis::BoundUse& use) {
    const std::string metric(use.selector->metric_name());
    std::string why;
    bool first = true;
    for (const analysis::ResolvedSetting& s : use.settings) {
      if (!first) why += " + ";
      first = false;
      why += s.name + " " + s.value_text();
      if (s.is_default) why += " (default)";
    }
    const bool exact = use.fact->relation == knowledge::Relation::equals;
    std::string range = exact ? "is " + amount(iv.hi, metric) : "is at most " + amount(iv.hi, metric);
    if (iv.lo != 0 && !exact) range = "is between " + amount(iv.lo, metric) + " and " + amount(iv.hi, metric);
    const std::string service = use.settings.empty() ? std::string() : use.settings.front().service;
    std::string message = "`" + std::string(node_text(rule, comparison)) + "` is never true: ";
    const Node* side = promql::strip_parens(&value);
    message += (side == use.selector ? metric : "`" + std::string(node_text(rule, *side)) + "`") + " " + range;
    if (!service.empty()) message += " on service " + service;
    message += " (" + why + "), so " + rule_title(rule) + " never fires";
    std::vector<Related> related;
    for (const analysis::ResolvedSetting& s : use.settings) {
      s.add_notes(related);
    }
    out.report(std::move(message), rulefmt::expr_span_location(file, rule, constant.begin, constant.end),
               std::move(related));
  }
};

}  // namespace

const Rule& alerts_threshold_unreachable() {
  static const AlertsThresholdUnreachable r;
  return r;
}

}  // namespace stacklint::rules
