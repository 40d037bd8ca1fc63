// The `[pgbouncer]` parameters of pgbouncer 1.18 to 1.25 (src/main.c bouncer_params), their value
// types and defaults, and the keys a `[databases]` or `[users]` entry accepts in each version
// (src/loader.c parse_database, parse_user).
#pragma once

#include <optional>
#include <string_view>

#include "linter/model/pgbouncer_config.h"

namespace stacklint::pgbouncer {

enum class ParamType : uint8_t {
  string,
  integer,           // strtol base 0, the whole value: `0x10` and `010` are numbers, `20k` is invalid
  unsigned_integer,  // strtoul base 0
  seconds,           // a non-negative float (strtod), no unit: `10s` is invalid
  auth_type,         // case-insensitive lookups
  pool_mode,
  sslmode,
  auth_dbname,  // a string that may not be "pgbouncer" (1.20+)
};

struct Param {
  std::string_view name;
  ParamType type = ParamType::string;
  std::optional<std::string_view> default_value;  // nullopt: no default (reentering [pgbouncer] keeps it)
  int since_minor = 18;                           // first 1.x release that knows it
};

// The parameter of that name in `version`, or nullptr when pgbouncer does not know it.
const Param* find_param(std::string_view name, const PgBouncerVersion& version);
// Every parameter of the newest release (for "did you mean").
std::vector<std::string_view> param_names(const PgBouncerVersion& version);

// Whether a lookup value is one pgbouncer accepts (case-insensitive).
bool valid_lookup(ParamType type, std::string_view value, const PgBouncerVersion& version);

// `[databases]` / `[users]` keys known to `version`.
bool database_key_known(std::string_view key, const PgBouncerVersion& version);
bool user_key_known(std::string_view key, const PgBouncerVersion& version);

// "1.21.0-p2", "v1.24.1", "1.23" -> a version; nullopt for anything else ("latest").
std::optional<PgBouncerVersion> parse_version(std::string_view tag);

}  // namespace stacklint::pgbouncer
