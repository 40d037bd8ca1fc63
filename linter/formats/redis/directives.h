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
// Directives handled outside the table: include, rename-command, user, loadmodule, sentinel.
bool is_special_directive(std::string_view name);
// Redis 7.0's top-level command names (lower-case), for rename-command.
const std::vector<std::string_view>& command_names();
// The releases stacklint models (6.0 to 7.4) and the one used when nothing says.
inline constexpr int kOldestMajor = 6, kOldestMinor = 0;
inline constexpr int kNewestMajor = 7, kNewestMinor = 4;

// A directive that not every modelled release reads: from since.major.minor until (excluded)
// until_major.until_minor. Directives of 7.0's table that are not listed are read by all of them;
// listed names missing from the table (added after 7.0, removed by 7.0) are read without checks.
struct DirectiveRelease {
  std::string_view name;  // as written (canonical or alias), lower-case
  int since_major, since_minor;
  int until_major, until_minor;
};
// The release range of `name`, or nullptr when every modelled release reads it like 7.0.
const DirectiveRelease* directive_release(std::string_view name);

// The closest known directive name to `name` (edit distance at most 3), or "".
std::string suggest_directive(std::string_view name);

}  // namespace stacklint::redis
