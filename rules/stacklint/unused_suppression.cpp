// stacklint/unused-suppression: an inline suppression that suppresses nothing, or names no rule.
// The findings are produced by the engine after suppression (linter/engine/suppress.cpp): check()
// does nothing because no rule can see which findings the others produced.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class StacklintUnusedSuppression final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "stacklint/unused-suppression",
        .severity = Severity::warning,
        .summary =
            "A `# stacklint disable-...` comment that suppresses no finding, or names a rule that does not "
            "exist.",
        .rationale =
            "A suppression is a promise that a finding is known and accepted. When the finding goes away (the "
            "configuration was fixed, the line moved) the comment stays behind and would silently hide the next, "
            "different problem on that line. A misspelled rule id suppresses nothing at all. The engine reports "
            "these after every other rule ran, so only suppressions of rules that actually ran are checked "
            "(`--rule` and `\"off\"` in `.stacklint.toml` leave the others alone). The directives are "
            "`disable-line=ID[,ID]`, `disable-next-line=ID[,ID]` and `disable-file=ID[,ID]`, in any `#` comment; "
            "`all` stands for every rule.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    # stacklint disable-next-line=yaml/duplicate-key -- fixed since
    image: nginx:1.27
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    # stacklint disable-next-line=yaml/duplicate-key -- kept for the demo
    image: nginx:1.25
)"}},
        .example_args = {"--rule", "yaml/duplicate-key"},
    };
    return i;
  }

  void check(const Stack& /*stack*/, Reporter& /*out*/) const override {}
};

}  // namespace

const Rule& stacklint_unused_suppression() {
  static const StacklintUnusedSuppression r;
  return r;
}

}  // namespace stacklint::rules
