#include "linter/formats/redis/parser.h"

#include <catch2/catch.hpp>

using stacklint::ParseIssue;
using stacklint::RedisConfig;
using stacklint::redis::parse_redis_string;

namespace {
std::string only_error(const stacklint::redis::ParsedRedis& p) {
  const auto issues = p.issues();
  REQUIRE(issues.size() == 1);
  return issues[0].message;
}
template <class T>
T value(const RedisConfig& c, const std::string& name) {
  const auto* s = c.find(name);
  REQUIRE(s != nullptr);
  REQUIRE(std::holds_alternative<T>(s->current.value));
  return std::get<T>(s->current.value);
}
}  // namespace

TEST_CASE("defaults: no maxmemory, noeviction, redis 7 save points") {
  const auto p = parse_redis_string("# nothing\n\n   \n");
  CHECK(p.issues().empty());
  CHECK(p.config->maxmemory() == 0);
  CHECK(p.config->maxmemory_policy() == "noeviction");
  CHECK(p.config->save_points == RedisConfig::default_save_points());
  CHECK_FALSE(p.config->save_set);
  CHECK(p.config->persistence_enabled());
  CHECK_FALSE(p.config->has_password());
  CHECK(p.config->protected_mode());
  CHECK(p.config->bind_addresses() == std::vector<std::string>{"*", "-::*"});
}

TEST_CASE("maxmemory 256m is 256000000 bytes, 256mb is 268435456") {
  auto p = parse_redis_string("maxmemory 256m\n");
  CHECK(p.config->maxmemory() == 256000000);
  p = parse_redis_string("MAXMEMORY 256MB\n");
  CHECK(p.config->maxmemory() == 268435456);
  CHECK(p.config->find("maxmemory")->unit == "bytes");
  CHECK(p.config->find("maxmemory")->current.raw == "256MB");
}

TEST_CASE("last occurrence wins and keeps the override chain") {
  const auto p = parse_redis_string("maxmemory 1gb\nmaxmemory 2gb\n");
  const auto* s = p.config->find("maxmemory");
  REQUIRE(s != nullptr);
  CHECK(std::get<int64_t>(s->current.value) == 2147483648);
  CHECK(s->current.location.line == 2);
  REQUIRE(s->overrides.size() == 1);
  CHECK(s->overrides[0].location.line == 1);
  CHECK(s->current.origin == stacklint::SettingOrigin::file);
}

TEST_CASE("comments: only a line whose first non-blank is '#'") {
  auto p = parse_redis_string("   # maxmemory 1\n\t#x\nmaxmemory 5 # not a comment\n");
  CHECK(only_error(p) == "maxmemory: wrong number of arguments (redis expects exactly one value)");
  CHECK(p.issues()[0].location.line == 3);
  CHECK(p.issues()[0].location.column == 1);
}

TEST_CASE("aliases resolve to canonical names") {
  const auto p = parse_redis_string(
      "slaveof 10.0.0.1 6380\nhash-max-ziplist-entries 100\nlua-time-limit 300\nslave-read-only no\n"
      "zset-max-ziplist-value 1kb\nlist-max-ziplist-size -1\n");
  CHECK(p.issues().empty());
  CHECK(value<std::string>(*p.config, "replicaof") == "10.0.0.1 6380");
  CHECK(value<int64_t>(*p.config, "hash-max-listpack-entries") == 100);
  CHECK(value<int64_t>(*p.config, "busy-reply-threshold") == 300);
  CHECK(value<bool>(*p.config, "replica-read-only") == false);
  CHECK(value<int64_t>(*p.config, "zset-max-listpack-value") == 1024);
  CHECK(value<int64_t>(*p.config, "list-max-listpack-size") == -1);
  CHECK(p.config->find("slaveof") == nullptr);
}

TEST_CASE("save: first replaces defaults, later add, empty clears") {
  auto p = parse_redis_string("save 900 1\nsave 300 10\n");
  CHECK(p.config->save_points == std::vector<std::pair<int64_t, int64_t>>{{900, 1}, {300, 10}});
  CHECK(value<std::string>(*p.config, "save") == "900 1 300 10");
  CHECK(p.config->save_location.line == 2);
  p = parse_redis_string("save 900 1 300 10\nsave \"\"\n");
  CHECK(p.config->save_points.empty());
  CHECK(p.config->save_set);
  p = parse_redis_string("save \"\"\nsave 60 5\n");
  CHECK(p.config->save_points == std::vector<std::pair<int64_t, int64_t>>{{60, 5}});
  p = parse_redis_string("save \"100 2\"\n");  // one argument split again
  CHECK(p.config->save_points == std::vector<std::pair<int64_t, int64_t>>{{100, 2}});
  p = parse_redis_string("save\n");  // bare save: no points
  CHECK(p.issues().empty());
  CHECK(p.config->save_points.empty());
  p = parse_redis_string("save \"\"\nappendonly yes\n");
  CHECK(p.config->persistence_enabled());
  p = parse_redis_string("save \"\"\nappendonly no\n");
  CHECK_FALSE(p.config->persistence_enabled());
}

TEST_CASE("save errors") {
  CHECK(only_error(parse_redis_string("save 900\n")) ==
        "save '900': Invalid save parameters (pairs of seconds and changes expected)");
  CHECK(only_error(parse_redis_string("save 0 1\n")) ==
        "save '0 1': Invalid save parameters (seconds must be >= 1 and changes >= 0)");
  CHECK(only_error(parse_redis_string("save 10 x\n")) ==
        "save '10 x': Invalid save parameters (seconds must be >= 1 and changes >= 0)");
  CHECK(parse_redis_string("save 10 -0\n").issues().empty());
}

TEST_CASE("value errors name the directive, the value and redis's reason, at the value") {
  auto p = parse_redis_string("port 6379\nmaxmemory 1.5gb\n");
  REQUIRE(p.issues().size() == 1);
  CHECK(p.issues()[0].message == "maxmemory '1.5gb': argument must be a memory value");
  CHECK(p.issues()[0].location.line == 2);
  CHECK(p.issues()[0].location.column == 11);
  CHECK(p.issues()[0].location.end_column == 16);
  CHECK(only_error(parse_redis_string("maxmemory-policy lru\n")) ==
        "maxmemory-policy 'lru': argument(s) must be one of the following: volatile-lru, volatile-lfu, "
        "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
  CHECK(only_error(parse_redis_string("appendonly true\n")) == "appendonly 'true': argument must be 'yes' or 'no'");
  CHECK(only_error(parse_redis_string("appendfsync sometimes\n")) ==
        "appendfsync 'sometimes': argument(s) must be one of the following: everysec, always, no");
  CHECK(only_error(parse_redis_string("port 70000\n")) ==
        "port '70000': argument must be between 0 and 65535 inclusive");
  CHECK(only_error(parse_redis_string("maxmemory-samples 0\n")) ==
        "maxmemory-samples '0': argument must be between 1 and 2147483647 inclusive");
  CHECK(only_error(parse_redis_string("maxclients 0\n")) ==
        "maxclients '0': argument must be between 1 and 4294967295 inclusive");
  CHECK(only_error(parse_redis_string("maxclients 1k\n")) ==
        "maxclients '1k': argument couldn't be parsed into an integer");
  CHECK(only_error(parse_redis_string("protected-mode maybe\n")) ==
        "protected-mode 'maybe': argument must be 'yes' or 'no'");
  CHECK(only_error(parse_redis_string("replicaof host 99999\n")) == "replicaof 'host 99999': Invalid master port");
  CHECK(only_error(parse_redis_string("client-output-buffer-limit normal 0 0\n")) ==
        "client-output-buffer-limit 'normal 0 0': Wrong number of arguments in buffer limit configuration.");
  CHECK(only_error(parse_redis_string("client-output-buffer-limit master 0 0 0\n")) ==
        "client-output-buffer-limit 'master 0 0 0': Invalid client class specified in buffer limit configuration.");
  CHECK(parse_redis_string("client-output-buffer-limit replica 256mb 64mb 60 pubsub 32mb 8mb 60\n").issues().empty());
  CHECK(only_error(parse_redis_string("unixsocketperm 999\n")) ==
        "unixsocketperm '999': argument couldn't be parsed as an octal number");
  CHECK(only_error(parse_redis_string("maxmemory-clients 200%\n")) ==
        "maxmemory-clients '200%': percentage argument must be less or equal to 100");
}

TEST_CASE("enum values are case-insensitive and stored lower-case") {
  const auto p = parse_redis_string("maxmemory-policy AllKeys-LRU\nappendonly YES\n");
  CHECK(p.issues().empty());
  CHECK(p.config->maxmemory_policy() == "allkeys-lru");
  CHECK(p.config->appendonly());
}

TEST_CASE("unknown directive: redis's message plus a suggestion") {
  const auto p = parse_redis_string("maxmemory 1gb\n  maxmemroy 2gb\n");
  REQUIRE(p.issues().size() == 1);
  CHECK(p.issues()[0].message == "Bad directive or wrong number of arguments: 'maxmemroy' (did you mean 'maxmemory'?)");
  CHECK(p.issues()[0].location.line == 2);
  CHECK(p.issues()[0].location.column == 3);
  CHECK(p.issues()[0].location.end_column == 12);
  CHECK(only_error(parse_redis_string("include\n")) == "Bad directive or wrong number of arguments: 'include'");
  CHECK(only_error(parse_redis_string("frobnicate 1\n")) == "Bad directive or wrong number of arguments: 'frobnicate'");
}

TEST_CASE("unbalanced quotes point at the line") {
  const auto p = parse_redis_string("requirepass \"abc\"def\n");
  REQUIRE(p.issues().size() == 1);
  CHECK(p.issues()[0].message == "Unbalanced quotes in configuration line");
  CHECK(p.issues()[0].location.line == 1);
  CHECK(p.issues()[0].location.column == 1);
}

TEST_CASE("passwords, protected mode, bind") {
  auto p = parse_redis_string("requirepass \"s3cret pass\"\nbind 127.0.0.1 ::1\nprotected-mode no\n");
  CHECK(p.config->has_password());
  CHECK(value<std::string>(*p.config, "requirepass") == "s3cret pass");
  CHECK(p.config->bind_addresses() == std::vector<std::string>{"127.0.0.1", "::1"});
  CHECK_FALSE(p.config->protected_mode());
  p = parse_redis_string("requirepass \"\"\n");
  CHECK_FALSE(p.config->has_password());
  p = parse_redis_string("user default on >pw ~* +@all\n");
  CHECK(p.config->has_password());
  p = parse_redis_string("user default on nopass ~* +@all\n");
  CHECK_FALSE(p.config->has_password());
}

TEST_CASE("rename-command follows the command table") {
  CHECK(parse_redis_string("rename-command FLUSHALL \"\"\nrename-command config cfg\n").issues().empty());
  CHECK(only_error(parse_redis_string("rename-command nosuch x\n")) == "No such command in rename-command: 'nosuch'");
  CHECK(only_error(parse_redis_string("rename-command get set\n")) == "Target command name already exists: 'set'");
  CHECK(only_error(parse_redis_string("rename-command get x\nrename-command get y\n")) ==
        "No such command in rename-command: 'get'");
}

TEST_CASE("deprecated, module and sentinel directives") {
  CHECK(parse_redis_string("list-max-ziplist-entries 5\nlua-replicate-commands yes\nmymod.opt 1\nsentinel\n")
            .issues()
            .empty());
  CHECK(only_error(parse_redis_string("mymod.opt\n")) == "Module config specified without value");
  CHECK(only_error(parse_redis_string("sentinel monitor x\n")) == "sentinel directive while not in sentinel mode");
}

TEST_CASE("command-line options are lines after the file and win") {
  const auto p = parse_redis_string("maxmemory 1gb\nsave 900 1\n",
                                    {"--maxmemory", "2mb", "--save", "--appendonly", "yes", "--bind", "a", "b"});
  CHECK(p.issues().empty());
  const auto* s = p.config->find("maxmemory");
  REQUIRE(s != nullptr);
  CHECK(std::get<int64_t>(s->current.value) == 2097152);
  CHECK(s->current.origin == stacklint::SettingOrigin::command_line);
  REQUIRE(s->overrides.size() == 1);
  CHECK(s->overrides[0].location.line == 1);
  CHECK(p.config->save_points.empty());  // `--save` followed by an option is `save ""`
  CHECK(p.config->appendonly());
  CHECK(p.config->bind_addresses() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("command-line errors are located at the command") {
  const auto p = parse_redis_string("", {"--maxmemory", "lots"});
  REQUIRE(p.config->command_line_errors.size() == 1);
  CHECK(p.config->command_line_errors[0].message == "maxmemory 'lots': argument must be a memory value");
  CHECK(p.config->command_line_errors[0].location.file.str() == "command line");
}

TEST_CASE("options_text builds what redis parses") {
  using stacklint::redis::options_text;
  CHECK(options_text({"--port", "6380"}) == "port \"6380\" ");
  CHECK(options_text({"--save", "--port", "1"}) == "save \"\"\nport \"1\" ");
  CHECK(options_text({"--save"}) == "save \"\"");
  CHECK(options_text({"--maxmemory 1gb", "--x"}) == "maxmemory 1gb \nx ");
  CHECK(options_text({"--requirepass", "--notanoption"}) == "requirepass \"--notanoption\" ");
}

TEST_CASE("cluster mode refuses replicaof") {
  const auto p = parse_redis_string("cluster-enabled yes\nreplicaof h 1\n");
  CHECK(only_error(p) == "replicaof directive not allowed in cluster mode");
}
