// Shared knowledge of the security rules: the raw text of a value as written (to tell literals
// from `${VAR}`), example values, open redis. What is a secret (names, defaults, URL passwords) is
// linter/model/secrets.h: every output masks with the same predicate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/secrets.h"
#include "linter/model/stack.h"
#include "linter/model/written.h"

namespace stacklint::rules {

// Whether a secret looks generated (a key or token: 20 characters or more, at least three of lower
// case, upper case, digits and symbols, few repeats) rather than chosen (`temporal`, `postgres`).
bool looks_generated(std::string_view value);

// Whether a secret is a credential another service issued, which opens that service wherever the
// file is read: a token of a known provider's format (`sk-...`, `AKIA...`, `ghp_...`, `xoxb-...`,
// `AIza...`, `SG....`, `glpat-...`), a chat webhook URL (Slack, Discord, Teams, a Telegram bot), or a
// variable named for a provider (`OPENAI_API_KEY`, `STRIPE_SECRET_KEY`, `AWS_SECRET_ACCESS_KEY`) or for
// an account at one (`SMTP_PASSWORD`, `PAYMENT_API_TOKEN`).
bool third_party_credential(std::string_view name, std::string_view value);

// Whether a service's ports reach beyond the host's loopback (or it runs on the host network).
bool published_beyond_loopback(const Service& s);

// A note per published port of a service: "port published on all interfaces" (or on its address).
std::vector<Related> published_port_notes(const Service& s);

// Whether a postgres or redis service's password guards nothing an outsider reaches: no port of it
// is published beyond loopback, nor is a pgbouncer's in front of a postgres (clients log in through
// it with the same users). Only containers of the stack reach such a server.
bool internal_server(const Stack& stack, const Service& s);

// Whether `name` is a password of a database server the stack runs that only its containers reach:
// a postgres or redis internal_server (its POSTGRES_PASSWORD, requirepass...), or a service whose
// image is named for a database stacklint does not model (mysql, mariadb, mongo, a project's
// `kkimurak/sameersbn-postgresql`) with no port published beyond loopback and `name` a password
// variable (rw41 MISP, rw46 docker-gitlab's DB_PASS, boilerplates' jc21/mariadb-aria).
bool internal_database_password(const Stack& stack, const Service& s, std::string_view name);

// The POSTGRES_HOST_AUTH_METHOD=trust entry of a postgres-role service published beyond loopback:
// the image writes `host all all all trust`, so anyone who reaches the port logs in as any user.
const Located<std::string>* postgres_trusts_anyone(const Service& s);
// A pgbouncer service published beyond loopback that asks clients for no password: `auth_type =
// any` (any user name, the connect string's user on the server side) or `trust` (any user of
// auth_file). The auth_type, else "".
std::string pgbouncer_trusts_anyone(const Service& s);

// A redis-role service that accepts clients without a password from outside the host: no
// requirepass, protected-mode off, bound to all interfaces and a port published beyond loopback;
// or a bitnami image started with ALLOW_EMPTY_PASSWORD=yes and no REDIS_PASSWORD.
struct OpenRedis {
  bool open = false;
  Location empty_password_flag;  // the ALLOW_EMPTY_PASSWORD entry, when that is the cause
};
OpenRedis redis_open_to_anyone(const Service& s);

// Reports a finding about what an outsider can reach (a published database, a default password, an
// open Redis) at the rule's severity where the stack is stated deployed (StackPurpose::stated), else
// as a note that says so: nothing tells a developer's stack from a deployment there.
inline constexpr const char* kNotStatedDeployed =
    " (a note: nothing says the stack is deployed; if it is, say so with `[stack] deployed = true` in "
    ".stacklint.toml)";
void report_exposure(const Stack& stack, Reporter& out, std::string message, Location location,
                     std::vector<Related> related = {});
// Whether the findings about what a deployment exposes are reported: a database port published, a
// well-known password. Only where the stack is stated deployed (StackPurpose::stated): where nothing
// says so, the notes of these two rules were judged noise three times in four (rw209-rw241:
// database-port-published 16 right, 27 noise, 2 wrong; default-credentials 8 right, 24 noise), most
// on a developer's or a demo's stack, where the port is published and the password kept on purpose.
// So are a password chosen by hand there (security/plaintext-secret: 20 right, 47 noise over
// rw209-rw247). A generated key leaks from any file and is reported; an open door (a Redis without a
// password, trust authentication, Grafana's anonymous admin) stays one on any network: those stay
// notes there (report_exposure).
bool reports_deployment_exposure(const Stack& stack);

// Notes for the empty `ports: []` of later compose files that meant to take the service's published
// ports away and did not (compose appends lists; `!reset []` removes them).
std::vector<Related> kept_ports_notes(const Stack& stack, const Service& s);

}  // namespace stacklint::rules
