// Include expansion stays bounded however the files include each other (issue 10, item 3): the
// parsers stop a cycle or a fan-out the way their program does, and the resolver's budget ends
// what is left. Every case builds its files in a MemoryIncludeResolver: the parsers need no Stack.
#include <catch2/catch.hpp>
#include <chrono>

#include "linter/formats/postgres/parser.h"
#include "linter/formats/redis/parser.h"
#include "linter/model/pg_config.h"
#include "linter/model/redis_config.h"

using namespace stacklint;

namespace {

std::vector<std::string> messages(const std::vector<ParseIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& e : issues) {
    out.push_back(e.location.file + ":" + std::to_string(e.location.line) + ": " + e.message);
  }
  return out;
}

}  // namespace

TEST_CASE("redis: files that include the glob that matches them stop at the first cycle") {
  MemoryIncludeResolver files("/data");
  files.add("/data/inc/a.conf", "include inc/*.conf\nmaxmemory 1mb\n");
  files.add("/data/inc/b.conf", "include inc/*.conf\nmaxmemory 2mb\n");
  const auto start = std::chrono::steady_clock::now();
  const auto p = redis::parse_redis_string("include inc/*.conf\n", {}, &files);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(messages(p.issues()) == std::vector<std::string>{"data/inc/a.conf:1: include cycle: '/data/inc/a.conf' "
                                                         "includes itself: redis would recurse until it crashes"});
  CHECK(files.opened().size() < 10);
}

TEST_CASE("redis: a fan-out without a cycle ends at the include budget, with a located refusal") {
  MemoryIncludeResolver files("/data");
  std::string eleven_a;
  std::string eleven_b;
  for (int i = 0; i < 11; ++i) {
    eleven_a += "include a.conf\n";
    eleven_b += "include b.conf\n";
  }
  files.add("/data/a.conf", eleven_b);
  files.add("/data/b.conf",
            "include c.conf\ninclude c.conf\ninclude c.conf\ninclude c.conf\ninclude c.conf\n"
            "include c.conf\ninclude c.conf\ninclude c.conf\ninclude c.conf\ninclude c.conf\n");
  files.add("/data/c.conf", "maxmemory 1mb\n");
  const auto p = redis::parse_redis_string(eleven_a, {}, &files);
  CHECK(p.issues().empty());
  CHECK(files.budget().files == 1000);
  REQUIRE_FALSE(files.refusals().empty());
  const RefusedRead& first = files.refusals().front();
  CHECK(first.status == OpenStatus::budget_exhausted);
  CHECK(first.reference.location.file.str() == "data/b.conf");
  CHECK(describe_refusal(first) ==
        "include 'c.conf' is not read: the stack's include budget (1,000 files or 64 MiB in all) is used up");
}

TEST_CASE("postgres: include_dir '.' in ten files stops at the first failing file, as postgres does") {
  MemoryIncludeResolver files("/");
  for (int i = 0; i < 10; ++i) files.add("/etc/pg/f" + std::to_string(i) + ".conf", "include_dir '.'\n");
  files.add("/etc/pg/postgresql.conf", "include_dir '.'\nmax_connections = 20\n");
  PgConfig cfg;
  const auto start = std::chrono::steady_clock::now();
  const auto load = postgres::load_config(files, cfg, "/etc/pg/postgresql.conf", {.major = 17}, {});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(load.loaded);
  CHECK(files.opened().size() < 15);
  CHECK(messages(load.errors) ==
        std::vector<std::string>{"etc/pg/f0.conf:1: could not open configuration file \"/etc/pg/f0.conf\": maximum "
                                 "nesting depth exceeded (it includes itself)"});
  CHECK(cfg.find("max_connections") != nullptr);
}

TEST_CASE("postgres: a refused include reads as empty, with no error of postgres's own") {
  MemoryIncludeResolver files("/");
  files.add("/etc/pg/postgresql.conf", "include '/etc/passwd'\nmax_connections = 20\n");
  files.refuse("/etc/passwd", OpenStatus::outside_root);
  PgConfig cfg;
  const auto load = postgres::load_config(files, cfg, "/etc/pg/postgresql.conf", {.major = 17}, {});
  CHECK(load.errors.empty());
  REQUIRE(files.refusals().size() == 1);
  CHECK(files.refusals()[0].reference.location.line == 1);
  CHECK(describe_refusal(files.refusals()[0]) ==
        "include '/etc/passwd' points outside the stack root; stacklint does not read it");
}
