// Which postgresql.conf a postgres service really reads, and what its command line changes.
#pragma once

#include <memory>
#include <string>

#include "linter/model/pg_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

// For a service whose role is "postgres": decides the file the server reads (`-c config_file=X`,
// `--config-file=X`, else $PGDATA/postgresql.conf), resolves it through the mounts, parses it and
// its includes, then applies POSTGRES_INITDB_ARGS `-c` (16+, only for the initdb-written file) and
// the command line's `-c k=v` / `--k=v` and short options. Sets svc.postgres (always: defaults only
// when no file is mounted).
void bind_postgres(Stack& stack, Service& svc, const FileSystem& fs);

// A postgresql.conf given on the command line that no service reads: parsed for the newest major
// version, includes relative to the file's directory on this machine. The caller adds it to
// stack.standalone_postgres; nullptr when the file cannot be read.
std::shared_ptr<PgConfig> load_standalone_postgres(Stack& stack, const FileSystem& fs, const std::string& host_path);

// A pg_hba.conf no postgres service reads, given on the command line or found by its name: read for
// the newest major version (or --postgres-version), for its syntax only.
void load_standalone_hba(Stack& stack, const FileSystem& fs, const std::string& host_path);

// The major version of a postgres image tag ("15", "15.4-alpine", "16-bookworm"); the newest
// modeled version when empty or not a number.
int postgres_major(const std::string& version);

// PGDATA of the official image for a major version (18+: /var/lib/postgresql/MAJOR/docker).
std::string postgres_default_pgdata(int major);

}  // namespace stacklint
