// alertmanager/receiver-unused: a receiver no route names.
#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

class AlertmanagerReceiverUnused final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alertmanager/receiver-unused",
        .severity = Severity::warning,
        .summary =
            "An Alertmanager receiver that no route names: whatever it is configured to notify, nothing "
            "is ever sent to it.",
        .rationale =
            "Receivers are only reached through routes: `amtool check-config` accepts a receiver no route uses, "
            "and the channel it configures stays silent. Usually a route was renamed or removed while the "
            "receiver stayed, or the intended route names another receiver by mistake. Add a route for it or "
            "remove it. A receiver with no integration (a null receiver) notifies no one either way and is not "
            "reported. A receiver whose comment offers it as an alternative (`# Option: chat instead of mail (set "
            "route.receiver to chat)`) is a note: kept for the reader to switch to.",
        .bad_example = {{.path = "alertmanager.yml",
                         .content = "route:\n  receiver: default\nreceivers:\n  - name: default\n  - name: oncall\n"
                                    "    webhook_configs:\n      - url: 'http://pager:8080/'\n"}},
        .good_example = {{.path = "alertmanager.yml",
                          .content = "route:\n  receiver: default\n  routes:\n    - receiver: oncall\n"
                                     "      matchers: ['severity=\"critical\"']\nreceivers:\n  - name: default\n"
                                     "  - name: oncall\n    webhook_configs:\n      - url: 'http://pager:8080/'\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (s.enabled && s.alertmanager) one(stack, *s.alertmanager, out);
    }
    for (const auto& c : stack.standalone_alertmanager) {
      if (c) one(stack, *c, out);
    }
  }

 private:
  // A receiver its comment offers as an alternative to the routed one (`# Option: Slack instead of
  // PagerDuty (set route.receiver to slack)`, rw93 injective-node-monitoring): kept for the reader to
  // switch to, so unused on purpose.
  static bool offered_as_option(const Stack& stack, const Location& at) {
    return std::ranges::any_of(setting_comments(stack, at), [](std::string_view comment) {
      const std::string c = ascii_lower(comment);
      return std::ranges::any_of(
          std::array<std::string_view, 6>{"option", "alternativ", "instead of", "uncomment", "switch to", "set route"},
          [&](std::string_view w) { return c.find(w) != std::string::npos; });
    });
  }

  static void one(const Stack& stack, const AmConfig& c, Reporter& out) {
    if (!c.route || !c.errors.empty()) return;
    const std::set<std::string> used = route_receivers(*c.route);
    for (const AmReceiver& r : c.receivers) {
      if (r.name.value.empty() || used.count(r.name.value) > 0) continue;
      // A receiver with no integration (a null receiver kept for silencing) sends nothing whether a
      // route names it or not: unused, it loses no notification (rw8: a fallback config's
      // `empty-receiver`).
      if (r.integrations.empty()) continue;
      out.report_demoted(offered_as_option(stack, r.name.location) ? Severity::note : Severity::warning,
                         "receiver \"" + r.name.value + "\" is named by no route: nothing is ever sent to it",
                         r.name.location,
                         {Related{.message = "the route tree starts here", .location = c.route->location}});
    }
  }
};

}  // namespace

const Rule& alertmanager_receiver_unused() {
  static const AlertmanagerReceiverUnused r;
  return r;
}

}  // namespace stacklint::rules
