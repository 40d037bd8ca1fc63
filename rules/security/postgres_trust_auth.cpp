// security/postgres-trust-auth: a published postgres that lets anyone log in without a password.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

class SecurityPostgresTrustAuth final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/postgres-trust-auth",
        .severity = Severity::error,
        .summary = "POSTGRES_HOST_AUTH_METHOD=trust on a postgres whose port is published beyond loopback.",
        .rationale =
            "With `POSTGRES_HOST_AUTH_METHOD=trust` the postgres image writes `host all all all trust` into "
            "pg_hba.conf: every client that reaches the port logs in as any user, the superuser included, with "
            "no password. The image's documentation warns against it for anything but local tests. stacklint "
            "reports it when the port is published beyond loopback (or the service runs on the host network); "
            "`security/database-port-published` then does not report the same port again. Set "
            "`POSTGRES_PASSWORD` (from a secret) and drop the variable, or publish on 127.0.0.1 only.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_HOST_AUTH_METHOD: trust
    ports: ["5432:5432"]
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_HOST_AUTH_METHOD: trust
    ports: ["127.0.0.1:5432:5432"]
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& svc : stack.services) {
      const Located<std::string>* method = postgres_trusts_anyone(svc);
      if (method == nullptr || uses_template_variable(stack, method->location)) continue;
      std::vector<Related> related;
      for (const PortMapping& p : svc.ports) {
        related.push_back(
            Related{.message = "port published on " + (p.host_ip.empty() ? std::string("all interfaces") : p.host_ip),
                    .location = p.location});
      }
      const Location at = method->location.valid() ? method->location : svc.location;
      out.report("postgres in service '" + svc.name +
                     "' trusts every client: POSTGRES_HOST_AUTH_METHOD=trust lets anyone who reaches its published "
                     "port log in as any user without a password",
                 at, std::move(related));
    }
  }
};

}  // namespace

const Rule& security_postgres_trust_auth() {
  static const SecurityPostgresTrustAuth r;
  return r;
}

}  // namespace stacklint::rules
