// prometheus/no-alertmanager: alert rules are loaded but no Alertmanager is reachable, so alerts go nowhere.
#include <algorithm>

#include "linter/engine/rule.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"

namespace stacklint::rules {

namespace {

// The stack's Alertmanager service, when it runs exactly one.
const Service* alertmanager_service(const Stack& stack) {
  const Service* found = nullptr;
  for (const Service& s : stack.services) {
    if (!s.enabled || s.role != Role::alertmanager) continue;
    if (found != nullptr) return nullptr;
    found = &s;
  }
  return found;
}

bool any_alertmanager(const Stack& stack) {
  return std::any_of(stack.services.begin(), stack.services.end(),
                     [](const Service& s) { return s.role == Role::alertmanager; });
}

// The first line of the config that leaves the Alertmanager out in writing: an `alerting:` key (its
// targets are empty, or the linter would have them), or a comment naming an Alertmanager or an
// `alerting:` block. Invalid when none.
Location written_left_out(const Stack& stack, const std::string& config) {
  const StackFile* f = stack.find_file(config);
  if (f == nullptr || !f->source) return {};
  const SourceFile& src = *f->source;
  for (uint32_t l = 1; l <= src.line_count(); ++l) {
    const std::string_view line = trim_blanks(src.line_text(l));
    const bool comment = line.starts_with('#');
    const std::string lower = ascii_lower(comment ? line.substr(1) : line);
    const bool key = trim_blanks(lower).starts_with("alerting:");
    if ((!comment && key) || (comment && (key || lower.find("alertmanager") != std::string::npos))) {
      const auto begin = static_cast<uint32_t>(line.data() - src.text().data());
      return src.span(begin, begin + static_cast<uint32_t>(line.size()));
    }
  }
  return {};
}

class PrometheusNoAlertmanager final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/no-alertmanager",
        .severity = Severity::warning,
        .summary = "Alert rules are loaded but no Alertmanager is configured or reachable: alerts notify nobody.",
        .rationale =
            "Prometheus evaluates alerting rules and sends firing alerts to the Alertmanagers listed under "
            "`alerting.alertmanagers`; Alertmanager routes them to people. Without one, alerts only show up on "
            "the Prometheus /alerts page, which nobody watches at 3 a.m. The same holds when every static "
            "Alertmanager target is `localhost`: inside the Prometheus container that is the container itself, "
            "where no Alertmanager runs. A target naming a host that is no service of the stack is "
            "`prometheus/target-unresolved`'s finding (one missing service, one finding). Add an Alertmanager "
            "service and "
            "list it (`targets: ['alertmanager:9093']`), or drop the alert rules if this Prometheus is not meant "
            "to alert. Alertmanagers found through service discovery are trusted. A development, test or "
            "example stack (`stacklint model` shows the evidence as `purpose`) is not judged: there the /alerts "
            "page is where its authors look. Nor is a configuration with no scrape job (and no "
            "`scrape_config_files`, no remote-write or OTLP receiver): its rules see no data and never fire. Where "
            "the README says the alerts are read without one (\"Alertmanager is not included here\", a link to "
            "`:9090/alerts`, the page as a menu path: `Prometheus > Alerts`) the finding is a note, and so it is "
            "where the config leaves the Alertmanager out in "
            "writing "
            "and the stack runs none: an `alerting:` block with no target (`targets: []`), or a target or block "
            "commented out (`# - 'alertmanager:9093'`).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus:/etc/prometheus:ro
)"},
                        {.path = "prometheus/prometheus.yml", .content = R"(rule_files:
  - alerts.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']
)"},
                        {.path = "prometheus/alerts.yml", .content = R"(groups:
  - name: up
    rules:
      - alert: Down
        expr: up == 0
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus:/etc/prometheus:ro
  alertmanager:
    image: prom/alertmanager:v0.27.0
)"},
                         {.path = "prometheus/prometheus.yml", .content = R"(alerting:
  alertmanagers:
    - static_configs:
        - targets: ['alertmanager:9093']
rule_files:
  - alerts.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']
)"},
                         {.path = "prometheus/alerts.yml",
                          .content =
                              R"(groups:
  - name: up
    rules:
      - alert: Down
        expr: up == 0
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.purpose.deployed) return;
    for (const Service& s : stack.services) {
      if (s.enabled && s.prometheus && s.prometheus->loaded) one(stack, &s, *s.prometheus, out);
    }
    for (const auto& c : stack.standalone_prometheus) {
      if (c && c->loaded) one(stack, nullptr, *c, out);
    }
  }

 private:
  static void one(const Stack& stack, const Service* svc, const PromConfig& c, Reporter& out) {
    const ResolvedRuleFile* first_file = nullptr;
    const PromRule* first_rule = nullptr;
    size_t alerts = 0;
    size_t files = 0;
    for (const ResolvedRuleFile& f : c.resolved_rule_files) {
      if (!f.rules) continue;
      size_t here = 0;
      for (const PromRule& r : f.rules->rules) {
        if (r.kind != RuleKind::alert) continue;
        if (first_rule == nullptr) {
          first_rule = &r;
          first_file = &f;
        }
        ++here;
      }
      alerts += here;
      if (here > 0) ++files;
    }
    if (first_rule == nullptr || c.alertmanager_discovery) return;
    // No scrape job, no file of them, and no series pushed in: the rules see no data and fire never (rw89
    // ChatAppOrchestra: every scrape_config commented out), an unfinished config, not an unheard alert.
    if (c.jobs.empty() && !c.has_scrape_config_files && !c.flags.push_receiver) return;

    std::vector<Related> related;
    std::string why;
    if (c.alertmanager_targets.empty()) {
      why = "no Alertmanager is configured (alerting.alertmanagers)";
    } else {
      if (svc == nullptr) return;  // a standalone config: where its targets lead is unknown
      for (size_t k = 0; k < c.alertmanager_targets.size() && k < c.alertmanager_resolved.size(); ++k) {
        const Located<std::string>& t = c.alertmanager_targets[k];
        const AlertmanagerTarget& e = c.alertmanager_resolved[k];
        // `localhost:9093` inside the Prometheus container is that container, where no Alertmanager
        // runs. Any other target is reachable (one is enough) or prometheus/target-unresolved's
        // finding, with the cause (one missing service is one finding).
        const bool self = e.resolved_by == "localhost" && e.service == svc->name;
        if (!self) return;
        std::string why_not = "is the " + svc->name + " container itself (inside a container, " + e.host +
                              " is that container), where no Alertmanager listens";
        if (const Service* am = alertmanager_service(stack)) why_not += "; did you mean \"" + am->name + ":9093\"?";
        related.push_back(
            Related{.message = "Alertmanager target \"" + t.value + "\" " + why_not, .location = t.location});
      }
      why = c.alertmanager_targets.size() == 1 ? "its only Alertmanager target leads to no reachable service"
                                               : "none of its Alertmanager targets leads to a reachable service";
    }
    related.push_back(Related{.message = "first alert rule \"" + first_rule->name.value + "\"",
                              .location = first_rule->name.location});
    const std::string from =
        first_file->stack_path + (files > 1 ? " and " + std::to_string(files - 1) + " more file(s)" : "");
    const std::string who = svc != nullptr ? svc->name : c.path;
    const Location at = first_file->pattern_index < c.rule_files.size()
                            ? c.rule_files[first_file->pattern_index].pattern.location
                            : Location::whole_file(c.path);
    std::string message = std::to_string(alerts) + " alert rule" + (alerts == 1 ? "" : "s") + " loaded from " + from +
                          " by " + who + ", but " + why + ": firing alerts show on the /alerts page and notify nobody";
    // The README says so itself (`Alerts: http://localhost:9090/alerts`, "Alertmanager is not
    // included here", rw144): the authors read the /alerts page on purpose. A note.
    if (stack.purpose.alerts_in_prometheus.valid()) {
      related.push_back(Related{.message = "the README says the alerts are read without an Alertmanager",
                                .location = stack.purpose.alerts_in_prometheus});
      out.report_demoted(Severity::note, std::move(message), at, std::move(related));
      return;
    }
    // The config leaves it out in writing, and the stack runs none: an `alerting:` block with no
    // target (`targets: []`), or a target or block commented out (`# - 'alertmanager:9093'`). Its
    // authors chose the /alerts page (rw162 rinawarp and ldt, rw166 ampy: 5 judged noise, 1 right).
    if (c.alertmanager_targets.empty() && !any_alertmanager(stack)) {
      if (const Location left_out = written_left_out(stack, c.path); left_out.valid()) {
        related.push_back(Related{.message = "the config leaves the Alertmanager out here", .location = left_out});
        out.report_demoted(Severity::note, std::move(message) + " (a note: the config leaves it out on purpose)", at,
                           std::move(related));
        return;
      }
    }
    out.report(std::move(message), at, std::move(related));
  }
};

}  // namespace

const Rule& prometheus_no_alertmanager() {
  static const PrometheusNoAlertmanager r;
  return r;
}

}  // namespace stacklint::rules
