// The directives redis 7.0 accepts in redis.conf: its standard config table (names, aliases, types,
// bounds, enum values) plus the special directives handled in loadServerConfigFromString.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stacklint::redis {

enum class Type : uint8_t { boolean, string, enumeration, integer, special };

enum Flag : unsigned {
  kMemory = 1U,     // memtoull units accepted (bytes)
  kPercent = 2U,    // "N%" accepted (maxmemory-clients)
  kOctal = 4U,      // octal number (unixsocketperm)
  kMultiArg = 8U,   // any number of arguments (save, bind, ...)
  kUnsigned = 16U,  // bounds compared as unsigned
};

struct Directive {
  std::string_view name;   // canonical name
  std::string_view alias;  // "" when none
  Type type = Type::string;
  unsigned flags = 0;
  int64_t min = 0;
  uint64_t max = 0;
  std::vector<std::string_view> values;  // enum values
};

// The standard config named `name` (canonical or alias, lower-case), or nullptr.
const Directive* find_directive(std::string_view name);
// Every standard config (canonical names).
const std::vector<Directive>& all_directives();
// Directives handled outside the table: include, rename-command, user, loadmodule, sentinel.
bool is_special_directive(std::string_view name);
// Redis 7.0's top-level command names (lower-case), for rename-command.
const std::vector<std::string_view>& command_names();
// The closest known directive name to `name` (edit distance at most 3), or "".
std::string suggest_directive(std::string_view name);

}  // namespace stacklint::redis
