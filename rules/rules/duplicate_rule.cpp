// rules/duplicate-rule: promtool's lint for two rules with one name and the same labels.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "linter/analysis/alert_labels.h"
#include "linter/analysis/duplicate_rules.h"
#include "linter/engine/rule.h"
#include "linter/formats/promql/parser.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// An expression without its white space, so a re-indented copy is the same expression.
std::string squeezed(std::string_view expr) {
  std::string out;
  for (const char c : expr) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

// Two histogram_quantile() expressions, one over `_bucket` series and one without: a classic
// histogram's quantile and its native twin's.
bool native_twins(std::string_view a, std::string_view b) {
  const auto quantile = [](std::string_view e) { return e.find("histogram_quantile") != std::string_view::npos; };
  const auto buckets = [](std::string_view e) { return e.find("_bucket") != std::string_view::npos; };
  return quantile(a) && quantile(b) && buckets(a) != buckets(b);
}

// Two rules whose outputs cannot be the same series: a label the static labels leave
// alone has a known value in each output, and the values differ (`1440 - slo:events{window="1d"}`
// and `4320 - slo:events{window="3d"}` under the same `labels: {result: fail}`, rw70 slo-exporter):
// Prometheus writes two series, as the file means.
bool outputs_disjoint(const PromRule& a, const PromRule& b) {
  if (!a.parsed || !b.parsed || !a.parsed->ok() || !b.parsed->ok()) return false;
  const analysis::LabelSet la = analysis::expression_labels(*a.parsed->root);
  const analysis::LabelSet lb = analysis::expression_labels(*b.parsed->root);
  for (const auto& entry : la.labels) {
    const std::string& name = entry.first;
    const std::optional<std::string>& value = entry.second;
    if (!value || name == "__name__") continue;
    const bool fixed =
        std::any_of(b.labels.begin(), b.labels.end(), [&](const RuleLabel& l) { return l.name.value == name; });
    if (fixed) continue;
    const auto it = lb.labels.find(name);
    if (it != lb.labels.end() && it->second && *it->second != *value) return true;
  }
  return false;
}

class RulesDuplicateRule final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "rules/duplicate-rule",
        .severity = Severity::error,
        .summary = "Two rules in one file with the same name and the same labels (promtool's duplicate-rule lint).",
        .rationale =
            "`promtool check rules` reports a file where two rules have the same alert or record name and the same "
            "labels (group labels included) as a lint error (a failure with `--lint-fatal`). Two recording rules "
            "then write the same series and overwrite each other's samples; two identical alerts fire twice or mask "
            "each other's `for` state. Usually one is a stale copy: delete it, or tell them apart with a label.\n\n"
            "Two alerts of one name with different expressions (one name for several conditions) are a note: only "
            "where both fire for one series does Alertmanager see one alert. A quantile recorded over a classic "
            "histogram's `_bucket` series and again over its native form is not reported: only one of the two has "
            "input. Nor are two rules whose outputs differ in a label their expressions fix "
            "(`1440 - slo:events{window=\"1d\"}` and `4320 - slo:events{window=\"3d\"}`; `absent(up{name=\"db\"})` "
            "and `absent(up{name=\"cache\"})`): they write two series, or fire as two alerts.",
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

  // Reads the PromQL trees (outputs_disjoint): run while each file's trees are built.
  [[nodiscard]] bool per_rule_file() const override { return true; }

  void check(const Stack& stack, Reporter& out) const override {
    for (const auto& file : stack.rule_files) {
      if (!file || !file->in_view) continue;
      for (const DuplicateRule& d : duplicate_rules(*file)) {
        const PromRule& first = file->rules[d.first];
        const PromRule& second = file->rules[d.second];
        // One quantile recorded over a classic histogram's buckets and over its native form: only one
        // of them has input, whichever way the histogram is scraped (rw52 scylla-monitoring, 39 pairs).
        if (second.kind == RuleKind::record && native_twins(first.expr.value, second.expr.value)) continue;
        // Two rules whose outputs differ in a label their expressions fix write two series, and two
        // such alerts are two alerts (`absent(up{name="db"})` and `absent(up{name="cache"})`: absent()
        // copies its equality matchers, rw95 Honeycomb-Protocol).
        if (outputs_disjoint(first, second)) continue;
        std::string labels;
        for (const RuleLabel& l : second.labels) {
          labels += (labels.empty() ? "" : ", ") + l.name.value + "=\"" + l.value.value + "\"";
        }
        const std::string what = std::string(second.kind == RuleKind::alert ? "alert" : "record") + " \"" +
                                 second.name.value + "\"" + (labels.empty() ? "" : " {" + labels + "}");
        // One alert name for several conditions (`InstanceDown` for `up == 0` and for a node that left
        // the cluster): a choice, not a stale copy; only where both fire for one series does
        // Alertmanager see one alert.
        if (second.kind == RuleKind::alert && squeezed(first.expr.value) != squeezed(second.expr.value)) {
          out.report_demoted(Severity::note,
                             "alert name reused: " + what +
                                 " has the same labels as an earlier alert with another expression; where both fire "
                                 "for one series, Alertmanager receives them as one alert, with one of the two "
                                 "annotations",
                             second.name.location,
                             {Related{.message = "first defined here", .location = first.name.location}});
          continue;
        }
        out.report("duplicate rule: " + what + " has the same name and labels as an earlier rule", second.name.location,
                   {Related{.message = "first defined here", .location = first.name.location}});
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
