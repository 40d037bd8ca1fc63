// What a pgbouncer process runs with: its pgbouncer.ini (includes expanded in place) or the ini its
// image generates from the environment, read as pgbouncer reads it (linter/formats/pgbouncer).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/setting.h"
#include "linter/source/source.h"

namespace stacklint {

// A pgbouncer release (major.minor); stacklint knows 1.18 (Debian 12) to 1.25.
struct PgBouncerVersion {
  int major = 1;
  int minor = 25;
  [[nodiscard]] bool at_least(int ma, int mi) const { return major > ma || (major == ma && minor >= mi); }
  [[nodiscard]] std::string text() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// One `[databases]` entry: `name = key=value ...`.
struct PgBouncerDatabase {
  Located<std::string> name;  // the database clients ask for ("*" = the fallback for any name)
  Location location;          // the whole entry line (or the environment variable that generated it)
  std::string host;           // "" = unix socket
  int64_t port = 5432;
  std::string dbname;  // the database pgbouncer asks the server for (the entry's name unless dbname=)
  std::string user;    // forced user (user=), "" when clients' own users are used
  std::string auth_user;
  std::optional<int64_t> pool_size;
  std::optional<int64_t> reserve_pool_size;
  std::optional<int64_t> min_pool_size;
  std::optional<int64_t> max_db_connections;
  std::string pool_mode;  // "" = inherit
  // password=, as pgbouncer reads it (quotes undone), at its value; empty when none.
  Located<std::string> password;
  bool fallback = false;       // the "*" entry (pgbouncer does not validate it at load)
  std::string target_service;  // the compose service host:port reaches (set by linter/stack; "" when none)
};

// One `[users]` entry.
struct PgBouncerUser {
  Located<std::string> name;
  std::optional<int64_t> pool_size;          // 1.23+
  std::optional<int64_t> reserve_pool_size;  // 1.24+
  std::optional<int64_t> max_user_connections;
  std::string pool_mode;
};

struct PgBouncerConfig {
  PgBouncerVersion version;
  std::vector<std::string> files;  // stack paths read (the main file first, then includes in order)
  // Where the ini came from: "file" (a mounted ini), or the image that generated it from the
  // environment ("edoburu/pgbouncer", "bitnami/pgbouncer").
  std::string origin = "file";
  // [pgbouncer] settings as written (names lower-case as pgbouncer requires them). Integers are
  // int64_t, times double seconds with unit "seconds", enums lower-case std::string, strings
  // std::string. Defaults are not listed: see the accessors.
  Settings settings;
  std::vector<PgBouncerDatabase> databases;
  std::vector<PgBouncerUser> users;
  // What pgbouncer refuses: `FATAL cannot load config file` (pgbouncer/syntax). Errors in files
  // are located in their file; errors of a generated ini at the environment variable behind them.
  std::vector<ParseIssue> errors;
  // The defaults of `version`, as pgbouncer writes them (set by the parser): the accessors fall back
  // to them.
  std::map<std::string, std::string> defaults;

  [[nodiscard]] const Setting* find(std::string_view name) const {
    const auto it = settings.find(std::string(name));
    return it == settings.end() ? nullptr : &it->second;
  }
  // An integer setting, or its pgbouncer default.
  [[nodiscard]] int64_t integer(std::string_view name) const;
  [[nodiscard]] double seconds(std::string_view name) const;    // a time setting, or its default
  [[nodiscard]] std::string text(std::string_view name) const;  // a string/enum setting, or its default
  [[nodiscard]] int64_t listen_port() const { return integer("listen_port"); }
  [[nodiscard]] Location location_of(std::string_view name) const {
    const Setting* s = find(name);
    return s == nullptr ? Location{} : s->current.location;
  }
};

}  // namespace stacklint
