// Differential test against the real server: generated postgresql.conf trees (units, octal/hex,
// quoting, includes and include_dir order, command-line -c, invalid lines) are read by stacklint and
// by `postgres -C NAME -D DIR [-c k=v]`. A config postgres refuses (non-zero exit) must be exactly a
// config stacklint reports errors for; otherwise the values must be equal in postgres's base unit.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "linter/formats/postgres/params.h"
#include "linter/formats/postgres/parser.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"
#include "linter/stack/container.h"
#include "linter/stack/resolver.h"
#include "tests/support/skip.h"

namespace {

namespace pg = stacklint::postgres;
constexpr const char* kPostgres = "/usr/lib/postgresql/15/bin/postgres";
constexpr int kMajor = 15;
constexpr int kConfigs = 240;

class Rng {
 public:
  explicit Rng(uint32_t seed) : gen_(seed) {}
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(gen_() % n); }
  bool chance(uint32_t percent) { return below(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(static_cast<uint32_t>(v.size()))];
  }

 private:
  std::mt19937 gen_;
};

struct Probe {
  std::string name;
  std::vector<std::string> units;  // accepted unit suffixes (empty: unitless)
  int64_t lo, hi;                  // plausible numbers to write
  std::vector<std::string> words;  // for bool/enum/string parameters
};

const std::vector<Probe>& probes() {
  static const std::vector<Probe> p = {
      {"shared_buffers", {"kB", "MB", "GB", "B", "TB"}, 1, 40000, {}},
      {"work_mem", {"kB", "MB", "GB", "B"}, 1, 100000, {}},
      {"maintenance_work_mem", {"kB", "MB", "GB"}, 100, 200000, {}},
      {"effective_cache_size", {"kB", "MB", "GB"}, 1, 900000, {}},
      {"wal_buffers", {"kB", "MB"}, -1, 3000, {}},
      {"temp_buffers", {"kB", "MB"}, 50, 5000, {}},
      {"max_wal_size", {"MB", "GB", "kB"}, 1, 5000, {}},
      {"autovacuum_work_mem", {"kB", "MB"}, -2, 5000, {}},
      {"max_connections", {}, -1, 300000, {}},
      {"autovacuum_max_workers", {}, 0, 300, {}},
      {"checkpoint_timeout", {"s", "min", "ms", "h", "d", "us"}, 10, 100000, {}},
      {"statement_timeout", {"ms", "s", "min", "us"}, 0, 100000, {}},
      {"log_rotation_age", {"min", "h", "d", "s"}, 0, 3000, {}},
      {"log_min_duration_statement", {"ms", "s"}, -2, 5000, {}},
      {"random_page_cost", {}, -1, 10, {}},
      {"hash_mem_multiplier", {}, 0, 1200, {}},
      {"vacuum_cost_delay", {"ms", "us", "s"}, 0, 120, {}},
      {"fsync", {}, 0, 0, {"on", "off", "of", "o", "TRUE", "tr", "yes", "n", "1", "0", "2", "maybe", "''"}},
      {"huge_pages", {}, 0, 0, {"try", "on", "off", "yes", "0", "TRY", "maybe"}},
      {"wal_level", {}, 0, 0, {"minimal", "replica", "logical", "hot_standby", "archive", "Logical", "full"}},
      {"synchronous_commit", {}, 0, 0, {"local", "remote_write", "on", "off", "true", "no", "remote"}},
      {"listen_addresses", {}, 0, 0, {"'*'", "localhost", "'0.0.0.0'", "''", "'a, b'", "/tmp"}},
      {"log_line_prefix", {}, 0, 0, {"'%m [%p] '", "'it''s'", "'tab\\there'", "'\\101\\102'", "plain"}},
  };
  return p;
}

std::string number_text(Rng& rng, int64_t v) {
  switch (rng.below(8)) {
    case 0:
      if (v > 0)
        return "0x" + [&] {
          std::ostringstream o;
          o << std::hex << v;
          return o.str();
        }();
      break;
    case 1:
      if (v > 0)
        return "0" + [&] {
          std::ostringstream o;
          o << std::oct << v;
          return o.str();
        }();
      break;
    case 2:
      if (v >= 0) return "+" + std::to_string(v);
      break;
    default:
      break;
  }
  return std::to_string(v);
}

// A value for `p` as it would be written in the file (quoted or not).
std::string value_for(Rng& rng, const Probe& p) {
  if (!p.words.empty()) return rng.pick(p.words);
  const int64_t span = p.hi - p.lo + 1;
  const int64_t v = p.lo + static_cast<int64_t>(rng.below(static_cast<uint32_t>(span)));
  if (p.units.empty() || rng.chance(30)) {
    if (p.name == "random_page_cost" || p.name == "hash_mem_multiplier") {
      if (rng.chance(50)) return std::to_string(v) + "." + std::to_string(rng.below(100));
      if (rng.chance(20)) return "'" + std::to_string(v) + "e-1'";
    }
    return number_text(rng, v);
  }
  const std::string unit = rng.pick(p.units);
  const int64_t small = 1 + static_cast<int64_t>(rng.below(unit == "GB" || unit == "TB" || unit == "d" ? 20 : 900));
  switch (rng.below(7)) {
    case 0:
      return "'" + std::to_string(small) + " " + unit + "'";
    case 1:
      return "'" + std::to_string(small) + "." + std::to_string(rng.below(10)) + unit + "'";
    case 2:
      return std::to_string(small) + "." + std::to_string(rng.below(10)) + unit;  // syntax error
    case 3: {
      std::string u = unit;
      for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return std::to_string(small) + u;  // wrong case (except "B"/"MB"/"GB"/"TB")
    }
    default:
      return std::to_string(small) + unit;
  }
}

const std::vector<std::string>& noise_lines() {
  static const std::vector<std::string> n = {
      "# a comment",
      "",
      "   ",
      "port = 5433 # trailing comment",
      "pg_stat_statements.max = 10000",
      "shared_preload_libraries = 'pg_stat_statements'",
      "log_timezone = 'UTC'",
      "datestyle = 'iso, mdy'",
      "enable_seqscan off",
      "shared_buffer = 128MB",
      "work_mem = 1.5GB",
      "fsync = maybe",
      "= 3",
      "max_connections = 0",
      "wal_level = bogus",
      "listen_addresses = /tmp",
      "block_size = 8192",
      "sort_mem = 2MB",
      "VACUUM_MEM = 64MB",
      "include_if_exists 'missing.conf'",
      "include 'missing.conf'",
      "a.b.c = 1",
      "checkpoint_timeout = 1e2",
      "bgwriter_delay = '200ms'",
      "Max_Connections = 90",
  };
  return n;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

struct Run {
  int status = -1;
  std::string out;
};

Run run_postgres(const std::string& dir, const std::string& name, const std::vector<std::string>& extra) {
  std::string cmd = std::string(kPostgres) + " -C " + shell_quote(name) + " -D " + shell_quote(dir);
  for (const auto& e : extra) cmd += " " + shell_quote(e);
  cmd += " 2>/dev/null";
  Run r;
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) return r;
  char buf[512];
  while (fgets(buf, sizeof buf, f) != nullptr) r.out += buf;
  const int st = pclose(f);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
  return r;
}

// stacklint's value converted back to what `postgres -C` prints.
std::string as_postgres_prints(const stacklint::PgConfig& cfg, const std::string& name) {
  const pg::ParamDef* def = pg::find_param(name, kMajor);
  const stacklint::Setting* s = cfg.find(stacklint::ascii_lower(def->name));
  stacklint::SettingValue v;
  if (s != nullptr) {
    v = s->current.value;
  } else {
    std::string err;
    v = pg::parse_value(*def, def->name, pg::param_default(*def, kMajor), kMajor, &err)->value;
  }
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "on" : "off";
  if (const auto* str = std::get_if<std::string>(&v)) return *str;
  if (const auto* i = std::get_if<int64_t>(&v)) {
    if (*i < 0 || pg::unit_bytes(def->unit) == 0) return std::to_string(*i);
    return std::to_string(*i / static_cast<int64_t>(pg::unit_bytes(def->unit)));
  }
  if (const auto* d = std::get_if<double>(&v)) {
    double base = *d;
    if (pg::unit_seconds(def->unit) > 0 && base >= 0) base = base / pg::unit_seconds(def->unit);
    if (def->type == pg::ParamType::integer) return std::to_string(std::llround(base));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", base);
    return buf;
  }
  return "?";
}

void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("oracle: postgres -C agrees with stacklint on generated configs") {
  if (access(kPostgres, X_OK) != 0) {
    stacklint::test::skip_because(std::string("postgres 15 is not installed at ") + kPostgres +
                                  ": the postgres oracle did not run");
    return;
  }
  char tmpl[] = "/tmp/stacklint-pg-oracle-XXXXXX";
  const char* root = mkdtemp(tmpl);
  REQUIRE(root != nullptr);
  const auto start = std::chrono::steady_clock::now();
  Rng rng(20241127);
  int agree = 0;
  int rejected_both = 0;
  int calls = 0;
  std::vector<std::string> mismatches;
  for (int n = 0; n < kConfigs; ++n) {
    const std::filesystem::path dir = std::filesystem::path(root) / ("c" + std::to_string(n));
    std::filesystem::create_directories(dir);
    const Probe& probe = rng.pick(probes());
    std::ostringstream main;
    std::vector<std::string> files_text;
    const int lines = 1 + static_cast<int>(rng.below(4));
    for (int l = 0; l < lines; ++l) {
      if (rng.chance(20)) main << rng.pick(noise_lines()) << "\n";
      const std::string eq = rng.chance(70) ? " = " : (rng.chance(50) ? "=" : " ");
      main << probe.name << eq << value_for(rng, probe) << "\n";
    }
    if (rng.chance(30)) {
      std::ostringstream inc;
      inc << probe.name << " = " << value_for(rng, probe) << "\n";
      if (rng.chance(30)) inc << rng.pick(noise_lines()) << "\n";
      write(dir / "inc" / "extra.conf", inc.str());
      main << (rng.chance(80) ? "include 'inc/extra.conf'\n" : "include_if_exists 'inc/extra.conf'\n");
      if (rng.chance(50)) main << probe.name << " = " << value_for(rng, probe) << "\n";
    }
    if (rng.chance(25)) {
      static const std::vector<std::string> names = {"10-a.conf", "2-b.conf",   "B.conf", "a.conf",
                                                     ".x.conf",   "z.conf.bak", "m.conf"};
      const int k = 1 + static_cast<int>(rng.below(3));
      for (int i = 0; i < k; ++i)
        write(dir / "conf.d" / rng.pick(names), probe.name + " = " + value_for(rng, probe) + "\n");
      main << "include_dir 'conf.d'\n";
    }
    if (rng.chance(10)) {
      main << "\tinclude '" << (dir / "inc" / "abs.conf").string() << "'\n";
      write(dir / "inc" / "abs.conf", probe.name + " = " + value_for(rng, probe));  // no final newline
    }
    write(dir / "postgresql.conf", main.str());

    std::vector<std::string> extra;
    if (rng.chance(20)) {
      std::string v = value_for(rng, probe);
      if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') v = v.substr(1, v.size() - 2);
      extra = {"-c", probe.name + "=" + v};
    }

    // stacklint
    stacklint::Stack stack;
    stack.root = dir.string();
    stacklint::DiskFileSystem fs;
    stacklint::PgConfig cfg;
    cfg.major = kMajor;
    stacklint::StackIncludeResolver resolver(stack, fs, nullptr, "/", stacklint::FileKind::postgres);
    pg::LoadOptions options{.major = kMajor};
    if (!extra.empty()) {  // applied before the file, as postgres does
      const std::string& kv = extra[1];
      options.command_line.push_back({kv.substr(0, kv.find('=')), kv.substr(kv.find('=') + 1), {}});
    }
    const auto load = pg::load_config(resolver, cfg, (dir / "postgresql.conf").string(), options, {});
    stacklint::record_issues(stack, load.errors);
    const std::vector<stacklint::ParseIssue>& cmd_errors = cfg.command_line_errors;
    std::string our_errors;
    for (const auto& f : stack.files) {
      for (const auto& e : f.errors)
        our_errors += f.path + ":" + std::to_string(e.location.line) + ": " + e.message + "\n";
    }
    for (const auto& e : cmd_errors) our_errors += "command line: " + e.message + "\n";

    const Run r = run_postgres(dir.string(), probe.name, extra);
    ++calls;
    const bool pg_rejects = r.status != 0;
    const bool we_reject = !our_errors.empty();
    std::string ours = we_reject ? "" : as_postgres_prints(cfg, probe.name);
    const bool same = pg_rejects == we_reject && (pg_rejects || ours == r.out);
    if (same) {
      ++agree;
      if (pg_rejects) ++rejected_both;
    } else if (mismatches.size() < 15) {
      std::string text = main.str();
      mismatches.push_back("config " + std::to_string(n) + " (" + dir.string() + ") probe " + probe.name +
                           (extra.empty() ? "" : " " + extra[1]) + ":\n" + text + "postgres: exit " +
                           std::to_string(r.status) + " value '" + r.out +
                           "'\nstacklint: " + (we_reject ? "errors\n" + our_errors : "value '" + ours + "'\n"));
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& m : mismatches) UNSCOPED_INFO(m);
  std::cout << "postgres oracle: " << agree << "/" << kConfigs << " configs agree (" << rejected_both
            << " rejected by both), " << calls << " postgres runs, " << secs << " s\n";
  if (mismatches.empty()) std::filesystem::remove_all(root);
  CHECK(agree == kConfigs);
}
