// alerts/divisor-mismatch: a metric divided by a constant that should be its configured limit and is not.
#include <cmath>

#include "linter/analysis/bounds.h"
#include "linter/engine/rule.h"
#include "linter/formats/rulefmt/span.h"
#include "linter/units/format.h"
#include "rules/alerts/walk.h"
#include "rules/redis/redis_common.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;
using promql::Tok;

// The selector under parentheses and value-preserving aggregations (sum/max/min/avg).
const Node* measured_selector(const Node* n) {
  n = promql::strip_parens(n);
  while (n != nullptr && n->is(NodeKind::aggregate) &&
         (n->op == Tok::sum || n->op == Tok::max || n->op == Tok::min || n->op == Tok::avg)) {
    n = promql::strip_parens(n->expr());
  }
  return n != nullptr && n->is(NodeKind::vector_selector) ? n : nullptr;
}

std::string quantity(double v, bool bytes) {
  std::string s = analysis::format_number(v);
  if (bytes && v >= 1024 && v == std::floor(v)) s += " bytes (" + format_bytes(static_cast<int64_t>(v)) + ")";
  return s;
}

bool same(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

class AlertsDivisorMismatch final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alerts/divisor-mismatch",
        .severity = Severity::warning,
        .summary = "A metric divided by a constant that stands for its configured limit but does not equal it.",
        .rationale =
            "`redis_memory_used_bytes / 268435456 > 0.9` means \"Redis is above 90% of maxmemory\" only while "
            "maxmemory is 268,435,456 bytes. When the limit changes, or was never that number (`256m` in "
            "redis.conf is 256,000,000 bytes, `256mb` is 268,435,456), the alert silently measures something else: "
            "it fires late, early, or never.\n\n"
            "stacklint folds the divisor (`256 * 1024 * 1024` is a constant too), finds the setting that bounds "
            "the divided metric (data/metrics.tsv: maxmemory, maxclients, max_connections, the container's "
            "memory limit, the host budget) on the server the series come from, and reports a divisor within a "
            "factor of four of that setting that is not equal to it. Smaller divisors (`/ 1024` for a unit "
            "conversion) are left alone. A divisor that stands for a Redis maxmemory of 0 (no limit) is reported "
            "too. Better still: divide by the exporter's own view of the limit (`redis_memory_max_bytes`, "
            "`pg_settings_max_connections`), which follows the configuration, and where it can be 0 (a Redis "
            "without maxmemory), guard the ratio: `redis_memory_used_bytes / redis_memory_max_bytes` is +Inf "
            "there and is reported unless the expression also tests `redis_memory_max_bytes`. A maxmemory of 0 "
            "that redis/maxmemory-unset already reports (a memory-limited container) is left to it: setting "
            "maxmemory fixes both.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    mem_limit: 512m
    command: ["redis-server", "--maxmemory", "256m"]
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: redis
    rules:
      - alert: RedisMemoryHigh
        expr: redis_memory_used_bytes / 268435456 > 0.9
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    mem_limit: 512m
    command: ["redis-server", "--maxmemory", "256mb"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: redis
    rules:
      - alert: RedisMemoryHigh
        expr: redis_memory_used_bytes / (256 * 1024 * 1024) > 0.9
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
          promql::walk(root, [&](const Node& n) {
            if (!n.is(NodeKind::binary) || n.op != Tok::div || n.lhs() == nullptr || n.rhs() == nullptr) return;
            const auto divisor = analysis::fold_constant(*n.rhs());
            const Node* sel = measured_selector(n.lhs());
            if (sel == nullptr) return;
            if (!divisor) {
              zero_limit_divisor(out, stack, file, rule, root, n, *sel, evals);
              return;
            }
            if (*divisor <= 0) return;
            const knowledge::MetricFact* fact = knowledge::find_metric(sel->metric_name());
            if (fact == nullptr || fact->prefix || fact->bound.empty() || fact->bound.config == "host") return;
            if (fact->relation != knowledge::Relation::at_most && fact->relation != knowledge::Relation::limit) return;
            check_divisor(out, stack, file, rule, n, *sel, *fact, *divisor, evals);
          });
        });
  }

 private:
  // `redis_memory_used_bytes / redis_memory_max_bytes`: the exporter reports maxmemory itself, which
  // is 0 on a server without a limit, and any use divided by 0 is +Inf. A second use of the divisor
  // in the expression (`and redis_memory_max_bytes > 0`) is taken as the guard it usually is.
  static void zero_limit_divisor(Reporter& out, const Stack& stack, const RuleFile& file, const PromRule& rule,
                                 const Node& root, const Node& division, const Node& sel,
                                 const std::vector<analysis::Evaluator>& evals) {
    const Node* limit = measured_selector(division.rhs());
    if (limit == nullptr) return;
    const knowledge::MetricFact* used = knowledge::find_metric(sel.metric_name());
    const knowledge::MetricFact* fact = knowledge::find_metric(limit->metric_name());
    if (used == nullptr || fact == nullptr || fact->prefix || fact->relation != knowledge::Relation::equals ||
        fact->bound.name != "maxmemory" || used->bound.text() != fact->bound.text()) {
      return;
    }
    int uses = 0;
    promql::walk(root, [&](const Node& m) {
      if (m.is(NodeKind::vector_selector) && m.metric_name() == limit->metric_name()) ++uses;
    });
    if (uses > 1) return;
    // `ratio > 0.8` with the ratio +Inf holds at every evaluation: the alert fires without pause.
    const Node* top = promql::strip_parens(&root);
    bool above = false;
    if (top != nullptr && top->is(NodeKind::binary) && (top->op == Tok::gtr || top->op == Tok::gte) &&
        top->lhs() != nullptr && top->rhs() != nullptr && analysis::fold_constant(*top->rhs())) {
      promql::walk(*top->lhs(), [&](const Node& m) { above = above || &m == &division; });
    }
    for (const analysis::BoundService& b : analysis::bound_services(stack, evals, *limit, fact->bound)) {
      const auto s = analysis::resolve_setting(stack, *b.service, fact->bound);
      if (!s || s->value > 0) continue;
      if (redis_rules::maxmemory_unset_reported(stack, *b.service)) return;
      std::vector<Related> related;
      s->add_notes(related);
      out.report(std::string(sel.metric_name()) + " is divided by " + std::string(limit->metric_name()) +
                     ", which is 0 for service " + s->service + " (" + s->describe() +
                     ": no limit), so the ratio is +Inf and " + rule_title(rule) +
                     (above ? " fires all the time" : " measures nothing"),
                 rulefmt::expr_span_location(file, rule, limit->begin, limit->end), std::move(related));
      return;
    }
  }

  static void check_divisor(Reporter& out, const Stack& stack, const RuleFile& file, const PromRule& rule,
                            const Node& division, const Node& sel, const knowledge::MetricFact& fact, double divisor,
                            const std::vector<analysis::Evaluator>& evals) {
    const std::vector<analysis::BoundService> services = analysis::bound_services(stack, evals, sel, fact.bound);
    std::optional<analysis::ResolvedSetting> closest;
    for (const analysis::BoundService& b : services) {
      auto s = analysis::resolve_setting(stack, *b.service, fact.bound);
      if (!s) continue;
      if (s->value > 0 && same(s->value, divisor)) return;  // one of the servers matches
      if (!closest || std::fabs(std::log(std::max(s->value, 1.0) / divisor)) <
                          std::fabs(std::log(std::max(closest->value, 1.0) / divisor))) {
        closest = std::move(s);
      }
    }
    if (!closest) return;
    const std::string metric(sel.metric_name());
    const bool bytes = closest->name == "maxmemory" || closest->name == "memory limit";
    const Node& divisor_node = *promql::strip_parens(division.rhs());
    std::string message = metric + " is divided by " + quantity(divisor, bytes);
    if (closest->value <= 0) {
      if (fact.bound.name != "maxmemory") return;
      const Service* unset = stack.find_service(closest->service);
      if (unset != nullptr && redis_rules::maxmemory_unset_reported(stack, *unset)) return;
      message += " as if it were maxmemory, but service " + closest->service + " has no maxmemory (" +
                 closest->describe() + ": no limit), so " + rule_title(rule) + " measures nothing";
    } else {
      const double ratio = divisor / closest->value;
      if (ratio < 0.25 || ratio > 4) return;  // a unit conversion or an unrelated scale, not the limit
      message += " but " + closest->name + " on service " + closest->service + " is ";
      if (!closest->is_default && closest->text != analysis::format_number(closest->value)) {
        message += "`" + closest->text + "` = ";
      }
      message += quantity(closest->value, bytes);
      if (closest->is_default) message += " (the default)";
      const double off = (ratio - 1) * 100;
      std::array<char, 32> pct{};
      std::snprintf(pct.data(), pct.size(), "%.1f", std::fabs(off));
      message += ": " + rule_title(rule) + " measures against a limit " + pct.data() + "% " +
                 (off > 0 ? "higher" : "lower") + " than the real one";
    }
    std::vector<Related> related;
    closest->add_notes(related);
    out.report(std::move(message), rulefmt::expr_span_location(file, rule, divisor_node.begin, divisor_node.end),
               std::move(related));
  }
};

}  // namespace

const Rule& alerts_divisor_mismatch() {
  static const AlertsDivisorMismatch r;
  return r;
}

}  // namespace stacklint::rules
