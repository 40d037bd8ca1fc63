// What a postgres server really runs with: the settings of its postgresql.conf (includes expanded in
// place), then of its command line (`-c name=value`), normalized as postgres reads them
// (linter/formats/postgres). Parse errors live in the StackFile of the file they are in.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/pg_hba.h"
#include "linter/model/setting.h"
#include "linter/source/source.h"

namespace stacklint {

// The default value of a parameter in a major version (none: an empty SettingValue). The table
// is the parser's (linter/formats/postgres/params.h): the parser sets PgConfig::defaults when it
// reads a configuration, so the model's accessors answer with defaults without knowing the table.
using PgDefaults = SettingValue (*)(std::string_view name, int major);

struct PgConfig {
  int major = 18;  // the major version the settings were checked for
  // When no image or flag gave the version: "PostgreSQL 18 rules; pass --postgres-version", added to
  // the messages that depend on it.
  std::string version_note;
  PgDefaults defaults = nullptr;   // set by the parser
  std::vector<std::string> files;  // stack paths read (the main file first, then includes in order)
  // Canonical lower-case names (aliases resolved: sort_mem -> work_mem). Memory is int64_t bytes with
  // unit "bytes" and time double seconds with unit "seconds" (negative sentinels such as -1 are kept
  // as written); other integers int64_t, reals double, booleans bool, enums and strings std::string.
  // Extension placeholders (pg_stat_statements.max) are stored as strings.
  Settings settings;
  std::string config_file;  // the file the server reads, as the server sees it ("" = none mounted)
  // The pg_hba.conf the server reads (hba_file, else $PGDATA/pg_hba.conf, bitnami's conf directory),
  // when it is bind-mounted from the stack; null when it is the image's own or a volume's.
  std::shared_ptr<const HbaFile> hba;
  // The server's stack soft limit in bytes (0 = unlimited): compose `ulimits: stack`, else Docker's
  // default of 8 MB; max_stack_depth must stay 512 kB below it.
  int64_t stack_limit = 8LL * 1024 * 1024;
  std::string stack_limit_origin = "the default of Docker containers";
  Location stack_limit_location;

  // `-c name=value` in POSTGRES_INITDB_ARGS: written into postgresql.conf by initdb from 16 on;
  // ignored (initdb fails) before. Recorded for postgres/initdb-args-unsupported.
  std::vector<Located<std::string>> initdb_settings;
  bool initdb_settings_applied = false;
  // Errors of settings given on the command line (`-c name=value`): located at the compose
  // `command` that holds them; reported by postgres/syntax like the file errors.
  std::vector<ParseIssue> command_line_errors;
  // Checks postgres makes once every setting is applied (the number of server processes, 17+),
  // located at the setting they blame. Reported by postgres/syntax.
  std::vector<ParseIssue> startup_errors;

  [[nodiscard]] const Setting* find(std::string_view name) const {
    const auto it = settings.find(std::string(name));
    return it == settings.end() ? nullptr : &it->second;
  }
  // Effective memory setting in bytes, defaults included: wal_buffers -1 = shared_buffers/32 clamped
  // to [64 kB, 16 MB], autovacuum_work_mem -1 = maintenance_work_mem. 0 for unknown names.
  [[nodiscard]] int64_t memory_bytes(std::string_view name) const;
  // Effective integer setting, defaults included (memory in bytes, time settings in seconds rounded).
  [[nodiscard]] int64_t integer(std::string_view name) const;
  [[nodiscard]] double real(std::string_view name) const;
  [[nodiscard]] bool boolean(std::string_view name) const;
  [[nodiscard]] std::string string(std::string_view name) const;
  // The setting's location, or an invalid Location when it was never set.
  [[nodiscard]] Location location_of(std::string_view name) const {
    const Setting* s = find(name);
    return s == nullptr ? Location{} : s->current.location;
  }
};

// Whether a server with a mounted postgresql.conf listens on loopback only (listen_addresses there
// or on the command line; postgres's default `localhost` when the file does not set it; '' listens
// on no TCP socket at all). Without a mounted file the image listens on every interface.
bool listens_on_loopback_only(const PgConfig& cfg);

}  // namespace stacklint
