#include "linter/analysis/bounds.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stacklint::analysis {

namespace {

using promql::Node;
using promql::NodeKind;
using promql::Tok;

std::optional<double> apply(Tok op, double a, double b) {
  switch (op) {
    case Tok::add:
      return a + b;
    case Tok::sub:
      return a - b;
    case Tok::mul:
      return a * b;
    case Tok::div:
      return a / b;
    case Tok::mod:
      return std::fmod(a, b);
    case Tok::pow:
      return std::pow(a, b);
    default:
      return std::nullopt;
  }
}

Interval hull(Interval a, Interval b) {
  return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)};
}

std::optional<Interval> arith(Tok op, Interval a, Interval b) {
  switch (op) {
    case Tok::add:
      return Interval{a.lo + b.lo, a.hi + b.hi};
    case Tok::sub:
      return Interval{a.lo - b.hi, a.hi - b.lo};
    case Tok::mul: {
      const double c[] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
      return Interval{*std::min_element(std::begin(c), std::end(c)), *std::max_element(std::begin(c), std::end(c))};
    }
    case Tok::div: {
      if (b.lo <= 0 && b.hi >= 0) return std::nullopt;  // the divisor may be 0
      const double c[] = {a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi};
      return Interval{*std::min_element(std::begin(c), std::end(c)), *std::max_element(std::begin(c), std::end(c))};
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<double> fold_constant(const Node& n) {
  switch (n.kind) {
    case NodeKind::number_literal:
      return n.value();
    case NodeKind::paren:
      return n.expr() == nullptr ? std::nullopt : fold_constant(*n.expr());
    case NodeKind::unary: {
      const auto v = n.expr() == nullptr ? std::nullopt : fold_constant(*n.expr());
      if (!v) return std::nullopt;
      return n.op == Tok::sub ? -*v : *v;
    }
    case NodeKind::binary: {
      if (n.lhs() == nullptr || n.rhs() == nullptr || n.return_bool || promql::is_comparison(n.op)) return std::nullopt;
      const auto a = fold_constant(*n.lhs());
      const auto b = a ? fold_constant(*n.rhs()) : std::nullopt;
      if (!b) return std::nullopt;
      return apply(n.op, *a, *b);
    }
    default:
      return std::nullopt;
  }
}

std::optional<Interval> BoundAnalysis::selector_interval(const Node& sel, bool sum) {
  const knowledge::MetricFact* fact = knowledge::find_metric(sel.metric_name());
  if (fact == nullptr || fact->prefix || fact->bound.empty()) return std::nullopt;
  if (fact->relation != knowledge::Relation::at_most && fact->relation != knowledge::Relation::equals) {
    return std::nullopt;
  }
  BoundUse use{.selector = &sel, .fact = fact, .settings = {}, .via = {}, .max = 0};
  if (fact->bound.config == "host") {
    if (!stack_.host.memory) return std::nullopt;
    const auto v = static_cast<double>(stack_.host.memory->value);
    ResolvedSetting host{
        .name = "host memory", .value = v, .text = {}, .is_default = false, .bytes = true, .service = {}, .where = {}};
    host.text = format_number(v) + " bytes";
    if (stack_.host.memory->location.valid()) {
      host.where.push_back(Related{.message = "the host's memory budget", .location = stack_.host.memory->location});
    }
    use.settings.push_back(std::move(host));
    use.via = "the host budget";
    use.max = v;
    uses_.push_back(std::move(use));
    return fact->relation == knowledge::Relation::equals ? Interval{v, v} : Interval{0, v};
  }
  const std::vector<BoundService> services = bound_services(stack_, evals_, sel, fact->bound);
  if (services.empty()) return std::nullopt;
  double lo = std::numeric_limits<double>::infinity();
  double total = 0;
  double best = -1;
  for (const BoundService& b : services) {
    std::vector<ResolvedSetting> settings;
    const auto bound = resolve_setting(stack_, *b.service, fact->bound);
    if (!bound) return std::nullopt;
    // 0 means "no limit" for redis maxmemory and a container without limit: unbounded.
    if (bound->value <= 0) return std::nullopt;
    double v = bound->value;
    settings.push_back(*bound);
    if (fact->relation == knowledge::Relation::at_most) {
      for (const knowledge::SettingRef& ref : fact->slack) {
        const auto s = resolve_setting(stack_, *b.service, ref);
        if (!s) return std::nullopt;
        v += s->value;
        settings.push_back(*s);
      }
    }
    lo = std::min(lo, bound->value);
    total += v;
    if (v > best) {
      best = v;
      use.settings = std::move(settings);
      use.via = b.via;
    }
  }
  use.max = sum ? total : best;
  uses_.push_back(use);
  if (fact->relation == knowledge::Relation::equals) return Interval{lo, best};
  return Interval{0, use.max};
}

std::optional<Interval> BoundAnalysis::interval(const Node& n) {
  if (const auto c = fold_constant(n)) return Interval{*c, *c};
  switch (n.kind) {
    case NodeKind::vector_selector:
      return selector_interval(n, false);
    case NodeKind::paren:
      return n.expr() == nullptr ? std::nullopt : interval(*n.expr());
    case NodeKind::unary: {
      const auto v = n.expr() == nullptr ? std::nullopt : interval(*n.expr());
      if (!v) return std::nullopt;
      return n.op == Tok::sub ? Interval{-v->hi, -v->lo} : *v;
    }
    case NodeKind::aggregate: {
      if (n.expr() == nullptr) return std::nullopt;
      switch (n.op) {
        case Tok::sum: {
          const Node* inner = promql::strip_parens(n.expr());
          if (inner != nullptr && inner->is(NodeKind::vector_selector)) return selector_interval(*inner, true);
          return std::nullopt;
        }
        case Tok::max:
        case Tok::min:
        case Tok::avg:
        case Tok::topk:
        case Tok::bottomk:
        case Tok::quantile:
          return interval(*n.expr());
        default:
          return std::nullopt;
      }
    }
    case NodeKind::call: {
      if (n.func() == nullptr) return std::nullopt;
      const std::string_view f = n.func()->name;
      const Node* range = nullptr;
      if ((f == "max_over_time" || f == "min_over_time" || f == "avg_over_time" || f == "last_over_time") &&
          n.args().size() == 1) {
        range = n.args()[0];
      } else if (f == "quantile_over_time" && n.args().size() == 2) {
        range = n.args()[1];
      }
      if (range != nullptr && range->is(NodeKind::matrix_selector) && range->expr() != nullptr) {
        return interval(*range->expr());
      }
      if ((f == "clamp_max" || f == "clamp_min") && n.args().size() == 2) {
        const auto v = interval(*n.args()[0]);
        const auto c = fold_constant(*n.args()[1]);
        if (!v || !c) return std::nullopt;
        return f == "clamp_max" ? Interval{std::min(v->lo, *c), std::min(v->hi, *c)}
                                : Interval{std::max(v->lo, *c), std::max(v->hi, *c)};
      }
      return std::nullopt;
    }
    case NodeKind::binary: {
      if (n.lhs() == nullptr || n.rhs() == nullptr) return std::nullopt;
      if (n.return_bool) return Interval{0, 1};
      if (n.op == Tok::land || n.op == Tok::lunless) return interval(*n.lhs());
      if (n.op == Tok::lor) {
        const auto a = interval(*n.lhs());
        const auto b = a ? interval(*n.rhs()) : std::nullopt;
        if (!b) return std::nullopt;
        return hull(*a, *b);
      }
      if (promql::is_comparison(n.op)) {
        // A filter keeps the vector side's values.
        if (n.lhs()->type == promql::ValueType::vector) return interval(*n.lhs());
        return interval(*n.rhs());
      }
      const auto a = interval(*n.lhs());
      const auto b = a ? interval(*n.rhs()) : std::nullopt;
      if (!b) return std::nullopt;
      return arith(n.op, *a, *b);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace stacklint::analysis
