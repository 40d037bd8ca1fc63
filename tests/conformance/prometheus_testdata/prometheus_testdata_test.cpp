// Prometheus's own rule-file and config test data (../shared/corpus/prometheus-testdata), plus every
// rule file of the real-world corpora: bad files rejected with upstream's message, good ones accepted.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "linter/analysis/duplicate_rules.h"
#include "linter/formats/prometheus/config.h"
#include "linter/formats/rulefmt/rulefmt.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "tests/support/shared.h"

namespace fs = std::filesystem;
using stacklint::duplicate_rules;
using stacklint::SourceFile;

namespace {

// ../shared/corpus/<sub>, or nullopt when the shared corpus is absent (the test is then skipped).
std::optional<fs::path> corpus(const std::string& sub) {
  return stacklint::test::shared_path("corpus/" + sub);
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

stacklint::rulefmt::ParseOutput parse_rules(const fs::path& p, int major, int minor) {
  return stacklint::rulefmt::parse(std::make_shared<const SourceFile>(p.filename().string(), read(p)),
                                   stacklint::rulefmt::Options{.major = major, .minor = minor, .enabled_features = {}});
}

std::vector<std::string> all_messages(const stacklint::rulefmt::ParseOutput& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors) out.push_back(e.message);
  for (const auto& rule : r.file->rules) {
    for (const auto& e : rule.promql_errors) out.push_back(e.message);
  }
  return out;
}

bool any_contains(const std::vector<std::string>& messages, const std::string& needle) {
  for (const auto& m : messages) {
    if (m.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& m : v) s += m + "\n";
  return s;
}

// config/testdata: bad files whose reason stacklint does not model (yet), with the reason. Every
// other bad file must be rejected.
const std::map<std::string, std::string>& config_excluded() {
  static const std::map<std::string, std::string> kExcluded = {
      {"static_config.bad.yml", "not a prometheus.yml (a bare static config, tested upstream by another decoder)"},
      {"azure_bearertoken_basicauth.bad.yml", "SD: contents of azure_sd_configs are checked for shape only"},
      {"azure_client_id_missing.bad.yml", "SD: contents of azure_sd_configs are checked for shape only"},
      {"azure_client_secret_missing.bad.yml", "SD: contents of azure_sd_configs are checked for shape only"},
      {"azure_subscription_id_missing.bad.yml", "SD: contents of azure_sd_configs are checked for shape only"},
      {"azure_tenant_id_missing.bad.yml", "SD: contents of azure_sd_configs are checked for shape only"},
      {"ec2_filters_empty_values.bad.yml", "SD: contents of ec2_sd_configs are checked for shape only"},
      {"ec2_token_file.bad.yml", "SD: contents of ec2_sd_configs are checked for shape only"},
      {"eureka_invalid_server.bad.yml", "SD: contents of eureka_sd_configs are checked for shape only"},
      {"eureka_no_server.bad.yml", "SD: contents of eureka_sd_configs are checked for shape only"},
      {"http_token_file.bad.yml", "SD: http_sd_configs contents are checked for shape only"},
      {"kubernetes_api_server_with_own_namespace.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_authorization_basicauth.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_bearertoken.bad.yml", "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_bearertoken_basicauth.bad.yml", "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_http_config_without_api_server.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_kubeconfig_with_apiserver.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_kubeconfig_with_http_config.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_kubeconfig_with_own_namespace.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_selectors_duplicated_role.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_selectors_endpoints.bad.yml", "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_selectors_incorrect_selector.bad.yml",
       "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_selectors_ingress.bad.yml", "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_selectors_node.bad.yml", "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_selectors_pod.bad.yml", "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"kubernetes_selectors_service.bad.yml", "SD: contents of kubernetes_sd_configs are checked for shape only"},
      {"lightsail_token_file.bad.yml", "SD: contents of lightsail_sd_configs are checked for shape only"},
      {"marathon_authtoken_authorization.bad.yml", "SD: contents of marathon_sd_configs are checked for shape only"},
      {"marathon_authtoken_authtokenfile.bad.yml", "SD: contents of marathon_sd_configs are checked for shape only"},
      {"marathon_authtoken_basicauth.bad.yml", "SD: contents of marathon_sd_configs are checked for shape only"},
      {"marathon_authtoken_bearertoken.bad.yml", "SD: contents of marathon_sd_configs are checked for shape only"},
      {"marathon_no_servers.bad.yml", "SD: contents of marathon_sd_configs are checked for shape only"},
      {"metric_name_validation_scheme.bad.yml", "name validation and escaping schemes not modeled"},
      {"otlp_allow_utf8.bad.yml", "otlp: attribute and translation-strategy semantics not modeled"},
      {"otlp_ignore_resource_attributes_without_promote_all.bad.yml",
       "otlp: attribute and translation-strategy semantics not modeled"},
      {"otlp_promote_all_resource_attributes.bad.yml",
       "otlp: attribute and translation-strategy semantics not modeled"},
      {"otlp_sanitize_ignore_resource_attributes.bad.yml",
       "otlp: attribute and translation-strategy semantics not modeled"},
      {"otlp_sanitize_promote_resource_attributes.bad.yml",
       "otlp: attribute and translation-strategy semantics not modeled"},
      {"outscale_no_region.bad.yml", "SD: contents of outscale_sd_configs are checked for shape only"},
      {"outscale_no_secret.bad.yml", "SD: contents of outscale_sd_configs are checked for shape only"},
      {"outscale_two_secrets.bad.yml", "SD: contents of outscale_sd_configs are checked for shape only"},
      {"puppetdb_token_file.bad.yml", "SD: contents of puppetdb_sd_configs are checked for shape only"},
      {"remote_write_queue_capacity_zero.bad.yml",
       "remote_write: queue_config limits and protobuf_message values not modeled"},
      {"remote_write_queue_max_backoff_less_than_min.bad.yml",
       "remote_write: queue_config limits and protobuf_message values not modeled"},
      {"remote_write_queue_max_samples_per_send_zero.bad.yml",
       "remote_write: queue_config limits and protobuf_message values not modeled"},
      {"remote_write_queue_max_shards_zero.bad.yml",
       "remote_write: queue_config limits and protobuf_message values not modeled"},
      {"remote_write_queue_min_shards_greater_than_max.bad.yml",
       "remote_write: queue_config limits and protobuf_message values not modeled"},
      {"remote_write_queue_min_shards_zero.bad.yml",
       "remote_write: queue_config limits and protobuf_message values not modeled"},
      {"remote_write_wrong_msg.bad.yml", "remote_write: queue_config limits and protobuf_message values not modeled"},
      {"scrape_body_size_limit.bad.yml", "body_size_limit negative values (units parsing) not modeled"},
      {"scrape_config_files_double_import.bad.yml", "needs the files scrape_config_files names, which are not loaded"},
      {"scrape_config_files_duplicate.bad.yml", "needs the files scrape_config_files names, which are not loaded"},
      {"scrape_config_files_fallback_scrape_protocol1.bad.yml",
       "needs the files scrape_config_files names, which are not loaded"},
      {"scrape_config_files_global.bad.yml", "needs the files scrape_config_files names, which are not loaded"},
      {"scrape_config_files_global_duplicate.bad.yml",
       "needs the files scrape_config_files names, which are not loaded"},
      {"scrape_config_files_scrape_protocols.bad.yml",
       "needs the files scrape_config_files names, which are not loaded"},
      {"scrape_config_files_scrape_protocols2.bad.yml",
       "needs the files scrape_config_files names, which are not loaded"},
      {"scrape_config_utf8_conflicting.bad.yml", "name validation and escaping schemes not modeled"},
      {"stackit_endpoint.bad.yml", "SD: contents of stackit_sd_configs are checked for shape only"},
      {"tracing_invalid_authorization_header.bad.yml", "tracing: header validation not modeled"},
      {"tracing_invalid_header.bad.yml", "tracing: header validation not modeled"},
      {"tsdb_chunk_encoding_floats.bad.yml",
       "storage.tsdb: chunk_encoding and retention.percentage (3.8+) values not modeled"},
      {"tsdb_chunk_encoding_floats_wrong_case.bad.yml",
       "storage.tsdb: chunk_encoding and retention.percentage (3.8+) values not modeled"},
      {"tsdb_chunk_encoding_floats_wrong_case_xor2.bad.yml",
       "storage.tsdb: chunk_encoding and retention.percentage (3.8+) values not modeled"},
      {"tsdb_retention_percentage.bad.yml",
       "storage.tsdb: chunk_encoding and retention.percentage (3.8+) values not modeled"},
      {"tsdb_retention_percentage_negative.bad.yml",
       "storage.tsdb: chunk_encoding and retention.percentage (3.8+) values not modeled"},
      {"uyuni_no_server.bad.yml", "SD: contents of uyuni_sd_configs are checked for shape only"},
      {"uyuni_token_file.bad.yml", "SD: contents of uyuni_sd_configs are checked for shape only"},
  };
  return kExcluded;
}

// config/testdata: the message (a substring of upstream's) of a bad file, where checked.
const std::map<std::string, std::string>& config_expected() {
  static const std::map<std::string, std::string> kExpected = {
      {"unknown_attr.bad.yml", "field consult_sd_configs not found in type"},
      {"unknown_global_attr.bad.yml", "field nonexistent_field not found in type config.plain"},
      {"jobname.bad.yml", "job_name is empty"},
      {"rules.bad.yml", "invalid rule file path"},
      {"empty_scrape_config.bad.yml", "empty or null scrape config section"},
      {"empty_static_config.bad.yml", "empty or null section in static_configs"},
      {"url_in_targetgroup.bad.yml", "\"http://bad\" is not a valid hostname"},
      {"remote_write_url_missing.bad.yml", "url for remote_write is empty"},
      {"remote_read_url_missing.bad.yml", "url for remote_read is empty"},
      {"tracing_missing_endpoint.bad.yml", "tracing endpoint must be set"},
      {"labelname.bad.yml", "is not a valid label name"},
      {"empty_rw_config.bad.yml", "empty or null remote write config section"},
      {"empty_rr_config.bad.yml", "empty or null remote read config section"},
      {"tsdb_retention_time.bad.yml", "not a valid duration string"},
  };
  return kExpected;
}

}  // namespace

TEST_CASE("rulefmt testdata: bad files are rejected with upstream's message") {
  const auto testdata = corpus("prometheus-testdata/model/rulefmt/testdata");
  if (!testdata) return;
  const fs::path& dir = *testdata;
  // Upstream's expected substrings (rulefmt_test.go). Checked against 2.x (legacy names), the
  // version the promtool oracle runs, and against 3.x where the verdict is the same.
  const std::map<std::string, std::string> expected = {
      {"bad_expr.bad.yaml", "expected type range vector in call to function \"rate\", got instant vector"},
      {"bad_field.bad.yaml", "field annotation not found"},
      {"duplicate_grp.bad.yaml", "groupname: \"yolo\" is repeated in the same file"},
      {"invalid_label_name.bad.yaml", "invalid label name"},
      {"invalid_record_name.bad.yaml", "invalid recording rule name"},
      {"legacy_validation_annotation.bad.yaml", "invalid annotation name: ins-tance"},
      {"no_rec_alert.bad.yaml", "one of 'record' or 'alert' must be set"},
      {"noexpr.bad.yaml", "field 'expr' must be set in rule"},
      {"record_and_alert.bad.yaml", "only one of 'record' and 'alert' must be set"},
      {"record_and_for.bad.yaml", "invalid field 'for' in recording rule"},
      {"record_and_keep_firing_for.bad.yaml", "invalid field 'keep_firing_for' in recording rule"},
  };
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".bad.") == std::string::npos) continue;
    INFO(name);
    const auto it = expected.find(name);
    REQUIRE(it != expected.end());
    const auto old = all_messages(parse_rules(entry.path(), 2, 42));
    INFO(join(old));
    CHECK(any_contains(old, it->second));
    if (name != "legacy_validation_annotation.bad.yaml") {
      const auto now = all_messages(parse_rules(entry.path(), 3, 8));
      INFO(join(now));
      CHECK_FALSE(now.empty());
    }
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("rulefmt testdata: good files are accepted") {
  const auto testdata = corpus("prometheus-testdata/model/rulefmt/testdata");
  if (!testdata) return;
  const fs::path& dir = *testdata;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".bad.") != std::string::npos) continue;
    INFO(name);
    // utf-8_* need UTF-8 names (3.0+); the others are good in every version.
    const bool utf8_only = name.rfind("utf-8_", 0) == 0;
    const auto r = parse_rules(entry.path(), 3, 8);
    INFO(join(all_messages(r)));
    CHECK(all_messages(r).empty());
    if (!utf8_only) CHECK(all_messages(parse_rules(entry.path(), 2, 42)).empty());
    ++checked;
  }
  CHECK(checked == 5);
  // promtool's duplicate lint on the two full examples.
  CHECK(duplicate_rules(*parse_rules(dir / "test.yaml", 3, 8).file).size() == 3);
  CHECK(duplicate_rules(*parse_rules(dir / "test_aliases.yaml", 3, 8).file).size() >= 2);
}

TEST_CASE("config testdata: bad files about modeled sections are rejected, good files accepted") {
  const auto testdata = corpus("prometheus-testdata/config/testdata");
  if (!testdata) return;
  const fs::path& dir = *testdata;
  const auto& excluded = config_excluded();
  const auto& expected = config_expected();
  int bad = 0;
  int bad_rejected = 0;
  int good = 0;
  std::vector<std::string> not_rejected;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const bool is_bad = name.find(".bad.yml") != std::string::npos;
    const bool is_good = name.find(".good.yml") != std::string::npos;
    if (!is_bad && !is_good) continue;
    const auto r = stacklint::prometheus::parse_config(std::make_shared<const SourceFile>(name, read(entry.path())),
                                                       stacklint::prometheus::ConfigOptions{.major = 3, .minor = 8});
    std::vector<std::string> messages;
    for (const auto& e : r.errors) messages.push_back(e.message);
    if (r.config->global_timeout_exceeds_interval)
      messages.emplace_back("global scrape timeout greater than scrape interval");
    for (const auto& j : r.config->jobs) {
      if (j.timeout_exceeds_interval) {
        messages.push_back("scrape timeout greater than scrape interval for scrape config with job name \"" +
                           j.job_name.value + "\"");
      }
    }
    for (const auto& d : r.config->duplicate_jobs) {
      messages.push_back("found multiple scrape configs with job name \"" + d.job_name + "\"");
    }
    if (!r.duplicate_keys.empty()) messages.emplace_back("field already set (duplicate key)");
    INFO(name << "\n" << join(messages));
    if (is_good) {
      // Good files may name files that are not there (scrape_config_files, certificates): those are
      // checked by other rules, so only parse errors count here.
      CHECK(messages.empty());
      ++good;
      continue;
    }
    if (excluded.count(name) > 0) continue;
    ++bad;
    if (const auto it = expected.find(name); it != expected.end()) CHECK(any_contains(messages, it->second));
    CHECK_FALSE(messages.empty());
    if (!messages.empty()) {
      ++bad_rejected;
    } else {
      not_rejected.push_back(name);
    }
  }
  WARN("config testdata: " << bad_rejected << "/" << bad << " bad files rejected, " << good
                           << " good files accepted; not rejected:\n"
                           << join(not_rejected));
  CHECK(good >= 54);
  CHECK(bad_rejected == bad);
  CHECK(bad_rejected >= 75);
}

TEST_CASE("config testdata: timeout above interval and duplicate job names") {
  const auto testdata = corpus("prometheus-testdata/config/testdata");
  if (!testdata) return;
  const fs::path& dir = *testdata;
  const auto load = [&](const std::string& name) {
    return stacklint::prometheus::parse_config(std::make_shared<const SourceFile>(name, read(dir / name)),
                                               stacklint::prometheus::ConfigOptions{.major = 3, .minor = 8});
  };
  const auto t = load("scrape_interval.bad.yml");
  CHECK(t.errors.empty());
  REQUIRE(t.config->jobs.size() == 1);
  CHECK(t.config->jobs[0].timeout_exceeds_interval);
  const auto d = load("jobname_dup.bad.yml");
  CHECK(d.errors.empty());
  REQUIRE(d.config->duplicate_jobs.size() == 1);
  CHECK(d.config->duplicate_jobs[0].job_name == "prometheus");
  CHECK(d.config->duplicate_jobs[0].second.line == 7);
  const auto k = load("section_key_dup.bad.yml");
  CHECK(k.duplicate_keys.size() == 1);
}

TEST_CASE("corpus: every real-world rule file loads with no rules/syntax finding") {
  int files = 0;
  int rules = 0;
  int promql_errors = 0;
  std::vector<std::string> with_duplicates;
  for (const char* sub : {"awesome-prometheus-alerts", "kube-prometheus-rules", "dockprom"}) {
    const auto root = corpus(sub);
    if (!root) return;
    for (const auto& entry : fs::recursive_directory_iterator(*root)) {
      if (!entry.is_regular_file()) continue;
      const std::string name = entry.path().filename().string();
      const bool rule_file =
          name.find(".rules") != std::string::npos || (name.size() > 4 && name.substr(name.size() - 4) == ".yml" &&
                                                       read(entry.path()).find("groups:") != std::string::npos);
      if (!rule_file) continue;
      const auto r = parse_rules(entry.path(), 3, 8);
      INFO(entry.path().string() << "\n"
                                 << [&] {
                                      std::string s;
                                      for (const auto& e : r.errors)
                                        s += std::to_string(e.location.line) + ": " + e.message + "\n";
                                      return s;
                                    }());
      CHECK(r.errors.empty());
      ++files;
      rules += static_cast<int>(r.file->rules.size());
      for (const auto& rule : r.file->rules) promql_errors += static_cast<int>(rule.promql_errors.size());
      if (!duplicate_rules(*r.file).empty()) with_duplicates.push_back(name);
    }
  }
  WARN("corpus: " << files << " rule files, " << rules << " rules, " << promql_errors << " PromQL errors");
  CHECK(files >= 120);
  CHECK(promql_errors == 0);
  REQUIRE(with_duplicates.size() == 1);
  CHECK(with_duplicates[0] == "kubernetesControlPlane-prometheusRule.rules.yml");
}
