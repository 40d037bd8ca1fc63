// alertmanager/template-annotation-missing: a receiver's template uses `.CommonAnnotations.X`,
// `.Annotations.X` or `.CommonLabels.X` where an alert routed to it has no X, or where the route's
// group_by lets alerts with different X share one notification (Common* keeps only shared pairs).
#include <re2/re2.h>

#include <map>
#include <optional>
#include <string>
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
};

std::vector<FieldUse> field_uses(const std::string& text) {
  static const RE2 re(R"(\.(CommonAnnotations|CommonLabels|Annotations)\.([A-Za-z_][A-Za-z0-9_]*))");
  std::vector<FieldUse> out;
  re2::StringPiece input(text);
  std::string kind;
  std::string name;
  while (RE2::FindAndConsume(&input, re, &kind, &name)) out.push_back(FieldUse{.kind = kind, .name = name});
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
            "text varies per alert, are not judged.",
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
            for (const FieldUse& f : field_uses(t.text.value)) one(rec, in, t, f, it->second, out);
          }
        }
      }
    }
  }

 private:
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
      out.report(in.type + " " + t.field + " of receiver \"" + rec.name.value + "\" uses " + use +
                     ", but the route's " + "group_by puts alert rules \"" + x->rule->name.value + "\" and \"" +
                     y->rule->name.value + "\" in one notification with different " + f.name +
                     ": it is empty whenever they fire together",
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
