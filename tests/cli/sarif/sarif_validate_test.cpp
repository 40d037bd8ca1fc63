// The SARIF of every golden fixture case and of the demo stack passes `sarif-multitool validate`
// (installed into .tools/ by `scripts/setup.sh --with-oracles`) with zero errors.
#include <catch2/catch.hpp>
#include <iostream>
#include <sstream>

#include "tests/support/run.h"
#include "tests/support/skip.h"

namespace fs = std::filesystem;
using namespace stacklint::test;

namespace {

const fs::path kRoot = fs::path(STACKLINT_SOURCE_DIR);

std::vector<std::string> read_args(const fs::path& file) {
  std::vector<std::string> args;
  if (!fs::exists(file)) return args;
  std::istringstream in(read_file(file));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) args.push_back(line);
  }
  return args;
}

}  // namespace

TEST_CASE("the SARIF of every fixture and of the demo stack validates with zero errors") {
  const fs::path tool = kRoot / ".tools" / "node_modules" / ".bin" / "sarif-multitool";
  if (!fs::exists(tool)) {
    stacklint::test::skip_because(tool.string() +
                                  " is missing: SARIF not validated; run scripts/setup.sh --with-oracles");
    return;
  }
  const TempDir out;
  std::vector<std::string> files;
  auto emit = [&](std::vector<std::string> args) {
    const std::string file = (out.path() / (std::to_string(files.size()) + ".sarif")).string();
    args.insert(args.end(), {"--format", "sarif", "--output", file});
    const RunResult r = run_stacklint(args, true);
    INFO("stacklint " << args[1] << " exited " << r.exit_code << ": " << r.out);
    REQUIRE(r.exit_code != 2);  // no fixture is a usage error
    REQUIRE(fs::exists(file));
    files.push_back(file);
  };
  // The fixtures of a domain in one run (`check a b ...` lints each directory as its own tree into
  // one log, with every rule's findings): one process per fixture took 14 minutes of the sanitized
  // build's test run. A fixture with its own arguments runs alone.
  for (const auto& domain : fs::directory_iterator(kRoot / "fixtures")) {
    if (!domain.is_directory() || domain.path().filename() == "stacks") continue;
    std::vector<std::string> batch = {"check"};
    for (const auto& rule : fs::directory_iterator(domain.path())) {
      if (!rule.is_directory()) continue;
      for (const auto& c : fs::directory_iterator(rule.path())) {
        if (!c.is_directory()) continue;
        const std::vector<std::string> own = read_args(c.path() / "args");
        if (own.empty()) {
          batch.push_back(c.path().string());
          continue;
        }
        std::vector<std::string> args = {"check", c.path().string(), "--rule",
                                         domain.path().filename().string() + "/" + rule.path().filename().string()};
        args.insert(args.end(), own.begin(), own.end());
        emit(args);
      }
    }
    if (batch.size() > 1) emit(batch);
  }
  REQUIRE_FALSE(files.empty());
  // One multitool run for all files (its start-up is slow).
  std::string cmd = shell_quote(tool.string()) + " validate";
  for (const auto& f : files) cmd += " " + shell_quote(f);
  cmd += " -o " + shell_quote((out.path() / "validation.json").string());
  const RunResult v = run_command(cmd, true);
  std::istringstream lines(v.out);
  std::string line;
  std::vector<std::string> errors;
  while (std::getline(lines, line)) {
    if (line.find(": error ") != std::string::npos) errors.push_back(line);
  }
  INFO("sarif-multitool validate over " << files.size() << " files:\n" << v.out);
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("files scanned") != std::string::npos);
  CHECK(errors.empty());
}
