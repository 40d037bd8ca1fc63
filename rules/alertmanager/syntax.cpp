// alertmanager/syntax: what `amtool check-config` rejects.
#include "linter/formats/compose/syntax.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/secrets.h"
#include "linter/model/stack.h"
#include "rules/setting_comments.h"
#include "rules/unknown_fields.h"

namespace stacklint::rules {

namespace {

class AlertmanagerSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alertmanager/syntax",
        .severity = Severity::error,
        .summary =
            "An alertmanager.yml that `amtool check-config` rejects: Alertmanager will not start (or "
            "keeps its old configuration on reload).",
        .rationale =
            "Alertmanager decodes its file strictly: an unknown or misspelled field (`field foo not found in type "
            "config.plain`), a duration with a bad unit, a URL without http(s) scheme, a matcher with an unescaped "
            "quote or a regex that does not compile, a route naming a receiver that does not exist, or a receiver "
            "missing what its type requires is fatal. stacklint reads the file as the Alertmanager release of the "
            "service's image tag (fields newer than it are unknown; a release before 0.25 is read as 0.25) and reports "
            "every error, where amtool shows "
            "only the first; a receiver whose own fields fail to decode is not also checked for what it lacks (its "
            "decoding stops at the type error: `chat_id: {{ getenv \"CHAT_ID\" }}` is not also a missing chat_id). "
            "A file of another program (not one top-level key is Alertmanager's) is one error, "
            "not one per key. A value refused because it is a template's fill-in (`chat_id: < input chat_id >`, "
            "`url: '<your webhook url>'`) says so; where the stack is a template (fill-ins on two lines or more "
            "of its configuration files, or a README or comment asking for the reader's own values) it is a note: "
            "the committed file is not what runs. So is a value that says it is one to replace "
            "(`YOUR_TELEGRAM_CHAT_ID_HERE`). Values refused because they are `${...}` references are one cause, "
            "Alertmanager expanding no variables: one finding, the others and the references it accepts as written "
            "its notes (alertmanager/unexpanded-variable leaves such a file alone). Unknown fields side by side in one "
            "block are one finding, and so are values refused because they were left empty (`bot_token: ''`, "
            "credentials blanked before the file was committed). A `command:` that gives the project's image "
            "(`prom/alertmanager`, "
            "`quay.io/prometheus/alertmanager`) a long flag no release since 0.15 has (`--config.expand-env`, a "
            "flag of Loki and Promtail) is an error too: Alertmanager exits at start on the first one. So is a "
            "config file it is told to read (`--config.file`, or the image's own path) in a bind mount that holds "
            "none: a mounted folder the repository lacks or that has no such file, or a file mount whose source "
            "is missing (silent when a setup script writes it).",
        .bad_example = {{.path = "alertmanager.yml",
                         .content = "route:\n  receiver: team\n  group_wait: 30\nreceivers:\n  - name: tema\n"}},
        .good_example = {{.path = "alertmanager.yml",
                          .content = "route:\n  receiver: team\n  group_wait: 30s\nreceivers:\n  - name: team\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (s.enabled && s.alertmanager) config(stack, *s.alertmanager, out);
      if (s.enabled) command_line(stack, s, out);
    }
    for (const auto& c : stack.standalone_alertmanager) {
      if (c) config(stack, *c, out);
    }
  }

 private:
  // The long flags any Alertmanager release since 0.15 (kingpin's parser) knows, with those of the
  // libraries it links (the web toolkit's, the logger's, kingpin's own help and completion flags): a
  // flag outside them makes every release exit at start ("alertmanager: error: unknown long flag").
  static bool known_flag(std::string_view name) {
    static constexpr std::array<std::string_view, 52> kFlags = {
        "alerts.gc-interval",
        "alerts.per-alertname-limit",
        "auto-gomemlimit",
        "auto-gomemlimit.ratio",
        "cluster.advertise-address",
        "cluster.allow-insecure-public-advertise-address-discovery",
        "cluster.gossip-interval",
        "cluster.label",
        "cluster.listen-address",
        "cluster.peer",
        "cluster.peer-name",
        "cluster.peer-timeout",
        "cluster.peers-resolve-timeout",
        "cluster.probe-interval",
        "cluster.probe-timeout",
        "cluster.pushpull-interval",
        "cluster.reconnect-interval",
        "cluster.reconnect-timeout",
        "cluster.settle-timeout",
        "cluster.tcp-timeout",
        "cluster.tls-config",
        "completion-script-bash",
        "completion-script-zsh",
        "config.file",
        "data.maintenance-interval",
        "data.retention",
        "dispatch.maintenance-interval",
        "dispatch.start-delay",
        "enable-feature",
        "help",
        "help-long",
        "help-man",
        "log.format",
        "log.level",
        "log.silences",
        "silences.max-silence-size-bytes",
        "silences.max-silences",
        "storage.path",
        "version",
        "web.config.file",
        "web.external-url",
        "web.get-concurrency",
        "web.listen-address",
        "web.route-prefix",
        "web.systemd-socket",
        "web.timeout",
        "web.ui-path",
        "mesh.listen-address",
        "mesh.peer",
        "mesh.peer-id",
        "mesh.nickname",
        "mesh.password",
    };
    if (name.starts_with("no-")) name.remove_prefix(3);  // kingpin's negation of a boolean flag
    return std::find(kFlags.begin(), kFlags.end(), name) != kFlags.end();
  }

  // Where `arg` is written in the command that starts at `command` (its first occurrence in the 8 KiB
  // that follow), else the command's location.
  static Location argument_location(const Stack& stack, const Location& command, const std::string& arg) {
    const StackFile* f = stack.find_file(command.file);
    if (f == nullptr || !f->source) return command;
    const std::string_view text = f->source->text();
    if (command.offset >= text.size()) return command;
    const std::string_view after = text.substr(command.offset, 8192);
    const size_t at = after.find(arg);
    if (at == std::string_view::npos) return command;
    const auto begin = static_cast<uint32_t>(command.offset + at);
    return f->source->span(begin, begin + static_cast<uint32_t>(arg.size()));
  }

  // A `command:` that gives Alertmanager's own image a long flag no release has (`--config.expand-env`,
  // which Loki and Promtail have: rw152 SilentOakRanch, rw154 fizz-oodle, rw128 EventGuard): it exits at
  // start, and the stack runs without its Alertmanager. Only the project's images, whose entrypoint is
  // the alertmanager binary (an entrypoint of the compose file's own runs something else first).
  static void command_line(const Stack& stack, const Service& s, Reporter& out) {
    if (!s.image || !s.command || s.entrypoint()) return;
    const compose::ImageInfo info = compose::analyze_image(s.image->value);
    if (info.repository != "prom/alertmanager" && info.repository != "quay.io/prometheus/alertmanager") return;
    for (const std::string& arg : s.command->value) {
      if (!arg.starts_with("--") || arg.size() == 2) continue;
      const std::string name =
          arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
      if (name.empty() || name.find('$') != std::string::npos || known_flag(name)) continue;
      std::string message = "Alertmanager has no flag --" + name + ": it exits at start (\"unknown long flag '--" +
                            name + "'\") and the stack runs without it";
      if (name == "config.expand-env") {
        message +=
            "; Alertmanager never expands ${...} in its configuration (Loki and Promtail have this flag): "
            "write the values, or render the file before it starts";
      }
      out.report(std::move(message), argument_location(stack, s.command->location, arg));
      return;  // it stops at the first
    }
  }

  // The values refused because they are `${...}` references (rw140 agentic-social: a smarthost and
  // a chat_id) are one cause, Alertmanager expanding no variables: one finding at the first, the
  // others its notes. alertmanager/unexpanded-variable leaves such a file to this finding.
  static void config(const Stack& stack, const AmConfig& c, Reporter& out) {
    const std::vector<ParseIssue> errors = fold_unknown_fields(c.errors);
    std::vector<const ParseIssue*> references;
    std::vector<ParseIssue> plain;
    for (const ParseIssue& e : errors) {
      if (written_value(stack, e.location).find("${") != std::string_view::npos) {
        references.push_back(&e);
      } else {
        plain.push_back(e);
      }
    }
    // The values refused because they were left empty (`bot_token: ''`, `to: ''`, `chat_id: ""`) are
    // one cause, a file whose credentials were blanked before it was committed (rw190 crypto-signals:
    // three errors): one finding at the first, the others its notes.
    ParseIssue* blank_first = nullptr;
    size_t blanks = 0;
    for (ParseIssue& e : plain) {
      if (!left_empty(stack, e.location)) continue;
      ++blanks;
      if (blank_first == nullptr) {
        blank_first = &e;
        continue;
      }
      blank_first->related.push_back(Related{.message = "left empty too: " + e.message, .location = e.location});
      blank_first->related.insert(blank_first->related.end(), e.related.begin(), e.related.end());
      e.message.clear();
    }
    for (ParseIssue& e : plain) {
      if (e.message.empty()) continue;
      if (&e == blank_first && blanks > 1) {
        e.message += "; " + std::to_string(blanks) + " values of this file are left empty";
      }
      one(stack, e, out);
    }
    if (references.empty()) return;
    const ParseIssue& first = *references.front();
    std::vector<Related> related = first.related;
    for (size_t i = 1; i < references.size(); ++i) {
      related.push_back(
          Related{.message = "refused too: " + references[i]->message, .location = references[i]->location});
    }
    std::string message = first.message;
    if (message.find("does not expand") == std::string::npos) {
      message += " (a ${...} reference: Alertmanager does not expand environment variables)";
    }
    if (references.size() > 1) {
      message += "; " + std::to_string(references.size()) + " values of this file are refused for it";
    }
    // The references Alertmanager accepts and uses as written: the same fix renders them.
    std::vector<const AmSecret*> accepted;
    for (const AmSecret& r : c.env_references) {
      if (std::none_of(references.begin(), references.end(),
                       [&](const ParseIssue* e) { return e->location.line == r.value.location.line; })) {
        accepted.push_back(&r);
      }
    }
    if (!accepted.empty()) {
      related.push_back(Related{.message = std::to_string(accepted.size()) +
                                           (accepted.size() == 1 ? " other value holds" : " other values hold") +
                                           " a ${...} reference Alertmanager uses as written, " +
                                           accepted.front()->value.value + " first",
                                .location = accepted.front()->value.location});
    }
    out.report(std::move(message), first.location, std::move(related));
  }

  // A value refused because it is a template's fill-in (`chat_id: < input chat_id >`, rw135; `url:
  // '<your webhook url>'`, rw133) says so: the parse error alone reads as a typo. Where the stack is a
  // template (fill-ins on other lines, a README or comment asking for the reader's own values) the
  // committed file is not what runs: a note.
  // A value that says it is one to replace (`YOUR_TELEGRAM_CHAT_ID_HERE`, rw140) is a note by its own
  // words.
  static void one(const Stack& stack, const ParseIssue& e, Reporter& out) {
    const std::string_view value = written_value(stack, e.location);
    const bool says_so = !value.empty() && is_placeholder_value(value);
    if (!says_so && !holds_fill_in(value)) {
      out.report(e.message, e.location, e.related);
      return;
    }
    const bool blank = says_so || stack_is_template(stack, e.location) || marked_for_replacement(stack, e.location);
    out.report_demoted(blank ? Severity::note : Severity::error,
                       "\"" + std::string(value) + "\" is a fill-in left to replace: Alertmanager refuses the file (" +
                           e.message + ")",
                       e.location, e.related);
  }

  // Whether the line at `loc` sets a key to an empty quoted string (`bot_token: ''`).
  static bool left_empty(const Stack& stack, const Location& loc) {
    const StackFile* f = loc.valid() ? stack.find_file(loc.file) : nullptr;
    if (f == nullptr || !f->source) return false;
    std::string_view line = f->source->line_text(loc.line);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    return line.ends_with(": ''") || line.ends_with(": \"\"");
  }

  // The scalar written at `loc` on one line, without its quotes ("" when the text is not at hand).
  static std::string_view written_value(const Stack& stack, const Location& loc) {
    const StackFile* f = loc.valid() ? stack.find_file(loc.file) : nullptr;
    if (f == nullptr || !f->source || loc.end_line != loc.line || loc.end_offset <= loc.offset) return {};
    std::string_view v = std::string_view(f->source->text()).substr(loc.offset, loc.end_offset - loc.offset);
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    return v;
  }
};

}  // namespace

const Rule& alertmanager_syntax() {
  static const AlertmanagerSyntax r;
  return r;
}

}  // namespace stacklint::rules
