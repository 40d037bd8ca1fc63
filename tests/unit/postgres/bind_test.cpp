#include <catch2/catch.hpp>

#include "linter/formats/postgres/parser.h"
#include "linter/stack/bind_postgres.h"

using stacklint::Located;
using stacklint::Location;
using stacklint::MemoryFileSystem;
using stacklint::Mount;
using stacklint::Role;
using stacklint::Service;
using stacklint::Stack;

namespace {

Service db(const std::string& version, std::vector<std::string> command = {}) {
  Service s;
  s.name = "db";
  s.role = Role::postgres;
  s.version = version;
  if (!command.empty()) {
    s.command = Located<std::vector<std::string>>{
        .value = std::move(command), .location = Location{.file = "compose.yaml", .line = 5, .column = 14}};
  }
  return s;
}

Mount bind_mount(const std::string& host, const std::string& target) {
  return Mount{.source = host, .host_path = "/s/" + host, .target = target, .bind = true};
}

}  // namespace

TEST_CASE("bind_postgres: -c config_file through a directory mount, then -c overrides") {
  MemoryFileSystem fs;
  fs.add("/s/pg/postgresql.conf", "work_mem = 4MB\ninclude 'extra.conf'\n");
  fs.add("/s/pg/extra.conf", "max_connections = 50\n");
  Stack stack;
  stack.root = "/s";
  Service s = db("15", {"-c", "config_file=/etc/postgresql/postgresql.conf", "-c", "work_mem=64MB", "-cport=5433"});
  s.mounts.push_back(bind_mount("pg", "/etc/postgresql"));
  stacklint::bind_postgres(stack, s, fs);
  REQUIRE(s.postgres);
  const auto& c = *s.postgres;
  CHECK(c.major == 15);
  CHECK(c.config_file == "/etc/postgresql/postgresql.conf");
  CHECK(c.files == std::vector<std::string>{"pg/postgresql.conf", "pg/extra.conf"});
  CHECK(c.memory_bytes("work_mem") == 64LL * 1024 * 1024);
  CHECK(c.find("work_mem")->current.origin == stacklint::SettingOrigin::command_line);
  CHECK(c.find("work_mem")->current.location.line == 5);
  CHECK(c.find("work_mem")->overrides.size() == 1);
  CHECK(c.integer("max_connections") == 50);
  CHECK(c.integer("port") == 5433);
  CHECK(c.command_line_errors.empty());
}

TEST_CASE("bind_postgres: the default file is $PGDATA/postgresql.conf; 18+ moved PGDATA") {
  MemoryFileSystem fs;
  fs.add("/s/postgresql.conf", "shared_buffers = 256MB\n");
  for (const auto& [version, target, found] : std::vector<std::tuple<std::string, std::string, bool>>{
           {"16", "/var/lib/postgresql/data/postgresql.conf", true},
           {"18", "/var/lib/postgresql/data/postgresql.conf", false},
           {"", "/var/lib/postgresql/18/docker/postgresql.conf", true}}) {
    Stack stack;
    stack.root = "/s";
    Service s = db(version);
    s.mounts.push_back(bind_mount("postgresql.conf", target));
    stacklint::bind_postgres(stack, s, fs);
    REQUIRE(s.postgres);
    CHECK(s.postgres->memory_bytes("shared_buffers") == (found ? 256LL : 128LL) * 1024 * 1024);
  }
}

TEST_CASE("bind_postgres: command-line errors are located at the command") {
  MemoryFileSystem fs;
  Stack stack;
  stack.root = "/s";
  Service s = db("16", {"postgres", "-c", "max_conections=5", "--work_mem", "-c", "shared_buffers=1"});
  stacklint::bind_postgres(stack, s, fs);
  REQUIRE(s.postgres);
  std::vector<std::string> messages;
  for (const auto& e : s.postgres->command_line_errors) {
    CHECK(e.location.line == 5);
    messages.push_back(e.message);
  }
  CHECK(messages == std::vector<std::string>{
                        "--work_mem requires a value",
                        R"(unrecognized configuration parameter "max_conections" (did you mean "max_connections"?))",
                        R"(1 8kB is outside the valid range for parameter "shared_buffers" (16 .. 1073741823))"});
}

TEST_CASE("bind_postgres: POSTGRES_INITDB_ARGS -c applies from 16 on, only to the initdb-written file") {
  MemoryFileSystem fs;
  for (const auto& [version, applied] : std::vector<std::pair<std::string, bool>>{{"15", false}, {"16", true}}) {
    Stack stack;
    stack.root = "/s";
    Service s = db(version);
    s.environment["POSTGRES_INITDB_ARGS"] = Located<std::string>{
        .value = "--data-checksums -c max_connections=200", .location = Location{.file = "compose.yaml", .line = 7}};
    stacklint::bind_postgres(stack, s, fs);
    REQUIRE(s.postgres);
    REQUIRE(s.postgres->initdb_settings.size() == 1);
    CHECK(s.postgres->initdb_settings[0].value == "max_connections=200");
    CHECK(s.postgres->initdb_settings_applied == applied);
    CHECK(s.postgres->integer("max_connections") == (applied ? 200 : 100));
  }
}

TEST_CASE("bind_postgres: versions from image tags") {
  CHECK(stacklint::postgres_major("15") == 15);
  CHECK(stacklint::postgres_major("16.4-alpine") == 16);
  CHECK(stacklint::postgres_major("") == 18);
  CHECK(stacklint::postgres_major("latest") == 18);
  CHECK(stacklint::postgres_default_pgdata(17) == "/var/lib/postgresql/data");
  CHECK(stacklint::postgres_default_pgdata(18) == "/var/lib/postgresql/18/docker");
}
