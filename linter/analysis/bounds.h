// Value bounds of PromQL expressions from the stack's configuration: constant folding
// (`256 * 1024 * 1024`), the bound of a selector from the knowledge table (pg_stat_activity_count
// per server <= max_connections + worker slots, redis_connected_clients <= maxclients, a
// container's memory <= its limit), and how parentheses, sign, arithmetic with constants,
// sum/max/min/avg and *_over_time carry it. Anything else is unknown: the analysis never guesses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linter/analysis/sources.h"

namespace stacklint::analysis {

// The value of an expression made only of numbers, parentheses, sign and + - * / % ^ (and
// scalar-returning pure functions of constants are not folded). nullopt otherwise.
std::optional<double> fold_constant(const promql::Node& n);

struct Interval {
  double lo = 0;
  double hi = 0;
};

// A selector whose value the configuration bounds, with the settings that bound it.
struct BoundUse {
  const promql::Node* selector = nullptr;
  const knowledge::MetricFact* fact = nullptr;
  std::vector<ResolvedSetting> settings;  // the bound, then the slack settings, of the decisive service
  std::string via;                        // how the service was found
  double max = 0;                         // the most the selector can be (summed over servers when summed)
};

class BoundAnalysis {
 public:
  BoundAnalysis(const Stack& stack, std::vector<Evaluator> evals) : stack_(stack), evals_(std::move(evals)) {}
  // The range of values an instant-vector or scalar expression can take; nullopt when unknown.
  std::optional<Interval> interval(const promql::Node& n);
  // The bounded selectors the last interval() call relied on.
  [[nodiscard]] const std::vector<BoundUse>& uses() const { return uses_; }
  void clear_uses() { uses_.clear(); }

  // A selector's bound from its fact (at-most and equals relations); `sum` adds the bounds of
  // every server the selector can come from.
  std::optional<Interval> selector_interval(const promql::Node& selector, bool sum);

 private:
  const Stack& stack_;
  std::vector<Evaluator> evals_;
  std::vector<BoundUse> uses_;
};

}  // namespace stacklint::analysis
