// security/database-port-published: a database or cache port published on every interface.
#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <string_view>

#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/notes.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

struct DatabasePort {
  std::string_view port;
  std::string_view what;
  std::array<std::string_view, 3> images;  // words of image names that run this program
  Role role = Role::app;                   // the modelled role that runs it, app when none
  // The port alone says nothing: applications use it too (rw23 RuoYi-Cloud's auth service on 9200).
  bool needs_image = false;
};

constexpr std::array kPorts = {
    DatabasePort{"5432", "PostgreSQL", {"postgres", "postgis", "timescale"}, Role::postgres},
    DatabasePort{"6379", "Redis", {"redis", "valkey", "keydb"}, Role::redis},
    DatabasePort{"3306", "MySQL", {"mysql", "mariadb", "percona"}},
    DatabasePort{"27017", "MongoDB", {"mongo"}},
    DatabasePort{"9200", "Elasticsearch", {"elasticsearch"}, Role::app, true},
    DatabasePort{"9200", "OpenSearch", {"opensearch"}, Role::app, true},
    DatabasePort{"11211", "memcached", {"memcached"}},
    DatabasePort{"6432", "PgBouncer", {"pgbouncer"}, Role::pgbouncer},
    DatabasePort{"5984", "CouchDB", {"couchdb"}},
    DatabasePort{"9042", "Cassandra", {"cassandra"}},
};

// How the finding names what listens: the service's modelled program, else the port's program when
// the image is one of its images, else only the port ("database port 9042 (Cassandra's)"): a port
// number alone does not say that scylladb or odyssey is Cassandra or PgBouncer. `port` is the
// port as written (`${PGPORT}` stays a name).
std::string listener(const Service& svc, const DatabasePort& d, const std::string& port) {
  for (const DatabasePort& other : kPorts) {
    if (other.role != Role::app && other.role == svc.role) return std::string(other.what) + " port " + port;
  }
  if (svc.image) {
    const std::string& image = svc.image->value;
    for (const std::string_view word : d.images) {
      if (!word.empty() && image.find(word) != std::string::npos) return std::string(d.what) + " port " + port;
    }
  }
  return "database port " + port + " (" + std::string(d.what) + "'s)";
}

// A honeypot: its MySQL and memcached are emulations published as bait (rw90 bolens/homelab's
// dinotools/dionaea).
bool honeypot(const Service& svc) {
  static constexpr std::array<std::string_view, 8> kWords = {"dionaea",    "conpot",    "cowrie",    "tpotce",
                                                             "opencanary", "heralding", "honeytrap", "honeypot"};
  if (!svc.image) return false;
  const std::string image = ascii_lower(svc.image->value);
  return std::any_of(kWords.begin(), kWords.end(),
                     [&](std::string_view w) { return image.find(w) != std::string::npos; });
}

// A PostgreSQL whose pg_hba.conf (the one the server reads, written in the repository) lets any
// address log in with a password or a certificate (`host all all 0.0.0.0/0 scram-sha-256`): the
// authors open it to remote clients on purpose (rw115 self-hosted-managed-postgresql, a database
// served to other machines); its password is what guards it, not the published port.
bool serves_remote_clients(const Service& svc) {
  if (svc.role != Role::postgres || !svc.postgres || !svc.postgres->hba || !svc.postgres->hba->loaded) return false;
  return std::any_of(svc.postgres->hba->records.begin(), svc.postgres->hba->records.end(), [](const HbaRecord& r) {
    if (!r.error.empty() || r.unknown || r.type == HbaConnType::local) return false;
    const bool method =
        r.method == HbaMethod::scram_sha_256 || r.method == HbaMethod::md5 || r.method == HbaMethod::cert;
    const bool anywhere = r.address.kind == HbaAddressKind::all ||
                          (r.address.kind == HbaAddressKind::ip &&
                           std::all_of(r.address.mask.begin(), r.address.mask.end(), [](uint8_t b) { return b == 0; }));
    return method && anywhere;
  });
}

bool runs_image_of(const Service& svc, const DatabasePort& d) {
  return svc.image && std::any_of(d.images.begin(), d.images.end(), [&](std::string_view word) {
           return !word.empty() && svc.image->value.find(word) != std::string::npos;
         });
}

// A service whose program is a monitoring one (by its role, or a word of its image: an exporter, a
// Pushgateway's purger): a database's port number it publishes is its own listener's, no database
// (rw229 prometheus-grafana's pushgateway purger on 3306).
bool monitoring_program(const Service& svc) {
  switch (svc.role) {
    case Role::prometheus:
    case Role::alertmanager:
    case Role::grafana:
    case Role::cadvisor:
    case Role::node_exporter:
    case Role::postgres_exporter:
    case Role::redis_exporter:
      return true;
    default:
      break;
  }
  if (!svc.image) return false;
  const std::string image = ascii_lower(svc.image->value);
  return std::ranges::any_of(
      std::array<std::string_view, 5>{"exporter", "pushgateway", "prometheus", "grafana", "alertmanager"},
      [&](std::string_view w) { return image.find(w) != std::string::npos; });
}

bool all_interfaces(const std::string& ip) {
  return ip.empty() || ip == "0.0.0.0" || ip == "::" || ip == "[::]";
}

class SecurityDatabasePortPublished final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/database-port-published",
        .severity = Severity::warning,
        .summary = "A database or cache port (5432, 6379, ...) published on all interfaces.",
        .rationale =
            "`ports: [\"5432:5432\"]` binds 0.0.0.0: the database is reachable from every network the host is "
            "on, and Docker's iptables rules bypass host firewalls such as ufw. Services of the stack reach it "
            "by name on the compose network without any published port; publish on 127.0.0.1 when the host "
            "itself needs it. The ports are those of PostgreSQL, Redis, MySQL, MongoDB, memcached, PgBouncer, CouchDB "
            "and Cassandra whatever the image (a port number names the program when the image does not), and "
            "9200 only on an Elasticsearch or OpenSearch image: applications listen there too. A container attached "
            "only to networks declared `internal: true` publishes no port at all. "
            "A later file's `ports: []` does not take the ports away (compose appends lists; "
            "`ports: !reset []` does): a note says so where it is written.\n\n"
            "A test, example or development stack publishes its database on purpose: stacks their authors "
            "mark so (a `tests/`, `examples/` or `dev/` directory, `docker-compose.test.yml`, "
            "`NODE_ENV: development`; `stacklint model` shows the evidence as `purpose`) are not judged. "
            "`[stack] deployed = true` in .stacklint.toml judges them. A pgBouncer that offers clients TLS "
            "(`client_tls_sslmode` other than `disable`) is published to be reached from elsewhere and is not "
            "reported; nor is a honeypot (dionaea, conpot, cowrie, T-Pot, OpenCanary, heralding, honeytrap), "
            "whose emulated database ports are bait published on purpose, nor a monitoring program (Prometheus, "
            "Grafana, Alertmanager, an exporter, a Pushgateway's purger) that listens on such a port number. Nor is a "
            "PostgreSQL whose pg_hba.conf (as "
            "the "
            "repository writes it) lets any address in with a password or a certificate (`host all all 0.0.0.0/0 "
            "scram-sha-256`): it is served to remote clients on purpose. The databases one compose file "
            "publishes so are one finding at the first, the others its notes."
            " Where nothing says the stack is deployed, nothing is reported: on public repositories such findings "
            "were mostly a developer's or a demo's stack, noise three times in four (see \"A stack's purpose\" in "
            "docs/configuration.md for what says it, and `[stack] deployed = true`).",
        .bad_example = {{.path = ".stacklint.toml", .content = "[stack]\ndeployed = true\n"},
                        {.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    ports:
      - "5432:5432"
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    ports:
      - "127.0.0.1:5432:5432"
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.purpose.deployed || !reports_deployment_exposure(stack)) return;
    struct Found {
      std::string message;
      Location location;
      std::vector<Related> related;
    };
    std::vector<Found> found;
    for (const Service& svc : stack.services) {
      // An open redis or a trusting postgres is its own rule's finding, with the published ports as notes.
      if (!svc.enabled || honeypot(svc) || monitoring_program(svc) || serves_remote_clients(svc) ||
          redis_open_to_anyone(svc).open || postgres_trusts_anyone(svc) != nullptr ||
          !pgbouncer_trusts_anyone(svc).empty()) {
        continue;
      }
      if (svc.redis && !svc.redis->starts) continue;  // exits at start: its config file cannot be opened
      // A pgBouncer that offers clients TLS (client_tls_sslmode allow, prefer, require or verify-*,
      // with its certificate) is published to be reached from elsewhere: the product's entrance,
      // not a leak (rw79 pgmanager, a PostgreSQL gateway).
      if (svc.pgbouncer) {
        const std::string tls = svc.pgbouncer->text("client_tls_sslmode");
        if (!tls.empty() && tls != "disable") continue;
      }
      for (const PortMapping& p : svc.ports) {
        if (p.published.empty() || !all_interfaces(p.host_ip) || (!p.protocol.empty() && p.protocol != "tcp")) continue;
        // A container port its server does not listen on exposes nothing (connections/port-not-listening).
        const std::vector<int>& listening = svc.listen.ports;
        int target = 0;
        const char* end = p.target.data() + p.target.size();
        if (!listening.empty() && std::from_chars(p.target.data(), end, target).ptr == end &&
            std::find(listening.begin(), listening.end(), target) == listening.end()) {
          continue;
        }
        for (const DatabasePort& d : kPorts) {
          if (p.target != d.port || (d.needs_image && !runs_image_of(svc, d))) continue;
          found.push_back(Found{.message = listener(svc, d, p.target) + " of service '" + svc.name +
                                           "' is published on all interfaces (host port " + p.published +
                                           "); bind it to 127.0.0.1 or let the stack reach it over the compose network",
                                .location = p.location,
                                .related = kept_ports_notes(stack, svc)});
        }
      }
    }
    // The databases one compose file publishes alike (five services' `5432:5432`, rw185
    // ecommerce-platform) are one edit: one finding at the first, the others its notes.
    std::vector<bool> joined(found.size(), false);
    for (size_t i = 0; i < found.size(); ++i) {
      if (joined[i]) continue;
      size_t others = 0;
      for (size_t j = i + 1; j < found.size(); ++j) {
        if (joined[j] || found[j].location.file != found[i].location.file) continue;
        joined[j] = true;
        if (++others <= kMaxNotes) {
          found[i].related.push_back(
              Related{.message = "the same here: " + found[j].message, .location = found[j].location});
        }
      }
      if (others > kMaxNotes) {
        const size_t more = others - kMaxNotes;
        found[i].related.push_back(Related{.message = "and " + more_of(more, "place"), .location = found[i].location});
      }
      out.report(std::move(found[i].message), found[i].location, std::move(found[i].related));
    }
  }

 private:
  static constexpr size_t kMaxNotes = 3;
};

}  // namespace

const Rule& security_database_port_published() {
  static const SecurityDatabasePortPublished r;
  return r;
}

}  // namespace stacklint::rules
