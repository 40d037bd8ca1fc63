// The PromQL syntax tree. Nodes, their strings and lists live in memory owned by ParseResult (see
// parser.h); children are plain pointers into it. Every node has a byte span [begin, end) into the parsed text and a
// value type (set for every node of a tree that type-checked without errors).
//
// Walking: `children(node)` lists the direct sub-expressions in source order (duration expressions
// of ranges/offsets included); `walk(node, fn)` calls fn on every node, pre-order.
#pragma once

#include <cstdint>
#include <span>
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

class Node;

enum class MatchOp : uint8_t { equal, not_equal, regex, not_regex };
std::string_view to_string(MatchOp op);

// Strings and lists of a tree (names, values, children) live in the tree's memory (ParseResult).
struct Matcher {
  std::string_view name;
  MatchOp op = MatchOp::equal;
  std::string_view value;  // unquoted
  // For regex ops: the compiled, fully anchored pattern ^(?s:value)$ (null if it did not compile).
  const re2::RE2* regex = nullptr;
  uint32_t begin = 0, end = 0;
  // Whether the matcher accepts the label value `v` (Prometheus's Matcher.Matches).
  [[nodiscard]] bool matches(std::string_view v) const;
};

enum class AtModifier : uint8_t { none, timestamp, start, end };
enum class Cardinality : uint8_t { one_to_one, many_to_one, one_to_many, many_to_many };

struct VectorMatching {
  Cardinality card = Cardinality::one_to_one;
  bool on = false;  // on(...) vs ignoring(...)
  bool has_fill_lhs = false, has_fill_rhs = false;
  std::span<const std::string_view> labels;   // the on/ignoring labels
  std::span<const std::string_view> include;  // group_left/group_right labels
  double fill_lhs = 0, fill_rhs = 0;
};

// offset, @ and a subquery's step: rare, so kept out of the node (shared zero record when unset).
struct Modifiers {
  int64_t offset_ms = 0;
  const Node* offset_expr = nullptr;  // duration expression offset (3.x), else null
  int64_t at_ms = 0;                  // for AtModifier::timestamp
  int64_t step_ms = 0;                // subquery step (0 and no step_expr: default)
  const Node* step_expr = nullptr;
};

// A fixed-size node record (72 bytes): the fields every node has, and slots whose meaning depends on
// the kind, read through accessors that return the empty value for kinds without that field. Nodes
// are built only by the parser (the setters); everything else sees `const Node`.
class Node {
 public:
  NodeKind kind = NodeKind::number_literal;
  ValueType type = ValueType::none;
  Tok op = Tok::eof;                        // aggregate / binary / unary / duration_expr operator
  AtModifier at = AtModifier::none;         // vector_selector, subquery
  bool is_duration = false;                 // number_literal written as a duration
  bool anchored = false, smoothed = false;  // vector_selector
  bool bypass_empty_matcher_check = false;  // set for info()'s label-selector argument
  bool without = false;                     // aggregate
  bool return_bool = false;                 // binary
  bool has_matching = false;                // binary between two vectors
  bool wrapped = false;                     // duration_expr written in parentheses
  uint32_t begin = 0, end = 0;

  [[nodiscard]] bool is(NodeKind k) const { return kind == k; }

  // number_literal
  [[nodiscard]] double value() const { return kind == NodeKind::number_literal ? u_.value : 0; }
  // string_literal value or vector_selector metric name.
  [[nodiscard]] std::string_view text() const {
    return has_text() && u_.text != nullptr ? std::string_view(u_.text, text_size_) : std::string_view();
  }
  // vector_selector: as written; the name outside braces is not repeated here
  [[nodiscard]] std::span<const Matcher> matchers() const { return list<Matcher>(NodeKind::vector_selector); }
  // call
  [[nodiscard]] const Function* func() const { return kind == NodeKind::call ? u_.func : nullptr; }
  [[nodiscard]] std::span<const Node* const> args() const { return list<const Node*>(NodeKind::call); }
  // aggregate
  [[nodiscard]] std::span<const std::string_view> grouping() const {
    return list<std::string_view>(NodeKind::aggregate);
  }
  [[nodiscard]] const Node* param() const { return kind == NodeKind::aggregate ? b_ : nullptr; }
  // aggregate, unary, paren, matrix_selector, subquery
  [[nodiscard]] const Node* expr() const { return has_expr() ? a_ : nullptr; }
  // binary, duration_expr (lhs is null for a unary duration expression)
  [[nodiscard]] const Node* lhs() const { return has_operands() ? a_ : nullptr; }
  [[nodiscard]] const Node* rhs() const { return has_operands() ? b_ : nullptr; }
  // binary (one-to-one and no labels when has_matching is false)
  [[nodiscard]] const VectorMatching& matching() const;
  // matrix_selector, subquery
  [[nodiscard]] int64_t range_ms() const { return has_range() ? u_.range_ms : 0; }
  [[nodiscard]] const Node* range_expr() const { return has_range() ? b_ : nullptr; }
  // vector_selector, subquery
  [[nodiscard]] int64_t offset_ms() const { return modifiers().offset_ms; }
  [[nodiscard]] const Node* offset_expr() const { return modifiers().offset_expr; }
  [[nodiscard]] int64_t at_ms() const { return modifiers().at_ms; }
  // subquery
  [[nodiscard]] int64_t step_ms() const { return modifiers().step_ms; }
  [[nodiscard]] const Node* step_expr() const { return modifiers().step_expr; }
  [[nodiscard]] const Modifiers& modifiers() const;

  // For a vector selector: the metric name from outside the braces or from a __name__="x" /
  // {"x"} equality matcher; empty if none.
  [[nodiscard]] std::string_view metric_name() const;

  // Setters, for the parser: pointers and views must point into the tree's memory.
  void set_value(double v) { u_.value = v; }
  void set_text(std::string_view t) {
    u_.text = t.data();
    text_size_ = static_cast<uint32_t>(t.size());
  }
  void set_matchers(std::span<const Matcher> m) { set_list(m); }
  void set_func(const Function* f) { u_.func = f; }
  void set_args(std::span<const Node* const> a) { set_list(a); }
  void set_grouping(std::span<const std::string_view> g) { set_list(g); }
  void set_param(const Node* n) { b_ = n; }
  void set_expr(const Node* n) { a_ = n; }
  void set_lhs(const Node* n) { a_ = n; }
  void set_rhs(const Node* n) { b_ = n; }
  void set_matching(const VectorMatching* m) { u_.matching = m; }
  void set_range_ms(int64_t ms) { u_.range_ms = ms; }
  void set_range_expr(const Node* n) { b_ = n; }
  void set_modifiers(const Modifiers* m) { mods_ = m; }

 private:
  [[nodiscard]] bool has_text() const { return kind == NodeKind::string_literal || kind == NodeKind::vector_selector; }
  [[nodiscard]] bool has_expr() const {
    return kind == NodeKind::aggregate || kind == NodeKind::unary || kind == NodeKind::paren ||
           kind == NodeKind::matrix_selector || kind == NodeKind::subquery;
  }
  [[nodiscard]] bool has_operands() const { return kind == NodeKind::binary || kind == NodeKind::duration_expr; }
  [[nodiscard]] bool has_range() const { return kind == NodeKind::matrix_selector || kind == NodeKind::subquery; }
  template <class T>
  [[nodiscard]] std::span<const T> list(NodeKind k) const {
    if (kind != k || list_ == nullptr) return {};
    return {static_cast<const T*>(list_), list_size_};
  }
  template <class T>
  void set_list(std::span<const T> items) {
    list_ = items.data();
    list_size_ = static_cast<uint32_t>(items.size());
  }

  uint32_t list_size_ = 0;
  uint32_t text_size_ = 0;
  const Node* a_ = nullptr;     // expr, or lhs
  const Node* b_ = nullptr;     // rhs, param or range_expr
  const void* list_ = nullptr;  // matchers, args or grouping
  union {
    double value;                    // number_literal
    int64_t range_ms;                // matrix_selector, subquery
    const Function* func;            // call
    const VectorMatching* matching;  // binary (null: default matching)
    const char* text;                // string_literal, vector_selector
  } u_{.value = 0};
  const Modifiers* mods_ = nullptr;  // vector_selector, subquery (null: none)
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
      visit(n.offset_expr());
      break;
    case NodeKind::matrix_selector:
      visit(n.expr());
      visit(n.range_expr());
      break;
    case NodeKind::subquery:
      visit(n.expr());
      visit(n.range_expr());
      visit(n.step_expr());
      visit(n.offset_expr());
      break;
    case NodeKind::call:
      for (const Node* a : n.args()) visit(a);
      break;
    case NodeKind::aggregate:
      visit(n.param());
      visit(n.expr());
      break;
    case NodeKind::binary:
    case NodeKind::duration_expr:
      visit(n.lhs());
      visit(n.rhs());
      break;
    case NodeKind::unary:
    case NodeKind::paren:
      visit(n.expr());
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
