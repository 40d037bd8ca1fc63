// prometheus/syntax: what Prometheus refuses when it loads prometheus.yml.
#include "linter/engine/rule.h"
#include "linter/model/prom_config.h"
#include "linter/model/stack.h"
#include "rules/unknown_fields.h"

namespace stacklint::rules {

namespace {

class PrometheusSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/syntax",
        .severity = Severity::error,
        .summary = "A prometheus.yml that Prometheus refuses: unknown field, bad duration, invalid value.",
        .rationale =
            "Prometheus reads its configuration strictly: an unknown or misspelled field "
            "(`scrape_intervall`), a duration it cannot parse (`1m30`, `1m1h`), an empty `job_name` or a rule_files "
            "pattern with `*` in a directory makes the server refuse to start, or, on reload, keep running the old "
            "configuration while the new one is silently ignored. So does a `--config.file` that its bind mount does "
            "not hold: docker creates a missing source as an empty directory and Prometheus exits at start (unless a "
            "setup step writes it: a template beside it, git ignores it, or a script beside it or at the stack "
            "root writes it, `envsubst < template.yml > prometheus.yml`). So does "
            "a `command:` that names no `--config.file` (it replaces the image's CMD, which named "
            "/etc/prometheus/prometheus.yml; the built-in default `prometheus.yml` in the working directory "
            "/prometheus does not exist), and a Prometheus 1.x flag with one dash (`-config.file`) on 2.0 or "
            "later, which reads it as short flags. A "
            "file_sd_configs target file that is not a list of {targets, labels} groups, names an invalid label or "
            "has an unknown field is dropped whole (its targets are never scraped), and a target that is a URL is "
            "dropped on its own. stacklint "
            "applies the same schema and validations "
            "as `config.Load` and points at the offending node. Unknown fields side by side in one block "
            "(`retention.time`, `retention.size` under `storage:`) are one finding, the others its notes.",
        .bad_example = {{.path = "prometheus.yml", .content = R"(global:
  scrape_intervall: 15s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node:9100']
)"}},
        .good_example = {{.path = "prometheus.yml", .content = R"(global:
  scrape_interval: 15s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node:9100']
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const StackFile& f : stack.files) {
      if (f.kind != FileKind::prometheus && f.kind != FileKind::file_sd) continue;
      for (const ParseIssue& e : fold_unknown_fields(f.errors)) out.report(e.message, e.location, e.related);
    }
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.prometheus) continue;
      for (const ParseIssue& e : s.prometheus->command_line_errors) out.report(e.message, e.location, e.related);
    }
  }
};

}  // namespace

const Rule& prometheus_syntax() {
  static const PrometheusSyntax r;
  return r;
}

}  // namespace stacklint::rules
