// alertmanager/template-annotation-missing: a receiver's template uses `.CommonAnnotations.X`,
// `.Annotations.X` or `.CommonLabels.X` where an alert routed to it has no X, or where the route's
// group_by lets alerts with different X share one notification (Common* keeps only shared pairs).
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/analysis/alert_routing.h"
#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

struct FieldUse {
  std::string kind;  // "CommonAnnotations", "Annotations", "CommonLabels"
  std::string name;
  bool guarded = false;  // a fallback covers it: the text it is part of is never empty
};

// ---- Go text/template, as much as a fallback needs: actions, blocks, `or` ----

struct Token {
  enum class Kind : uint8_t { word, string, open, close, pipe };
  Kind kind;
  std::string_view text;  // a string keeps its quotes
};

// An action's content split into words, string literals (", `, '), parentheses and pipes.
std::vector<Token> tokenize(std::string_view a) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < a.size()) {
    const char c = a[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')' || c == '|') {
      out.push_back(Token{.kind = c == '('   ? Token::Kind::open
                                  : c == ')' ? Token::Kind::close
                                             : Token::Kind::pipe,
                          .text = a.substr(i, 1)});
      ++i;
    } else if (c == '"' || c == '`' || c == '\'') {
      size_t j = i + 1;
      while (j < a.size() && a[j] != c) j += (a[j] == '\\' && c != '`') ? 2 : 1;
      j = std::min(j + 1, a.size());
      out.push_back(Token{.kind = Token::Kind::string, .text = a.substr(i, j - i)});
      i = j;
    } else {
      size_t j = i;
      while (j < a.size() && std::string_view(" \t\r\n()|\"`'").find(a[j]) == std::string_view::npos) ++j;
      out.push_back(Token{.kind = Token::Kind::word, .text = a.substr(i, j - i)});
      i = j;
    }
  }
  return out;
}

// A literal that `or` returns when everything before it is empty, and that prints as text.
bool non_empty_literal(const Token& t) {
  if (t.kind == Token::Kind::string) return t.text.size() > 2;
  return t.kind == Token::Kind::word && !t.text.empty() && std::isdigit(static_cast<unsigned char>(t.text[0])) != 0;
}

void add_uses(std::string_view word, bool guarded, std::vector<FieldUse>& out) {
  static const RE2 re(R"(\.(CommonAnnotations|CommonLabels|Annotations)\.([A-Za-z_][A-Za-z0-9_]*))");
  re2::StringPiece input(word.data(), word.size());
  std::string kind;
  std::string name;
  while (RE2::FindAndConsume(&input, re, &kind, &name)) {
    out.push_back(FieldUse{.kind = kind, .name = name, .guarded = guarded});
  }
}

// The field uses of the pipeline that starts at t[i], up to its closing parenthesis (returned: the
// index after it). An argument of `or` with a non-empty literal among its arguments is guarded:
// `{{ or .CommonLabels.severity "critical" }}` prints "critical" when the label is not common.
size_t pipeline(const std::vector<Token>& t, size_t i, bool guarded, std::vector<FieldUse>& out, int depth = 0) {
  while (i < t.size() && t[i].kind != Token::Kind::close) {
    if (t[i].kind == Token::Kind::pipe) {
      ++i;
      continue;
    }
    // One command: the arguments up to `|` or `)` at this level.
    size_t end = i;
    bool fallback = false;
    for (int level = 0; end < t.size(); ++end) {
      if (level == 0 && (t[end].kind == Token::Kind::pipe || t[end].kind == Token::Kind::close)) break;
      if (t[end].kind == Token::Kind::open) ++level;
      if (t[end].kind == Token::Kind::close) --level;
      if (level == 0 && end > i && non_empty_literal(t[end])) fallback = true;
    }
    const bool covered = guarded || (t[i].kind == Token::Kind::word && t[i].text == "or" && fallback);
    for (size_t j = i; j < end; ++j) {
      if (t[j].kind == Token::Kind::word) add_uses(t[j].text, covered, out);
      if (t[j].kind == Token::Kind::open && depth < 32) j = pipeline(t, j + 1, covered, out, depth + 1) - 1;
    }
    i = end;
  }
  return i < t.size() ? i + 1 : i;
}

// An if/with/range/define block being read.
struct Block {
  bool fallback_kind = false;                 // if/with: an else branch is the fallback
  bool in_else = false;                       // past a plain {{ else }}
  bool else_prints = false;                   // the else branch writes text or a value
  std::vector<std::string> condition_fields;  // `if .CommonLabels.x`: x is set in the first branch
  std::vector<size_t> covered;                // uses an else branch that prints makes never empty
};

std::string field_key(const FieldUse& f) {
  return f.kind + "." + f.name;
}

// Every field use of a template text, each marked guarded when a fallback covers it: the condition
// of an if/with whose else branch prints something, the same field inside that condition's branch
// (`{{ if .CommonLabels.severity }}{{ .CommonLabels.severity }}{{ else }}critical{{ end }}`), an
// argument of `or` with a literal fallback. amtool 0.25 renders "critical" for all three forms when
// the label is not common.
std::vector<FieldUse> field_uses(const std::string& text) {
  std::vector<FieldUse> out;
  std::vector<Block> blocks;
  bool outside_prints = false;      // text or a value printed outside every block
  std::vector<size_t> conditional;  // uses an if/with without a printing else covers
  const auto printed = [&] {
    if (!blocks.empty() && blocks.back().in_else) blocks.back().else_prints = true;
    if (blocks.empty()) outside_prints = true;
  };
  const auto condition = [&](Block& b, const std::vector<Token>& t, size_t from) {
    const size_t first = out.size();
    pipeline(t, from, false, out);
    for (size_t k = first; k < out.size(); ++k) b.covered.push_back(k);
    if (t.size() == from + 1 && out.size() == first + 1) b.condition_fields.push_back(field_key(out[first]));
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("{{", pos);
    const std::string_view before =
        std::string_view(text).substr(pos, (open == std::string::npos ? text.size() : open) - pos);
    if (before.find_first_not_of(" \t\r\n") != std::string_view::npos) printed();
    if (open == std::string::npos) break;
    size_t b = open + 2;
    if (b + 1 < text.size() && text[b] == '-' && (text[b + 1] == ' ' || text[b + 1] == '\t' || text[b + 1] == '\n'))
      ++b;
    while (b < text.size() && (text[b] == ' ' || text[b] == '\t' || text[b] == '\n' || text[b] == '\r')) ++b;
    if (text.compare(b, 2, "/*") == 0) {  // a comment
      const size_t c = text.find("*/", b + 2);
      const size_t close = c == std::string::npos ? std::string::npos : text.find("}}", c + 2);
      if (close == std::string::npos) break;
      pos = close + 2;
      continue;
    }
    // The closing braces, outside string literals.
    size_t e = b;
    char quote = 0;
    for (; e < text.size(); ++e) {
      const char c = text[e];
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          ++e;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`' || c == '\'') {
        quote = c;
      } else if (c == '}' && e + 1 < text.size() && text[e + 1] == '}') {
        break;
      }
    }
    if (e >= text.size()) break;
    std::string_view content = std::string_view(text).substr(b, e - b);
    if (content.size() >= 2 && content.back() == '-' &&
        (content[content.size() - 2] == ' ' || content[content.size() - 2] == '\t' ||
         content[content.size() - 2] == '\n')) {
      content.remove_suffix(1);
    }
    pos = e + 2;
    const std::vector<Token> t = tokenize(content);
    const std::string_view keyword = !t.empty() && t[0].kind == Token::Kind::word ? t[0].text : "";
    if (keyword == "if" || keyword == "with") {
      blocks.push_back(Block{.fallback_kind = true});
      condition(blocks.back(), t, 1);
    } else if (keyword == "range" || keyword == "define" || keyword == "block") {
      blocks.push_back(Block{});
      pipeline(t, 1, false, out);
    } else if (keyword == "else") {
      if (blocks.empty()) continue;
      if (t.size() > 1 && (t[1].text == "if" || t[1].text == "with")) {
        blocks.back().condition_fields.clear();  // the first condition is false in this branch
        condition(blocks.back(), t, 2);          // the chain's last else covers this one too
      } else {
        blocks.back().in_else = true;
      }
    } else if (keyword == "end") {
      if (blocks.empty()) continue;
      const Block done = std::move(blocks.back());
      blocks.pop_back();
      if (done.fallback_kind && done.else_prints) {
        for (const size_t k : done.covered) out[k].guarded = true;
      } else if (done.fallback_kind) {
        conditional.insert(conditional.end(), done.covered.begin(), done.covered.end());
      }
    } else {
      printed();
      const size_t first = out.size();
      pipeline(t, 0, false, out);
      // A field printed inside the branch its own condition chose is set there.
      for (size_t k = first; k < out.size(); ++k) {
        for (Block& blk : blocks) {
          if (blk.in_else) continue;
          if (std::find(blk.condition_fields.begin(), blk.condition_fields.end(), field_key(out[k])) !=
              blk.condition_fields.end())
            blk.covered.push_back(k);
        }
      }
    }
  }
  // `{{ .CommonLabels.alertname }}{{ if .CommonLabels.subject }} - {{ .CommonLabels.subject }}{{ end }}`:
  // the author tests the field and the text around the block is printed either way, so nothing
  // shows empty (rw16 Alt's pushover titles).
  if (outside_prints) {
    for (const size_t k : conditional) out[k].guarded = true;
  }
  return out;
}

// The value alert `a` gives the field: present, and the text when the same for every alert of its rule.
analysis::AnnotationValue value_of(const analysis::SentAlert& a, const FieldUse& f) {
  if (f.kind != "CommonLabels") return analysis::annotation_of(*a.rule, f.name);
  const auto it = a.labels.labels.find(f.name);
  if (it == a.labels.labels.end()) {
    return analysis::AnnotationValue{.present = a.labels.open, .constant = false, .text = ""};
  }
  return analysis::AnnotationValue{
      .present = true, .constant = it->second.has_value(), .text = it->second.value_or("")};
}

// The group key of an alert on `route` when it is certain (every group_by label known or certainly
// absent); nullopt when the alert may land in any group. Alerts with equal keys share notifications.
std::optional<std::string> group_key(const AmRoute& route, const analysis::SentAlert& a) {
  if (route.group_by_all) return std::nullopt;
  std::string key;
  for (const auto& g : route.group_by) {
    const auto it = a.labels.labels.find(g.value);
    if (it == a.labels.labels.end()) {
      if (a.labels.open) return std::nullopt;
      key += '\x01';  // certainly absent
    } else if (!it->second) {
      return std::nullopt;
    } else {
      key += *it->second;
    }
    key += '\x00';
  }
  return key;
}

class AlertmanagerTemplateAnnotationMissing final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alertmanager/template-annotation-missing",
        .severity = Severity::warning,
        .summary =
            "A notification template uses `.CommonAnnotations.X` (or `.Annotations.X`, `.CommonLabels.X`) "
            "that some alert routed to the receiver lacks, or that the route's group_by empties.",
        .rationale =
            "In a notification, `.CommonAnnotations` and `.CommonLabels` hold only the pairs identical across "
            "every alert of the group. With `text: '{{ .CommonAnnotations.summary }}'`, an alert rule without a "
            "`summary` annotation sends an empty message, and with `group_by: [severity]` two different alerts "
            "of the same severity share one notification whose common summary is empty: the on-call person "
            "gets a blank Slack message. stacklint follows every alert rule of the Prometheus that sends here "
            "through the route tree to the receivers it certainly reaches; templated annotation values, whose "
            "text varies per alert, are not judged.\n\n"
            "A use with a fallback is never empty and is not reported: the condition of an `if` or `with` whose "
            "`else` branch prints something, the same field inside the branch its condition chose "
            "(`{{ if .CommonLabels.severity }}{{ .CommonLabels.severity }}{{ else }}critical{{ end }}`), and an "
            "argument of `or` with a literal fallback (`{{ or .CommonLabels.severity \"critical\" }}`). Nor is a field "
            "an `if` or `with` without `else` tests and shows only when set, in a text that prints something "
            "around the block (`[{{ .Status }}]{{ with .CommonLabels.team }} for {{ . }}{{ end }}`): the author "
            "chose what the text says without it. Nor is a common value that differs between the alerts of a "
            "group when another text of the same notifier lists each alert's own value inside `range .Alerts` "
            "(a `pretext` header over a `text` body): the body still shows every one.",
        .bad_example = {{.path = "compose.yaml",
                         .content = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n"
                                    "      - ./prometheus:/etc/prometheus:ro\n  alertmanager:\n"
                                    "    image: prom/alertmanager:v0.27.0\n    volumes:\n"
                                    "      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro\n"},
                        {.path = "prometheus/prometheus.yml",
                         .content = "alerting:\n  alertmanagers:\n    - static_configs:\n"
                                    "        - targets: ['alertmanager:9093']\nrule_files:\n  - alerts.yml\n"},
                        {.path = "prometheus/alerts.yml",
                         .content = "groups:\n  - name: up\n    rules:\n      - alert: Down\n        expr: up == 0\n"
                                    "        labels:\n          severity: critical\n"},
                        {.path = "alertmanager.yml",
                         .content = "route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n"
                                    "      - url: 'http://hook:8080/'\n    slack_configs:\n"
                                    "      - api_url_file: /run/secrets/slack\n"
                                    "        text: '{{ .CommonAnnotations.summary }}'\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n"
                                     "      - ./prometheus:/etc/prometheus:ro\n  alertmanager:\n"
                                     "    image: prom/alertmanager:v0.27.0\n    volumes:\n"
                                     "      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro\n"},
                         {.path = "prometheus/prometheus.yml",
                          .content = "alerting:\n  alertmanagers:\n    - static_configs:\n"
                                     "        - targets: ['alertmanager:9093']\nrule_files:\n  - alerts.yml\n"},
                         {.path = "prometheus/alerts.yml",
                          .content = "groups:\n  - name: up\n    rules:\n      - alert: Down\n        expr: up == 0\n"
                                     "        labels:\n          severity: critical\n        annotations:\n"
                                     "          summary: A target is down\n"},
                         {.path = "alertmanager.yml",
                          .content = "route:\n  receiver: team\n  group_by: [alertname]\nreceivers:\n  - name: team\n"
                                     "    slack_configs:\n      - api_url_file: /run/secrets/slack\n"
                                     "        text: '{{ .CommonAnnotations.summary }}'\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& am : stack.services) {
      if (!am.enabled || !am.alertmanager || !am.alertmanager->route || !am.alertmanager->errors.empty()) continue;
      const analysis::SentAlerts sent = analysis::alerts_sent_to(stack, am);
      if (sent.alerts.empty()) continue;
      // receiver -> (route, alert) pairs of alerts that certainly end on a route with that receiver
      std::map<std::string, std::vector<std::pair<const AmRoute*, const analysis::SentAlert*>>> routed;
      for (const auto& a : sent.alerts) {
        for (const AmRoute* r : analysis::destinations(a.labels, *am.alertmanager->route).routes) {
          routed[r->effective_receiver].emplace_back(r, &a);
        }
      }
      for (const AmReceiver& rec : am.alertmanager->receivers) {
        const auto it = routed.find(rec.name.value);
        if (it == routed.end()) continue;
        for (const AmIntegration& in : rec.integrations) {
          for (const AmTemplateText& t : in.templates) {
            for (const FieldUse& f : field_uses(t.text.value)) {
              if (!f.guarded) one(rec, in, t, f, it->second, out);
            }
          }
        }
      }
    }
  }

 private:
  // Whether another text of the same notifier prints the field of each alert inside a `range .Alerts`
  // (`.Annotations.summary` for .CommonAnnotations.summary, `.Labels.x` for .CommonLabels.x).
  static bool lists_each_alert(const AmIntegration& in, const FieldUse& f) {
    const std::string own = (f.kind == "CommonLabels" ? ".Labels." : ".Annotations.") + f.name;
    return std::any_of(in.templates.begin(), in.templates.end(), [&](const AmTemplateText& other) {
      const std::string& text = other.text.value;
      const size_t range = text.find("range .Alerts");
      if (range == std::string::npos) return false;
      const size_t at = text.find(own, range);
      return at != std::string::npos &&
             (at + own.size() == text.size() ||
              !(std::isalnum(static_cast<unsigned char>(text[at + own.size()])) != 0 || text[at + own.size()] == '_'));
    });
  }

  static void one(const AmReceiver& rec, const AmIntegration& in, const AmTemplateText& t, const FieldUse& f,
                  const std::vector<std::pair<const AmRoute*, const analysis::SentAlert*>>& alerts, Reporter& out) {
    const std::string use = "." + f.kind + "." + f.name;
    const std::string what = f.kind == "CommonLabels" ? "label" : "annotation";
    // An alert without it: the field is empty in every notification that alert is part of.
    for (const auto& [route, a] : alerts) {
      if (value_of(*a, f).present) continue;
      out.report(in.type + " " + t.field + " of receiver \"" + rec.name.value + "\" uses " + use +
                     ", but alert rule \"" + a->rule->name.value + "\" routed to it has no " + what + " " + f.name +
                     ": its notifications show it empty",
                 t.text.location,
                 {Related{.message = "alert rule \"" + a->rule->name.value + "\" (no " + what + " " + f.name + ")",
                          .location = a->rule->name.location}});
      return;
    }
    if (f.kind == "Annotations") return;  // per alert, not per group
    // A header over a body that lists each alert's own value (`pretext: {{ .CommonAnnotations.summary }}`
    // beside `text: {{ range .Alerts }}{{ .Annotations.summary }}{{ end }}`, rw48 HiP-DevOps): when the
    // values differ the header is empty, and the body still shows every one.
    if (lists_each_alert(in, f)) return;
    // Two alerts with different values that group_by puts in one notification: per (route, group
    // key), the first alert of each value (linear in the alerts).
    std::map<std::pair<const AmRoute*, std::string>, std::map<std::string, const analysis::SentAlert*>> groups;
    for (const auto& [route, a] : alerts) {
      const auto v = value_of(*a, f);
      const auto key = group_key(*route, *a);
      if (!v.constant || !key) continue;
      auto& values = groups[{route, *key}];
      values.emplace(v.text, a);
      if (values.size() < 2) continue;
      const auto& [text_x, x] = *values.begin();
      const auto& [text_y, y] = *std::next(values.begin());
      std::vector<Related> notes = {
          Related{.message = "alert rule \"" + x->rule->name.value + "\": " + f.name + " \"" + text_x + "\"",
                  .location = x->rule->name.location},
          Related{.message = "alert rule \"" + y->rule->name.value + "\": " + f.name + " \"" + text_y + "\"",
                  .location = y->rule->name.location}};
      if (route->group_by_location.valid()) {
        notes.push_back(Related{.message = "group_by puts them in one group", .location = route->group_by_location});
      }
      // No group_by: the route sends every alert of the receiver as one group (rw48: "the route's
      // group_by puts ..." named a group_by the route does not have).
      const std::string grouping = route->group_by.empty() ? "the route has no group_by, so it sends alert rules \""
                                                           : "the route's group_by puts alert rules \"";
      out.report(in.type + " " + t.field + " of receiver \"" + rec.name.value + "\" uses " + use + ", but " + grouping +
                     x->rule->name.value + "\" and \"" + y->rule->name.value +
                     "\" in one notification with different " + f.name + ": it is empty whenever they fire together",
                 t.text.location, std::move(notes));
      return;
    }
  }
};

}  // namespace

const Rule& alertmanager_template_annotation_missing() {
  static const AlertmanagerTemplateAnnotationMissing r;
  return r;
}

}  // namespace stacklint::rules
