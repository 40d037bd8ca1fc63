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
#include "rules/setting_comments.h"
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
            "notes. A reference that a comment of the file names and says to replace or render (`# Replace "
            "${HOOK_ID} with your integration ID or use envsubst`) is a note: the author's own instruction.",
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
      // finding, which names the other references of the file as notes: one cause, one finding
      // (rw140 agentic-social).
      const bool refused = std::any_of(c.env_references.begin(), c.env_references.end(), [&](const AmSecret& r) {
        return std::any_of(c.errors.begin(), c.errors.end(),
                           [&](const ParseIssue& e) { return e.location.line == r.value.location.line; });
      });
      if (refused) continue;
      std::vector<AmSecret> refs = c.env_references;
      if (!refs.empty()) report(stack, c.path, refs, s, out);
    }
  }

 private:
  // The comment line of the file that names the reference (`# Replace ${HOOK_ID} with your integration
  // ID or use envsubst during deployment`, rw139 sre-copilot) and says to replace it or to render the
  // file: the author's own instruction. Invalid when none.
  static Location told_to_render(const Stack& stack, const AmSecret& ref) {
    const StackFile* f = stack.find_file(ref.value.location.file);
    if (f == nullptr || !f->source) return {};
    const SourceFile& src = *f->source;
    for (uint32_t l = 1; l <= src.line_count(); ++l) {
      const std::string_view line = src.line_text(l);
      const std::string_view comment = comment_of(line);
      if (comment.find(ref.value.value) == std::string_view::npos) continue;
      if (comment_asks_to_replace(comment) || comment.find("envsubst") != std::string_view::npos) {
        return Location{.file = ref.value.location.file,
                        .line = l,
                        .column = static_cast<uint32_t>(line.substr(0, comment.data() - line.data()).rfind('#') + 1)};
      }
    }
    return {};
  }

  static void report(const Stack& stack, const std::string& path, const std::vector<AmSecret>& refs, const Service& s,
                     Reporter& out) {
    const AmSecret& first = refs.front();
    std::vector<Related> related;
    const Location told = told_to_render(stack, first);
    if (told.valid()) related.push_back(Related{.message = "the file's comment says to replace it", .location = told});
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
    // Only a comment that names the reference: a README telling the reader to edit the file for their
    // SMTP credentials does not make `to: '${ALERT_EMAIL_TO}'` a blank (rw123 prometheus_stack, whose
    // author expected Alertmanager to expand it).
    out.report_demoted(
        told.valid() ? Severity::note : Severity::error,
        first.value.value + " in " + (first.field.empty() ? std::string("a value") : first.field) +
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
