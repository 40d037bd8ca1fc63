// The PromQL syntax tree. Nodes live in an arena owned by ParseResult (see parser.h); children are
// plain pointers into that arena. Every node has a byte span [begin, end) into the parsed text and a
// value type (set for every node of a tree that type-checked without errors).
//
// Walking: `children(node)` lists the direct sub-expressions in source order (duration expressions
// of ranges/offsets included); `walk(node, fn)` calls fn on every node, pre-order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/formats/promql/functions.h"
#include "linter/formats/promql/lexer.h"
#include "linter/formats/promql/types.h"

namespace re2 {
class RE2;
}

namespace stacklint::promql {

enum class NodeKind : uint8_t {
  number_literal,   // value, is_duration
  string_literal,   // text (unquoted)
  vector_selector,  // text (metric name, may be empty), matchers, offset/@ fields, anchored/smoothed
  matrix_selector,  // expr (the vector selector), range_ms / range_expr
  subquery,         // expr, range_ms / range_expr, step_ms / step_expr (0/null: default), offset/@
  call,             // func, args
  aggregate,        // op, grouping, without, param (topk k, quantile q, count_values label), expr
  binary,           // op, lhs, rhs, return_bool, matching (has_matching false for scalar operands)
  unary,            // op (add/sub), expr
  paren,            // expr
  duration_expr,    // op (add sub mul div mod pow step range min_of max_of), lhs (null if unary), rhs, wrapped
};

enum class MatchOp : uint8_t { equal, not_equal, regex, not_regex };
std::string_view to_string(MatchOp op);

struct Matcher {
  std::string name;
  MatchOp op = MatchOp::equal;
  std::string value;  // unquoted
  // For regex ops: the compiled, fully anchored pattern ^(?s:value)$ (null if it did not compile).
  std::shared_ptr<const re2::RE2> regex;
  uint32_t begin = 0, end = 0;
  // Whether the matcher accepts the label value `v` (Prometheus's Matcher.Matches).
  [[nodiscard]] bool matches(std::string_view v) const;
};

enum class AtModifier : uint8_t { none, timestamp, start, end };
enum class Cardinality : uint8_t { one_to_one, many_to_one, one_to_many, many_to_many };

struct VectorMatching {
  Cardinality card = Cardinality::one_to_one;
  bool on = false;                   // on(...) vs ignoring(...)
  std::vector<std::string> labels;   // the on/ignoring labels
  std::vector<std::string> include;  // group_left/group_right labels
  bool has_fill_lhs = false, has_fill_rhs = false;
  double fill_lhs = 0, fill_rhs = 0;
};

struct Node {
  NodeKind kind = NodeKind::number_literal;
  ValueType type = ValueType::none;
  uint32_t begin = 0, end = 0;

  // number_literal
  double value = 0;
  bool is_duration = false;
  // string_literal value or vector_selector metric name.
  std::string text;
  // vector_selector
  std::vector<Matcher> matchers;  // as written; the name outside braces is not repeated here
  bool anchored = false, smoothed = false;
  bool bypass_empty_matcher_check = false;  // set for info()'s label-selector argument
  // vector_selector, subquery: modifiers
  int64_t offset_ms = 0;
  const Node* offset_expr = nullptr;  // duration expression offset (3.x), else null
  AtModifier at = AtModifier::none;
  int64_t at_ms = 0;  // for AtModifier::timestamp
  // matrix_selector, subquery
  int64_t range_ms = 0;
  const Node* range_expr = nullptr;
  int64_t step_ms = 0;
  const Node* step_expr = nullptr;
  // call
  const Function* func = nullptr;
  std::vector<const Node*> args;
  // aggregate / binary / unary / duration_expr operator
  Tok op = Tok::eof;
  std::vector<std::string> grouping;
  bool without = false;
  const Node* param = nullptr;
  const Node* expr = nullptr;  // aggregate, unary, paren, matrix_selector, subquery
  // binary, duration_expr
  const Node* lhs = nullptr;
  const Node* rhs = nullptr;
  bool return_bool = false;
  bool has_matching = false;
  VectorMatching matching;
  bool wrapped = false;  // duration_expr written in parentheses

  [[nodiscard]] bool is(NodeKind k) const { return kind == k; }
  // For a vector selector: the metric name from outside the braces or from a __name__="x" /
  // {"x"} equality matcher; empty if none.
  [[nodiscard]] std::string_view metric_name() const;
};

// Calls fn(const Node&) on each direct child of a node, in source order (no allocation).
template <class F>
void for_each_child(const Node& n, F&& fn) {
  const auto visit = [&](const Node* c) {
    if (c != nullptr) fn(*c);
  };
  switch (n.kind) {
    case NodeKind::number_literal:
    case NodeKind::string_literal:
      break;
    case NodeKind::vector_selector:
      visit(n.offset_expr);
      break;
    case NodeKind::matrix_selector:
      visit(n.expr);
      visit(n.range_expr);
      break;
    case NodeKind::subquery:
      visit(n.expr);
      visit(n.range_expr);
      visit(n.step_expr);
      visit(n.offset_expr);
      break;
    case NodeKind::call:
      for (const Node* a : n.args) visit(a);
      break;
    case NodeKind::aggregate:
      visit(n.param);
      visit(n.expr);
      break;
    case NodeKind::binary:
    case NodeKind::duration_expr:
      visit(n.lhs);
      visit(n.rhs);
      break;
    case NodeKind::unary:
    case NodeKind::paren:
      visit(n.expr);
      break;
  }
}

// The direct children of a node, in source order.
std::vector<const Node*> children(const Node& n);

// Calls fn(const Node&) on n and all its descendants, pre-order.
template <class F>
void walk(const Node& n, F&& fn) {
  fn(n);
  for_each_child(n, [&](const Node& c) { walk(c, fn); });
}

// Unwraps parentheses: (((x))) -> x.
const Node* strip_parens(const Node* n);

}  // namespace stacklint::promql
