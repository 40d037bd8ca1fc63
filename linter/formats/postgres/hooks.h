// postgres's checks beyond a parameter's own range: the check hooks of guc_tables.c that refuse an
// in-range value because of other parameters, the build or the platform, and the startup check of
// the server-process count. Per major version:
// - max_connections, autovacuum_max_workers, max_worker_processes, max_wal_senders: up to 17 their
//   check hooks refuse a value when max_connections + autovacuum_max_workers + 1 (the autovacuum
//   launcher) + max_worker_processes + max_wal_senders > MAX_BACKENDS (262143), against the values
//   set so far (the command line first, then the file in order). 17 also counts the slot sync
//   worker when it sizes the process array (InitializeMaxBackends: + 2 instead of + 1, "too many
//   backends configured"). 18 drops the hooks and checks the sum once at startup, with
//   autovacuum_worker_slots in place of autovacuum_max_workers ("too many server processes
//   configured").
// - max_stack_depth: at most the stack rlimit less 512 kB (7680kB under a container's usual 8 MB).
// - bonjour = on: refused by builds without Bonjour (Debian's packages and the official images).
// - log_statement_stats and log_parser_stats / log_planner_stats / log_executor_stats exclude each
//   other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/formats/postgres/params.h"
#include "linter/model/pg_config.h"

namespace stacklint::postgres {

// PostgreSQL's MAX_BACKENDS (2^18 - 1).
inline constexpr int64_t kMaxBackends = 262143;

// The message when a check hook refuses `value` for `def` (`name` as written), "" when it accepts:
// postgres's own message, its detail and hint in parentheses, then which other settings are involved.
// `current` holds the values set so far (defaults for the rest) and the server's stack limit.
std::string check_hook(const ParamDef& def, std::string_view name, const ParsedValue& value, const PgConfig& current);

// The other parameters a hook of `param` reads (for notes at their settings).
std::vector<std::string_view> hook_reads(std::string_view param, int major);

// A note at each of `names` that is set: "name = raw (origin)".
std::vector<Related> setting_notes(const PgConfig& cfg, const std::vector<std::string_view>& names);

// The startup check of the number of server processes (17+), once every setting is applied:
// appends to cfg.startup_errors, located at the largest of the four settings that is set.
void check_startup(PgConfig& cfg);

}  // namespace stacklint::postgres
