#include "linter/analysis/sources.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "linter/model/pg_config.h"
#include "linter/model/redis_config.h"
#include "linter/units/format.h"

namespace stacklint::analysis {

namespace {

std::string location_text(const Location& l) {
  if (!l.valid()) return "";
  return l.file + ":" + std::to_string(l.line);
}

// The services of the stack whose role holds the config (postgres or redis), enabled ones only.
std::vector<const Service*> services_with_role(const Stack& stack, Role role) {
  std::vector<const Service*> out;
  for (const Service& s : stack.services) {
    if (s.enabled && s.role == role) out.push_back(&s);
  }
  return out;
}

// The role of the services that hold a config a knowledge fact names ("postgres", "redis"), and
// the exporter role that observes them; nullopt for other configs.
struct ConfigRoles {
  Role server;
  Role exporter;
};
std::optional<ConfigRoles> roles_of_config(std::string_view config) {
  if (config == "postgres") return ConfigRoles{.server = Role::postgres, .exporter = Role::postgres_exporter};
  if (config == "redis") return ConfigRoles{.server = Role::redis, .exporter = Role::redis_exporter};
  return std::nullopt;
}

// Whether `name` is the container of service s: its container_name, the service name, or compose's
// generated `<project>-<service>-<n>` (v1: `<project>_<service>_<n>`).
bool same_container(const Service& s, std::string_view name) {
  if (s.name == name) return true;
  if (s.container_name() && s.container_name()->value == name) return true;
  for (const char sep : {'-', '_'}) {
    const size_t last = name.rfind(sep);
    if (last == std::string_view::npos || last + 1 == name.size()) continue;
    const std::string_view index = name.substr(last + 1);
    if (!std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    const std::string_view head = name.substr(0, last);
    if (head.size() > s.name.size() && head.ends_with(s.name) && head[head.size() - s.name.size() - 1] == sep) {
      return true;
    }
  }
  return false;
}

ResolvedSetting from_setting(const Service& svc, std::string name, const Setting* set, double value,
                             std::string default_text) {
  ResolvedSetting r{.name = std::move(name),
                    .value = value,
                    .text = {},
                    .is_default = set == nullptr,
                    .bytes = false,
                    .service = svc.name,
                    .where = {}};
  if (set == nullptr) {
    r.text = std::move(default_text);
    return r;
  }
  r.text = set->current.raw;
  r.where.push_back(
      Related{.message = r.name + " = " + set->current.raw + " (" + std::string(to_string(set->current.origin)) + ")",
              .location = set->current.location});
  for (auto it = set->overrides.rbegin(); it != set->overrides.rend(); ++it) {
    r.where.push_back(
        Related{.message = "overridden: " + r.name + " = " + it->raw + " (" + std::string(to_string(it->origin)) + ")",
                .location = it->location});
  }
  return r;
}

}  // namespace

std::string format_number(double v) {
  std::array<char, 64> buf{};
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e18) {
    std::snprintf(buf.data(), buf.size(), "%lld", static_cast<long long>(v));
    std::string digits = buf.data();
    const size_t first = digits.front() == '-' ? 1 : 0;
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > static_cast<std::ptrdiff_t>(first); i -= 3) {
      digits.insert(static_cast<size_t>(i), ",");
    }
    return digits;
  }
  std::snprintf(buf.data(), buf.size(), "%g", v);
  return buf.data();
}

std::string ResolvedSetting::value_text() const {
  return bytes ? format_bytes(static_cast<int64_t>(value)) : format_number(value);
}

void ResolvedSetting::add_notes(std::vector<Related>& out) const {
  for (const Related& r : where) {
    if (r.location.valid()) out.push_back(r);
  }
}

std::string ResolvedSetting::describe() const {
  std::string s = name + " = " + text;
  if (is_default) return s + " (default)";
  if (!where.empty() && where.front().location.valid()) s += " (" + location_text(where.front().location) + ")";
  return s;
}

std::vector<Evaluator> evaluators(const Stack& stack, const RuleFile& file) {
  std::vector<Evaluator> out;
  const auto loads = [&](const PromConfig& c) {
    return std::any_of(c.loaded_rule_files.begin(), c.loaded_rule_files.end(),
                       [&](const std::shared_ptr<RuleFile>& f) { return f.get() == &file; });
  };
  for (const Service& s : stack.services) {
    if (s.enabled && s.prometheus && loads(*s.prometheus)) out.push_back({.service = &s, .config = s.prometheus.get()});
  }
  for (const auto& c : stack.standalone_prometheus) {
    if (c && loads(*c)) out.push_back({.service = nullptr, .config = c.get()});
  }
  return out;
}

JobLabels job_labels(const ScrapeJob& job) {
  JobLabels out;
  out.may_be_any = job.relabel_may_set_job || job.targets_unknown();
  bool untagged = job.targets.empty();
  for (const ScrapeTarget& t : job.targets) {
    const auto it = t.labels.find("job");
    if (it != t.labels.end()) {
      out.values.push_back(it->second.value);
    } else {
      untagged = true;
    }
  }
  if (untagged) out.values.push_back(job.job_label.empty() ? job.job_name.value : job.job_label);
  std::sort(out.values.begin(), out.values.end());
  out.values.erase(std::unique(out.values.begin(), out.values.end()), out.values.end());
  return out;
}

const promql::Matcher* find_matcher(const promql::Node& selector, std::string_view name) {
  for (const promql::Matcher& m : selector.matchers()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

int target_port(const ScrapeTarget& t) {
  if (t.port != 0) return t.port;
  // Standalone configs are not bound to the stack's topology: read the port from the address.
  const std::string& a = t.address.value;
  const size_t colon = a.rfind(':');
  if (colon == std::string::npos || colon + 1 == a.size() || a.size() - colon > 6) return 0;
  int port = 0;
  for (size_t i = colon + 1; i < a.size(); ++i) {
    if (a[i] < '0' || a[i] > '9') return 0;
    port = port * 10 + (a[i] - '0');
  }
  return port;
}

namespace {

// Whether a job's name says it collects the exporter of `role` (`cadvisor`, `node`, `node-exporter`,
// `postgres_exporter`, `redis`): the authors' word on a target outside the stack, whose program is
// not known here (rw31 Fonmon: job `cadvisor` scrapes `host-a:9000`, where each host's compose
// file publishes cAdvisor's 8080).
bool job_named_for(const ScrapeJob& job, Role role) {
  std::string_view want;
  switch (role) {
    case Role::cadvisor:
      want = "cadvisor";
      break;
    case Role::node_exporter:
      want = "node";
      break;
    case Role::postgres_exporter:
      want = "postgres";
      break;
    case Role::redis_exporter:
      want = "redis";
      break;
    default:
      return false;
  }
  const std::string& name = job.job_name.value;
  for (size_t b = 0; b < name.size();) {
    size_t e = b;
    while (e < name.size() && std::isalnum(static_cast<unsigned char>(name[e])) != 0) ++e;
    std::string word = name.substr(b, e - b);
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (word == want || (role == Role::postgres_exporter && (word == "postgresql" || word == "pg"))) return true;
    b = e + 1;
  }
  return false;
}

}  // namespace

namespace {

// `host.docker.internal:8281` where a service of `role` publishes `8281:9100`: the Docker host's
// gateway name and one of its published ports lead to that service (rw51 openfoodfacts-monitoring's
// node_exporter, scraped through the host).
bool published_on_host(const Stack& stack, const ScrapeTarget& t, Role role) {
  std::string host = t.host;
  if (host.empty()) host = t.address.value.substr(0, t.address.value.rfind(':'));
  if (host != "host.docker.internal" && host != "gateway.docker.internal") return false;
  const std::string port = std::to_string(target_port(t));
  return std::any_of(stack.services.begin(), stack.services.end(), [&](const Service& s) {
    return s.enabled && s.role == role &&
           std::any_of(s.ports.begin(), s.ports.end(), [&](const PortMapping& m) { return m.published == port; });
  });
}

}  // namespace

bool job_scrapes_role(const Stack& stack, const ScrapeJob& job, Role role) {
  const int port = knowledge::metrics_port(role);
  // The servers' own ports are no exporter's, whatever the job is named (`redis` at host:6379).
  const auto server_port = [](int p) { return p == 6379 || p == 5432; };
  for (const ScrapeTarget& t : job.targets) {
    if (!t.service.empty()) {
      const Service* s = stack.find_service(t.service);
      if (s != nullptr && s->role == role) return true;
      // A service whose image stacklint does not know (role app), scraped on the exporter's
      // registered port: a build of that exporter (rw71 url-shortener-infra's
      // linuxtips/node-exporter_alpine at node-exporter:9100).
      if (s != nullptr && s->role == Role::app && port != 0 && target_port(t) == port) return true;
      // `127.0.0.1:9100` from inside the Prometheus container: a job aimed at the exporter by its
      // port, at the wrong host. prometheus/target-is-self reports that address; the rules on the
      // exporter's metrics would only repeat it (rw22 system-monitoring-grafana: six findings).
      if (t.resolved_by == "localhost" && port != 0 && target_port(t) == port) return true;
    } else if (port != 0 && target_port(t) == port) {
      return true;
    } else if (published_on_host(stack, t, role)) {
      return true;
    } else if (job_named_for(job, role) && !server_port(target_port(t))) {
      return true;
    }
  }
  return false;
}

bool all_jobs_known(const PromConfig& config) {
  return !config.has_scrape_config_files && !config.flags.push_receiver;
}

JobSelection select_jobs(const Stack& stack, const PromConfig& config, const promql::Node& selector) {
  JobSelection sel;
  if (!all_jobs_known(config)) return sel;  // not every job is known: decide nothing
  if (const promql::Matcher* m = find_matcher(selector, "job")) {
    sel.job_matcher = m;
    sel.decided = true;
    for (const ScrapeJob& j : config.jobs) {
      const JobLabels labels = job_labels(j);
      if (labels.may_be_any || std::any_of(labels.values.begin(), labels.values.end(),
                                           [&](const std::string& v) { return m->matches(v); })) {
        sel.jobs.push_back(&j);
      }
    }
    return sel;
  }
  const knowledge::MetricFact* fact = knowledge::find_metric(selector.metric_name());
  // A program stacklint gives no role (minio): which jobs scrape it is unknown.
  if (fact == nullptr || !fact->program.empty()) return sel;
  sel.decided = true;
  for (const ScrapeJob& j : config.jobs) {
    // Targets found by service discovery stacklint cannot follow (dns, kubernetes, file_sd files
    // not in the repository...) may be the exporter: not decided against.
    if (!fact->exporter || j.targets_unknown() || job_scrapes_role(stack, j, *fact->exporter)) {
      sel.jobs.push_back(&j);
    }
  }
  return sel;
}

std::vector<BoundService> bound_services(const Stack& stack, const std::vector<Evaluator>& evals,
                                         const promql::Node& selector, const knowledge::SettingRef& ref) {
  std::vector<BoundService> out;
  const auto add = [&](const Service* s, std::string via) {
    if (s == nullptr) return;
    if (std::any_of(out.begin(), out.end(), [&](const BoundService& b) { return b.service == s; })) return;
    out.push_back({.service = s, .via = std::move(via)});
  };
  if (ref.config == "container") {
    for (std::string_view label : {"container_label_com_docker_compose_service", "name", "container"}) {
      const promql::Matcher* m = find_matcher(selector, label);
      if (m == nullptr || m->op != promql::MatchOp::equal) continue;
      for (const Service& s : stack.services) {
        if (s.enabled && same_container(s, m->value))
          add(&s, "the container selected by " + std::string(m->name) + "=\"" + std::string(m->value) + "\"");
      }
      if (!out.empty()) break;
    }
    return out;
  }
  const std::optional<ConfigRoles> roles = roles_of_config(ref.config);
  if (!roles) return out;
  bool scraped_exporter = false;
  for (const Evaluator& e : evals) {
    const JobSelection sel = select_jobs(stack, *e.config, selector);
    for (const ScrapeJob* j : sel.jobs) {
      for (const ScrapeTarget& t : j->targets) {
        const Service* exp = t.service.empty() ? nullptr : stack.find_service(t.service);
        if (exp == nullptr || exp->role != roles->exporter) continue;
        scraped_exporter = true;
        const Service* observed = exp->observes().empty() ? nullptr : stack.find_service(exp->observes());
        if (observed != nullptr && observed->role == roles->server) {
          add(observed, "observed by " + exp->name + ", scraped by job \"" + j->job_name.value + "\"");
        }
      }
    }
  }
  if (scraped_exporter) return out;
  // A rule file no Prometheus of the stack loads, in a stack with a Prometheus: the rules are
  // evaluated elsewhere (rw28 desewebv5-gitops: Kubernetes' rule files beside a compose stack), and
  // say nothing of this stack's servers.
  // So in a stack whose Prometheus config no service runs (rw247 Wisdoverse: docker/'s test stack
  // beside prometheus/prometheus.yml, which the production stack runs against its own Redis).
  const bool other_prometheus =
      !stack.standalone_prometheus.empty() ||
      std::any_of(stack.skipped_files.begin(), stack.skipped_files.end(),
                  [](const SkippedFile& f) { return f.kind == FileKind::prometheus && f.reader.empty(); });
  if (evals.empty() && (other_prometheus || std::any_of(stack.services.begin(), stack.services.end(),
                                                        [](const Service& s) { return s.enabled && s.prometheus; }))) {
    return out;
  }
  // No exporter service in the path (it is missing or unresolved): the stack's only server of
  // that kind is the one the metric describes.
  const std::vector<const Service*> candidates = services_with_role(stack, roles->server);
  if (candidates.size() == 1) add(candidates.front(), "the stack's only " + ref.config + " service");
  return out;
}

std::optional<ResolvedSetting> resolve_setting(const Stack& stack, const Service& service,
                                               const knowledge::SettingRef& ref) {
  (void)stack;
  if (ref.config == "postgres" && service.postgres) {
    const PgConfig& c = *service.postgres;
    const Setting* set = c.find(ref.name);
    const bool bytes = set != nullptr ? set->unit == "bytes" : ref.name == "shared_buffers";
    const double v = static_cast<double>(bytes ? c.memory_bytes(ref.name) : c.integer(ref.name));
    const std::string def = bytes ? format_bytes(c.memory_bytes(ref.name)) : format_number(v);
    auto r = from_setting(service, ref.name, set, v, def);
    r.bytes = bytes;
    return r;
  }
  // A redis whose config file cannot be opened never starts: its settings are the missing file's,
  // unknown, not the defaults (rw56 rwwwrse: maxmemory "0 (default)" of an absent redis-prod.conf).
  if (ref.config == "redis" && service.redis && service.redis->starts) {
    const RedisConfig& c = *service.redis;
    const Setting* set = c.find(ref.name);
    if (ref.name == "maxmemory") {
      auto r = from_setting(service, ref.name, set, static_cast<double>(c.maxmemory()), "0");
      r.bytes = true;
      return r;
    }
    double v = 0;
    if (set != nullptr && std::holds_alternative<int64_t>(set->current.value)) {
      v = static_cast<double>(std::get<int64_t>(set->current.value));
    } else if (ref.name == "maxclients") {
      v = 10000;  // redis's default
    } else {
      return std::nullopt;
    }
    return from_setting(service, ref.name, set, v, format_number(v));
  }
  if (ref.config == "container" && service.memory_limit) {
    ResolvedSetting r{.name = "memory limit",
                      .value = static_cast<double>(service.memory_limit->value),
                      .text = {},
                      .is_default = false,
                      .bytes = true,
                      .service = service.name,
                      .where = {}};
    r.text = format_number(r.value);
    r.where.push_back(Related{.message = "the memory limit of service " + service.name + ": " + r.value_text(),
                              .location = service.memory_limit->location});
    return r;
  }
  return std::nullopt;
}

std::optional<ResolvedSetting> resolve_string_setting(const Stack& stack, const Service& service,
                                                      const knowledge::SettingRef& ref) {
  (void)stack;
  if (ref.config == "postgres" && service.postgres) {
    const PgConfig& c = *service.postgres;
    const std::string v = c.string(ref.name);
    auto r = from_setting(service, ref.name, c.find(ref.name), 0, "'" + v + "'");
    r.text = v;
    return r;
  }
  if (ref.config == "redis" && service.redis && service.redis->starts) {
    const RedisConfig& c = *service.redis;
    const Setting* set = c.find(ref.name);
    std::string v;
    if (ref.name == "maxmemory-policy") {
      v = c.maxmemory_policy();
    } else if (set != nullptr && std::holds_alternative<std::string>(set->current.value)) {
      v = std::get<std::string>(set->current.value);
    } else {
      return std::nullopt;
    }
    auto r = from_setting(service, ref.name, set, 0, v);
    r.text = v;
    return r;
  }
  return std::nullopt;
}

std::optional<bool> condition_holds(const Stack& stack, const Service& service, const knowledge::Condition& c,
                                    ResolvedSetting* setting) {
  const auto s = resolve_string_setting(stack, service, c.setting);
  if (!s) return std::nullopt;
  if (setting != nullptr) *setting = *s;
  if (!c.contains) return s->text == c.value;
  // A comma-separated list (shared_preload_libraries = 'pg_stat_statements, auto_explain').
  size_t start = 0;
  while (start <= s->text.size()) {
    size_t end = s->text.find(',', start);
    if (end == std::string::npos) end = s->text.size();
    std::string item = s->text.substr(start, end - start);
    const auto first = item.find_first_not_of(" \t\"");
    const auto last = item.find_last_not_of(" \t\"");
    item = first == std::string::npos ? "" : item.substr(first, last - first + 1);
    if (item == c.value) return true;
    start = end + 1;
  }
  return false;
}

const Service* port_listener(const Stack& stack, const Service& self, int port) {
  const std::string p = std::to_string(port);
  for (const Service& s : stack.services) {
    if (&s == &self) continue;
    const auto facts = knowledge::ports_of(s.role);
    if (std::any_of(facts.begin(), facts.end(), [port](const knowledge::PortFact* f) { return f->port == port; })) {
      return &s;
    }
  }
  for (const Service& s : stack.services) {
    if (&s == &self) continue;
    if (std::any_of(s.ports.begin(), s.ports.end(), [&p](const PortMapping& m) { return m.target == p; })) return &s;
  }
  return nullptr;
}

}  // namespace stacklint::analysis
