// redis/daemonized: a redis.conf the container's server reads says `daemonize yes`: the server forks
// away from the container's first process, which exits, and the container stops.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/redis/redis_common.h"

namespace stacklint::rules {

namespace {

class RedisDaemonized final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "redis/daemonized",
        .severity = Severity::error,
        .summary =
            "A redis server of the stack runs with `daemonize yes`: it forks away from the container's "
            "first process, which exits, and the container stops.",
        .rationale =
            "With `daemonize yes` redis-server forks, the child serves in the background and the parent exits. "
            "In a container the parent is the container's first process: when it exits, the container stops "
            "(exit code 0), and with a restart policy it starts again and stops again, while the clients of the "
            "stack cannot connect. The setting comes with a redis.conf written for a host (Debian's, which also "
            "binds to 127.0.0.1); the official image's own configuration leaves it at `no`.\n\n"
            "stacklint reports the line of the configuration the server reads (its redis.conf, or `--daemonize "
            "yes` on its command line). Fix: `daemonize no`, or remove the line (`no` is the default).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    command: redis-server /usr/local/etc/redis/redis.conf
    volumes:
      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro
)"},
                        {.path = "redis.conf", .content = "daemonize yes\nmaxmemory 256mb\n"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    command: redis-server /usr/local/etc/redis/redis.conf
    volumes:
      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro
)"},
                         {.path = "redis.conf", .content = "daemonize no\nmaxmemory 256mb\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      const RedisConfig* c = redis_rules::running_redis(s);
      if (c == nullptr) continue;
      const Setting* d = c->find("daemonize");
      if (d == nullptr || ascii_lower(d->current.raw) != "yes" || !d->current.location.valid()) continue;
      out.report("daemonize yes: the redis server of service '" + s.name +
                     "' forks into the background and its first process exits, so the container stops as soon "
                     "as it starts; set `daemonize no`",
                 d->current.location,
                 {Related{.message = "service '" + s.name + "' runs this server", .location = s.location}});
    }
  }
};

}  // namespace

const Rule& redis_daemonized() {
  static const RedisDaemonized r;
  return r;
}

}  // namespace stacklint::rules
