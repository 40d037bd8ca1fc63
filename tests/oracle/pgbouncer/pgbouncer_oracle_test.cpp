// Differential test against Debian's pgbouncer (1.18 on Debian 12): pgbouncer has no check mode, but
// `pgbouncer -u <no-such-user> FILE` loads the configuration and stops before opening a socket. Its
// last line is `FATAL cannot load config file` (refused) or `FATAL could not find user ...`
// (accepted). stacklint must report an error exactly on the files pgbouncer refuses, reading them
// as the installed version (-V). Generated configs (seeded) and ../shared/corpus/pgbouncer-testdata
// are run in one batch, several pgbouncer processes at a time.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "linter/formats/pgbouncer/params.h"
#include "linter/formats/pgbouncer/parser.h"
#include "tests/support/run.h"
#include "tests/support/shared.h"

namespace fs = std::filesystem;
using namespace stacklint;

namespace {

constexpr const char* kPgbouncer = "/usr/sbin/pgbouncer";
constexpr const char* kNoUser = "stacklint-no-such-user";

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  std::string one(const std::vector<std::string>& v) { return v[pick(v.size())]; }

  std::string integer() {
    return one({"20", "0", "100", "0x10", "010", "-5", "+7", "20k", "abc", "1e3", "99999999999", "6432 ; x", "5 # c",
                "", "1.5", "08", " 12"});
  }
  std::string seconds() {
    return one({"10", "10.5", "0", "1e3", "10s", "-1", "abc", ".5", "5.", "3600", "1,5", "", "0x10"});
  }
  std::string setting() {
    switch (pick(12)) {
      case 0:
      case 1:
        return one({"default_pool_size", "max_client_conn", "reserve_pool_size", "min_pool_size", "listen_port",
                    "max_db_connections", "max_user_connections", "log_connections", "pkt_buf"}) +
               " = " + integer();
      case 2:
        return one({"server_lifetime", "server_idle_timeout", "query_timeout", "reserve_pool_timeout",
                    "client_login_timeout"}) +
               " = " + seconds();
      case 3:
        return "pool_mode = " + one({"session", "transaction", "Statement", "TRANSACTION", "txn", "", "session ;"});
      case 4:
        return "auth_type = " + one({"md5", "scram-sha-256", "trust", "plain", "any", "hba", "cert", "MD5", "peer",
                                     "password", "pam", "ldap"});
      case 5:
        return one({"server_tls_sslmode", "client_tls_sslmode"}) + " = " +
               one({"disable", "prefer", "require", "verify-full", "VERIFY-CA", "strict", "allow"});
      case 6:  // unknown or newer than 1.18, or wrong case
        return one({"pool_size = 20", "max_prepared_statements = 100", "POOL_MODE = session", "peer_id = 1",
                    "track_extra_parameters = search_path", "cancel_wait_timeout = 10", "service_name = x",
                    "auth_dbname = postgres", "transaction_timeout = 1", "foo.bar = 1"});
      case 7:
        return one({"listen_addr = *", "listen_addr = 0.0.0.0, ::", "admin_users = postgres, admin",
                    "ignore_startup_parameters = extra_float_digits", "server_reset_query = DISCARD ALL",
                    "auth_file = userlist.txt", "unix_socket_dir =", "job_name = bouncer"});
      case 8:
        return one({"listen_port 6432", "listen_port: 6432", "listen port = 1", "=5", "[pgbouncer", "x=1 = 2",
                    "'listen_port' = 6432"});
      case 9:
        return "max_packet_size = " + one({"2147483647", "-1", "4294967296", "0x7fffffff", "1k"});
      case 10:
        return "tcp_defer_accept = " + integer();
      default:
        return "unix_socket_mode = " + one({"0777", "0700", "777", "rwx"});
    }
  }
  std::string connstr() {
    std::vector<std::string> parts;
    const size_t n = pick(5);
    for (size_t i = 0; i < n; ++i) {
      switch (pick(11)) {
        case 0:
          parts.push_back("host=" + one({"db", "127.0.0.1", "'my host'", "'it''s'", "", "'unterminated"}));
          break;
        case 1:
          parts.push_back("port=" + one({"5432", "0", "abc", "5432x", "-1", "65536"}));
          break;
        case 2:
          parts.push_back("dbname=" + one({"app", "'a b'", "x"}));
          break;
        case 3:
          parts.push_back(one({"pool_size", "min_pool_size", "reserve_pool", "max_db_connections"}) + "=" +
                          one({"5", "abc", "0", "-3", "1e2"}));
          break;
        case 4:
          parts.push_back("pool_mode=" + one({"session", "transaction", "bogus", "STATEMENT"}));
          break;
        case 5:
          parts.push_back(one({"reserve_pool_size=5", "auth_dbname=x", "server_lifetime=5", "auth_query=x",
                               "load_balance_hosts=disable", "sslmode=require", "unknown=1"}));
          break;
        case 6:
          parts.push_back(one({"user=app", "password=secret", "auth_user=pgb", "client_encoding=UTF8",
                               "application_name=x", "timezone=UTC", "datestyle=ISO", "connect_query='SELECT 1'"}));
          break;
        case 7:
          parts.push_back(one({"host =db", "port= 5432", "=x", "host", "host=a\tport=5"}));
          break;
        default:
          parts.push_back("host=db");
      }
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : one({" ", "  "})) + p;
    return out;
  }
  std::string database() {
    const std::string name = one({"app", "app", "app_db", "*", "pgbouncer", "x-y", "db.1", "'quoted'", ""});
    return name + one({" = ", "=", " =  "}) + connstr();
  }
  std::string user() {
    return one({"app", "admin", "u1"}) + " = " +
           one({"pool_mode=transaction", "max_user_connections=10", "pool_mode=bad", "pool_size=5", "", "x=1",
                "max_user_connections=abc", "pool_mode"});
  }

  // A config made of values pgbouncer accepts (in many spellings), so both verdicts are frequent.
  std::string valid_config() {
    std::string out = one({"", "; generated\n", "\n\n"});
    out += "[databases]\n";
    for (size_t i = pick(3); i > 0; --i) {
      out += one({"app", "db_" + std::to_string(i), "*"}) + one({" = ", "="}) +
             one({"host=db port=5432", "host=db dbname=x pool_size=abc", "host='a b' port=6000 pool_mode=Session",
                  "host=db reserve_pool=3 max_db_connections=10", "", "host=db user=u password=p"}) +
             "\n";
    }
    if (chance(30)) out += "[users]\n" + one({"u = pool_mode=transaction", "v = max_user_connections=5"}) + "\n";
    out += "[pgbouncer]\n";
    for (size_t i = pick(5); i > 0; --i) {
      out +=
          one({"listen_port = 6432", "listen_port=0x1A0A", "default_pool_size = 010", "max_client_conn = +500",
               "pool_mode = Transaction", "server_lifetime = 1e3", "query_timeout = 0.5", "auth_type = scram-sha-256",
               "server_tls_sslmode = verify-ca", "listen_addr = *", "ignore_startup_parameters = extra_float_digits",
               "unix_socket_mode = 0700", "reserve_pool_timeout = 3"}) +
          "\n";
    }
    return out;
  }

  // One config; `include` is the name of an extra file this one may %include.
  std::string config(std::string& include_text) {
    if (chance(35)) return valid_config();
    std::string out;
    const bool main = !chance(5);
    if (chance(10)) out += "# generated\n;; comment\n\n";
    if (chance(5)) out += "stray = 1\n";
    if (chance(80)) {
      out += one({"[databases]\n", "  [databases]\n", "[databases] ; c\n"});
      for (size_t i = pick(4); i > 0; --i) out += database() + one({"\n", "\r\n", "  \n"});
    }
    if (chance(20)) {
      out += "[users]\n";
      for (size_t i = 1 + pick(2); i > 0; --i) out += user() + "\n";
    }
    if (chance(4)) out += one({"[peers]\n1 = host=a\n", "[foo]\n", "[Databases]\n", "[pgbouncer\n"});
    if (main) {
      out += one({"[pgbouncer]\n", "[pgbouncer]\n\n", "\t[pgbouncer]\n"});
      for (size_t i = pick(6); i > 0; --i) out += (chance(10) ? "  " : "") + setting() + "\n";
    }
    if (chance(10)) {
      const bool exists = chance(70);
      out += "%include " + std::string(exists ? "inc.ini" : "missing.ini") + "\n";
      if (exists) include_text = chance(50) ? "listen_port = 7000\n" : "[databases]\n" + database() + "\n";
    }
    if (chance(5) && main) out += "[pgbouncer]\n" + setting() + "\n";
    return out;
  }

 private:
  std::mt19937 rng_;
};

struct Case {
  std::string name;  // what to show on a disagreement
  std::string text;
  std::map<std::string, std::string> extra;  // files next to it (includes)
};

PgBouncerVersion installed_version() {
  const std::string out = test::run_command(std::string(kPgbouncer) + " -V", true).out;
  // "PgBouncer 1.18.0" (first line)
  const size_t sp = out.find(' ');
  if (sp != std::string::npos) {
    if (auto v = pgbouncer::parse_version(out.substr(sp + 1))) return *v;
  }
  return PgBouncerVersion{.major = 1, .minor = 18};
}

// Runs every case in its own directory (so %include resolves against it), several at a time.
// Returns per case: 1 accepted, 0 refused, -1 unknown outcome (with the output).
std::vector<std::pair<int, std::string>> run_batch(const std::vector<Case>& cases) {
  const fs::path dir = fs::temp_directory_path() / ("stacklint-pgb-" + std::to_string(getpid()));
  fs::remove_all(dir);
  for (size_t i = 0; i < cases.size(); ++i) {
    const fs::path d = dir / std::to_string(i);
    fs::create_directories(d);
    std::ofstream(d / "pgbouncer.ini", std::ios::binary) << cases[i].text;
    for (const auto& [name, text] : cases[i].extra) std::ofstream(d / name, std::ios::binary) << text;
  }
  test::run_command("cd '" + dir.string() + "' && ls | xargs -P 4 -I{} sh -c 'cd {} && " + kPgbouncer + " -u " +
                    kNoUser + " pgbouncer.ini > out.txt 2>&1 < /dev/null'");
  std::vector<std::pair<int, std::string>> verdicts;
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string out = test::read_file(dir / std::to_string(i) / "out.txt");
    int v = -1;
    if (out.find("FATAL cannot load config file") != std::string::npos) v = 0;
    if (out.find("FATAL could not find user") != std::string::npos) v = 1;
    if (out.find("FATAL TLS setup failed") != std::string::npos) v = 0;  // checked right after loading
    // The configuration loaded; the log file it names is not on this machine.
    if (out.find("FATAL Cannot open logfile") != std::string::npos) v = 1;
    verdicts.emplace_back(v, out);
  }
  fs::remove_all(dir);
  return verdicts;
}

// stacklint's verdict on a case: includes resolved from its extra files.
std::vector<ParseIssue> lint(const Case& c, const PgBouncerVersion& version) {
  MemoryIncludeResolver files("/case");
  for (const auto& [name, text] : c.extra) files.add("/case/" + name, text);
  pgbouncer::Options options;
  options.version = version;
  options.resolver = &files;
  return pgbouncer::parse_string(c.text, options).errors;
}

void compare(const std::vector<Case>& cases, const PgBouncerVersion& version, size_t& accepted, size_t& refused) {
  const auto verdicts = run_batch(cases);
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& [verdict, output] = verdicts[i];
    INFO(cases[i].name << "\n--- config:\n" << cases[i].text << "--- pgbouncer " << version.text() << ":\n" << output);
    REQUIRE(verdict >= 0);
    const auto errors = lint(cases[i], version);
    std::string ours;
    for (const auto& e : errors) ours += std::to_string(e.location.line) + ": " + e.message + "\n";
    INFO("--- stacklint:\n" << ours);
    CHECK((verdict == 1) == errors.empty());
    (verdict == 1 ? accepted : refused)++;
  }
}

bool have_pgbouncer() {
  return access(kPgbouncer, X_OK) == 0 && geteuid() == 0;
}

}  // namespace

TEST_CASE("pgbouncer accepts exactly the generated configs stacklint accepts") {
  if (!have_pgbouncer()) {
    stacklint::test::skip_because(std::string("pgbouncer is not installed at ") + kPgbouncer +
                                  " (Debian package pgbouncer), or this is no root, so -u cannot be tried");
    return;
  }
  const PgBouncerVersion version = installed_version();
  Gen gen(20261201);
  std::vector<Case> cases;
  for (int i = 0; i < 300; ++i) {
    Case c;
    c.name = "generated #" + std::to_string(i);
    std::string inc;
    c.text = gen.config(inc);
    if (!inc.empty()) c.extra["inc.ini"] = inc;
    cases.push_back(std::move(c));
  }
  size_t accepted = 0;
  size_t refused = 0;
  compare(cases, version, accepted, refused);
  WARN("pgbouncer " << version.text() << ": " << accepted << " generated configs accepted, " << refused << " refused");
  CHECK(accepted > 60);
  CHECK(refused > 60);
}

TEST_CASE("pgbouncer's own test configs: stacklint agrees with pgbouncer") {
  const auto shared = stacklint::test::shared_path("corpus/pgbouncer-testdata");
  if (!shared) return;  // recorded as a skip
  const fs::path corpus = *shared;
  if (!have_pgbouncer()) {
    stacklint::test::skip_because(std::string("pgbouncer is not installed at ") + kPgbouncer +
                                  " (Debian package pgbouncer), or this is no root, so -u cannot be tried");
    return;
  }
  std::vector<Case> cases;
  for (const auto& e : fs::directory_iterator(corpus)) {
    if (e.path().extension() != ".ini") continue;
    cases.push_back(Case{.name = e.path().filename().string(), .text = test::read_file(e.path()), .extra = {}});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  REQUIRE(cases.size() >= 5);
  size_t accepted = 0;
  size_t refused = 0;
  compare(cases, installed_version(), accepted, refused);
  // etc/pgbouncer.ini and the test/*.ini files load; lib/test/test_cfparser.ini is no pgbouncer config.
  CHECK(accepted >= 4);
  CHECK(refused >= 1);
}
