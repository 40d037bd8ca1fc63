// Differential test against the real server's pg_hba.conf reader: one cluster (initdb'd in a temp
// dir, unix socket only, no TCP) is started once; every generated pg_hba.conf is copied into its
// data directory and read back through `pg_hba_file_rules`, which re-reads the file on every query.
// One psql session runs every case. For each line: accepted or refused as postgres does, the
// refusal's message, and for accepted lines the type, databases, users, address, netmask and method.
// Uses the newest /usr/lib/postgresql/*/bin; skips (exit 77) when postgres is not installed.
#include <arpa/inet.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "linter/formats/postgres/hba.h"
#include "linter/source/include_resolver.h"
#include "tests/support/run.h"
#include "tests/support/skip.h"

namespace fs = std::filesystem;
using stacklint::test::run_command;
using stacklint::test::shell_quote;

namespace {

constexpr int kCases = 400;
constexpr const char* kUsersFile = "alice\n# the admins\nbob, \"carol\"\n";

// The newest installed server: its bin directory and major version (empty when none).
std::pair<fs::path, int> find_postgres() {
  std::pair<fs::path, int> best{{}, 0};
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string name = e.path().filename().string();
    const int major = std::atoi(name.c_str());
    if (major > best.second && access((e.path() / "bin" / "postgres").c_str(), X_OK) == 0) {
      best = {e.path() / "bin", major};
    }
  }
  return best;
}

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  std::string one(const std::vector<std::string>& v) { return v[pick(v.size())]; }

  std::string sep() {
    if (chance(8)) return " \\\n  ";  // a continuation
    return one({" ", "\t", "   ", " \t "});
  }
  std::string type() {
    return one({"local", "host", "host", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc", "hots",
                "\"host\"", "Host", "include", "host,local"});
  }
  std::string list(const std::vector<std::string>& words) {
    std::string s = one(words);
    while (chance(20)) s += one({",", ", ", " ,", ",,"}) + one(words);
    return s;
  }
  std::string database() {
    return list({"all", "all", "\"all\"", "sameuser", "samerole", "replication", "db1", "\"a b\"", "a\"b\"c",
                 "\"x\"\"y\"", "@users", "@missing", "\"\"", "+grp", "/^re"});
  }
  std::string user() { return list({"all", "all", "bob", "+grp", "\"all\"", "@users", "\"x,y\"", "postgres"}); }
  std::string address() {
    return one({"0.0.0.0/0",
                "127.0.0.1/32",
                "::1/128",
                "10.0.0.0/8",
                "172.16.0.0/12",
                "192.168.1.0/24",
                "10.0.0.0/33",
                "::1/129",
                "10.0.0.1 255.255.255.0",
                "10.0.0.1 255.0.255.0",
                "10.0.0.1 ::ffff:0:0",
                "10.0.0.1 255.255.255.256",
                "::/0",
                "all",
                "samehost",
                "samenet",
                "\"all\"",
                "localhost",
                ".example.com",
                "example.com/24",
                "0x7f.1/8",
                "010.1/16",
                "1.2.3.4.5",
                "fe80::1%2/64",
                "10.1/+8",
                "10.0.0.0/",
                "10.0.0.0/8x",
                "\"10.0.0.0/8\"",
                "\"\"",
                "all,samenet"});
  }
  std::string method() {
    return one({"trust", "trust", "trust",        "reject", "md5",       "scram-sha-256", "password",
                "peer",  "ident", "gss",          "sspi",   "bsd",       "ldap",          "radius",
                "cert",  "pam",   "scram-sha256", "Trust",  "\"trust\"", "oauth",         "md5,trust"});
  }
  std::string options() {
    if (chance(65)) return "";
    return one({"map=x",
                "clientcert=verify-full",
                "clientcert=verify-ca",
                "clientcert=1",
                "clientcert=0",
                "clientcert=no-verify",
                "clientname=CN",
                "foo=bar",
                "ldapbasedn=dc=x",
                "ldapprefix=cn= ldapsuffix=,dc=x",
                "ldapserver=x",
                "ldapprefix=x ldapbasedn=y",
                "radiusservers=a radiussecrets=b",
                "radiusservers=a",
                "include_realm=0",
                "krb_realm=X",
                "pamservice=x",
                "noequals",
                "ldapscheme=ldapx",
                "ldapscheme=ldaps ldapbasedn=x",
                "ldapport=0 ldapbasedn=x",
                "compat_realm=1",
                "\"map=a b\"",
                "map=x,map=y"});
  }
  std::string tail() { return one({"", "", "", " # comment", "#glued", "  ", "\t# \"quoted\""}); }

  std::string line() {
    if (chance(6)) return one({"", "# just a comment", "   ", "\"unterminated all all trust"});
    const std::string t = type();
    std::string s = t + sep() + database() + sep() + user();
    if (t != "local" || chance(10)) s += sep() + address();
    if (chance(96)) s += sep() + method();
    const std::string o = options();
    if (!o.empty()) s += sep() + o;
    return s + tail();
  }

 private:
  std::mt19937 rng_;
};

// A pg_hba.conf as real stacks write it (docker images, tutorials), always in the batch.
const std::vector<std::string>& fixed_cases() {
  static const std::vector<std::string> cases = {
      "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n"
      "local replication all trust\nhost replication all 127.0.0.1/32 trust\nhost all all all scram-sha-256\n",
      "# TYPE  DATABASE        USER            ADDRESS                 METHOD\n"
      "local   all             postgres                                peer\n"
      "host    all             all             0.0.0.0/0               md5\n"
      "host    all             all             ::0/0                   md5\n",
      "hostssl all all 0.0.0.0/0 scram-sha-256 clientcert=verify-full\nhostnossl all all 0.0.0.0/0 reject\n",
      "host all all 172.16.0.0/12 trust\nhost all all 10.0.0.0 255.0.0.0 trust\n",
      "host \"my db\" \"my user\" samenet md5\nhost all @users 192.168.0.0/16 md5\n",
      "host all all all trust \\\n",
  };
  return cases;
}

std::string ntop(int family, const std::array<uint8_t, 16>& a) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  inet_ntop(family == 4 ? AF_INET : AF_INET6, a.data(), buf.data(), buf.size());
  return buf.data();
}

std::string join(const std::vector<stacklint::HbaToken>& tokens) {
  std::string s;
  for (size_t i = 0; i < tokens.size(); ++i) s += (i == 0 ? "" : "\x1f") + tokens[i].text;
  return s;
}

// One line as the view shows it: line, type, databases, users, address, netmask, method, error.
std::string row_of(const stacklint::HbaRecord& r) {
  std::ostringstream o;
  o << r.line << '\x1e';
  if (!r.error.empty()) {
    o << "\x1e\x1e\x1e\x1e\x1e\x1e" << r.error;
    return o.str();
  }
  std::string address;
  std::string netmask;
  switch (r.address.kind) {
    case stacklint::HbaAddressKind::none:
      break;
    case stacklint::HbaAddressKind::all:
      address = "all";
      break;
    case stacklint::HbaAddressKind::samehost:
      address = "samehost";
      break;
    case stacklint::HbaAddressKind::samenet:
      address = "samenet";
      break;
    case stacklint::HbaAddressKind::hostname:
      address = r.address.hostname;
      break;
    case stacklint::HbaAddressKind::ip:
      address = ntop(r.address.family, r.address.addr);
      netmask = ntop(r.address.family, r.address.mask);
      break;
  }
  o << to_string(r.type) << '\x1e' << join(r.databases) << '\x1e' << join(r.users) << '\x1e' << address << '\x1e'
    << netmask << '\x1e' << to_string(r.method) << '\x1e';
  return o.str();
}

// postgres's message is ours without the hint or suggestion stacklint adds in parentheses.
std::string without_hint(const std::string& row) {
  const size_t p = row.find(" (");
  return p == std::string::npos ? row : row.substr(0, p);
}

// A row with its separators shown: `|` between fields, `,` between list items.
std::string visible(std::string row) {
  for (char& c : row) {
    if (c == '\x1e') c = '|';
    if (c == '\x1f') c = ',';
  }
  return row;
}

// postgres refuses some lines without a message of their own (a bad clientcert value, a missing
// radiussecrets): the view then shows no error, or the hostssl warning left from the line's type.
// Such a line is compared as refused, whatever stacklint says.
bool same_rows(const std::vector<std::string>& ours, const std::vector<std::string>& oracle) {
  if (ours.size() != oracle.size()) return false;
  for (size_t i = 0; i < ours.size(); ++i) {
    if (ours[i] == oracle[i]) continue;
    const std::string refused = "\x1e\x1e\x1e\x1e\x1e\x1e\x1e";
    const size_t at = oracle[i].find(refused);
    if (at == std::string::npos || ours[i].find(refused) != at) return false;
    const std::string message = oracle[i].substr(at + refused.size());
    if (!message.empty() && message != "hostssl record cannot match because SSL is disabled") return false;
  }
  return true;
}

struct Cluster {
  fs::path bin;
  fs::path root;
  std::string as_user;  // the setpriv prefix when running as root

  bool start() {
    const fs::path data = root / "data";
    const std::string init = as_user + shell_quote((bin / "initdb").string()) + " -D " + shell_quote(data.string()) +
                             " -A trust -U postgres --no-sync";
    if (run_command(init, true).exit_code != 0) return false;
    const std::string opts = "-c listen_addresses= -k " + (root / "sock").string() + " -c fsync=off";
    const std::string ctl = as_user + shell_quote((bin / "pg_ctl").string()) + " -D " + shell_quote(data.string()) +
                            " -o " + shell_quote(opts) + " -w -l " + shell_quote((root / "log").string()) + " start";
    return run_command(ctl, true).exit_code == 0;
  }
  void stop() const {
    run_command(as_user + shell_quote((bin / "pg_ctl").string()) + " -D " + shell_quote((root / "data").string()) +
                    " -m immediate stop",
                true);
  }
};

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("oracle: pg_hba_file_rules agrees with stacklint on generated pg_hba.conf files") {
  const auto [bin, major] = find_postgres();
  if (major == 0) {
    stacklint::test::skip_because(
        "postgres is not installed under /usr/lib/postgresql/*/bin: the pg_hba oracle did not run");
    return;
  }
  std::string as_user;
  if (geteuid() == 0) {
    if (access("/usr/bin/setpriv", X_OK) != 0) {
      stacklint::test::skip_because(
          "running as root without setpriv: postgres cannot be started for the pg_hba oracle");
      return;
    }
    as_user = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
  }
  char tmpl[] = "/tmp/stacklint-hba-oracle-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  REQUIRE(dir != nullptr);
  const fs::path root = dir;
  fs::create_directories(root / "sock");
  fs::create_directories(root / "cases");
  if (!as_user.empty()) REQUIRE(run_command("chown -R nobody:nogroup " + shell_quote(root.string())).exit_code == 0);
  const auto start = std::chrono::steady_clock::now();
  Cluster cluster{.bin = bin, .root = root, .as_user = as_user};
  REQUIRE(cluster.start());
  const fs::path data = root / "data";
  write(data / "users", kUsersFile);

  Gen gen(20261201);
  std::vector<std::string> cases = fixed_cases();
  while (cases.size() < static_cast<size_t>(kCases)) {
    std::string text;
    const size_t lines = 1 + gen.pick(6);
    for (size_t l = 0; l < lines; ++l) text += gen.line() + "\n";
    cases.push_back(std::move(text));
  }
  const std::string query =
      "select concat_ws(chr(30), line_number, coalesce(type, ''), coalesce(array_to_string(database, chr(31)), ''), "
      "coalesce(array_to_string(user_name, chr(31)), ''), coalesce(address, ''), coalesce(netmask, ''), "
      "coalesce(auth_method, ''), coalesce(case when type is null then error end, '')) from pg_hba_file_rules "
      "order by line_number;\n";
  std::ostringstream script;
  for (size_t i = 0; i < cases.size(); ++i) {
    const fs::path file = root / "cases" / (std::to_string(i) + ".conf");
    write(file, cases[i]);
    script << "\\! cp " << file.string() << " " << (data / "pg_hba.conf").string() << "\n\\echo @@case " << i << "\n"
           << query;
  }
  write(root / "script.sql", script.str());
  if (!as_user.empty()) run_command("chown -R nobody:nogroup " + shell_quote(root.string()));
  const auto out = run_command(as_user + shell_quote((bin / "psql").string()) + " -X -q -A -t -h " +
                               shell_quote((root / "sock").string()) + " -U postgres -d postgres -f " +
                               shell_quote((root / "script.sql").string()));
  cluster.stop();
  REQUIRE(out.exit_code == 0);

  std::vector<std::vector<std::string>> oracle(cases.size());
  std::istringstream lines(out.out);
  std::string line;
  size_t current = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("@@case ")) {
      current = std::stoul(line.substr(7));
    } else if (current < oracle.size()) {
      oracle[current].push_back(line);
    }
  }

  int agree = 0;
  int refused_lines = 0;
  std::vector<std::string> mismatches;
  for (size_t i = 0; i < cases.size(); ++i) {
    stacklint::MemoryIncludeResolver files;
    files.add((data / "pg_hba.conf").string(), cases[i]);
    files.add((data / "users").string(), kUsersFile);
    const stacklint::HbaFile f =
        stacklint::postgres::load_hba(files, (data / "pg_hba.conf").string(), {.major = major}, {});
    std::vector<std::string> ours;
    for (const auto& r : f.records) {
      ours.push_back(without_hint(row_of(r)));
      if (!r.error.empty()) ++refused_lines;
    }
    if (same_rows(ours, oracle[i])) {
      ++agree;
      continue;
    }
    std::ostringstream m;
    m << "case " << i << ":\n" << cases[i] << "postgres:\n";
    for (const auto& r : oracle[i]) m << "  " << visible(r) << "\n";
    m << "stacklint:\n";
    for (const auto& r : ours) m << "  " << visible(r) << "\n";
    mismatches.push_back(m.str());
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "pg_hba oracle (postgres " << major << "): " << agree << "/" << cases.size() << " files agree, "
            << refused_lines << " refused lines, " << seconds << " s\n";
  for (size_t k = 0; k < mismatches.size() && k < 8; ++k) std::cout << mismatches[k] << "\n";
  CHECK(mismatches.empty());
  if (mismatches.empty()) fs::remove_all(root);
}
