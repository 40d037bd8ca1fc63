// security/redis-open-access: redis reachable without a password.
#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "rules/redis/redis_common.h"

namespace stacklint::rules {

namespace {

bool binds_everywhere(const std::vector<std::string>& addrs) {
  if (addrs.empty()) return true;  // `bind ""`: all interfaces
  for (std::string a : addrs) {
    if (!a.empty() && a[0] == '-') a.erase(0, 1);
    if (a == "*" || a == "0.0.0.0" || a == "::" || a == "::*") return true;
  }
  return false;
}

class SecurityRedisOpenAccess final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/redis-open-access",
        .severity = Severity::warning,
        .summary = "Redis with no password, protected-mode off and bound to all interfaces.",
        .rationale =
            "The official redis image is compiled with protected-mode off, and redis 7 binds to every interface "
            "by default, so a redis without `requirepass` (or an ACL user with a password) accepts commands from "
            "anything that can reach its port: every container on its networks, and the world when the port is "
            "published. Open redis servers are routinely wiped or used to write SSH keys and cron jobs "
            "(`CONFIG SET dir`). Set `requirepass` (from a secret), or keep protected-mode on and bind to "
            "loopback.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  redis:
    image: redis:7.2
    ports: ["6379:6379"]
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  redis:
    image: redis:7.2
    ports: ["6379:6379"]
    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:-x}"]
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.redis) continue;
      const RedisConfig& c = *s.redis;
      if (c.has_password() || c.protected_mode() || !binds_everywhere(c.bind_addresses())) continue;
      if (c.port() == 0) continue;  // no TCP listener at all
      const bool isolated = s.network_mode && s.network_mode->value == "none";
      const bool published = !s.ports.empty();
      if (isolated && !published) continue;
      std::vector<Related> related;
      if (const Location pm = c.location_of("protected-mode"); pm.valid()) {
        related.push_back(Related{.message = "protected-mode turned off here", .location = pm});
      }
      for (const auto& p : s.ports) {
        related.push_back(
            Related{.message = "port published on " + (p.host_ip.empty() ? std::string("all interfaces") : p.host_ip),
                    .location = p.location});
      }
      const std::string pm_text = c.location_of("protected-mode").valid()
                                      ? "protected-mode is off"
                                      : "protected-mode is off (the official image's default)";
      out.report("redis in service '" + s.name + "' accepts unauthenticated clients: no requirepass, " + pm_text +
                     ", bound to all interfaces, and port " + std::to_string(c.port()) + " is reachable " +
                     (published ? "from outside the host" : "from every container on its networks"),
                 redis_rules::config_anchor(s), std::move(related));
    }
  }
};

}  // namespace

const Rule& security_redis_open_access() {
  static const SecurityRedisOpenAccess r;
  return r;
}

}  // namespace stacklint::rules
