// alertmanager/route-never-matches: a route whose matchers no alert rule of the Prometheus that
// sends to this Alertmanager can satisfy.
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "linter/analysis/alert_routing.h"
#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// The values the alerts give a label ("critical", "warning", "(none)"), at most 6, for the message.
std::string values_of(const std::vector<analysis::SentAlert>& alerts, const std::string& label) {
  std::set<std::string> values;
  for (const auto& a : alerts) {
    const auto it = a.labels.labels.find(label);
    values.insert(it == a.labels.labels.end() ? "(none)" : it->second.value_or("(unknown)"));
    if (values.size() > 6) break;
  }
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

class AlertmanagerRouteNeverMatches final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alertmanager/route-never-matches",
        .severity = Severity::warning,
        .summary =
            "An Alertmanager route whose matchers no alert rule of the Prometheus that sends to it can "
            "satisfy: its receiver never gets anything.",
        .rationale =
            "An alert carries `alertname`, the labels of its rule and group, the labels of the series its "
            "expression returns (only those an aggregation keeps: `sum by (x)` keeps x) and Prometheus's "
            "`external_labels`. A route matching `severity=\"page\"` when every rule sets `severity: critical` or "
            "`warning` never matches, and the team behind its receiver is never notified. stacklint infers the "
            "labels of every alert rule of every Prometheus whose `alerting.alertmanagers` targets reach this "
            "Alertmanager; a label whose value it cannot know (templated, or returned by an open series set) "
            "counts as matching. With `alert_relabel_configs`, nothing is concluded. A route that only repeats its "
            "parent (the same receiver, grouping and timing, no routes below it) changes nothing whether it matches "
            "or not, and is not reported. A route for test alerts (`severity=\"test\"`, a receiver named "
            "`telegram-test`), which people send by hand with amtool or the API to try a receiver, is not reported.\n\n"
            "Alertmanager also tries a route's children in order and stops at the first that matches, unless it "
            "says `continue: true`: a child without matchers takes every alert that reaches it, so every sibling "
            "after it never matches, whatever the alerts (`- receiver: email` over `- receiver: slack`, meant to "
            "send to both). That is reported from the Alertmanager file alone.",
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
                         .content = "route:\n  receiver: default\n  routes:\n    - receiver: pager\n"
                                    "      matchers: ['severity=\"page\"']\nreceivers:\n  - name: default\n"
                                    "  - name: pager\n"}},
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
                                     "        labels:\n          severity: critical\n"},
                         {.path = "alertmanager.yml",
                          .content = "route:\n  receiver: default\n  routes:\n    - receiver: pager\n"
                                     "      matchers: ['severity=\"critical\"']\nreceivers:\n  - name: default\n"
                                     "  - name: pager\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& am : stack.services) {
      if (!am.enabled || !am.alertmanager || !am.alertmanager->route || !am.alertmanager->errors.empty()) continue;
      std::set<const AmRoute*> shadowed;
      report_shadowed(*am.alertmanager->route, shadowed, out);
      const analysis::SentAlerts sent = analysis::alerts_sent_to(stack, am);
      if (!sent.known || sent.alerts.empty()) continue;
      std::vector<const AmMatcher*> path;
      const AmRoute& root = *am.alertmanager->route;
      for (const AmRoute& child : root.routes) visit(am, sent, root, child, path, shadowed, out);
    }
  }

 private:
  // Alertmanager tries a route's children in order and stops at the first that matches unless it
  // says `continue: true`: a child without matchers takes every alert that reaches it, and the
  // siblings after it get nothing (rw63 Reusable-Monitoring-Stack: `- receiver: email` over
  // `- receiver: slack`, meant to send to both).
  static void report_shadowed(const AmRoute& route, std::set<const AmRoute*>& shadowed, Reporter& out) {
    const AmRoute* catch_all = nullptr;
    std::vector<const AmRoute*> after;  // the siblings after it: one finding, at the first
    for (const AmRoute& child : route.routes) {
      if (catch_all != nullptr) {
        shadowed.insert(&child);
        after.push_back(&child);
        continue;
      }
      if (child.matchers.empty() && !child.continue_matching) catch_all = &child;
      report_shadowed(child, shadowed, out);
    }
    if (after.empty()) return;
    const AmRoute& first = *after.front();
    std::string msg =
        "route never matches: the route before it has no matchers and no 'continue: true', so it takes every "
        "alert that reaches this level first";
    if (first.receiver) msg += ", and receiver \"" + first.receiver->value + "\" gets nothing from this route";
    if (after.size() > 1) msg += " (nor from the " + std::to_string(after.size() - 1) + " after it)";
    msg += "; add 'continue: true' to the earlier route, or matchers";
    std::string takes = "the route that takes them";
    if (catch_all->receiver) takes += " (receiver \"" + catch_all->receiver->value + "\")";
    std::vector<Related> notes = {Related{.message = takes, .location = catch_all->location}};
    for (size_t i = 1; i < after.size() && i <= 3; ++i) {
      notes.push_back(
          Related{.message = "never reached either" +
                             (after[i]->receiver ? " (receiver \"" + after[i]->receiver->value + "\")" : std::string()),
                  .location = after[i]->location});
    }
    out.report(std::move(msg), first.location, std::move(notes));
  }

  // A route that sends what its parent sends, as its parent sends it (the same receiver, grouping
  // and timing, no routes below it): whether it matches changes nothing (rw81 PsyApp's
  // `severity: critical` child with the root's receiver and repeat_interval).
  static bool same_as_parent(const AmRoute& route, const AmRoute& parent) {
    const auto names = [](const AmRoute& r) {
      std::vector<std::string> out;
      for (const auto& g : r.group_by) out.push_back(g.value);
      return out;
    };
    return route.routes.empty() && !route.continue_matching && route.effective_receiver == parent.effective_receiver &&
           route.group_wait == parent.group_wait && route.group_interval == parent.group_interval &&
           route.repeat_interval == parent.repeat_interval && route.group_by_all == parent.group_by_all &&
           names(route) == names(parent);
  }

  static void visit(const Service& am, const analysis::SentAlerts& sent, const AmRoute& parent, const AmRoute& route,
                    std::vector<const AmMatcher*>& path, const std::set<const AmRoute*>& shadowed, Reporter& out) {
    if (shadowed.count(&route) > 0) return;  // reported as shadowed, with its children
    std::vector<AmMatcher> all;
    for (const AmMatcher* m : path) all.push_back(*m);
    for (const AmMatcher& m : route.matchers) all.push_back(m);
    bool reachable = false;
    for (const auto& a : sent.alerts) {
      if (analysis::satisfies_all(a.labels, all) != analysis::Tri::no) {
        reachable = true;
        break;
      }
    }
    if (!reachable && !route.matchers.empty()) {
      if (!same_as_parent(route, parent)) report(am, sent, route, out);
      return;  // its children are never reached either: one finding
    }
    const size_t depth = path.size();
    for (const AmMatcher& m : route.matchers) path.push_back(&m);
    for (const AmRoute& child : route.routes) visit(am, sent, route, child, path, shadowed, out);
    path.resize(depth);
  }

  static void report(const Service& am, const analysis::SentAlerts& sent, const AmRoute& route, Reporter& out) {
    // The route's own matcher that no alert satisfies, when there is one.
    const AmMatcher* culprit = nullptr;
    for (const AmMatcher& m : route.matchers) {
      bool any = false;
      for (const auto& a : sent.alerts) any = any || analysis::satisfies(a.labels, m) != analysis::Tri::no;
      if (!any) {
        culprit = &m;
        break;
      }
    }
    std::set<std::string> senders(am.alert_senders().begin(), am.alert_senders().end());
    std::string who;
    for (const auto& s : senders) who += (who.empty() ? "" : ", ") + s;
    std::string msg = "route never matches: ";
    if (culprit != nullptr) {
      msg += "no alert rule of " + who + " gives " + culprit->text() + " (" + std::to_string(sent.alerts.size()) +
             " alert rules; " + culprit->name + " is " + values_of(sent.alerts, culprit->name) + ")";
    } else {
      msg += "no alert rule of " + who + " satisfies all of its matchers and its parents' (" +
             std::to_string(sent.alerts.size()) + " alert rules)";
    }
    if (route.receiver) msg += ", so receiver \"" + route.receiver->value + "\" gets nothing from it";
    std::vector<Related> notes;
    const auto& first = *sent.alerts.front().rule;
    notes.push_back(
        Related{.message = "first alert rule \"" + first.name.value + "\" of " + sent.alerts.front().file->path,
                .location = first.name.location});
    // A route for test alerts (`severity="test"`, a receiver named telegram-test): sent by hand with
    // amtool or the API to try the receiver, never by a rule (rw124 monitoring-stack). Not reported:
    // its notes were judged noise (rw245 Elyablack).
    const bool for_tests = (culprit != nullptr && culprit->op == MatchOp::equal && names_tests(culprit->value)) ||
                           (route.receiver && names_tests(route.receiver->value));
    if (for_tests) return;
    out.report(std::move(msg), culprit != nullptr ? culprit->location : route.location, std::move(notes));
  }

  // `test`, `testing`, `test-alerts`, `telegram-test`, `TestAlert`: a word of the name is test, tests or
  // testing, or the name starts with the word Test in camel case (not `testnet`).
  static bool names_tests(const std::string& value) {
    std::string word;
    const auto test_word = [](const std::string& w) { return w == "test" || w == "testing" || w == "tests"; };
    for (const char c : value + " ") {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        continue;
      }
      if (test_word(word)) return true;
      word.clear();
    }
    return value.size() > 4 && value.starts_with("Test") && std::isupper(static_cast<unsigned char>(value[4])) != 0;
  }
};

}  // namespace

const Rule& alertmanager_route_never_matches() {
  static const AlertmanagerRouteNeverMatches r;
  return r;
}

}  // namespace stacklint::rules
