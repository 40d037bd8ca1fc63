#include <catch2/catch.hpp>

#include "linter/model/redis_config.h"
#include "linter/stack/bind_redis.h"

using namespace stacklint;

namespace {
struct Fixture {
  MemoryFileSystem fs;
  Stack stack;
  Service svc;
  Fixture() {
    stack.root = "/s";
    svc.name = "redis";
    svc.role = Role::redis;
    svc.image = Located<std::string>{.value = "redis:7.2-alpine"};
    svc.mounts.push_back(Mount{.source = "./redis",
                               .host_path = "/s/redis",
                               .target = "/usr/local/etc/redis",
                               .bind = true,
                               .is_directory = true});
  }
  void command(std::vector<std::string> args) {
    svc.command = Located<std::vector<std::string>>{
        .value = std::move(args), .location = Location{.file = "compose.yaml", .line = 7, .column = 14, .end_line = 7}};
  }
};
}  // namespace

TEST_CASE("bind: config file through the mount, command-line override wins") {
  Fixture f;
  f.fs.add("/s/redis/redis.conf", "maxmemory 256m\nappendonly yes\n");
  f.command({"redis-server", "/usr/local/etc/redis/redis.conf", "--maxmemory", "256mb"});
  bind_redis(f.stack, f.svc, f.fs);
  REQUIRE(f.svc.redis);
  CHECK(f.svc.redis->files == std::vector<std::string>{"redis/redis.conf"});
  CHECK(f.svc.redis->maxmemory() == 268435456);
  const auto* s = f.svc.redis->find("maxmemory");
  CHECK(s->current.origin == stacklint::SettingOrigin::command_line);
  CHECK(s->current.location.line == 7);
  CHECK(s->overrides.at(0).location.file.str() == "redis/redis.conf");
  CHECK(f.svc.redis->appendonly());
  REQUIRE(f.stack.find_file("redis/redis.conf") != nullptr);
  CHECK(f.stack.find_file("redis/redis.conf")->kind == FileKind::redis);
}

TEST_CASE("bind: the entrypoint prepends redis-server to a .conf or an option") {
  Fixture f;
  f.fs.add("/s/redis/redis.conf", "maxmemory 1mb\n");
  f.command({"/usr/local/etc/redis/redis.conf"});
  bind_redis(f.stack, f.svc, f.fs);
  REQUIRE(f.svc.redis);
  CHECK(f.svc.redis->maxmemory() == 1048576);

  Fixture g;
  g.command({"--maxmemory", "100mb"});
  bind_redis(g.stack, g.svc, g.fs);
  REQUIRE(g.svc.redis);
  CHECK(g.svc.redis->maxmemory() == 104857600);
  CHECK(g.svc.redis->files.empty());
}

TEST_CASE("bind: no command means defaults; the official image has protected-mode off") {
  Fixture f;
  bind_redis(f.stack, f.svc, f.fs);
  REQUIRE(f.svc.redis);
  CHECK(f.svc.redis->maxmemory() == 0);
  CHECK_FALSE(f.svc.redis->protected_mode());
  CHECK(f.svc.redis->save_points == RedisConfig::default_save_points());

  Fixture g;
  g.svc.image = Located<std::string>{.value = "bitnami/redis:7.2"};
  bind_redis(g.stack, g.svc, g.fs);
  CHECK_FALSE(g.svc.redis);  // its own default command is unknown
}

TEST_CASE("bind: includes resolve against /data, then `dir`, with globs in order") {
  Fixture f;
  f.svc.mounts.push_back(
      Mount{.source = "./data", .host_path = "/s/data", .target = "/data", .bind = true, .is_directory = true});
  f.fs.add("/s/redis/redis.conf",
           "include conf.d/*.conf\ndir /usr/local/etc/redis\ninclude extra.conf\ninclude nothing-*.conf\n");
  f.fs.add("/s/data/conf.d/b.conf", "maxmemory 2mb\n");
  f.fs.add("/s/data/conf.d/a.conf", "maxmemory 1mb\nmaxmemory-policy allkeys-lru\n");
  f.fs.add("/s/data/conf.d/.hidden.conf", "maxmemory 9mb\n");
  f.fs.add("/s/redis/extra.conf", "appendonly yes\n");
  f.command({"redis-server", "/usr/local/etc/redis/redis.conf"});
  bind_redis(f.stack, f.svc, f.fs);
  REQUIRE(f.svc.redis);
  CHECK(f.svc.redis->files ==
        std::vector<std::string>{"redis/redis.conf", "data/conf.d/a.conf", "data/conf.d/b.conf", "redis/extra.conf"});
  CHECK(f.svc.redis->maxmemory() == 2097152);
  CHECK(f.svc.redis->find("maxmemory")->current.origin == stacklint::SettingOrigin::include);
  CHECK(f.svc.redis->maxmemory_policy() == "allkeys-lru");
  CHECK(f.svc.redis->appendonly());
  for (const auto& file : f.stack.files) CHECK(file.errors.empty());
}

TEST_CASE("bind: a missing include and a missing config file are errors") {
  Fixture f;
  f.fs.add("/s/redis/redis.conf", "\ninclude /usr/local/etc/redis/missing.conf\n");
  f.command({"redis-server", "/usr/local/etc/redis/redis.conf"});
  bind_redis(f.stack, f.svc, f.fs);
  const auto* file = f.stack.find_file("redis/redis.conf");
  REQUIRE(file != nullptr);
  REQUIRE(file->errors.size() == 1);
  CHECK(file->errors[0].message ==
        "Fatal error, can't open config file '/usr/local/etc/redis/missing.conf': No such file or directory (as the "
        "container sees /usr/local/etc/redis/missing.conf)");
  CHECK(file->errors[0].location.line == 2);

  Fixture g;
  g.command({"redis-server", "/usr/local/etc/redis/nope.conf"});
  bind_redis(g.stack, g.svc, g.fs);
  REQUIRE(g.svc.redis);
  REQUIRE(g.svc.redis->command_line_errors.size() == 1);
  CHECK(g.svc.redis->command_line_errors[0].message ==
        "Fatal error, can't open config file '/usr/local/etc/redis/nope.conf': the bind mount has no such file "
        "(redis/nope.conf)");
  CHECK(g.svc.redis->command_line_errors[0].location.line == 7);
}

TEST_CASE("bind: a config file mounted from a missing source is no start error, and its settings are unknown") {
  // docker creates a directory there; redis-server 7.0 given a directory logs "Configuration loaded"
  // and starts (rw164 docker-stack): not "can't open config file". What the file was meant to set
  // is unknown, so no model is made.
  Fixture f;
  f.svc.mounts = {Mount{.source = "./redis.conf",
                        .host_path = "/s/redis.conf",
                        .target = "/redis.conf",
                        .bind = true,
                        .source_missing = true}};
  f.command({"redis-server", "/redis.conf", "--maxmemory", "1mb"});
  bind_redis(f.stack, f.svc, f.fs);
  CHECK_FALSE(f.svc.redis);
}

TEST_CASE("bind: the redis-server command of a shell wrapper is modeled") {
  Fixture f;
  f.command({"sh", "-c", "redis-server --maxmemory 1mb"});
  bind_redis(f.stack, f.svc, f.fs);
  REQUIRE(f.svc.redis);
  CHECK(f.svc.redis->maxmemory() == 1024 * 1024);

  // After other commands, with `exec`, over continued lines; a quoted `$(...)` is one argument.
  Fixture g;
  g.command({"/bin/sh", "-c",
             "mkdir -p /data/x && exec redis-server \\\n  --maxmemory 2mb \\\n  --requirepass \"$(cat /run/s)\"\n"
             "echo never"});
  bind_redis(g.stack, g.svc, g.fs);
  REQUIRE(g.svc.redis);
  CHECK(g.svc.redis->maxmemory() == 2 * 1024 * 1024);
  CHECK(g.svc.redis->command_line_errors.empty());
  CHECK(g.svc.redis->has_password());

  // A config file the script passes but the stack does not mount: written by the script or baked into
  // a built image, so the settings are unknown.
  Fixture k;
  k.command({"sh", "-c", "redis-server /home/redis/redis.conf"});
  bind_redis(k.stack, k.svc, k.fs);
  CHECK_FALSE(k.svc.redis);

  // What the splitter cannot follow is not modeled: an unquoted `$(...)` with spaces, a backquote.
  for (const char* script :
       {"redis-server --requirepass $(cat /run/s)", "redis-server --requirepass `cat /run/s`", "echo start; sleep 1"}) {
    Fixture h;
    h.command({"sh", "-c", script});
    bind_redis(h.stack, h.svc, h.fs);
    CHECK_FALSE(h.svc.redis);
  }
}

TEST_CASE("standalone redis.conf") {
  MemoryFileSystem fs;
  Stack stack;
  stack.root = "/s";
  fs.add("/s/conf/redis.conf", "include other.conf\nmaxmemory 3gb\n");
  fs.add("/s/conf/other.conf", "maxmemory 1gb\n");
  const auto cfg = load_standalone_redis(stack, fs, "/s/conf/redis.conf");
  REQUIRE(cfg);
  CHECK(cfg->maxmemory() == 3221225472);  // gb is 2^30
  CHECK(cfg->files == std::vector<std::string>{"conf/redis.conf", "conf/other.conf"});
  CHECK(has_library_redis_entrypoint("docker.io/library/redis:7@sha256:abc"));
  CHECK(has_library_redis_entrypoint("valkey/valkey:8.1-alpine"));
  CHECK_FALSE(has_library_redis_entrypoint("myregistry/redis:7"));
  CHECK_FALSE(has_library_redis_entrypoint("bitnami/redis:7.2"));
}

TEST_CASE("bind: after an include, each save replaces the points (redis 7.0's reading_config_file)") {
  Fixture f;
  f.fs.add("/s/redis/redis.conf",
           "save 900 1\nsave 300 10\ninclude /usr/local/etc/redis/inc.conf\nsave 60 5\nsave 30 7\n");
  f.fs.add("/s/redis/inc.conf", "save 100 1\nsave 200 2\n");
  f.command({"redis-server", "/usr/local/etc/redis/redis.conf", "--save", "10 1"});
  bind_redis(f.stack, f.svc, f.fs);
  REQUIRE(f.svc.redis);
  CHECK(f.svc.redis->save_points == std::vector<std::pair<int64_t, int64_t>>{{10, 1}});
  f.command({"redis-server", "/usr/local/etc/redis/redis.conf"});
  f.svc.redis = nullptr;
  bind_redis(f.stack, f.svc, f.fs);
  CHECK(f.svc.redis->save_points == std::vector<std::pair<int64_t, int64_t>>{{30, 7}});
}

TEST_CASE("bind: an explicit entrypoint replaces docker-entrypoint.sh") {
  Fixture f;
  f.svc.more().entrypoint = Located<std::vector<std::string>>{.value = {"redis-server"}};
  f.command({"--maxmemory", "5mb"});
  bind_redis(f.stack, f.svc, f.fs);
  REQUIRE(f.svc.redis);
  CHECK(f.svc.redis->maxmemory() == 5242880);

  Fixture g;
  g.svc.more().entrypoint = Located<std::vector<std::string>>{.value = {"/custom/start.sh"}};
  g.command({"--maxmemory", "5mb"});
  bind_redis(g.stack, g.svc, g.fs);
  CHECK_FALSE(g.svc.redis);
}
