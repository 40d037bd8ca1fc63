#include "linter/formats/promql/ast.h"

#include <re2/re2.h>

namespace stacklint::promql {

std::string_view to_string(MatchOp op) {
  switch (op) {
    case MatchOp::equal:
      return "=";
    case MatchOp::not_equal:
      return "!=";
    case MatchOp::regex:
      return "=~";
    case MatchOp::not_regex:
      return "!~";
  }
  return "=";
}

std::string_view documented_type(ValueType t) {
  switch (t) {
    case ValueType::scalar:
      return "scalar";
    case ValueType::vector:
      return "instant vector";
    case ValueType::matrix:
      return "range vector";
    case ValueType::string:
      return "string";
    case ValueType::none:
      break;
  }
  return "none";
}

std::string_view value_type_name(ValueType t) {
  switch (t) {
    case ValueType::scalar:
      return "scalar";
    case ValueType::vector:
      return "vector";
    case ValueType::matrix:
      return "matrix";
    case ValueType::string:
      return "string";
    case ValueType::none:
      break;
  }
  return "none";
}

bool Matcher::matches(std::string_view v) const {
  switch (op) {
    case MatchOp::equal:
      return v == value;
    case MatchOp::not_equal:
      return v != value;
    case MatchOp::regex:
      return regex && RE2::PartialMatch(v, *regex);
    case MatchOp::not_regex:
      return regex && !RE2::PartialMatch(v, *regex);
  }
  return false;
}

std::string_view Node::metric_name() const {
  if (!text.empty() || kind != NodeKind::vector_selector) return text;
  for (const auto& m : matchers) {
    if (m.name == "__name__" && m.op == MatchOp::equal) return m.value;
  }
  return {};
}

std::vector<const Node*> children(const Node& n) {
  std::vector<const Node*> out;
  auto add = [&](const Node* c) {
    if (c != nullptr) out.push_back(c);
  };
  switch (n.kind) {
    case NodeKind::number_literal:
    case NodeKind::string_literal:
      break;
    case NodeKind::vector_selector:
      add(n.offset_expr);
      break;
    case NodeKind::matrix_selector:
      add(n.expr);
      add(n.range_expr);
      break;
    case NodeKind::subquery:
      add(n.expr);
      add(n.range_expr);
      add(n.step_expr);
      add(n.offset_expr);
      break;
    case NodeKind::call:
      for (const Node* a : n.args) add(a);
      break;
    case NodeKind::aggregate:
      add(n.param);
      add(n.expr);
      break;
    case NodeKind::binary:
    case NodeKind::duration_expr:
      add(n.lhs);
      add(n.rhs);
      break;
    case NodeKind::unary:
    case NodeKind::paren:
      add(n.expr);
      break;
  }
  return out;
}

const Node* strip_parens(const Node* n) {
  while (n != nullptr && n->kind == NodeKind::paren) n = n->expr;
  return n;
}

}  // namespace stacklint::promql
