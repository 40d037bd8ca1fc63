// Differential test at the edges of every INTEGER, REAL and BOOLEAN parameter of the installed
// server (`postgres --describe-config`): each numeric parameter at its minimum, its maximum, just
// below and just above; each boolean on and off. The cases are written into a few postgresql.conf
// files (one value per parameter per file), each mounted by a compose service whose image has the
// server's major version, and read by the stacklint binary (postgres/syntax findings by line) and
// by `postgres -C` (the parameters its log names). One postgres run checks a whole file: it reports
// every refused line before giving up, in file order.
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run.h"
#include "tests/support/skip.h"

namespace {

namespace fs = std::filesystem;
using stacklint::test::run_command;
using stacklint::test::run_stacklint;
using stacklint::test::shell_quote;

constexpr const char* kPostgres = "/usr/lib/postgresql/15/bin/postgres";
constexpr const char* kImage = "postgres:15";

struct Param {
  std::string name, type, min, max;
};

struct Case {
  std::string param, value;
  int line = 0;
  bool pg_rejects = false, we_reject = false;
};

std::vector<Param> describe_config() {
  const auto r = run_command(std::string(kPostgres) + " --describe-config");
  std::vector<Param> out;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    size_t start = 0;
    for (size_t tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', start)) {
      f.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    f.push_back(line.substr(start));
    if (f.size() < 7) continue;
    if (f[3] == "INTEGER" || f[3] == "REAL" || f[3] == "BOOLEAN") out.push_back({f[0], f[3], f[5], f[6]});
  }
  return out;
}

// A number just outside [min, max] on one side, as text postgres and stacklint both read.
std::string beyond(const std::string& bound, const std::string& type, int direction) {
  if (type == "INTEGER") return std::to_string(std::stoll(bound) + direction);
  const double v = std::stod(bound);
  const double step = std::max(1.0, std::abs(v) * 0.5);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v + direction * step);
  return buf;
}

// The cases, by batch: batch k holds case k of every parameter.
std::vector<std::vector<Case>> make_batches(const std::vector<Param>& params) {
  std::vector<std::vector<Case>> batches(4);
  for (const Param& p : params) {
    std::vector<std::string> values;
    if (p.type == "BOOLEAN") {
      values = {"on", "off"};
    } else {
      values = {p.min, p.max, beyond(p.min, p.type, -1), beyond(p.max, p.type, +1)};
    }
    for (size_t k = 0; k < values.size(); ++k) batches[k].push_back(Case{.param = p.name, .value = values[k]});
  }
  return batches;
}

// The parameter a line of postgres's log refuses, "" for lines that refuse nothing.
std::string refused_parameter(const std::string& line, std::vector<std::string>& unknown) {
  static const std::regex kLevel(R"(^\S+ \S+ \S+ \[\d+\] (LOG|FATAL):  (.*)$)");
  static const std::regex kNamed(R"re(parameter "([^"]+)")re");
  std::smatch m;
  if (!std::regex_match(line, m, kLevel) || m[1] != "LOG") return "";
  const std::string message = m[2];
  if (message.starts_with("skipping missing configuration file")) return "";
  if (std::regex_search(message, m, kNamed)) return m[1];
  if (message == "Bonjour is not supported by this build") return "bonjour";
  unknown.push_back(message);
  return "";
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("oracle: every numeric and boolean parameter at and beyond its bounds, as postgres 15 sees it") {
  if (access(kPostgres, X_OK) != 0) {
    stacklint::test::skip_because(std::string("postgres 15 is not installed at ") + kPostgres +
                                  ": the bounds oracle did not run");
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Param> params = describe_config();
  REQUIRE(params.size() > 150);
  auto batches = make_batches(params);
  char tmpl[] = "/tmp/stacklint-pg-bounds-XXXXXX";
  const char* root = mkdtemp(tmpl);
  REQUIRE(root != nullptr);

  int total = 0, agree = 0, rejected_both = 0;
  std::vector<std::string> mismatches, unknown_messages;
  for (size_t b = 0; b < batches.size(); ++b) {
    std::vector<Case>& cases = batches[b];
    const fs::path dir = fs::path(root) / ("b" + std::to_string(b));
    fs::create_directories(dir);
    std::string conf;
    for (size_t i = 0; i < cases.size(); ++i) {
      cases[i].line = static_cast<int>(i) + 1;
      // Reals are quoted: describe-config prints them like 1e+06, which is no unquoted token.
      const bool quote = cases[i].value.find_first_of("e+") != std::string::npos;
      conf += cases[i].param + " = " + (quote ? "'" + cases[i].value + "'" : cases[i].value) + "\n";
    }
    write(dir / "postgresql.conf", conf);
    write(dir / "compose.yaml", std::string("services:\n  db:\n    image: ") + kImage +
                                    "\n    command: [\"postgres\", \"-c\", "
                                    "\"config_file=/etc/postgresql/postgresql.conf\"]\n"
                                    "    volumes:\n      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro\n");

    // postgres, under the 8 MB stack limit of a container (max_stack_depth's check hook reads it).
    const auto pg = run_command("(ulimit -s 8192 && exec " + std::string(kPostgres) + " -C max_connections -D " +
                                shell_quote(dir.string()) + " 2>&1 >/dev/null)");
    std::set<std::string> pg_refused;
    std::istringstream log(pg.out);
    for (std::string line; std::getline(log, line);) {
      const std::string p = refused_parameter(line, unknown_messages);
      if (!p.empty()) pg_refused.insert(p);
    }

    // stacklint, through the compose stack.
    const auto ours = run_stacklint({"check", dir.string(), "--format", "json", "--rule", "postgres/syntax"});
    std::map<int, std::string> our_refused;  // line -> message
    const auto report = nlohmann::json::parse(ours.out, nullptr, false);
    REQUIRE_FALSE(report.is_discarded());
    for (const auto& f : report.at("findings")) {
      if (f.at("location").at("file") != "postgresql.conf") continue;
      our_refused[f.at("location").at("line").get<int>()] = f.at("message").get<std::string>();
    }

    for (Case& c : cases) {
      c.pg_rejects = pg_refused.count(c.param) != 0;
      c.we_reject = our_refused.count(c.line) != 0;
      ++total;
      if (c.pg_rejects == c.we_reject) {
        ++agree;
        if (c.pg_rejects) ++rejected_both;
        continue;
      }
      mismatches.push_back(c.param + " = " + c.value + ": postgres " + (c.pg_rejects ? "refuses" : "accepts") +
                           ", stacklint " + (c.we_reject ? "refuses (" + our_refused[c.line] + ")" : "accepts"));
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "postgres bounds oracle: " << agree << "/" << total << " cases agree (" << rejected_both
            << " refused by both), " << params.size() << " parameters, " << batches.size() << " postgres runs, " << secs
            << " s\n";
  for (const auto& m : mismatches) std::cout << "  mismatch: " << m << "\n";
  for (const auto& m : unknown_messages) std::cout << "  postgres message naming no parameter: " << m << "\n";
  CHECK(unknown_messages.empty());
  CHECK(mismatches.empty());
  if (mismatches.empty()) fs::remove_all(root);
}
