// redis/maxmemory-unset: no maxmemory in a memory-limited container.
#include <algorithm>

#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "linter/units/format.h"
#include "rules/redis/redis_common.h"
#include "rules/under_load.h"

namespace stacklint::rules {

namespace {

// Whether a redis.conf sets a maxmemory other than 0.
bool sets_maxmemory(const StackFile& file) {
  if (!file.source) return false;
  for (std::string_view line : split_lines(file.source->text())) {
    line = trim_blanks(line);
    if (!line.starts_with("maxmemory ") && !line.starts_with("maxmemory\t")) continue;
    line.remove_prefix(10);
    line.remove_prefix(std::min(line.find_first_not_of(" \t\"'"), line.size()));
    if (!line.empty() && line.front() != '0') return true;
  }
  return false;
}

}  // namespace

namespace redis_rules {

bool maxmemory_unset_reported(const Stack& stack, const Service& s) {
  if (!judged_under_load(stack)) return false;
  if (running_redis(s) == nullptr || !s.memory_limit || s.redis->maxmemory() != 0) return false;
  if (commented_as_demo(stack, s)) return false;
  // Its mounted redis.conf sets maxmemory but is never read: redis/config-not-loaded reports that,
  // and loading the file is the fix (rw202 rockiot: two findings for one cause).
  const std::vector<UnloadedConfig> unloaded = unloaded_configs(stack, FileKind::redis, Role::redis);
  if (std::any_of(unloaded.begin(), unloaded.end(), [&](const UnloadedConfig& u) {
        const bool reported =
            u.family == knowledge::ImageFamily::official || u.family == knowledge::ImageFamily::valkey;
        return u.service == &s && reported && sets_maxmemory(*u.file);
      })) {
    return false;
  }
  // Redis refuses a configuration with an error (`--maxmemory 1.5gb`): redis/syntax says why,
  // and "no maxmemory" would misstate what the author wrote (rw28 desewebv5-gitops).
  return s.redis->command_line_errors.empty() &&
         std::none_of(s.redis->files.begin(), s.redis->files.end(), [&](const std::string& f) {
           const StackFile* file = stack.find_file(f);
           return file != nullptr && !file->errors.empty();
         });
}

}  // namespace redis_rules

namespace {

class RedisMaxmemoryUnset final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "redis/maxmemory-unset",
        .severity = Severity::warning,
        .summary = "Redis without maxmemory in a container that has a memory limit.",
        .rationale =
            "With `maxmemory 0` (the default) Redis never evicts and never refuses a write: it does not look at "
            "the container's cgroup limit. When the data outgrows the limit the kernel's OOM killer ends the whole "
            "server, losing everything since the last save. Set `maxmemory` below the limit (Redis's docs suggest "
            "leaving 10-20% for fragmentation, client buffers and the copy-on-write of a fork) and pick a "
            "`maxmemory-policy`: with the default `noeviction` Redis refuses writes at the limit (right for a queue or "
            "a broker), with an eviction policy it drops keys (right for a cache). A configuration Redis refuses "
            "(redis/syntax) is not judged: no server starts. A "
            "development, test or example stack (`stacklint model` shows the evidence as `purpose`) is not judged: its "
            "data stays small and nothing loads it (set `[stack] deployed = true` to judge it)."
            " Nor is a service whose heading comment calls it a demo or sample, or test or dev only (`# Target "
            "database (demo only)`). Nor is a redis whose mounted redis.conf sets maxmemory but is never read: "
            "redis/config-not-loaded reports that, and loading the file is the fix.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  redis:
    image: redis:7.2
    mem_limit: 512m
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  redis:
    image: redis:7.2
    mem_limit: 512m
    command: ["redis-server", "--maxmemory", "384mb"]
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (!redis_rules::maxmemory_unset_reported(stack, s)) continue;
      const Location set_at = s.redis->location_of("maxmemory");
      const int64_t limit = s.memory_limit->value;
      // What maxmemory would do instead depends on the policy: with the default `noeviction` redis
      // refuses writes (a queue's right behaviour, rw165 C6, rw169 C3), with another it evicts keys.
      const std::string policy = s.redis->maxmemory_policy();
      const std::string instead = policy.empty() || policy == "noeviction"
                                      ? "where with maxmemory redis would refuse writes with an OOM error "
                                        "(maxmemory-policy noeviction) and keep what it holds"
                                      : "instead of redis evicting keys (maxmemory-policy " + policy + ")";
      out.report("redis in service '" + s.name + "' has no maxmemory (" +
                     (set_at.valid() ? "set to 0" : "unset, so 0") +
                     " = unlimited) while its container is limited to " + format_bytes(limit) +
                     ": the kernel OOM-kills it, losing what it wrote since the last save, " + instead +
                     "; set maxmemory to about " + format_bytes(limit / 4 * 3),
                 set_at.valid() ? set_at : redis_rules::config_anchor(s),
                 {Related{.message = "the container's memory limit " + format_bytes(limit),
                          .location = s.memory_limit->location}});
    }
  }
};

}  // namespace

const Rule& redis_maxmemory_unset() {
  static const RedisMaxmemoryUnset r;
  return r;
}

}  // namespace stacklint::rules
