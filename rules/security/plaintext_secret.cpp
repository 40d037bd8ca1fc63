// security/plaintext-secret: a password or token written inline in the compose file or a config.
#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

// `scheme://user:password@host`: true when a literal password sits in the URL.
bool url_has_literal_password(std::string_view value) {
  const size_t scheme = value.find("://");
  if (scheme == std::string_view::npos) return false;
  const size_t at = value.find('@', scheme + 3);
  if (at == std::string_view::npos) return false;
  const std::string_view userinfo = value.substr(scheme + 3, at - scheme - 3);
  const size_t colon = userinfo.find(':');
  return colon != std::string_view::npos && colon + 1 < userinfo.size();
}

class SecurityPlaintextSecret final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/plaintext-secret",
        .severity = Severity::warning,
        .summary =
            "A password or token written inline in the compose file or a config instead of taken from the "
            "environment or a secret.",
        .rationale =
            "A secret in a committed file is in every clone, every backup and every CI log of the repository, "
            "and rotating it means a commit. Interpolate it (`${DB_PASSWORD:?}`) from an untracked `.env` or "
            "the CI's secret store, or mount it as a Docker secret (`POSTGRES_PASSWORD_FILE`). stacklint never "
            "prints the secret itself.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cr3t-Pa55
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& svc : stack.services) {
      for (const auto& [name, value] : svc.environment) {
        if (value.value.empty() || default_credential(name, value.value)) continue;  // defaults: their own rule
        const std::string written = written_text(stack, value.location);
        if (written.empty() || written.find('$') != std::string::npos) continue;  // interpolated
        if (is_secret_name(name)) {
          out.report(name + " of service '" + svc.name + "' is written inline; take it from the environment (${" +
                         name + "}) or a Docker secret",
                     value.location);
        } else if (url_has_literal_password(value.value)) {
          out.report(name + " of service '" + svc.name + "' contains a URL with an inline password; interpolate it",
                     value.location);
        }
      }
      if (svc.redis) check_redis(stack, *svc.redis, out);
    }
    for (const auto& r : stack.standalone_redis) {
      if (r) check_redis(stack, *r, out);
    }
  }

 private:
  static void check_redis(const Stack& stack, const RedisConfig& cfg, Reporter& out) {
    const Setting* pass = cfg.find("requirepass");
    if (pass == nullptr || pass->current.origin == "command line") return;
    const auto* value = std::get_if<std::string>(&pass->current.value);
    if (value == nullptr || value->empty() || default_credential("requirepass", *value)) return;
    if (written_text(stack, pass->current.location).find('$') != std::string::npos) return;
    out.report(
        "requirepass is written inline in the config; keep the password out of the repository "
        "(e.g. `redis-server --requirepass \"$REDIS_PASSWORD\"` or an included untracked file)",
        pass->current.location);
  }
};

}  // namespace

const Rule& security_plaintext_secret() {
  static const SecurityPlaintextSecret r;
  return r;
}

}  // namespace stacklint::rules
