// grafana/datasource-unresolved: a provisioned datasource URL whose host is no service, whose port
// is not the one that service listens on, or whose service does not run that datasource type.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/grafana_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// The roles that serve a datasource type (none when stacklint does not know the type).
std::vector<Role> roles_for(const std::string& type) {
  if (type == "prometheus") return {Role::prometheus};
  if (type == "alertmanager") return {Role::alertmanager};
  if (type == "postgres" || type == "grafana-postgresql-datasource") return {Role::postgres, Role::pgbouncer};
  if (type == "redis-datasource") return {Role::redis};
  return {};
}

class GrafanaDatasourceUnresolved final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "grafana/datasource-unresolved",
        .severity = Severity::error,
        .summary =
            "A Grafana datasource provisioned with a URL whose host is no service of the stack, whose port "
            "that service does not listen on, or whose service does not run that datasource type.",
        .rationale =
            "Grafana provisions the datasources of `/etc/grafana/provisioning/datasources/*.yaml` at start and "
            "queries them from inside its container: `http://prometheus:9090` must name a compose service (or "
            "alias) on a shared network, and the port must be the one the server listens on inside its container, "
            "not the published host port. A wrong host or port leaves every dashboard of that datasource empty "
            "with `Post ... connection refused`. `$VAR` / `${VAR}` are read from the Grafana container's "
            "environment first. Datasources of one Grafana that point at one host that is no service are one "
            "finding, with a note for each of the others. A file several stacks of one directory read (a base with "
            "platform overrides, `docker-compose.linux.yml` "
            "beside `.darwin.yml`) names hosts for each of them: a host one of those stacks reaches is not reported "
            "for the others.",
        .bad_example = {{.path = "compose.yaml",
                         .content =
                             "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    ports:\n"
                             "      - \"9091:9090\"\n  grafana:\n    image: grafana/grafana:10.4.2\n    volumes:\n"
                             "      - ./provisioning:/etc/grafana/provisioning:ro\n"},
                        {.path = "provisioning/datasources/prometheus.yml",
                         .content = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n"
                                    "    url: http://prometheus:9091\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content =
                              "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    ports:\n"
                              "      - \"9091:9090\"\n  grafana:\n    image: grafana/grafana:10.4.2\n    volumes:\n"
                              "      - ./provisioning:/etc/grafana/provisioning:ro\n"},
                         {.path = "provisioning/datasources/prometheus.yml",
                          .content = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n"
                                     "    url: http://prometheus:9090\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& g : stack.services) {
      if (!g.enabled || !g.grafana) continue;
      // One host that is no service is one finding, whatever number of datasources point at it (rw110
      // uptrace: two datasources at `https://uptrace:443`); the others are its notes.
      std::vector<std::pair<std::string, std::vector<const GrafanaDatasource*>>> missing;
      for (const GrafanaDatasource& d : g.grafana->datasources) {
        if (!d.url || !d.target) continue;
        const ClientConnection& c = *d.target;
        if (!c.service.empty()) {
          one(stack, g, d, out);
          continue;
        }
        if (c.external || !c.resolved_by.empty()) continue;
        const std::string key = c.unreachable_reason.empty() ? c.host : c.unreachable_reason;
        auto it = std::find_if(missing.begin(), missing.end(), [&](const auto& m) { return m.first == key; });
        if (it == missing.end()) it = missing.insert(missing.end(), {key, {}});
        it->second.push_back(&d);
      }
      for (const auto& [key, sources] : missing) unresolved(g, sources, out);
    }
  }

 private:
  static std::string head_of(const Service& g, const GrafanaDatasource& d) {
    return "datasource \"" + d.name.value + "\" (" + d.type + ") of " + g.name + " points at " + d.url->value;
  }

  static void unresolved(const Service& g, const std::vector<const GrafanaDatasource*>& sources, Reporter& out) {
    const GrafanaDatasource& d = *sources.front();
    const ClientConnection& c = *d.target;
    std::vector<Related> notes;
    for (size_t k = 1; k < sources.size(); ++k) {
      notes.push_back(Related{.message = "datasource \"" + sources[k]->name.value + "\" points there too",
                              .location = sources[k]->url->location});
    }
    out.report(head_of(g, d) + ", but " +
                   (c.unreachable_reason.empty() ? "\"" + c.host + "\" is no service of the stack"
                                                 : "it cannot be reached: " + c.unreachable_reason),
               d.url->location, std::move(notes));
  }

  static void one(const Stack& stack, const Service& g, const GrafanaDatasource& d, Reporter& out) {
    const ClientConnection& c = *d.target;
    const std::string head = head_of(g, d);
    const Service& target = *stack.find_service(c.service);
    const auto roles = roles_for(d.type);
    if (!roles.empty() && std::find(roles.begin(), roles.end(), target.role) == roles.end() &&
        target.role != Role::app) {
      out.report(
          head + ", but service " + target.name + " runs " + std::string(to_string(target.role)) + ", not " + d.type,
          d.url->location,
          {Related{.message = "service " + target.name + " is defined here", .location = target.location}});
      return;
    }
    const ServerPorts& lp = target.listen;
    if (lp.ports.empty() || std::find(lp.ports.begin(), lp.ports.end(), c.port) != lp.ports.end()) return;
    std::vector<Related> notes;
    const std::string listens = target.name + " listens on " + std::to_string(lp.ports.front()) + " (" + lp.what + ")";
    notes.push_back(Related{.message = lp.location.valid() ? listens : "service " + listens,
                            .location = lp.location.valid() ? lp.location : target.location});
    for (const PortMapping& p : target.ports) {
      if (p.published == std::to_string(c.port)) {
        notes.push_back(Related{.message = std::to_string(c.port) + " is the port published on the host, not the "
                                                                    "container's",
                                .location = p.location});
      }
    }
    out.report(head + ", but " + target.name + " listens on " + std::to_string(lp.ports.front()) +
                   " in its container, not " + std::to_string(c.port),
               d.url->location, std::move(notes));
  }
};

}  // namespace

const Rule& grafana_datasource_unresolved() {
  static const GrafanaDatasourceUnresolved r;
  return r;
}

}  // namespace stacklint::rules
