// postgresql.conf as postgres reads it (guc-file.l ParseConfigFp, conffiles.c, guc.c
// ProcessConfigFileInternal): lines `name [=] value`, include / include_if_exists / include_dir
// expanded in place, then every name checked and every value parsed for the parameter's type.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/formats/postgres/params.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint::postgres {

// Maps a path as the server sees it (absolute, or relative to the current directory for the main
// file) to a path on this machine; nullopt when the server's file is not visible to stacklint.
using PathResolver = std::function<std::optional<std::string>(const std::string& server_path)>;

struct LoadOptions {
  int major = kNewestMajor;
  PathResolver resolve;  // empty: server paths are host paths
};

// Include nesting limit (guc.h CONF_FILE_MAX_DEPTH).
inline constexpr int kMaxIncludeDepth = 10;

// Reads the configuration file `server_path` and everything it includes into `cfg` (settings and
// cfg.files). Every file is registered with load_stack_file(kind "postgres"); syntax, include,
// name and value errors are appended to the `errors` of the file they are in. Returns false when
// the main file itself cannot be read (nothing is recorded then).
bool load_config(Stack& stack, const FileSystem& fs, PgConfig& cfg, const std::string& server_path,
                 const LoadOptions& options);

// Applies a setting given outside any file (`-c name=value`, `--name=value`, initdb's -c): name
// with '-' read as '_', value not tokenized. Errors (postgres's messages) are appended to `errors`
// at `where`. Returns whether it was accepted.
bool apply_setting(PgConfig& cfg, std::string_view name, std::string_view value, const Location& where,
                   const std::string& origin, std::vector<ParseIssue>& errors);

// The message for an unknown parameter, with a "did you mean" when a known name is close.
std::string unrecognized_message(std::string_view name, int major);

}  // namespace stacklint::postgres
