// redis/fork-headroom: persistence forks; copy-on-write needs room above maxmemory.
#include <cmath>

#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"
#include "rules/redis/redis_common.h"
#include "rules/under_load.h"

namespace stacklint::rules {

namespace {

std::string format_factor(double f) {
  std::string s = std::to_string(f);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

class RedisForkHeadroom final : public Rule {
 public:
  static constexpr double kRoomyHeadroom = 1.25;  // a limit of maxmemory x this or more: a note

  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "redis/fork-headroom",
        .severity = Severity::warning,
        .summary = "Redis persistence (RDB save points or AOF) without copy-on-write headroom in the memory limit.",
        .rationale =
            "BGSAVE and AOF rewrites fork the server; under write load every page the parent touches is copied, so "
            "the pair can need up to twice the dataset. A container limit below maxmemory x factor (default 2) "
            "lets the OOM killer end Redis in the middle of a save. Either raise the limit, lower maxmemory, or "
            "turn persistence off (`save \"\"` and `appendonly no`) for a pure cache. Redis 7 saves by default "
            "(3600 1 300 100 60 10000) even without a config file. Twice the dataset is the worst case, where every "
            "page is written while the child saves; a cache or a light write load copies a fraction of it. So a "
            "limit that leaves a quarter of maxmemory or more above it (`maxmemory 512mb` in 640 MiB) is a note: on "
            "real stacks such sizings were chosen on purpose 9 times in 10. Less than that is a warning. A "
            "development, test or example stack (`stacklint "
            "model` shows the evidence as `purpose`) is not judged: its data stays small and nothing loads it (set "
            "`[stack] deployed = true` to judge it)."
            " Nor is a service whose heading comment calls it a demo or sample, or test or dev only (`# Target "
            "database (demo only)`).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  redis:
    image: redis:7.2
    mem_limit: 300m
    command: ["redis-server", "--maxmemory", "256mb"]
)"}},
        .good_example = {{.path = "compose.yaml",
                          .content =
                              R"(services:
  redis:
    image: redis:7.2
    mem_limit: 300m
    command: ["redis-server", "--maxmemory", "256mb", "--save", ""]
)"}},
        .options = {{.name = "factor",
                     .type = "number",
                     .default_value = "2",
                     .description = "memory needed during a fork, as a multiple of maxmemory"}},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!judged_under_load(stack)) return;
    const double factor = out.number_option("factor");
    for (const Service& s : stack.services) {
      if (redis_rules::running_redis(s) == nullptr || !s.memory_limit || !s.redis->persistence_enabled()) continue;
      if (commented_as_demo(stack, s)) continue;
      const int64_t maxmemory = s.redis->maxmemory();
      const int64_t limit = s.memory_limit->value;
      if (maxmemory == 0 || maxmemory >= limit) continue;  // the other maxmemory rules report these
      const double need = static_cast<double>(maxmemory) * factor;
      if (static_cast<double>(limit) >= need) continue;
      const Location at = s.redis->location_of("maxmemory");
      std::vector<Related> related;
      std::string why;
      if (s.redis->appendonly()) {
        why = "appendonly yes";
        related.push_back(
            Related{.message = "AOF enabled here (rewrites fork)", .location = s.redis->location_of("appendonly")});
      }
      if (!s.redis->save_points.empty()) {
        why += std::string(why.empty() ? "" : " and ") +
               (s.redis->save_set ? "RDB save points" : "redis 7's default RDB save points");
        if (s.redis->save_set) {
          related.push_back(
              Related{.message = "RDB save points set here (BGSAVE forks)", .location = s.redis->save_location});
        }
      }
      related.push_back(Related{.message = "the container's memory limit " + format_bytes(limit),
                                .location = s.memory_limit->location});
      const std::string origin = at.valid() ? " (" + redis_rules::where(at) + ")" : "";
      const auto [need_text, limit_text] = format_bytes_apart(static_cast<int64_t>(std::llround(need)), limit);
      // A quarter of maxmemory or more above it: room for the copies of a cache or a light write load,
      // the worst case aside (rw83-rw94: 9 of 10 such findings judged noise, sized so on purpose).
      const bool roomy = static_cast<double>(limit) >= static_cast<double>(maxmemory) * kRoomyHeadroom;
      out.report_demoted(roomy ? Severity::note : Severity::warning,
                         "maxmemory " + format_bytes(maxmemory) + origin + " x " + format_factor(factor) +
                             " for copy-on-write during BGSAVE/AOF rewrite = " + need_text +
                             " exceeds the container limit " + limit_text + " (" + why + ")",
                         at.valid() ? at : redis_rules::config_anchor(s), std::move(related));
    }
  }
};

}  // namespace

const Rule& redis_fork_headroom() {
  static const RedisForkHeadroom r;
  return r;
}

}  // namespace stacklint::rules
