#include "linter/formats/promql/printer.h"

#include <charconv>
#include <cmath>
#include <span>

#include "linter/formats/promql/parser.h"

namespace stacklint::promql {
namespace {

bool legacy_label(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

bool legacy_metric(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!(c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

void labels(std::string& out, std::span<const std::string_view> ls) {
  for (size_t i = 0; i < ls.size(); ++i) {
    if (i > 0) out += ", ";
    if (legacy_label(ls[i])) {
      out += ls[i];
    } else {
      out += go_quote(ls[i]);
    }
  }
}

void number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[400];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec == std::errc()) out.append(buf, p);
}

void print(std::string& out, const Node& n);

void modifiers(std::string& out, const Node& holder) {
  switch (holder.at) {
    case AtModifier::timestamp: {
      char buf[64];
      std::snprintf(buf, sizeof buf, " @ %.3f", static_cast<double>(holder.at_ms()) / 1000.0);
      out += buf;
      break;
    }
    case AtModifier::start:
      out += " @ start()";
      break;
    case AtModifier::end:
      out += " @ end()";
      break;
    case AtModifier::none:
      break;
  }
  if (holder.offset_expr() != nullptr) {
    out += " offset ";
    print(out, *holder.offset_expr());
  } else if (holder.offset_ms() != 0) {
    out += " offset ";
    out += format_duration(holder.offset_ms());
  }
}

void selector_body(std::string& out, const Node& n) {
  // The metric name: written outside the braces, or the first __name__="x" matcher.
  std::string_view name = n.text();
  const Matcher* name_matcher = nullptr;
  if (name.empty()) {
    for (const auto& m : n.matchers()) {
      if (m.name == "__name__" && m.op == MatchOp::equal) {
        name_matcher = &m;
        name = m.value;
        break;
      }
    }
  }
  const bool quoted_name = !name.empty() && !legacy_metric(name);
  if (!name.empty() && !quoted_name) out += name;
  const size_t others = n.matchers().size() - (name_matcher != nullptr ? 1 : 0);
  if (others == 0 && !quoted_name) return;
  out += '{';
  bool first = true;
  if (quoted_name) {
    out += go_quote(name);
    first = false;
  }
  for (const auto& m : n.matchers()) {
    if (&m == name_matcher) continue;
    if (!first) out += ", ";
    first = false;
    if (legacy_label(m.name)) {
      out += m.name;
    } else {
      out += go_quote(m.name);
    }
    out += to_string(m.op);
    out += go_quote(m.value);
  }
  out += '}';
}

void print(std::string& out, const Node& n);

// `[range]` or `[range:step]`: a duration expression or milliseconds.
void range_suffix(std::string& out, const Node& n, bool subquery) {
  out += '[';
  if (n.range_expr() != nullptr)
    print(out, *n.range_expr());
  else
    out += format_duration(n.range_ms());
  if (subquery) {
    out += ':';
    if (n.step_expr() != nullptr)
      print(out, *n.step_expr());
    else if (n.step_ms() != 0)
      out += format_duration(n.step_ms());
  }
  out += ']';
}

void print_matrix(std::string& out, const Node& n) {
  const Node& vs = *n.expr();
  if (vs.kind == NodeKind::vector_selector) {
    selector_body(out, vs);
  } else {
    print(out, vs);
  }
  range_suffix(out, n, false);
  if (vs.kind == NodeKind::vector_selector) {
    if (vs.anchored) out += " anchored";
    if (vs.smoothed) out += " smoothed";
    modifiers(out, vs);
  }
}

void print_aggregate(std::string& out, const Node& n) {
  out += tok_spelling(n.op);
  if (n.without) {
    out += " without (";
    labels(out, n.grouping());
    out += ") ";
  } else if (!n.grouping().empty()) {
    out += " by (";
    labels(out, n.grouping());
    out += ") ";
  }
  out += '(';
  if (n.param() != nullptr) {
    print(out, *n.param());
    out += ", ";
  }
  if (n.expr() != nullptr) print(out, *n.expr());
  out += ')';
}

void fill_modifier(std::string& out, const char* keyword, double value) {
  out += keyword;
  number(out, value);
  out += ')';
}

// on/ignoring, group_left/group_right and fill modifiers of a binary operator.
void print_matching(std::string& out, const VectorMatching& vm) {
  const bool grouped = vm.card == Cardinality::many_to_one || vm.card == Cardinality::one_to_many;
  if (!vm.labels.empty() || vm.on || grouped) {
    out += vm.on ? " on (" : " ignoring (";
    labels(out, vm.labels);
    out += ')';
  }
  if (grouped) {
    out += vm.card == Cardinality::many_to_one ? " group_left (" : " group_right (";
    labels(out, vm.include);
    out += ')';
  }
  if (vm.has_fill_lhs && vm.has_fill_rhs && vm.fill_lhs == vm.fill_rhs) {
    fill_modifier(out, " fill (", vm.fill_lhs);
  } else {
    if (vm.has_fill_lhs) fill_modifier(out, " fill_left (", vm.fill_lhs);
    if (vm.has_fill_rhs) fill_modifier(out, " fill_right (", vm.fill_rhs);
  }
}

void print_binary(std::string& out, const Node& n) {
  print(out, *n.lhs());
  out += ' ';
  out += tok_spelling(n.op);
  if (n.return_bool) out += " bool";
  if (n.has_matching) print_matching(out, n.matching());
  out += ' ';
  print(out, *n.rhs());
}

void print_duration_expr(std::string& out, const Node& n) {
  if (n.wrapped) out += '(';
  switch (n.op) {
    case Tok::step:
      out += "step()";
      break;
    case Tok::range:
      out += "range()";
      break;
    case Tok::min_of:
    case Tok::max_of:
      out += n.op == Tok::min_of ? "min_of(" : "max_of(";
      print(out, *n.lhs());
      out += ", ";
      print(out, *n.rhs());
      out += ')';
      break;
    default:
      if (n.lhs() == nullptr) {
        if (n.op == Tok::sub) out += '-';
        print(out, *n.rhs());
      } else {
        print(out, *n.lhs());
        out += ' ';
        out += tok_spelling(n.op);
        out += ' ';
        print(out, *n.rhs());
      }
      break;
  }
  if (n.wrapped) out += ')';
}

void print(std::string& out, const Node& n) {
  switch (n.kind) {
    case NodeKind::number_literal:
      if (n.is_duration) {
        out += format_duration(std::llround(n.value() * 1000.0));
      } else {
        number(out, n.value());
      }
      break;
    case NodeKind::string_literal:
      out += go_quote(n.text());
      break;
    case NodeKind::vector_selector:
      selector_body(out, n);
      if (n.anchored) out += " anchored";
      if (n.smoothed) out += " smoothed";
      modifiers(out, n);
      break;
    case NodeKind::matrix_selector:
      print_matrix(out, n);
      break;
    case NodeKind::subquery:
      print(out, *n.expr());
      range_suffix(out, n, true);
      modifiers(out, n);
      break;
    case NodeKind::call:
      out += n.func() != nullptr ? n.func()->name : "<unknown>";
      out += '(';
      for (size_t i = 0; i < n.args().size(); ++i) {
        if (i > 0) out += ", ";
        print(out, *n.args()[i]);
      }
      out += ')';
      break;
    case NodeKind::aggregate:
      print_aggregate(out, n);
      break;
    case NodeKind::binary:
      print_binary(out, n);
      break;
    case NodeKind::unary:
      out += tok_spelling(n.op);
      print(out, *n.expr());
      break;
    case NodeKind::paren:
      out += '(';
      print(out, *n.expr());
      out += ')';
      break;
    case NodeKind::duration_expr:
      print_duration_expr(out, n);
      break;
  }
}

}  // namespace

std::string to_string(const Node& n) {
  std::string out;
  print(out, n);
  return out;
}

}  // namespace stacklint::promql
