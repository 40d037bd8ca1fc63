// compose/unset-variable: `${VAR}` with no value and no default becomes an empty string.
#include <map>

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
    // One finding per variable, at its first use; the other uses are notes.
    std::map<std::string, std::vector<const UnsetVariable*>> uses;
    std::vector<std::string> order;
    for (const UnsetVariable& v : stack.compose->unset_variables) {
      auto& list = uses[v.name + (v.required ? "?" : "")];
      if (list.empty()) order.push_back(v.name + (v.required ? "?" : ""));
      list.push_back(&v);
    }
    for (const std::string& key : order) {
      const std::vector<const UnsetVariable*>& list = uses[key];
      const UnsetVariable& v = *list.front();
      std::vector<Related> related;
      for (size_t i = 1; i < list.size() && i <= kMaxNotes; ++i) {
        related.push_back(Related{.message = "'" + v.name + "' is used here too", .location = list[i]->location});
      }
      if (list.size() > kMaxNotes + 1) {
        const size_t more = list.size() - kMaxNotes - 1;
        related.push_back(Related{.message = "and in " + std::to_string(more) + " more place" + (more == 1 ? "" : "s"),
                                  .location = v.location});
      }
      if (v.required) {
        out.report("required variable '" + v.name + "' is not set in this environment" +
                       (v.message.empty() ? "" : " (\"" + v.message + "\")") +
                       "; compose refuses to start without it (stacklint went on with an empty value)",
                   v.location, std::move(related));
      } else {
        out.report("variable '" + v.name + "' is not set and has no default; compose substitutes an empty string",
                   v.location, std::move(related));
      }
    }
  }

 private:
  static constexpr size_t kMaxNotes = 3;
};

}  // namespace

const Rule& compose_unset_variable() {
  static const ComposeUnsetVariable r;
  return r;
}

}  // namespace stacklint::rules
