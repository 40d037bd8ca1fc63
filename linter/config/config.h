// .stacklint.toml: host budget, rule severities and options, service roles, path filters.
// Read with toml++; every problem is data (file:line:col + message, with a did-you-mean).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/kinds.h"
#include "linter/source/source.h"

namespace stacklint {

struct ConfigError {
  std::string message;
  Location location;  // file as given to parse_config
};

struct Config {
  std::optional<Located<int64_t>> host_memory;                // [host] memory
  std::optional<Located<int64_t>> reserve;                    // [host] reserve
  std::map<std::string, std::optional<Severity>> severity;    // [rules] "id" = ...; nullopt = off
  std::map<std::string, RuleOptionValues> options;            // [rules."id"] tables
  std::map<std::string, Located<Role>> roles;                 // [services.NAME] role
  std::vector<std::string> include;                           // [paths] include globs ("" = everything)
  std::vector<std::string> exclude;                           // [paths] exclude globs
  std::optional<Located<int>> postgres_version;               // [postgres] version (major, 15..18)
  std::optional<Located<std::pair<int, int>>> redis_version;  // [redis] version ("7.2", 6.0..7.4)
  std::optional<Located<bool>> deployed;                      // [stack] deployed (linter/stack/purpose.h)
};

struct ConfigLoad {
  Config config;
  std::vector<ConfigError> errors;
};

// The roles a service may be given.
const std::vector<std::string>& known_roles();

// Parses the text of a .stacklint.toml; `file` is the path used in locations.
ConfigLoad parse_config(std::string_view text, const std::string& file);

// Glob match on '/'-separated paths: `*` and `?` stay inside one segment, `**` crosses segments
// ("**/" also matches nothing), everything else is literal.
bool paths_glob_match(std::string_view pattern, std::string_view path);

// Whether a stack-relative path passes the [paths] include/exclude filters.
bool path_selected(const Config& config, std::string_view path);

}  // namespace stacklint
