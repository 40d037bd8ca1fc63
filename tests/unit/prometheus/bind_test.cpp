#include <catch2/catch.hpp>

#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "linter/stack/bind_prometheus.h"

using namespace stacklint;

namespace {

Mount bind_mount(const std::string& host, const std::string& target, bool dir) {
  return Mount{.source = host,
               .host_path = host,
               .target = target,
               .bind = true,
               .read_only = true,
               .is_directory = dir,
               .location = {}};
}

Service prom_service(std::vector<Mount> mounts, std::optional<std::vector<std::string>> command = std::nullopt) {
  Service s;
  s.name = "prometheus";
  s.role = Role::prometheus;
  s.version = "v2.45.0";
  s.mounts = std::move(mounts);
  if (command) s.command = Located<std::vector<std::string>>{.value = *command, .location = {}};
  return s;
}

const std::string kConfig =
    "global:\n  scrape_interval: 15s\nrule_files:\n  - rules/*.yml\n  - /etc/prometheus/extra.yml\n"
    "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['node:9100']\n";
const std::string kRules = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n";

}  // namespace

TEST_CASE("bind: config from the image CMD path, rule files globbed through a directory mount") {
  MemoryFileSystem fs;
  fs.add("/s/prom/prometheus.yml", kConfig);
  fs.add("/s/prom/rules/a.yml", kRules);
  fs.add("/s/prom/rules/b.yml", kRules);
  fs.add("/s/prom/rules/notes.txt", "x");
  Stack stack;
  stack.root = "/s";
  stack.services.push_back(prom_service({bind_mount("/s/prom", "/etc/prometheus", true)}));
  bind_prometheus(stack, stack.services[0], fs);
  const auto& cfg = stack.services[0].prometheus;
  REQUIRE(cfg);
  CHECK(cfg->loaded);
  CHECK(cfg->path == "prom/prometheus.yml");
  CHECK(cfg->container_path == "/etc/prometheus/prometheus.yml");
  CHECK(cfg->version_major == 2);
  CHECK(cfg->version_minor == 45);
  REQUIRE(cfg->resolved_rule_files.size() == 2);
  CHECK(cfg->resolved_rule_files[0].container_path == "/etc/prometheus/rules/a.yml");
  CHECK(cfg->resolved_rule_files[0].stack_path == "prom/rules/a.yml");
  CHECK(cfg->resolved_rule_files[1].stack_path == "prom/rules/b.yml");
  CHECK(cfg->rule_files[0].container_pattern == "/etc/prometheus/rules/*.yml");
  CHECK(stack.rule_files.size() == 2);
  CHECK(stack.rule_files[0]->version_major == 2);
}

TEST_CASE("bind: a file mount and --config.file; a command without --config.file reads /prometheus") {
  MemoryFileSystem fs;
  fs.add("/s/prometheus.yml", kConfig);
  fs.add("/s/alerts.yml", kRules);
  Stack stack;
  stack.root = "/s";
  stack.services.push_back(prom_service(
      {bind_mount("/s/prometheus.yml", "/cfg/prometheus.yml", false),
       bind_mount("/s/alerts.yml", "/etc/prometheus/extra.yml", false)},
      std::vector<std::string>{"--config.file=/cfg/prometheus.yml", "--storage.tsdb.retention.time", "30d",
                               "--query.max-samples=1000", "--enable-feature=promql-experimental-functions,x"}));
  stack.services.push_back(prom_service({bind_mount("/s/prometheus.yml", "/etc/prometheus/prometheus.yml", false)},
                                        std::vector<std::string>{"--web.enable-lifecycle"}));
  bind_prometheus(stack, stack.services[0], fs);
  bind_prometheus(stack, stack.services[1], fs);
  const auto& a = *stack.services[0].prometheus;
  CHECK(a.loaded);
  CHECK(a.flags.retention_time_seconds->value == 30 * 86400);
  CHECK(a.flags.query_max_samples.value == 1000);
  REQUIRE(a.flags.enabled_features.size() == 2);
  CHECK(a.flags.enabled_features[0].value == "promql-experimental-functions");
  REQUIRE(a.resolved_rule_files.size() == 1);
  CHECK(a.resolved_rule_files[0].container_path == "/etc/prometheus/extra.yml");
  const auto& b = *stack.services[1].prometheus;
  CHECK(b.container_path == "/prometheus/prometheus.yml");
  CHECK_FALSE(b.loaded);
  CHECK(b.flags.query_max_samples.value == 50000000);
}

TEST_CASE("bind: a pattern that matches nothing resolves to no file") {
  MemoryFileSystem fs;
  fs.add("/s/prometheus.yml", kConfig);
  Stack stack;
  stack.root = "/s";
  stack.services.push_back(prom_service({bind_mount("/s/prometheus.yml", "/etc/prometheus/prometheus.yml", false)}));
  bind_prometheus(stack, stack.services[0], fs);
  CHECK(stack.services[0].prometheus->resolved_rule_files.empty());
  CHECK(stack.services[0].prometheus->rule_files.size() == 2);
}

TEST_CASE("standalone: rule_files resolve against the file's directory; errors go to the StackFile once") {
  MemoryFileSystem fs;
  fs.add("/s/p/prometheus.yml", kConfig + "bogus: 1\n");
  fs.add("/s/p/rules/x.yml", kRules + "        for: 5q\n");
  Stack stack;
  stack.root = "/s";
  auto cfg = load_standalone_prometheus(stack, fs, "/s/p/prometheus.yml");
  REQUIRE(cfg->resolved_rule_files.size() == 1);
  CHECK(cfg->resolved_rule_files[0].stack_path == "p/rules/x.yml");
  load_standalone_prometheus(stack, fs, "/s/p/prometheus.yml");
  const StackFile* f = stack.find_file("p/prometheus.yml");
  REQUIRE(f);
  REQUIRE(f->errors.size() == 1);
  CHECK(f->errors[0].message == "field bogus not found in type config.plain");
  CHECK(f->errors[0].location.line == 10);
  const StackFile* r = stack.find_file("p/rules/x.yml");
  REQUIRE(r);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].message == "unknown unit \"q\" in duration \"5q\"");
  CHECK(stack.rule_files.size() == 1);
}

TEST_CASE("glob_match: filepath.Match") {
  CHECK(glob_match("*.yml", "a.yml"));
  CHECK(glob_match("*", ".hidden"));
  CHECK_FALSE(glob_match("*.yml", "a.yaml"));
  CHECK(glob_match("a?c", "abc"));
  CHECK(glob_match("[a-c]x", "bx"));
  CHECK_FALSE(glob_match("[^a-c]x", "bx"));
  CHECK(glob_match("\\*", "*"));
}

TEST_CASE("parse_prometheus_version") {
  int major = 0;
  int minor = 0;
  CHECK(parse_prometheus_version("v2.45.0", major, minor));
  CHECK((major == 2 && minor == 45));
  CHECK(parse_prometheus_version("3.1", major, minor));
  CHECK((major == 3 && minor == 1));
  CHECK_FALSE(parse_prometheus_version("latest", major, minor));
}

TEST_CASE("prefetch: standalone rule files keep no annotations; a Prometheus that loads one parses it again") {
  const std::string alert =
      "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n"
      "          summary: \"{{ $labels.instance }} down\"\n          description: \"{{ nosuchfunc }}\"\n";
  MemoryFileSystem fs;
  fs.add("/s/p/prometheus.yml", "rule_files:\n  - rules/*.yml\n");
  fs.add("/s/p/rules/x.yml", alert);
  fs.add("/s/y.yml", alert);
  fs.add("/s/z.yml", alert);
  Stack stack;
  stack.root = "/s";
  RuleFilePrefetch pre = prefetch_rule_files(stack, fs, {"/s/p/rules/x.yml", "/s/y.yml", "/s/z.yml"}, 2);
  REQUIRE(pre.size() == 3);
  CHECK_FALSE(pre.at("/s/y.yml").parsed.file->annotations_kept);
  CHECK(pre.at("/s/y.yml").parsed.file->rules.at(0).annotations.empty());
  // The annotations were checked all the same (rules/syntax).
  REQUIRE(pre.at("/s/y.yml").parsed.errors.size() == 1);
  CHECK(pre.at("/s/y.yml").parsed.errors[0].message ==
        "group \"g\", rule 1, \"A\": annotation \"description\": template: __alert_A:1: function \"nosuchfunc\" not "
        "defined");
  CHECK(pre.at("/s/y.yml").parsed.errors[0].location.line == 8);

  auto cfg = load_standalone_prometheus(stack, fs, "/s/p/prometheus.yml", &pre);
  REQUIRE(cfg->loaded_rule_files.size() == 1);
  const RuleFile& loaded = *cfg->loaded_rule_files[0];
  CHECK(loaded.annotations_kept);
  REQUIRE(loaded.rules.at(0).annotations.size() == 2);
  CHECK(loaded.rules[0].annotations[0].value.value == "{{ $labels.instance }} down");
  REQUIRE(stack.find_file("p/rules/x.yml")->errors.size() == 1);  // once, from the second parse

  auto y = load_rule_file(stack, fs, "/s/y.yml", std::nullopt, &pre);
  REQUIRE(y);
  CHECK_FALSE(y->annotations_kept);
  CHECK(y->rules.at(0).annotations.empty());
  CHECK(stack.find_file("y.yml")->errors.size() == 1);
  // Loaded again by a Prometheus (not the order load_stack binds in): the annotations come back.
  auto again = load_rule_file(stack, fs, "/s/y.yml", rulefmt::Options{.major = 3, .minor = 0}, &pre);
  CHECK(again == y);
  CHECK(y->annotations_kept);
  CHECK(y->rules.at(0).annotations.size() == 2);
  CHECK(stack.find_file("y.yml")->errors.size() == 1);
}
