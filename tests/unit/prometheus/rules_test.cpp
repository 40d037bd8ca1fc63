// The six rules over stacks loaded through bind_prometheus: messages, lines, columns, no double reports.
#include "tests/support/rules.h"

#include <catch2/catch.hpp>

#include "linter/engine/rule.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "linter/stack/bind_prometheus.h"

using stacklint::test::rule_by_id;

using namespace stacklint;

namespace {

std::vector<Diagnostic> run(const Rule& rule, const Stack& stack) {
  std::vector<Diagnostic> out;
  const RuleOptionValues options;
  Reporter r(rule.info(), rule.info().severity, options, out);
  rule.check(stack, r);
  return out;
}

}  // namespace

TEST_CASE("rules: prometheus.yml findings go to exactly one rule each") {
  MemoryFileSystem fs;
  fs.add("/s/prometheus.yml",
         "global:\n  scrape_interval: 10s\n  bogus: 1\nscrape_configs:\n  - job_name: a\n    scrape_timeout: 30s\n"
         "  - job_name: a\n");
  Stack stack;
  stack.root = "/s";
  stack.standalone_prometheus.push_back(load_standalone_prometheus(stack, fs, "/s/prometheus.yml"));
  stack.standalone_prometheus.push_back(load_standalone_prometheus(stack, fs, "/s/prometheus.yml"));

  const auto syntax = run(rule_by_id("prometheus/syntax"), stack);
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].message == "field bogus not found in type config.plain");
  CHECK(syntax[0].location.file.str() == "prometheus.yml");
  CHECK(syntax[0].location.line == 3);
  CHECK(syntax[0].location.column == 3);

  const auto timeout = run(rule_by_id("prometheus/scrape-timeout-exceeds-interval"), stack);
  REQUIRE(timeout.size() == 1);
  CHECK(timeout[0].message ==
        "scrape timeout greater than scrape interval for scrape config with job name \"a\" (30s > 10s)");
  CHECK(timeout[0].location.line == 6);
  CHECK(timeout[0].location.column == 21);
  REQUIRE(timeout[0].related.size() == 1);
  CHECK(timeout[0].related[0].location.line == 2);

  const auto dup = run(rule_by_id("prometheus/duplicate-job"), stack);
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].message == "found multiple scrape configs with job name \"a\"");
  CHECK(dup[0].location.line == 7);
  CHECK(dup[0].location.column == 15);
  REQUIRE(dup[0].related.size() == 1);
  CHECK(dup[0].related[0].location.line == 5);
}

TEST_CASE("rules: rule-file findings, duplicates and PromQL errors inside block scalars") {
  MemoryFileSystem fs;
  fs.add("/s/rules.yml",
         "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        severity: x\n"
         "      - alert: A\n        expr: |\n          sum(rate(x[5m])\n");
  Stack stack;
  stack.root = "/s";
  load_rule_file(stack, fs, "/s/rules.yml");
  load_rule_file(stack, fs, "/s/rules.yml");
  REQUIRE(stack.rule_files.size() == 1);

  const auto syntax = run(rule_by_id("rules/syntax"), stack);
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].message == "field severity not found in type rulefmt.Rule");
  CHECK(syntax[0].location.line == 6);

  const auto dup = run(rule_by_id("rules/duplicate-rule"), stack);
  REQUIRE(dup.size() == 1);
  // Another expression under the same name: a reused name, a note.
  CHECK(dup[0].message ==
        "alert name reused: alert \"A\" has the same labels as an earlier alert with another expression; where both "
        "fire for one series, Alertmanager receives them as one alert, with one of the two annotations");
  CHECK(dup[0].severity == Severity::note);
  CHECK(dup[0].location.line == 7);
  CHECK(dup[0].location.column == 16);
  CHECK(dup[0].related[0].location.line == 4);

  const auto promql = run(rule_by_id("promql/syntax"), stack);
  REQUIRE_FALSE(promql.empty());
  INFO(promql[0].message);
  CHECK(promql[0].location.line == 10);
  CHECK(promql[0].message.find("unclosed left parenthesis") != std::string::npos);
  CHECK(promql[0].location.file.str() == "rules.yml");
}
