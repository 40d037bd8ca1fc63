#include "linter/report/model_json.h"

#include <algorithm>

#include "linter/model/am_config.h"
#include "linter/model/grafana_config.h"
#include "linter/model/pg_config.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/prom_config.h"
#include "linter/model/redis_config.h"
#include "linter/model/secrets.h"
#include "linter/report/json_util.h"
#include "linter/stack/purpose.h"

namespace stacklint {

nlohmann::json location_json(const Location& l) {
  return nlohmann::json{{"file", l.file.str()},
                        {"line", l.line},
                        {"column", l.column},
                        {"end_line", l.end_line},
                        {"end_column", l.end_column}};
}

namespace {

nlohmann::json value_json(const SettingValue& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else {
          return x;
        }
      },
      v);
}

nlohmann::json entry_json(const SettingEntry& e) {
  nlohmann::json j{{"value", value_json(e.value)}, {"raw", e.raw}, {"location", location_json(e.location)}};
  if (e.origin != SettingOrigin::none) j["origin"] = std::string(to_string(e.origin));
  return j;
}

template <class T>
nlohmann::json located_or_null(const std::optional<Located<T>>& v) {
  if (!v) return nullptr;
  return nlohmann::json{{"value", v->value}, {"location", location_json(v->location)}};
}

nlohmann::json duration_json(const PromDuration& d) {
  nlohmann::json j{{"value", d.seconds}, {"origin", std::string(to_string(d.origin))}};
  if (d.location.valid()) j["location"] = location_json(d.location);
  return j;
}

nlohmann::json hba_tokens(const std::vector<HbaToken>& tokens) {
  nlohmann::json out = nlohmann::json::array();
  for (const HbaToken& t : tokens) out.push_back(t.quoted ? "\"" + t.text + "\"" : t.text);
  return out;
}

// The pg_hba.conf a postgres server reads: its records in postgres's order.
nlohmann::json hba_json(const HbaFile& hba) {
  nlohmann::json records = nlohmann::json::array();
  for (const HbaRecord& r : hba.records) {
    nlohmann::json j{{"line", r.line}, {"location", location_json(r.location)}};
    if (r.unknown) {
      j["unknown"] = true;
    } else if (!r.error.empty()) {
      j["error"] = r.error;
    } else {
      j["type"] = to_string(r.type);
      j["database"] = hba_tokens(r.databases);
      j["user"] = hba_tokens(r.users);
      if (r.type != HbaConnType::local) {
        std::string address;
        for (const HbaToken& t : r.address_tokens) address += (address.empty() ? "" : " ") + t.text;
        j["address"] = address;
      }
      j["method"] = to_string(r.method);
      if (!r.options.empty()) j["options"] = hba_tokens(r.options);
    }
    records.push_back(std::move(j));
  }
  return {{"file", hba.server_path}, {"records", std::move(records)}};
}

nlohmann::json prometheus_json(const PromConfig& p) {
  nlohmann::json jobs = nlohmann::json::array();
  for (const ScrapeJob& job : p.jobs) {
    nlohmann::json targets = nlohmann::json::array();
    nlohmann::json bound = nlohmann::json::array();
    for (const ScrapeTarget& t : job.targets) {
      targets.push_back(t.address.value);
      bound.push_back({{"address", t.address.value},
                       {"service", t.service.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.service)},
                       {"resolved_by", t.resolved_by},
                       {"external", t.external},
                       {"location", location_json(t.address.location)}});
    }
    nlohmann::json file_sd = nlohmann::json::array();
    for (const FileSdPattern& f : job.file_sd) {
      file_sd.push_back({{"pattern", f.pattern.value},
                         {"resolved", f.container_pattern},
                         {"files", f.files},
                         {"complete", f.complete},
                         {"location", location_json(f.pattern.location)}});
    }
    jobs.push_back({{"job_name", job.job_name.value},
                    {"job_label", job.job_label},
                    {"scrape_interval", duration_json(job.interval)},
                    {"scrape_timeout", duration_json(job.timeout)},
                    {"metrics_path", job.metrics_path},
                    {"scheme", job.scheme},
                    {"targets", std::move(targets)},
                    {"target_services", std::move(bound)},
                    {"file_sd", std::move(file_sd)},
                    {"location", location_json(job.job_name.location)}});
  }
  nlohmann::json patterns = nlohmann::json::array();
  for (const RuleFilePattern& r : p.rule_files) {
    patterns.push_back({{"pattern", r.pattern.value},
                        {"resolved", r.container_pattern},
                        {"location", location_json(r.pattern.location)}});
  }
  nlohmann::json loaded = nlohmann::json::array();
  for (const ResolvedRuleFile& r : p.resolved_rule_files) {
    loaded.push_back({{"container_path", r.container_path}, {"path", r.stack_path}});
  }
  nlohmann::json alertmanagers = nlohmann::json::array();
  for (const auto& a : p.alertmanager_targets) alertmanagers.push_back(a.value);
  return nlohmann::json{{"config", p.path.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.path)},
                        {"container_path", p.container_path},
                        {"version", std::to_string(p.version_major) + "." + std::to_string(p.version_minor)},
                        {"scrape_interval", duration_json(p.scrape_interval)},
                        {"scrape_timeout", duration_json(p.scrape_timeout)},
                        {"evaluation_interval", duration_json(p.evaluation_interval)},
                        {"jobs", std::move(jobs)},
                        {"rule_files", std::move(patterns)},
                        {"loaded_rule_files", std::move(loaded)},
                        {"alertmanagers", std::move(alertmanagers)},
                        {"query_max_samples", p.flags.query_max_samples.value}};
}

Location location_of(const nlohmann::json& j) {
  Location l;
  const auto number = [&](const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_unsigned() ? it->get<uint32_t>() : 0U;
  };
  if (const auto f = j.find("file"); f != j.end() && f->is_string()) l.file = f->get<std::string>();
  l.line = number("line");
  l.column = number("column");
  l.end_line = number("end_line");
  l.end_column = number("end_column");
  return l;
}

// Every string of the model passes the redactor: a string next to a "location" is redacted for
// the values recorded there too (settings' raw values, command lines).
void redact_json(nlohmann::json& j, const Redactor& redactor, std::vector<Location>& near) {
  if (j.is_string()) {
    std::vector<const Location*> where;
    for (const Location& l : near) where.push_back(&l);
    j = redactor.apply(j.get<std::string>(), where);
  } else if (j.is_array()) {
    for (nlohmann::json& item : j) redact_json(item, redactor, near);
  } else if (j.is_object()) {
    const auto loc = j.find("location");
    const bool located = loc != j.end() && loc->is_object();
    if (located) near.push_back(location_of(*loc));
    for (auto& item : j.items()) redact_json(item.value(), redactor, near);
    if (located) near.pop_back();
  }
}

nlohmann::json optional_int(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json pgbouncer_json(const PgBouncerConfig& c);

nlohmann::json route_json(const AmRoute& r) {
  nlohmann::json matchers = nlohmann::json::array();
  for (const AmMatcher& m : r.matchers) matchers.push_back(m.text());
  nlohmann::json group_by = nlohmann::json::array();
  for (const auto& g : r.group_by) group_by.push_back(g.value);
  nlohmann::json routes = nlohmann::json::array();
  for (const AmRoute& c : r.routes) routes.push_back(route_json(c));
  return nlohmann::json{{"receiver", r.effective_receiver},     {"matchers", std::move(matchers)},
                        {"group_by", std::move(group_by)},      {"continue", r.continue_matching},
                        {"group_wait", r.group_wait},           {"group_interval", r.group_interval},
                        {"repeat_interval", r.repeat_interval}, {"routes", std::move(routes)},
                        {"location", location_json(r.location)}};
}

// URLs of receivers are often secrets (a Slack webhook): only scheme and host are shown.
std::string url_host(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const size_t end = url.find_first_of("/?#", scheme + 3);
  std::string authority = url.substr(0, end);
  if (const size_t at = authority.rfind('@'); at != std::string::npos && at > scheme)
    authority.erase(scheme + 3, at - scheme - 2);
  return authority;
}

nlohmann::json alertmanager_json(const AmConfig& c, const std::vector<std::string>& senders) {
  nlohmann::json receivers = nlohmann::json::array();
  for (const AmReceiver& r : c.receivers) {
    nlohmann::json integrations = nlohmann::json::array();
    for (const AmIntegration& in : r.integrations) {
      nlohmann::json urls = nlohmann::json::array();
      for (const auto& [field, url] : in.urls) urls.push_back({{"field", field}, {"host", url_host(url.value)}});
      integrations.push_back({{"type", in.type}, {"urls", std::move(urls)}, {"location", location_json(in.location)}});
    }
    receivers.push_back({{"name", r.name.value},
                         {"integrations", std::move(integrations)},
                         {"location", location_json(r.name.location)}});
  }
  nlohmann::json templates = nlohmann::json::array();
  for (const auto& t : c.templates) templates.push_back(t.value);
  return nlohmann::json{{"config", c.path},
                        {"version", c.version.text()},
                        {"route", c.route ? route_json(*c.route) : nlohmann::json(nullptr)},
                        {"receivers", std::move(receivers)},
                        {"templates", std::move(templates)},
                        {"senders", senders},
                        {"errors", c.errors.size()}};
}

nlohmann::json grafana_json(const GrafanaConfig& g) {
  nlohmann::json datasources = nlohmann::json::array();
  for (const GrafanaDatasource& d : g.datasources) {
    datasources.push_back({{"name", d.name.value},
                           {"type", d.type},
                           {"url", d.url ? nlohmann::json(d.url->value) : nlohmann::json(nullptr)},
                           {"access", d.access},
                           {"is_default", d.is_default},
                           {"file", d.file},
                           {"location", location_json(d.name.location)}});
  }
  nlohmann::json env = nlohmann::json::array();
  for (const GrafanaEnvSetting& e : g.settings) {  // names only: values may be secrets
    env.push_back(
        {{"section", e.section}, {"key", e.key}, {"from_file", e.from_file}, {"location", location_json(e.location)}});
  }
  return nlohmann::json{{"http_port", g.http_port},
                        {"settings", std::move(env)},
                        {"provisioning_files", g.provisioning_files},
                        {"datasources", std::move(datasources)}};
}

nlohmann::json connections_json(const std::vector<ClientConnection>& connections) {
  nlohmann::json out = nlohmann::json::array();
  for (const ClientConnection& c : connections) {
    out.push_back({{"variable", c.variable},
                   {"scheme", c.scheme},
                   {"host", c.host},
                   {"port", c.port},
                   {"user", c.user},
                   {"has_password", c.has_password},
                   {"service", c.service.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.service)},
                   {"resolved_by", c.resolved_by},
                   {"external", c.external},
                   {"listen_ports", c.listen_ports},
                   {"location", location_json(c.location)}});
  }
  return out;
}

nlohmann::json pgbouncer_json(const PgBouncerConfig& c) {
  nlohmann::json dbs = nlohmann::json::array();
  for (const PgBouncerDatabase& d : c.databases) {
    dbs.push_back({{"name", d.name.value},
                   {"host", d.host},
                   {"port", d.port},
                   {"dbname", d.dbname},
                   {"user", d.user},
                   {"auth_user", d.auth_user},
                   {"pool_size", optional_int(d.pool_size)},
                   {"reserve_pool_size", optional_int(d.reserve_pool_size)},
                   {"min_pool_size", optional_int(d.min_pool_size)},
                   {"max_db_connections", optional_int(d.max_db_connections)},
                   {"pool_mode", d.pool_mode},
                   {"location", location_json(d.location)}});
  }
  nlohmann::json users = nlohmann::json::array();
  for (const PgBouncerUser& u : c.users) {
    users.push_back({{"name", u.name.value},
                     {"pool_size", optional_int(u.pool_size)},
                     {"reserve_pool_size", optional_int(u.reserve_pool_size)},
                     {"max_user_connections", optional_int(u.max_user_connections)},
                     {"pool_mode", u.pool_mode},
                     {"location", location_json(u.name.location)}});
  }
  return nlohmann::json{{"version", c.version.text()},
                        {"origin", c.origin},
                        {"files", c.files},
                        {"listen_port", c.listen_port()},
                        {"settings", settings_json(c.settings)},
                        {"databases", std::move(dbs)},
                        {"users", std::move(users)}};
}

}  // namespace

nlohmann::json settings_json(const Settings& settings) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, s] : settings) {
    nlohmann::json j = entry_json(s.current);
    if (!s.unit.empty()) j["unit"] = s.unit;
    j["overrides"] = nlohmann::json::array();
    for (const auto& o : s.overrides) j["overrides"].push_back(entry_json(o));
    out[name] = std::move(j);
  }
  return out;
}

nlohmann::json model_json(const Stack& stack) {
  nlohmann::json services = nlohmann::json::array();
  for (const Service& s : stack.services) {
    nlohmann::json mounts = nlohmann::json::array();
    for (const Mount& m : s.mounts) {
      mounts.push_back({{"type", m.bind ? "bind" : "volume"},
                        {"source", m.source},
                        {"target", m.target},
                        {"read_only", m.read_only},
                        {"location", location_json(m.location)}});
    }
    nlohmann::json svc{{"name", s.name},
                       {"enabled", s.enabled},
                       {"role", to_string(s.role)},
                       {"image", s.image ? nlohmann::json(s.image->value) : nlohmann::json(nullptr)},
                       {"version", s.version},
                       {"memory_limit", located_or_null(s.memory_limit)},
                       {"memory_reservation", located_or_null(s.memory_reservation())},
                       {"cpus", located_or_null(s.cpus())},
                       {"command", located_or_null(s.command)},
                       {"entrypoint", located_or_null(s.entrypoint())},
                       {"mounts", std::move(mounts)},
                       {"location", location_json(s.location)}};
    if (!s.observes().empty()) {
      svc["observes"] = {{"service", s.observes()}, {"location", location_json(s.observes_location())}};
    }
    if (s.postgres) {
      svc["postgres"] = {{"settings", settings_json(s.postgres->settings)}};
      if (s.postgres->hba) svc["postgres"]["hba"] = hba_json(*s.postgres->hba);
    }
    if (s.redis) svc["redis"] = {{"settings", settings_json(s.redis->settings)}};
    if (s.prometheus) svc["prometheus"] = prometheus_json(*s.prometheus);
    if (s.pgbouncer) svc["pgbouncer"] = pgbouncer_json(*s.pgbouncer);
    if (s.alertmanager) svc["alertmanager"] = alertmanager_json(*s.alertmanager, s.alert_senders());
    if (s.grafana) svc["grafana"] = grafana_json(*s.grafana);
    if (!s.connections().empty()) svc["connections"] = connections_json(s.connections());
    services.push_back(std::move(svc));
  }
  std::vector<const StackFile*> files;
  for (const auto& f : stack.files) files.push_back(&f);
  std::sort(files.begin(), files.end(), [](const StackFile* a, const StackFile* b) { return a->path < b->path; });
  nlohmann::json file_list = nlohmann::json::array();
  for (const StackFile* f : files) {
    nlohmann::json j{{"path", f->path}, {"kind", to_string(f->kind)}};
    for (const auto& pg : stack.standalone_postgres) {
      if (pg && !pg->files.empty() && pg->files.front() == f->path) j["settings"] = settings_json(pg->settings);
    }
    for (const auto& r : stack.standalone_redis) {
      if (r && !r->files.empty() && r->files.front() == f->path) j["settings"] = settings_json(r->settings);
    }
    file_list.push_back(std::move(j));
  }
  nlohmann::json host{
      {"memory", stack.host.memory ? nlohmann::json(stack.host.memory->value) : nlohmann::json(nullptr)},
      {"reserve", stack.host.reserve}};
  nlohmann::json skipped = nlohmann::json::array();
  for (const SkippedFile& f : stack.skipped_files) {
    skipped.push_back({{"path", f.path}, {"kind", to_string(f.kind)}, {"reason", f.reason}});
  }
  // What the stack names but stacklint did not read (outside the root, not a regular file...).
  nlohmann::json not_read = nlohmann::json::array();
  for (const RefusedRead& r : stack.refused_reads) {
    not_read.push_back({{"reason", describe_refusal(r)}, {"location", location_json(r.reference.location)}});
  }
  nlohmann::json purpose{{"deployed", stack.purpose.deployed}, {"evidence", to_string(stack.purpose.evidence)}};
  if (stack.purpose.evidence != StackPurpose::Evidence::none) {
    purpose["detail"] = stack.purpose.detail;
    if (stack.purpose.location.valid()) purpose["location"] = location_json(stack.purpose.location);
  }
  if (stack.purpose.teaching) purpose["teaching"] = true;
  if (!stack.purpose.stated.empty()) purpose["stated"] = stack.purpose.stated;
  nlohmann::json model{{"version", 1},       {"host", host},       {"purpose", purpose},  {"services", services},
                       {"files", file_list}, {"skipped", skipped}, {"not_read", not_read}};
  const Redactor redactor(stack);
  std::vector<Location> near;
  redact_json(model, redactor, near);
  return model;
}

}  // namespace stacklint
