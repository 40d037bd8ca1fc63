// alerts/job-unknown: a `job` matcher that matches no scrape job of the Prometheus evaluating the rule.
#include <map>

#include "linter/engine/rule.h"
#include "linter/formats/rulefmt/span.h"
#include "linter/source/suggest.h"
#include "rules/alerts/walk.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

using promql::Node;

class AlertsJobUnknown final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alerts/job-unknown",
        .severity = Severity::error,
        .summary = "A `job` matcher that matches no scrape job of the Prometheus that evaluates the rule.",
        .rationale =
            "Every scraped series carries the `job` label of its scrape config (the job name, unless a target "
            "label or relabeling sets it). `up{job=\"api\"} == 0` where the scrape job is called `fastapi` selects "
            "nothing, and an alert over an empty vector never fires: the service can be down for days in silence. "
            "The same holds for a recording rule, which then records nothing. Inside `absent()` it is the "
            "other way round: absent() is 1 whenever its selector matches nothing, so `absent(up{job=\"api\"})` "
            "fires all the time.\n\n"
            "stacklint compares each `job=\"...\"` and `job=~\"...\"` matcher with the job labels of the "
            "Prometheus that really loads the rule file (through its rule_files patterns and mounts), and "
            "suggests the closest job name. Jobs whose `job` label relabeling or service discovery may set, and "
            "jobs with `honor_labels: true` (a Pushgateway's or a federated Prometheus's series keep the `job` "
            "they carry), are assumed to match anything.",
        .bad_example = {{.path = "prometheus.yml", .content = R"(rule_files: [alerts.yml]
scrape_configs:
  - job_name: fastapi
    static_configs:
      - targets: ["api:8000"]
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: up
    rules:
      - alert: ApiDown
        expr: up{job="api"} == 0
)"}},
        .good_example = {{.path = "prometheus.yml", .content = R"(rule_files: [alerts.yml]
scrape_configs:
  - job_name: fastapi
    static_configs:
      - targets: ["api:8000"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: up
    rules:
      - alert: ApiDown
        expr: up{job="fastapi"} == 0
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    std::vector<Finding> found;
    for_each_parsed_rule(
        stack, false,
        [&](const RuleFile& file, const PromRule& rule, const Node& root,
            const std::vector<analysis::Evaluator>& evals) {
          for_each_selector(root, [&](const Node& n, bool in_absent) {
            for (const promql::Matcher& m : n.matchers()) {
              if (m.name != "job" || (m.op != promql::MatchOp::equal && m.op != promql::MatchOp::regex)) continue;
              for (const analysis::Evaluator& e : evals) check_matcher(found, file, rule, m, *e.config, in_absent);
            }
          });
        });
    report_grouped(found, out);
  }

 private:
  struct Finding {
    std::string key;  // one cause: the same job matcher against the same config
    std::string message;
    std::string rule_title;
    Location location;
    std::vector<Related> related;
  };

  // The same missing job seen through many alerts is one finding, with notes for the others.
  static void report_grouped(std::vector<Finding>& found, Reporter& out) {
    std::map<std::string, std::vector<Finding*>> groups;
    std::vector<std::string> order;
    for (Finding& f : found) {
      auto& g = groups[f.key];
      if (g.empty()) order.push_back(f.key);
      g.push_back(&f);
    }
    for (const std::string& key : order) {
      std::vector<Finding*>& g = groups[key];
      Finding& first = *g.front();
      for (size_t i = 1; i < g.size() && i <= kMaxNotes; ++i) {
        first.related.push_back(
            Related{.message = "the same matcher in " + g[i]->rule_title, .location = g[i]->location});
      }
      if (g.size() > kMaxNotes + 1) {
        const size_t more = g.size() - kMaxNotes - 1;
        first.related.push_back(
            Related{.message = "and " + more_of(more, "use") + " of the same matcher", .location = first.location});
      }
      out.report(std::move(first.message), first.location, std::move(first.related));
    }
  }

  static constexpr size_t kMaxNotes = 3;

  static void check_matcher(std::vector<Finding>& out, const RuleFile& file, const PromRule& rule,
                            const promql::Matcher& m, const PromConfig& config, bool in_absent) {
    if (!analysis::all_jobs_known(config)) return;  // jobs in files stacklint does not read, or pushed
    std::vector<std::string> labels;
    for (const ScrapeJob& j : config.jobs) {
      const analysis::JobLabels l = analysis::job_labels(j);
      if (l.may_be_any) return;
      for (const std::string& v : l.values) {
        if (m.matches(v)) return;
        labels.push_back(v);
      }
    }
    std::string list;
    for (const std::string& l : labels) list += (list.empty() ? "" : ", ") + l;
    std::string message = std::string("job") + (m.op == promql::MatchOp::equal ? "=" : "=~") + "\"" +
                          std::string(m.value) + "\" matches no scrape job of " + config.path;
    message += labels.empty() ? " (it has none)" : " (jobs: " + list + ")";
    // absent() of a selector that matches nothing is 1 at every evaluation.
    if (in_absent) {
      message += ", so absent() is 1 at every evaluation and " + rule_title(rule) +
                 (rule.kind == RuleKind::alert ? " fires all the time" : " records 1 all the time");
    } else {
      message += ", so " + rule_title(rule) + (rule.kind == RuleKind::alert ? " never fires" : " records nothing");
    }
    if (m.op == promql::MatchOp::equal) {
      if (const auto s = did_you_mean(m.value, labels)) message += "; did you mean \"" + *s + "\"?";
    }
    std::vector<Related> related;
    if (!config.jobs.empty()) {
      related.push_back(Related{.message = "the scrape jobs of " + config.path + " begin here",
                                .location = config.jobs.front().job_name.location});
    }
    out.push_back(Finding{.key = config.path + (m.op == promql::MatchOp::equal ? "=" : "=~") + std::string(m.value),
                          .message = std::move(message),
                          .rule_title = rule_title(rule),
                          .location = rulefmt::expr_span_location(file, rule, m.begin, m.end),
                          .related = std::move(related)});
  }
};

}  // namespace

const Rule& alerts_job_unknown() {
  static const AlertsJobUnknown r;
  return r;
}

}  // namespace stacklint::rules
