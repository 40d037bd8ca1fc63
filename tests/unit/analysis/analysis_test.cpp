// The bound analysis behind alerts/*: constant folding, intervals through expressions, which server
// a selector describes, and settings with where they came from.
#include <catch2/catch.hpp>

#include "linter/analysis/bounds.h"
#include "linter/formats/promql/parser.h"
#include "linter/stack/assemble.h"

using namespace stacklint;
using namespace stacklint::analysis;

namespace {

promql::ParseResult parse(std::string_view text) {
  auto r = promql::parse(text, promql::ParseOptions{});
  REQUIRE(r.ok());
  return r;
}

std::optional<double> fold(std::string_view text) {
  return fold_constant(*parse(text).root);
}

const char* const kCompose = R"(services:
  db:
    image: postgres:16
    command: ["postgres", "-c", "config_file=/etc/pg.conf", "-c", "max_connections=40"]
    volumes:
      - ./pg.conf:/etc/pg.conf:ro
  cache:
    image: redis:7.2
    command: ["redis-server", "--maxmemory", "256m", "--maxclients", "500"]
)";

struct Fixture {
  MemoryFileSystem fs;
  Stack stack;
  Fixture() {
    fs.add("/s/compose.yaml", kCompose);
    fs.add("/s/pg.conf", "max_connections = 50\nmax_worker_processes = 4\n");
    StackRequest req;
    req.paths = {"/s"};
    StackLoad load = load_stack(fs, req);
    REQUIRE(load.usage_errors.empty());
    stack = std::move(load.stack);
    REQUIRE(stack.find_service("db") != nullptr);
    REQUIRE(stack.find_service("db")->postgres);
  }
  std::optional<Interval> interval(std::string_view text) {
    const auto r = parse(text);
    BoundAnalysis a(stack, {});
    return a.interval(*r.root);
  }
};

}  // namespace

TEST_CASE("constant folding follows PromQL arithmetic") {
  CHECK(fold("256 * 1024 * 1024") == 268435456.0);
  CHECK(fold("(1 + 2) * -3") == -9.0);
  CHECK(fold("2 ^ 3 ^ 2") == 512.0);  // right associative
  CHECK(fold("10 % 4") == 2.0);
  CHECK(fold("0x10 / 4") == 4.0);
  CHECK_FALSE(fold("1 > bool 0"));  // comparisons do not fold
  CHECK_FALSE(fold("up / 2"));
  CHECK_FALSE(fold("time()"));
}

TEST_CASE("numbers in messages") {
  CHECK(format_number(268435456) == "268,435,456");
  CHECK(format_number(-1234) == "-1,234");
  CHECK(format_number(999) == "999");
  CHECK(format_number(0.9) == "0.9");
}

TEST_CASE("a selector's bound comes from the server it describes, command line included") {
  Fixture f;
  // max_connections 40 (command line, over the file's 50) + autovacuum_max_workers 3 (default) +
  // max_worker_processes 4 (file).
  CHECK(f.interval("pg_stat_activity_count")->hi == 47);
  CHECK(f.interval("pg_stat_activity_count")->lo == 0);
  CHECK(f.interval("sum(pg_stat_activity_count)")->hi == 47);
  CHECK(f.interval("max by (datname) (pg_stat_activity_count)")->hi == 47);
  CHECK(f.interval("avg_over_time(pg_stat_activity_count[5m])")->hi == 47);
  CHECK(f.interval("100 * pg_stat_activity_count / 40")->hi == Approx(117.5));
  CHECK(f.interval("pg_stat_activity_count / pg_settings_max_connections")->hi == Approx(47.0 / 40.0));
  CHECK(f.interval("redis_connected_clients")->hi == 500);
  // Equals rows are exact.
  const auto eq = f.interval("pg_settings_max_connections");
  CHECK(eq->lo == 40);
  CHECK(eq->hi == 40);
  // Unknown: no bound row, a soft limit, count(), a divisor that may be 0.
  CHECK_FALSE(f.interval("pg_stat_activity_max_tx_duration"));
  CHECK_FALSE(f.interval("redis_memory_used_bytes"));
  CHECK_FALSE(f.interval("count(pg_stat_activity_count)"));
  CHECK_FALSE(f.interval("1 / (pg_stat_activity_count - 1)"));
  CHECK_FALSE(f.interval("rate(pg_stat_activity_count[5m])"));
}

TEST_CASE("a setting knows where it was set and what it overrode") {
  Fixture f;
  const Service& db = *f.stack.find_service("db");
  const auto s = resolve_setting(f.stack, db, knowledge::SettingRef{.config = "postgres", .name = "max_connections"});
  REQUIRE(s);
  CHECK(s->value == 40);
  CHECK_FALSE(s->is_default);
  REQUIRE(s->where.size() == 2);
  CHECK(s->where[0].message == "max_connections = 40 (command line)");
  CHECK(s->where[0].location.file.str() == "compose.yaml");
  CHECK(s->where[0].location.line == 4);
  CHECK(s->where[1].message == "overridden: max_connections = 50 (file)");
  CHECK(s->where[1].location.file.str() == "pg.conf");
  CHECK(s->where[1].location.line == 1);

  const auto d =
      resolve_setting(f.stack, db, knowledge::SettingRef{.config = "postgres", .name = "autovacuum_max_workers"});
  REQUIRE(d);
  CHECK(d->is_default);
  CHECK(d->describe() == "autovacuum_max_workers = 3 (default)");

  const Service& cache = *f.stack.find_service("cache");
  const auto m = resolve_setting(f.stack, cache, knowledge::SettingRef{.config = "redis", .name = "maxmemory"});
  REQUIRE(m);
  CHECK(m->value == 256000000);  // redis: m = 1000 * 1000, mb = 1024 * 1024

  knowledge::Condition noeviction{
      .setting = {.config = "redis", .name = "maxmemory-policy"}, .contains = false, .value = "noeviction"};
  CHECK(condition_holds(f.stack, cache, noeviction) == true);
  knowledge::Condition statements{.setting = {.config = "postgres", .name = "shared_preload_libraries"},
                                  .contains = true,
                                  .value = "pg_stat_statements"};
  CHECK(condition_holds(f.stack, db, statements) == false);
  CHECK_FALSE(condition_holds(f.stack, cache, statements));  // cache has no postgres config
}
