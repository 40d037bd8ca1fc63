// redis/config-not-loaded: a redis.conf mounted into a redis service whose server is started without
// it, so none of its settings (maxmemory, save, requirepass) apply.
#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class RedisConfigNotLoaded final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "redis/config-not-loaded",
        .severity = Severity::warning,
        .summary =
            "A redis.conf mounted into a redis service whose server is started without it: none of its "
            "settings apply.",
        .rationale =
            "The official redis and valkey images start the server with no configuration file: `redis-server` "
            "reads one only when it is the first argument (`redis-server /usr/local/etc/redis/redis.conf`). A "
            "redis.conf mounted into the container but not named there is never read, so its maxmemory, eviction "
            "policy, save points and requirepass have no effect: the server runs unlimited, with the default "
            "persistence and no password, while the repository says otherwise. The same when the command names "
            "another file that does not include it.\n\n"
            "stacklint reports a file of the stack that no server reads and that is bind-mounted into a redis "
            "service of an official redis or valkey image, unless the service's command or entrypoint names it "
            "(a script that copies or renders it), or compose builds the image (`build:`) and runs its Dockerfile's "
            "command. Fix: start the server with the file, or remove the mount.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    command: redis-server --appendonly yes
    volumes:
      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro
)"},
                        {.path = "redis.conf", .content = "maxmemory 256mb\n"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  cache:
    image: redis:7.2
    command: redis-server /usr/local/etc/redis/redis.conf --appendonly yes
    volumes:
      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro
)"},
                         {.path = "redis.conf", .content = "maxmemory 256mb\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const UnloadedConfig& u : unloaded_configs(stack, FileKind::redis, Role::redis)) {
      // The official images (and valkey's) read no config but the one the command names.
      if (u.family != knowledge::ImageFamily::official && u.family != knowledge::ImageFamily::valkey) continue;
      const Service& s = *u.service;
      if (!s.redis) continue;  // what the server reads is not known (a script, an image's own command)
      const bool other = !s.redis->files.empty();
      const std::string reads = other ? "reads " + s.redis->files.front() + ", which does not include it"
                                      : "is started without a config file";
      const std::string fix = other ? "include it from that file (`include " + u.container_path + "`)"
                                    : "start it with `" + u.program + " " + u.container_path + "`";
      const Location started = s.command ? s.command->location : s.location;
      out.report(
          u.file->path + " is mounted at " + u.container_path + " in service '" + s.name + "', but its " + u.program +
              " " + reads + ", so none of its settings apply; " + fix,
          u.mount->location,
          {Related{.message = s.command ? "the server's command line" : "the image's default command, " + u.program,
                   .location = started},
           Related{.message = "the file's settings, never read", .location = Location::whole_file(u.file->path)}});
    }
  }
};

}  // namespace

const Rule& redis_config_not_loaded() {
  static const RedisConfigNotLoaded r;
  return r;
}

}  // namespace stacklint::rules
