// promql/counter-without-rate: a raw counter compared with a threshold or divided.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

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
using promql::Tok;

// Whether the metric is a counter. `strict` (for comparisons) wants a counter the metric table
// knows or a `_total` name: `x_count > 0` and `x_sum > N` are mostly gauges named for what they count.
bool is_counter(std::string_view metric, bool strict) {
  if (metric.empty()) return false;
  // A recording rule's output (`error_budget:api:budget_total` recording the constant 0.005, rw147
  // fedora-homelab-containers): its name says what the rule computed, not that it is a counter.
  if (metric.find(':') != std::string_view::npos) return false;
  if (knowledge::metric_type(metric) != knowledge::MetricType::counter) return false;
  if (!strict || metric.ends_with("_total")) return true;
  const knowledge::MetricFact* fact = knowledge::find_metric(metric);
  return fact != nullptr && fact->type == knowledge::MetricType::counter;
}

// `x_total - x_total offset 1h`: a counter minus its own past value is an increase, not raw.
bool is_offset_delta(const Node& sub) {
  const Node* l = promql::strip_parens(sub.lhs());
  const Node* r = promql::strip_parens(sub.rhs());
  return l != nullptr && r != nullptr && l->is(NodeKind::vector_selector) && r->is(NodeKind::vector_selector) &&
         l->metric_name() == r->metric_name() &&
         (l->offset_ms() != r->offset_ms() || l->offset_expr() != nullptr || r->offset_expr() != nullptr ||
          l->at != r->at);
}

// The same counter at two times (`x_total offset 5m` and `x_total`): compared, a change test (no
// increase in 5m) whatever the uptime (rw16 yashigani).
bool same_counter_earlier(const Node& a, const Node& b) {
  return a.metric_name() == b.metric_name() &&
         (a.offset_ms() != b.offset_ms() || a.offset_expr() != nullptr || b.offset_expr() != nullptr || a.at != b.at);
}

// Whether `n` is the number `v` (in parentheses or not).
bool is_number(const Node* n, double v) {
  n = promql::strip_parens(n);
  return n != nullptr && n->is(NodeKind::number_literal) && n->value() == v;
}

bool is_zero(const Node* n) {
  return is_number(n, 0);
}

// `x_total > 0` (or `>= 1`, `!= 0`) beside a rate of the same counter in the expression: a guard
// that the counter exists and has counted at all (rw131 Secure-ISS: `rate(x_total[5m]) < 0.1 and
// x_total > 0`), with no threshold that uptime moves.
bool existence_guard(const Node& cmp, const Node* other, const Node& root, std::string_view metric) {
  const bool positive = (cmp.op == promql::Tok::gtr && is_zero(other)) ||
                        (cmp.op == promql::Tok::gte && is_number(other, 1)) ||
                        (cmp.op == promql::Tok::neq && is_zero(other));
  if (!positive) return false;
  bool rated = false;
  promql::walk(root, [&](const Node& n) {
    if (rated || !n.is(NodeKind::call) || n.func() == nullptr || n.args().empty()) return;
    const std::string_view f = n.func()->name;
    if (f != "rate" && f != "irate" && f != "increase") return;
    const Node* arg = promql::strip_parens(n.args().front());
    const Node* sel =
        arg != nullptr && arg->is(NodeKind::matrix_selector) ? promql::strip_parens(arg->expr()) : nullptr;
    rated = sel != nullptr && sel->is(NodeKind::vector_selector) && sel->metric_name() == metric;
  });
  return rated;
}

// The first instant selector of a counter that reaches `n` unchanged by a function: through
// parentheses, unary signs, value-preserving aggregations and + - * arithmetic. Null if none.
const Node* raw_counter(const Node* n, bool strict) {
  n = promql::strip_parens(n);
  if (n == nullptr) return nullptr;
  switch (n->kind) {
    case NodeKind::vector_selector:
      return is_counter(n->metric_name(), strict) ? n : nullptr;
    case NodeKind::unary:
      return raw_counter(n->expr(), strict);
    case NodeKind::aggregate:
      switch (n->op) {
        case Tok::sum:
        case Tok::min:
        case Tok::max:
        case Tok::avg:
        case Tok::topk:
        case Tok::bottomk:
        case Tok::quantile:
          return raw_counter(n->expr(), strict);
        default:
          return nullptr;
      }
    case NodeKind::binary:
      if (n->op != Tok::add && n->op != Tok::sub && n->op != Tok::mul) return nullptr;
      if (n->op == Tok::sub && is_offset_delta(*n)) return nullptr;
      // `counter * 0` is 0 whatever the counter (a placeholder that keeps the expression valid).
      if (n->op == Tok::mul && (is_zero(n->lhs()) || is_zero(n->rhs()))) return nullptr;
      if (const Node* l = raw_counter(n->lhs(), strict)) return l;
      return raw_counter(n->rhs(), strict);
    default:
      return nullptr;
  }
}

// A use that means what the raw counter says (rw24): an uptime, scaled or compared
// (`apache_uptime_seconds_total / 60 < 1`, a restart detector: its growth with uptime is the
// point), or a count of the host's kernel or hardware events compared with zero
// (`node_edac_uncorrectable_errors_total > 0`: an error since boot, which only a reboot clears;
// alerting until then is meant).
bool counts_since_boot(const Node& sel, const Node& use) {
  // `x_total == 0`: nothing counted since the process started, which a raw counter says as well as
  // its rate, and a gauge named `_total` just as well (rw30 tunnelmesh's `app_filter_rules_total`).
  if ((use.op == Tok::eqlc || use.op == Tok::lte) && is_zero(use.rhs())) return true;
  if ((use.op == Tok::eqlc || use.op == Tok::gte) && is_zero(use.lhs())) return true;
  // `x_total < 1` (`1 > x_total`) is the same test on a count (rw117 near_stack's
  // `near_peer_connections_total < 1`, a gauge of nearcore's).
  if (use.op == Tok::lss && is_number(use.rhs(), 1)) return true;
  if (use.op == Tok::gtr && is_number(use.lhs(), 1)) return true;
  const std::string_view metric = sel.metric_name();
  if (metric.find("_uptime_") != std::string_view::npos || metric.starts_with("uptime_")) return true;
  if (!metric.starts_with("node_")) return false;
  const bool above_zero = (use.op == Tok::gtr || use.op == Tok::neq) && is_zero(use.rhs());
  const bool zero_below = (use.op == Tok::lss || use.op == Tok::neq) && is_zero(use.lhs());
  return above_zero || zero_below;
}

// The first instant selector below `n` through parentheses, unary signs and aggregations, or null.
const Node* first_selector(const Node* n) {
  n = promql::strip_parens(n);
  if (n == nullptr) return nullptr;
  if (n->is(NodeKind::vector_selector)) return n;
  if (n->is(NodeKind::unary) || n->is(NodeKind::aggregate)) return first_selector(n->expr());
  return nullptr;
}

// A `_total` name the metric table does not know.
bool unknown_total(std::string_view metric) {
  return metric.ends_with("_total") && knowledge::find_metric(metric) == nullptr;
}

// A part of a whole named with it (`backup_storage_available / backup_storage_total`,
// `controls_pending / controls_total`): the `_total` name the metric table does not know is the
// capacity the gauge on the division's other side shares its stem with, a gauge too (rw36 the-dmz).
bool part_of_whole(const Node& sel, const Node* other_side) {
  const std::string_view total = sel.metric_name();
  if (!unknown_total(total)) return false;
  const Node* other = first_selector(other_side);
  if (other == nullptr) return false;
  const std::string_view part = other->metric_name();
  const std::string_view stem = total.substr(0, total.size() - std::string_view("total").size());  // keeps the '_'
  return part.size() > stem.size() && part.starts_with(stem) && !part.ends_with("_total");
}

// Whether a metric names a capacity: one of its words is max, maximum, limit or capacity
// (`postgresql_max_connections`, `pool_connection_limit`).
bool names_capacity(std::string_view metric) {
  while (!metric.empty()) {
    const std::size_t end = std::min(metric.find('_'), metric.size());
    const std::string_view word = metric.substr(0, end);
    if (word == "max" || word == "maximum" || word == "limit" || word == "capacity") return true;
    metric.remove_prefix(std::min(end + 1, metric.size()));
  }
  return false;
}

// The namespace of a metric: its first word (`postgresql` of `postgresql_lock_waits_total`).
std::string_view metric_namespace(std::string_view metric) {
  return metric.substr(0, metric.find('_'));
}

// The namespaces whose `_total` names a rule file uses as current counts: an unknown `_total`
// divided by or compared with a capacity (`postgresql_connections_total /
// postgresql_max_connections`, `postgresql_connections_total > postgresql_max_connections * 0.95`).
// A counter against a maximum means nothing, so the family names its gauges `_total`, and its
// `postgresql_lock_waits_total > 5` in the same file is a count of now as well (rw38 DS_project:
// metrics no exporter of the stack defines).
std::vector<std::string_view> gauge_total_namespaces(const RuleFile& file) {
  std::vector<std::string_view> out;
  for (const PromRule& r : file.rules) {
    if (!r.parsed || !r.parsed->ok()) continue;
    promql::walk(*r.parsed->root, [&](const Node& n) {
      if (!n.is(NodeKind::binary) || (n.op != Tok::div && !promql::is_comparison(n.op))) return;
      for (const auto& [count, other] : {std::pair{n.lhs(), n.rhs()}, std::pair{n.rhs(), n.lhs()}}) {
        const Node* sel = first_selector(count);
        if (sel == nullptr || !unknown_total(sel->metric_name()) || other == nullptr) continue;
        bool capacity = false;
        promql::walk(*other, [&](const Node& o) {
          capacity = capacity || (o.is(NodeKind::vector_selector) && names_capacity(o.metric_name()));
        });
        const std::string_view ns = metric_namespace(sel->metric_name());
        if (capacity && std::find(out.begin(), out.end(), ns) == out.end()) out.push_back(ns);
      }
    });
  }
  return out;
}

// Whether a label value names a state something is in now (`status="pending"`), not an event.
bool names_state(std::string_view value) {
  static constexpr std::string_view states[] = {"pending", "queued", "running", "in_progress",
                                                "waiting", "idle",   "active"};
  return std::ranges::find(states, value) != std::end(states);
}

// Whether the repository's code declares the metric a gauge: by its name, or by its last part after a
// namespace and subsystem (rw158 MaxIOFS: `GaugeOpts{Namespace: namespace, Subsystem: "operation",
// Name: "count_total"}` for maxiofs_operation_count_total).
bool declared_gauge(const Stack& stack, std::string_view metric) {
  if (stack.declared_gauge_totals.count(std::string(metric)) > 0) return true;
  return std::any_of(stack.declared_gauge_totals.begin(), stack.declared_gauge_totals.end(), [&](const std::string& d) {
    return d.starts_with('*') && metric.size() > d.size() && metric.ends_with(std::string_view(d).substr(1)) &&
           metric[metric.size() - d.size()] == '_';
  });
}

// Whether a metric's name has a word that names a state something is in now (`soc_controls_pending_total`,
// `jobs_queued_total`): a count of things in that state, a gauge whatever its suffix (rw155
// Overmatch-Digital: pending controls of all controls). So does a run of events in a row
// (`iec_consecutive_actions_total`, rw162 ldt): it starts again at 0 when the run breaks.
bool name_says_state(std::string_view metric) {
  while (!metric.empty()) {
    const std::size_t end = std::min(metric.find('_'), metric.size());
    const std::string_view word = metric.substr(0, end);
    if (names_state(word) || word == "consecutive" || word == "streak") return true;
    metric.remove_prefix(std::min(end + 1, metric.size()));
  }
  return false;
}

// The unknown `_total` names a rule file selects by a state (`x_total{status="pending"}`): a
// count of things pending now is a gauge, whatever its name, and so is the same name with
// another status in that file (rw73 agenticverz: prometheus_client Gauge
// `aos_memory_backfill_progress_total` by status pending, success and failed).
std::vector<std::string_view> gauge_total_names(const RuleFile& file) {
  std::vector<std::string_view> out;
  for (const PromRule& r : file.rules) {
    if (!r.parsed || !r.parsed->ok()) continue;
    promql::walk(*r.parsed->root, [&](const Node& n) {
      if (!n.is(NodeKind::vector_selector) || !unknown_total(n.metric_name())) return;
      for (const promql::Matcher& m : n.matchers()) {
        if (m.op == promql::MatchOp::equal && m.name != "__name__" && names_state(m.value) &&
            std::ranges::find(out, n.metric_name()) == out.end()) {
          out.push_back(n.metric_name());
        }
      }
    });
  }
  return out;
}

// Every metric name a rule file selects.
std::vector<std::string_view> selected_names(const RuleFile& file) {
  std::vector<std::string_view> out;
  for (const PromRule& r : file.rules) {
    if (!r.parsed || !r.parsed->ok()) continue;
    promql::walk(*r.parsed->root, [&](const Node& n) {
      if (n.is(NodeKind::vector_selector) && std::ranges::find(out, n.metric_name()) == out.end()) {
        out.push_back(n.metric_name());
      }
    });
  }
  return out;
}

// A `_count` or `_sum` the metric table does not know whose histogram or summary siblings
// (`x_sum`, `x_bucket`; `x_count`) the file never selects: no part of one, but a gauge named for
// what it counts (rw74 nbu_exporter's `nbu_status_count`, a GaugeValue of jobs per status).
bool lone_histogram_part(std::string_view metric, const std::vector<std::string_view>& selected) {
  std::string_view stem;
  std::array<std::string_view, 2> siblings{};
  if (metric.ends_with("_count")) {
    stem = metric.substr(0, metric.size() - std::string_view("count").size());
    siblings = {"sum", "bucket"};
  } else if (metric.ends_with("_sum")) {
    stem = metric.substr(0, metric.size() - std::string_view("sum").size());
    siblings = {"count", "bucket"};
  } else {
    return false;
  }
  if (knowledge::find_metric(metric) != nullptr) return false;
  return std::ranges::none_of(siblings, [&](std::string_view suffix) {
    const std::string sibling = std::string(stem) + std::string(suffix);
    return std::ranges::find(selected, sibling) != selected.end();
  });
}

// Whether a rule's annotations print its value as things in a state now (`{{ $value }}
// notifications stuck in pending`): the author compares a count of now, whatever the name says
// (rw74 vitar's `vitar_notifications_stuck_total > 100`).
bool prints_value_as_state(std::string_view text) {
  for (size_t at = text.find("$value"); at != std::string_view::npos; at = text.find("$value", at + 1)) {
    std::string after(text.substr(at, 80));
    std::transform(after.begin(), after.end(), after.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string_view state : {"stuck", "pending", "queued", "in queue", "waiting", "currently"}) {
      if (after.find(state) != std::string::npos) return true;
    }
  }
  return false;
}

bool annotated_as_state(const RuleFile& file, const PromRule& rule) {
  if (file.annotations_kept) {
    return std::ranges::any_of(rule.annotations,
                               [](const RuleLabel& a) { return prints_value_as_state(a.value.value); });
  }
  // A file no Prometheus loads keeps no annotations (memory: linter/stack/bind_prometheus.cpp): the
  // rule's own text, from its `- alert:` to the next rule's, read only on this rare path (rw232 vitar:
  // the same alert was judged wrong when its rule file was not mounted).
  if (!rule.annotation_prints_value || !file.source || !rule.key.valid()) return false;
  const std::string_view text = file.source->text();
  size_t end = text.size();
  for (const PromRule& other : file.rules) {
    if (other.key.valid() && other.key.offset > rule.key.offset) end = std::min<size_t>(end, other.key.offset);
  }
  if (rule.key.offset >= end) return false;
  return prints_value_as_state(text.substr(rule.key.offset, end - rule.key.offset));
}

std::string message(const Node& binary, std::string_view metric) {
  const std::string name(metric);
  const std::string fix = "rate(" + name + "[5m]) or increase(" + name + "[1h])";
  if (binary.op == Tok::div) {
    return name +
           " is a counter divided raw: a ratio of counters is the average since each process started, "
           "moves less and less with uptime and jumps at restarts; divide rates instead, starting with rate(" +
           name + "[5m])";
  }
  return name + " is a counter compared raw (`" + std::string(promql::tok_spelling(binary.op)) +
         "`): it only grows from the process start and falls to 0 at restarts, so the result depends on uptime; "
         "compare " +
         fix + " instead";
}

class PromqlCounterWithoutRate final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "promql/counter-without-rate",
        .severity = Severity::warning,
        .summary = "A raw counter used in a comparison or a division instead of its rate() or increase().",
        .rationale =
            "A counter is cumulative: it counts from the moment the process started and falls back to zero "
            "when it restarts. Compared with a threshold, it crosses it once after enough uptime and stays "
            "there; divided by another counter, it gives the average since start, which barely moves after a "
            "few days and says nothing about now. Alert on `rate(x_total[5m])` or `increase(x_total[1h])`, and "
            "divide rates (`rate(hits_total[5m]) / rate(requests_total[5m])`).\n\n"
            "A counter is a name stacklint's metric table knows as one, else a name ending in `_total`, "
            "`_count`, `_sum` or `_bucket`; a recording rule's output (a name with a colon) is none, whatever its "
            "end: its name says what the rule computed. It is raw when it reaches the operator through nothing but "
            "parentheses, a sign, `sum`/`min`/`max`/`avg`/`topk`/`bottomk`/`quantile` and `+ - *` "
            "arithmetic (not through `* 0`, which is 0 whatever the counter); any function call (`rate`, `increase`, "
            "`absent`, `timestamp`...), `count`/`group` and "
            "`x_total - x_total offset 1h` (an increase by hand) make it something else, as does comparing a counter "
            "with its own past value (`x_total offset 5m == x_total`: no increase in 5m). An uptime compared with a "
            "threshold (`apache_uptime_seconds_total / 60 < 1`: restarted in the last minute) and a node_exporter "
            "count of kernel or hardware events compared with zero (`node_edac_uncorrectable_errors_total > 0`: an "
            "error since boot) mean what they say, as does any counter tested for zero (`x_total == 0`, `x_total < 1`: "
            "nothing "
            "counted since start). A part divided by the whole it is named with (`backup_storage_available / "
            "backup_storage_total`, a `_total` the table does not know) is a capacity ratio of gauges. A `_total` the "
            "table does not know divided by or compared with a maximum (`postgresql_connections_total / "
            "postgresql_max_connections`) is a count of now, and so are the other unknown `_total` names of its "
            "family (first word) in that file: that family names its gauges `_total`. "
            "A `_total` the table does not know that the file selects by a state (`jobs_total{status=\"pending\"}`: "
            "pending, queued, running, in_progress, waiting, idle or active) is a count of now too, in every "
            "expression of that file, and so is one whose name has such a word (`controls_pending_total`) or counts a "
            "run in a row (`consecutive_failures_total`), and so is "
            "one whose rule prints its value as things in a state "
            "(`{{ $value }} notifications stuck in pending`), "
            "and so is one the repository's own code declares as a gauge (`Gauge(\"orch_bots_total\", ...)` in "
            "Python, `prometheus.NewGauge(prometheus.GaugeOpts{Name: ...})` in Go, where a `Namespace` and `Subsystem` "
            "before "
            "the name make it the metric's last part, `new Gauge({name: ...})` in "
            "JavaScript, or a `# TYPE x_total gauge` line of the exposition text the code writes itself; source "
            "files below the repository's top, at most 1,500). "
            "Comparisons are checked "
            "only for `_total` names and counters the table knows (`x_count > 0` is mostly a gauge named for "
            "what it counts); divisions also for `_count`, `_sum` and `_bucket`, where `x_sum / x_count` is the "
            "average since start; a `_count` or `_sum` the table does not know is one only beside its siblings (the "
            "file selects `x_sum` or `x_bucket` for `x_count`): alone it is a gauge named for what it counts. One "
            "finding per comparison or division, at the first raw counter. `x_total > 0` (or `>= 1`, `!= 0`) in an "
            "expression that also takes the rate of `x_total` is a guard that the counter has counted at all, not a "
            "threshold: not reported.",
        .bad_example = {{.path = "rules.yml", .content = R"(groups:
  - name: redis
    rules:
      - alert: LowCacheHitRate
        expr: redis_keyspace_hits_total / (redis_keyspace_hits_total + redis_keyspace_misses_total) < 0.4
)"}},
        .good_example = {{.path = "rules.yml", .content = R"(groups:
  - name: redis
    rules:
      - alert: LowCacheHitRate
        expr: rate(redis_keyspace_hits_total[5m]) / (rate(redis_keyspace_hits_total[5m]) + rate(redis_keyspace_misses_total[5m])) < 0.4
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
      const std::vector<std::string_view> gauge_totals = gauge_total_namespaces(*file);
      const std::vector<std::string_view> state_totals = gauge_total_names(*file);
      const std::vector<std::string_view> selected = selected_names(*file);
      for (const PromRule& r : file->rules) {
        if (!r.parsed || !r.parsed->ok()) continue;
        // One finding per counter and expression: its other raw uses there are one fix (rw18:
        // `(hits + misses) > 1000 and hits / (hits + misses) < 0.5`), noted.
        struct Found {
          std::string_view metric;
          std::string message;
          Location location;
          std::vector<Related> notes;
        };
        std::vector<Found> found;
        promql::walk(*r.parsed->root, [&](const Node& n) {
          if (!n.is(NodeKind::binary) || (n.op != Tok::div && !promql::is_comparison(n.op))) return;
          const bool strict = n.op != Tok::div;
          const Node* left = raw_counter(n.lhs(), strict);
          const Node* right = raw_counter(n.rhs(), strict);
          if (left != nullptr && lone_histogram_part(left->metric_name(), selected)) left = nullptr;
          if (right != nullptr && lone_histogram_part(right->metric_name(), selected)) right = nullptr;
          if (promql::is_comparison(n.op) && left != nullptr && right != nullptr &&
              same_counter_earlier(*left, *right)) {
            return;
          }
          const Node* sel = left != nullptr ? left : right;
          if (sel == nullptr) return;
          if (counts_since_boot(*sel, n)) return;
          if (existence_guard(n, sel == left ? n.rhs() : n.lhs(), *r.parsed->root, sel->metric_name())) return;
          if (unknown_total(sel->metric_name()) &&
              std::ranges::find(gauge_totals, metric_namespace(sel->metric_name())) != gauge_totals.end()) {
            return;
          }
          if (std::ranges::find(state_totals, sel->metric_name()) != state_totals.end()) return;
          if (unknown_total(sel->metric_name()) && name_says_state(sel->metric_name())) return;
          // The repository's own code declares it a gauge (rw92 freqtrade-ui's `Gauge("orch_bots_total",
          // ...)`, rw88 Secure-ISS's exporter.py).
          if (unknown_total(sel->metric_name()) && declared_gauge(stack, sel->metric_name())) {
            return;
          }
          if (unknown_total(sel->metric_name()) && annotated_as_state(*file, r)) return;
          if (n.op == Tok::div && (left == nullptr || right == nullptr) &&
              part_of_whole(*sel, left != nullptr ? n.rhs() : n.lhs())) {
            return;
          }
          const Location at = rulefmt::expr_span_location(*file, r, sel->begin, sel->end);
          const std::string_view metric = sel->metric_name();
          const auto same =
              std::find_if(found.begin(), found.end(), [&](const Found& f) { return f.metric == metric; });
          if (same != found.end()) {
            same->notes.push_back(Related{.message = std::string(metric) + " is used raw here too", .location = at});
            return;
          }
          found.push_back(Found{.metric = metric, .message = message(n, metric), .location = at, .notes = {}});
        });
        for (Found& f : found) out.report(std::move(f.message), f.location, std::move(f.notes));
      }
    }
  }
};

}  // namespace

const Rule& promql_counter_without_rate() {
  static const PromqlCounterWithoutRate r;
  return r;
}

}  // namespace stacklint::rules
