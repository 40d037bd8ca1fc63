// alertmanager/syntax: what `amtool check-config` rejects.
#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/stack.h"
#include "rules/setting_comments.h"

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
            "only the first. A file of another program (not one top-level key is Alertmanager's) is one error, "
            "not one per key. A value refused because it is a template's fill-in (`chat_id: < input chat_id >`, "
            "`url: '<your webhook url>'`) says so; where the stack is a template (fill-ins on two lines or more "
            "of its configuration files, or a README or comment asking for the reader's own values) it is a note: "
            "the committed file is not what runs.",
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
      if (!s.enabled || !s.alertmanager) continue;
      for (const ParseIssue& e : s.alertmanager->errors) one(stack, e, out);
    }
    for (const auto& c : stack.standalone_alertmanager) {
      if (!c) continue;
      for (const ParseIssue& e : c->errors) one(stack, e, out);
    }
  }

 private:
  // A value refused because it is a template's fill-in (`chat_id: < input chat_id >`, rw135; `url:
  // '<your webhook url>'`, rw133) says so: the parse error alone reads as a typo. Where the stack is a
  // template (fill-ins on other lines, a README or comment asking for the reader's own values) the
  // committed file is not what runs: a note.
  static void one(const Stack& stack, const ParseIssue& e, Reporter& out) {
    const std::string_view value = written_value(stack, e.location);
    if (!holds_fill_in(value)) {
      out.report(e.message, e.location, e.related);
      return;
    }
    const bool blank = stack_is_template(stack) || marked_for_replacement(stack, e.location);
    out.report_demoted(blank ? Severity::note : Severity::error,
                       "\"" + std::string(value) + "\" is a fill-in left to replace: Alertmanager refuses the file (" +
                           e.message + ")",
                       e.location, e.related);
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
