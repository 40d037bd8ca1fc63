// security/database-port-published: a database or cache port published on every interface.
#include <array>
#include <string>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

struct DatabasePort {
  std::string_view port;
  std::string_view what;
};

constexpr std::array kPorts = {
    DatabasePort{"5432", "PostgreSQL"}, DatabasePort{"6379", "Redis"},         DatabasePort{"3306", "MySQL"},
    DatabasePort{"27017", "MongoDB"},   DatabasePort{"9200", "Elasticsearch"}, DatabasePort{"11211", "memcached"},
    DatabasePort{"6432", "PgBouncer"},  DatabasePort{"5984", "CouchDB"},       DatabasePort{"9042", "Cassandra"},
};

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
            "itself needs it.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
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
    for (const Service& svc : stack.services) {
      // An open redis or a trusting postgres is its own rule's finding, with the published ports as notes.
      if (!svc.enabled || redis_open_to_anyone(svc).open || postgres_trusts_anyone(svc) != nullptr) continue;
      for (const PortMapping& p : svc.ports) {
        if (p.published.empty() || !all_interfaces(p.host_ip) || (!p.protocol.empty() && p.protocol != "tcp")) continue;
        for (const DatabasePort& d : kPorts) {
          if (p.target != d.port) continue;
          out.report(std::string(d.what) + " port " + p.target + " of service '" + svc.name +
                         "' is published on all interfaces (host port " + p.published +
                         "); bind it to 127.0.0.1 or let the stack reach it over the compose network",
                     p.location);
        }
      }
    }
  }
};

}  // namespace

const Rule& security_database_port_published() {
  static const SecurityDatabasePortPublished r;
  return r;
}

}  // namespace stacklint::rules
