// Helpers shared by the redis/* rules: where a redis service's settings live.
#pragma once

#include <string>

#include "linter/model/redis_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules::redis_rules {

// The redis configuration of a service whose redis server runs: null when the service is disabled,
// runs no modelled redis, or its redis exits at start (a config file it cannot open: redis/syntax's
// finding, and no other rule's).
inline const RedisConfig* running_redis(const Service& s) {
  return s.enabled && s.redis && s.redis->starts ? s.redis.get() : nullptr;
}

// Where to point when a setting is missing: the service's config file, else its command, else the
// service itself.
inline Location config_anchor(const Service& s) {
  if (s.redis && !s.redis->files.empty()) return Location::whole_file(s.redis->files.front());
  if (s.command) return s.command->location;
  return s.location;
}

// Whether redis/maxmemory-unset reports the service: a running redis of a stack judged under load,
// with a memory limit and no maxmemory, whose configuration redis accepts. Other rules whose finding
// has that cause leave it to that one (alerts/divisor-mismatch's ratio over a maxmemory of 0: one
// fix, rw233 TradingSystem).
bool maxmemory_unset_reported(const Stack& stack, const Service& s);

// "maxmemory 256 MiB (redis/redis.conf:2)" style provenance of a setting.
inline std::string where(const Location& l) {
  if (!l.valid()) return "";
  return l.file + ":" + std::to_string(l.line);
}

}  // namespace stacklint::rules::redis_rules
