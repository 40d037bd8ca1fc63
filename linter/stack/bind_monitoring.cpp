#include "linter/stack/bind_monitoring.h"

#include <algorithm>
#include <set>

#include "linter/formats/alertmanager/parser.h"
#include "linter/formats/compose/syntax.h"
#include "linter/formats/grafana/provisioning.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/grafana_config.h"
#include "linter/model/prom_config.h"
#include "linter/stack/container.h"
#include "linter/stack/topology.h"

namespace stacklint {

namespace {

// The value of `--name=value` or `--name value` in a command, if given.
std::optional<std::string> flag(const Service& svc, const std::string& name) {
  if (!svc.command) return std::nullopt;
  const auto& args = svc.command->value;
  for (size_t i = 0; i < args.size(); ++i) {
    for (const std::string dash : {"--", "-"}) {
      const std::string f = dash + name;
      if (args[i].rfind(f + "=", 0) == 0) return args[i].substr(f.size() + 1);
      if (args[i] == f && i + 1 < args.size()) return args[i + 1];
    }
  }
  return std::nullopt;
}

bool is_yaml(const std::string& name) {
  const auto ends = [&](const std::string& s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return ends(".yml") || ends(".yaml");
}

}  // namespace

int alertmanager_listen_port(const Service& svc) {
  if (const auto a = flag(svc, "web.listen-address")) {
    const HostPort hp = split_host_port(*a, 9093);
    if (hp.port > 0) return hp.port;
  }
  return 9093;
}

int cadvisor_listen_port(const Service& svc) {
  if (const auto p = flag(svc, "port")) return split_host_port(":" + *p, 0).port;
  return 8080;
}

void bind_alertmanager(Stack& stack, Service& svc, const FileSystem& fs) {
  std::string image_config = "/etc/alertmanager/alertmanager.yml";
  if (svc.image) {
    const knowledge::ImageFact* fact = knowledge::find_image(compose::analyze_image(svc.image->value).repository);
    if (fact != nullptr && !fact->config.empty()) image_config = fact->config;
  }
  const std::string path = path::normalize(flag(svc, "config.file").value_or(image_config));
  const std::string container = path::is_absolute(path) ? path : path::join("/alertmanager", path);
  const auto resolved = resolve_container_path(stack, svc, container);
  if (!resolved || resolved->host_path.empty() || fs.is_directory(resolved->host_path)) return;
  StackFile* file = load_stack_file(stack, fs, resolved->host_path, FileKind::alertmanager);
  if (file == nullptr) return;
  alertmanager::Options options;
  if (svc.image) {
    if (auto v = alertmanager::parse_version(compose::analyze_image(svc.image->value).tag)) options.version = *v;
  }
  auto parsed = alertmanager::parse(file->source, options);
  parsed.config->path = file->path;
  for (auto& d : parsed.duplicate_keys) stack.duplicate_keys.push_back(std::move(d));
  svc.alertmanager = std::move(parsed.config);
}

std::shared_ptr<AmConfig> load_standalone_alertmanager(Stack& stack, const FileSystem& fs,
                                                       const std::string& host_path) {
  StackFile* file = load_stack_file(stack, fs, host_path, FileKind::alertmanager);
  if (file == nullptr) return nullptr;
  auto parsed = alertmanager::parse(file->source, alertmanager::Options{});
  parsed.config->path = file->path;
  for (auto& d : parsed.duplicate_keys) stack.duplicate_keys.push_back(std::move(d));
  return std::move(parsed.config);
}

void bind_grafana(Stack& stack, Service& svc, const FileSystem& fs) {
  auto config = std::make_shared<GrafanaConfig>();
  for (const auto& [name, value] : svc.environment) {
    auto s = grafana::env_setting(name);
    if (!s) continue;
    s->location = value.location;
    if (s->section == "server" && s->key == "http_port" && !s->from_file) {
      const int port = split_host_port(":" + value.value, 0).port;
      if (port > 0) {
        config->http_port = port;
        config->http_port_location = value.location;
      }
    }
    config->settings.push_back(std::move(*s));
  }
  const auto env = [&svc](const std::string& n) -> std::optional<std::string> {
    const auto it = svc.environment.find(n);
    if (it == svc.environment.end()) return std::nullopt;
    return it->second.value;
  };
  const std::string dir =
      path::normalize(path::join(env("GF_PATHS_PROVISIONING").value_or("/etc/grafana/provisioning"), "datasources"));
  // The directory as the container sees it: a mounted directory's files plus files mounted into it.
  std::set<std::string> names;
  if (const auto d = resolve_container_path(stack, svc, dir);
      d && !d->host_path.empty() && fs.is_directory(d->host_path)) {
    for (const std::string& n : fs.list(d->host_path)) names.insert(n);
  }
  for (const Mount& m : svc.mounts) {
    if (m.bind && path::dirname(path::normalize(m.target)) == dir) names.insert(path::basename(m.target));
  }
  for (const std::string& name : names) {
    const auto r = resolve_container_path(stack, svc, path::join(dir, name));
    if (!is_yaml(name) || !r || r->host_path.empty() || fs.is_directory(r->host_path)) continue;
    StackFile* file = load_stack_file(stack, fs, r->host_path, FileKind::grafana_datasources);
    if (file == nullptr) continue;
    const GrafanaProvisioningFile parsed = grafana::parse_datasources(file->source, env);
    config->provisioning_files.push_back(file->path);
    for (const GrafanaDatasource& d : parsed.datasources) config->datasources.push_back(d);
  }
  svc.grafana = std::move(config);
}

void bind_alert_senders(Stack& stack) {
  for (const Service& prom : stack.services) {
    if (!prom.enabled || !prom.prometheus) continue;
    for (const auto& t : prom.prometheus->alertmanager_targets) {
      const HostPort hp = split_host_port(t.value, 80);
      const Endpoint e = resolve_endpoint(stack, prom, hp.host, hp.port);
      if (e.service.empty()) continue;
      for (Service& am : stack.services) {
        if (am.name != e.service || am.role != Role::alertmanager) continue;
        if (std::find(am.alert_senders().begin(), am.alert_senders().end(), prom.name) == am.alert_senders().end()) {
          am.more().alert_senders.push_back(prom.name);
        }
      }
    }
  }
}

}  // namespace stacklint
