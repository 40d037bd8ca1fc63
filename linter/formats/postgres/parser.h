// postgresql.conf as postgres reads it (guc-file.l ParseConfigFp, conffiles.c, guc.c
// ProcessConfigFileInternal): lines `name [=] value`, include / include_if_exists / include_dir
// expanded in place, then every name checked and every value parsed for the parameter's type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/formats/postgres/params.h"
#include "linter/model/pg_config.h"
#include "linter/source/include_resolver.h"

namespace stacklint::postgres {

// A setting given on the server's command line (`-c name=value`, `--name=value`, short options).
struct CommandLineSetting {
  std::string name;
  std::string value;
  Location location;
};

struct LoadOptions {
  int major = kNewestMajor;
  // Applied before the file, in order, as postgres does (errors go to cfg.command_line_errors); a
  // file value for the same parameter is still checked, against the values set so far, but does not
  // replace it.
  std::vector<CommandLineSetting> command_line;
};

// Include nesting limit (guc.h CONF_FILE_MAX_DEPTH).
inline constexpr int kMaxIncludeDepth = 10;

// What reading a configuration file gave, besides the settings in the PgConfig.
struct LoadResult {
  bool loaded = false;             // the main file was read
  std::vector<ParseIssue> errors;  // syntax, include, name and value errors, located in their files
};

// Reads the configuration file `server_path` (as the server sees it) and everything it includes,
// through `resolver`, into `cfg` (settings and cfg.files), after the command line of `options`
// (applied even when the file cannot be read). Values are checked against their range and
// postgres's check hooks (linter/formats/postgres/hooks.h), in postgres's order. `main` is where the main file is named
// (the command line), for a refusal. Includes are relative to the including file, as postgres reads
// them; a directory stops at its first failing file and nesting stops at kMaxIncludeDepth, as in
// postgres, so an include fan-out stays linear.
LoadResult load_config(IncludeResolver& resolver, PgConfig& cfg, const std::string& server_path,
                       const LoadOptions& options, const Reference& main);

// Applies a setting given outside any file (`-c name=value`, `--name=value`, initdb's -c): name
// with '-' read as '_', value not tokenized. Errors (postgres's messages) are appended to `errors`
// at `where`. Returns whether it was accepted.
bool apply_setting(PgConfig& cfg, std::string_view name, std::string_view value, const Location& where,
                   SettingOrigin origin, std::vector<ParseIssue>& errors);

// The message for an unknown parameter, with a "did you mean" when a known name is close.
std::string unrecognized_message(std::string_view name, int major);

}  // namespace stacklint::postgres
