// Where a rule's series come from: the Prometheus that evaluates a rule file, the scrape jobs a
// selector's series can come from (its `job` matcher, else the metric family's exporter), and the
// configuration that bounds a metric (the exporter's observed service, its settings with where
// they were set). Used by the cross-file alerts/* and promql/* rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linter/formats/promql/ast.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"

namespace stacklint::analysis {

// A Prometheus that loads a rule file: a service's config, or a standalone prometheus.yml.
struct Evaluator {
  const Service* service = nullptr;  // null for a standalone prometheus.yml
  const PromConfig* config = nullptr;
};
std::vector<Evaluator> evaluators(const Stack& stack, const RuleFile& file);

// The `job` label values a scrape job gives its series: the static targets' `job` label when set,
// else the job name. `may_be_any` when relabeling may rewrite it.
struct JobLabels {
  std::vector<std::string> values;
  bool may_be_any = false;
};
JobLabels job_labels(const ScrapeJob& job);

// The first matcher on label `name` of a vector selector, or null.
const promql::Matcher* find_matcher(const promql::Node& selector, std::string_view name);

// The scrape jobs whose series a vector selector can match.
struct JobSelection {
  std::vector<const ScrapeJob*> jobs;
  const promql::Matcher* job_matcher = nullptr;  // the selector's `job` matcher, when it decided
  bool decided = false;                          // false: neither a job matcher nor a known exporter
};
// Whether the config's scrape jobs are all the jobs its Prometheus has: not when jobs live in
// scrape_config_files stacklint does not read, nor when a push receiver takes series from senders.
bool all_jobs_known(const PromConfig& config);

JobSelection select_jobs(const Stack& stack, const PromConfig& config, const promql::Node& selector);

// The target's port: from the topology when bound, else from its address; 0 when none is written.
int target_port(const ScrapeTarget& t);

// Whether a job scrapes a service of `role`: a target resolved to such a service, or an
// unresolved target on the role's default metrics port (prometheus/target-unresolved reports it).
bool job_scrapes_role(const Stack& stack, const ScrapeJob& job, Role role);

// A service whose configuration bounds a metric, and how stacklint got there (for messages).
struct BoundService {
  const Service* service = nullptr;
  std::string via;  // "scraped through postgres-exporter (job \"pg\")", "the stack's only postgres service"
};
// The services holding the config a fact's bound or condition refers to (role postgres or redis),
// for a selector evaluated by `evals` (none: standalone rule file). Empty when unknown.
std::vector<BoundService> bound_services(const Stack& stack, const std::vector<Evaluator>& evals,
                                         const promql::Node& selector, const knowledge::SettingRef& ref);

// A setting's effective value on one service, with where it came from.
struct ResolvedSetting {
  std::string name;  // "max_connections"
  double value = 0;  // bytes for memory, count for integers
  std::string text;  // the value as written ("256mb"), or as the default would be written
  bool is_default = false;
  bool bytes = false;          // a memory size
  std::string service;         // the service it applies to
  std::vector<Related> where;  // where it was set, then the values it overrode; empty for defaults
  // "max_connections = 50 (postgres/postgresql.conf:2)", "max_connections = 100 (default)".
  [[nodiscard]] std::string describe() const;
  // The value for messages: "50", "800 MiB".
  [[nodiscard]] std::string value_text() const;
  // Appends the `where` entries that have a location (the notes of a finding) to `out`.
  void add_notes(std::vector<Related>& out) const;
};
std::optional<ResolvedSetting> resolve_setting(const Stack& stack, const Service& service,
                                               const knowledge::SettingRef& ref);
// A string setting (maxmemory-policy, shared_preload_libraries): `value` is 0, `text` the value.
std::optional<ResolvedSetting> resolve_string_setting(const Stack& stack, const Service& service,
                                                      const knowledge::SettingRef& ref);

// Whether a fact's condition holds on a service: true/false, nullopt when unknown.
std::optional<bool> condition_holds(const Stack& stack, const Service& service, const knowledge::Condition& c,
                                    ResolvedSetting* setting = nullptr);

// "268,435,456": integers with thousands separators, other numbers as %g.
std::string format_number(double v);

// A service of the stack other than `self` that listens on container port `port`: by its role's
// default ports first, else by a `ports:` mapping to it; null when none. What a `localhost:PORT`
// written inside `self`'s container probably meant ("did you mean ...").
const Service* port_listener(const Stack& stack, const Service& self, int port);

}  // namespace stacklint::analysis
