// promql/vector-matching-empty: a binary operation between two instant vectors whose sides can never
// carry the same labels (`count(x) / y`: count drops `job`, every scraped series of y has one), so it
// matches no pair and returns nothing: the alert never fires, the recording rule records nothing.
#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/formats/promql/ast.h"
#include "linter/formats/promql/lexer.h"
#include "linter/formats/promql/parser.h"
#include "linter/formats/rulefmt/span.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

using promql::Node;
using promql::NodeKind;
using promql::Tok;
using promql::ValueType;

// What is known of the labels of an expression's series (the metric name aside).
struct Labels {
  std::vector<std::string_view> surely;  // every series has these
  bool bounded = false;                  // `only` lists every label a series can have
  std::vector<std::string_view> only;
};

bool has(const std::vector<std::string_view>& v, std::string_view x) {
  return std::ranges::find(v, x) != v.end();
}

std::vector<std::string_view> minus(std::vector<std::string_view> v, std::span<const std::string_view> drop) {
  std::erase_if(v, [&](std::string_view x) { return std::ranges::find(drop, x) != drop.end(); });
  return v;
}

// Functions whose result keeps the labels of their vector argument (the metric name aside), with
// the index of that argument.
int kept_argument(std::string_view f) {
  static constexpr std::array<std::string_view, 52> kFirst = {"abs",
                                                              "ceil",
                                                              "floor",
                                                              "round",
                                                              "exp",
                                                              "ln",
                                                              "log2",
                                                              "log10",
                                                              "sqrt",
                                                              "sgn",
                                                              "clamp",
                                                              "clamp_min",
                                                              "clamp_max",
                                                              "rate",
                                                              "irate",
                                                              "increase",
                                                              "delta",
                                                              "idelta",
                                                              "deriv",
                                                              "predict_linear",
                                                              "resets",
                                                              "changes",
                                                              "holt_winters",
                                                              "double_exponential_smoothing",
                                                              "avg_over_time",
                                                              "min_over_time",
                                                              "max_over_time",
                                                              "sum_over_time",
                                                              "count_over_time",
                                                              "last_over_time",
                                                              "stddev_over_time",
                                                              "stdvar_over_time",
                                                              "present_over_time",
                                                              "mad_over_time",
                                                              "timestamp",
                                                              "sort",
                                                              "sort_desc",
                                                              "day_of_month",
                                                              "day_of_week",
                                                              "day_of_year",
                                                              "days_in_month",
                                                              "hour",
                                                              "minute",
                                                              "month",
                                                              "year",
                                                              "acos",
                                                              "asin",
                                                              "atan",
                                                              "cos",
                                                              "sin",
                                                              "tan",
                                                              "deg"};
  if (std::ranges::find(kFirst, f) != kFirst.end() || f == "rad") return 0;
  if (f == "quantile_over_time" || f == "histogram_quantile") return 1;
  return -1;
}

class Analyzer {
 public:
  explicit Analyzer(const std::set<std::string, std::less<>>& recorded) : recorded_(recorded) {}

  // The labels of an instant or range vector expression.
  [[nodiscard]] Labels of(const Node& n) const {
    switch (n.kind) {
      case NodeKind::vector_selector:
        return selector(n);
      case NodeKind::matrix_selector:
      case NodeKind::subquery:
      case NodeKind::paren:
      case NodeKind::unary:
        return n.expr() != nullptr ? of(*n.expr()) : Labels{};
      case NodeKind::call:
        return call(n);
      case NodeKind::aggregate:
        return aggregate(n);
      case NodeKind::binary:
        return binary(n);
      default:
        return {};
    }
  }

 private:
  // A scraped series always has `job` (the scrape config's job_name, or what relabeling set). Not
  // a recording rule's output (a name with a colon, or one a rule file of the stack records),
  // whose labels are its expression's, nor ALERTS.
  [[nodiscard]] Labels selector(const Node& n) const {
    const std::string_view name = n.metric_name();
    if (name.empty() || name.find(':') != std::string_view::npos || name.starts_with("ALERTS") ||
        recorded_.contains(name)) {
      return {};
    }
    for (const promql::Matcher& m : n.matchers()) {
      if (m.name == "job" && m.matches("")) return {};  // `job=""` selects series without one
    }
    return Labels{.surely = {"job"}, .bounded = false, .only = {}};
  }

  [[nodiscard]] Labels call(const Node& n) const {
    const promql::Function* f = n.func();
    if (f == nullptr) return {};
    if (f->name == "vector") return Labels{.surely = {}, .bounded = true, .only = {}};
    const int arg = kept_argument(f->name);
    // `hour()`, `day_of_week()`... of no argument: one series without labels, of the evaluation time
    // (`x and hour() > 8` pairs nothing; `and on() hour() > 8` is meant).
    if (arg == 0 && n.args().empty() && f->return_type == ValueType::vector) {
      return Labels{.surely = {}, .bounded = true, .only = {}};
    }
    if (arg < 0 || static_cast<size_t>(arg) >= n.args().size()) return {};
    Labels l = of(*n.args()[static_cast<size_t>(arg)]);
    if (f->name == "histogram_quantile") {
      static constexpr std::array<std::string_view, 1> kLe = {"le"};
      l.surely = minus(l.surely, kLe);
      l.only = minus(l.only, kLe);
    }
    return l;
  }

  [[nodiscard]] Labels aggregate(const Node& n) const {
    if (n.expr() == nullptr || n.op == Tok::count_values) return {};
    Labels inner = of(*n.expr());
    if (n.op == Tok::topk || n.op == Tok::bottomk || n.op == Tok::limitk || n.op == Tok::limit_ratio) return inner;
    const std::span<const std::string_view> grouping = n.grouping();
    if (n.without) {
      inner.surely = minus(inner.surely, grouping);
      inner.only = minus(inner.only, grouping);
      return inner;
    }
    Labels out{.surely = {}, .bounded = true, .only = {grouping.begin(), grouping.end()}};
    for (const std::string_view l : grouping) {
      if (has(inner.surely, l)) out.surely.push_back(l);
    }
    return out;
  }

  [[nodiscard]] Labels binary(const Node& n) const {
    const Node* lhs = n.lhs();
    const Node* rhs = n.rhs();
    if (lhs == nullptr || rhs == nullptr) return {};
    if (lhs->type != ValueType::vector) return rhs->type == ValueType::vector ? of(*rhs) : Labels{};
    if (rhs->type != ValueType::vector) return of(*lhs);
    if (n.op == Tok::lor) {
      const Labels a = of(*lhs);
      const Labels b = of(*rhs);
      Labels out;
      for (const std::string_view l : a.surely) {
        if (has(b.surely, l)) out.surely.push_back(l);
      }
      out.bounded = a.bounded && b.bounded;
      if (out.bounded) {
        out.only = a.only;
        for (const std::string_view l : b.only) {
          if (!has(out.only, l)) out.only.push_back(l);
        }
      }
      return out;
    }
    const promql::VectorMatching& m = n.matching();
    // group_left/group_right: the "many" side's labels, and those `include` copies from the other.
    const bool right = m.card == promql::Cardinality::one_to_many;
    Labels out = of(right ? *rhs : *lhs);
    if (!m.include.empty()) {
      out.bounded = false;
      out.only.clear();
    }
    return out;
  }

  const std::set<std::string, std::less<>>& recorded_;
};

// A label one side surely has and the other surely lacks, among those the operator matches on;
// "" when there is none.
std::string_view mismatch(const Labels& a, const Labels& b, const promql::VectorMatching& m) {
  if (!b.bounded) return {};
  for (const std::string_view l : a.surely) {
    const bool compared =
        m.on ? std::ranges::find(m.labels, l) != m.labels.end() : std::ranges::find(m.labels, l) == m.labels.end();
    if (compared && !has(b.only, l)) return l;
  }
  return {};
}

std::string_view text_of(const PromRule& r, const Node& n) {
  const std::string& e = r.expr.value;
  if (n.begin >= e.size() || n.end > e.size() || n.end < n.begin) return {};
  return std::string_view(e).substr(n.begin, n.end - n.begin);
}

// At most 60 bytes of an expression on one line, cut before a UTF-8 sequence, never inside one (a
// label value in another script): the report stays valid UTF-8. Each run of blanks and line breaks
// is one space, none inside parentheses' edges (`(\n  rate(x[5m]) > 0\n)` is `(rate(x[5m]) > 0)`;
// rw248 printed the line breaks escaped).
std::string shorten(std::string_view text) {
  std::string s;
  for (size_t i = 0; i < text.size();) {
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') {
      s += text[i++];
      continue;
    }
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    if (!s.empty() && s.back() != '(' && i < text.size() && text[i] != ')') s += ' ';
  }
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return s;
  size_t cut = kMax - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

class PromqlVectorMatchingEmpty final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "promql/vector-matching-empty",
        .severity = Severity::warning,
        .summary =
            "A binary operation between two vectors whose sides can never have the same labels: it returns "
            "nothing, so its alert never fires.",
        .rationale =
            "An arithmetic or comparison operator between two instant vectors (and `and`) pairs each series of one "
            "side with the series of the other side that has exactly the same labels (the metric name aside), or "
            "the same values of the `on(...)` labels; series without a partner are dropped. Every series "
            "Prometheus scrapes carries a `job` label, while an aggregation keeps only the labels of its `by (...)` "
            "clause: `count(droplet_up) / droplet_limit` compares a series with no labels to series with `job` and "
            "`instance`, pairs nothing and returns nothing, so the alert is never pending and never fires, "
            "whatever the values. The same holds for `sum by (instance) (a) / sum by (job) (b)`. stacklint reports "
            "an operator where one side surely has a label the other side surely cannot have: a `job` of a scraped "
            "series (a selector of a name no rule file of the stack records and with no colon), kept through "
            "`rate`, `*_over_time` and other functions that keep labels, against an aggregation's `by` list or "
            "`vector(...)`. Fix it by aggregating both sides alike (`count(droplet_up) / sum(droplet_limit)`), "
            "or by matching on the labels both sides have (`on(instance)`, `ignoring(job)`). `or` and `unless` "
            "are not reported (they return the left side's series without a partner).",
        .bad_example = {{.path = "rules.yml", .content = R"(groups:
  - name: droplets
    rules:
      - alert: DropletLimitNear
        expr: count(digitalocean_droplet_up) / digitalocean_account_droplet_limit > 0.8
)"}},
        .good_example = {{.path = "rules.yml", .content = R"(groups:
  - name: droplets
    rules:
      - alert: DropletLimitNear
        expr: count(digitalocean_droplet_up) / max(digitalocean_account_droplet_limit) > 0.8
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  [[nodiscard]] bool per_rule_file() const override { return true; }

  void check(const Stack& stack, Reporter& out) const override {
    std::set<std::string, std::less<>> recorded;
    for (const auto& file : stack.rule_files) {
      if (!file) continue;
      for (const PromRule& r : file->rules) {
        if (r.kind == RuleKind::record) recorded.insert(r.name.value);
      }
    }
    const Analyzer labels(recorded);
    for (const auto& file : stack.rule_files) {
      if (!file || !file->in_view) continue;
      for (const PromRule& r : file->rules) {
        if (!r.parsed || !r.parsed->ok()) continue;
        // One finding per rule, at the innermost operator that pairs nothing (`(count(x) / y) > 0.8
        // and y > 0`: the division, which leaves `and` nothing to pair).
        struct Found {
          const Node* op;
          const Node* has_side;
          const Node* lacks_side;
          std::string_view label;
        };
        std::vector<Found> found;
        promql::walk(*r.parsed->root, [&](const Node& n) {
          if (!n.is(NodeKind::binary) || !n.has_matching || n.op == Tok::lor || n.op == Tok::lunless) return;
          const promql::VectorMatching& m = n.matching();
          if (m.has_fill_lhs || m.has_fill_rhs || n.lhs() == nullptr || n.rhs() == nullptr) return;
          const Labels a = labels.of(*n.lhs());
          const Labels b = labels.of(*n.rhs());
          if (const std::string_view l = mismatch(a, b, m); !l.empty()) {
            found.push_back(Found{.op = &n, .has_side = n.lhs(), .lacks_side = n.rhs(), .label = l});
          } else if (const std::string_view k = mismatch(b, a, m); !k.empty()) {
            found.push_back(Found{.op = &n, .has_side = n.rhs(), .lacks_side = n.lhs(), .label = k});
          }
        });
        if (found.empty()) continue;
        // Pre-order: a later one inside an earlier one is deeper.
        const Found* f = &found.front();
        for (const Found& g : found) {
          if (g.op->begin >= f->op->begin && g.op->end <= f->op->end) f = &g;
        }
        const promql::VectorMatching& m = f->op->matching();
        std::string op = "`" + std::string(promql::tok_spelling(f->op->op)) + "` pairs series with the same labels";
        if (m.on) {
          std::string names;
          for (const std::string_view l : m.labels) names += (names.empty() ? "" : ", ") + std::string(l);
          op = "`" + std::string(promql::tok_spelling(f->op->op)) + " on(" + names + ")` pairs series with the same " +
               names;
        }
        const std::string what = r.kind == RuleKind::alert ? "the alert never fires" : "the rule records nothing";
        out.report(op + ", but every series of `" + shorten(text_of(r, *f->has_side)) + "` has a `" +
                       std::string(f->label) + "` label that `" + shorten(text_of(r, *f->lacks_side)) +
                       "` cannot have: it matches nothing and returns no series, so " + what +
                       "; aggregate both sides alike, or name the labels to match with on(...) (on() when one side "
                       "is a single series)",
                   rulefmt::expr_span_location(*file, r, f->op->begin, f->op->end));
      }
    }
  }
};

}  // namespace

const Rule& promql_vector_matching_empty() {
  static const PromqlVectorMatchingEmpty r;
  return r;
}

}  // namespace stacklint::rules
