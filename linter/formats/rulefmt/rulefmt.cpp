#include "linter/formats/rulefmt/rulefmt.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "linter/formats/prometheus/duration.h"
#include "linter/formats/prometheus/labels.h"
#include "linter/formats/prometheus/yaml_go.h"
#include "linter/formats/promql/parser.h"
#include "linter/formats/rulefmt/span.h"
#include "linter/formats/rulefmt/template.h"
#include "linter/source/utf8.h"
#include "linter/yaml/yaml.h"

namespace stacklint::rulefmt {

namespace {

using prometheus::cannot_unmarshal;
using prometheus::valid_label_name;
using prometheus::valid_metric_name;

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

bool version_at_least(const Options& o, int major, int minor) {
  return o.major > major || (o.major == major && o.minor >= minor);
}

promql::ParseOptions promql_options(int major, int minor, const std::vector<std::string>& features) {
  promql::ParseOptions po{.major = major, .minor = minor};
  for (const std::string& f : features) {
    if (f == "promql-experimental-functions") po.experimental_functions = true;
    if (f == "promql-extended-range-selectors") po.extended_range_selectors = true;
    if (f == "promql-binop-fill-modifiers") po.binop_fill_modifiers = true;
    if (f == "promql-duration-expr") po.duration_expressions = true;
  }
  return po;
}

class Parser {
 public:
  Parser(const SourcePtr& source, const Options& options) : options_(options) {
    auto stream = yaml::load(source);
    stream_ = std::shared_ptr<const yaml::Stream>(std::move(stream));
    out_.file = std::make_shared<RuleFile>();
    out_.file->path = source->path();
    out_.file->source = source;
    out_.file->version_major = options.major;
    out_.file->version_minor = options.minor;
    out_.file->enabled_features = options.enabled_features;
    out_.file->annotations_kept = options.keep_annotations;
    utf8_ = options.major >= 3;
  }

  ParseOutput run() {
    const yaml::Stream& s = *stream_;
    for (const ParseIssue& e : s.errors()) out_.errors.push_back(e);
    out_.duplicate_keys = s.duplicates();
    if (!s.errors().empty()) return std::move(out_);
    const yaml::Node* root = s.root();  // only the first document is read
    if (root == nullptr || root->is_null()) return std::move(out_);
    if (!root->is_mapping()) {
      error(*root, cannot_unmarshal(*root, "rulefmt.RuleGroups"));
      return std::move(out_);
    }
    for (const yaml::Pair& p : root->pairs) {
      if (p.key->value == "namespace" && options_.tool_namespace && p.value->is_scalar()) continue;
      if (p.key->value != "groups") {
        error(*p.key, "field " + p.key->value + " not found in type rulefmt.RuleGroups");
        continue;
      }
      if (p.value->is_null()) continue;
      if (!p.value->is_sequence()) {
        error(*p.value, cannot_unmarshal(*p.value, "[]rulefmt.RuleGroup"));
        continue;
      }
      reserve(*p.value);
      for (const yaml::Node* g : p.value->items) group(*g);
    }
    return std::move(out_);
  }

 private:
  // Room for every group and rule at once, and one block for all the file's PromQL trees: they stay
  // in memory for the whole run.
  void reserve(const yaml::Node& groups) {
    size_t rules = out_.file->rules.size();
    size_t tree_bytes = 0;
    for (const yaml::Node* g : groups.items) {
      const yaml::Node* r = g->get("rules");
      if (r == nullptr || !r->is_sequence()) continue;
      rules += r->items.size();
      for (const yaml::Node* rule : r->items) {
        const yaml::Node* expr = rule->get("expr");
        if (expr != nullptr && expr->is_scalar() && !options_.defer_promql) {
          tree_bytes += promql::memory_estimate(expr->value.size());
        }
      }
    }
    out_.file->groups.reserve(out_.file->groups.size() + groups.items.size());
    out_.file->rules.reserve(rules);
    if (tree_bytes > 0 && !trees_) trees_ = std::make_shared<ByteArena>(tree_bytes);
  }

  void error(const yaml::Node& at, std::string message) {
    out_.errors.push_back(ParseIssue{.message = std::move(message), .location = stream_->location(at), .related = {}});
  }

  // A scalar decoded into a Go string: any scalar is fine, null is "".
  bool string_value(const yaml::Node& n, std::string& out) {
    if (!n.is_scalar()) {
      error(n, cannot_unmarshal(n, "string"));
      return false;
    }
    out = n.is_null() ? "" : n.value;
    return true;
  }

  std::optional<Located<double>> duration(const yaml::Node& n, const std::string& prefix) {
    if (n.is_null()) return std::nullopt;
    if (!n.is_scalar()) {
      error(n, prefix + cannot_unmarshal(n, "string"));
      return std::nullopt;
    }
    std::string err;
    auto ns = prometheus::parse_duration(n.value, &err);
    if (!ns) {
      error(n, prefix + err);
      return std::nullopt;
    }
    return Located<double>{.value = prometheus::duration_seconds(*ns), .location = stream_->location(n)};
  }

  void label_map(const yaml::Node& n, std::vector<RuleLabel>& out, const std::string& prefix) {
    if (n.is_null()) return;
    if (!n.is_mapping()) {
      error(n, prefix + cannot_unmarshal(n, "map[string]string"));
      return;
    }
    out.reserve(out.size() + n.pairs.size());
    for (const yaml::Pair& p : n.pairs) {
      std::string k;
      std::string v;
      if (!string_value(*p.key, k) || !string_value(*p.value, v)) continue;
      out.push_back(RuleLabel{.name = {.value = std::move(k), .location = stream_->location(*p.key)},
                              .value = {.value = std::move(v), .location = stream_->location(*p.value)}});
    }
  }

  // What label_map reads into a RuleLabel, without copying or locating anything (located only for
  // an error): for annotations that are checked but not kept (Options::keep_annotations).
  struct LabelRef {
    std::string_view name;
    std::string_view value;
    const yaml::Node* key = nullptr;
    const yaml::Node* node = nullptr;
  };
  void label_refs(const yaml::Node& n, std::vector<LabelRef>& out) {
    if (n.is_null()) return;
    if (!n.is_mapping()) {
      error(n, cannot_unmarshal(n, "map[string]string"));
      return;
    }
    for (const yaml::Pair& p : n.pairs) {
      if (!p.key->is_scalar()) {
        error(*p.key, cannot_unmarshal(*p.key, "string"));
        continue;
      }
      if (!p.value->is_scalar()) {
        error(*p.value, cannot_unmarshal(*p.value, "string"));
        continue;
      }
      out.push_back(LabelRef{.name = p.key->is_null() ? std::string_view() : std::string_view(p.key->value),
                             .value = p.value->is_null() ? std::string_view() : std::string_view(p.value->value),
                             .key = p.key,
                             .node = p.value});
    }
  }

  // `prefix()` makes the start of the messages (only when there is one to make).
  template <class Prefix>
  void check_labels(const std::vector<RuleLabel>& labels, const Prefix& prefix) {
    for (const RuleLabel& l : labels) {
      if (!valid_label_name(l.name.value, utf8_) || l.name.value == "__name__") {
        issue(l.name.location, prefix() + "invalid label name: " + l.name.value);
      }
      if (!valid_utf8(l.value.value)) issue(l.value.location, prefix() + "invalid label value: " + l.value.value);
    }
  }

  void issue(const Location& at, std::string message) {
    out_.errors.push_back(ParseIssue{.message = std::move(message), .location = at, .related = {}});
  }

  void group(const yaml::Node& g) {
    RuleGroup group;
    const size_t index = out_.file->groups.size();
    group.name.location = stream_->location(g);
    if (!g.is_null() && !g.is_mapping()) {
      error(g, cannot_unmarshal(g, "rulefmt.RuleGroup"));
      return;
    }
    const yaml::Node* rules = nullptr;
    for (const yaml::Pair& p : g.pairs) {
      const std::string& k = p.key->value;
      if (k == "name") {
        if (string_value(*p.value, group.name.value)) group.name.location = stream_->location(*p.value);
      } else if (k == "interval") {
        group.interval_seconds = duration(*p.value, "");
      } else if (k == "query_offset" && version_at_least(options_, 2, 53)) {
        group.query_offset_seconds = duration(*p.value, "");
      } else if (k == "limit") {
        if (p.value->is_null()) continue;
        auto v = p.value->is_scalar() && p.value->style == yaml::ScalarStyle::plain ? yaml::as_integer(*p.value)
                                                                                    : std::nullopt;
        if (!v) {
          error(*p.value, cannot_unmarshal(*p.value, "int"));
        } else {
          group.limit = Located<int64_t>{.value = *v, .location = stream_->location(*p.value)};
        }
      } else if (k == "rules") {
        if (p.value->is_null()) continue;
        if (!p.value->is_sequence()) {
          error(*p.value, cannot_unmarshal(*p.value, "[]rulefmt.Rule"));
        } else {
          rules = p.value;
        }
      } else if (k == "labels") {
        label_map(*p.value, group.labels, "");
      } else {
        error(*p.key, "field " + k + " not found in type rulefmt.RuleGroup");
        static constexpr std::array<std::string_view, 7> kVmalert = {
            "concurrency",         "eval_offset",      "eval_delay",          "eval_alignment",
            "extra_filter_labels", "notifier_headers", "update_entries_limit"};
        if (out_.file->vmalert_field.empty() && std::find(kVmalert.begin(), kVmalert.end(), k) != kVmalert.end()) {
          out_.file->vmalert_field = k;
        }
      }
    }
    if (group.name.value.empty()) {
      issue(stream_->location(g), "Groupname must not be empty");
    } else if (!group_names_.insert(group.name.value).second) {
      issue(group.name.location, "groupname: " + go_quote(group.name.value) + " is repeated in the same file");
    }
    check_labels(group.labels, [] { return std::string(); });
    out_.file->groups.push_back(std::move(group));
    if (rules != nullptr) {
      int n = 0;
      for (const yaml::Node* r : rules->items) rule(*r, index, ++n);
    }
  }

  void rule(const yaml::Node& r, size_t group_index, int number) {
    const std::string& gname = out_.file->groups[group_index].name.value;
    if (!r.is_null() && !r.is_mapping()) {
      error(r, cannot_unmarshal(r, "rulefmt.Rule"));
      return;
    }
    PromRule rule;
    rule.group_index = group_index;
    rule.key = stream_->location(r);
    const yaml::Node* record = nullptr;
    const yaml::Node* alert = nullptr;
    const yaml::Node* expr = nullptr;
    const yaml::Node* annotations = nullptr;
    std::string record_name;
    std::string alert_name;
    annotation_refs_.clear();
    for (const yaml::Pair& p : r.pairs) {
      const std::string& k = p.key->value;
      if (k == "record") {
        if (string_value(*p.value, record_name)) record = p.value;
      } else if (k == "alert") {
        if (string_value(*p.value, alert_name)) alert = p.value;
      } else if (k == "expr") {
        if (string_value(*p.value, rule.expr.value)) {
          expr = p.value;
          rule.expr.location = stream_->location(*p.value);
        }
      } else if (k == "for") {
        rule.for_seconds = duration(*p.value, "");
      } else if (k == "keep_firing_for" && version_at_least(options_, 2, 42)) {
        rule.keep_firing_for_seconds = duration(*p.value, "");
      } else if (k == "labels") {
        label_map(*p.value, rule.labels, "");
      } else if (k == "annotations") {
        annotations = p.value;
        if (options_.keep_annotations) {
          label_map(*p.value, rule.annotations, "");
        } else {
          label_refs(*p.value, annotation_refs_);
        }
      } else {
        error(*p.key, "field " + k + " not found in type rulefmt.Rule");
      }
    }
    const bool is_alert = !alert_name.empty();
    const std::string& display = is_alert ? alert_name : record_name;
    const auto prefix = [&] {
      return "group " + go_quote(gname) + ", rule " + std::to_string(number) + ", " + go_quote(display) + ": ";
    };
    const Location& rule_loc = rule.key;
    if (!record_name.empty() && !alert_name.empty()) {
      issue(stream_->location(*record), prefix() + "only one of 'record' and 'alert' must be set");
    }
    if (record_name.empty() && alert_name.empty()) issue(rule_loc, prefix() + "one of 'record' or 'alert' must be set");
    if (rule.expr.value.empty()) {
      issue(expr != nullptr ? stream_->location(*expr) : rule_loc, prefix() + "field 'expr' must be set in rule");
    }
    if (!record_name.empty()) {
      const Location at = stream_->location(*record);
      if ((!rule.annotations.empty() || !annotation_refs_.empty()) && annotations != nullptr) {
        issue(at, prefix() + "invalid field 'annotations' in recording rule");
      }
      if (rule.for_seconds && rule.for_seconds->value != 0)
        issue(at, prefix() + "invalid field 'for' in recording rule");
      if (rule.keep_firing_for_seconds && rule.keep_firing_for_seconds->value != 0) {
        issue(at, prefix() + "invalid field 'keep_firing_for' in recording rule");
      }
      if (!valid_metric_name(record_name, utf8_)) issue(at, prefix() + "invalid recording rule name: " + record_name);
      if (record_name.find_first_of("{}") != std::string::npos) {
        issue(at, prefix() + "braces present in the recording rule name; should it be in expr?: " + record_name);
      }
    }
    check_labels(rule.labels, prefix);
    for (const RuleLabel& a : rule.annotations) {
      if (!valid_label_name(a.name.value, utf8_))
        issue(a.name.location, prefix() + "invalid annotation name: " + a.name.value);
    }
    for (const LabelRef& a : annotation_refs_) {
      if (!valid_label_name(a.name, utf8_)) {
        issue(stream_->location(*a.key), prefix() + "invalid annotation name: " + std::string(a.name));
      }
    }
    if (is_alert) {
      const std::string tname = "__alert_" + alert_name;
      for (const auto* list : {&rule.labels, &rule.annotations}) {
        const char* what = list == &rule.labels ? "label " : "annotation ";
        for (const RuleLabel& l : *list) {
          if (list == &rule.annotations && l.value.value.find("$value") != std::string::npos) {
            rule.annotation_prints_value = true;
          }
          if (auto e = check_template(l.value.value, tname)) {
            issue(l.value.location, prefix() + what + go_quote(l.name.value) + ": " + e->message);
          }
        }
      }
      for (const LabelRef& a : annotation_refs_) {
        if (a.value.find("$value") != std::string_view::npos) rule.annotation_prints_value = true;
        if (auto e = check_template(a.value, tname)) {
          issue(stream_->location(*a.node), prefix() + "annotation " + go_quote(a.name) + ": " + e->message);
        }
      }
    }
    if (is_alert) {
      rule.kind = RuleKind::alert;
      rule.name = {.value = alert_name, .location = stream_->location(*alert)};
    } else {
      rule.kind = RuleKind::record;
      rule.name = {.value = record_name, .location = record != nullptr ? stream_->location(*record) : rule_loc};
    }
    if (expr != nullptr) rule.expr_span = expr->span();
    if (expr != nullptr && !rule.expr.value.empty()) {
      if (options_.defer_promql) {
        out_.file->deferred = true;
      } else {
        parse_expr(rule, *expr);
      }
    }
    out_.file->groups[group_index].rules.push_back(out_.file->rules.size());
    out_.file->rules.push_back(std::move(rule));
  }

  void parse_expr(PromRule& rule, const yaml::Node& expr) {
    const promql::ParseOptions po = promql_options(options_.major, options_.minor, options_.enabled_features);
    if (!trees_) trees_ = std::make_shared<ByteArena>(promql::memory_estimate(rule.expr.value.size()));
    auto result = std::make_shared<promql::ParseResult>(promql::parse(rule.expr.value, po, trees_));
    for (const promql::Error& e : result->errors) {
      rule.promql_errors.push_back(
          ParseIssue{.message = e.message, .location = stream_->value_location(expr, e.begin, e.end), .related = {}});
    }
    rule.parsed = std::move(result);
  }

  Options options_;
  bool utf8_ = true;
  std::shared_ptr<const yaml::Stream> stream_;
  ParseOutput out_;
  std::set<std::string> group_names_;
  std::vector<LabelRef> annotation_refs_;  // the rule's, when not kept
  std::shared_ptr<ByteArena> trees_;       // the memory of the file's PromQL trees
};

}  // namespace

ParseOutput parse(const SourcePtr& source, const Options& options) {
  Parser p(source, options);
  return p.run();
}

// What Parser::parse_expr does for each rule, with the error spans mapped through the `expr` scalar
// as written (the same mapping as the YAML stream's, which is gone by now).
void build_trees(RuleFile& file) {
  const promql::ParseOptions po = promql_options(file.version_major, file.version_minor, file.enabled_features);
  const auto parses = [](const PromRule& r) {
    return r.expr_span.style != yaml::ScalarStyle::none && !r.expr.value.empty();
  };
  size_t bytes = 0;
  for (const PromRule& r : file.rules) {
    if (parses(r)) bytes += promql::memory_estimate(r.expr.value.size());
  }
  if (bytes == 0) return;
  const auto trees = std::make_shared<ByteArena>(bytes);
  for (PromRule& r : file.rules) {
    if (!parses(r)) continue;
    auto result = std::make_shared<promql::ParseResult>(promql::parse(r.expr.value, po, trees));
    r.promql_errors.clear();
    for (const promql::Error& e : result->errors) {
      r.promql_errors.push_back(
          ParseIssue{.message = e.message, .location = expr_span_location(file, r, e.begin, e.end), .related = {}});
    }
    r.parsed = std::move(result);
  }
}

void drop_trees(RuleFile& file) {
  for (PromRule& r : file.rules) r.parsed.reset();
}

}  // namespace stacklint::rulefmt
