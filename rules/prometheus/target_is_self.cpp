// prometheus/target-is-self: `localhost:PORT` inside the Prometheus container, for a port it does not serve.
#include <algorithm>

#include "linter/analysis/sources.h"
#include "linter/engine/rule.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/prom_config.h"
#include "linter/model/stack.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

class PrometheusTargetIsSelf final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/target-is-self",
        .severity = Severity::error,
        .summary =
            "A `localhost:PORT` target that is the Prometheus container itself, for a port Prometheus "
            "does not serve.",
        .rationale =
            "Inside a container, `localhost` is that container: `localhost:9100` in a Prometheus that runs in "
            "compose is the Prometheus container's own port 9100, where nothing listens, not the host's "
            "node_exporter nor the node-exporter service. Every scrape fails with `connection refused`. Scrape "
            "the service by its name (`node-exporter:9100`), or run Prometheus with `network_mode: host` if it "
            "must see the host's ports. `localhost:9090` (Prometheus scraping itself) is fine, as is the port "
            "given with `--web.listen-address`. A job that lists the service on the same port beside it "
            "(`['app:8080', 'localhost:8080']`) is written for compose and for the host alike: a note. The localhost "
            "targets of one config are one finding, at the first: a config written for a Prometheus on the host.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
  node-exporter:
    image: prom/node-exporter:v1.8.1
)"},
                        {.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['localhost:9100']
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
  node-exporter:
    image: prom/node-exporter:v1.8.1
)"},
                         {.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']
  - job_name: node
    static_configs:
      - targets: ['node-exporter:9100']
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& prom : stack.services) {
      if (!prom.enabled || !prom.prometheus || !prom.prometheus->loaded) continue;
      const int own = prom.prometheus->listen_port;
      // A config written for a Prometheus on the host (every job at `localhost:PORT`, rw167
      // TradingSystem: eight jobs) is one mistake: one finding at its first target, the others notes.
      struct Pending {
        std::string message;
        Location location;
        std::vector<Related> related;
      };
      std::vector<Pending> pending;
      for (const ScrapeJob& job : prom.prometheus->jobs) {
        for (const ScrapeTarget& t : job.targets) {
          if (t.resolved_by != "localhost" || t.service != prom.name || t.port == own || t.port == 0) continue;
          std::string msg = "scrape target \"" + t.address.value + "\" of job \"" + job.job_name.value + "\" is the " +
                            prom.name + " container itself (inside a container, " + t.host +
                            " is that container), where Prometheus serves only :" + std::to_string(own) +
                            " and nothing listens on :" + std::to_string(t.port);
          std::vector<Related> related;
          // The job lists the service too, on that port (`'app:8080'  # Docker` above `'localhost:8080'  #
          // Local development`, rw166 cognitive-banking): a config written for compose and for the host,
          // one target down in each by design. A note.
          const auto twin = std::find_if(job.targets.begin(), job.targets.end(), [&](const ScrapeTarget& u) {
            return &u != &t && !u.service.empty() && u.service != prom.name && u.port == t.port;
          });
          const Service* s = twin == job.targets.end() ? analysis::port_listener(stack, prom, t.port) : nullptr;
          if (s != nullptr) {
            msg += "; did you mean \"" + s->name + ":" + std::to_string(t.port) + "\"?";
            related.push_back(Related{.message = "service " + s->name + " listens on :" + std::to_string(t.port),
                                      .location = s->location});
          }
          related.push_back(Related{.message = "service " + prom.name + " runs in its own network namespace",
                                    .location = prom.location});
          if (twin != job.targets.end()) {
            related.push_back(Related{.message = "the job scrapes service " + twin->service +
                                                 " on :" + std::to_string(t.port) +
                                                 " here: the localhost target is for "
                                                 "running outside compose",
                                      .location = twin->address.location});
            out.report_demoted(Severity::note, msg + " (a note: the job also lists the service on that port)",
                               t.address.location, std::move(related));
            continue;
          }
          pending.push_back(
              Pending{.message = std::move(msg), .location = t.address.location, .related = std::move(related)});
        }
      }
      if (pending.size() < kGroup) {
        for (Pending& p : pending) out.report(std::move(p.message), p.location, std::move(p.related));
        continue;
      }
      Pending& first = pending.front();
      for (size_t i = 1; i < pending.size(); ++i) {
        if (i <= kMaxNotes) {
          first.related.push_back(Related{
              .message = "the same mistake here: " + pending[i].message.substr(0, pending[i].message.find(" is the ")),
              .location = pending[i].location});
        }
      }
      first.message += "; " + more_of(pending.size() - 1, "localhost target") +
                       " of this config are alike: a config written for a Prometheus on the host";
      if (pending.size() - 1 > kMaxNotes) {
        first.related.push_back(
            Related{.message = "and " + more_of(pending.size() - 1 - kMaxNotes, "target"), .location = first.location});
      }
      out.report(std::move(first.message), first.location, std::move(first.related));
    }
  }

 private:
  static constexpr size_t kMaxNotes = 3;
  static constexpr size_t kGroup = 3;  // localhost targets that make a config written for the host
};

}  // namespace

const Rule& prometheus_target_is_self() {
  static const PrometheusTargetIsSelf r;
  return r;
}

}  // namespace stacklint::rules
