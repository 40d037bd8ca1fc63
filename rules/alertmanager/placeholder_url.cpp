// alertmanager/placeholder-url: a webhook or chat URL that is a placeholder left from an example.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/stack.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

class AlertmanagerPlaceholderUrl final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alertmanager/placeholder-url",
        .severity = Severity::error,
        .summary =
            "A webhook or chat URL of an Alertmanager receiver that is a placeholder (`YOUR_WEBHOOK`, "
            "`example.com`, `xxx`, `<...>`): notifications go nowhere.",
        .rationale =
            "Example configurations ship URLs such as `https://hooks.slack.com/services/YOUR_WEBHOOK`; "
            "Alertmanager accepts them (they are valid URLs), starts, and every notification fails with an "
            "HTTP error in its log while the alerts look routed. A placeholder that is no URL at all (`<webhook_url>`) "
            "is "
            "refused at load by releases from 0.16 on: alertmanager/syntax reports it. Put the real URL in, preferably "
            "through "
            "`api_url_file` / `url_file` from a secret.\n\n"
            "In a test, example or development stack (`playground/`, `docker-compose.dev.yml`: `purpose` in "
            "`stacklint model`) the placeholder is the instruction to put your own URL in; such stacks are not "
            "judged unless `[stack] deployed = true`. A placeholder whose comment tells the reader to replace it "
            "(`# placeholder: replace with your webhook`) is a note: the template's blank, filled in where it runs. So "
            "is one in a file the README tells the reader to edit (\"Edit `alertmanager.yml` to add your Slack "
            "webhook\"), and a fill-in (`<GroupID>`) of a stack whose files hold others; where nothing states that "
            "the stack is deployed, such a blank is not reported at all. The same placeholder in "
            "several receivers is one finding, the others its notes.",
        .bad_example = {{.path = "alertmanager.yml",
                         .content = "route:\n  receiver: slack\nreceivers:\n  - name: slack\n    slack_configs:\n"
                                    "      - api_url: 'https://hooks.slack.com/services/YOUR_WEBHOOK'\n"
                                    "        channel: '#alerts'\n"}},
        .good_example = {{.path = "alertmanager.yml",
                          .content = "route:\n  receiver: slack\nreceivers:\n  - name: slack\n    slack_configs:\n"
                                     "      - api_url_file: /run/secrets/slack_webhook\n        channel: '#alerts'\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    // A developer's stack (linter/stack/purpose.h) leaves the URL for whoever runs it (rw42: a playground).
    if (!stack.purpose.deployed) return;
    for (const Service& s : stack.services) {
      if (s.enabled && s.alertmanager) one(stack, *s.alertmanager, out);
    }
    for (const auto& c : stack.standalone_alertmanager) {
      if (c) one(stack, *c, out);
    }
  }

 private:
  struct Pending {
    Severity severity;
    std::string message;
    Location location;
    std::vector<Related> related;
  };

  static void one(const Stack& stack, const AmConfig& c, Reporter& out) {
    std::vector<Location> seen;  // a global URL is shared by every integration that falls back to it
    // The same placeholder pasted into several receivers is one mistake (rw141 normaldance): one
    // finding at the first, the others its notes.
    std::vector<Pending> pending;
    std::map<std::string, size_t> by_value;
    // A receiver no route names sends nothing: alertmanager/receiver-unused says so, and its
    // placeholder fails no notification (an opt-in alternative such as a Slack receiver beside the
    // routed one). One cause, one finding.
    const std::set<std::string> routed =
        c.route && c.errors.empty() ? route_receivers(*c.route) : std::set<std::string>{};
    for (const AmReceiver& r : c.receivers) {
      if (c.route && c.errors.empty() && routed.count(r.name.value) == 0) continue;
      for (const AmIntegration& in : r.integrations) {
        for (const auto& [field, url] : in.urls) {
          const auto p = url_placeholder(url.value);
          if (!p || std::find(seen.begin(), seen.end(), url.location) != seen.end()) continue;
          // A placeholder Alertmanager refuses (`<slack_webhook_url>` is no http(s) URL) is
          // alertmanager/syntax's finding: one cause, one finding.
          const Location& at = url.location;
          const bool refused =
              std::any_of(c.errors.begin(), c.errors.end(), [&at](const ParseIssue& e) { return e.location == at; });
          if (refused) continue;
          seen.push_back(url.location);
          // A placeholder its comment tells the reader to replace (`# placeholder: replace with your
          // incident webhook`, rw92): the template's blank, filled in where it is deployed. A note.
          // So is a fill-in (`<GroupID>`) of a stack whose files hold others: a template (rw135).
          const bool blank = marked_for_replacement(stack, url.location) ||
                             (holds_fill_in(url.value) && stack_is_template(stack, url.location));
          // Where nothing states a deployment, the finding would repeat the authors' own instruction
          // (rw211 dockprom, rw218 Reusable-Monitoring-Stack: "Edit alertmanager.yml to add your Slack
          // webhook").
          if (blank && stack.purpose.stated.empty()) continue;
          const auto [it, added] = by_value.try_emplace(url.value, pending.size());
          if (!added) {
            pending[it->second].related.push_back(Related{
                .message = "the same placeholder in receiver \"" + r.name.value + "\"", .location = url.location});
            continue;
          }
          pending.push_back(Pending{.severity = blank ? Severity::note : Severity::error,
                                    .message = field + " of the " + in.type + " integration of receiver \"" +
                                               r.name.value + "\" is a placeholder (\"" + *p +
                                               "\"): Alertmanager accepts it and every notification fails",
                                    .location = url.location,
                                    .related = related(stack, r, url.location)});
        }
      }
    }
    for (Pending& f : pending) {
      out.report_demoted(f.severity, std::move(f.message), f.location, std::move(f.related));
    }
  }

  // The receiver, and the README line that tells the reader to edit the file when one does.
  static std::vector<Related> related(const Stack& stack, const AmReceiver& r, const Location& url) {
    std::vector<Related> out{Related{.message = "receiver \"" + r.name.value + "\"", .location = r.name.location}};
    if (const auto it = stack.purpose.readme_edits.find(url.file); it != stack.purpose.readme_edits.end()) {
      out.push_back(Related{.message = "the README tells the reader to edit this file", .location = it->second});
    }
    return out;
  }
};

}  // namespace

const Rule& alertmanager_placeholder_url() {
  static const AlertmanagerPlaceholderUrl r;
  return r;
}

}  // namespace stacklint::rules
