// A hostile repository cannot make stacklint read outside the stack root (issue 10, confinement).
// Every case builds its files at run time in a fresh temp dir: a stack folder, and beside it an
// `outside` folder whose files hold a canary token. No output format, baseline or model may show the
// canary, every reference out gets a located stacklint/outside-root finding, and an in-process run
// through a RecordingFileSystem shows that nothing outside the root was read.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "linter/source/fs.h"
#include "linter/stack/assemble.h"
#include "tests/support/run.h"

using namespace stacklint;
using namespace stacklint::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kCanary = "CANARY_d41d8cd98f00";

struct TempTree {
  fs::path dir;
  TempTree() {
    std::string tmpl = (fs::temp_directory_path() / "stacklint-confine-XXXXXX").string();
    const char* made = mkdtemp(tmpl.data());
    REQUIRE(made != nullptr);
    dir = made;
    fs::create_directories(dir / "stack");
    fs::create_directories(dir / "outside");
    write("outside/secret.conf", std::string("requirepass ") + kCanary + "\nmaxmemory 1mb\n");
    write("outside/secret.env", std::string("TOKEN=") + kCanary + "\n");
    write("outside/base.yml", std::string("services:\n  base:\n    image: ") + kCanary + "\n");
    write("outside/rules.yml", std::string("groups:\n  - name: ") + kCanary + "\n    rules: []\n");
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  TempTree(TempTree&&) = delete;
  TempTree& operator=(TempTree&&) = delete;
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel, std::ios::binary) << content;
  }
  [[nodiscard]] std::string stack() const { return (dir / "stack").string(); }
  [[nodiscard]] std::string outside() const { return (dir / "outside").string(); }
};

// Runs `stacklint ARGS` (killed after 20 s: a hang is a failure, not a stuck suite).
RunResult run(const std::vector<std::string>& args) {
  std::string cmd = "timeout 20 " + shell_quote(STACKLINT_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  return run_command(cmd, true);
}

// Every output stacklint can write for the stack: no canary in any, exit code <= 2. Returns the JSON
// findings.
nlohmann::json check_all_outputs(const TempTree& t, const std::vector<std::string>& extra = {}) {
  nlohmann::json findings = nlohmann::json::array();
  for (const std::string format : {"text", "json", "sarif", "github"}) {
    std::vector<std::string> args = {"check", t.stack(), "--format", format, "--fail-on", "none"};
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult r = run(args);
    INFO(format << " output:\n" << r.out);
    CHECK(r.exit_code <= 2);
    CHECK(r.out.find(kCanary) == std::string::npos);
    if (format == "json" && r.exit_code == 0) findings = nlohmann::json::parse(r.out).at("findings");
  }
  const std::string baseline = (t.dir / "baseline.json").string();
  std::vector<std::string> args = {"check", t.stack(), "--write-baseline", baseline};
  args.insert(args.end(), extra.begin(), extra.end());
  const RunResult b = run(args);
  CHECK(b.exit_code <= 2);
  CHECK(read_file(baseline).find(kCanary) == std::string::npos);
  std::vector<std::string> margs = {"model", t.stack()};
  margs.insert(margs.end(), extra.begin(), extra.end());
  const RunResult m = run(margs);
  INFO("model:\n" << m.out);
  CHECK(m.exit_code <= 2);
  CHECK(m.out.find(kCanary) == std::string::npos);
  return findings;
}

// The findings of `rule` as "file:line: message".
std::vector<std::string> of_rule(const nlohmann::json& findings, const std::string& rule) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    if (f.at("rule") != rule) continue;
    out.push_back(f.at("location").at("file").get<std::string>() + ":" +
                  std::to_string(f.at("location").at("line").get<int>()) + ": " + f.at("message").get<std::string>());
  }
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& needle) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

// The stack loaded in-process through a RecordingFileSystem, confined as the CLI confines it: every
// path read, stat'ed or listed with success lies inside the stack folder.
void assert_nothing_read_outside(const TempTree& t) {
  const std::string root = canonical_path(t.stack());
  const DiskFileSystem disk(Confinement{.roots = {root}, .explicit_files = {}, .allow_outside_root = false});
  const RecordingFileSystem rec(disk);
  StackRequest req;
  req.paths = {t.stack()};
  (void)load_stack(rec, req);
  REQUIRE_FALSE(rec.accesses().empty());
  for (const auto& a : rec.accesses()) {
    if (a.status != OpenStatus::found) continue;
    const std::string c = canonical_path(a.path);
    INFO(a.op << " " << a.path << " -> " << c);
    CHECK((c == root || c.rfind(root + "/", 0) == 0));
  }
}

}  // namespace

TEST_CASE("confinement: postgres include of absolute and ../ paths") {
  const TempTree t;
  t.write("stack/postgresql.conf", "include '" + t.outside() +
                                       "/secret.conf'\ninclude_if_exists '../outside/secret.conf'\n"
                                       "include_dir '../outside'\nmax_connections = 20\n");
  const auto findings = check_all_outputs(t);
  const auto out = of_rule(findings, "stacklint/outside-root");
  CHECK(has(out, "postgresql.conf:1: include '" + t.outside() +
                     "/secret.conf' points outside the stack root; "
                     "stacklint does not read it"));
  CHECK(has(out, "postgresql.conf:2: include_if_exists '../outside/secret.conf' points outside"));
  CHECK(has(out, "postgresql.conf:3: include_dir '../outside' points outside"));
  CHECK(of_rule(findings, "postgres/syntax").empty());  // read as empty, not "could not open"
  assert_nothing_read_outside(t);
}

TEST_CASE("confinement: redis include, glob include, /proc/self/environ and .git/config") {
  const TempTree t;
  setenv("STACKLINT_CANARY_ENV", kCanary, 1);
  t.write("stack/.git/config", std::string("[http]\n  extraheader = AUTHORIZATION: basic ") + kCanary + "\n");
  t.write("stack/redis.conf", "include " + t.outside() +
                                  "/secret.conf\ninclude ../outside/*.conf\n"
                                  "include /proc/self/environ\ninclude .git/config\nmaxmemory 10mb\n");
  const auto findings = check_all_outputs(t);
  unsetenv("STACKLINT_CANARY_ENV");
  const auto out = of_rule(findings, "stacklint/outside-root");
  CHECK(has(out, "redis.conf:1: include '" + t.outside() + "/secret.conf' points outside"));
  CHECK(has(out, "redis.conf:2: include '../outside/*.conf' points outside"));
  CHECK(has(out, "redis.conf:3: include '/proc/self/environ' points outside"));
  CHECK(has(out, "redis.conf:4: include '.git/config' points outside"));
  assert_nothing_read_outside(t);
}

TEST_CASE("confinement: compose env_file, extends.file and bind mounts leading out") {
  const TempTree t;
  t.write("stack/compose.yaml",
          "services:\n"
          "  api:\n"
          "    image: nginx:1.27\n"
          "    env_file: " +
              t.outside() +
              "/secret.env\n"
              "  worker:\n"
              "    extends:\n"
              "      file: ../outside/base.yml\n"
              "      service: base\n"
              "  cache:\n"
              "    image: redis:7.2\n"
              "    command: redis-server /usr/local/etc/redis/secret.conf\n"
              "    volumes:\n"
              "      - ../outside:/usr/local/etc/redis:ro\n"
              "  prometheus:\n"
              "    image: prom/prometheus:v2.53.0\n"
              "    volumes:\n"
              "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n"
              "      - " +
              t.outside() + ":/etc/prometheus/rules:ro\n");
  t.write("stack/prometheus.yml", "rule_files:\n  - /etc/prometheus/rules/*.yml\n");
  const auto findings = check_all_outputs(t);
  const auto out = of_rule(findings, "stacklint/outside-root");
  // A compose file's env_file outside the root is not reported (nothing in the repository is
  // wrong); `stacklint model` says it was not read.
  CHECK_FALSE(has(out, "compose.yaml:4: env_file"));
  const RunResult model = run({"model", t.stack()});
  CHECK(model.out.find("env_file '" + t.outside() + "/secret.env' points outside") != std::string::npos);
  CHECK(has(out, "compose.yaml:7: extends.file '../outside/base.yml' points outside"));
  CHECK(has(out, "compose.yaml:11: config file '/usr/local/etc/redis/secret.conf' points outside"));
  CHECK(has(out, "prometheus.yml:2: rule_files '/etc/prometheus/rules/*.yml' points outside"));
  assert_nothing_read_outside(t);
}

TEST_CASE("confinement: file_sd_configs patterns leading out are not read") {
  const TempTree t;
  t.write("outside/targets.json", std::string("[{\"targets\": [\"") + kCanary + ":9100\"]}]\n");
  t.write("stack/compose.yaml",
          "services:\n"
          "  prometheus:\n"
          "    image: prom/prometheus:v2.53.0\n"
          "    volumes:\n"
          "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n"
          "      - " +
              t.outside() + ":/etc/prometheus/sd:ro\n");
  t.write("stack/prometheus.yml",
          "scrape_configs:\n"
          "  - job_name: a\n"
          "    file_sd_configs:\n"
          "      - files: [/etc/*.json, ../x.json, ../../outside/targets.json, sd/*.json]\n");
  // Beside a stack that runs services, a Prometheus config no service reads is not linted (nor read).
  t.write("stack/standalone/prometheus.yml",
          "scrape_configs:\n"
          "  - job_name: b\n"
          "    file_sd_configs:\n"
          "      - files: ['" +
              t.outside() + "/*.json', ../../outside/targets.json]\n");
  const auto findings = check_all_outputs(t);
  const auto out = of_rule(findings, "stacklint/outside-root");
  CHECK(has(out, "prometheus.yml:4: file_sd_configs 'sd/*.json' points outside the stack root"));
  CHECK_FALSE(has(out, "standalone/prometheus.yml"));
  CHECK(of_rule(findings, "prometheus/target-unresolved").empty());
  assert_nothing_read_outside(t);
}

TEST_CASE("confinement: a folder of configs without a compose file: file_sd patterns leading out") {
  const TempTree t;
  t.write("outside/targets.json", std::string("[{\"targets\": [\"") + kCanary + ":9100\"]}]\n");
  t.write("stack/standalone/prometheus.yml",
          "scrape_configs:\n"
          "  - job_name: b\n"
          "    file_sd_configs:\n"
          "      - files: ['" +
              t.outside() + "/*.json', ../../outside/targets.json]\n");
  const auto findings = check_all_outputs(t);
  const auto out = of_rule(findings, "stacklint/outside-root");
  // A config no service mounts runs elsewhere: its absolute patterns name that machine's files.
  CHECK_FALSE(has(out, "standalone/prometheus.yml:4: file_sd_configs '" + t.outside()));
  CHECK(has(out, "standalone/prometheus.yml:4: file_sd_configs '../../outside/targets.json' points outside"));
  assert_nothing_read_outside(t);
}

TEST_CASE("confinement: committed symlinks out, symlink loops, a FIFO") {
  const TempTree t;
  fs::create_symlink(t.dir / "outside" / "secret.conf", t.dir / "stack" / "redis.conf");
  fs::create_directories(t.dir / "stack" / "pg");
  fs::create_directory_symlink(t.dir / "outside", t.dir / "stack" / "etc");
  fs::create_directory_symlink(".", t.dir / "stack" / "pg" / "loop1");
  fs::create_directory_symlink("..", t.dir / "stack" / "pg" / "loop2");
  t.write("stack/pg/postgresql.conf", "max_connections = 20\n");
  REQUIRE(mkfifo((t.dir / "stack" / "redis-fifo.conf").c_str(), 0600) == 0);
  const auto findings = check_all_outputs(t);
  const auto out = of_rule(findings, "stacklint/outside-root");
  CHECK(has(out, "redis.conf:1: symlink 'redis.conf' points outside"));
  CHECK(has(out, "etc:1: symlink 'etc' points outside"));
  CHECK(has(of_rule(findings, "stacklint/unreadable-file"),
            "redis-fifo.conf:1: file 'redis-fifo.conf' is not a regular file"));
  assert_nothing_read_outside(t);
}

TEST_CASE("confinement: the git work tree is the root, so ../ inside it is read") {
  const TempTree t;
  fs::create_directories(t.dir / "stack" / ".git");
  t.write("stack/grafana/redis-extra.conf", "maxmemory 5mb\n");
  t.write("stack/docker/compose.yaml",
          "services:\n"
          "  cache:\n"
          "    image: redis:7.2\n"
          "    command: redis-server /etc/redis/redis-extra.conf\n"
          "    volumes:\n"
          "      - ../grafana:/etc/redis:ro\n");
  const RunResult r = run({"model", (t.dir / "stack" / "docker").string()});
  REQUIRE(r.exit_code == 0);
  const auto model = nlohmann::json::parse(r.out);
  CHECK(r.out.find("grafana/redis-extra.conf") != std::string::npos);
  CHECK(r.out.find("outside the stack root") == std::string::npos);
  (void)model;
}

TEST_CASE("confinement: --allow-outside-root reads a trusted tree, explicit files are read anywhere") {
  const TempTree t;
  t.write("stack/postgresql.conf", "include '../outside/pg.conf'\n");
  t.write("outside/pg.conf", "max_connections = 7\n");
  const RunResult confined = run({"model", t.stack()});
  CHECK(confined.out.find("\"max_connections\"") == std::string::npos);
  const RunResult allowed = run({"model", t.stack(), "--allow-outside-root"});
  CHECK(allowed.out.find("\"max_connections\"") != std::string::npos);
  const RunResult explicit_file = run({"model", (t.dir / "outside" / "pg.conf").string(), "--kind",
                                       (t.dir / "outside" / "pg.conf").string() + "=postgres"});
  CHECK(explicit_file.exit_code == 0);
  CHECK(explicit_file.out.find("\"max_connections\"") != std::string::npos);
}

TEST_CASE("confinement: a file is read whole at the size it had when opened, an empty one as empty") {
  const TempTree t;
  t.write("stack/prometheus.yml", "global:\n  scrape_interval: 15s\n");
  t.write("stack/empty.yml", "");
  const std::string root = canonical_path(t.stack());
  const DiskFileSystem disk(Confinement{.roots = {root}, .explicit_files = {}, .allow_outside_root = false});
  const FileRead whole = disk.read_file(root + "/prometheus.yml", 1 << 20);
  CHECK(whole.status == OpenStatus::found);
  CHECK(whole.text == "global:\n  scrape_interval: 15s\n");
  CHECK(disk.read_file(root + "/prometheus.yml", 8).status == OpenStatus::too_large);
  const FileRead empty = disk.read_file(root + "/empty.yml", 1 << 20);
  CHECK(empty.status == OpenStatus::found);
  CHECK(empty.text.empty());
  // /proc files (size 0, with text) are never read, whatever the root.
  const std::string proc = canonical_path("/proc/self");
  const DiskFileSystem procfs(Confinement{.roots = {proc}, .explicit_files = {}, .allow_outside_root = false});
  CHECK(procfs.read_file(proc + "/status", 1 << 20).status != OpenStatus::found);
}
