// Issue 10's attacks on a hostile repository, one test case each: secrets and environment values
// never printed, deep inputs end in a finding (no crash), control characters and workflow commands
// defused, findings capped, sizes saturate, bad --host-memory refused. Every case builds its stack
// in a temporary directory and runs the real binary in every output format, the baseline writer
// and `stacklint model`. (Confinement: tests/security/confinement/.)
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/run.h"

namespace fs = std::filesystem;
using namespace stacklint::test;

namespace {

// Tokens that must never appear in any output.
const std::string kEnvCanary = "ghp_ENVcanary7Q2x9Lm4Zt8";
const std::string kDotenvCanary = "DOTENVcanary5Jk3Wq";
const std::string kFileCanary = "FILEcanary8Rt6Yp";

struct Outputs {
  std::vector<std::pair<std::string, RunResult>> runs;  // name -> result
  std::string baseline;
};

// Runs check in every format, --write-baseline and model on `dir`, with `env` (NAME=value
// assignments) in the environment.
Outputs run_all(const fs::path& dir, const std::vector<std::string>& env, const std::vector<std::string>& extra = {}) {
  std::string prefix = "env";
  for (const std::string& e : env) prefix += " " + shell_quote(e);
  prefix += " " + shell_quote(STACKLINT_BINARY);
  std::string args;
  for (const std::string& a : extra) args += " " + shell_quote(a);
  Outputs out;
  for (const std::string format : {"text", "json", "sarif", "github"}) {
    out.runs.emplace_back(
        format,
        run_command(prefix + " check " + shell_quote(dir.string()) + " --no-color --format " + format + args, true));
  }
  const fs::path baseline = dir.parent_path() / (dir.filename().string() + "-baseline.json");
  out.runs.emplace_back("write-baseline", run_command(prefix + " check " + shell_quote(dir.string()) +
                                                          " --write-baseline " + shell_quote(baseline.string()) + args,
                                                      true));
  out.baseline = read_file(baseline);
  out.runs.emplace_back("model", run_command(prefix + " model " + shell_quote(dir.string()), true));
  return out;
}

void require_no_canary(const Outputs& o, const std::vector<std::string>& canaries) {
  for (const auto& [name, r] : o.runs) {
    INFO("output " << name << ":\n" << r.out);
    CHECK(r.exit_code <= 2);
    for (const std::string& c : canaries) CHECK(r.out.find(c) == std::string::npos);
  }
  INFO("baseline:\n" << o.baseline);
  CHECK(!o.baseline.empty());
  for (const std::string& c : canaries) CHECK(o.baseline.find(c) == std::string::npos);
}

const std::string& output(const Outputs& o, const std::string& name) {
  for (const auto& [n, r] : o.runs) {
    if (n == name) return r.out;
  }
  static const std::string none;
  return none;
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("a value from the process environment is shown as ${NAME}, never as its value") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  write_file(dir / "compose.yaml",
             "services:\n  api:\n    image: nginx:1.27\n    mem_limit: ${CI_TOKEN}\n"
             "  cache:\n    image: redis:7\n    command: redis-server --maxmemory ${SHORT}\n");
  const Outputs o = run_all(dir, {"CI_TOKEN=" + kEnvCanary, "SHORT=zq"});
  require_no_canary(o, {kEnvCanary, "'zq'"});
  const std::string& text = output(o, "text");
  CHECK(has_line(text,
                 "compose.yaml:4:16: error: invalid 'mem_limit' in service 'api': invalid size: '${CI_TOKEN}' "
                 "[compose/syntax]"));
  // A short value is replaced where it was interpolated (the finding's location holds ${SHORT}).
  CHECK(
      has_line(text, "compose.yaml:7:14: error: maxmemory '${SHORT}': argument must be a memory value [redis/syntax]"));
  CHECK(o.baseline.find("invalid size: '${CI_TOKEN}'") != std::string::npos);
}

TEST_CASE("a value from the .env file is shown as ${NAME}") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  write_file(dir / ".env", "LIMIT=" + kDotenvCanary + "\n");
  write_file(dir / "compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    mem_limit: \"${LIMIT}\"\n");
  const Outputs o = run_all(dir, {});
  require_no_canary(o, {kDotenvCanary});
  CHECK(has_line(output(o, "text"),
                 "compose.yaml:4:16: error: invalid 'mem_limit' in service 'api': invalid size: '${LIMIT}' "
                 "[compose/syntax]"));
}

TEST_CASE("a value a line interpolates stays ${NAME} even where the line also shows it as a word") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  // The comment guesses the value: were the message to print the value where its line shows it,
  // the guess would be confirmed.
  write_file(dir / "compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    mem_limit: ${LIMIT} # zq9\n");
  const Outputs o = run_all(dir, {"LIMIT=zq9"});
  require_no_canary(o, {"'zq9'"});
  CHECK(has_line(output(o, "text"),
                 "compose.yaml:4:16: error: invalid 'mem_limit' in service 'api': invalid size: '${LIMIT}' "
                 "[compose/syntax]"));
}

TEST_CASE("secrets are masked in excerpts, annotations, baselines and the model") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  write_file(dir / "compose.yaml",
             "services:\n  db:\n    image: postgres:16\n    environment:\n"
             "      POSTGRES_PASSWORD: pw-" +
                 kFileCanary +
                 "\n"
                 "      DATABASE_URL: postgresql://app:url-" +
                 kFileCanary +
                 "@db:5432/app\n"
                 "    ports: [\"5432:5432\"]\n"  // published: its password guards a reachable server
                 "  cache:\n    image: redis:7\n    ports: [\"6379:6379\"]\n"
                 "    command: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\", \"--masterauth\", \"cmd-" +
                 kFileCanary +
                 "\"]\n"
                 "    volumes:\n      - ./redis.conf:/usr/local/etc/redis/redis.conf\n");
  write_file(dir / "redis.conf",
             "requirepass conf-" + kFileCanary + "\nmasterauth a b\nuser bob on >acl-" + kFileCanary + " ~* +@all\n");
  write_file(dir / "prometheus.yml",
             "scrape_configs:\n  - job_name: x\n    basic_auth:\n      username: u\n      password: prom-" +
                 kFileCanary + "\n    static_configs:\n      - targets: ['x:1']\n");
  // Deployed: the inline passwords of a stack nothing calls deployed are not reported.
  write_file(dir / ".stacklint.toml", "[stack]\ndeployed = true\n");
  const Outputs o = run_all(dir, {});
  require_no_canary(o, {kFileCanary});
  const std::string& text = output(o, "text");
  CHECK(text.find("        POSTGRES_PASSWORD: ********\n                           ^~~~~~~~\n") != std::string::npos);
  CHECK(text.find("        DATABASE_URL: postgresql://app:********@db:5432/app\n") != std::string::npos);
  CHECK(text.find("  requirepass ********\n") != std::string::npos);
  // A line redis refuses still hides its arguments.
  CHECK(text.find("  masterauth ********\n") != std::string::npos);
  // The model still says which settings are set.
  const nlohmann::json model = nlohmann::json::parse(output(o, "model"));
  bool requirepass = false;
  for (const auto& s : model["services"]) {
    if (s.contains("redis")) requirepass = s["redis"]["settings"]["requirepass"]["raw"] == "********";
  }
  CHECK(requirepass);
}

TEST_CASE("a URL password holding '@' is masked to its last '@', in every output") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  // WHATWG parsers (node, Prisma) read the userinfo up to the last '@': the password is
  // `at@` + canary + `.`, and no piece of it may be printed (rw76 soybean-admin).
  write_file(dir / "compose.yaml",
             "services:\n  api:\n    image: node:22\n    environment:\n"
             "      DATABASE_URL: 'postgresql://app:at@" +
                 kFileCanary +
                 ".@db:5432/app'\n"
                 "  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n");
  const Outputs o = run_all(dir, {});
  require_no_canary(o, {kFileCanary});
  const std::string& text = output(o, "text");
  CHECK(text.find("DATABASE_URL: 'postgresql://app:********@db:5432/app'") != std::string::npos);
}

TEST_CASE("Alertmanager webhook URLs and keys and pgbouncer passwords are masked; a placeholder URL is shown") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  write_file(dir / "compose.yaml",
             "services:\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    volumes:\n"
             "      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml\n"
             "  pgbouncer:\n    image: edoburu/pgbouncer:v1.24.1-p1\n    volumes:\n"
             "      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini\n");
  write_file(dir / "alertmanager.yml", "global:\n  slack_api_url: https://hooks.slack.com/services/T0/B0/g-" +
                                           kFileCanary +
                                           "\n"
                                           "route:\n  receiver: team\n"
                                           "receivers:\n  - name: team\n    slack_configs:\n      - channel: '#a'\n"
                                           "    webhook_configs:\n      - url: ftpx://hooks.internal.acme.io/w-" +
                                           kFileCanary +
                                           "\n"
                                           "    pagerduty_configs:\n      - routing_key: r-" +
                                           kFileCanary +
                                           "\n"
                                           "  - name: spare\n    slack_configs:\n"
                                           "      - api_url: https://hooks.slack.com/services/YOUR_WEBHOOK\n");
  write_file(dir / "pgbouncer.ini",
             "[databases]\napp = host=postgres password=p-" + kFileCanary + " dbname='unterminated\n[pgbouncer]\n");
  const Outputs o = run_all(dir, {});
  require_no_canary(o, {kFileCanary});
  const std::string& text = output(o, "text");
  INFO(text);
  // The findings on those lines show them masked.
  CHECK(text.find("        - url: ********\n") != std::string::npos);
  CHECK(text.find("  app = host=postgres password=******** dbname='unterminated\n") != std::string::npos);
  CHECK(text.find("[alertmanager/syntax]") != std::string::npos);
  CHECK(text.find("[pgbouncer/syntax]") != std::string::npos);
  // An example's placeholder is no secret: the finding shows it.
  CHECK(text.find("        - api_url: https://hooks.slack.com/services/YOUR_WEBHOOK\n") != std::string::npos);
}

TEST_CASE("an Alertmanager field holding a generator's text is shown; a default written in it is masked") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  write_file(dir / "compose.yaml",
             "services:\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    volumes:\n"
             "      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml\n");
  write_file(dir / "alertmanager.yml",
             "route:\n  receiver: a\n"
             "receivers:\n  - name: a\n    slack_configs:\n      - api_url: '{{ .SlackWebhookURL }}'\n"
             "  - name: b\n    webhook_configs:\n      - url: '${HOOK_URL}'\n"
             "  - name: c\n    slack_configs:\n"
             "      - api_url: \"{{ .Url | default 'https://hooks.slack.com/services/T0/B0/t-" +
                 kFileCanary +
                 "' }}\"\n"
                 "  - name: d\n    webhook_configs:\n      - url: '${HOOK:-https://hooks.internal.acme.io/w-" +
                 kFileCanary + "}'\n");
  const Outputs o = run_all(dir, {});
  require_no_canary(o, {kFileCanary});
  const std::string& text = output(o, "text");
  INFO(text);
  CHECK(text.find("        - api_url: '{{ .SlackWebhookURL }}'\n") != std::string::npos);
  CHECK(text.find("        - url: '${HOOK_URL}'\n") != std::string::npos);
  CHECK(text.find("template text: Alertmanager does not apply its templates to URL fields") != std::string::npos);
  // Template text is no secret.
  CHECK(text.find("alertmanager.yml:6:18: warning: a secret is written inline") == std::string::npos);
}

TEST_CASE("a well-known default password stays visible: it is public") {
  const TempDir t;
  write_file(t.path() / "compose.yaml",
             "services:\n  grafana:\n    image: grafana/grafana:10.4.0\n    environment:\n"
             "      GF_SECURITY_ADMIN_PASSWORD: admin\n");
  write_file(t.path() / ".stacklint.toml", "[stack]\ndeployed = true\n");
  const RunResult r = run_stacklint({"check", t.path().string(), "--no-color"});
  CHECK(r.out.find("        GF_SECURITY_ADMIN_PASSWORD: admin\n") != std::string::npos);
}

TEST_CASE("a PromQL sum of 20,000 terms is a finding, not a crash") {
  const TempDir t;
  std::string expr = "up";
  for (int i = 1; i < 20000; ++i) expr += " + up";
  write_file(t.path() / "rules.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: " + expr + "\n");
  const RunResult r = run_stacklint({"check", t.path().string(), "--no-color"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("rules.yml:5:95011: error: expression nested deeper than 1000 levels (operators, calls, "
                   "parentheses); stacklint does not analyze it [promql/syntax]\n") == 0);
  // The excerpt of the 100 kB line is a window around the span.
  CHECK(r.out.find("\n  ...up + up") != std::string::npos);
  CHECK(r.out.size() < 2000);
}

TEST_CASE("an annotation template with 50,000 nested parentheses is a finding, not a crash") {
  const TempDir t;
  const std::string tmpl = "{{ " + std::string(50000, '(') + "1" + std::string(50000, ')') + " }}";
  write_file(t.path() / "rules.yml",
             "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n"
             "    annotations:\n      summary: '" +
                 tmpl + "'\n");
  const RunResult r = run_stacklint({"check", t.path().string(), "--no-color"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("rules.yml:7:16: error: group \"g\", rule 1, \"A\": annotation \"summary\": template: "
                   "__alert_A:1: parenthesized pipelines nested deeper than 1000 levels; stacklint does not check "
                   "deeper [rules/syntax]\n") == 0);
}

TEST_CASE("control characters are escaped and no text line is a workflow command") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  write_file(dir / "redis.conf",
             "maxmemory 1gb\n\x1b]0;pwned\x07\x1b[2Jbad 1\n  ::error file=README.md::injected\n"
             "x ##[error]legacy\n");
  const Outputs o = run_all(dir, {});
  for (const auto& [name, r] : o.runs) {
    INFO(name << ":\n" << r.out);
    CHECK(r.exit_code <= 2);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
  }
  const std::string& text = output(o, "text");
  CHECK(text.find("redis.conf:2:1: error: Bad directive or wrong number of arguments: '\\x1b]0;pwned\\x07\\x1b[2Jbad' "
                  "[redis/syntax]\n  \\x1b]0;pwned\\x07\\x1b[2Jbad 1\n  ^~~~~~~~~~~~~~~~~~~~~~~~~~\n") !=
        std::string::npos);
  CHECK(text.find("    \\x3a:error file=README.md::injected\n") != std::string::npos);
  CHECK(text.find("##[") == std::string::npos);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t first = line.find_first_not_of(" \t");
    CHECK(line.compare(first == std::string::npos ? 0 : first, 2, "::") != 0);
  }
  // The GitHub format escapes the message data; every line is one of our commands.
  std::istringstream gh(output(o, "github"));
  for (std::string line; std::getline(gh, line);) CHECK(line.rfind("::error file=", 0) == 0);
}

TEST_CASE("the keys repeated in one mapping are one finding, its notes capped") {
  const TempDir t;
  std::string compose = "services:\n  api:\n    image: nginx:1.27\n";
  for (int i = 0; i < 3000; ++i) compose += "    image: nginx:1.27\n";
  write_file(t.path() / "compose.yaml", compose);
  const RunResult r = run_stacklint({"check", t.path().string(), "--format", "json", "--rule", "yaml/duplicate-key"});
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["message"] ==
        "3000 duplicate keys in one mapping, 'image' repeated: compose refuses the file (mapping key already defined)");
  const nlohmann::json& related = j["findings"][0]["related"];
  REQUIRE(related.size() == 5);
  CHECK(related[0]["message"] == "first 'image' is here");
  CHECK(related[1]["message"] == "'image' again here");
  CHECK(related[4]["message"] == "and 2996 more repeats");
}

TEST_CASE("findings are capped per rule and file, with one summary") {
  const TempDir t;
  // One repeated key in each of 3,000 services: 3,000 findings (the keys repeated in one mapping are one).
  std::string compose = "services:\n";
  for (int i = 0; i < 3000; ++i) {
    compose += "  s" + std::to_string(i) + ":\n    image: nginx:1.27\n    image: nginx:1.27\n";
  }
  write_file(t.path() / "compose.yaml", compose);
  const RunResult r = run_stacklint({"check", t.path().string(), "--format", "json", "--rule", "yaml/duplicate-key"});
  const nlohmann::json j = nlohmann::json::parse(r.out);
  // 1,000 findings shown, alike, so one with three notes and a count (merge_same_cause), and the cap's summary.
  REQUIRE(j["findings"].size() == 2);
  CHECK(j["findings"][0]["message"] ==
        "2000 more findings of this rule in this file not shown (stacklint shows at most 1000 per rule and file)");
  const nlohmann::json& related = j["findings"][1]["related"];
  REQUIRE(related.size() == 5);
  CHECK(related[1]["message"] == "the same here too");
  CHECK(related[4]["message"] == "and 996 more places");
}

TEST_CASE("memory sizes saturate: an int64-sized limit still overcommits the host") {
  const TempDir t;
  write_file(t.path() / "compose.yaml",
             "services:\n  a:\n    image: nginx\n    mem_limit: 9223372036854775807\n"
             "  b:\n    image: nginx\n    mem_limit: 8000000000g\n"
             "  c:\n    image: nginx\n    mem_limit: 99999999999999999999\n");
  const RunResult r = run_stacklint({"check", t.path().string(), "--no-color", "--host-memory", "4GiB"});
  CHECK(r.exit_code == 1);
  CHECK(has_line(r.out,
                 "compose.yaml:1:1: error: memory limits of 3 services add up to 8 EiB, above the 3.5 GiB "
                 "available (host 4 GiB - reserve 512 MiB) [budget/host-overcommit]"));
  CHECK(has_line(r.out,
                 "compose.yaml:10:16: error: invalid 'mem_limit' in service 'c': '99999999999999999999' is too "
                 "large [compose/syntax]"));
}

TEST_CASE("--host-memory must be a real host size") {
  const TempDir t;
  write_file(t.path() / "compose.yaml", "services:\n  a:\n    image: nginx\n");
  for (const std::string bad : {"", "0", "1000", "1023k"}) {
    INFO("--host-memory '" << bad << "'");
    const RunResult r = run_stacklint({"check", t.path().string(), "--host-memory", bad}, true);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("stacklint: error: --host-memory: ") == 0);
  }
  CHECK(run_stacklint({"check", t.path().string(), "--host-memory", "1MiB"}).exit_code == 0);
}

TEST_CASE("a canary in a file outside the stack root never reaches any output") {
  const TempDir t;
  const fs::path dir = t.path() / "stack";
  const fs::path outside = t.path() / "outside";
  write_file(outside / "secret.conf", kFileCanary + "directive 1\nrequirepass out-" + kFileCanary + "\n");
  write_file(outside / "app.env", "MODE=" + kFileCanary + "\n");
  write_file(dir / "redis.conf",
             "include " + (outside / "secret.conf").string() + "\ninclude ../outside/secret.conf\n");
  write_file(dir / "compose.yaml",
             "services:\n  api:\n    image: nginx:1.27\n    env_file: ../outside/app.env\n"
             "    mem_limit: ${MODE}\n");
  const Outputs o = run_all(dir, {});
  require_no_canary(o, {kFileCanary});
  CHECK(output(o, "text").find("[stacklint/outside-root]") != std::string::npos);
}
