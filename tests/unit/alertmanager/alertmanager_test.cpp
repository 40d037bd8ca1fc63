// alertmanager.yml as Alertmanager reads it: strict schema, matchers in the three syntaxes, the
// route tree with inherited settings, receivers; and label inference against routes.
#include <catch2/catch.hpp>

#include "linter/analysis/alert_labels.h"
#include "linter/formats/alertmanager/matchers.h"
#include "linter/formats/alertmanager/parser.h"
#include "linter/formats/promql/parser.h"

using namespace stacklint;

namespace {

std::shared_ptr<AmConfig> parse(const std::string& text, int minor = 25) {
  const auto source = std::make_shared<SourceFile>("alertmanager.yml", text);
  return alertmanager::parse(source, alertmanager::Options{.version = AmVersion{.major = 0, .minor = minor}}).config;
}

}  // namespace

TEST_CASE("alertmanager: the route tree, inherited settings and matchers of all three syntaxes") {
  const auto c = parse(
      "route:\n  receiver: team\n  group_by: [alertname]\n  group_wait: 1m\n  routes:\n"
      "    - matchers: ['severity=\"critical\", team=~\"db|web\"']\n      receiver: pager\n      continue: true\n"
      "    - match:\n        env: prod\n      match_re:\n        service: api.*\n      group_by: ['...']\n"
      "receivers:\n  - name: team\n  - name: pager\n    slack_configs:\n"
      "      - api_url: https://hooks.slack.com/services/T0/B0/X\n        text: '{{ .CommonAnnotations.summary }}'\n");
  REQUIRE(c->errors.empty());
  REQUIRE(c->route);
  const AmRoute& root = *c->route;
  CHECK(root.effective_receiver == "team");
  CHECK(root.group_wait == 60);
  REQUIRE(root.routes.size() == 2);
  const AmRoute& pager = root.routes[0];
  CHECK(pager.effective_receiver == "pager");
  CHECK(pager.continue_matching);
  CHECK(pager.group_wait == 60);  // inherited
  REQUIRE(pager.group_by.size() == 1);
  CHECK(pager.group_by[0].value == "alertname");
  REQUIRE(pager.matchers.size() == 2);
  CHECK(pager.matchers[0].text() == "severity=\"critical\"");
  CHECK(pager.matchers[1].text() == "team=~\"db|web\"");
  const AmRoute& prod = root.routes[1];
  CHECK(prod.effective_receiver == "team");
  CHECK(prod.group_by_all);
  REQUIRE(prod.matchers.size() == 2);
  CHECK(prod.matchers[0].text() == "env=\"prod\"");
  CHECK(prod.matchers[1].op == MatchOp::regex);
  REQUIRE(c->receivers.size() == 2);
  REQUIRE(c->receivers[1].integrations.size() == 1);
  const AmIntegration& slack = c->receivers[1].integrations[0];
  CHECK(slack.type == "slack");
  REQUIRE(slack.urls.size() == 1);
  CHECK(slack.urls[0].first == "api_url");
  REQUIRE(slack.templates.size() == 1);
  CHECK(slack.templates[0].field == "text");
}

TEST_CASE("alertmanager: what amtool rejects, with its message and line") {
  struct Case {
    std::string text;
    std::string message;
    uint32_t line;
  };
  const std::string tail = "receivers:\n  - name: a\n";
  const std::vector<Case> cases = {
      {"route:\n  receiver: a\n  foo: 1\n" + tail, "field foo not found in type config.plain", 3},
      {"route:\n  receiver: a\n  group_wait: 10\n" + tail, "not a valid duration string: \"10\"", 3},
      {"route:\n  receiver: b\n" + tail, "undefined receiver \"b\" used in route", 2},
      {"route:\n  receiver: a\n  routes:\n    - matchers: ['a=\"b']\n" + tail, "unescaped double quote", 4},
      {"route:\n  receiver: a\n  routes:\n    - match_re:\n        x: '('\n" + tail, "error parsing regexp", 5},
      {"route:\n  receiver: a\n  group_by: [a, '...']\n" + tail, "cannot have wildcard group_by", 3},
      {"route:\n  receiver: a\n  matchers: ['a=b']\n" + tail, "root route must not have any matchers", 3},
      {"route:\n  receiver: a\nreceivers:\n  - name: a\n    webhook_configs:\n      - url: hook:8080\n",
       "unsupported scheme \"hook\" for URL", 6},
      {"route:\n  receiver: a\nreceivers:\n  - name: a\n    slack_configs:\n      - channel: x\n",
       "no global Slack API URL set", 6},
      {"route:\n  receiver: a\nreceivers:\n  - name: a\n  - name: a\n", "is not unique", 5},
      {"route:\n  receiver: a\nreceivers:\n  - name: a\n    msteams_configs: []\n", "newer than 0.25", 5},
      {"", "no route provided", 1},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto cfg = parse(c.text);
    REQUIRE_FALSE(cfg->errors.empty());
    CHECK_THAT(cfg->errors.front().message, Catch::Contains(c.message));
    CHECK(cfg->errors.front().location.line == c.line);
  }
  CHECK(parse("route:\n  receiver: a\nreceivers:\n  - name: a\n    msteams_configs: []\n", 27)->errors.empty());
  // A release older than the table (0.20) is read as 0.25: its own fields are known, HipChat too.
  CHECK(parse("route:\n  receiver: a\nreceivers:\n  - name: a\n    hipchat_configs: []\n", 20)->errors.empty());
  const auto old = parse("route:\n  receiver: a\nreceivers:\n  - name: a\n    msteams_configs: []\n", 20);
  REQUIRE(old->errors.size() == 1);
  CHECK_THAT(old->errors.front().message, Catch::Contains("newer than 0.25"));
}

TEST_CASE("alertmanager: newer receivers without the URL or credential their release requires") {
  // Alertmanager's config.go refuses these at load; amtool 0.25 predates them (no oracle here).
  struct Case {
    std::string receiver;
    int minor;
    std::string message;  // empty: accepted
  };
  const std::vector<Case> cases = {
      {"msteamsv2_configs:\n      - title: x\n", 28, "no msteamsv2 webhook URL or URLFile provided"},
      {"msteamsv2_configs:\n      - webhook_url_file: /etc/am/teams\n", 28, ""},
      {"msteams_configs:\n      - send_resolved: true\n", 26, "no msteams webhook URL or URLFile provided"},
      {"msteams_configs:\n      - webhook_url: 'https://example.webhook.office.com/x'\n", 26, ""},
      {"jira_configs:\n      - project: OPS\n        issue_type: Bug\n", 28, "no global Jira Cloud URL set"},
      {"rocketchat_configs:\n      - channel: '#ops'\n        token: t\n", 28,
       "no global Rocketchat TokenID set either inline or in a file"},
      {"rocketchat_configs:\n      - channel: '#ops'\n        token_id: i\n", 28,
       "no global Rocketchat Token set either inline or in a file"},
      {"mattermost_configs:\n      - text: x\n", 32, "missing webhook_url or webhook_url_file on mattermost_config"},
  };
  for (const auto& c : cases) {
    const std::string text = "route:\n  receiver: a\nreceivers:\n  - name: a\n    " + c.receiver;
    INFO(text);
    const auto cfg = parse(text, c.minor);
    if (c.message.empty()) {
      CHECK(cfg->errors.empty());
      continue;
    }
    REQUIRE(cfg->errors.size() == 1);
    CHECK(cfg->errors.front().message == c.message);
    CHECK(cfg->errors.front().location.line == 6);
    CHECK(cfg->errors.front().location.column == 9);
  }
  // An empty global slack_api_url is refused as a URL; Alertmanager stops there, and so does the check.
  const auto empty = parse(
      "global:\n  slack_api_url: ''\nroute:\n  receiver: a\nreceivers:\n  - name: a\n    slack_configs:\n"
      "      - channel: '#ops'\n",
      27);
  REQUIRE(empty->errors.size() == 1);
  CHECK(empty->errors.front().message == "unsupported scheme \"\" for URL");
  // The global section supplies what a receiver leaves out.
  CHECK(parse("global:\n  jira_api_url: 'https://x.atlassian.net'\nroute:\n  receiver: a\nreceivers:\n  - name: a\n"
              "    jira_configs:\n      - project: OPS\n        issue_type: Bug\n",
              28)
            ->errors.empty());
}

TEST_CASE("alertmanager matchers: the classic parser") {
  std::string err;
  const auto m = alertmanager::parse_matchers("{foo=\"bar\", baz!~\"qu\\\"x\"}", &err);
  REQUIRE(m);
  REQUIRE(m->size() == 2);
  CHECK((*m)[1].value == "qu\"x");
  CHECK((*m)[1].op == MatchOp::not_regex);
  CHECK_FALSE(alertmanager::parse_matchers("foo", &err));
  CHECK_THAT(err, Catch::Contains("bad matcher format"));
  CHECK(alertmanager::parse_matchers("a=b,c", &err) == std::nullopt);
}

TEST_CASE("label inference: what an alert can carry, and unknown stays unknown") {
  const auto labels = [](const std::string& expr) {
    promql::ParseOptions o;
    const auto r = promql::parse(expr, o);
    REQUIRE(r.root != nullptr);
    return analysis::expression_labels(*r.root);
  };
  const auto am = [](const std::string& name, MatchOp op, const std::string& value) {
    return AmMatcher{.name = name, .op = op, .value = value, .location = {}};
  };
  const auto closed = labels("sum by (instance) (rate(x_total{job=\"api\"}[5m])) > 1");
  CHECK_FALSE(closed.open);
  CHECK(closed.labels.count("instance") == 1);
  CHECK(analysis::satisfies(closed, am("job", MatchOp::equal, "api")) == analysis::Tri::no);
  CHECK(analysis::satisfies(closed, am("team", MatchOp::not_equal, "db")) == analysis::Tri::yes);
  CHECK(analysis::satisfies(closed, am("instance", MatchOp::equal, "x")) == analysis::Tri::maybe);
  const auto open = labels("up{job=\"api\"} == 0");
  CHECK(open.open);
  CHECK(analysis::satisfies(open, am("job", MatchOp::regex, "ap.*")) == analysis::Tri::yes);
  CHECK(analysis::satisfies(open, am("team", MatchOp::equal, "db")) == analysis::Tri::maybe);
  const auto absent = labels("absent(up{job=\"api\"})");
  CHECK_FALSE(absent.open);
  CHECK(absent.labels.at("job") == std::optional<std::string>("api"));
  const auto none = labels("sum(x) > 0");
  CHECK(none.labels.empty());
}
