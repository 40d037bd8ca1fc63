// Shared knowledge of the security rules: which environment names hold secrets, well-known
// default passwords, and the raw text of a value as written (to tell literals from `${VAR}`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "linter/model/stack.h"

namespace stacklint::rules {

// PASSWORD, PASSWD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, `*_PASS`, `*_PWD`...
// (case-insensitive), but not the `*_FILE` variants that point at a Docker secret.
bool is_secret_name(std::string_view name);

// A secret that logs someone in (a password of a user or service), not a signing key or token.
bool is_password_name(std::string_view name);

// The product whose well-known default `value` is for `name`, e.g. "Grafana's default admin
// password"; nullopt when the value is not a known default.
std::optional<std::string> default_credential(std::string_view name, std::string_view value);

// The text exactly as written at `loc` in its file (quotes included), or "" when unknown.
std::string written_text(const Stack& stack, const Location& loc);

// Whether the value of a secret-named variable is no secret: empty, a `${...}` reference, a Docker
// secret path, a boolean or flag (`yes`, `no`, `true`, `0`, `1`: ALLOW_EMPTY_PASSWORD), or the name
// is one of an id or a user (`*_KEY_ID`, `*_USER`, `*_USERNAME`) or a cluster token that only
// names a cluster.
bool is_not_a_secret(std::string_view name, std::string_view value);

// The value written at `loc` as a rule may judge it: the written text, or "" when the value is
// unknown or only an example (no location, a `${VAR}` reference, a variable of the repository's
// `.env.example`).
bool value_is_judgeable(const Stack& stack, const Location& loc);

// Whether the text written at `loc` interpolates a variable that only the repository's
// `.env.example` (or another template) defines: its value is an example, not the deployment's.
bool uses_template_variable(const Stack& stack, const Location& loc);

// A redis-role service that accepts clients without a password from outside the host: no
// requirepass, protected-mode off, bound to all interfaces and a port published beyond loopback;
// or a bitnami image started with ALLOW_EMPTY_PASSWORD=yes and no REDIS_PASSWORD.
struct OpenRedis {
  bool open = false;
  Location empty_password_flag;  // the ALLOW_EMPTY_PASSWORD entry, when that is the cause
};
OpenRedis redis_open_to_anyone(const Service& s);

// The password of `scheme://user:password@host`, or "" when the URL has none written literally.
std::string url_password(std::string_view value);

}  // namespace stacklint::rules
