#include "linter/formats/rulefmt/rulefmt.h"

#include <catch2/catch.hpp>

#include "linter/analysis/duplicate_rules.h"
#include "linter/formats/promql/parser.h"

using stacklint::SourceFile;
using stacklint::rulefmt::Options;
using stacklint::rulefmt::ParseOutput;

namespace {

ParseOutput parse(const std::string& text, Options opts = {}) {
  return stacklint::rulefmt::parse(std::make_shared<const SourceFile>("rules.yml", text), opts);
}

}  // namespace

TEST_CASE("rulefmt: a valid file has groups, rules, labels and no errors") {
  auto r = parse(
      "groups:\n  - name: node\n    interval: 30s\n    rules:\n      - alert: NodeDown\n"
      "        expr: up == 0\n        for: 5m\n        labels:\n          severity: critical\n"
      "        annotations:\n          summary: \"{{ $labels.instance }} down ({{ $value }})\"\n"
      "      - record: job:up:sum\n        expr: sum by (job) (up)\n");
  CHECK(r.errors.empty());
  REQUIRE(r.file->groups.size() == 1);
  CHECK(r.file->groups[0].name.value == "node");
  CHECK(r.file->groups[0].interval_seconds->value == 30);
  REQUIRE(r.file->rules.size() == 2);
  CHECK(r.file->rules[0].kind == stacklint::RuleKind::alert);
  CHECK(r.file->rules[0].name.value == "NodeDown");
  CHECK(r.file->rules[0].name.location.line == 5);
  CHECK(r.file->rules[0].name.location.column == 16);
  CHECK(r.file->rules[0].for_seconds->value == 300);
  CHECK(r.file->rules[0].expr.value == "up == 0");
  CHECK(r.file->rules[1].kind == stacklint::RuleKind::record);
}

TEST_CASE("rulefmt: an unknown field beside expr names rulefmt.Rule at the key") {
  auto r = parse("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        severity: page\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "field severity not found in type rulefmt.Rule");
  CHECK(r.errors[0].location.line == 6);
  CHECK(r.errors[0].location.column == 9);
}

TEST_CASE("rulefmt: unknown fields in a group and at the top") {
  auto r = parse("groupz: []\ngroups:\n  - name: g\n    rulez: []\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].message == "field groupz not found in type rulefmt.RuleGroups");
  CHECK(r.errors[1].message == "field rulez not found in type rulefmt.RuleGroup");
  CHECK(r.errors[1].location.line == 4);
}

TEST_CASE("rulefmt: record and alert together, neither, and a missing expr") {
  auto r = parse(
      "groups:\n  - name: g\n    rules:\n      - record: a\n        alert: b\n        expr: '1'\n"
      "      - expr: '1'\n      - record: c\n");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].message == "group \"g\", rule 1, \"b\": only one of 'record' and 'alert' must be set");
  CHECK(r.errors[0].location.line == 4);
  CHECK(r.errors[1].message == "group \"g\", rule 2, \"\": one of 'record' or 'alert' must be set");
  CHECK(r.errors[1].location.line == 7);
  CHECK(r.errors[2].message == "group \"g\", rule 3, \"c\": field 'expr' must be set in rule");
}

TEST_CASE("rulefmt: recording rules reject for, keep_firing_for, annotations and braces") {
  auto r = parse(
      "groups:\n  - name: g\n    rules:\n      - record: a{b=\"c\"}\n        expr: '1'\n        for: 1m\n"
      "        annotations:\n          x: y\n");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].message ==
        "group \"g\", rule 1, \"a{b=\\\"c\\\"}\": invalid field 'annotations' in recording rule");
  CHECK(r.errors[1].message.find("invalid field 'for' in recording rule") != std::string::npos);
  CHECK(r.errors[2].message.find("braces present in the recording rule name; should it be in expr?") !=
        std::string::npos);
}

TEST_CASE("rulefmt: legacy name validation before 3.0, UTF-8 from 3.0") {
  const std::string text =
      "groups:\n  - name: g\n    rules:\n      - alert: a\n        expr: '1'\n        annotations:\n"
      "          ins-tance: x\n";
  CHECK(parse(text).errors.empty());
  auto old = parse(text, Options{.major = 2, .minor = 42, .enabled_features = {}});
  REQUIRE(old.errors.size() == 1);
  CHECK(old.errors[0].message == "group \"g\", rule 1, \"a\": invalid annotation name: ins-tance");
  CHECK(old.errors[0].location.line == 7);
  CHECK(old.errors[0].location.column == 11);
}

TEST_CASE("rulefmt: __name__ is never a valid rule label") {
  auto r = parse(
      "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: '1'\n        labels:\n"
      "          __name__: x\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "group \"g\", rule 1, \"a\": invalid label name: __name__");
}

TEST_CASE("rulefmt: repeated and empty group names") {
  auto r = parse("groups:\n  - name: yolo\n  - name: yolo\n  - rules: []\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].message == "groupname: \"yolo\" is repeated in the same file");
  CHECK(r.errors[0].location.line == 3);
  CHECK(r.errors[0].location.column == 11);
  CHECK(r.errors[1].message == "Groupname must not be empty");
}

TEST_CASE("rulefmt: durations follow model.ParseDuration") {
  auto r = parse("groups:\n  - name: g\n    rules:\n      - alert: a\n        expr: '1'\n        for: 1m1h\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "not a valid duration string: \"1m1h\"");
  CHECK(r.errors[0].location.line == 6);
  CHECK(r.errors[0].location.column == 14);
}

TEST_CASE("rulefmt: keep_firing_for needs 2.42") {
  const std::string text =
      "groups:\n  - name: g\n    rules:\n      - alert: a\n        expr: '1'\n"
      "        keep_firing_for: 5m\n";
  CHECK(parse(text).errors.empty());
  CHECK(parse(text, Options{.major = 2, .minor = 42, .enabled_features = {}}).errors.empty());
  auto old = parse(text, Options{.major = 2, .minor = 41, .enabled_features = {}});
  REQUIRE(old.errors.size() == 1);
  CHECK(old.errors[0].message == "field keep_firing_for not found in type rulefmt.Rule");
}

TEST_CASE("rulefmt: only the first YAML document is read") {
  auto r = parse("groups:\n  - name: g\n---\ngroups:\n  - name: g\n    bogus: 1\n");
  CHECK(r.errors.empty());
  CHECK(r.file->groups.size() == 1);
}

TEST_CASE("rulefmt: type errors use Go's wording") {
  auto r = parse("groups:\n  - name: g\n    limit: ten\n    rules:\n      - alert: [a]\n        expr: '1'\n");
  REQUIRE(r.errors.size() >= 2);
  CHECK(r.errors[0].message == "cannot unmarshal !!str `ten` into int");
  CHECK(r.errors[1].message == "cannot unmarshal !!seq into string");
}

TEST_CASE("rulefmt: duplicate rules by name and merged labels") {
  auto r = parse(
      "groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: '1'\n        labels: {s: c}\n"
      "      - alert: X\n        expr: '2'\n        labels: {s: c}\n      - alert: X\n        expr: '1'\n"
      "  - name: b\n    labels: {s: c}\n    rules:\n      - alert: X\n        expr: '3'\n");
  CHECK(r.errors.empty());
  const auto dups = stacklint::duplicate_rules(*r.file);
  REQUIRE(dups.size() == 2);
  CHECK(dups[0].first == 0);
  CHECK(dups[0].second == 1);
  CHECK(dups[1].second == 3);
}

TEST_CASE("rulefmt: a broken template in an alert annotation is located at the value") {
  auto r = parse(
      "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: '1'\n        annotations:\n"
      "          summary: '{{ $labels.instance }'\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("annotation \"summary\": template: __alert_A:1:") != std::string::npos);
  CHECK(r.errors[0].location.line == 7);
  CHECK(r.errors[0].location.column == 20);
}

TEST_CASE("rulefmt: templates of recording rules are not parsed") {
  auto r = parse(
      "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: '1'\n        labels:\n"
      "          x: '{{ nope'\n");
  CHECK(r.errors.empty());
}

TEST_CASE("rulefmt: PromQL parsed later (defer_promql, build_trees) gives the errors and trees of a parse at once") {
  // A quoted expression with an escape and a folded one: the error spans map through the scalar.
  const std::string text =
      "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: \"up{job=\\\"a\\\"} ==\"\n"
      "      - record: r:x\n        expr: >-\n          sum(rate(x[5m]))\n          by (job) +\n"
      "      - alert: B\n        expr: up == 0\n";
  const ParseOutput now = parse(text);
  Options later_opts;
  later_opts.defer_promql = true;
  const ParseOutput later = parse(text, later_opts);
  CHECK(!now.file->deferred);
  CHECK(later.file->deferred);
  REQUIRE(later.file->rules.size() == 3);
  for (const auto& r : later.file->rules) {
    CHECK(r.parsed == nullptr);
    CHECK(r.promql_errors.empty());
  }
  stacklint::rulefmt::build_trees(*later.file);
  for (size_t i = 0; i < 3; ++i) {
    const auto& a = now.file->rules[i];
    const auto& b = later.file->rules[i];
    REQUIRE(b.parsed != nullptr);
    CHECK(b.parsed->ok() == a.parsed->ok());
    REQUIRE(b.promql_errors.size() == a.promql_errors.size());
    for (size_t e = 0; e < a.promql_errors.size(); ++e) {
      CHECK(b.promql_errors[e].message == a.promql_errors[e].message);
      CHECK(b.promql_errors[e].location == a.promql_errors[e].location);
    }
  }
  CHECK(now.file->rules[0].promql_errors.size() == 1);
  CHECK(now.file->rules[0].promql_errors[0].location.line == 5);
  CHECK(now.file->rules[1].promql_errors.size() == 1);
  CHECK(later.file->rules[2].parsed->ok());
  stacklint::rulefmt::drop_trees(*later.file);
  CHECK(later.file->rules[2].parsed == nullptr);
  CHECK(later.file->rules[0].promql_errors.size() == 1);
}
