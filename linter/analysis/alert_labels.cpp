#include "linter/analysis/alert_labels.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "linter/formats/promql/parser.h"

namespace stacklint::analysis {

namespace {

using promql::Node;
using promql::NodeKind;

bool has_template(const std::string& s) {
  return s.find("{{") != std::string::npos;
}

LabelSet open_set() {
  return LabelSet{.open = true, .labels = {}};
}

// Labels both sides may carry (`or`): a label known on one side only is unknown on the result.
LabelSet either(const LabelSet& a, const LabelSet& b) {
  LabelSet out;
  out.open = a.open || b.open;
  for (const auto& [name, value] : a.labels) {
    const auto it = b.labels.find(name);
    if (it != b.labels.end() && it->second == value) {
      out.labels[name] = value;
    } else {
      out.labels[name] = std::nullopt;
      out.open = true;
    }
  }
  for (const auto& [name, value] : b.labels) {
    if (out.labels.count(name) == 0) {
      out.labels[name] = std::nullopt;
      out.open = true;
    }
  }
  return out;
}

LabelSet selector(const Node& n) {
  LabelSet out = open_set();
  for (const promql::Matcher& m : n.matchers()) {
    if (m.op == promql::MatchOp::equal && m.name != "__name__" && !m.value.empty()) {
      out.labels[std::string(m.name)] = std::string(m.value);
    }
  }
  return out;
}

LabelSet aggregate(const Node& n) {
  const LabelSet inner = n.expr() != nullptr ? expression_labels(*n.expr()) : open_set();
  if (n.op == promql::Tok::topk || n.op == promql::Tok::bottomk || n.op == promql::Tok::limitk ||
      n.op == promql::Tok::limit_ratio) {
    return inner;
  }
  LabelSet out;
  if (n.without) {
    out = inner;
    for (std::string_view g : n.grouping()) out.labels.erase(std::string(g));
  } else {
    for (std::string_view gv : n.grouping()) {
      const std::string g(gv);
      const auto it = inner.labels.find(g);
      if (it != inner.labels.end()) {
        out.labels[g] = it->second;
      } else if (inner.open) {
        out.labels[g] = std::nullopt;
      }
    }
  }
  if (n.op == promql::Tok::count_values && n.param() != nullptr && n.param()->is(NodeKind::string_literal)) {
    out.labels[std::string(n.param()->text())] = std::nullopt;
  }
  return out;
}

LabelSet binary(const Node& n) {
  const Node* l = n.lhs();
  const Node* r = n.rhs();
  const bool lhs_vector = l != nullptr && l->type == promql::ValueType::vector;
  const bool rhs_vector = r != nullptr && r->type == promql::ValueType::vector;
  if (!lhs_vector && !rhs_vector) return LabelSet{};
  if (!rhs_vector) return expression_labels(*l);
  if (!lhs_vector) return expression_labels(*r);
  const LabelSet lhs = expression_labels(*l);
  const LabelSet rhs = expression_labels(*r);
  if (n.op == promql::Tok::lor) return either(lhs, rhs);
  const promql::VectorMatching& m = n.matching();
  const bool right = m.card == promql::Cardinality::one_to_many;
  LabelSet out = right ? rhs : lhs;
  const LabelSet& other = right ? lhs : rhs;
  for (std::string_view inc : m.include) {
    const std::string name(inc);
    const auto it = other.labels.find(name);
    out.labels[name] = it != other.labels.end() ? it->second : std::nullopt;
  }
  return out;
}

LabelSet call(const Node& n) {
  const std::string_view f = n.func() != nullptr ? n.func()->name : "";
  if (f == "time" || f == "vector" || f == "scalar" || f == "pi") return LabelSet{};
  if (f == "absent" || f == "absent_over_time") {
    LabelSet out;  // the equality matchers of the selector, nothing else
    const Node* arg = n.args().empty() ? nullptr : promql::strip_parens(n.args()[0]);
    if (arg != nullptr && arg->is(NodeKind::matrix_selector)) arg = arg->expr();
    if (arg != nullptr && arg->is(NodeKind::vector_selector)) {
      for (const auto& [name, value] : selector(*arg).labels) out.labels[name] = value;
    }
    return out;
  }
  // Every other function returns the labels of its vector argument (label_* add or change one).
  for (const Node* a : n.args()) {
    if (a->type != promql::ValueType::vector && a->type != promql::ValueType::matrix) continue;
    LabelSet out = expression_labels(*a);
    if ((f == "label_replace" || f == "label_join") && n.args().size() > 1 &&
        n.args()[1]->is(NodeKind::string_literal)) {
      out.labels[std::string(n.args()[1]->text())] = std::nullopt;
    }
    if (f == "histogram_quantile" || f == "histogram_fraction") out.labels.erase("le");
    return out;
  }
  return open_set();
}

// Compiled once per pattern: matching 1,000 alert rules against 200 routes reuses them.
bool regex_matches(const std::string& re, const std::string& value) {
  thread_local std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
  auto it = cache.find(re);
  if (it == cache.end()) {
    if (cache.size() > 4096) cache.clear();
    RE2::Options o;
    o.set_log_errors(false);
    it = cache.emplace(re, std::make_unique<RE2>("^(?:" + re + ")$", o)).first;
  }
  return it->second->ok() && RE2::FullMatch(value, *it->second);
}

bool matcher_accepts(const AmMatcher& m, const std::string& v) {
  switch (m.op) {
    case MatchOp::equal:
      return v == m.value;
    case MatchOp::not_equal:
      return v != m.value;
    case MatchOp::regex:
      return regex_matches(m.value, v);
    case MatchOp::not_regex:
      return !regex_matches(m.value, v);
  }
  return true;
}

}  // namespace

LabelSet expression_labels(const Node& n) {
  switch (n.kind) {
    case NodeKind::number_literal:
    case NodeKind::string_literal:
    case NodeKind::duration_expr:
      return LabelSet{};
    case NodeKind::vector_selector:
      return selector(n);
    case NodeKind::matrix_selector:
    case NodeKind::subquery:
    case NodeKind::paren:
    case NodeKind::unary:
      return n.expr() != nullptr ? expression_labels(*n.expr()) : open_set();
    case NodeKind::aggregate:
      return aggregate(n);
    case NodeKind::binary:
      return binary(n);
    case NodeKind::call:
      return call(n);
  }
  return open_set();
}

LabelSet alert_labels(const PromRule& rule, const RuleGroup* group, const PromConfig* config) {
  LabelSet out = rule.parsed && rule.parsed->root != nullptr ? expression_labels(*rule.parsed->root) : open_set();
  out.labels.erase("__name__");
  const auto set = [&](const RuleLabel& l) {
    out.labels[l.name.value] = has_template(l.value.value) ? std::nullopt : std::optional<std::string>(l.value.value);
  };
  if (group != nullptr) {
    for (const RuleLabel& l : group->labels) set(l);
  }
  for (const RuleLabel& l : rule.labels) set(l);
  out.labels["alertname"] = rule.name.value;
  if (config != nullptr) {
    // Added when the alert does not carry the label already: known only when the set is closed.
    for (const auto& [name, value] : config->external_labels) {
      if (out.labels.count(name) == 0) {
        out.labels[name] = out.open ? std::nullopt : std::optional<std::string>(value.value);
      }
    }
    if (config->alert_relabeling) out.open = true;
    if (config->alert_relabeling) {
      for (auto& [name, value] : out.labels) value = std::nullopt;
    }
  }
  return out;
}

Tri satisfies(const LabelSet& labels, const AmMatcher& m) {
  const auto it = labels.labels.find(m.name);
  if (it != labels.labels.end()) {
    if (!it->second) return Tri::maybe;
    return matcher_accepts(m, *it->second) ? Tri::yes : Tri::no;
  }
  if (labels.open) return Tri::maybe;
  return matcher_accepts(m, "") ? Tri::yes : Tri::no;
}

Tri satisfies_all(const LabelSet& labels, const std::vector<AmMatcher>& matchers) {
  Tri out = Tri::yes;
  for (const AmMatcher& m : matchers) {
    const Tri t = satisfies(labels, m);
    if (t == Tri::no) return Tri::no;
    if (t == Tri::maybe) out = Tri::maybe;
  }
  return out;
}

AnnotationValue annotation_of(const PromRule& rule, const std::string& name) {
  for (const RuleLabel& a : rule.annotations) {
    if (a.name.value == name) {
      return AnnotationValue{.present = true, .constant = !has_template(a.value.value), .text = a.value.value};
    }
  }
  return AnnotationValue{};
}

}  // namespace stacklint::analysis
