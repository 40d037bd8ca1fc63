// The hook in .pre-commit-hooks.yaml, run by the real pre-commit in a temporary git repository:
// a commit of a bad stack fails, a good one passes.
#include <catch2/catch.hpp>

#include "tests/support/run.h"

namespace fs = std::filesystem;
using namespace stacklint::test;

namespace {

bool have(const std::string& program) {
  return run_command("command -v " + program + " >/dev/null").exit_code == 0;
}

}  // namespace

TEST_CASE("pre-commit runs the stacklint hook on the staged files") {
  if (!have("pre-commit") || !have("git")) {
    WARN("SKIPPED: pre-commit or git is missing; run scripts/setup.sh --with-oracles");
    return;
  }
  const TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  fs::create_directories(repo);
  // The hook definition of this repository, used as a local hook (language: system), so the test
  // checks the working tree's .pre-commit-hooks.yaml without needing a commit of it.
  std::string config = "repos:\n  - repo: local\n    hooks:\n";
  std::istringstream hooks(read_file(fs::path(STACKLINT_SOURCE_DIR) / ".pre-commit-hooks.yaml"));
  std::string line;
  while (std::getline(hooks, line)) {
    if (!line.empty() && line[0] != '#') config += "      " + line + "\n";
  }
  write_file(repo / ".pre-commit-config.yaml", config);

  const std::string env = "cd " + shell_quote(repo.string()) +
                          " && export PATH=" + shell_quote(fs::path(STACKLINT_BINARY).parent_path().string()) +
                          ":\"$PATH\" PRE_COMMIT_HOME=" + shell_quote((tmp.path() / "cache").string()) +
                          " GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t"
                          " GIT_COMMITTER_EMAIL=t@example.invalid HOME=" +
                          shell_quote(tmp.path().string()) + " && ";
  REQUIRE(run_command(env + "git init -q . && git add .pre-commit-config.yaml && git commit -q -m init "
                            "&& pre-commit install >/dev/null",
                      true)
              .exit_code == 0);

  write_file(repo / "compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    image: nginx:1.25\n");
  write_file(repo / "README.txt", "not linted\n");
  const RunResult bad = run_command(env + "git add -A && git commit -m bad", true);
  INFO(bad.out);
  CHECK(bad.exit_code != 0);
  CHECK(bad.out.find("compose.yaml:4:5: error: duplicate key 'image' (the later value wins) [yaml/duplicate-key]") !=
        std::string::npos);

  write_file(repo / "compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    mem_limit: 256m\n");
  const RunResult good = run_command(env + "git add -A && git commit -m good", true);
  INFO(good.out);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("stacklint") != std::string::npos);
  CHECK(good.out.find("Passed") != std::string::npos);
}
