// Differential test against Debian's amtool (0.25 on Debian 12): `amtool check-config FILE...` in one
// process for every case, verdict per file (`SUCCESS` / `FAILED: ...`); stacklint, reading each file
// as Alertmanager 0.25, must report an error exactly on the files amtool fails.
//
// Version-aware verdicts for ../shared/corpus/alertmanager-testdata (upstream's config test files
// at a v0.34-era commit): files using receivers or fields newer than 0.25 (mattermost, rocketchat,
// slack app_token, telegram bot_token_file, ...) are rejected by amtool 0.25 with `field X not
// found`; stacklint, told the version is 0.25, rejects them too, and the same files read as 0.34
// must give upstream's own verdict (kUpstreamFails below, from config_test.go).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "linter/formats/alertmanager/parser.h"
#include "tests/support/run.h"
#include "tests/support/shared.h"

namespace fs = std::filesystem;
using namespace stacklint;

namespace {

constexpr const char* kAmtool = "/usr/bin/amtool";

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  std::string one(const std::vector<std::string>& v) { return v[pick(v.size())]; }

  std::string duration() { return one({"30s", "5m", "1h30m", "4h", "10", "0s", "1d", "-1m", "5m0s", "1w", "0"}); }
  std::string matcher() {
    return one({"severity=\"critical\"", "severity=critical", "team=~\"db|web\"", "a!=b", "job!~\"x.*\"", "{a=\"b\"}",
                "a=b,c!=d", "a =~ \"x|y\"", "x=~\"(\"", "1a=b", "a==b", "a=\"unterminated", "a=\"b\"c\"", "foo",
                "alertname=\"Down\", severity=\"page\""});
  }
  std::string route(int depth) {
    const std::string ind(static_cast<size_t>(4 + depth * 4), ' ');
    std::string out = "  " + std::string(static_cast<size_t>(depth * 4), ' ') + "- ";
    bool first = true;
    auto key = [&](const std::string& k) {
      std::string s = (first ? "" : ind) + k;
      first = false;
      return s;
    };
    if (chance(70)) out += key("receiver: " + one({"team-a", "team-b", "missing", "default"})) + "\n";
    switch (pick(4)) {
      case 0:
        out += key("matchers: ['" + matcher() + "']") + "\n";
        break;
      case 1:
        out += key("match:\n" + ind + "  " + one({"severity", "team", "bad-label", "alertname"}) + ": " +
                   one({"critical", "db", "\"\""})) +
               "\n";
        break;
      case 2:
        out += key("match_re:\n" + ind + "  " + one({"severity", "service", "bad label"}) + ": " +
                   one({"'crit|warn'", "'('", "'.*'", ""})) +
               "\n";
        break;
      default:
        break;
    }
    if (chance(30))
      out += key("group_by: [" + one({"alertname", "'...'", "alertname, '...'", "a, a", "bad-name", "cluster"}) + "]") +
             "\n";
    if (chance(20)) out += key(one({"group_interval", "repeat_interval", "group_wait"}) + ": " + duration()) + "\n";
    if (chance(15)) out += key("continue: " + one({"true", "false", "yes", "maybe"})) + "\n";
    if (chance(8)) out += key("mute_time_intervals: [" + one({"nights", "unknown"}) + "]") + "\n";
    if (chance(5)) out += key(one({"foo: 1", "receivers: x"})) + "\n";
    if (first) out += "{}\n";
    if (depth < 2 && chance(25)) out += ind + "routes:\n" + route(depth + 1);
    return out;
  }
  std::string integration() {
    switch (pick(9)) {
      case 0:
        return "    slack_configs:\n      - " +
               one({"api_url: 'https://hooks.slack.com/services/T/B/X'", "channel: '#alerts'",
                    "api_url: 'hooks.slack.com'", "api_url: 'https://x'\n        api_url_file: /f",
                    "api_url: 'https://x'\n        message_text: hi",
                    "api_url: 'https://x'\n        text: '{{ .CommonAnnotations.summary }}'",
                    "api_url: 'https://x'\n        fields:\n          - title: t",
                    "api_url: 'https://x'\n        send_resolved: nope"}) +
               "\n";
      case 1:
        return "    webhook_configs:\n      - " +
               one({"url: 'http://hook:8080/'", "url: 'ftp://x'", "url: hook", "send_resolved: true",
                    "url: 'http://x'\n        max_alerts: -1", "url: 'http://x'\n        timeout: 10s",
                    "url: 'http://x:port/'",
                    "url: 'http://x'\n        http_config:\n          basic_auth: {username: a}\n"
                    "          bearer_token: t",
                    "url: 'http://x'\n        http_config:\n          foo: 1"}) +
               "\n";
      case 2:
        return "    email_configs:\n      - " +
               one({"to: a@b.c", "to: a@b.c\n        smarthost: 'smtp:25'\n        from: x@y.z", "smarthost: 'smtp:25'",
                    "to: a@b.c\n        smarthost: smtp\n        from: x@y.z",
                    "to: a@b.c\n        smarthost: 'smtp:'\n        from: x"}) +
               "\n";
      case 3:
        return "    pagerduty_configs:\n      - " +
               one({"routing_key: abc", "service_key: x\n        service_key_file: /f", "severity: x",
                    "routing_key: k\n        url: 'https://events.pagerduty.com/v2/enqueue'"}) +
               "\n";
      case 4:
        return "    telegram_configs:\n      - " +
               one({"bot_token: t\n        chat_id: 42", "chat_id: 1", "bot_token: t",
                    "bot_token: t\n        chat_id: 1\n        parse_mode: md", "bot_token: t\n        chat_id: abc"}) +
               "\n";
      case 5:
        return "    sns_configs:\n      - " + one({"topic_arn: arn:aws:sns:x", "subject: s"}) + "\n";
      case 6:
        return "    opsgenie_configs:\n      - " +
               one({"api_key: k", "message: m", "api_key: k\n        api_key_file: /f"}) + "\n";
      case 7:
        return "    " + one({"msteams_configs", "discord_configs", "victorops_configs", "pushover_configs"}) +
               ":\n      - " +
               one({"webhook_url: 'https://discord.com/api/webhooks/x'", "routing_key: r\n        api_key: k",
                    "user_key: u\n        token: t", "send_resolved: false"}) +
               "\n";
      default:
        return "    webex_configs:\n      - " +
               one({"room_id: r\n        http_config:\n          authorization: {credentials: c}", "room_id: r"}) +
               "\n";
    }
  }
  // A config amtool accepts, in several shapes, so both verdicts are frequent.
  std::string valid_config() {
    std::string out;
    if (chance(40)) out += "global:\n  resolve_timeout: " + one({"5m", "1h30m", "0s"}) + "\n";
    out += "route:\n  receiver: default\n";
    if (chance(50)) out += "  group_by: [" + one({"alertname", "'...'", "alertname, cluster"}) + "]\n";
    if (chance(30)) out += "  group_wait: " + one({"30s", "1m", "10s"}) + "\n";
    if (chance(60)) {
      out += "  routes:\n";
      for (size_t i = 1 + pick(3); i > 0; --i) {
        out += "    - receiver: " + one({"default", "team-a"}) + "\n      " +
               one({"matchers: ['severity=\"critical\"']", "matchers: ['team=~\"db|web\"', 'env!=\"dev\"']",
                    "match:\n        team: db", "match_re:\n        service: '^(api|web)$'", "continue: true",
                    "matchers: ['{a=\"b\", c!~\"d.*\"}']"}) +
               "\n";
      }
    }
    out += "receivers:\n  - name: default\n  - name: team-a\n";
    if (chance(60)) {
      out += "    " +
             one({"webhook_configs:\n      - url: 'http://hook:8080/'\n        send_resolved: false",
                  "slack_configs:\n      - api_url: 'https://hooks.slack.com/services/x'\n        text: '{{ "
                  ".CommonLabels.alertname }}'",
                  "pagerduty_configs:\n      - routing_key: r",
                  "email_configs:\n      - to: a@b.c\n        smarthost: 'smtp:25'\n        from: x@y.z",
                  "telegram_configs:\n      - bot_token: t\n        chat_id: -100"}) +
             "\n";
    }
    if (chance(20))
      out +=
          "inhibit_rules:\n  - source_matchers: ['severity=\"critical\"']\n    target_matchers: "
          "['severity=\"warning\"']\n    equal: [alertname]\n";
    return out;
  }
  std::string config() {
    if (chance(35)) return valid_config();
    std::string out;
    if (chance(40)) {
      out += "global:\n";
      if (chance(50)) out += "  resolve_timeout: " + duration() + "\n";
      if (chance(40))
        out += "  slack_api_url: " + one({"'https://hooks.slack.com/services/x'", "'<secret>'", "'nope'"}) + "\n";
      if (chance(30))
        out += "  smtp_smarthost: " + one({"'smtp.example.org:587'", "smtp", "'[::1]:25'"}) + "\n  smtp_from: a@b.c\n";
      if (chance(10))
        out += one(
            {"  slack_api_url_file: /f\n", "  opsgenie_api_key: k\n", "  foo: bar\n", "  smtp_require_tls: maybe\n"});
    }
    if (chance(95)) {
      out += "route:\n";
      if (chance(92)) out += "  receiver: " + one({"default", "default", "team-a", "missing"}) + "\n";
      if (chance(40)) out += "  group_by: [" + one({"alertname", "severity", "'...'", "alertname, cluster"}) + "]\n";
      if (chance(30)) out += "  group_wait: " + duration() + "\n";
      if (chance(4)) out += "  matchers: ['a=b']\n";
      if (chance(4)) out += "  continue: true\n";
      if (chance(60)) out += "  routes:\n" + route(0) + (chance(50) ? route(0) : "");
    }
    out += "receivers:\n";
    for (const std::string name : {"default", "team-a", "team-b"}) {
      if (name != "default" && chance(30)) continue;
      out += "  - name: " + (chance(3) ? std::string("''") : name) + "\n";
      if (chance(60)) out += integration();
    }
    if (chance(5)) out += "  - name: default\n";
    if (chance(20)) {
      out += "time_intervals:\n  - name: " + one({"nights", "''", "nights"}) +
             "\n    time_intervals:\n      - times:\n          - start_time: '00:00'\n            end_time: '06:00'\n";
      if (chance(20)) out += "  - name: nights\n    time_intervals: []\n";
    }
    if (chance(15)) {
      out += "inhibit_rules:\n  - " +
             one({"source_matchers: ['severity=\"critical\"']\n    target_matchers: ['severity=\"warning\"']\n    "
                  "equal: [alertname]",
                  "source_match:\n      bad-label: x", "source_match_re:\n      a: '('", "equal: [a]"}) +
             "\n";
    }
    if (chance(10)) out += "templates:\n  - '/etc/alertmanager/templates/*.tmpl'\n";
    if (chance(4)) out += one({"route: [\n", "receivers: {a: [}\n", "foo: 1\n"});
    return out;
  }

 private:
  std::mt19937 rng_;
};

struct Case {
  std::string name;
  std::string text;
};

// amtool's verdict per case: 1 SUCCESS, 0 FAILED, -1 not found in the output.
std::vector<int> amtool_verdicts(const std::vector<Case>& cases, std::string& output) {
  const fs::path dir = fs::temp_directory_path() / ("stacklint-am-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string args;
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string name = "c" + std::to_string(i) + ".yml";
    std::ofstream(dir / name, std::ios::binary) << cases[i].text;
    args += " " + name;
  }
  output = test::run_command("cd '" + dir.string() + "' && " + kAmtool + " check-config" + args, true).out;
  fs::remove_all(dir);
  std::vector<int> out(cases.size(), -1);
  std::stringstream in(output);
  std::string line;
  int current = -1;
  while (std::getline(in, line)) {
    if (line.rfind("Checking 'c", 0) == 0) {
      current = std::atoi(line.c_str() + 11);
      if (current >= 0 && static_cast<size_t>(current) < out.size()) out[static_cast<size_t>(current)] = 1;
    }
    if (current >= 0 && static_cast<size_t>(current) < out.size() && line.find("FAILED") != std::string::npos) {
      out[static_cast<size_t>(current)] = 0;
    }
  }
  return out;
}

std::vector<ParseIssue> lint(const Case& c, AmVersion version) {
  const auto source = std::make_shared<SourceFile>(c.name, c.text);
  return alertmanager::parse(source, alertmanager::Options{.version = version}).config->errors;
}

void compare(const std::vector<Case>& cases, size_t& accepted, size_t& refused) {
  std::string output;
  const auto verdicts = amtool_verdicts(cases, output);
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto errors = lint(cases[i], AmVersion{.major = 0, .minor = 25});
    std::string ours;
    for (const auto& e : errors) ours += std::to_string(e.location.line) + ": " + e.message + "\n";
    std::string theirs;
    const std::string tag = "Checking 'c" + std::to_string(i) + ".yml'";
    if (const size_t at = output.find(tag); at != std::string::npos)
      theirs = output.substr(at, output.find("\n\n", at) - at);
    INFO(cases[i].name << "\n--- config:\n"
                       << cases[i].text << "--- amtool:\n"
                       << theirs << "\n--- stacklint:\n"
                       << ours);
    REQUIRE(verdicts[i] >= 0);
    CHECK((verdicts[i] == 1) == errors.empty());
    (verdicts[i] == 1 ? accepted : refused)++;
  }
}

}  // namespace

TEST_CASE("amtool check-config agrees with stacklint on generated configs") {
  if (access(kAmtool, X_OK) != 0) {
    stacklint::test::skip_because(std::string("amtool is not installed at ") + kAmtool +
                                  " (Debian package prometheus-alertmanager)");
    return;
  }
  Gen gen(20261201);
  std::vector<Case> cases;
  for (int i = 0; i < 300; ++i) cases.push_back(Case{.name = "generated #" + std::to_string(i), .text = gen.config()});
  size_t accepted = 0;
  size_t refused = 0;
  compare(cases, accepted, refused);
  WARN("amtool 0.25: " << accepted << " generated configs accepted, " << refused << " refused");
  CHECK(accepted > 50);
  CHECK(refused > 50);
}

TEST_CASE("alertmanager's own config test files: stacklint agrees with amtool 0.25") {
  const auto shared = stacklint::test::shared_path("corpus/alertmanager-testdata");
  if (!shared) return;  // recorded as a skip
  const fs::path corpus = *shared;
  if (access(kAmtool, X_OK) != 0) {
    stacklint::test::skip_because(std::string("amtool is not installed at ") + kAmtool +
                                  " (Debian package prometheus-alertmanager)");
    return;
  }
  std::vector<Case> cases;
  for (const auto& e : fs::directory_iterator(corpus)) {
    if (e.path().extension() == ".yml")
      cases.push_back(Case{.name = e.path().filename().string(), .text = test::read_file(e.path())});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  REQUIRE(cases.size() >= 40);
  size_t accepted = 0;
  size_t refused = 0;
  compare(cases, accepted, refused);
  CHECK(accepted >= 8);
}

TEST_CASE("corpus files that need a newer Alertmanager are refused as 0.25 and say so") {
  // Version-aware verdict: these files use receivers or fields added after 0.25 (mattermost 0.30,
  // rocketchat 0.28, slack app_token 0.30 and update_message 0.32, telegram bot_token_file 0.26,
  // wechat api_secret_file 0.31, smtp auth_password_file per receiver 0.26, opsgenie responder
  // fields); amtool 0.25 fails them with `field X not found`, and stacklint names the newer release.
  const auto shared = stacklint::test::shared_path("corpus/alertmanager-testdata");
  if (!shared) return;  // recorded as a skip
  const fs::path corpus = *shared;
  size_t newer = 0;
  for (const auto& e : fs::directory_iterator(corpus)) {
    const std::string name = e.path().filename().string();
    if (name.find("mattermost") == std::string::npos && name.find("rocketchat") == std::string::npos) continue;
    const auto errors = lint(Case{.name = name, .text = test::read_file(e.path())}, AmVersion{.major = 0, .minor = 25});
    INFO(name);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors.front().message.find("needs Alertmanager newer than 0.25") != std::string::npos);
    ++newer;
  }
  CHECK(newer >= 10);
}
