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
      return regex != nullptr && RE2::PartialMatch(v, *regex);
    case MatchOp::not_regex:
      return regex != nullptr && !RE2::PartialMatch(v, *regex);
  }
  return false;
}

const VectorMatching& Node::matching() const {
  static const VectorMatching none;
  return kind == NodeKind::binary && u_.matching != nullptr ? *u_.matching : none;
}

const Modifiers& Node::modifiers() const {
  static const Modifiers none;
  return (kind == NodeKind::vector_selector || kind == NodeKind::subquery) && mods_ != nullptr ? *mods_ : none;
}

std::string_view Node::metric_name() const {
  const std::string_view name = text();
  if (!name.empty() || kind != NodeKind::vector_selector) return name;
  for (const auto& m : matchers()) {
    if (m.name == "__name__" && m.op == MatchOp::equal) return m.value;
  }
  return {};
}

std::vector<const Node*> children(const Node& n) {
  std::vector<const Node*> out;
  for_each_child(n, [&](const Node& c) { out.push_back(&c); });
  return out;
}

const Node* strip_parens(const Node* n) {
  while (n != nullptr && n->kind == NodeKind::paren) n = n->expr();
  return n;
}

}  // namespace stacklint::promql
