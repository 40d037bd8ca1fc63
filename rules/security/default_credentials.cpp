// security/default-credentials: well-known default passwords in the environment or a config.
#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

class SecurityDefaultCredentials final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/default-credentials",
        .severity = Severity::error,
        .summary = "A well-known default password (`GF_SECURITY_ADMIN_PASSWORD=admin`, `requirepass foobared`).",
        .rationale =
            "Default passwords are the first thing a scanner tries. A Grafana published on a port with "
            "admin/admin, or a Redis protected by the `foobared` of the sample redis.conf, is open to anyone "
            "who can reach it. Take the password from the environment or a Docker secret and generate it.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  grafana:
    image: grafana/grafana:10.4.2
    environment:
      GF_SECURITY_ADMIN_PASSWORD: admin
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  grafana:
    image: grafana/grafana:10.4.2
    environment:
      GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?set it}
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& svc : stack.services) {
      for (const auto& [name, value] : svc.environment) {
        if (const auto what = default_credential(name, value.value)) {
          out.report(
              name + " of service '" + svc.name + "' is " + *what + "; anyone who can reach the service can log in",
              value.location);
        }
      }
      if (svc.redis) check_redis(*svc.redis, out);
    }
    for (const auto& r : stack.standalone_redis) {
      if (r) check_redis(*r, out);
    }
  }

 private:
  static void check_redis(const RedisConfig& cfg, Reporter& out) {
    const Setting* pass = cfg.find("requirepass");
    if (pass == nullptr) return;
    const auto* value = std::get_if<std::string>(&pass->current.value);
    if (value == nullptr) return;
    if (const auto what = default_credential("requirepass", *value)) {
      out.report("requirepass is " + *what + "; anyone who can reach Redis can authenticate", pass->current.location);
    }
  }
};

}  // namespace

const Rule& security_default_credentials() {
  static const SecurityDefaultCredentials r;
  return r;
}

}  // namespace stacklint::rules
