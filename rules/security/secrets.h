// Shared knowledge of the security rules: which environment names hold secrets, well-known
// default passwords, and the raw text of a value as written (to tell literals from `${VAR}`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "linter/model/stack.h"

namespace stacklint::rules {

// PASSWORD, PASSWD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY... (case-insensitive), but not
// the `*_FILE` variants that point at a Docker secret.
bool is_secret_name(std::string_view name);

// The product whose well-known default `value` is for `name`, e.g. "Grafana's default admin
// password"; nullopt when the value is not a known default.
std::optional<std::string> default_credential(std::string_view name, std::string_view value);

// The text exactly as written at `loc` in its file (quotes included), or "" when unknown.
std::string written_text(const Stack& stack, const Location& loc);

}  // namespace stacklint::rules
