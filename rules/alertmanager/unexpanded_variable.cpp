// alertmanager/unexpanded-variable: a `${NAME}` in the config an Alertmanager service reads, which
// Alertmanager sends as written.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "rules/notes.h"
#include "rules/startup.h"

namespace stacklint::rules {

namespace {

constexpr size_t kMaxNotes = 3;

class AlertmanagerUnexpandedVariable final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alertmanager/unexpanded-variable",
        .severity = Severity::error,
        .summary =
            "A `${NAME}` in the config an Alertmanager service reads: Alertmanager does not expand "
            "environment variables, so it sends the text as written.",
        .rationale =
            "Compose substitutes `${NAME}` in the compose file, not in the files it mounts, and Alertmanager "
            "reads its config as it is: `to: '${ADMIN_EMAIL}'` mails the address `${ADMIN_EMAIL}`, "
            "`smtp_auth_password: '${SMTP_PASSWORD}'` logs in with those fourteen characters, and a "
            "`routing_key` so written pages nobody. The config loads, so nothing says so until an alert "
            "fires. Write the value, give a secret through the field's `_file` form "
            "(`smtp_auth_password_file`, `api_url_file`, `routing_key_file`) from a mounted secret, or render the "
            "file before Alertmanager starts (an entrypoint that runs `envsubst`). A service whose entrypoint "
            "or shell command may render the file is not judged; one finding per file, the other references as "
            "notes.",
        .bad_example = {{.path = "compose.yaml",
                         .content = "services:\n  alertmanager:\n    image: prom/alertmanager:v0.28.1\n"
                                    "    volumes:\n      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro\n"},
                        {.path = "alertmanager.yml",
                         .content = "route:\n  receiver: ops\nreceivers:\n  - name: ops\n    email_configs:\n"
                                    "      - to: '${ADMIN_EMAIL}'\n        from: alerts@example.org\n"
                                    "        smarthost: smtp.example.org:587\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content =
                              "services:\n  alertmanager:\n    image: prom/alertmanager:v0.28.1\n"
                              "    volumes:\n      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro\n"},
                         {.path = "alertmanager.yml",
                          .content = "route:\n  receiver: ops\nreceivers:\n  - name: ops\n    email_configs:\n"
                                     "      - to: ops@example.org\n        from: alerts@example.org\n"
                                     "        smarthost: smtp.example.org:587\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    std::vector<std::string> seen;  // a file several services read
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.alertmanager || may_render_config(s)) continue;
      const AmConfig& c = *s.alertmanager;
      if (std::find(seen.begin(), seen.end(), c.path) != seen.end()) continue;
      seen.push_back(c.path);
      // A value Alertmanager refuses (`api_url: '${SLACK_WEBHOOK}'` is no URL) is alertmanager/syntax's
      // finding, which names the reference: not reported twice.
      std::vector<AmSecret> refs;
      for (const AmSecret& r : c.env_references) {
        if (std::none_of(c.errors.begin(), c.errors.end(), [&](const ParseIssue& e) {
              return e.location.line == r.value.location.line && e.location.column == r.value.location.column;
            })) {
          refs.push_back(r);
        }
      }
      if (!refs.empty()) report(c.path, refs, s, out);
    }
  }

 private:
  static void report(const std::string& path, const std::vector<AmSecret>& refs, const Service& s, Reporter& out) {
    const AmSecret& first = refs.front();
    std::vector<Related> related;
    for (size_t i = 1; i < refs.size() && i <= kMaxNotes; ++i) {
      const AmSecret& r = refs[i];
      related.push_back(Related{.message = "and " + r.value.value + " in " + r.field, .location = r.value.location});
    }
    if (refs.size() > kMaxNotes + 1) {
      const size_t rest = refs.size() - kMaxNotes - 1;
      related.push_back(
          Related{.message = "and " + more_of(rest, "reference"), .location = Location::whole_file(path)});
    }
    const std::string more =
        refs.size() > 1 ? " (" + std::to_string(refs.size()) + " values of this file have one)" : "";
    out.report(first.value.value + " in " + (first.field.empty() ? std::string("a value") : first.field) +
                   ": Alertmanager (service '" + s.name +
                   "') does not expand environment variables and uses the text as written" + more +
                   "; write the value, use the field's _file form with a mounted secret, or render the file before "
                   "Alertmanager reads it",
               first.value.location, std::move(related));
  }
};

}  // namespace

const Rule& alertmanager_unexpanded_variable() {
  static const AlertmanagerUnexpandedVariable r;
  return r;
}

}  // namespace stacklint::rules
