// security/postgres-trust-auth: a published postgres that lets anyone log in without a password.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/formats/postgres/hba.h"
#include "linter/model/address.h"
#include "linter/model/pg_config.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/stack.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

// Whether a record can match a TCP connection from outside the container without a password.
bool opens_to_network(const HbaRecord& r, bool ssl) {
  if (!r.error.empty() || r.unknown || r.method != HbaMethod::trust) return false;
  switch (r.type) {
    case HbaConnType::local:
    case HbaConnType::hostgssenc:  // GSSAPI encryption needs a Kerberos setup: unknown, silent
      return false;
    case HbaConnType::hostssl:
      if (!ssl) return false;  // postgres loads it, but it cannot match
      break;
    case HbaConnType::host:
    case HbaConnType::hostnossl:
    case HbaConnType::hostnogssenc:
      break;
  }
  // A host name (other than localhost) or a single address (/32, /128: a developer's machine, the
  // bridge gateway host tools arrive from) names the clients it trusts: not "anyone".
  if (r.address.kind == HbaAddressKind::ip) {
    const size_t bytes = r.address.family == 4 ? 4 : 16;
    const auto end = r.address.mask.begin() + static_cast<std::ptrdiff_t>(bytes);
    if (std::all_of(r.address.mask.begin(), end, [](uint8_t b) { return b == 0xff; })) return false;
  }
  return !postgres::hba_loopback_only(r) && r.address.kind != HbaAddressKind::hostname;
}

// The records of `hba` that trust the network and that no earlier record shadows, in order; none
// once a record stacklint cannot see comes first (it might shadow them).
std::vector<const HbaRecord*> open_trusts(const HbaFile& hba, bool ssl) {
  std::vector<const HbaRecord*> out;
  for (size_t i = 0; i < hba.records.size(); ++i) {
    const HbaRecord& r = hba.records[i];
    if (r.unknown) break;  // anything after an unseen include may be shadowed by it
    if (!opens_to_network(r, ssl)) continue;
    bool shadowed = false;
    bool unknown = false;
    for (size_t j = 0; j < i && !shadowed && !unknown; ++j) {
      const HbaRecord& e = hba.records[j];
      unknown = e.lists_unknown;
      if (e.type == HbaConnType::hostssl && !ssl) continue;
      shadowed = postgres::hba_covers(e, r);
    }
    if (unknown) break;
    if (!shadowed) out.push_back(&r);
  }
  return out;
}

std::string who(const std::vector<HbaToken>& users) {
  if (std::any_of(users.begin(), users.end(), [](const HbaToken& t) { return t.is_keyword("all"); })) {
    return "any user, the superuser included,";
  }
  std::string s;
  for (const HbaToken& t : users) s += (s.empty() ? "" : ", ") + t.text;
  return "user " + s;
}

std::string from_where(const HbaRecord& r) {
  switch (r.address.kind) {
    case HbaAddressKind::all:
      return "any address";
    case HbaAddressKind::samenet:
      return "any address on the server's subnets";
    default:
      break;
  }
  std::string s;
  for (const HbaToken& t : r.address_tokens) s += (s.empty() ? "" : " ") + t.text;
  return s;
}

class SecurityPostgresTrustAuth final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/postgres-trust-auth",
        .severity = Severity::error,
        .summary =
            "POSTGRES_HOST_AUTH_METHOD=trust, or a `trust` line of the pg_hba.conf the server reads, on a "
            "postgres whose port is published beyond loopback; pgbouncer's `auth_type = any` or `trust` likewise.",
        .rationale =
            "With `POSTGRES_HOST_AUTH_METHOD=trust` the postgres image writes `host all all all trust` into "
            "pg_hba.conf: every client that reaches the port logs in as any user, the superuser included, with "
            "no password. The image's documentation warns against it for anything but local tests. stacklint "
            "reports it when the port is published beyond loopback (or the service runs on the host network); "
            "`security/database-port-published` then does not report the same port again. Set "
            "`POSTGRES_PASSWORD` (from a secret) and drop the variable, or publish on 127.0.0.1 only. "
            "When the stack bind-mounts the pg_hba.conf the server reads (`hba_file` in postgresql.conf or `-c "
            "hba_file=`, else `$PGDATA/pg_hba.conf`; bitnami's conf directory), that file decides instead of the "
            "variable: stacklint reports each `trust` record of type host, hostssl (with ssl on), hostnossl or "
            "hostnogssenc whose address is not the loopback (127.0.0.0/8, ::1, localhost, samehost), a single address "
            "(/32, "
            "/128) nor a host name, "
            "unless an earlier record matches every connection it matches (postgres uses the first matching "
            "record), and unless postgresql.conf listens on loopback only. `local` records never reach the "
            "network. A pg_hba.conf no postgres service reads is only checked for its syntax (postgres/syntax).\n\n"
            "A pgbouncer in front of it is an entrance of its own: `auth_type = any` (any user name, no password; "
            "pgbouncer logs in to the server as the user of the database's connect string) or `trust` (any user "
            "of its auth_file, no password) on a port published beyond loopback is reported the same way. With `any` "
            "and no database entry that names its `user=`, pgbouncer refuses every login (`auth_type=any requires "
            "forced user`): nobody gets in, and nothing is reported.\n\n"
            "Test harnesses trust on purpose: a stack its authors mark as a test, example or development "
            "stack (`tests/`, `compose.test.yaml`, `RAILS_ENV: test`: `purpose` in `stacklint model`) is not "
            "judged unless `[stack] deployed = true`."
            " Where nothing says the stack is deployed, the finding is a note (see \"A stack's purpose\" in "
            "docs/configuration.md for what says it).",
        .bad_example = {{.path = ".stacklint.toml", .content = "[stack]\ndeployed = true\n"},
                        {.path = "compose.yaml", .content = R"(services:
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
    if (!stack.purpose.deployed) return;
    for (const Service& svc : stack.services) {
      if (svc.postgres && svc.postgres->hba) {
        check_hba(stack, svc, out);
        continue;  // the mounted file decides, not the entrypoint's `host all all all $METHOD`
      }
      if (const std::string auth = pgbouncer_trusts_anyone(svc); !auth.empty()) {
        const Location at = svc.pgbouncer->location_of("auth_type");
        const bool templated = at.valid() && uses_template_variable(stack, at);
        if (!templated) {
          report_exposure(stack, out,
                          "pgbouncer in service '" + svc.name + "' asks no client for a password: auth_type = " + auth +
                              " lets anyone who reaches its published port log in" +
                              (auth == "any" ? " under any user name, as the user of each database's connect string"
                                             : " as any user of its auth_file"),
                          at.valid() ? at : svc.location, published_port_notes(svc));
        }
        continue;
      }
      const Located<std::string>* method = postgres_trusts_anyone(svc);
      if (method == nullptr || uses_template_variable(stack, method->location)) continue;
      const Location at = method->location.valid() ? method->location : svc.location;
      report_exposure(
          stack, out,
          "postgres in service '" + svc.name +
              "' trusts every client: POSTGRES_HOST_AUTH_METHOD=trust lets anyone who reaches its published "
              "port log in as any user without a password",
          at, published_port_notes(svc));
    }
  }

 private:
  static void check_hba(const Stack& stack, const Service& svc, Reporter& out) {
    const PgConfig& cfg = *svc.postgres;
    if (!svc.enabled || !published_beyond_loopback(svc) || listens_on_loopback_only(cfg) || cfg.hba->has_errors()) {
      return;
    }
    for (const HbaRecord* r : open_trusts(*cfg.hba, cfg.boolean("ssl"))) {
      report_exposure(stack, out,
                      "postgres in service '" + svc.name + "' trusts every client from " + from_where(*r) +
                          ": this pg_hba.conf line lets anyone who reaches its published port log in as " +
                          who(r->users) + " without a password",
                      r->method_token.location, published_port_notes(svc));
    }
  }
};

}  // namespace

const Rule& security_postgres_trust_auth() {
  static const SecurityPostgresTrustAuth r;
  return r;
}

}  // namespace stacklint::rules
