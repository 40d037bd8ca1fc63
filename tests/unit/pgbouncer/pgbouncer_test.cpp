// pgbouncer.ini as pgbouncer reads it: sections, %include, strict [pgbouncer] values, lenient
// [databases] values, the differences between releases.
#include <catch2/catch.hpp>

#include "linter/formats/pgbouncer/parser.h"

using namespace stacklint;

namespace {

PgBouncerConfig parse(const std::string& text, int minor = 25) {
  MemoryIncludeResolver files("/etc/pgbouncer");
  files.add("/etc/pgbouncer/common.ini", "max_client_conn = 500\n");
  files.add("/etc/pgbouncer/self.ini", "%include self.ini\n");
  files.refuse("/etc/passwd", OpenStatus::outside_root);
  pgbouncer::Options o;
  o.version = PgBouncerVersion{.major = 1, .minor = minor};
  o.resolver = &files;
  return pgbouncer::parse_string(text, o);
}

}  // namespace

TEST_CASE("pgbouncer: settings, defaults and the databases of a plain file") {
  const auto c = parse(
      "[databases]\napp = host=postgres port=5433 dbname=app_db pool_size=abc reserve_pool=3\n"
      "* = host=fallback\n[pgbouncer]\nlisten_port = 0x1A0A\ndefault_pool_size = 25\nserver_lifetime = 1.5\n"
      "pool_mode = TRANSACTION\n");
  REQUIRE(c.errors.empty());
  CHECK(c.listen_port() == 6666);
  CHECK(c.integer("default_pool_size") == 25);
  CHECK(c.integer("max_client_conn") == 100);  // default
  CHECK(c.seconds("server_lifetime") == 1.5);
  CHECK(c.text("pool_mode") == "transaction");
  REQUIRE(c.databases.size() == 2);
  const auto& app = c.databases[0];
  CHECK(app.name.value == "app");
  CHECK(app.host == "postgres");
  CHECK(app.port == 5433);
  CHECK(app.dbname == "app_db");
  CHECK(app.pool_size == 0);  // atoi("abc")
  CHECK(app.reserve_pool_size == 3);
  CHECK(app.name.location.line == 2);
  CHECK(c.databases[1].fallback);
  CHECK(c.location_of("listen_port").line == 5);
}

TEST_CASE("pgbouncer: what it refuses, with its reason and the line") {
  struct Case {
    std::string text;
    std::string message;
    uint32_t line;
  };
  const std::vector<Case> cases = {
      {"[pgbouncer]\nlisten_port = 6432 ; comment\n", "invalid value \"6432 ; comment\" for parameter listen_port", 2},
      {"[pgbouncer]\npool_size = 20\n", "unknown parameter: pgbouncer/pool_size", 2},
      {"[pgbouncer]\nserver_lifetime = 10s\n", "invalid value \"10s\" for parameter server_lifetime", 2},
      {"[pgbouncer]\nmax_client_conn = 20k\n", "invalid value \"20k\"", 2},
      {"[pgbouncer]\nauth_type = peer\n", "invalid value \"peer\" for parameter auth_type", 2},
      {"[databases]\nx = host=a port=0\n[pgbouncer]\n", "invalid port: 0 in database \"x\"", 2},
      {"[databases]\nx = host='a\n[pgbouncer]\n", "syntax error in database \"x\"", 2},
      {"[databases]\nx = host=a bogus=1\n[pgbouncer]\n", "unrecognized connection parameter: bogus", 2},
      {"[databases]\npgbouncer = host=a\n[pgbouncer]\n", "database name \"pgbouncer\" is reserved", 2},
      {"[databases]\n", "main section missing", 1},
      {"[pgbouncer\n", "closing ']'", 1},
      {"[foo]\n[pgbouncer]\n", "invalid section \"foo\"", 1},
      {"[pgbouncer]\nlisten_port 5\n", "expected `key = value`", 2},
      {"x = 1\n[pgbouncer]\n", "value without section", 1},
      {"%include missing.ini\n[pgbouncer]\n", "could not load file \"missing.ini\"", 1},
      {"[pgbouncer]\n%include self.ini\n", "include nesting level too deep", 1},
      {"[users]\nu = pool_mode=bad\n[pgbouncer]\n", "invalid pool mode: bad", 2},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto cfg = parse(c.text);
    REQUIRE_FALSE(cfg.errors.empty());
    CHECK_THAT(cfg.errors.front().message, Catch::Contains(c.message));
    CHECK(cfg.errors.front().location.line == c.line);
  }
}

TEST_CASE("pgbouncer: leniency pgbouncer really has") {
  for (const std::string text :
       {"[pgbouncer] listen_port = 7\n", "[databases]\nx =\n[pgbouncer]\n", "[databases]\n= host=x\n[pgbouncer]\n",
        "[databases]\n* = bogus=1 port=0\n[pgbouncer]\n", "[databases]\nx = host=a\tport=5\n[pgbouncer]\n",
        "\n\n  ; c\n# c\n[pgbouncer]\r\nlisten_addr = *\r\n",
        "[pgbouncer]\nmax_client_conn = 99999999999\nquery_timeout = 1e3\n"}) {
    INFO(text);
    CHECK(parse(text).errors.empty());
  }
}

TEST_CASE("pgbouncer: includes are read in place and a second [pgbouncer] resets to defaults") {
  const auto c = parse("[pgbouncer]\nmax_client_conn = 50\n%include common.ini\n");
  REQUIRE(c.errors.empty());
  CHECK(c.integer("max_client_conn") == 500);
  CHECK(c.files == std::vector<std::string>{"pgbouncer.ini", "etc/pgbouncer/common.ini"});
  CHECK(c.location_of("max_client_conn").file == "etc/pgbouncer/common.ini");
  // A refused include (outside the stack root) is the resolver's to record: no pgbouncer/syntax.
  CHECK(parse("[pgbouncer]\n%include /etc/passwd\n").errors.empty());
  const auto r = parse("[pgbouncer]\ndefault_pool_size = 5\n[pgbouncer]\n");
  CHECK(r.integer("default_pool_size") == 20);
}

TEST_CASE("pgbouncer: releases differ") {
  CHECK_FALSE(parse("[pgbouncer]\nmax_prepared_statements = 100\n", 18).errors.empty());
  CHECK(parse("[pgbouncer]\nmax_prepared_statements = 100\n", 21).errors.empty());
  CHECK_FALSE(parse("[databases]\nx = host=a reserve_pool_size=5\n[pgbouncer]\n", 23).errors.empty());
  CHECK(parse("[databases]\nx = host=a reserve_pool_size=5\n[pgbouncer]\n", 24).errors.empty());
  CHECK_FALSE(parse("[peers]\n1 = host=a\n[pgbouncer]\n", 18).errors.empty());
  CHECK(parse("[peers]\n1 = host=a\n[pgbouncer]\n", 19).errors.empty());
  CHECK_FALSE(parse("[pgbouncer]\n'listen_port' = 5\n", 24).errors.empty());
  CHECK(parse("[pgbouncer]\n'listen_port' = 5\n", 25).errors.empty());
  CHECK_FALSE(parse("[users]\nu = pool_size=5\n[pgbouncer]\n", 22).errors.empty());
  CHECK(parse("[users]\nu = pool_size=5\n[pgbouncer]\n", 23).errors.empty());
}
