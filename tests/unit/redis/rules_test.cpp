#include "tests/support/rules.h"

#include <catch2/catch.hpp>

#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/stack/bind_redis.h"

using stacklint::test::rule_by_id;

using namespace stacklint;

namespace {
struct StackFixture {
  MemoryFileSystem fs;
  Stack stack;
  StackFixture(const std::string& conf, std::vector<std::string> command, int64_t limit) {
    stack.root = "/s";
    fs.add("/s/redis/redis.conf", conf);
    Service svc;
    svc.name = "redis";
    svc.role = Role::redis;
    svc.image = Located<std::string>{.value = "redis:7.2"};
    svc.location = Location{.file = "compose.yaml", .line = 2, .column = 3, .end_line = 2};
    svc.mounts.push_back(Mount{
        .source = "./redis", .host_path = "/s/redis", .target = "/etc/redis", .bind = true, .is_directory = true});
    if (limit > 0) {
      svc.memory_limit = Located<int64_t>{
          .value = limit, .location = Location{.file = "compose.yaml", .line = 4, .column = 16, .end_line = 4}};
    }
    svc.command = Located<std::vector<std::string>>{
        .value = std::move(command),
        .location = Location{.file = "compose.yaml", .line = 5, .column = 14, .end_line = 5}};
    stack.services.push_back(std::move(svc));
    bind_redis(stack, stack.services.back(), fs);
  }
  // Publishes 6379 on all interfaces (compose.yaml:7).
  void publish() {
    stack.services.back().ports.push_back(
        PortMapping{.published = "6379",
                    .target = "6379",
                    .protocol = "tcp",
                    .location = Location{.file = "compose.yaml", .line = 7, .column = 9, .end_line = 7}});
  }
  std::vector<Diagnostic> run(const Rule& rule, RuleOptionValues options = {}) const {
    std::vector<Diagnostic> out;
    Reporter r(rule.info(), rule.info().severity, options, out);
    rule.check(stack, r);
    return out;
  }
};
constexpr int64_t kMiB = 1024 * 1024;
}  // namespace

TEST_CASE("redis/fork-headroom names the numbers with units") {
  const StackFixture f("appendonly yes\nmaxmemory 256mb\n", {"redis-server", "/etc/redis/redis.conf"}, 300 * kMiB);
  const auto d = f.run(rule_by_id("redis/fork-headroom"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "maxmemory 256 MiB (redis/redis.conf:2) x 2 for copy-on-write during BGSAVE/AOF rewrite = 512 MiB exceeds the "
        "container limit 300 MiB (appendonly yes and redis 7's default RDB save points)");
  CHECK(d[0].location.file.str() == "redis/redis.conf");
  CHECK(d[0].location.line == 2);
  REQUIRE(d[0].related.size() == 2);
  CHECK(d[0].related[0].location.line == 1);
  CHECK(d[0].related[1].location.line == 4);
  CHECK(f.run(rule_by_id("redis/fork-headroom"), {{"factor", "1.1"}}).empty());
}

TEST_CASE("redis/fork-headroom: a pure cache (--save \"\", no AOF) is fine") {
  const StackFixture f("maxmemory 256mb\n", {"redis-server", "/etc/redis/redis.conf", "--save", ""}, 300 * kMiB);
  CHECK(f.run(rule_by_id("redis/fork-headroom")).empty());
}

TEST_CASE("redis/maxmemory-over-limit: the 256m vs 256mb trap") {
  const StackFixture ok("save \"\"\nmaxmemory 256m\n", {"/etc/redis/redis.conf"}, 256 * kMiB);
  CHECK(ok.run(rule_by_id("redis/maxmemory-over-limit")).empty());
  const StackFixture bad("save \"\"\nmaxmemory 256mb\n", {"/etc/redis/redis.conf"}, 256 * kMiB);
  const auto d = bad.run(rule_by_id("redis/maxmemory-over-limit"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "maxmemory 256 MiB (256mb) is equal to the container limit 256 MiB of service 'redis': the OOM killer ends "
        "redis before it evicts anything");
  CHECK(d[0].location.line == 2);
}

TEST_CASE("redis/maxmemory-over-limit: a command-line override wins over the file") {
  const StackFixture f("maxmemory 100mb\n", {"redis-server", "/etc/redis/redis.conf", "--maxmemory", "1gb"},
                       256 * kMiB);
  const auto d = f.run(rule_by_id("redis/maxmemory-over-limit"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].location.file.str() == "compose.yaml");
  CHECK(d[0].location.line == 5);
}

TEST_CASE("redis/maxmemory-unset") {
  const StackFixture f("requirepass x\n", {"redis-server", "/etc/redis/redis.conf"}, 512 * kMiB);
  const auto d = f.run(rule_by_id("redis/maxmemory-unset"));
  REQUIRE(d.size() == 1);
  CHECK(
      d[0].message ==
      "redis in service 'redis' has no maxmemory (unset, so 0 = unlimited) while its container is limited to 512 MiB: "
      "the kernel OOM-kills it, losing what it wrote since the last save, where with maxmemory redis would refuse "
      "writes with an OOM error (maxmemory-policy noeviction) and keep what it holds; set maxmemory to about 384 MiB");
  const StackFixture lru("maxmemory-policy allkeys-lru\n", {"redis-server", "/etc/redis/redis.conf"}, 512 * kMiB);
  const auto e = lru.run(rule_by_id("redis/maxmemory-unset"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].message.find("instead of redis evicting keys (maxmemory-policy allkeys-lru)") != std::string::npos);
  CHECK(d[0].location.file.str() == "redis/redis.conf");
  const StackFixture nolimit("", {"redis-server", "/etc/redis/redis.conf"}, 0);
  CHECK(nolimit.run(rule_by_id("redis/maxmemory-unset")).empty());
}

TEST_CASE("redis/syntax reports file and command-line errors") {
  const StackFixture f("maxmemory 1.5gb\n", {"redis-server", "/etc/redis/redis.conf", "--appendonly", "sure"}, 0);
  const auto d = f.run(rule_by_id("redis/syntax"));
  REQUIRE(d.size() == 2);
  CHECK(d[0].message == "maxmemory '1.5gb': argument must be a memory value");
  CHECK(d[0].location.file.str() == "redis/redis.conf");
  CHECK(d[1].message == "appendonly 'sure': argument must be 'yes' or 'no'");
  CHECK(d[1].location.file.str() == "compose.yaml");
}

TEST_CASE("security/redis-open-access") {
  StackFixture open("bind 0.0.0.0\n", {"redis-server", "/etc/redis/redis.conf"}, 0);
  // Only the stack's own containers reach an unpublished port: the usual compose setup, not reported.
  CHECK(open.run(rule_by_id("security/redis-open-access")).empty());
  open.publish();
  // Nothing says the stack is deployed: a note that says so.
  const auto unstated = open.run(rule_by_id("security/redis-open-access"));
  REQUIRE(unstated.size() == 1);
  CHECK(unstated[0].severity == Severity::note);
  CHECK(unstated[0].message.ends_with(
      "(a note: nothing says the stack is deployed; if it is, say so with `[stack] deployed = true` in "
      ".stacklint.toml)"));
  open.stack.purpose.stated = "[stack] deployed = true";
  const auto d = open.run(rule_by_id("security/redis-open-access"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].severity == Severity::warning);
  CHECK(d[0].message ==
        "redis in service 'redis' accepts unauthenticated clients: no requirepass, protected-mode is off (the image's "
        "default), bound to all interfaces, and port 6379 is reachable from outside the host");
  REQUIRE(d[0].related.size() == 1);
  CHECK(d[0].related[0].message == "port published on all interfaces");
  CHECK(d[0].related[0].location.line == 7);
  StackFixture pw("requirepass s\n", {"redis-server", "/etc/redis/redis.conf"}, 0);
  pw.publish();
  CHECK(pw.run(rule_by_id("security/redis-open-access")).empty());
  StackFixture local("bind 127.0.0.1\n", {"redis-server", "/etc/redis/redis.conf"}, 0);
  local.publish();
  CHECK(local.run(rule_by_id("security/redis-open-access")).empty());
}
