// The hook in .pre-commit-hooks.yaml, run by the real pre-commit in a temporary git repository:
// a commit of a bad stack fails, a good one passes.
#include <catch2/catch.hpp>

#include "tests/support/run.h"
#include "tests/support/skip.h"

namespace fs = std::filesystem;
using namespace stacklint::test;

namespace {

bool have(const std::string& program) {
  return run_command("command -v " + program + " >/dev/null").exit_code == 0;
}

// A git repository with the hook of this working tree installed (as a local hook, language:
// system, so no commit of .pre-commit-hooks.yaml is needed). Returns the shell prefix that runs a
// command in it with stacklint on PATH.
std::string hooked_repo(const TempDir& tmp, const fs::path& repo) {
  fs::create_directories(repo);
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
  return env;
}

// False (and the test executable ends as skipped) where pre-commit or git is not installed.
bool precommit_available() {
  if (have("pre-commit") && have("git")) return true;
  skip_because("pre-commit or git is missing: the hook did not run; run scripts/setup.sh --with-oracles");
  return false;
}

}  // namespace

TEST_CASE("pre-commit runs the stacklint hook on the staged files") {
  if (!precommit_available()) return;
  const TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  const std::string env = hooked_repo(tmp, repo);

  write_file(repo / "compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    image: nginx:1.25\n");
  write_file(repo / "README.txt", "not linted\n");
  const RunResult bad = run_command(env + "git add -A && git commit -m bad", true);
  INFO(bad.out);
  CHECK(bad.exit_code != 0);
  CHECK(bad.out.find("compose.yaml:4:5: error: duplicate key 'image': compose refuses the file (mapping key already "
                     "defined) [yaml/duplicate-key]") != std::string::npos);

  write_file(repo / "compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    mem_limit: 256m\n");
  const RunResult good = run_command(env + "git add -A && git commit -m good", true);
  INFO(good.out);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("stacklint") != std::string::npos);
  CHECK(good.out.find("Passed") != std::string::npos);
}

TEST_CASE("pre-commit with two stacks in subfolders: a staged file is linted with its stack") {
  if (!precommit_available()) return;
  const TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  const std::string env = hooked_repo(tmp, repo);
  const std::string good = "services:\n  api:\n    image: nginx:1.27\n    mem_limit: 256m\n";
  write_file(repo / "docker" / "compose.yaml", good);
  write_file(repo / "deploy" / "compose.yaml", good);
  REQUIRE(run_command(env + "git add -A && git commit -q -m stacks", true).exit_code == 0);

  // A bad compose file in deploy/: the commit is refused, the finding named from the repository root.
  write_file(repo / "deploy" / "compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    image: nginx:1.25\n");
  const RunResult bad = run_command(env + "git add -A && git commit -m bad", true);
  INFO(bad.out);
  CHECK(bad.exit_code != 0);
  CHECK(bad.out.find("deploy/compose.yaml:4:5: error: duplicate key 'image'") != std::string::npos);
  REQUIRE(run_command(env + "git reset -q && git checkout -q -- deploy/compose.yaml", true).exit_code == 0);

  // A rule file staged in docker/ is linted with docker/'s stack.
  write_file(repo / "docker" / "compose.yaml",
             "services:\n  prometheus:\n    image: prom/prometheus:v3.1.0\n    mem_limit: 256m\n"
             "    volumes: [\"./prometheus:/etc/prometheus:ro\"]\n");
  write_file(repo / "docker" / "prometheus" / "prometheus.yml", "rule_files: [\"alerts.yml\"]\n");
  write_file(repo / "docker" / "prometheus" / "alerts.yml",
             "groups:\n  - name: a\n    rules:\n      - alert: Down\n        expr: up ==\n");
  const RunResult rules = run_command(env + "git add -A && git commit -m rules", true);
  INFO(rules.out);
  CHECK(rules.exit_code != 0);
  CHECK(rules.out.find("docker/prometheus/alerts.yml:5:") != std::string::npos);
  REQUIRE(run_command(env + "git reset -q && rm -r docker/prometheus && git checkout -q -- docker/compose.yaml", true)
              .exit_code == 0);

  // A staged file that belongs to no stack passes.
  write_file(repo / "monitoring" / "alerts.yml",
             "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n");
  const RunResult none = run_command(env + "git add -A && git commit -m loose", true);
  INFO(none.out);
  CHECK(none.exit_code == 0);
}
