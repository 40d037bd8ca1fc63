// alertmanager/receiver-unused: a receiver no route names.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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
            "route.receiver to chat)`) is not reported: kept for the reader to switch to. Nor is one a commented-out "
            "line "
            "names (`#receiver: 'mail' # default receiver`: parked, to switch back to), nor any of a file "
            "whose receivers hold a template's fill-ins (`routing_key: <integration_key>`, `channel: "
            "'#<channel>'`): a menu to choose from.",
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

  // A commented-out line names it as a receiver (`#receiver: 'mail' # default receiver`, rw131
  // monitoring_stack): parked, for the reader to switch back to.
  static bool named_in_comment(std::string_view text, const std::string& name) {
    for (const std::string_view line : split_lines(text)) {
      const std::string_view t = trim_blanks(line);
      if (!t.starts_with('#') || t.find("receiver") == std::string_view::npos) continue;
      for (size_t at = t.find(name); at != std::string_view::npos; at = t.find(name, at + 1)) {
        const auto word = [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '-';
        };
        const bool starts = at == 0 || !word(t[at - 1]);
        const bool ends = at + name.size() == t.size() || !word(t[at + name.size()]);
        if (starts && ends) return true;
      }
    }
    return false;
  }

  // The receiver's lines hold a template's fill-in (`routing_key: <integration_key>`, `channel:
  // '#<channel>'`, rw132 dwallet-monitoring): a receiver of such a file is one of a menu to choose from.
  // Lines of Go templates and HTML tags (`<b>`, `<br>`) are not fill-ins.
  static bool holds_fill_in(std::string_view text, const AmReceiver& r) {
    const std::vector<std::string_view> lines = split_lines(text);
    const size_t first = r.name.location.line;  // 1-based: the line after the name is lines[first]
    if (first == 0 || first > lines.size()) return false;
    const std::string_view head = lines[first - 1];
    const size_t dash = head.find_first_not_of(' ');
    for (size_t i = first; i < lines.size(); ++i) {
      const std::string_view line = lines[i];
      const size_t indent = line.find_first_not_of(' ');
      if (indent == std::string_view::npos || line[indent] == '#') continue;
      if (indent <= dash) break;
      if (line.find("{{") != std::string_view::npos) continue;
      for (size_t lt = line.find('<'); lt != std::string_view::npos; lt = line.find('<', lt + 1)) {
        const size_t gt = line.find('>', lt);
        if (gt == std::string_view::npos) break;
        const std::string_view inner = line.substr(lt + 1, gt - lt - 1);
        static constexpr std::array<std::string_view, 12> kTags = {"b",  "br", "p",  "i",    "a",   "hr",
                                                                   "td", "tr", "th", "span", "div", "table"};
        const bool fill_in =
            inner.size() >= 3 && std::ranges::all_of(inner, [](char ch) {
              return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '-' || ch == ' ';
            });
        if (fill_in && std::ranges::find(kTags, inner) == kTags.end()) return true;
      }
    }
    return false;
  }

  static void one(const Stack& stack, const AmConfig& c, Reporter& out) {
    if (!c.route || !c.errors.empty()) return;
    const std::set<std::string> used = route_receivers(*c.route);
    const StackFile* f = stack.find_file(c.path);
    const std::string_view text = f != nullptr && f->source ? f->source->text() : std::string_view();
    std::optional<bool> menu;  // the receivers hold a template's fill-ins: asked once, when one is unused
    for (const AmReceiver& r : c.receivers) {
      if (r.name.value.empty() || used.count(r.name.value) > 0) continue;
      // A receiver with no integration (a null receiver kept for silencing) sends nothing whether a
      // route names it or not: unused, it loses no notification (rw8: a fallback config's
      // `empty-receiver`).
      if (r.integrations.empty()) continue;
      if (!menu)
        menu = std::ranges::any_of(c.receivers, [&](const AmReceiver& any) { return holds_fill_in(text, any); });
      const bool kept = *menu || offered_as_option(stack, r.name.location) || named_in_comment(text, r.name.value);
      // Unused on purpose, and the author knows it: judged noise as notes (rw234 near-monitoring's
      // menu of pagerduty, discord and slack receivers).
      if (kept) continue;
      out.report("receiver \"" + r.name.value + "\" is named by no route: nothing is ever sent to it", r.name.location,
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
