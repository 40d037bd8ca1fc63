// security/default-credentials: well-known default passwords in the environment or a config.
#include <map>
#include <tuple>

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
            "who can reach it. Take the password from the environment or a Docker secret and generate it.\n\n"
            "A value that asks to be replaced (`change-me`, `replace-me`, `changePassword`) counts too: left in "
            "place, it is the password. One variable given to several services is one finding, with a note for "
            "each other service.",
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
    // One finding per place the value is written (an env_file line or an anchor reaches several
    // services): notes name the other services.
    std::map<std::tuple<std::string, uint32_t, uint32_t>, std::vector<const Service*>> receivers;
    std::vector<std::pair<const Service*, std::pair<std::string, Location>>> first_seen;
    for (const Service& svc : stack.services) {
      for (const auto& [name, value] : svc.environment) {
        if (!value.location.valid() || uses_template_variable(stack, value.location)) continue;
        if (!default_credential(name, value.value)) continue;
        auto& list = receivers[key(stack, value)];
        if (list.empty()) first_seen.push_back({&svc, {name, value.location}});
        list.push_back(&svc);
      }
      if (svc.redis) check_redis(*svc.redis, out);
    }
    for (const auto& [svc, named] : first_seen) {
      const auto& [name, location] = named;
      const auto& value = svc->environment.at(name);
      std::vector<Related> related;
      for (const Service* other : receivers[key(stack, value)]) {
        if (other != svc) {
          related.push_back(
              Related{.message = "service '" + other->name + "' receives it too", .location = other->location});
        }
      }
      const std::string head = name + " of service '" + svc->name + "' is ";
      if (is_password_name(name)) {
        // A common password under any name may be a client's credential for another server: only
        // a server's own password variable says who can log in.
        const std::string tail = is_server_password_name(name)
                                     ? "; anyone who can reach the service can log in"
                                     : "; anyone who has read the repository or tries common passwords knows it";
        out.report(head + *default_credential(name, value.value) + tail, location, std::move(related));
      } else {
        out.report(head + "a well-known placeholder value; anyone who has read the repository knows it", location,
                   std::move(related));
      }
    }
    for (const auto& r : stack.standalone_redis) {
      if (r) check_redis(*r, out);
    }
  }

 private:
  // One cause: the place the value is written, or the variable it is interpolated from (one
  // `${ADMIN_PASSWORD}` given to several services is one default to change).
  static std::tuple<std::string, uint32_t, uint32_t> key(const Stack& stack, const Located<std::string>& value) {
    const std::string written = written_text(stack, value.location);
    const size_t at = written.find("${");
    if (at == std::string::npos) return {value.location.file, value.location.offset, value.location.end_offset};
    const size_t end = written.find_first_of(":-?+}", at + 2);
    return {
        "${" + written.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2) + "}=" + value.value,
        0, 0};
  }

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
