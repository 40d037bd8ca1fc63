// prometheus.yml as Prometheus reads it (config/config.go), plus the command-line flags of the
// service that runs it and the rule files it really loads. Parse errors live in the StackFile's
// `errors` (prometheus/syntax); the two checks with their own rules are recorded here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/model/setting.h"
#include "linter/source/source.h"

namespace stacklint {

struct RuleFile;  // linter/model/rule_file.h

// A duration setting in seconds, and where it came from: "file" (written in this place),
// "global" (inherited from global:), "default" (Prometheus's default), "capped" (the default
// timeout capped at the interval).
struct PromDuration {
  double seconds = 0;
  DurationOrigin origin = DurationOrigin::default_value;
  Location location;  // where it was written (file/global), invalid for defaults
};

struct ScrapeTarget {
  Located<std::string> address;                        // host[:port] as written
  std::map<std::string, Located<std::string>> labels;  // the static_config group's labels
  // relabel_configs rewrite __address__ from values stacklint does not follow (a blackbox probe's
  // target moved to __param_target, a regex group): Prometheus scrapes some other address, so the
  // topology leaves this target unresolved and no rule judges `address`. A literal replacement
  // (`replacement: blackbox:9115`) is followed instead: `address` is then that replacement.
  bool address_unknown = false;

  // Where the target leads, filled in by linter/stack/topology for a Prometheus that runs as a
  // service of the stack (left empty for standalone configs).
  std::string host;     // the host part of `address` (brackets of IPv6 literals removed)
  int port = 0;         // the port of `address`; the scheme's default (80/443) when none
  std::string service;  // the compose service the address reaches; "" when none
  // How `service` was found: "service name", "container_name", "network alias", "localhost" (the
  // Prometheus container itself), "host network"; with `service` "", a container another compose
  // file of the repository may provide (linter/stack/topology.h); "" when unresolved or not a
  // stack service (an IP address, a name outside the stack).
  std::string resolved_by;
  bool external = false;  // an IP address or a dotted host name: outside what stacklint can see
  // A name of the stack the Prometheus container cannot reach: whose it is, and why (networks not
  // shared, host network); empty otherwise.
  std::string unreachable_service;
  std::string unreachable_reason;
};

// Where an `alerting.alertmanagers` static target leads (linter/stack/topology, for a Prometheus
// that runs as a service; empty for standalone configs): the same facts as a ScrapeTarget's.
struct AlertmanagerTarget {
  std::string host;
  int port = 0;
  std::string service;
  std::string resolved_by;
  bool external = false;
  std::string unreachable_service;
  std::string unreachable_reason;
};

// A file_sd_configs `files:` pattern and the files of the stack it matched (linter/stack).
struct FileSdPattern {
  Located<std::string> pattern;    // as written
  std::string container_pattern;   // joined with the config's directory (container path when bound)
  std::vector<std::string> files;  // stack paths of the files read, in the order Prometheus lists them
  // Every target it gives is known: it matched files of the repository and each was read and
  // accepted. False when it matches nothing stacklint can see (files written at run time, a
  // named volume), or a file was refused or holds an error (Prometheus drops such a file).
  bool complete = false;
};

struct ScrapeJob {
  Located<std::string> job_name;
  Location location;  // the whole scrape config mapping
  PromDuration interval;
  PromDuration timeout;
  std::string metrics_path = "/metrics";
  std::string scheme = "http";
  std::vector<ScrapeTarget> targets;           // static_configs[].targets, then the file_sd targets
  bool relabel_may_set_job = false;            // a relabel rule, or the target (honor_labels), may set `job`
  bool honor_labels = false;                   // the target relays series of others (a Pushgateway, a federation)
  std::string job_label;                       // effective `job` label of static targets
  std::vector<std::string> service_discovery;  // kinds used: "file", "dns", "kubernetes", ...
  bool timeout_exceeds_interval = false;       // prometheus/scrape-timeout-exceeds-interval
  std::vector<FileSdPattern> file_sd;          // file_sd_configs[].files
  bool has_relabel = false;                    // relabel_configs is set (addresses are checked after it)
  // What relabel_configs do to __address__: rewritten at all, and to a literal replacement when the
  // last rule writing it sets one (see ScrapeTarget::address_unknown).
  bool address_rewritten = false;
  std::optional<Located<std::string>> address_replacement;
  // A blackbox-style job: relabel_configs copy __address__ to __param_target before sending the
  // scrape to the literal replacement (the exporter), which then probes each target as written.
  // `probes` are the targets as written (host/port resolved by linter/stack/topology from the
  // exporter's container); empty for other jobs.
  bool address_to_param_target = false;
  std::vector<ScrapeTarget> probes;

  // The job may scrape targets stacklint does not know: a discovery other than file_sd, or a
  // file_sd pattern that is not complete.
  [[nodiscard]] bool targets_unknown() const {
    for (const std::string& sd : service_discovery) {
      if (sd != "file") return true;
    }
    if (std::find(service_discovery.begin(), service_discovery.end(), "file") == service_discovery.end()) return false;
    return file_sd.empty() ||
           std::any_of(file_sd.begin(), file_sd.end(), [](const FileSdPattern& p) { return !p.complete; });
  }
  // A target as relabel_configs leave its address: unknown, or the literal replacement.
  void apply_address_rewrite(ScrapeTarget& t) const {
    if (!address_rewritten) return;
    if (address_replacement) {
      t.address = *address_replacement;
    } else {
      t.address_unknown = true;
    }
  }
};

struct RuleFilePattern {
  Located<std::string> pattern;   // as written
  std::string container_pattern;  // joined with the config's directory (container path when bound)
  size_t unparsed_matches = 0;    // files it matched that stacklint does not parse (1.x rule files)
};

// A rule file matched by a rule_files pattern.
struct ResolvedRuleFile {
  std::string container_path;  // as the server sees it ("" for standalone configs)
  std::string stack_path;      // relative to the stack root
  std::string host_path;       // on this machine
  size_t pattern_index = 0;    // index into PromConfig::rule_files
  std::shared_ptr<RuleFile> rules;
};

struct PromFlags {
  std::string config_file;                               // container path
  std::optional<Located<std::string>> config_file_flag;  // when given explicitly
  std::optional<Located<double>> retention_time_seconds;
  std::optional<Located<int64_t>> retention_size_bytes;
  Located<int64_t> query_max_samples{.value = 50000000, .location = {}};
  std::vector<Located<std::string>> enabled_features;
  // --web.enable-remote-write-receiver, --web.enable-otlp-receiver (or the older
  // --enable-feature=remote-write-receiver / otlp-write-receiver): series and their `job` labels
  // also arrive from senders, so the scrape jobs are not all the jobs.
  std::optional<Location> push_receiver;
  // The first `-name` long flag written with one dash, on a release that refuses it (2.0 and later).
  std::optional<Located<std::string>> single_dash;
  // The first flag 3.0 removed (`storage.tsdb.retention`, ...), on a 3.x release (without dashes).
  std::optional<Located<std::string>> removed_flag;
};

// A finding about a scrape job that has its own rule (so prometheus/syntax skips it).
struct DuplicateJob {
  std::string job_name;
  Location first;
  Location second;
};

struct PromConfig {
  std::string path;            // stack path of the config file ("" when none could be read)
  std::string host_path;       // on this machine
  std::string container_path;  // as the server sees it ("" for standalone)
  bool loaded = false;         // the file was read
  std::string service;         // the service that reads it ("" standalone)

  PromDuration scrape_interval{.seconds = 60, .origin = DurationOrigin::default_value, .location = {}};
  PromDuration scrape_timeout{.seconds = 10, .origin = DurationOrigin::default_value, .location = {}};
  PromDuration evaluation_interval{.seconds = 60, .origin = DurationOrigin::default_value, .location = {}};
  std::map<std::string, Located<std::string>> external_labels;
  bool global_timeout_exceeds_interval = false;  // prometheus/scrape-timeout-exceeds-interval
  Location global_timeout_location;

  std::vector<ScrapeJob> jobs;
  // scrape_config_files is set: more jobs live in files stacklint does not read, so `jobs` may be
  // incomplete (rules that need every job stay silent).
  bool has_scrape_config_files = false;
  std::vector<DuplicateJob> duplicate_jobs;  // prometheus/duplicate-job
  std::vector<RuleFilePattern> rule_files;
  std::vector<Located<std::string>> alertmanager_targets;  // alerting.alertmanagers static targets
  bool alertmanager_discovery = false;                     // alertmanagers found through service discovery
  std::vector<AlertmanagerTarget> alertmanager_resolved;   // parallel to alertmanager_targets (services only)
  bool alert_relabeling = false;                           // alert_relabel_configs may rewrite the labels alerts carry
  int listen_port = 9090;  // where the server serves its UI, API and /metrics (--web.listen-address)
  std::optional<Located<double>> retention_time_seconds;  // storage.tsdb.retention.time (3.8+)
  std::optional<Located<int64_t>> retention_size_bytes;   // storage.tsdb.retention.size (3.8+)

  PromFlags flags;  // only meaningful when bound to a service
  int version_major = 3;
  int version_minor = 0;
  std::string version_source = "default";  // "image" or "default"

  std::vector<ResolvedRuleFile> resolved_rule_files;
  std::vector<std::shared_ptr<RuleFile>> loaded_rule_files;
  // Errors of the service, not of the file: a --config.file its bind mount does not hold
  // (prometheus/syntax, located at the mount).
  std::vector<ParseIssue> command_line_errors;
};

}  // namespace stacklint
