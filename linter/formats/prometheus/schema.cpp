#include "linter/formats/prometheus/schema.h"

#include <algorithm>
#include <array>

namespace stacklint::prometheus {

namespace {

const Schema kTls{.type = "config.plain",
                  .fields = {{"ca", Kind::string},
                             {"ca_file", Kind::string},
                             {"ca_ref", Kind::string},
                             {"cert", Kind::string},
                             {"cert_file", Kind::string},
                             {"cert_ref", Kind::string},
                             {"key", Kind::string},
                             {"key_file", Kind::string},
                             {"key_ref", Kind::string},
                             {"server_name", Kind::string},
                             {"insecure_skip_verify", Kind::boolean},
                             {"min_version", Kind::string},
                             {"max_version", Kind::string}}};

const Schema kBasicAuth{.type = "config.plain",
                        .fields = {{"username", Kind::string},
                                   {"username_file", Kind::string},
                                   {"username_ref", Kind::string},
                                   {"password", Kind::string},
                                   {"password_file", Kind::string},
                                   {"password_ref", Kind::string}}};

const Schema kAuthorization{.type = "config.Authorization",
                            .fields = {{"type", Kind::string},
                                       {"credentials", Kind::string},
                                       {"credentials_file", Kind::string},
                                       {"credentials_ref", Kind::string}}};

const Schema kOAuth2{.type = "config.OAuth2",
                     .fields = {{"client_id", Kind::string},
                                {"client_secret", Kind::string},
                                {"client_secret_file", Kind::string},
                                {"client_secret_ref", Kind::string},
                                {"client_certificate_key_id", Kind::string},
                                {"client_certificate_key", Kind::string},
                                {"client_certificate_key_file", Kind::string},
                                {"client_certificate_key_ref", Kind::string},
                                {"grant_type", Kind::string},
                                {"signature_algorithm", Kind::string},
                                {"iss", Kind::string},
                                {"audience", Kind::string},
                                {"claims", Kind::any},
                                {"scopes", Kind::string_list},
                                {"token_url", Kind::string},
                                {"endpoint_params", Kind::string_map},
                                {"tls_config", Kind::mapping, &kTls},
                                {"proxy_url", Kind::string},
                                {"no_proxy", Kind::string},
                                {"proxy_from_environment", Kind::boolean},
                                {"proxy_connect_header", Kind::any}}};

const Schema kRelabel{.type = "relabel.plain",
                      .fields = {{"source_labels", Kind::string_list},
                                 {"separator", Kind::string},
                                 {"regex", Kind::string},
                                 {"modulus", Kind::integer},
                                 {"target_label", Kind::string},
                                 {"replacement", Kind::string},
                                 {"action", Kind::string}}};

const Schema kStatic{
    .type = "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }",
    .fields = {{"targets", Kind::string_list}, {"labels", Kind::string_map}}};

const Schema kGlobal{.type = "config.plain",
                     .fields = {{"scrape_interval", Kind::duration},
                                {"scrape_timeout", Kind::duration},
                                {"scrape_protocols", Kind::string_list, nullptr, 2, 49},
                                {"evaluation_interval", Kind::duration},
                                {"rule_query_offset", Kind::duration, nullptr, 2, 53},
                                {"query_log_file", Kind::string},
                                {"scrape_failure_log_file", Kind::string, nullptr, 3, 0},
                                {"external_labels", Kind::string_map},
                                {"body_size_limit", Kind::size},
                                {"sample_limit", Kind::integer},
                                {"target_limit", Kind::integer},
                                {"label_limit", Kind::integer},
                                {"label_name_length_limit", Kind::integer},
                                {"label_value_length_limit", Kind::integer},
                                {"keep_dropped_targets", Kind::integer, nullptr, 2, 47},
                                {"metric_name_validation_scheme", Kind::string, nullptr, 3, 0},
                                {"metric_name_escaping_scheme", Kind::string, nullptr, 3, 4},
                                {"scrape_native_histograms", Kind::boolean, nullptr, 3, 8},
                                {"convert_classic_histograms_to_nhcb", Kind::boolean, nullptr, 3, 5},
                                {"always_scrape_classic_histograms", Kind::boolean, nullptr, 3, 5},
                                {"extra_scrape_metrics", Kind::boolean, nullptr, 3, 8}}};

const Schema kRuntime{.type = "config.plain", .fields = {{"gogc", Kind::integer, nullptr, 2, 53}}};

const Schema kScrape{.type = "config.ScrapeConfig",
                     .fields = {{"job_name", Kind::string},
                                {"honor_labels", Kind::boolean},
                                {"honor_timestamps", Kind::boolean},
                                {"track_timestamps_staleness", Kind::boolean, nullptr, 2, 48},
                                {"params", Kind::list_map},
                                {"scrape_interval", Kind::duration},
                                {"scrape_timeout", Kind::duration},
                                {"scrape_protocols", Kind::string_list, nullptr, 2, 49},
                                {"fallback_scrape_protocol", Kind::string, nullptr, 3, 0},
                                {"scrape_native_histograms", Kind::boolean, nullptr, 3, 8},
                                {"always_scrape_classic_histograms", Kind::boolean, nullptr, 3, 0},
                                {"scrape_classic_histograms", Kind::boolean, nullptr, 2, 45},
                                {"convert_classic_histograms_to_nhcb", Kind::boolean, nullptr, 3, 0},
                                {"scrape_failure_log_file", Kind::string, nullptr, 3, 0},
                                {"metrics_path", Kind::string},
                                {"scheme", Kind::string},
                                {"enable_compression", Kind::boolean, nullptr, 2, 49},
                                {"body_size_limit", Kind::size},
                                {"sample_limit", Kind::integer},
                                {"target_limit", Kind::integer},
                                {"label_limit", Kind::integer},
                                {"label_name_length_limit", Kind::integer},
                                {"label_value_length_limit", Kind::integer},
                                {"native_histogram_bucket_limit", Kind::integer, nullptr, 2, 45},
                                {"native_histogram_min_bucket_factor", Kind::number, nullptr, 2, 50},
                                {"keep_dropped_targets", Kind::integer, nullptr, 2, 47},
                                {"metric_name_validation_scheme", Kind::string, nullptr, 3, 0},
                                {"metric_name_escaping_scheme", Kind::string, nullptr, 3, 4},
                                {"extra_scrape_metrics", Kind::boolean, nullptr, 3, 8},
                                {"relabel_configs", Kind::list, &kRelabel},
                                {"metric_relabel_configs", Kind::list, &kRelabel}},
                     .http_client = true,
                     .service_discovery = true};

const Schema kAlertmanager{.type = "config.AlertmanagerConfig",
                           .fields = {{"sigv4", Kind::any},
                                      {"scheme", Kind::string},
                                      {"path_prefix", Kind::string},
                                      {"timeout", Kind::duration},
                                      {"api_version", Kind::string},
                                      {"relabel_configs", Kind::list, &kRelabel},
                                      {"alert_relabel_configs", Kind::list, &kRelabel, 2, 51}},
                           .http_client = true,
                           .service_discovery = true};

const Schema kAlerting{
    .type = "config.plain",
    .fields = {{"alert_relabel_configs", Kind::list, &kRelabel}, {"alertmanagers", Kind::list, &kAlertmanager}}};

const Schema kRetention{
    .type = "config.TSDBRetentionConfig",
    .fields = {{"time", Kind::duration}, {"size", Kind::size}, {"percentage", Kind::any, nullptr, 3, 8}}};

const Schema kTsdb{.type = "config.plain",
                   .fields = {{"out_of_order_time_window", Kind::duration, nullptr, 2, 39},
                              {"stale_series_compaction_threshold", Kind::number, nullptr, 3, 8},
                              {"chunk_encoding", Kind::any, nullptr, 3, 8},
                              {"retention", Kind::mapping, &kRetention, 3, 8}}};

const Schema kExemplars{.type = "config.ExemplarsConfig", .fields = {{"max_exemplars", Kind::integer}}};

const Schema kStorage{.type = "config.StorageConfig",
                      .fields = {{"tsdb", Kind::mapping, &kTsdb, 2, 39}, {"exemplars", Kind::mapping, &kExemplars}}};

const Schema kTracing{.type = "config.plain",
                      .fields = {{"client_type", Kind::string},
                                 {"endpoint", Kind::string},
                                 {"sampling_fraction", Kind::number},
                                 {"insecure", Kind::boolean},
                                 {"tls_config", Kind::mapping, &kTls},
                                 {"headers", Kind::string_map},
                                 {"compression", Kind::string},
                                 {"timeout", Kind::duration}}};

const Schema kQueue{.type = "config.QueueConfig",
                    .fields = {{"capacity", Kind::integer},
                               {"max_shards", Kind::integer},
                               {"min_shards", Kind::integer},
                               {"max_samples_per_send", Kind::integer},
                               {"batch_send_deadline", Kind::duration},
                               {"min_backoff", Kind::duration},
                               {"max_backoff", Kind::duration},
                               {"retry_on_http_429", Kind::boolean},
                               {"sample_age_limit", Kind::duration}}};

const Schema kMetadata{
    .type = "config.MetadataConfig",
    .fields = {{"send", Kind::boolean}, {"send_interval", Kind::duration}, {"max_samples_per_send", Kind::integer}}};

const Schema kRemoteWrite{.type = "config.plain",
                          .fields = {{"url", Kind::string},
                                     {"remote_timeout", Kind::duration},
                                     {"headers", Kind::string_map},
                                     {"write_relabel_configs", Kind::list, &kRelabel},
                                     {"name", Kind::string},
                                     {"send_exemplars", Kind::boolean},
                                     {"send_native_histograms", Kind::boolean},
                                     {"round_robin_dns", Kind::boolean},
                                     {"protobuf_message", Kind::string, nullptr, 3, 0},
                                     {"queue_config", Kind::mapping, &kQueue},
                                     {"metadata_config", Kind::mapping, &kMetadata},
                                     {"sigv4", Kind::any},
                                     {"azuread", Kind::any},
                                     {"google_iam", Kind::any}},
                          .http_client = true};

const Schema kRemoteRead{.type = "config.plain",
                         .fields = {{"url", Kind::string},
                                    {"remote_timeout", Kind::duration},
                                    {"chunked_read_limit", Kind::integer},
                                    {"headers", Kind::string_map},
                                    {"read_recent", Kind::boolean},
                                    {"name", Kind::string},
                                    {"required_matchers", Kind::string_map},
                                    {"filter_external_labels", Kind::boolean}},
                         .http_client = true};

const Schema kOtlp{.type = "config.plain",
                   .fields = {{"promote_all_resource_attributes", Kind::boolean},
                              {"promote_resource_attributes", Kind::string_list},
                              {"ignore_resource_attributes", Kind::string_list},
                              {"translation_strategy", Kind::string},
                              {"keep_identifying_resource_attributes", Kind::boolean},
                              {"convert_histograms_to_nhcb", Kind::boolean},
                              {"promote_scope_metadata", Kind::boolean},
                              {"label_name_underscore_sanitization", Kind::boolean},
                              {"label_name_preserve_multiple_underscores", Kind::boolean}}};

const Schema kConfig{.type = "config.plain",
                     .fields = {{"global", Kind::mapping, &kGlobal},
                                {"runtime", Kind::mapping, &kRuntime, 2, 53},
                                {"alerting", Kind::mapping, &kAlerting},
                                {"rule_files", Kind::string_list},
                                {"scrape_config_files", Kind::string_list, nullptr, 2, 43},
                                {"scrape_configs", Kind::list, &kScrape},
                                {"storage", Kind::mapping, &kStorage},
                                {"tracing", Kind::mapping, &kTracing, 2, 32},
                                {"remote_write", Kind::list, &kRemoteWrite},
                                {"remote_read", Kind::list, &kRemoteRead},
                                {"otlp", Kind::mapping, &kOtlp, 2, 54}}};

}  // namespace

const Schema& static_schema() {
  return kStatic;
}

const Schema& http_client_schema() {
  static const Schema s{.type = "",
                        .fields = {{"basic_auth", Kind::mapping, &kBasicAuth},
                                   {"authorization", Kind::mapping, &kAuthorization},
                                   {"oauth2", Kind::mapping, &kOAuth2},
                                   {"bearer_token", Kind::string},
                                   {"bearer_token_file", Kind::string},
                                   {"tls_config", Kind::mapping, &kTls},
                                   {"proxy_url", Kind::string},
                                   {"no_proxy", Kind::string},
                                   {"proxy_from_environment", Kind::boolean},
                                   {"proxy_connect_header", Kind::any},
                                   {"follow_redirects", Kind::boolean},
                                   {"enable_http2", Kind::boolean},
                                   {"http_headers", Kind::any}}};
  return s;
}

const Schema& config_schema() {
  return kConfig;
}

const Field* find_field(const Schema& schema, std::string_view name) {
  for (const Field& f : schema.fields) {
    if (f.name == name) return &f;
  }
  if (schema.http_client) {
    for (const Field& f : http_client_schema().fields) {
      if (f.name == name) return &f;
    }
  }
  return nullptr;
}

bool known_sd(std::string_view name) {
  static constexpr std::array<std::string_view, 33> kSd = {
      "azure", "consul",  "digitalocean", "docker",   "dockerswarm", "dns",      "ec2",       "eureka", "file",
      "gce",   "hetzner", "http",         "ionos",    "kubernetes",  "kuma",     "lightsail", "linode", "marathon",
      "nomad", "nerve",   "openstack",    "ovhcloud", "puppetdb",    "scaleway", "serverset", "triton", "uyuni",
      "vultr", "stackit", "outscale",     "oci",      "openstack",   "scaleway"};
  return std::find(kSd.begin(), kSd.end(), name) != kSd.end();
}

}  // namespace stacklint::prometheus
