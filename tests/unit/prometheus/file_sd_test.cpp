#include "linter/formats/prometheus/file_sd.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "linter/model/prom_config.h"
#include "linter/stack/bind_prometheus.h"

using namespace stacklint;
using stacklint::prometheus::FileSdFormat;
using stacklint::prometheus::FileSdParse;

namespace {

FileSdParse parse(const std::string& text, FileSdFormat format, bool utf8 = true) {
  const char* name = format == FileSdFormat::json ? "t.json" : "t.yml";
  return prometheus::parse_file_sd(std::make_shared<const SourceFile>(name, text), format, utf8);
}

// "line:col-end_line:end_col message" of each error.
std::vector<std::string> errors(const FileSdParse& p) {
  std::vector<std::string> out;
  for (const ParseIssue& e : p.errors) {
    out.push_back(std::to_string(e.location.line) + ":" + std::to_string(e.location.column) + "-" +
                  std::to_string(e.location.end_line) + ":" + std::to_string(e.location.end_column) + " " + e.message);
  }
  return out;
}

std::string at(const Location& l) {
  return l.file.str() + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) + "-" +
         std::to_string(l.end_column);
}

}  // namespace

TEST_CASE("file_sd: JSON groups with every target and label where it is written") {
  const auto p = parse(
      "[\n  {\"targets\": [\"a:9100\", \"b:9100\"], \"labels\": {\"job\": \"node\", \"env\": \"prod\"}},\n"
      "  {\"Targets\": [\"c:80\"]}\n]\n",
      FileSdFormat::json);
  CHECK(errors(p).empty());
  REQUIRE(p.groups.size() == 2);
  REQUIRE(p.groups[0].targets.size() == 2);
  CHECK(p.groups[0].targets[1].value == "b:9100");
  CHECK(at(p.groups[0].targets[0].location) == "t.json:2:16-24");
  CHECK(at(p.groups[0].targets[1].location) == "t.json:2:26-34");
  CHECK(p.groups[0].labels.at("job").value == "node");
  CHECK(at(p.groups[0].labels.at("env").location) == "t.json:2:70-76");
  // encoding/json matches field names case-insensitively.
  REQUIRE(p.groups[1].targets.size() == 1);
  CHECK(p.groups[1].targets[0].value == "c:80");
}

TEST_CASE("file_sd: YAML groups, null lists and labels") {
  const auto p = parse("- targets:\n    - 'a:1'\n    - b:2\n  labels:\n    team: x\n- targets:\n- labels: {k: v}\n",
                       FileSdFormat::yaml);
  CHECK(errors(p).empty());
  REQUIRE(p.groups.size() == 3);
  CHECK(at(p.groups[0].targets[0].location) == "t.yml:2:7-12");
  CHECK(at(p.groups[0].targets[1].location) == "t.yml:3:7-10");
  CHECK(at(p.groups[0].labels.at("team").location) == "t.yml:5:11-12");
  CHECK(p.groups[1].targets.empty());
  CHECK(p.groups[2].labels.at("k").value == "v");
  CHECK(parse("", FileSdFormat::yaml).groups.empty());
  CHECK(errors(parse("null", FileSdFormat::json)).empty());
}

TEST_CASE("file_sd: what Prometheus refuses, at the token; the file is then dropped whole") {
  CHECK(errors(parse("{\"targets\": []}", FileSdFormat::json)) ==
        std::vector<std::string>{"1:1-1:16 json: cannot unmarshal object into Go value of type []*targetgroup.Group"});
  CHECK(errors(parse("[null]", FileSdFormat::json)) == std::vector<std::string>{"1:2-1:6 nil target group item found"});
  CHECK(
      errors(parse("[{\"targets\": [\"a:1\", 80]}]", FileSdFormat::json)) ==
      std::vector<std::string>{"1:22-1:24 json: cannot unmarshal number into Go struct field .targets of type string"});
  CHECK(errors(parse("[{\"targets\": [], \"lables\": {}}]", FileSdFormat::json)) ==
        std::vector<std::string>{"1:18-1:26 json: unknown field \"lables\""});
  const auto bad = parse("[{\"targets\": [\"a:1\"], \"labels\": {\"team-name\": \"x\"}}]", FileSdFormat::json, false);
  CHECK(errors(bad) == std::vector<std::string>{"1:34-1:45 \"team-name\" is not a valid label name"});
  CHECK(bad.groups.empty());
  CHECK(errors(parse("[{\"targets\": [\"a:1\"], \"labels\": {\"team-name\": \"x\"}}]", FileSdFormat::json, true))
            .empty());
  CHECK(errors(parse("- targets: a:1\n", FileSdFormat::yaml)) ==
        std::vector<std::string>{"1:12-1:15 cannot unmarshal !!str `a:1` into []string"});
  CHECK(errors(parse("- targets: []\n  owner: x\n", FileSdFormat::yaml)) ==
        std::vector<std::string>{"2:3-2:8 field owner not found in type targetgroup.Group"});
  CHECK(errors(parse("- targets: []\n  labels: [a]\n", FileSdFormat::yaml)) ==
        std::vector<std::string>{"2:11-2:14 cannot unmarshal !!seq into model.LabelSet"});
  CHECK(errors(parse("-\n- targets: []\n", FileSdFormat::yaml)).size() == 1);
  // Syntax errors: nlohmann's for JSON (at the offending byte), libyaml's for YAML.
  const auto syntax = errors(parse("[{\"targets\": [\"a:1\",]}]", FileSdFormat::json));
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].rfind("1:21-1:22 invalid JSON: syntax error while parsing value", 0) == 0);
  CHECK(errors(parse("- targets: [a\n", FileSdFormat::yaml)).size() == 1);
}

TEST_CASE("file_sd: patterns and formats as file.go accepts them") {
  using prometheus::file_sd_format;
  using prometheus::valid_file_sd_pattern;
  CHECK(valid_file_sd_pattern("/etc/prometheus/targets/*.json"));
  CHECK(valid_file_sd_pattern("targets/node-*.yml"));
  CHECK(valid_file_sd_pattern("a/b*c*.YAML"));
  CHECK(valid_file_sd_pattern("t?/[ab].json"));
  CHECK_FALSE(valid_file_sd_pattern("targets/*/x.json"));
  CHECK_FALSE(valid_file_sd_pattern("targets/*.txt"));
  CHECK_FALSE(valid_file_sd_pattern("targets/x.Json"));
  CHECK_FALSE(valid_file_sd_pattern(".json"));
  CHECK(file_sd_format("a/b.JSON") == FileSdFormat::json);
  CHECK(file_sd_format("a.d/b.Yaml") == FileSdFormat::yaml);
  CHECK_FALSE(file_sd_format("a.json/b").has_value());
}

namespace {

Service prom_service(std::vector<Mount> mounts) {
  Service s;
  s.name = "prometheus";
  s.role = Role::prometheus;
  s.version = "v2.53.0";
  for (Mount& m : mounts) s.mounts.push_back(m);
  return s;
}

Mount dir_mount(const std::string& host, const std::string& target) {
  return Mount{.source = host,
               .host_path = host,
               .target = target,
               .bind = true,
               .read_only = true,
               .is_directory = true,
               .location = {}};
}

}  // namespace

TEST_CASE("bind: file_sd patterns through the mounts; targets added as static ones; unknown stays unknown") {
  MemoryFileSystem fs;
  fs.add("/s/prom/prometheus.yml",
         "scrape_configs:\n"
         "  - job_name: a\n    file_sd_configs:\n      - files: [targets/*.json]\n"
         "  - job_name: b\n    file_sd_configs:\n      - files: [/etc/prometheus/gen/*.json]\n"
         "  - job_name: c\n    file_sd_configs:\n      - files: [targets/x.json]\n"
         "    dns_sd_configs:\n      - names: [x]\n"
         "  - job_name: d\n    file_sd_configs:\n      - files: [targets/bad.yml]\n");
  fs.add("/s/prom/targets/x.json", R"([{"targets": ["app:8080"], "labels": {"job": "apps"}}])");
  fs.add("/s/prom/targets/y.json", R"([{"targets": ["db:9187"]}])");
  fs.add("/s/prom/targets/z.yml", "- targets: [nope:1]\n");
  fs.add("/s/prom/targets/bad.yml", "- targets: [a:1]\n  extra: 1\n");
  Stack stack;
  stack.root = "/s";
  stack.services.push_back(prom_service({dir_mount("/s/prom", "/etc/prometheus")}));
  bind_prometheus(stack, stack.services[0], fs);
  const auto& cfg = stack.services[0].prometheus;
  REQUIRE(cfg);
  REQUIRE(cfg->jobs.size() == 4);
  const ScrapeJob& a = cfg->jobs[0];
  REQUIRE(a.file_sd.size() == 1);
  CHECK(a.file_sd[0].container_pattern == "/etc/prometheus/targets/*.json");
  CHECK(a.file_sd[0].files == std::vector<std::string>{"prom/targets/x.json", "prom/targets/y.json"});
  CHECK(a.file_sd[0].complete);
  CHECK_FALSE(a.targets_unknown());
  REQUIRE(a.targets.size() == 2);
  CHECK(a.targets[0].address.value == "app:8080");
  CHECK(a.targets[0].address.location.file.str() == "prom/targets/x.json");
  CHECK(a.targets[0].labels.at("job").value == "apps");
  // Nothing committed matches (written at run time): unknown, as before.
  CHECK(cfg->jobs[1].file_sd[0].files.empty());
  CHECK(cfg->jobs[1].targets_unknown());
  // Another discovery beside file_sd: unknown, though the file's targets are read.
  CHECK(cfg->jobs[2].targets.size() == 1);
  CHECK(cfg->jobs[2].targets_unknown());
  // A file Prometheus refuses gives no targets and leaves the job unknown.
  CHECK(cfg->jobs[3].targets.empty());
  CHECK(cfg->jobs[3].targets_unknown());
  const StackFile* bad = stack.find_file("prom/targets/bad.yml");
  REQUIRE(bad != nullptr);
  CHECK(bad->kind == FileKind::file_sd);
  REQUIRE(bad->errors.size() == 1);
  CHECK(bad->errors[0].message == "field extra not found in type targetgroup.Group");
}

namespace {

// The groups as Go's encoding/json decodes them (nlohmann's DOM standing in): targets and labels
// of each group, field names folded, a later duplicate winning.
std::vector<std::pair<std::vector<std::string>, std::map<std::string, std::string>>> decoded_by_json(
    const std::string& text) {
  std::vector<std::pair<std::vector<std::string>, std::map<std::string, std::string>>> out;
  for (const auto& g : nlohmann::json::parse(text)) {
    auto& [targets, labels] = out.emplace_back();
    for (const auto& [k, v] : g.items()) {
      std::string key = k;
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (key == "targets") {
        targets.clear();
        for (const auto& t : v) targets.push_back(t.get<std::string>());
      }
      if (key == "labels") {
        for (const auto& [name, value] : v.items()) labels[name] = value.get<std::string>();
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("file_sd: JSON read through libyaml gives what a JSON decoder gives (differential)") {
  const std::vector<std::string> texts = {
      R"([{"targets": ["a:1", "caf\u00e9:2", "x\/y\ttab:3"], "labels": {"k": "v\"q\\", "u": "\u00fc"}}])",
      "[\r\n  {\"targets\":[\"a:1\"],\"labels\":{}},\r\n  {\"labels\":{\"job\":\"j\"},\"targets\":[]}\r\n]",
      "[\n\t{\n\t\t\"targets\": [\"tab:1\"],\n\t\t\"labels\": {\"a\": \"b\"}\n\t}\n]\n",
      R"([{"targets":["a:1","b:2","c:3"],"labels":{"x":"1","y":"two words","z":""}},{"targets":[]}])",
      R"([{"TARGETS": ["up:1"], "Labels": {"l": "v"}}])",
      R"([ { "targets" : [ "s p a c e:1" ] , "labels" : { "k" : "#not a comment" } } ])",
      R"([{"targets": ["a:1"], "labels": {"k": "- not a list", "m": "{not: a map}", "n": "a: b"}}])",
      "[{\"targets\": [\"long-" + std::string(2000, 'x') + ":1\"]}]",
  };
  for (const std::string& text : texts) {
    INFO(text);
    const auto p = parse(text, FileSdFormat::json);
    CHECK(errors(p).empty());
    REQUIRE(p.understood);
    const auto want = decoded_by_json(text);
    REQUIRE(p.groups.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      std::vector<std::string> targets;
      for (const auto& t : p.groups[i].targets) targets.push_back(t.value);
      std::map<std::string, std::string> labels;
      for (const auto& [k, v] : p.groups[i].labels) labels[k] = v.value;
      CHECK(targets == want[i].first);
      CHECK(labels == want[i].second);
    }
  }
  // Valid JSON libyaml reads otherwise (a surrogate pair escape, a key over YAML's 1024-character
  // implicit key limit): no error, no target, and the job's targets stay unknown.
  for (const std::string& text :
       {std::string(R"([{"targets": ["a:1"], "labels": {"emoji": "\ud83d\ude00"}}])"),
        "[{\"targets\": [\"a:1\"], \"labels\": {\"" + std::string(1100, 'k') + "\": \"v\"}}]"}) {
    const auto p = parse(text, FileSdFormat::json);
    CHECK_FALSE(p.understood);
    CHECK(p.errors.empty());
    CHECK(p.groups.empty());
  }
}
