// security/redis-open-access: redis reachable without a password.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/formats/compose/image.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "rules/redis/redis_common.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

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
            "loopback.\n\n"
            "stacklint reports it when the port is published beyond loopback (or the service runs on the host "
            "network): a redis that only the stack's own containers reach is the usual compose setup. valkey images "
            "are read the same way (keydb, which has directives of its own, is not modelled yet), and a bitnami "
            "image started with `ALLOW_EMPTY_PASSWORD=yes` and "
            "no `REDIS_PASSWORD` has no password at all. A redis whose users are in an `aclfile` is not judged: "
            "stacklint does not read that file. When this rule reports a redis, "
            "`security/database-port-published` does not report its port again. Services that read one "
            "configuration file (a cluster's nodes) are one finding, at that file, with a note for each other "
            "service; so are the open servers of one compose file (one cause, one fix: give them a password).\n\n"
            "A redis of a stack its authors mark as a test, example or development stack (`tests/`, "
            "`docker-compose.dev.yml`, `NODE_ENV: development`: `purpose` in `stacklint model`) is not "
            "judged unless `[stack] deployed = true`."
            " Where nothing says the stack is deployed, the finding is a note (see \"A stack's purpose\" in "
            "docs/configuration.md for what says it).",
        .bad_example = {{.path = ".stacklint.toml", .content = "[stack]\ndeployed = true\n"},
                        {.path = "compose.yaml", .content = R"(services:
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
    if (!stack.purpose.deployed) return;
    // One finding per place that opens the server: services that read one redis.conf (a cluster's
    // nodes, rw68 compose-docker: six) are notes of the first, not a finding each at the same line.
    struct Finding {
      std::string message;
      Location location;
      std::vector<Related> related;
      FilePath service_file;  // the compose file that defines the service
    };
    std::vector<Finding> findings;
    for (const Service& s : stack.services) {
      const OpenRedis open = redis_open_to_anyone(s);
      if (!open.open) continue;
      std::vector<Related> related = published_port_notes(s);
      for (Related& note : kept_ports_notes(stack, s)) related.push_back(std::move(note));
      const std::string server = program_name(s);
      Finding f;
      if (open.empty_password_flag.valid()) {
        f.message = server + " in service '" + s.name +
                    "' accepts unauthenticated clients: ALLOW_EMPTY_PASSWORD starts the bitnami image without a "
                    "password, and its port is reachable from outside the host";
        f.location = open.empty_password_flag;
      } else {
        const RedisConfig& c = *s.redis;
        if (const Location pm = c.location_of("protected-mode"); pm.valid()) {
          related.insert(related.begin(), Related{.message = "protected-mode turned off here", .location = pm});
        }
        const std::string pm_text = c.location_of("protected-mode").valid()
                                        ? "protected-mode is off"
                                        : "protected-mode is off (the image's default)";
        f.message = server + " in service '" + s.name + "' accepts unauthenticated clients: no requirepass, " +
                    pm_text + ", bound to all interfaces, and port " + std::to_string(c.port()) +
                    " is reachable from outside the host";
        f.location = redis_rules::config_anchor(s);
      }
      const auto same =
          std::find_if(findings.begin(), findings.end(), [&](const Finding& e) { return e.location == f.location; });
      if (same != findings.end()) {
        same->related.push_back(Related{.message = "service '" + s.name + "' reads it too, and is reachable as well",
                                        .location = s.location});
        continue;
      }
      // Services of one compose file opened alike are one cause with one fix (rw257 Mr-Filatik: six
      // nodes of a cluster, each started with the same flags, were six findings): notes of the first.
      const auto alike = std::find_if(findings.begin(), findings.end(),
                                      [&](const Finding& e) { return e.service_file == s.location.file; });
      if (alike != findings.end()) {
        alike->related.push_back(
            Related{.message = server + " in service '" + s.name + "' accepts unauthenticated clients as well",
                    .location = f.location});
        continue;
      }
      f.related = std::move(related);
      f.service_file = s.location.file;
      findings.push_back(std::move(f));
    }
    for (Finding& f : findings) report_exposure(stack, out, f.message, f.location, std::move(f.related));
  }

 private:
  // "valkey" for valkey-server, else "redis".
  static std::string program_name(const Service& s) {
    const knowledge::ImageFact* f = compose::image_fact(s);
    if (f != nullptr && f->program.rfind("valkey", 0) == 0) return "valkey";
    return "redis";
  }
};

}  // namespace

const Rule& security_redis_open_access() {
  static const SecurityRedisOpenAccess r;
  return r;
}

}  // namespace stacklint::rules
