// compose/unset-variable: `${VAR}` with no value and no default becomes an empty string.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class ComposeUnsetVariable final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/unset-variable",
        .severity = Severity::warning,
        .summary = "A `${VAR}` in a compose file that is set nowhere and has no default.",
        .rationale =
            "Compose substitutes an unset variable with an empty string and only prints a warning that "
            "scrolls by. `image: postgres:${PG_VERSION}` becomes `postgres:` and `mem_limit: ${API_MEM}` "
            "disappears. stacklint looks the variable up where compose does: the process environment, then "
            "`--env-file` files, else the `.env` next to the first compose file. Give it a value there or a "
            "default: `${PG_VERSION:-16}` (unset or empty) or `${PG_VERSION-16}` (unset only); use "
            "`${VAR:?message}` to make compose refuse to start without it.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:${PG_VERSION}
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:${PG_VERSION:-16}
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.compose) return;
    for (const UnsetVariable& v : stack.compose->unset_variables) {
      if (v.required) {
        out.report("required variable '" + v.name + "' is not set in this environment" +
                       (v.message.empty() ? "" : " (\"" + v.message + "\")") +
                       "; compose refuses to start without it (stacklint went on with an empty value)",
                   v.location);
      } else {
        out.report("variable '" + v.name + "' is not set and has no default; compose substitutes an empty string",
                   v.location);
      }
    }
  }
};

}  // namespace

const Rule& compose_unset_variable() {
  static const ComposeUnsetVariable r;
  return r;
}

}  // namespace stacklint::rules
