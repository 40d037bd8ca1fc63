#include <catch2/catch.hpp>

#include "tests/unit/postgres/support.h"

using pgtest::parse;
using pgtest::parse_text;
using Errors = std::vector<std::string>;

TEST_CASE("postgres: memory values normalize to bytes, the unitless number is in the base unit") {
  auto p = parse_text(
      "shared_buffers = 16384\n"  // 8 kB pages: the classic trap, this is 128 MB
      "work_mem 4096\n"           // kB
      "maintenance_work_mem = '1GB'\n"
      "temp_buffers = 1024kB\n"
      "max_wal_size = 2GB\n");
  CHECK(p->errors().empty());
  CHECK(p->i("shared_buffers") == 134217728);
  CHECK(p->cfg.find("shared_buffers")->unit == "bytes");
  CHECK(p->i("work_mem") == 4194304);
  CHECK(p->i("maintenance_work_mem") == 1073741824);
  CHECK(p->i("temp_buffers") == 1048576);
  CHECK(p->i("max_wal_size") == 2147483648);
}

TEST_CASE("postgres: integers in decimal, hex and octal; fractional units round") {
  auto p = parse_text(
      "max_connections = 010\nsuperuser_reserved_connections = 0x2\nwork_mem = '1.5MB'\n"
      "autovacuum_max_workers = +4\n");
  CHECK(p->errors().empty());
  CHECK(p->i("max_connections") == 8);
  CHECK(p->i("superuser_reserved_connections") == 2);
  CHECK(p->i("work_mem") == 1536 * 1024);
  CHECK(p->i("autovacuum_max_workers") == 4);
}

TEST_CASE("postgres: time values normalize to seconds") {
  auto p = parse_text(
      "checkpoint_timeout = 5min\nstatement_timeout = 1500\nauthentication_timeout = '1.5min'\n"
      "log_rotation_age = 1d\nvacuum_cost_delay = 2ms\ndeadlock_timeout = '1s'\n");
  CHECK(p->errors().empty());
  CHECK(p->d("checkpoint_timeout") == 300.0);
  CHECK(p->cfg.find("checkpoint_timeout")->unit == "seconds");
  CHECK(p->d("statement_timeout") == Approx(1.5));
  CHECK(p->d("authentication_timeout") == 90.0);
  CHECK(p->d("log_rotation_age") == 86400.0);
  CHECK(p->d("vacuum_cost_delay") == Approx(0.002));
  CHECK(p->d("deadlock_timeout") == 1.0);
}

TEST_CASE("postgres: units are case-sensitive and must fit the parameter") {
  auto p = parse_text("work_mem = 10mb\ncheckpoint_timeout = 5MB\nmax_connections = 100kB\n");
  CHECK(
      p->errors() ==
      Errors{
          R"(postgresql.conf:1:12: invalid value for parameter "work_mem": "10mb" (Valid units for this parameter are "B", "kB", "MB", "GB", and "TB"))",
          R"(postgresql.conf:2:22: invalid value for parameter "checkpoint_timeout": "5MB" (Valid units for this parameter are "us", "ms", "s", "min", "h", and "d"))",
          R"(postgresql.conf:3:19: invalid value for parameter "max_connections": "100kB")"});
}

TEST_CASE("postgres: quoted strings, escapes and unquoted paths") {
  auto p = parse_text(
      "search_path = '\"$user\", public'\napplication_name = 'it''s\\t'\n"
      "lc_messages = en_US.UTF-8\nlog_line_prefix = '%m [%p] '\nlisten_addresses = '*'\n");
  CHECK(p->errors().empty());
  CHECK(p->str("search_path") == "\"$user\", public");
  CHECK(p->str("application_name") == "it's\t");
  CHECK(p->str("lc_messages") == "en_US.UTF-8");
  CHECK(p->str("log_line_prefix") == "%m [%p] ");
  CHECK(p->str("listen_addresses") == "*");
}

TEST_CASE("postgres: booleans accept unique prefixes, on/off and 1/0") {
  auto p = parse_text("fsync = of\nssl = TRU\nautovacuum = 1\nlogging_collector = y\n");
  CHECK(p->errors().empty());
  CHECK_FALSE(p->b("fsync"));
  CHECK(p->b("ssl"));
  CHECK(p->b("autovacuum"));
  CHECK(p->b("logging_collector"));
  auto bad = parse_text("fsync = o\n");
  CHECK(bad->errors() == Errors{R"(postgresql.conf:1:9: parameter "fsync" requires a Boolean value)"});
}

TEST_CASE("postgres: enums, with hidden spellings and the list of values on error") {
  auto p = parse_text("wal_level = hot_standby\nhuge_pages = YES\nsynchronous_commit = local\n");
  CHECK(p->errors().empty());
  CHECK(p->str("wal_level") == "replica");
  CHECK(p->str("huge_pages") == "on");
  auto bad = parse_text("password_encryption = on\n");
  CHECK(
      bad->errors() ==
      Errors{
          R"(postgresql.conf:1:23: invalid value for parameter "password_encryption": "on" (Available values: md5, scram-sha-256))"});
}

TEST_CASE("postgres: names are case-insensitive; sort_mem and vacuum_mem are aliases") {
  auto p = parse_text("Shared_Buffers = 256MB\nsort_mem = 8MB\nvacuum_mem = 128MB\n");
  CHECK(p->errors().empty());
  CHECK(p->i("shared_buffers") == 268435456);
  CHECK(p->i("work_mem") == 8388608);
  CHECK(p->i("maintenance_work_mem") == 134217728);
  CHECK(p->cfg.find("sort_mem") == nullptr);
}

TEST_CASE("postgres: unknown names are errors with a suggestion; dotted names are placeholders") {
  auto p = parse_text("shared_buffer = 128MB\npg_stat_statements.max = 10000\n");
  CHECK(
      p->errors() ==
      Errors{
          R"(postgresql.conf:1:1: unrecognized configuration parameter "shared_buffer" (did you mean "shared_buffers"?))"});
  CHECK(p->str("pg_stat_statements.max") == "10000");
}

TEST_CASE("postgres: out-of-range values use postgres's wording in the base unit") {
  auto p = parse_text("shared_buffers = 8\nmax_connections = 0\nrandom_page_cost = -1\nwork_mem = 3000000000\n");
  CHECK(
      p->errors() ==
      Errors{
          R"(postgresql.conf:1:18: 8 8kB is outside the valid range for parameter "shared_buffers" (16 .. 1073741823))",
          R"(postgresql.conf:2:19: 0 is outside the valid range for parameter "max_connections" (1 .. 262143))",
          R"(postgresql.conf:3:20: -1 is outside the valid range for parameter "random_page_cost" (0 .. 1.79769e+308))",
          R"(postgresql.conf:4:12: invalid value for parameter "work_mem": "3000000000" (Value exceeds integer range))"});
}

TEST_CASE("postgres: limits that changed between versions") {
  CHECK(
      parse_text("maintenance_work_mem = 512kB\n", 15)->errors() ==
      Errors{
          R"(postgresql.conf:1:24: 512 kB is outside the valid range for parameter "maintenance_work_mem" (1024 .. 2147483647))"});
  CHECK(parse_text("maintenance_work_mem = 512kB\n", 17)->errors().empty());
  const auto pg15 = parse_text("reserved_connections = 5\n", 15)->errors();
  REQUIRE(pg15.size() == 1);
  CHECK(pg15[0].starts_with(R"(postgresql.conf:1:1: unrecognized configuration parameter "reserved_connections")"));
  CHECK(parse_text("reserved_connections = 5\n", 16)->errors().empty());
}

TEST_CASE("postgres: syntax errors with exact positions") {
  auto p =
      parse_text("work_mem = 1.5GB\nmax_connections = 1e2\n= 5\nwork_mem =\ndata_directory = /var/lib/pg\nok = 'x\n");
  CHECK(p->errors() == Errors{R"(postgresql.conf:1:15: syntax error near token "GB")",
                              R"(postgresql.conf:2:21: syntax error near token "2")",
                              R"(postgresql.conf:3:1: syntax error near token "=")",
                              R"(postgresql.conf:4:11: syntax error near end of line)",
                              R"(postgresql.conf:5:18: syntax error near token "/")",
                              R"(postgresql.conf:6:6: syntax error near token "'")"});
}

TEST_CASE("postgres: internal parameters cannot be set") {
  CHECK(parse_text("block_size = 8192\n")->errors() ==
        Errors{R"(postgresql.conf:1:14: parameter "block_size" cannot be changed)"});
}

TEST_CASE("postgres: the last occurrence wins and keeps the chain; earlier same-spelled ones are not checked") {
  auto p = parse_text("max_connections = 100\nmax_connections = 50\nshared_buffers = 1\nshared_buffers = 128MB\n");
  CHECK(p->errors().empty());
  const auto* s = p->cfg.find("max_connections");
  REQUIRE(s != nullptr);
  CHECK(std::get<int64_t>(s->current.value) == 50);
  CHECK(s->current.location.line == 2);
  REQUIRE(s->overrides.size() == 1);
  CHECK(s->overrides[0].location.line == 1);
  // Spelled differently: postgres checks the earlier one too.
  CHECK(
      parse_text("Shared_Buffers = 1\nshared_buffers = 128MB\n")->errors() ==
      Errors{
          R"(postgresql.conf:1:18: 1 8kB is outside the valid range for parameter "Shared_Buffers" (16 .. 1073741823))"});
}

TEST_CASE("postgres: include expands in place, relative to the including file") {
  stacklint::MemoryFileSystem fs;
  fs.add("/s/postgresql.conf", "max_connections = 10\ninclude 'conf/extra.conf'\nwork_mem = 8MB\n");
  fs.add("/s/conf/extra.conf", "max_connections = 20\nwork_mem = 1MB\ninclude_if_exists 'missing.conf'\n");
  auto p = parse(fs);
  CHECK(p->errors().empty());
  CHECK(p->i("max_connections") == 20);
  CHECK(p->i("work_mem") == 8388608);
  CHECK(p->cfg.files == std::vector<std::string>{"postgresql.conf", "conf/extra.conf"});
  CHECK(p->cfg.find("max_connections")->current.location.file.str() == "conf/extra.conf");
  CHECK(p->cfg.find("max_connections")->current.origin == stacklint::SettingOrigin::include);
}

TEST_CASE("postgres: include_dir reads *.conf in byte order, skipping dot-files and others") {
  stacklint::MemoryFileSystem fs;
  fs.add("/s/postgresql.conf", "include_dir 'conf.d'\n");
  fs.add("/s/conf.d/b.conf", "max_connections = 2\n");
  fs.add("/s/conf.d/a.conf", "max_connections = 1\nwork_mem = 1MB\n");
  fs.add("/s/conf.d/B.conf", "max_connections = 3\n");
  fs.add("/s/conf.d/.hidden.conf", "max_connections = 4\n");
  fs.add("/s/conf.d/c.conf.bak", "max_connections = 5\n");
  fs.add("/s/conf.d/.conf", "max_connections = 6\n");
  fs.add("/s/conf.d/sub.conf/x.conf", "max_connections = 7\n");
  auto p = parse(fs);
  CHECK(p->errors().empty());
  CHECK(p->cfg.files == std::vector<std::string>{"postgresql.conf", "conf.d/B.conf", "conf.d/a.conf", "conf.d/b.conf"});
  CHECK(p->i("max_connections") == 2);
}

TEST_CASE("postgres: missing includes, self-includes and too deep nesting are errors at the directive") {
  stacklint::MemoryFileSystem fs;
  fs.add("/s/postgresql.conf", "include 'nope.conf'\ninclude_dir 'nodir'\ninclude 'self.conf'\ninclude ''\n");
  fs.add("/s/self.conf", "include 'self.conf'\n");
  auto p = parse(fs);
  CHECK(
      p->errors() ==
      Errors{
          R"(postgresql.conf:1:1: could not open configuration file "/s/nope.conf": No such file or directory)",
          R"(postgresql.conf:2:1: could not open configuration directory "/s/nodir": No such file or directory)",
          R"(postgresql.conf:4:9: empty configuration file name: "")",
          R"(self.conf:1:1: could not open configuration file "/s/self.conf": maximum nesting depth exceeded (it includes itself))"});
}

TEST_CASE("postgres: nesting deeper than 10 files is refused") {
  stacklint::MemoryFileSystem fs;
  fs.add("/s/postgresql.conf", "include 'f1.conf'\n");
  for (int i = 1; i <= 11; ++i) {
    fs.add("/s/f" + std::to_string(i) + ".conf", "include 'f" + std::to_string(i + 1) + ".conf'\n");
  }
  fs.add("/s/f12.conf", "work_mem = 1MB\n");
  auto p = parse(fs);
  CHECK(p->errors() ==
        Errors{R"(f10.conf:1:1: could not open configuration file "/s/f11.conf": maximum nesting depth exceeded)"});
}

TEST_CASE("postgres: effective memory with defaults and -1 fallbacks") {
  auto p = parse_text("shared_buffers = 256MB\nmaintenance_work_mem = 128MB\n");
  CHECK(p->cfg.memory_bytes("wal_buffers") == 8 * 1024 * 1024);
  CHECK(p->cfg.memory_bytes("autovacuum_work_mem") == 128 * 1024 * 1024);
  CHECK(p->cfg.memory_bytes("work_mem") == 4 * 1024 * 1024);
  CHECK(p->cfg.integer("max_connections") == 100);
  auto small = parse_text("shared_buffers = 1MB\nwal_buffers = 2\n");
  CHECK(small->cfg.memory_bytes("wal_buffers") == 4 * 8192);  // clamped to 4 pages
  CHECK(parse_text("shared_buffers = 1MB\n")->cfg.memory_bytes("wal_buffers") == 64 * 1024);
  CHECK(parse_text("shared_buffers = 8GB\n")->cfg.memory_bytes("wal_buffers") == 16 * 1024 * 1024);
}

TEST_CASE("postgres: command-line settings win and are not tokenized") {
  auto p = parse_text("work_mem = 4MB\n");
  std::vector<stacklint::ParseIssue> errors;
  const stacklint::Location cmd{.file = "compose.yaml", .line = 5, .column = 14};
  CHECK(stacklint::postgres::apply_setting(p->cfg, "work-mem", "1.5MB", cmd, stacklint::SettingOrigin::command_line,
                                           errors));
  CHECK_FALSE(stacklint::postgres::apply_setting(p->cfg, "max_conections", "5", cmd,
                                                 stacklint::SettingOrigin::command_line, errors));
  CHECK(p->i("work_mem") == 1536 * 1024);
  CHECK(p->cfg.find("work_mem")->current.origin == stacklint::SettingOrigin::command_line);
  CHECK(p->cfg.find("work_mem")->overrides.size() == 1);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message ==
        R"(unrecognized configuration parameter "max_conections" (did you mean "max_connections"?))");
  CHECK(errors[0].location.line == 5);
}
