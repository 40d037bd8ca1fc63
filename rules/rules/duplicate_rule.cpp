// rules/duplicate-rule: promtool's lint for two rules with one name and the same labels.
#include "linter/analysis/duplicate_rules.h"
#include "linter/engine/rule.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class RulesDuplicateRule final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "rules/duplicate-rule",
        .severity = Severity::error,
        .summary = "Two rules in one file with the same name and the same labels (promtool's duplicate-rule lint).",
        .rationale =
            "`promtool check rules` fails a file where two rules have the same alert or record name and the same "
            "labels (group labels included). Two recording rules then write the same series and overwrite each "
            "other's samples; two identical alerts fire twice or mask each other's `for` state. Usually one is a "
            "stale copy: delete it, or tell them apart with a label.",
        .bad_example = {{.path = "rules.yml", .content = R"(groups:
  - name: node
    rules:
      - alert: NodeDown
        expr: up{job="node"} == 0
      - alert: NodeDown
        expr: up{job="node"} == 0
        for: 5m
)"}},
        .good_example = {{.path = "rules.yml", .content = R"(groups:
  - name: node
    rules:
      - alert: NodeDown
        expr: up{job="node"} == 0
        for: 5m
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const auto& file : stack.rule_files) {
      if (!file) continue;
      for (const DuplicateRule& d : duplicate_rules(*file)) {
        const PromRule& first = file->rules[d.first];
        const PromRule& second = file->rules[d.second];
        std::string labels;
        for (const RuleLabel& l : second.labels) {
          labels += (labels.empty() ? "" : ", ") + l.name.value + "=\"" + l.value.value + "\"";
        }
        out.report("duplicate rule: " + std::string(second.kind == RuleKind::alert ? "alert" : "record") + " \"" +
                       second.name.value + "\"" + (labels.empty() ? "" : " {" + labels + "}") +
                       " has the same name and labels as an earlier rule",
                   second.name.location, {Related{.message = "first defined here", .location = first.name.location}});
      }
    }
  }
};

}  // namespace

const Rule& rules_duplicate_rule() {
  static const RulesDuplicateRule r;
  return r;
}

}  // namespace stacklint::rules
