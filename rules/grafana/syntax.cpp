// grafana/syntax: a datasource provisioning file Grafana cannot parse, so Grafana refuses to start.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// The compose file of both examples.
constexpr const char* kExampleCompose = R"(services:
  grafana:
    image: grafana/grafana:11.2.0
    volumes:
      - ./provisioning:/etc/grafana/provisioning:ro
)";

class GrafanaSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "grafana/syntax",
        .severity = Severity::error,
        .summary = "A Grafana datasource provisioning file that Grafana cannot parse: Grafana refuses to start.",
        .rationale =
            "Grafana reads every `*.yaml` / `*.yml` file of `provisioning/datasources/` at start. A file it cannot "
            "parse (a "
            "list item indented under the previous item's keys, a tab, an unclosed quote) stops the provisioning and "
            "Grafana exits with `Datasource provisioning error`; none of the file's datasources exist, so no "
            "dashboard of them shows data. stacklint reads the file with the same YAML rules and points at the "
            "first error.",
        // Examples are raw strings; the docs test runs them: the bad one must fire, the good one not.
        .bad_example = {{.path = "compose.yaml", .content = kExampleCompose},
                        {.path = "provisioning/datasources/datasources.yaml", .content = R"(apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    url: http://prometheus:9090
    - name: Loki
    type: loki
)"}},
        .good_example = {{.path = "compose.yaml", .content = kExampleCompose},
                         {.path = "provisioning/datasources/datasources.yaml", .content = R"(apiVersion: 1
datasources:
  - name: Loki
    type: loki
    url: http://loki:3100
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const StackFile& f : stack.files) {
      if (f.kind != FileKind::grafana_datasources) continue;
      for (const ParseIssue& e : f.errors) out.report(e.message, e.location, e.related);
    }
  }
};

}  // namespace

const Rule& grafana_syntax() {
  static const GrafanaSyntax r;
  return r;
}

}  // namespace stacklint::rules
