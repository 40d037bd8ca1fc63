#include "tests/support/rules.h"

#include <catch2/catch.hpp>

#include "linter/engine/rule.h"
#include "linter/stack/bind_postgres.h"

using stacklint::test::rule_by_id;

using stacklint::Located;
using stacklint::Location;
using stacklint::Role;

namespace {

struct Fixture {
  stacklint::MemoryFileSystem fs;
  stacklint::Stack stack;
  stacklint::Service svc;

  Fixture(const std::string& version, const std::string& conf, std::vector<std::string> command = {}) {
    stack.root = "/s";
    svc.name = "db";
    svc.role = Role::postgres;
    svc.version = version;
    if (!conf.empty()) {
      fs.add("/s/pg/postgresql.conf", conf);
      svc.mounts.push_back(stacklint::Mount{.source = "./pg/postgresql.conf",
                                            .host_path = "/s/pg/postgresql.conf",
                                            .target = "/var/lib/postgresql/data/postgresql.conf",
                                            .bind = true});
    }
    if (!command.empty()) {
      svc.command = Located<std::vector<std::string>>{
          .value = std::move(command), .location = Location{.file = "compose.yaml", .line = 6, .column = 14}};
    }
  }
  std::vector<stacklint::Diagnostic> run(const stacklint::Rule& rule) {
    stacklint::bind_postgres(stack, svc, fs);
    stack.services.push_back(svc);
    std::vector<stacklint::Diagnostic> out;
    const stacklint::RuleOptionValues options;
    stacklint::Reporter reporter(rule.info(), rule.info().severity, options, out);
    rule.check(stack, reporter);
    return out;
  }
};

std::string where(const Location& l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

}  // namespace

TEST_CASE("postgres/memory-over-limit: the worst case, placed at the largest contributor set explicitly") {
  Fixture f("15", "max_connections = 50\nshared_buffers = 256MB\nwork_mem = 8MB\n");
  f.svc.memory_limit =
      Located<int64_t>{.value = 800LL << 20, .location = Location{.file = "compose.yaml", .line = 4, .column = 16}};
  const auto d = f.run(rule_by_id("postgres/memory-over-limit"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "worst case 1.1 GiB = shared_buffers 256 MiB + wal_buffers 8 MiB + 50 connections x work_mem 8 MiB x 1.5 + 3 "
        "autovacuum workers x 64 MiB + 50 x 2 MiB backend overhead > limit 800 MiB");
  CHECK(where(d[0].location) == "pg/postgresql.conf:3:1");
  REQUIRE(d[0].related.size() == 3);
  CHECK(d[0].related[0].message == "shared_buffers = 256MB (file)");
  CHECK(d[0].related[1].message == "max_connections = 50 (file)");
  CHECK(d[0].related[2].message == "the container's memory limit 800 MiB");
  CHECK(where(d[0].related[2].location) == "compose.yaml:4:16");
}

TEST_CASE("postgres/memory-over-limit: a -c override counts; a unitless shared_buffers is in pages") {
  Fixture over("16", "max_connections = 20\nshared_buffers = 256MB\nwork_mem = 4MB\n", {"-c", "work_mem=64MB"});
  over.svc.memory_limit = Located<int64_t>{.value = 1LL << 30, .location = Location{.file = "compose.yaml", .line = 4}};
  const auto d = over.run(rule_by_id("postgres/memory-over-limit"));
  REQUIRE(d.size() == 1);
  CHECK(where(d[0].location) == "compose.yaml:6:14");
  Fixture fits("16", "max_connections = 20\nshared_buffers = 256MB\nwork_mem = 64MB\n", {"-c", "work_mem=4MB"});
  fits.svc.memory_limit = Located<int64_t>{.value = 1LL << 30, .location = Location{.file = "compose.yaml", .line = 4}};
  CHECK(fits.run(rule_by_id("postgres/memory-over-limit")).empty());
  Fixture pages("17", "max_connections = 20\nshared_buffers = 65536\n");
  pages.svc.memory_limit =
      Located<int64_t>{.value = 600LL << 20, .location = Location{.file = "compose.yaml", .line = 4}};
  const auto p = pages.run(rule_by_id("postgres/memory-over-limit"));
  REQUIRE(p.size() == 1);
  CHECK(p[0].message.find("shared_buffers 512 MiB") != std::string::npos);
}

TEST_CASE("postgres/reserved-connections: reserved slots must stay below max_connections") {
  Fixture f("15", "", {"-c", "max_connections=3"});
  const auto d = f.run(rule_by_id("postgres/reserved-connections"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "superuser_reserved_connections (3) must be less than max_connections (3): postgres will not start");
  CHECK(where(d[0].location) == "compose.yaml:6:14");
  Fixture pg16("16", "max_connections = 10\nsuperuser_reserved_connections = 3\nreserved_connections = 7\n");
  const auto e = pg16.run(rule_by_id("postgres/reserved-connections"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].message ==
        "superuser_reserved_connections (3) plus reserved_connections (7) must be less than "
        "max_connections (10): postgres will not start");
  CHECK(e[0].related.size() == 2);
  Fixture ok("15", "", {"-c", "max_connections=20"});
  CHECK(ok.run(rule_by_id("postgres/reserved-connections")).empty());
}

TEST_CASE("postgres/initdb-args-unsupported: -c in POSTGRES_INITDB_ARGS before 16") {
  for (const auto& [version, fires] :
       std::vector<std::pair<std::string, bool>>{{"15", true}, {"16", false}, {"", false}}) {
    Fixture f(version, "");
    f.svc.environment["POSTGRES_INITDB_ARGS"] =
        Located<std::string>{.value = "--data-checksums -c max_connections=200",
                             .location = Location{.file = "compose.yaml", .line = 8, .column = 29}};
    const auto d = f.run(rule_by_id("postgres/initdb-args-unsupported"));
    REQUIRE(d.size() == (fires ? 1U : 0U));
    if (fires) {
      CHECK(d[0].message ==
            "POSTGRES_INITDB_ARGS passes `-c max_connections=200`, but initdb accepts -c only from "
            "PostgreSQL 16 (service 'db' runs 15): initdb fails and the container does not start");
      CHECK(where(d[0].location) == "compose.yaml:8:29");
    }
  }
}

TEST_CASE("postgres/syntax: file errors and command-line errors") {
  Fixture f("15", "shared_buffers = 1.5GB\n", {"-c", "max_conections=5"});
  const auto d = f.run(rule_by_id("postgres/syntax"));
  REQUIRE(d.size() == 2);
  CHECK(d[0].message == R"(syntax error near token "GB")");
  CHECK(where(d[0].location) == "pg/postgresql.conf:1:21");
  CHECK(d[1].message == R"(unrecognized configuration parameter "max_conections" (did you mean "max_connections"?))");
  CHECK(where(d[1].location) == "compose.yaml:6:14");
}
