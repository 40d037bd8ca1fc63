// promql/histogram-quantile-misuse: histogram_quantile() over a non-bucket series, or with `le` dropped.
#include <algorithm>
#include <set>
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

bool has_feature(const RuleFile& file, std::string_view feature) {
  return std::find(file.enabled_features.begin(), file.enabled_features.end(), feature) != file.enabled_features.end();
}

bool is_call(const Node& n, std::string_view name) {
  return n.is(NodeKind::call) && n.func() != nullptr && n.func()->name == name;
}

// What lies between histogram_quantile and its buckets: selectors and the aggregations on the way.
struct Path {
  std::vector<const Node*> selectors;
  std::vector<const Node*> aggregations;
};

// Follows the series through rate/irate/increase, aggregations, parentheses, signs, binary
// operators, range selectors and subqueries.
void collect(const Node* n, Path& out) {
  n = promql::strip_parens(n);
  if (n == nullptr) return;
  switch (n->kind) {
    case NodeKind::vector_selector:
      out.selectors.push_back(n);
      return;
    case NodeKind::matrix_selector:
    case NodeKind::subquery:
    case NodeKind::unary:
      collect(n->expr(), out);
      return;
    case NodeKind::aggregate:
      out.aggregations.push_back(n);
      collect(n->expr(), out);
      return;
    case NodeKind::binary:
      // The result's series come from the "many" side of group_left/group_right (the other side
      // only joins labels, like `* on(instance) group_left(node) kube_node_info`) and from the
      // left side of `and`/`unless`.
      {
        const bool group_left = n->has_matching && n->matching().card == promql::Cardinality::many_to_one;
        const bool group_right = n->has_matching && n->matching().card == promql::Cardinality::one_to_many;
        if (!group_right) collect(n->lhs(), out);
        if (!group_left && n->op != Tok::land && n->op != Tok::lunless) collect(n->rhs(), out);
        return;
      }
    case NodeKind::call:
      if ((is_call(*n, "rate") || is_call(*n, "irate") || is_call(*n, "increase")) && !n->args().empty()) {
        collect(n->args().front(), out);
      }
      return;
    default:
      return;
  }
}

// Whether an aggregation removes the `le` label from its result.
bool drops_le(const Node& agg) {
  switch (agg.op) {
    case Tok::topk:
    case Tok::bottomk:
    case Tok::limitk:
    case Tok::limit_ratio:
      return false;  // these select series and keep every label
    default:
      break;
  }
  const bool listed = std::find(agg.grouping().begin(), agg.grouping().end(), "le") != agg.grouping().end();
  return agg.without ? listed : !listed;
}

std::string bucket_name(std::string_view metric) {
  for (std::string_view suffix : {"_count", "_sum", "_total"}) {
    if (metric.ends_with(suffix)) {
      metric.remove_suffix(suffix.size());
      break;
    }
  }
  return std::string(metric) + "_bucket";
}

std::string not_bucket_message(std::string_view metric, std::string_view q) {
  const std::string name(metric);
  if (knowledge::metric_type(metric) == knowledge::MetricType::summary) {
    return "histogram_quantile() over " + name +
           ", a summary: its quantiles are computed by the client and have no `le` buckets; select " + name +
           "{quantile=\"0.95\"} instead";
  }
  const std::string bucket = bucket_name(metric);
  return "histogram_quantile() over " + name +
         ", which is not a classic histogram's bucket series (no _bucket suffix): the quantile is interpolated "
         "from the cumulative `le` buckets; use " +
         bucket + ", as in histogram_quantile(" + std::string(q) + ", sum by (le) (rate(" + bucket +
         "[5m]))), or enable the native-histograms feature if it is a native histogram";
}

std::string drops_le_message(const Node& agg) {
  const std::string op(promql::tok_spelling(agg.op));
  std::string how;
  if (agg.without) {
    how = "`" + op + " without (..., le)` removes";
  } else if (agg.grouping().empty()) {
    how = "`" + op + "` without `by (le)` removes";
  } else {
    how = "`" + op + " by (...)` without `le` removes";
  }
  return how +
         " the `le` label between histogram_quantile() and its buckets, so no bucket boundaries are left "
         "and the result is NaN or missing; keep `le` in every aggregation, e.g. sum by (le) (rate(x_bucket[5m]))";
}

class PromqlHistogramQuantileMisuse final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "promql/histogram-quantile-misuse",
        .severity = Severity::warning,
        .summary =
            "histogram_quantile() over a series that is not a `_bucket` series, or through an aggregation "
            "that drops `le`.",
        .rationale =
            "A classic histogram is exposed as cumulative buckets `x_bucket{le=\"...\"}` plus `x_count` and "
            "`x_sum`; `histogram_quantile(q, ...)` interpolates the quantile from the bucket boundaries in the "
            "`le` label. Over any other series (the histogram's base name, `_count`, `_sum`, a gauge) it finds "
            "no buckets and returns nothing, and an aggregation on the way that removes `le` (`sum(...)`, "
            "`sum by (job) (...)`, `... without (le)`) leaves no boundaries to interpolate: the alert never "
            "fires and the dashboard stays empty. Write `histogram_quantile(0.95, sum by (le) "
            "(rate(x_bucket[5m])))`.\n\n"
            "The series is followed through `rate`/`irate`/`increase`, aggregations, parentheses and binary "
            "operators. A native histogram has no suffix and no `le`: when the rule file's Prometheus runs "
            "with the `native-histograms` feature, names without `_bucket` are accepted and aggregations are "
            "checked only over `_bucket` series. So is a name whose `_bucket` form another histogram_quantile() of "
            "the same file reads (the native twin of a classic histogram, recorded both ways), and then every name "
            "of that file: its Prometheus scrapes native histograms. Recording-rule names "
            "(with `:`) are skipped.",
        .bad_example = {{.path = "rules.yml", .content = R"(groups:
  - name: api
    rules:
      - alert: SlowRequests
        expr: histogram_quantile(0.95, rate(api_request_duration_seconds[5m])) > 2
)"}},
        .good_example = {{.path = "rules.yml", .content = R"(groups:
  - name: api
    rules:
      - alert: SlowRequests
        expr: histogram_quantile(0.95, sum by (le) (rate(api_request_duration_seconds_bucket[5m]))) > 2
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
      // A file that reads X_bucket in one rule and X in another writes the native twin of a classic
      // histogram (rw52 scylla-monitoring: each latency quantile recorded over both forms): its
      // Prometheus scrapes native histograms (`scrape_native_histograms`), so its other names without
      // `_bucket` may be native ones too.
      std::set<std::string, std::less<>> twins;
      std::set<std::string, std::less<>> plain;
      for (const PromRule& r : file->rules) {
        if (!r.parsed || !r.parsed->ok()) continue;
        promql::walk(*r.parsed->root, [&](const Node& n) {
          if (!is_call(n, "histogram_quantile") || n.args().size() < 2) return;
          Path path;
          collect(n.args()[1], path);
          for (const Node* sel : path.selectors) {
            const std::string_view metric = sel->metric_name();
            if (metric.ends_with("_bucket")) {
              twins.emplace(metric.substr(0, metric.size() - 7));
            } else {
              plain.emplace(metric);
            }
          }
        });
      }
      const bool native =
          has_feature(*file, "native-histograms") ||
          std::any_of(plain.begin(), plain.end(), [&](const std::string& m) { return twins.contains(m); });
      for (const PromRule& r : file->rules) {
        if (!r.parsed || !r.parsed->ok()) continue;
        const auto at = [&](const Node& n) { return rulefmt::expr_span_location(*file, r, n.begin, n.end); };
        promql::walk(*r.parsed->root, [&](const Node& n) {
          if (!is_call(n, "histogram_quantile") || n.args().size() < 2) return;
          // The quantile as written (when it is a number), for the suggested fix.
          const Node& q_node = *promql::strip_parens(n.args()[0]);
          const std::string_view q =
              q_node.is(NodeKind::number_literal) && q_node.end <= r.expr.value.size()
                  ? std::string_view(r.expr.value).substr(q_node.begin, q_node.end - q_node.begin)
                  : std::string_view("0.95");
          Path path;
          collect(n.args()[1], path);
          bool classic = !native;
          for (const Node* sel : path.selectors) {
            const std::string_view metric = sel->metric_name();
            if (metric.ends_with("_bucket")) classic = true;
            if (native || metric.empty() || metric.find(':') != std::string_view::npos) continue;
            if (!metric.ends_with("_bucket")) out.report(not_bucket_message(metric, q), at(*sel));
          }
          if (!classic) return;
          for (const Node* agg : path.aggregations) {
            if (drops_le(*agg)) out.report(drops_le_message(*agg), at(*agg));
          }
        });
      }
    }
  }
};

}  // namespace

const Rule& promql_histogram_quantile_misuse() {
  static const PromqlHistogramQuantileMisuse r;
  return r;
}

}  // namespace stacklint::rules
