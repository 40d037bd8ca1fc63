// prometheus/target-not-metrics-endpoint: scraping a port that speaks another protocol (redis 6379, postgres 5432).
#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/prom_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// The exporter role that turns a role's state into metrics.
std::optional<Role> exporter_for(Role role) {
  if (role == Role::redis) return Role::redis_exporter;
  if (role == Role::postgres || role == Role::pgbouncer) return Role::postgres_exporter;
  return std::nullopt;
}

class PrometheusTargetNotMetricsEndpoint final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/target-not-metrics-endpoint",
        .severity = Severity::error,
        .summary = "A scrape target on a port that serves no /metrics (Redis 6379, PostgreSQL 5432).",
        .rationale =
            "Redis and PostgreSQL speak their own protocols on their ports; an HTTP GET /metrics there fails "
            "(`server returned HTTP status` errors, or a connection reset), so `up` is 0 and none of the "
            "`redis_*`/`pg_*` series any alert expects exist. Their metrics come from an exporter that connects "
            "to the server and serves /metrics on its own port: redis_exporter on 9121, postgres_exporter on "
            "9187. Scrape the exporter, and point the exporter at the server (`REDIS_ADDR`, "
            "`DATA_SOURCE_NAME`). The exporter's port on the server (`db:9187` where postgres_exporter runs as its "
            "own service) is reported too: nothing listens there, unless the exporter shares the server's network "
            "namespace (`network_mode: service:db`). The ports each role serves are listed in data/ports.tsv. Several "
            "such targets of one "
            "job are one finding, at the first, the others its notes: one edit of the job.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
  redis:
    image: redis:7.2
)"},
                        {.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: redis
    static_configs:
      - targets: ['redis:6379']
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
  redis:
    image: redis:7.2
  redis-exporter:
    image: oliver006/redis_exporter:v1.62.0
    environment:
      REDIS_ADDR: redis://redis:6379
)"},
                         {.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: redis
    static_configs:
      - targets: ['redis-exporter:9121']
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& prom : stack.services) {
      if (!prom.enabled || !prom.prometheus || !prom.prometheus->loaded) continue;
      for (const ScrapeJob& job : prom.prometheus->jobs) {
        // One finding per job, at its first such target: the others are one edit of the same job
        // (rw131 Secure-ISS: two citus workers on 5432 in one target list), noted.
        const ScrapeTarget* first = nullptr;
        const Service* first_svc = nullptr;
        const knowledge::PortFact* first_fact = nullptr;
        std::vector<Related> others;
        for (const ScrapeTarget& t : job.targets) {
          if (t.service.empty()) continue;
          const Service* svc = stack.find_service(t.service);
          if (svc == nullptr) continue;
          const auto facts = knowledge::ports_of(svc->role);
          const auto it = std::find_if(facts.begin(), facts.end(),
                                       [&](const knowledge::PortFact* f) { return f->port == t.port && !f->metrics; });
          if (it == facts.end()) {
            report_exporter_port(stack, job, t, *svc, out);
            continue;
          }
          if (first == nullptr) {
            first = &t;
            first_svc = svc;
            first_fact = *it;
          } else {
            others.push_back(Related{.message = "\"" + t.address.value + "\" of the same job is " + (*it)->what +
                                                " of service " + svc->name + " too",
                                     .location = t.address.location});
          }
        }
        if (first != nullptr) report(stack, job, *first, *first_svc, *first_fact, std::move(others), out);
      }
    }
  }

 private:
  // The exporter's port on the server it observes (`db:9187` where postgres_exporter runs as service
  // pg-exporter, rw216 AuthService): nothing listens there, unless the exporter shares the server's
  // network namespace (`network_mode: service:db`).
  static void report_exporter_port(const Stack& stack, const ScrapeJob& job, const ScrapeTarget& t, const Service& svc,
                                   Reporter& out) {
    if (svc.role != Role::postgres && svc.role != Role::redis) return;
    const std::optional<Role> exporter = exporter_for(svc.role);
    if (!exporter || t.port != knowledge::metrics_port(*exporter) || svc.listen.ports.empty() ||
        std::ranges::find(svc.listen.ports, t.port) != svc.listen.ports.end()) {
      return;
    }
    const Service* observer = nullptr;
    for (const Service& s : stack.services) {
      if (s.network_mode() && s.network_mode()->value == "service:" + svc.name) return;
      if (observer == nullptr && s.enabled && s.role == *exporter && s.observes() == svc.name) observer = &s;
    }
    if (observer == nullptr) return;
    const std::string role(to_string(svc.role));
    out.report("scrape target \"" + t.address.value + "\" of job \"" + job.job_name.value + "\" is the " +
                   std::string(to_string(*exporter)) + "'s port on service " + svc.name + " (" + role +
                   "), where nothing listens: the exporter runs as service " + observer->name + "; scrape " +
                   observer->name + ":" + std::to_string(t.port) + " instead",
               t.address.location,
               {Related{.message = observer->name + " observes " + svc.name,
                        .location = observer->observes_location().valid() ? observer->observes_location()
                                                                          : observer->location}});
  }

  static void report(const Stack& stack, const ScrapeJob& job, const ScrapeTarget& t, const Service& svc,
                     const knowledge::PortFact& fact, std::vector<Related> others, Reporter& out) {
    const std::string role(to_string(svc.role));
    std::string msg = "scrape target \"" + t.address.value + "\" of job \"" + job.job_name.value + "\" is " +
                      fact.what + " on port " + std::to_string(fact.port) + " of service " + svc.name +
                      (role == svc.name ? "" : " (" + role + ")") + ", which serves no /metrics";
    std::vector<Related> related;
    related.push_back(
        Related{.message = "service " + svc.name + " (" + role + ") is defined here", .location = svc.location});
    const std::optional<Role> exporter = exporter_for(svc.role);
    const Service* observer = nullptr;
    for (const Service& s : stack.services) {
      if (exporter && s.observes() == svc.name && s.role == *exporter) {
        observer = &s;
        break;
      }
    }
    if (observer != nullptr) {
      const int port = knowledge::metrics_port(observer->role);
      msg += "; scrape " + observer->name + ":" + std::to_string(port) + " instead, the " +
             std::string(to_string(observer->role)) + " that observes it";
      related.push_back(Related{
          .message = observer->name + " observes " + svc.name,
          .location = observer->observes_location().valid() ? observer->observes_location() : observer->location});
    } else if (exporter) {
      msg += "; run a " + std::string(to_string(*exporter)) +
             " (:" + std::to_string(knowledge::metrics_port(*exporter)) + ") that connects to " + svc.name +
             " and scrape that instead";
    }
    related.insert(related.end(), std::make_move_iterator(others.begin()), std::make_move_iterator(others.end()));
    out.report(msg, t.address.location, std::move(related));
  }
};

}  // namespace

const Rule& prometheus_target_not_metrics_endpoint() {
  static const PrometheusTargetNotMetricsEndpoint r;
  return r;
}

}  // namespace stacklint::rules
