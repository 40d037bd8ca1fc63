// What a redis-server process really runs with: the settings of its config file (includes expanded
// in place) and of its command line, normalized as redis itself reads them (linter/formats/redis).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "linter/model/setting.h"
#include "linter/source/source.h"

namespace stacklint {

struct RedisConfig {
  std::vector<std::string> files;  // stack paths read (the main file first, then includes in order)
  // Canonical lower-case names after alias resolution (slaveof -> replicaof). Memory settings are
  // int64_t bytes with unit "bytes", integers int64_t, yes/no bool, enums and strings std::string.
  // `save` holds the effective save points as CONFIG GET prints them ("3600 1 300 100").
  Settings settings;

  // Effective RDB save points (seconds, changes). Redis 7 defaults when `save` never appears.
  std::vector<std::pair<int64_t, int64_t>> save_points = default_save_points();
  bool save_set = false;   // a `save` directive (file or command line) was seen
  Location save_location;  // the last `save` directive

  // Directives that may appear several times and are kept in order.
  std::vector<Located<std::vector<std::string>>> users;             // `user NAME RULES...`
  std::vector<Located<std::vector<std::string>>> renamed_commands;  // `rename-command FROM TO`
  std::vector<Located<std::vector<std::string>>> modules;           // `loadmodule PATH ARGS...`

  // Errors in the command line's `--name value` options, located at the compose `command` (errors
  // in files go to their StackFile's `errors`). Reported by redis/syntax.
  std::vector<ParseIssue> command_line_errors;

  // The release whose rules apply (linter/formats/redis/directives.h: 6.0 .. 7.4), and whether it was
  // assumed (no image tag, --redis-version or [redis] version said it).
  int major = 7, minor = 4;
  bool version_assumed = false;

  // The official image compiles redis with protected-mode defaulting to "no".
  bool image_protected_mode_default_off = false;

  // False when redis exits at start because the config file its command names cannot be opened
  // (redis/syntax reports it): no server runs, so no rule judges its memory or its exposure.
  bool starts = true;

  // requirepass comes from a variable compose requires (`--requirepass ${REDIS_PASSWORD:?set it}`)
  // or one whose value is unknown here (set only by a template or the user's environment): never an
  // open server where the stack runs (compose refuses to start without it, or redis without a value).
  bool required_password = false;

  [[nodiscard]] static std::vector<std::pair<int64_t, int64_t>> default_save_points() {
    return {{3600, 1}, {300, 100}, {60, 10000}};
  }

  [[nodiscard]] const Setting* find(const std::string& name) const {
    const auto it = settings.find(name);
    return it == settings.end() ? nullptr : &it->second;
  }
  // Bytes; 0 = no limit (also when unset).
  [[nodiscard]] int64_t maxmemory() const;
  [[nodiscard]] std::string maxmemory_policy() const;  // "noeviction" unless set
  [[nodiscard]] bool appendonly() const;
  // Save points non-empty or appendonly yes.
  [[nodiscard]] bool persistence_enabled() const { return !save_points.empty() || appendonly(); }
  // A non-empty requirepass, or a `user default` line with a password (>pass or #hash).
  [[nodiscard]] bool has_password() const;
  // An `aclfile` holds the users (`user default off`, `user app on >secret`): stacklint does not read
  // it, so whether a client needs a password is unknown.
  [[nodiscard]] bool users_in_acl_file() const;
  [[nodiscard]] bool protected_mode() const;
  // The bind addresses in effect (redis 7 default: "* -::*").
  [[nodiscard]] std::vector<std::string> bind_addresses() const;
  [[nodiscard]] int64_t port() const;      // 6379 unless set; 0: no plain TCP listener
  [[nodiscard]] int64_t tls_port() const;  // 0 (none) unless set
  // With `cluster-enabled yes`, the port of the cluster bus: `cluster-port`, else the client port
  // (port, else tls-port) + 10000; 0 without cluster mode.
  [[nodiscard]] int64_t cluster_bus_port() const;
  // The setting's location, or an invalid Location when it was never set.
  [[nodiscard]] Location location_of(const std::string& name) const {
    const Setting* s = find(name);
    return s == nullptr ? Location{} : s->current.location;
  }
};

}  // namespace stacklint
