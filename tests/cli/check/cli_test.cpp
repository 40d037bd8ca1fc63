// End-to-end runs of the binary: exit codes, formats, configuration, suppressions, baseline,
// --changed, and hostile inputs.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "linter/engine/rule.h"
#include "tests/support/run.h"

namespace fs = std::filesystem;
using namespace stacklint;
using namespace stacklint::test;

namespace {

const std::string kClean = "services:\n  api:\n    image: nginx:1.27\n";
// Line 4 repeats `image`.
const std::string kDup = "services:\n  api:\n    image: nginx:1.27\n    image: nginx:1.25\n";
const std::string kDupLine =
    "compose.yaml:4:5: error: duplicate key 'image': compose refuses the file (mapping key already defined) "
    "[yaml/duplicate-key]";

RunResult check(const fs::path& dir, std::vector<std::string> extra = {}, bool merge = false) {
  std::vector<std::string> args = {"check", dir.string(), "--no-color", "--rule", "yaml/duplicate-key"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_stacklint(args, merge);
}

}  // namespace

TEST_CASE("exit codes: 0 clean, 1 findings, 2 usage errors") {
  const TempDir clean;
  write_file(clean.path() / "compose.yaml", kClean);
  CHECK(check(clean.path()).exit_code == 0);
  CHECK(check(clean.path()).out.empty());

  const TempDir bad;
  write_file(bad.path() / "compose.yaml", kDup);
  const RunResult r = check(bad.path());
  CHECK(r.exit_code == 1);
  CHECK(r.out.find(kDupLine + "\n      image: nginx:1.25\n      ^~~~~\n") == 0);
  CHECK(r.out.find("compose.yaml:3:5: note: first 'image' is here\n") != std::string::npos);
  CHECK(r.out.find("1 error, 0 warnings, 0 notes\n") != std::string::npos);

  CHECK(run_stacklint({"check", bad.path().string(), "--format", "xml"}).exit_code == 2);
  CHECK(run_stacklint({"check", bad.path().string(), "--no-such-flag"}).exit_code == 2);
  CHECK(run_stacklint({"frobnicate"}).exit_code == 2);
  const RunResult unknown_rule = run_stacklint({"check", bad.path().string(), "--rule", "yaml/nope"}, true);
  CHECK(unknown_rule.exit_code == 2);
  CHECK(unknown_rule.out.find("stacklint: error: unknown rule 'yaml/nope' (see `stacklint rules`)") !=
        std::string::npos);
}

TEST_CASE("missing, unreadable and empty inputs exit 2 with a clear message") {
  const RunResult missing = run_stacklint({"check", "/nonexistent/stack"}, true);
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.find("cannot read '/nonexistent/stack': no such file or directory") != std::string::npos);

  const TempDir empty;
  write_file(empty.path() / "notes.txt", "hello\n");
  const RunResult none = run_stacklint({"check", empty.path().string()}, true);
  CHECK(none.exit_code == 2);
  CHECK(none.out.find("no compose file or configuration file found in") != std::string::npos);

  // Stacks only in a hidden directory: still exit 2, naming what discovery passed over.
  write_file(empty.path() / ".examples/pg/compose.yaml", kClean);
  const RunResult hidden = run_stacklint_in(empty.path(), {"check", "."}, true);
  CHECK(hidden.exit_code == 2);
  CHECK(hidden.out ==
        "stacklint: error: no compose file or configuration file found in '.'; hidden directories are not "
        "searched, and hold .examples/pg/compose.yaml (name its directory: stacklint check .examples/pg)\n");

  // The only stack in test data, which discovery skips (rw39 check_prometheus): named the same way.
  const TempDir plugin;
  write_file(plugin.path() / "testdata/docker-compose.yml", kClean);
  const RunResult testdata = run_stacklint_in(plugin.path(), {"check", "."}, true);
  CHECK(testdata.exit_code == 2);
  CHECK(testdata.out ==
        "stacklint: error: no compose file or configuration file found in '.'; testdata/ is not searched, and "
        "holds testdata/docker-compose.yml (name its directory: stacklint check testdata)\n");

  // Only a generator's pieces (one adds to a service it does not define): no stack, and said so
  // (rw74 bitcart's generator/docker-components/).
  const TempDir generator;
  write_file(
      generator.path() / "generator/components/proxy.yml",
      "services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - ./proxy.conf:/etc/nginx/conf.d/p.conf:ro\n");
  write_file(generator.path() / "generator/components/db.yml",
             "services:\n  db:\n    image: postgres:16\n  backend:\n    depends_on: [db]\n");
  const RunResult pieces = run_stacklint_in(generator.path(), {"check", "."}, true);
  CHECK(pieces.exit_code == 2);
  CHECK(pieces.out ==
        "stacklint: error: no compose file or configuration file found in '.'; generator/components/ holds pieces "
        "of a compose file a generator merges, not compose files: lint the file it writes\n");

  if (geteuid() != 0) {  // root reads anything
    const TempDir locked;
    write_file(locked.path() / "compose.yaml", kClean);
    fs::permissions(locked.path() / "compose.yaml", fs::perms::none);
    const RunResult r = run_stacklint({"check", (locked.path() / "compose.yaml").string()}, true);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("cannot read") != std::string::npos);
  }
}

TEST_CASE("--fail-on picks the severity that fails; --output writes the report to a file") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  CHECK(check(dir.path(), {"--fail-on", "none"}).exit_code == 0);
  CHECK(check(dir.path(), {"--fail-on", "note"}).exit_code == 1);
  write_file(dir.path() / ".stacklint.toml", "[rules]\n\"yaml/duplicate-key\" = \"note\"\n");
  CHECK(check(dir.path()).exit_code == 0);
  CHECK(check(dir.path(), {"--fail-on", "warning"}).exit_code == 0);
  CHECK(check(dir.path(), {"--fail-on", "note"}).exit_code == 1);
  fs::remove(dir.path() / ".stacklint.toml");

  const fs::path report = dir.path() / "out" / "report.txt";
  fs::create_directories(report.parent_path());
  const RunResult r = check(dir.path(), {"--output", report.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(read_file(report).find(kDupLine) == 0);
  CHECK(check(dir.path(), {"--output", (dir.path() / "no" / "such" / "dir" / "x").string()}).exit_code == 2);
}

TEST_CASE("--format json has the documented shape") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  const RunResult r = check(dir.path(), {"--format", "json"});
  CHECK(r.exit_code == 1);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["version"] == 1);
  CHECK(doc["tool"]["name"] == "stacklint");
  REQUIRE(doc["findings"].size() == 1);
  const auto& f = doc["findings"][0];
  CHECK(f["rule"] == "yaml/duplicate-key");
  CHECK(f["severity"] == "error");
  CHECK(f["location"] ==
        nlohmann::json{{"file", "compose.yaml"}, {"line", 4}, {"column", 5}, {"end_line", 4}, {"end_column", 10}});
  CHECK(f["related"][0]["message"] == "first 'image' is here");
  CHECK(doc["summary"] == nlohmann::json{{"error", 1}, {"warning", 0}, {"note", 0}});
}

TEST_CASE("--format github prints workflow commands with escaped properties") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  const RunResult r = check(dir.path(), {"--format", "github"});
  CHECK(r.exit_code == 1);
  const std::string file = (dir.path() / "compose.yaml").string();
  CHECK(r.out == "::error file=" + file +
                     ",line=4,col=5,endLine=4,endColumn=10,title=yaml/duplicate-key::duplicate key 'image': compose "
                     "refuses the file (mapping key already defined)%0Anote: " +
                     file + ":3:5: first 'image' is here\n");
}

TEST_CASE("--format sarif lists every rule and the finding with a fingerprint") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  const RunResult r = check(dir.path(), {"--format", "sarif"});
  CHECK(r.exit_code == 1);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["version"] == "2.1.0");
  const auto& run = doc["runs"][0];
  CHECK(run["tool"]["driver"]["rules"].size() == all_rules().size());
  CHECK(run["columnKind"] == "unicodeCodePoints");
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"].get<std::string>().rfind("file:///", 0) == 0);
  REQUIRE(run["results"].size() == 1);
  const auto& res = run["results"][0];
  CHECK(res["ruleId"] == "yaml/duplicate-key");
  CHECK(run["tool"]["driver"]["rules"][res["ruleIndex"].get<size_t>()]["id"] == "yaml/duplicate-key");
  CHECK(res["locations"][0]["physicalLocation"]["artifactLocation"] ==
        nlohmann::json{{"uri", "compose.yaml"}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(res["locations"][0]["physicalLocation"]["region"] ==
        nlohmann::json{{"startLine", 4}, {"startColumn", 5}, {"endLine", 4}, {"endColumn", 10}});
  CHECK(res["relatedLocations"][0]["id"] == 1);
  CHECK(res["partialFingerprints"]["stacklint/v1"].get<std::string>().size() == 16);
}

TEST_CASE("output is identical across runs") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup + "  db:\n    image: postgres:15\n    image: postgres:16\n");
  for (const char* format : {"text", "json", "sarif", "github"}) {
    const std::string a = run_stacklint({"check", dir.path().string(), "--format", format}).out;
    CHECK(a == run_stacklint({"check", dir.path().string(), "--format", format}).out);
  }
}

TEST_CASE(".stacklint.toml: rules off, --config, errors exit 2 with file:line:col") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  write_file(dir.path() / ".stacklint.toml", "[rules]\n\"yaml/duplicate-key\" = \"off\"\n");
  CHECK(check(dir.path()).exit_code == 0);
  const fs::path other = dir.path() / "other.toml";
  write_file(other, "[rules]\n\"yaml/duplicate-key\" = \"error\"\n");
  CHECK(check(dir.path(), {"--config", other.string()}).exit_code == 1);

  write_file(dir.path() / ".stacklint.toml", "[host]\nmemroy = \"4GiB\"\n");
  const RunResult r = check(dir.path(), {}, true);
  CHECK(r.exit_code == 2);
  CHECK(r.out == (dir.path() / ".stacklint.toml").string() +
                     ":2:1: error: unknown key 'memroy' in [host] (did you mean 'memory'?)\n");

  write_file(dir.path() / ".stacklint.toml", "[services.apx]\nrole = \"app\"\n");
  const RunResult svc = check(dir.path(), {}, true);
  CHECK(svc.exit_code == 2);
  CHECK(svc.out.find(":2:8: error: no service 'apx' in the compose file (did you mean 'api'?)") != std::string::npos);

  CHECK(check(dir.path(), {"--config", (dir.path() / "missing.toml").string()}).exit_code == 2);
}

TEST_CASE("[paths] exclude drops findings in matching files") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  write_file(dir.path() / ".stacklint.toml", "[paths]\nexclude = [\"compose.*\"]\n");
  CHECK(check(dir.path()).exit_code == 0);
}

TEST_CASE("inline suppressions end to end") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml",
             "services:\n  api:\n    image: nginx:1.27\n    image: nginx:1.25  # stacklint "
             "disable-line=yaml/duplicate-key -- demo\n");
  CHECK(check(dir.path()).exit_code == 0);
  const RunResult both = run_stacklint({"check", dir.path().string(), "--no-color", "--rule", "yaml/duplicate-key",
                                        "--rule", "stacklint/unused-suppression"});
  CHECK(both.out.empty());

  write_file(dir.path() / "compose.yaml", kClean + "    # stacklint disable-next-line=yaml/duplicate-key\n");
  const RunResult unused = run_stacklint({"check", dir.path().string(), "--no-color", "--rule", "yaml/duplicate-key",
                                          "--rule", "stacklint/unused-suppression"});
  CHECK(unused.exit_code == 0);
  CHECK(unused.out.find("compose.yaml:4:35: warning: this suppression of 'yaml/duplicate-key' matches no finding; "
                        "remove it [stacklint/unused-suppression]") == 0);
}

TEST_CASE("a baseline hides recorded findings, even after lines move, and shows new ones") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  const fs::path baseline = dir.path() / "baseline.json";
  const RunResult w = check(dir.path(), {"--write-baseline", baseline.string()}, true);
  CHECK(w.exit_code == 0);
  CHECK(w.out.find("stacklint: recorded 1 finding in ") == 0);
  const auto doc = nlohmann::json::parse(read_file(baseline));
  CHECK(doc["findings"][0]["rule"] == "yaml/duplicate-key");

  write_file(dir.path() / "compose.yaml", "# moved\n\n" + kDup);
  CHECK(check(dir.path(), {"--baseline", baseline.string()}).exit_code == 0);
  write_file(dir.path() / "compose.yaml", "# moved\n\n" + kDup + "  db:\n    image: a\n    image: b\n");
  const RunResult r = check(dir.path(), {"--baseline", baseline.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("compose.yaml:9:5: error: duplicate key 'image'") == 0);
  CHECK(r.out.find("compose.yaml:6:") == std::string::npos);

  write_file(baseline, "{}");
  CHECK(check(dir.path(), {"--baseline", baseline.string()}).exit_code == 2);
}

TEST_CASE("--changed reports only findings in the changed files, relative to the working directory") {
  const TempDir dir;
  write_file(dir.path() / "compose.yaml", kDup);
  write_file(dir.path() / "prometheus" / "alerts.yml", "groups:\n  - name: a\n    name: b\n    rules: []\n");
  const RunResult all = check(dir.path());
  CHECK(all.out.find("compose.yaml:4:5") != std::string::npos);
  CHECK(all.out.find("prometheus/alerts.yml:3:5") != std::string::npos);

  const std::string cmd = "cd " + shell_quote(dir.path().string()) + " && " + shell_quote(STACKLINT_BINARY) +
                          " check . --no-color --rule yaml/duplicate-key --changed prometheus/alerts.yml";
  const RunResult only = run_command(cmd);
  CHECK(only.exit_code == 1);
  CHECK(only.out.find("prometheus/alerts.yml:3:5") == 0);
  CHECK(only.out.find("compose.yaml") == std::string::npos);

  const RunResult other = check(dir.path(), {"--changed", (dir.path() / "unrelated.yml").string()});
  CHECK(other.exit_code == 0);
  CHECK(other.out.empty());
}

TEST_CASE("hostile inputs end in a finding or exit 2 within seconds, never a crash") {
  struct Hostile {
    const char* name;
    std::string content;
  };
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char p = static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" +
            p + ",*" + p + ",*" + p + "]\n";
  }
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 131 + 7) % 256);
  std::string big = "services:\n";
  while (big.size() < 50U * 1024 * 1024) big += "  # padding padding padding padding padding padding padding\n";
  big += "  api:\n    image: nginx:1.27\n";
  const std::vector<Hostile> cases = {
      {"binary", binary},
      {"deep", std::string(100000, '[') + std::string(100000, ']') + "\n"},
      {"deep-map",
       [] {
         std::string s;
         for (int i = 0; i < 100000; ++i) s += "{a: ";
         return s + "1" + std::string(100000, '}') + "\n";
       }()},
      {"alias-bomb", "services:\n  api:\n    image: nginx\nx-bomb:\n  " +
                         [&] {
                           std::string indented;
                           for (const char c : bomb) {
                             indented += c;
                             if (c == '\n') indented += "  ";
                           }
                           return indented;
                         }() +
                         "\n"},
      {"50MB", big},
      // valijson compares every pair of a uniqueItems list: 100,000 entries never ended.
      {"long-list",
       [] {
         std::string s = "services:\n  api:\n    image: nginx:1.27\n    environment:\n";
         for (int i = 0; i < 100000; ++i) s += "      - V" + std::to_string(i) + "=x\n";
         return s;
       }()},
  };
  for (const Hostile& h : cases) {
    const TempDir dir;
    write_file(dir.path() / "compose.yaml", h.content);
    const auto start = std::chrono::steady_clock::now();
    const RunResult r = run_stacklint({"check", dir.path().string(), "--no-color"}, true);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(h.name << ": exit " << r.exit_code << " after " << seconds << " s\n" << r.out.substr(0, 2000));
    CHECK(r.exit_code >= 0);
    CHECK(r.exit_code <= 2);
    CHECK(seconds < 30.0);  // "a few seconds" on a quiet machine; sanitizer builds on loaded CI are slower
  }
}

TEST_CASE("compose files known only by their content are the stacks of a tree that has no other") {
  // JHipster's layout (rw42): src/main/docker/app.yml and postgresql.yml, no docker-compose.yml.
  const TempDir repo;
  write_file(repo.path() / "docker" / "app.yml",
             "services:\n  app:\n    image: example/shop:1.0\n    environment:\n      A: b\n     volumes:\n"
             "      - ./config:/config\n");
  write_file(repo.path() / "docker" / "postgresql.yml",
             "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${P:?}\n");
  write_file(repo.path() / "docker" / ".woodpecker.yml", "services:\n  ci-db:\n    image: postgres:16\n");
  const std::string in_repo = "cd " + shell_quote(repo.path().string()) + " && " + shell_quote(STACKLINT_BINARY) + " ";
  const RunResult all = run_command(in_repo + "check --no-color --rule compose/syntax .");
  CHECK(all.exit_code == 1);
  CHECK(all.out.find("docker/app.yml:6:6: error: while parsing a block mapping: did not find expected key "
                     "[compose/syntax]") == 0);
  const RunResult changed = run_command(in_repo + "check --no-color --rule compose/syntax --changed docker/app.yml");
  CHECK(changed.exit_code == 1);
  const RunResult model = run_command(in_repo + "model .", true);
  CHECK(model.exit_code == 2);
  CHECK(model.out ==
        "stacklint: error: no compose file in '.', but 2 stacks below it (docker/app.yml, docker/postgresql.yml): "
        "`stacklint model` describes one stack, e.g. `stacklint model -f docker/app.yml`\n");
}

TEST_CASE("several directories are linted each as its own tree, its mounts read from its own folder") {
  // rw216: `check a b` read b's `./config/b.sql` from a/ and called it missing.
  const TempDir repo;
  for (const std::string stack : {"a", "b"}) {
    write_file(repo.path() / stack / "compose.yaml",
               "services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./config/" + stack +
                   ".sql:/docker-entrypoint-initdb.d/init.sql\n");
    write_file(repo.path() / stack / "config" / (stack + ".sql"), "SELECT 1;\n");
  }
  const std::string in_repo =
      "cd " + shell_quote(repo.path().string()) + " && " + shell_quote(STACKLINT_BINARY) + " check --no-color ";
  const RunResult both = run_command(in_repo + "--rule compose/mount-source-missing a b");
  CHECK(both.exit_code == 0);
  CHECK(both.out.empty());
  write_file(repo.path() / "b" / "compose.yaml", kDup);
  const RunResult dup = run_command(in_repo + "--rule yaml/duplicate-key a b");
  CHECK(dup.exit_code == 1);
  CHECK(dup.out.find("b/" + kDupLine) == 0);
  // A directory whose compose file goes by another name (app.yml) is read by content, as alone.
  write_file(repo.path() / "c" / "app.yml", kDup);
  const RunResult alone = run_command(in_repo + "--rule yaml/duplicate-key c");
  CHECK(alone.exit_code == 1);
  CHECK(alone.out.find("c/app.yml:" + kDupLine.substr(kDupLine.find(':') + 1)) == 0);
  const RunResult with_a = run_command(in_repo + "--rule yaml/duplicate-key a c", true);
  CHECK(with_a.exit_code == 1);
  CHECK(with_a.out.find("c/app.yml:" + kDupLine.substr(kDupLine.find(':') + 1)) == 0);
}

TEST_CASE("a tree of stacks: each stack in its folder, paths from the directory given, --changed by stack") {
  const TempDir repo;
  write_file(repo.path() / "docker" / "compose.yaml", kDup);
  write_file(repo.path() / "deploy" / "compose.yaml", kClean);
  write_file(repo.path() / "README.md", "not linted\n");
  const std::string in_repo = "cd " + shell_quote(repo.path().string()) + " && " + shell_quote(STACKLINT_BINARY) +
                              " check --no-color --rule yaml/duplicate-key ";
  const RunResult all = run_command(in_repo + ".");
  CHECK(all.exit_code == 1);
  CHECK(all.out.find("docker/" + kDupLine) == 0);
  // The staged file's stack is linted; a file in another stack or in none passes.
  const RunResult bad = run_command(in_repo + "--changed docker/compose.yaml");
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("docker/" + kDupLine) == 0);
  CHECK(run_command(in_repo + "--changed deploy/compose.yaml").exit_code == 0);
  const RunResult none = run_command(in_repo + "--changed README.md", true);
  CHECK(none.exit_code == 0);
  CHECK(none.out.empty());
  // -f roots the stack at the file's directory; each -f takes one file.
  const RunResult one = run_command(in_repo + "-f deploy/compose.yaml");
  CHECK(one.exit_code == 0);
  CHECK(run_command(in_repo + "-f docker/compose.yaml").exit_code == 1);
  // `model` describes one stack: at the tree's top it names the stacks below instead.
  const std::string model =
      "cd " + shell_quote(repo.path().string()) + " && " + shell_quote(STACKLINT_BINARY) + " model ";
  const RunResult top = run_command(model + ".", true);
  CHECK(top.exit_code == 2);
  CHECK(top.out ==
        "stacklint: error: no compose file in '.', but 2 stacks below it (deploy, docker): `stacklint model` describes "
        "one stack, e.g. `stacklint model deploy`\n");
  const RunResult sub = run_command(model + "docker");
  CHECK(sub.exit_code == 0);
  CHECK(nlohmann::json::parse(sub.out).at("services").at(0).at("name") == "api");
  // Two stacks of one directory are named by their files, and -f selects one (rw10 press-nexus).
  write_file(repo.path() / "deploy/compose.prod.yml", "services:\n  web:\n    image: nginx:1.27\n");
  const RunResult two = run_command(model + ".", true);
  CHECK(two.exit_code == 2);
  CHECK(two.out ==
        "stacklint: error: no compose file in '.', but 3 stacks below it (deploy/compose.yaml, "
        "deploy/compose.prod.yml, docker): `stacklint model` describes one stack, e.g. `stacklint model -f "
        "deploy/compose.yaml`\n");
}

TEST_CASE("model DIR of compose files with other names describes the stack check DIR lints, or names each") {
  const TempDir repo;
  write_file(repo.path() / "docker-compose.local.yml", "services:\n  api:\n    image: ghcr.io/acme/api:1.0\n");
  const std::string model =
      "cd " + shell_quote(repo.path().string()) + " && " + shell_quote(STACKLINT_BINARY) + " model ";
  const RunResult one = run_command(model + ".");
  CHECK(one.exit_code == 0);
  CHECK(nlohmann::json::parse(one.out).at("services").at(0).at("name") == "api");
  write_file(repo.path() / "docker-compose.test.yml", "services:\n  web:\n    image: ghcr.io/acme/web:1.0\n");
  const RunResult two = run_command(model + ".", true);
  CHECK(two.exit_code == 2);
  CHECK(two.out ==
        "stacklint: error: no default compose file in '.', but 2 stacks of other compose files: `stacklint model` "
        "describes one stack, e.g. `stacklint model -f docker-compose.local.yml`\n");
  const RunResult chosen = run_command(model + "-f docker-compose.test.yml");
  CHECK(chosen.exit_code == 0);
  CHECK(nlohmann::json::parse(chosen.out).at("services").at(0).at("name") == "web");
}

TEST_CASE("paths are relative to the invocation directory: check DIR and -f FILE from the repository") {
  const TempDir repo;
  write_file(repo.path() / "docker" / "compose.yaml", kDup);
  const std::string in_repo = "cd " + shell_quote(repo.path().string()) + " && " + shell_quote(STACKLINT_BINARY) +
                              " check --no-color --rule yaml/duplicate-key ";
  // The file an editor or a CI annotation opens from where stacklint ran.
  CHECK(run_command(in_repo + "docker").out.find("docker/" + kDupLine) == 0);
  CHECK(run_command(in_repo + "./docker/").out.find("docker/" + kDupLine) == 0);
  CHECK(run_command(in_repo + "-f docker/compose.yaml").out.find("docker/" + kDupLine) == 0);
  const RunResult github = run_command(in_repo + "docker --format github");
  CHECK(github.out.find("::error file=docker/compose.yaml,line=4,col=5,") == 0);
  const auto sarif = nlohmann::json::parse(run_command(in_repo + "docker --format sarif").out);
  CHECK(
      sarif.at("runs").at(0).at("results").at(0).at("locations").at(0).at("physicalLocation").at("artifactLocation") ==
      nlohmann::json{{"uri", "docker/compose.yaml"}, {"uriBaseId", "%SRCROOT%"}});
  // From the stack's own folder, whatever the directory given.
  const std::string in_docker = "cd " + shell_quote((repo.path() / "docker").string()) + " && " +
                                shell_quote(STACKLINT_BINARY) + " check --no-color --rule yaml/duplicate-key ";
  CHECK(run_command(in_docker + ".").out.find(kDupLine) == 0);
  CHECK(run_command(in_docker + shell_quote(repo.path().string())).out.find(kDupLine) == 0);
  // A stack outside the invocation directory: paths from the directory given.
  write_file(repo.path() / "elsewhere" / "README.md", "not linted\n");
  const std::string in_elsewhere = "cd " + shell_quote((repo.path() / "elsewhere").string()) + " && " +
                                   shell_quote(STACKLINT_BINARY) + " check --no-color --rule yaml/duplicate-key ";
  CHECK(run_command(in_elsewhere + "../docker").out.find(kDupLine) == 0);
}

TEST_CASE("-f an overlay below the directory given: the base's hosts are unknown, a host defined nowhere fires") {
  const TempDir repo;
  write_file(repo.path() / "compose.yaml",
             "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front:\n");
  fs::create_directories(repo.path() / "extra");
  const std::string overlay =
      "services:\n  worker:\n    image: busybox:1.36\n    environment:\n      WEB_URL: http://web:80/\n"
      "      CACHE_URL: redis://cahce:6379\n    networks: [front]\n";
  write_file(repo.path() / "extra" / "compose.yaml", overlay);
  const RunResult r = run_stacklint({"check", repo.path().string(), "-f", (repo.path() / "extra/compose.yaml").string(),
                                     "--no-color", "--rule", "connections/host-unresolved"});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("connects to \"web\"") == std::string::npos);
  CHECK(r.out.find("CACHE_URL of service worker connects to \"cahce\"") != std::string::npos);
}

TEST_CASE("a tree of stacks in one directory: a file the default mounts is reported once, the stack named") {
  const TempDir repo;
  write_file(repo.path() / "docker-compose.yml",
             "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n"
             "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n"
             "      - ./alerts.yml:/etc/prometheus/alerts.yml:ro\n"
             "  redis:\n    image: redis:7.2\n    command: redis-server /usr/local/etc/redis/redis.conf\n"
             "    volumes:\n      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro\n");
  // An alternative stack (it redefines redis in full) that does not run Prometheus.
  write_file(repo.path() / "docker-compose.prod.yml",
             "services:\n  redis:\n    image: redis:7.2\n    command: redis-server /usr/local/etc/redis/redis.conf\n"
             "    volumes:\n      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro\n    ports: [\"6379:6379\"]\n");
  write_file(repo.path() / "prometheus.yml",
             "rule_files: [alerts.yml]\nscrape_configs:\n  - job_name: self\n    static_configs:\n"
             "      - targets: ['localhost:9090']\n");
  write_file(repo.path() / "alerts.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n");
  write_file(repo.path() / "redis.conf", "maxmemory 64mb\nappendonly maybe\n");
  // Both deployed: a production file beside the default one would make that one a developer's.
  write_file(repo.path() / ".stacklint.toml", "[stack]\ndeployed = true\n");
  const RunResult r = run_stacklint({"check", repo.path().string(), "--no-color", "--format", "json"}, true);
  INFO(r.out);
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  std::vector<std::string> found;
  for (const auto& f : doc.at("findings")) {
    found.push_back(f.at("rule").get<std::string>() + " " + f.at("location").at("file").get<std::string>() + ":" +
                    std::to_string(f.at("location").at("line").get<int>()) + " " + f.at("message").get<std::string>());
  }
  // prometheus.yml is the default stack's (its service reads it): the prod stack, which only finds it
  // in the directory, does not report it again on its own.
  CHECK(std::count_if(found.begin(), found.end(),
                      [](const std::string& s) { return s.rfind("prometheus/no-alertmanager", 0) == 0; }) == 1);
  // Both stacks read redis.conf: a finding both make is shown once, without a stack name; one only
  // the prod stack makes (its port is published) names it.
  CHECK(std::count(found.begin(), found.end(),
                   "redis/syntax redis.conf:2 appendonly 'maybe': argument must be 'yes' or 'no'") == 1);
  const auto open = std::find_if(found.begin(), found.end(),
                                 [](const std::string& s) { return s.rfind("security/redis-open-access", 0) == 0; });
  REQUIRE(open != found.end());
  CHECK(open->find("(stack docker-compose.prod.yml)") != std::string::npos);
}

TEST_CASE("--kind takes one FILE=KIND per flag: a path after it stays the path linted") {
  const TempDir dir;
  write_file(dir.path() / "base.yml", "groups:\n  - name: a\n    rules:\n      - record: x\n        expr: up\n");
  const std::string file = (dir.path() / "base.yml").string();
  const RunResult r = run_stacklint({"check", "--no-color", "--kind", file + "=rules", file}, true);
  CHECK(r.out.find("--kind expects") == std::string::npos);
  CHECK(r.exit_code == 0);
  const RunResult two =
      run_stacklint({"check", "--no-color", "--kind", file + "=rules", "--kind", file + "=rules", file}, true);
  CHECK(two.exit_code == 0);
}

TEST_CASE("a stack checked in a folder of its repository below an examples folder is an example's") {
  const TempDir repo;
  fs::create_directories(repo.path() / ".git");
  const std::string compose =
      "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"\n"
      "    environment:\n      POSTGRES_PASSWORD: postgres\n";
  write_file(repo.path() / ".examples" / "pg-storage" / "compose.yaml", compose);
  write_file(repo.path() / "production" / "pg-storage" / "compose.yaml", compose);
  // rw110 gatus: `check .` run in `.examples/pg-storage` judged the example as a deployment.
  const RunResult example = run_stacklint_in(repo.path() / ".examples" / "pg-storage",
                                             {"check", ".", "--rule", "security/default-credentials", "--no-color"});
  CHECK(example.exit_code == 0);
  CHECK(example.out.find("default-credentials") == std::string::npos);
  const RunResult deployed = run_stacklint_in(repo.path() / "production" / "pg-storage",
                                              {"check", ".", "--rule", "security/default-credentials", "--no-color"});
  CHECK(deployed.exit_code == 1);
  CHECK(deployed.out.find("compose.yaml:7:26: error: POSTGRES_PASSWORD of service 'db'") != std::string::npos);
}

TEST_CASE("a CI workflow that starts a stack in a folder counts from that folder as from the top") {
  // rw224 ampy-observability: the workflow's `working-directory: deploy` made deploy/ a CI test stack
  // when stacklint ran at the top, not when it ran in deploy/.
  const TempDir repo;
  fs::create_directories(repo.path() / ".git");
  write_file(repo.path() / ".github" / "workflows" / "ci.yml",
             "on: [push]\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
             "      - working-directory: deploy\n        run: docker compose up -d\n");
  write_file(repo.path() / "deploy" / "compose.yaml",
             "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"\n"
             "    environment:\n      POSTGRES_PASSWORD: postgres\n");
  const std::string evidence = R"("evidence": "ci_workflow")";
  const RunResult top = run_stacklint_in(repo.path(), {"model", "deploy"});
  CHECK(top.exit_code == 0);
  CHECK(top.out.find(evidence) != std::string::npos);
  const RunResult in_deploy = run_stacklint_in(repo.path() / "deploy", {"model", "."});
  CHECK(in_deploy.exit_code == 0);
  CHECK(in_deploy.out.find(evidence) != std::string::npos);
  // Without the workflow, nothing says what the stack is for.
  fs::remove(repo.path() / ".github" / "workflows" / "ci.yml");
  const RunResult unstated = run_stacklint_in(repo.path() / "deploy", {"model", "."});
  CHECK(unstated.exit_code == 0);
  CHECK(unstated.out.find(R"("evidence": "none")") != std::string::npos);
}

TEST_CASE("a rule off by default runs when --rule names it or .stacklint.toml gives it a severity") {
  const TempDir repo;
  write_file(repo.path() / "compose.yaml", "version: \"3.8\"\nservices:\n  api:\n    image: nginx:1.27\n");
  const std::string finding =
      "compose.yaml:1:1: note: the top-level 'version' is obsolete and ignored by compose; remove it "
      "[compose/obsolete-version]";
  const RunResult plain = run_stacklint_in(repo.path(), {"check", ".", "--no-color"});
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("obsolete-version") == std::string::npos);
  const RunResult named =
      run_stacklint_in(repo.path(), {"check", ".", "--no-color", "--rule", "compose/obsolete-version"});
  CHECK(named.out.find(finding) == 0);
  write_file(repo.path() / ".stacklint.toml", "[rules]\n\"compose/obsolete-version\" = \"warning\"\n");
  const RunResult configured = run_stacklint_in(repo.path(), {"check", ".", "--no-color"});
  CHECK(configured.exit_code == 0);
  CHECK(configured.out.find("compose.yaml:1:1: warning: the top-level 'version' is obsolete") == 0);
  const RunResult rules = run_stacklint({"rules"});
  CHECK(rules.out.find("compose/obsolete-version                     off      ") != std::string::npos);
}

TEST_CASE("a variable an Ansible role writes into the stack's .env from a template is set where it runs") {
  // rw228 dj-3dub monitoring-stack: `template: {src: env.j2, dest: "{{ stack_dir }}/.env"}` before
  // `docker compose up`. (A CLI test: in this checkout the folder walk's budget ends above the role.)
  const TempDir repo;
  fs::create_directories(repo.path() / ".git");
  write_file(repo.path() / "compose.yaml",
             "services:\n  app:\n    image: n8nio/n8n:1.80.0\n    environment:\n      - N8N_HOST=${N8N_HOST}\n"
             "      - N8N_SECURE_COOKIE=${N8N_SECURE_COOKIE}\n");
  write_file(repo.path() / ".gitignore", ".env\n");
  write_file(repo.path() / ".env.example", "N8N_HOST=localhost\n");
  write_file(repo.path() / "ansible" / "roles" / "mon" / "templates" / "env.j2", "N8N_SECURE_COOKIE=false\n");
  const std::vector<std::string> args = {"check", ".", "--rule", "compose/unset-variable", "--no-color"};
  const std::string unset =
      "compose.yaml:6:27: note: variable 'N8N_SECURE_COOKIE' is not set and has no default; compose substitutes an "
      "empty string";
  // The template alone writes nothing: no task names it.
  const RunResult without_task = run_stacklint_in(repo.path(), args);
  CHECK(without_task.out.find(unset) == 0);
  write_file(repo.path() / "ansible" / "roles" / "mon" / "tasks" / "main.yml",
             "- name: Write the stack's .env\n  ansible.builtin.template:\n    src: env.j2\n"
             "    dest: \"{{ stack_dir }}/.env\"\n- name: Start the stack\n  ansible.builtin.command:\n"
             "    cmd: docker compose up -d\n    chdir: \"{{ stack_dir }}\"\n");
  const RunResult with_task = run_stacklint_in(repo.path(), args);
  CHECK(with_task.exit_code == 0);
  CHECK(with_task.out.empty());
}

TEST_CASE("a mount source the top's .gitignore ignores by its path is the user's own when checked from its folder") {
  // rw253 unstract: `docker/proxy_overrides.yaml` in the top's .gitignore was reported missing when
  // stacklint ran in docker/ (the walk up from `overrides.yaml` never met `..`), not from the top.
  const TempDir repo;
  fs::create_directories(repo.path() / ".git");
  write_file(repo.path() / "docker" / "compose.yaml",
             "services:\n  proxy:\n    image: traefik:v3.1\n    command: --providers.file.filename=/overrides.yaml\n"
             "    volumes:\n      - ./overrides.yaml:/overrides.yaml\n");
  const std::vector<std::string> args = {"check", ".", "--rule", "compose/mount-source-missing", "--no-color"};
  write_file(repo.path() / ".gitignore", "docker/other.yaml\n");
  const RunResult reported = run_stacklint_in(repo.path() / "docker", args);
  CHECK(reported.exit_code == 0);
  CHECK(reported.out.find("compose.yaml:6:9: warning: bind-mount source 'overrides.yaml' does not exist") !=
        std::string::npos);
  write_file(repo.path() / ".gitignore", "docker/overrides.yaml\n");
  const RunResult ignored = run_stacklint_in(repo.path() / "docker", args);
  CHECK(ignored.exit_code == 0);
  CHECK(ignored.out.find("mount-source-missing") == std::string::npos);
}

TEST_CASE("rate() over a gauge with a short range is one finding, the gauge's") {
  // rw256 MGL870TP1: rate-range-too-short repeated rate-on-non-counter on the same call; removing
  // rate() removes the range too.
  const TempDir stack;
  write_file(
      stack.path() / "compose.yaml",
      "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n"
      "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n      - ./rules.yml:/etc/prometheus/rules.yml:ro\n");
  write_file(stack.path() / "prometheus.yml",
             "global:\n  scrape_interval: 15s\nrule_files:\n  - rules.yml\nscrape_configs:\n  - job_name: self\n"
             "    static_configs:\n      - targets: ['localhost:9090']\n");
  write_file(stack.path() / "rules.yml",
             "groups:\n  - name: mem\n    rules:\n      - alert: HighRAM\n"
             "        expr: rate(process_resident_memory_bytes[10s]) > 1e9\n"
             "      - alert: CpuBusy\n        expr: rate(process_cpu_seconds_total[10s]) > 0.9\n");
  const RunResult r = run_stacklint_in(stack.path(), {"check", ".", "--no-color"});
  CHECK(r.out.find("rules.yml:5:20: warning: process_resident_memory_bytes is a gauge") != std::string::npos);
  CHECK(r.out.find("rules.yml:5:20: error: rate() over [10s] of process_resident_memory_bytes") == std::string::npos);
  // A counter's short range stays a finding of its own.
  CHECK(r.out.find("rules.yml:7:20: error: rate() over [10s] of process_cpu_seconds_total") != std::string::npos);
}
