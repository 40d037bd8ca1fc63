// `[databases]`, `[users]` and `[peers]` entries as src/loader.c reads them: libpq-style pairs,
// lenient numbers (atoi: `pool_size=abc` is 0), unknown keys refused.
#pragma once

#include <string>
#include <string_view>

#include "linter/model/pgbouncer_config.h"

namespace stacklint::pgbouncer {

void read_database(const std::string& name, const Location& name_at, std::string_view value, const Location& value_at,
                   const Location& line_at, const PgBouncerVersion& version, PgBouncerConfig& config);
void read_user(const std::string& name, const Location& name_at, std::string_view value, const Location& value_at,
               const PgBouncerVersion& version, PgBouncerConfig& config);
void read_peer(const std::string& name, const Location& name_at, std::string_view value, const Location& value_at,
               PgBouncerConfig& config);

// C's atoi: leading blanks, a sign, digits; 0 when there are none.
int64_t c_atoi(std::string_view s);

}  // namespace stacklint::pgbouncer
