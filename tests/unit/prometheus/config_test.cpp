#include "linter/formats/prometheus/config.h"

#include <catch2/catch.hpp>

#include "linter/formats/prometheus/duration.h"

using stacklint::SourceFile;
using stacklint::prometheus::ConfigOptions;
using stacklint::prometheus::ConfigParse;

namespace {

ConfigParse parse(const std::string& text, ConfigOptions opts = {.major = 3, .minor = 8}) {
  return stacklint::prometheus::parse_config(std::make_shared<const SourceFile>("prometheus.yml", text), opts);
}

std::string duration_error(std::string_view text) {
  std::string e;
  if (stacklint::prometheus::parse_duration(text, &e)) return "";
  return e;
}

}  // namespace

TEST_CASE("duration: model.ParseDuration") {
  CHECK(*stacklint::prometheus::parse_duration("0", nullptr) == 0);
  CHECK(*stacklint::prometheus::parse_duration("1h30m", nullptr) == 5400LL * 1000000000);
  CHECK(*stacklint::prometheus::parse_duration("1y2w3d4h5m6s7ms", nullptr) ==
        ((((365LL + 14 + 3) * 24 + 4) * 60 + 5) * 60 + 6) * 1000000000 + 7000000);
  CHECK(duration_error("1m1h") == "not a valid duration string: \"1m1h\"");
  CHECK(duration_error("1h1h") == "not a valid duration string: \"1h1h\"");
  CHECK(duration_error("10") == "not a valid duration string: \"10\"");
  CHECK(duration_error("1.5h") == "unknown unit \".\" in duration \"1.5h\"");
  CHECK(duration_error("-1h") == "not a valid duration string: \"-1h\"");
  CHECK(duration_error("5x") == "unknown unit \"x\" in duration \"5x\"");
  CHECK(duration_error("") == "empty duration string");
  CHECK(duration_error("300y") == "duration out of range");
}

TEST_CASE("config: defaults when the file is empty") {
  auto r = parse("");
  CHECK(r.errors.empty());
  CHECK(r.config->scrape_interval.seconds == 60);
  CHECK(r.config->scrape_timeout.seconds == 10);
  CHECK(r.config->evaluation_interval.seconds == 60);
}

TEST_CASE("config: unknown fields with Prometheus's type names") {
  auto r = parse(
      "global:\n  nonexistent_field: test\nfoo: 1\nscrape_configs:\n  - job_name: a\n    consult_sd_configs: []\n"
      "alerting:\n  alertmanagers:\n    - bar: 1\nstorage:\n  exemplars:\n    baz: 1\n");
  REQUIRE(r.errors.size() == 5);
  CHECK(r.errors[0].message == "field nonexistent_field not found in type config.plain");
  CHECK(r.errors[0].location.line == 2);
  CHECK(r.errors[0].location.column == 3);
  CHECK(r.errors[1].message == "field foo not found in type config.plain");
  CHECK(r.errors[2].message == "field consult_sd_configs not found in type config.ScrapeConfig");
  CHECK(r.errors[3].message == "field bar not found in type config.AlertmanagerConfig");
  CHECK(r.errors[4].message == "field baz not found in type config.ExemplarsConfig");
}

TEST_CASE("config: scrape jobs inherit and cap intervals") {
  auto r = parse(
      "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n  - job_name: b\n"
      "    scrape_interval: 30s\n  - job_name: c\n    scrape_interval: 1m\n    scrape_timeout: 20s\n"
      "    static_configs:\n      - targets: ['c:9100']\n        labels: {job: cc}\n");
  CHECK(r.errors.empty());
  REQUIRE(r.config->jobs.size() == 3);
  CHECK(r.config->jobs[0].interval.seconds == 5);
  CHECK(r.config->jobs[0].interval.origin == stacklint::DurationOrigin::global);
  CHECK(r.config->jobs[0].timeout.seconds == 5);
  CHECK(r.config->jobs[0].timeout.origin == stacklint::DurationOrigin::capped);
  CHECK(r.config->jobs[1].interval.seconds == 30);
  CHECK(r.config->jobs[1].timeout.seconds == 5);
  CHECK(r.config->jobs[2].timeout.seconds == 20);
  CHECK(r.config->jobs[2].job_label == "cc");
  REQUIRE(r.config->jobs[2].targets.size() == 1);
  CHECK(r.config->jobs[2].targets[0].address.value == "c:9100");
  CHECK(r.config->jobs[2].targets[0].address.location.line == 11);
}

TEST_CASE("config: timeout above interval and duplicate jobs are recorded for their own rules") {
  auto r = parse(
      "global:\n  scrape_interval: 10s\n  scrape_timeout: 20s\nscrape_configs:\n  - job_name: p\n"
      "    scrape_interval: 5s\n    scrape_timeout: 6s\n  - job_name: p\n");
  CHECK(r.errors.empty());
  CHECK(r.config->global_timeout_exceeds_interval);
  CHECK(r.config->global_timeout_location.line == 3);
  CHECK(r.config->jobs[0].timeout_exceeds_interval);
  CHECK(r.config->jobs[0].timeout.location.line == 7);
  REQUIRE(r.config->duplicate_jobs.size() == 1);
  CHECK(r.config->duplicate_jobs[0].job_name == "p");
  CHECK(r.config->duplicate_jobs[0].first.line == 5);
  CHECK(r.config->duplicate_jobs[0].second.line == 8);
}

TEST_CASE("config: validations of config.go") {
  auto r = parse(
      "rule_files:\n  - 'my_rule'\n  - 'my/*/rule'\nscrape_configs:\n  -\n  - job_name:\n"
      "  - job_name: x\n    scrape_interval: 10\n    static_configs:\n      - targets: ['http://bad']\n"
      "remote_write:\n  - name: a\n");
  REQUIRE(r.errors.size() == 6);
  CHECK(r.errors[0].message == "not a valid duration string: \"10\"");
  CHECK(r.errors[0].location.line == 8);
  CHECK(r.errors[1].message == "invalid rule file path \"my/*/rule\"");
  CHECK(r.errors[1].location.line == 3);
  CHECK(r.errors[2].message == "empty or null scrape config section");
  CHECK(r.errors[3].message == "job_name is empty");
  CHECK(r.errors[4].message == "\"http://bad\" is not a valid hostname");
  CHECK(r.errors[5].message == "url for remote_write is empty");
  CHECK(r.config->rule_files.size() == 1);
}

TEST_CASE("config: shapes") {
  auto r = parse("scrape_configs: 3\nrule_files: a\nglobal:\n  external_labels: [a]\n");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].message == "cannot unmarshal !!int `3` into []*config.ScrapeConfig");
  CHECK(r.errors[1].message == "cannot unmarshal !!str `a` into []string");
  CHECK(r.errors[2].message == "cannot unmarshal !!seq into map[string]string");
}

TEST_CASE("config: storage.tsdb.retention needs 3.8") {
  const std::string text = "storage:\n  tsdb:\n    retention:\n      time: 15d\n      size: 512MB\n";
  auto r = parse(text);
  CHECK(r.errors.empty());
  REQUIRE(r.config->retention_time_seconds);
  CHECK(r.config->retention_time_seconds->value == 15 * 86400);
  CHECK(r.config->retention_size_bytes->value == 512LL << 20);
  auto old = parse(text, {.major = 2, .minor = 42});
  REQUIRE(old.errors.size() == 1);
  CHECK(old.errors[0].message == "field retention not found in type config.plain");
}

TEST_CASE("config: alertmanager targets and relabeling that may set job") {
  auto r = parse(
      "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['am:9093']\n"
      "scrape_configs:\n  - job_name: k\n    relabel_configs:\n      - target_label: job\n"
      "        replacement: x\n");
  CHECK(r.errors.empty());
  REQUIRE(r.config->alertmanager_targets.size() == 1);
  CHECK(r.config->alertmanager_targets[0].value == "am:9093");
  CHECK(r.config->jobs[0].relabel_may_set_job);
}

TEST_CASE("config: rule file path pattern") {
  using stacklint::prometheus::valid_rule_file_pattern;
  CHECK(valid_rule_file_pattern("rules/*.yml"));
  CHECK(valid_rule_file_pattern("/etc/prometheus/*"));
  CHECK(valid_rule_file_pattern("a*b*"));
  CHECK_FALSE(valid_rule_file_pattern("*/x.yml"));
}
