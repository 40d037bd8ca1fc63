// alertmanager/syntax: what `amtool check-config` rejects.
#include "linter/engine/rule.h"
#include "linter/model/am_config.h"
#include "linter/model/stack.h"

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
            "not one per key.",
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
      for (const ParseIssue& e : s.alertmanager->errors) out.report(e.message, e.location, e.related);
    }
    for (const auto& c : stack.standalone_alertmanager) {
      if (!c) continue;
      for (const ParseIssue& e : c->errors) out.report(e.message, e.location, e.related);
    }
  }
};

}  // namespace

const Rule& alertmanager_syntax() {
  static const AlertmanagerSyntax r;
  return r;
}

}  // namespace stacklint::rules
