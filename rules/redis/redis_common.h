// Helpers shared by the redis/* rules: where a redis service's settings live.
#pragma once

#include <string>

#include "linter/model/redis_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules::redis_rules {

// Where to point when a setting is missing: the service's config file, else its command, else the
// service itself.
inline Location config_anchor(const Service& s) {
  if (s.redis && !s.redis->files.empty()) return Location::whole_file(s.redis->files.front());
  if (s.command) return s.command->location;
  return s.location;
}

// "maxmemory 256 MiB (redis/redis.conf:2)" style provenance of a setting.
inline std::string where(const Location& l) {
  if (!l.valid()) return "";
  return l.file + ":" + std::to_string(l.line);
}

}  // namespace stacklint::rules::redis_rules
