// redis/maxmemory-over-limit: maxmemory at or above the container's memory limit.
#include <map>
#include <utility>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"
#include "rules/redis/redis_common.h"

namespace stacklint::rules {

namespace {

class RedisMaxmemoryOverLimit final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "redis/maxmemory-over-limit",
        .severity = Severity::error,
        .summary = "Redis maxmemory at or above its container's memory limit.",
        .rationale =
            "maxmemory counts only the dataset; the process also needs memory for the allocator's fragmentation, "
            "client and replication buffers and its own code. With maxmemory at or above the container limit the "
            "cgroup OOM killer ends Redis before eviction ever starts. Watch the units: in redis.conf `256m` is "
            "256,000,000 bytes but `256mb` is 268,435,456, while compose's `256m` is 268,435,456. The same maxmemory "
            "and limit copied into another service (a replica beside its master) is one finding, the copies its notes.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  redis:
    image: redis:7.2
    mem_limit: 256m
    command: ["redis-server", "--maxmemory", "256mb"]
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  redis:
    image: redis:7.2
    mem_limit: 256m
    command: ["redis-server", "--maxmemory", "200mb"]
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    // The same pair copied into another service (a replica beside its master, rw141 normaldance) is
    // one mistake: one finding at the first, the copies its notes.
    struct Pending {
      std::string message;
      Location at;
      std::vector<Related> related;
    };
    std::vector<Pending> pending;
    std::map<std::pair<int64_t, int64_t>, size_t> by_pair;
    for (const Service& s : stack.services) {
      if (redis_rules::running_redis(s) == nullptr || !s.memory_limit) continue;
      const int64_t maxmemory = s.redis->maxmemory();
      const int64_t limit = s.memory_limit->value;
      if (maxmemory == 0 || maxmemory < limit) continue;
      const Setting* set = s.redis->find("maxmemory");
      const Location at = set != nullptr ? set->current.location : redis_rules::config_anchor(s);
      const auto [it, added] = by_pair.try_emplace({maxmemory, limit}, pending.size());
      if (!added) {
        pending[it->second].related.push_back(
            Related{.message = "service '" + s.name + "' has the same maxmemory and limit", .location = at});
        continue;
      }
      const std::string raw = set != nullptr ? " (" + set->current.raw + ")" : "";
      pending.push_back(Pending{.message = "maxmemory " + format_bytes(maxmemory) + raw + " is " +
                                           (maxmemory == limit ? "equal to" : "above") + " the container limit " +
                                           format_bytes(limit) + " of service '" + s.name +
                                           "': the OOM killer ends redis before it evicts anything",
                                .at = at,
                                .related = {Related{.message = "the container's memory limit " + format_bytes(limit),
                                                    .location = s.memory_limit->location}}});
    }
    for (Pending& p : pending) out.report(std::move(p.message), p.at, std::move(p.related));
  }
};

}  // namespace

const Rule& redis_maxmemory_over_limit() {
  static const RedisMaxmemoryOverLimit r;
  return r;
}

}  // namespace stacklint::rules
