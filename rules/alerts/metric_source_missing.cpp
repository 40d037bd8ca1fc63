// alerts/metric-source-missing: an exporter's metric that no scrape job of the Prometheus collects.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/formats/compose/syntax.h"
#include "linter/formats/rulefmt/span.h"
#include "linter/source/text.h"
#include "rules/alerts/walk.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

using promql::Node;

std::string exporter_name(Role role) {
  for (const knowledge::PortFact* p : knowledge::ports_of(role)) {
    if (p->metrics) return p->what;
  }
  return std::string(to_string(role));
}

class AlertsMetricSourceMissing final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alerts/metric-source-missing",
        .severity = Severity::warning,
        .summary = "A rule uses an exporter's metric, but no scrape job collects that exporter.",
        .rationale =
            "`container_*` series come from cAdvisor, `node_*` from node_exporter, `redis_*` from "
            "redis_exporter, `pg_*` from postgres_exporter (data/metrics.tsv). When the Prometheus that "
            "evaluates a rule scrapes no such exporter, the rule's selector is always empty: an alert on it "
            "never fires, and nobody notices because a silent alert looks like a healthy system.\n\n"
            "stacklint looks for a scrape job with a target that is a service of the exporter's role, or that "
            "points at the exporter's default port, or a job named for the exporter (`cadvisor`, `node`) "
            "whose targets are hosts outside the stack (a target that does not resolve is reported by "
            "`prometheus/target-unresolved` instead, and one at that port on the Prometheus container itself, "
            "`localhost:9100`, by `prometheus/target-is-self`). Selectors with a `job` matcher are checked by "
            "`alerts/job-unknown`; selectors inside `absent()` are meant to be empty and are skipped.\n\n"
            "One exporter missing from one Prometheus is one finding per rule file, at the first rule that uses "
            "its metrics; the other rules of the file are notes (the first three, then a count).\n\n"
            "A name with a colon (`instance:memory_available:ratio`) is a recording rule's output: exporters "
            "do not expose such names. A rule that selects one that no rule of the files its Prometheus loads "
            "records is reported, with the recorded name that shares the longest end with it as a suggestion "
            "(`instance:memory_available:ratio` for `node:memory_available:ratio`), unless the series may "
            "come from elsewhere: a `/federate` job, a push receiver, `scrape_config_files`, a rule_files "
            "entry that matched no file, or a rule file with syntax errors (refused whole: rules/syntax). An exporter's metric is not reported where a job scrapes a Pushgateway (a "
            "target named for it or on port 9091) or keeps the labels its targets send (`honor_labels: true`, a "
            "federated Prometheus): those relay any series. Nor is a PostgreSQL or Redis exporter's metric where a "
            "job scrapes the server's own port (`postgres:5432`): prometheus/target-not-metrics-endpoint reports "
            "that target, whose fix is the exporter.\n\n"
            "A name the exporter's release no longer exposes is as empty: node_exporter 0.16 renamed its metrics "
            "(`node_cpu` to `node_cpu_seconds_total`, `node_memory_MemTotal` to `node_memory_MemTotal_bytes`; "
            "data/renamed_metrics.tsv). Where the Prometheus scrapes the stack's node_exporter and every such "
            "service runs 0.16 or later (or `latest`), a rule that selects an old name is reported, once per rule "
            "file, unless a rule of the files the Prometheus loads records the old name (node_exporter's "
            "compatibility rules).",
        .bad_example = {{.path = "prometheus.yml", .content = R"(rule_files: [alerts.yml]
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ["app:8000"]
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: host
    rules:
      - alert: LowMemory
        expr: node_memory_MemAvailable_bytes < 100e6
)"}},
        .good_example = {{.path = "prometheus.yml", .content = R"(rule_files: [alerts.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
)"},
                         {.path = "alerts.yml", .content = R"(groups:
  - name: host
    rules:
      - alert: LowMemory
        expr: node_memory_MemAvailable_bytes < 100e6
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  [[nodiscard]] bool per_rule_file() const override { return true; }
  void check(const Stack& stack, Reporter& out) const override {
    // One cause, one finding: the exporter a Prometheus does not scrape, seen through every rule of a
    // rule file that uses its metrics (issue 11 item 10; rw7 near-monitoring: 15 findings for one
    // missing job). Per rule file, as per_rule_file() promises: the runner may show one file at a time.
    std::vector<Use> uses;
    std::vector<Unrecorded> unrecorded;
    std::vector<Renamed> renamed;
    for_each_parsed_rule(
        stack, false,
        [&](const RuleFile& file, const PromRule& rule, const Node& root,
            const std::vector<analysis::Evaluator>& evals) {
          std::set<std::string> metrics;                      // each metric once per rule
          std::set<std::pair<const PromConfig*, Role>> seen;  // one use per rule and cause
          for_each_selector(root, [&](const Node& sel, bool in_absent) {
            if (in_absent) return;  // meant to be empty
            const std::string metric(sel.metric_name());
            if (metric.empty() || !metrics.insert(metric).second) return;
            if (metric.find(':') != std::string::npos) {
              for (const analysis::Evaluator& e : evals) {
                if (records_nothing(stack, *e.config, metric)) {
                  unrecorded.push_back(Unrecorded{.file = &file, .rule = &rule, .sel = &sel, .config = e.config});
                }
              }
              return;
            }
            if (const knowledge::RenamedMetric* old = knowledge::find_renamed(metric)) {
              // One use per rule: its other old names are the same mistake.
              const bool noted = !renamed.empty() && renamed.back().use.rule == &rule;
              if (const Service* svc = noted ? nullptr : current_exporter(stack, *old)) {
                for (const analysis::Evaluator& e : evals) {
                  if (!scrapes(stack, *e.config, old->exporter) || !records_nothing(stack, *e.config, metric)) continue;
                  renamed.push_back(Renamed{
                      .use = {.file = &file, .rule = &rule, .sel = &sel, .exporter = old->exporter, .config = e.config},
                      .fact = old,
                      .service = svc});
                  return;
                }
              }
            }
            if (analysis::find_matcher(sel, "job") != nullptr) return;
            const knowledge::MetricFact* fact = knowledge::find_metric(metric);
            if (fact == nullptr || !fact->exporter) return;  // unknown, every target has it, or no role has it
            for (const analysis::Evaluator& e : evals) {
              if (seen.contains({e.config, *fact->exporter})) continue;
              const analysis::JobSelection jobs = analysis::select_jobs(stack, *e.config, sel);
              if (!jobs.decided || !jobs.jobs.empty() || relays_series(*e.config)) continue;
              if (scrapes_server_instead(stack, *e.config, *fact->exporter)) continue;
              seen.insert({e.config, *fact->exporter});
              uses.push_back(
                  Use{.file = &file, .rule = &rule, .sel = &sel, .exporter = *fact->exporter, .config = e.config});
            }
          });
        });
    std::vector<std::vector<const Use*>> groups;  // in the order of their first use
    std::map<std::tuple<const RuleFile*, const PromConfig*, Role>, size_t> index;
    for (const Use& u : uses) {
      const auto [it, added] = index.try_emplace({u.file, u.config, u.exporter}, groups.size());
      if (added) groups.emplace_back();
      groups[it->second].push_back(&u);
    }
    for (const std::vector<const Use*>& g : groups) report(out, stack, g);
    for (const Unrecorded& u : unrecorded) report_unrecorded(out, u);
    report_renamed(out, renamed);
  }

 private:
  // A selector of a name in the recording-rule form (`level:metric:operations`) that no rule the
  // Prometheus loads records.
  struct Unrecorded {
    const RuleFile* file;
    const PromRule* rule;
    const Node* sel;
    const PromConfig* config;
  };

  // Whether a job of `config` scrapes a relay of other programs' series: a Pushgateway (a target
  // named for it, or on its port 9091) or a target whose labels the job keeps (`honor_labels: true`,
  // a federated Prometheus). Any exporter's metric may arrive through it (rw123 prom-stack: node_*
  // pushed to the Pushgateway).
  static bool relays_series(const PromConfig& config) {
    return std::any_of(config.jobs.begin(), config.jobs.end(), [](const ScrapeJob& j) {
      return j.honor_labels || std::any_of(j.targets.begin(), j.targets.end(), [](const ScrapeTarget& t) {
               const std::string a = ascii_lower(t.address.value);
               return a.find("pushgateway") != std::string::npos || a.ends_with(":9091");
             });
    });
  }

  // Whether `config` loads every file its rule_files name, takes no series from elsewhere (a push
  // receiver, scrape_config_files, a /federate job), and none of its rules records `metric`.
  // Exporters do not expose names with a colon: Prometheus reserves them for recording rules.
  // A rule file with syntax errors is refused whole, and what it meant to record is not known
  // (rw149 GesahniV2: recording rules not indented under `rules:`): rules/syntax's finding.
  static bool records_nothing(const Stack& stack, const PromConfig& config, const std::string& metric) {
    if (!analysis::all_jobs_known(config) || config.rule_files.empty()) return false;
    for (const ScrapeJob& j : config.jobs) {
      if (j.metrics_path.find("federate") != std::string::npos) return false;
    }
    for (size_t i = 0; i < config.rule_files.size(); ++i) {
      const bool loaded = std::any_of(config.resolved_rule_files.begin(), config.resolved_rule_files.end(),
                                      [i](const ResolvedRuleFile& r) { return r.pattern_index == i && r.rules; });
      if (!loaded) return false;
    }
    for (const ResolvedRuleFile& r : config.resolved_rule_files) {
      if (!r.rules) return false;
      if (const StackFile* f = stack.find_file(r.stack_path); f != nullptr && !f->errors.empty()) return false;
      for (const PromRule& rule : r.rules->rules) {
        if (rule.kind == RuleKind::record && rule.name.value == metric) return false;
      }
    }
    return true;
  }

  // The recorded name closest to `metric` among the rules `config` loads: the one that shares the
  // longest end with it, at least its last part and the colon before it (`memory_usage:
  // available_remaining` for `memory:available_remaining`); null when none does.
  static const PromRule* closest_recorded(const PromConfig& config, std::string_view metric) {
    const size_t tail = metric.size() - metric.rfind(':');  // the last part and its colon
    const PromRule* best = nullptr;
    size_t best_shared = 0;
    for (const ResolvedRuleFile& r : config.resolved_rule_files) {
      if (!r.rules) continue;
      for (const PromRule& rule : r.rules->rules) {
        if (rule.kind != RuleKind::record) continue;
        const std::string& name = rule.name.value;
        size_t shared = 0;
        while (shared < name.size() && shared < metric.size() &&
               name[name.size() - 1 - shared] == metric[metric.size() - 1 - shared]) {
          ++shared;
        }
        if (shared >= tail && shared > best_shared) {
          best = &rule;
          best_shared = shared;
        }
      }
    }
    return best;
  }

  static void report_unrecorded(Reporter& out, const Unrecorded& u) {
    const std::string metric(u.sel->metric_name());
    std::string message = metric + " is named as a recording rule's output, but no rule that " + u.config->path +
                          " loads records it, so " + rule_title(*u.rule) +
                          (u.rule->kind == RuleKind::alert ? " never fires" : " records nothing");
    std::vector<Related> related;
    if (const PromRule* near = closest_recorded(*u.config, metric)) {
      message += " (did you mean \"" + near->name.value + "\"?)";
      related.push_back(
          Related{.message = "\"" + near->name.value + "\" is recorded here", .location = near->name.location});
    }
    out.report(std::move(message), rulefmt::expr_span_location(*u.file, *u.rule, u.sel->begin, u.sel->end),
               std::move(related));
  }

  // A rule that uses a metric of `exporter`, which `config` does not scrape.
  struct Use {
    const RuleFile* file;
    const PromRule* rule;
    const Node* sel;
    Role exporter;
    const PromConfig* config;
  };

  // A rule that uses a name the exporter's release no longer exposes (`node_cpu` on node_exporter
  // 1.8, rw138 Monitoring_stack, rw135 prometheus-grafana): the series never exists.
  struct Renamed {
    Use use;
    const knowledge::RenamedMetric* fact;
    const Service* service;  // the stack's exporter, of that release or later
  };

  // Whether a release (`1.8.1`, `v0.15.2`) comes before `since` (`0.16.0`), part by part.
  static bool release_before(std::string_view release, std::string_view since) {
    const auto parts = [](std::string_view v) {
      std::vector<int> out;
      int n = 0;
      bool digits = false;
      for (const char c : v) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
          n = n * 10 + (c - '0');
          digits = true;
        } else if (c == '.' && digits) {
          out.push_back(n);
          n = 0;
          digits = false;
        } else if (digits) {
          break;  // `1.8.1-alpine`: the release ends at the first other character
        }
      }
      if (digits) out.push_back(n);
      return out;
    };
    return parts(release) < parts(since);
  }

  // The stack's exporter of the old name's role when every such service runs a release without it
  // (a tag at or after `since`, or `latest` / no tag, the newest); null when none runs, or one is
  // older or of a release not known (`${TAG}`).
  static const Service* current_exporter(const Stack& stack, const knowledge::RenamedMetric& old) {
    const Service* found = nullptr;
    for (const Service& s : stack.services) {
      if (!s.enabled || s.role != old.exporter || !s.image) continue;
      const compose::ImageInfo image = compose::analyze_image(s.image->value);
      const bool newest = image.tag.empty() || image.tag == "latest";
      if (image.empty_tag || s.image->value.find('$') != std::string::npos) return nullptr;
      if (!newest && (image.version.empty() || release_before(image.version, old.since))) return nullptr;
      if (found == nullptr) found = &s;
    }
    return found;
  }

  // Whether a job scrapes the server the exporter would observe (`postgres:5432`, rw141 EnodAI):
  // prometheus/target-not-metrics-endpoint reports that target, whose fix is this exporter. One
  // cause, one finding.
  static bool scrapes_server_instead(const Stack& stack, const PromConfig& config, Role exporter) {
    const std::optional<Role> server = exporter == Role::postgres_exporter ? std::optional<Role>(Role::postgres)
                                       : exporter == Role::redis_exporter  ? std::optional<Role>(Role::redis)
                                                                           : std::nullopt;
    return server && scrapes(stack, config, *server);
  }

  static bool scrapes(const Stack& stack, const PromConfig& config, Role role) {
    return std::ranges::any_of(config.jobs,
                               [&](const ScrapeJob& j) { return analysis::job_scrapes_role(stack, j, role); });
  }

  // One finding per rule file and exporter, at the first use; the other uses as notes.
  static void report_renamed(Reporter& out, const std::vector<Renamed>& renamed) {
    std::vector<std::vector<const Renamed*>> groups;
    std::map<std::pair<const RuleFile*, Role>, size_t> index;
    for (const Renamed& r : renamed) {
      const auto [it, added] = index.try_emplace({r.use.file, r.use.exporter}, groups.size());
      if (added) groups.emplace_back();
      groups[it->second].push_back(&r);
    }
    for (const std::vector<const Renamed*>& g : groups) {
      const Renamed& first = *g.front();
      const std::string name = exporter_name(first.use.exporter);
      std::string message = first.fact->metric + " is no metric of " + name + " since " + first.fact->since +
                            ", which renamed it " + first.fact->new_name + ", so " + rule_title(*first.use.rule) +
                            (first.use.rule->kind == RuleKind::alert ? " never fires" : " records nothing");
      if (g.size() == 2) message += ", nor does another rule that uses its old names";
      if (g.size() > 2) message += ", nor do " + std::to_string(g.size() - 1) + " other rules that use its old names";
      std::vector<Related> related{
          Related{.message = "service " + first.service->name + " runs " + first.service->image->value,
                  .location = first.service->image->location}};
      for (size_t i = 1; i < g.size() && i <= kMaxNotes; ++i) {
        related.push_back(Related{
            .message = g[i]->fact->metric + " in " + rule_title(*g[i]->use.rule) + ", renamed " + g[i]->fact->new_name,
            .location = location_of(g[i]->use)});
      }
      if (g.size() > kMaxNotes + 1) {
        related.push_back(Related{.message = "and " + more_of(g.size() - kMaxNotes - 1, "rule") + " that use old names",
                                  .location = location_of(g[kMaxNotes + 1]->use)});
      }
      out.report(std::move(message), location_of(first.use), std::move(related));
    }
  }

  static constexpr size_t kMaxNotes = 3;

  static Location location_of(const Use& u) {
    return rulefmt::expr_span_location(*u.file, *u.rule, u.sel->begin, u.sel->end);
  }

  // One finding at the first use; the other rules with the same cause are notes (kMaxNotes, then a count).
  static void report(Reporter& out, const Stack& stack, const std::vector<const Use*>& group) {
    const Use& first = *group.front();
    const PromConfig& config = *first.config;
    const PromRule& rule = *first.rule;
    const std::string name = exporter_name(first.exporter);
    std::string message = std::string(first.sel->metric_name()) + " comes from " + name + ", but no scrape job of " +
                          config.path + " scrapes " + name + ", so " + rule_title(rule) +
                          (rule.kind == RuleKind::alert ? " never fires" : " records nothing");
    if (group.size() > 1) {
      const size_t others = group.size() - 1;
      message += ", nor do " + more_of(others, "rule") + " that use " + name + " metrics";
    }
    std::vector<Related> related;
    for (const Service& s : stack.services) {
      if (s.enabled && s.role == first.exporter) {
        const int port = knowledge::metrics_port(first.exporter);
        related.push_back(Related{
            .message = "service " + s.name + " runs " + name + "; scrape it at " + s.name + ":" + std::to_string(port),
            .location = s.location});
      }
    }
    if (related.empty()) message += " (the stack runs no " + std::string(to_string(first.exporter)) + ")";
    if (!config.jobs.empty()) {
      related.push_back(Related{.message = "the scrape jobs of " + config.path + " begin here",
                                .location = config.jobs.front().job_name.location});
    }
    for (size_t i = 1; i < group.size() && i <= kMaxNotes; ++i) {
      related.push_back(Related{.message = std::string(group[i]->sel->metric_name()) + " in " +
                                           rule_title(*group[i]->rule) + ", the same missing source",
                                .location = location_of(*group[i])});
    }
    if (group.size() > kMaxNotes + 1) {
      const size_t more = group.size() - kMaxNotes - 1;
      related.push_back(Related{.message = "and " + more_of(more, "rule") + " that use " + name + " metrics",
                                .location = location_of(*group[kMaxNotes + 1])});
    }
    out.report(std::move(message), location_of(first), std::move(related));
  }
};

}  // namespace

const Rule& alerts_metric_source_missing() {
  static const AlertsMetricSourceMissing r;
  return r;
}

}  // namespace stacklint::rules
