// redis/config-not-loaded: a redis.conf mounted into a redis service whose server is started without
// it, so none of its settings (maxmemory, save, requirepass) apply.
#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/address.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"

namespace stacklint::rules {

namespace {

// What in a redis.conf that no server reads says it was written for a redis on a host: loaded as is
// in a container, `daemonize yes` forks the server away from the container's first process (the
// container exits) and a bind to loopback addresses only shuts out every other container.
struct HostSettings {
  std::string why;  // "daemonize yes, bind 127.0.0.1 -::1"
  std::string fix;  // "`daemonize no` and `bind * -::*`"
  std::vector<Location> where;
};

HostSettings host_settings(const Stack& stack, const std::string& file) {
  HostSettings h;
  for (const std::shared_ptr<RedisConfig>& c : stack.standalone_redis) {
    if (c == nullptr || c->files.empty() || c->files.front() != file) continue;
    std::vector<std::string> fixes;
    if (const Setting* d = c->find("daemonize"); d != nullptr && ascii_lower(d->current.raw) == "yes") {
      h.why = "daemonize yes";
      fixes.emplace_back("`daemonize no`");
      h.where.push_back(d->current.location);
    }
    if (const Setting* b = c->find("bind"); b != nullptr && loopback_only(b->current.raw)) {
      h.why += (h.why.empty() ? "" : ", ") + std::string("bind ") + b->current.raw;
      fixes.emplace_back("`bind * -::*` with a password");
      h.where.push_back(b->current.location);
    }
    for (size_t i = 0; i < fixes.size(); ++i) h.fix += (i == 0 ? "" : " and ") + fixes[i];
    break;
  }
  return h;
}

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
            "command. Fix: start the server with the file, or remove the mount.\n\n"
            "A file written for a redis on a host (`daemonize yes`, or `bind` to loopback addresses only, as "
            "Debian's redis.conf is) would stop the container (the daemon forks away from its first process) or "
            "shut the other containers out if it were loaded as is: the finding says so, and that the file "
            "needs `daemonize no` and a bind to every interface (with a password) before the server can read it.",
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
      std::string fix = other ? "include it from that file (`include " + u.container_path + "`)"
                              : "start it with `" + u.program + " " + u.container_path + "`";
      const Location started = s.command ? s.command->location : s.location;
      std::vector<Related> related = {
          Related{.message = s.command ? "the server's command line" : "the image's default command, " + u.program,
                  .location = started},
          Related{.message = "the file's settings, never read", .location = Location::whole_file(u.file->path)}};
      // A file written for a host's redis (Debian's: `daemonize yes`, `bind 127.0.0.1 -::1`) would stop
      // the container or shut the other services out if it were loaded as is (rw225 p2ptradehelper).
      const HostSettings host = host_settings(stack, u.file->path);
      if (!host.why.empty()) {
        fix = "it is written for a redis on a host (" + host.why + "): remove the mount, or set " + host.fix +
              " in it and start the server with it";
        for (const Location& at : host.where) {
          related.push_back(Related{.message = "written for a host", .location = at});
        }
      }
      out.report(u.file->path + " is mounted at " + u.container_path + " in service '" + s.name + "', but its " +
                     u.program + " " + reads + ", so none of its settings apply; " + fix,
                 u.mount->location, std::move(related));
    }
  }
};

}  // namespace

const Rule& redis_config_not_loaded() {
  static const RedisConfigNotLoaded r;
  return r;
}

}  // namespace stacklint::rules
