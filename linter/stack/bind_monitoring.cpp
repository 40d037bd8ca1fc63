#include "linter/stack/bind_monitoring.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "linter/formats/alertmanager/parser.h"
#include "linter/formats/compose/image.h"
#include "linter/formats/compose/syntax.h"
#include "linter/formats/grafana/provisioning.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/grafana_config.h"
#include "linter/model/prom_config.h"
#include "linter/stack/container.h"
#include "linter/stack/topology.h"

namespace stacklint {

namespace {

// The words of the entrypoint and the command, an argument holding blanks (the script of `sh -c`)
// split at blanks with its quotes and `;` dropped: `/bin/sh -c "envsubst < a.yml > /tmp/am.yml &&
// exec alertmanager --config.file=/tmp/am.yml"` runs alertmanager on /tmp/am.yml (rw164 NMS1.01,
// rw165 Us).
std::vector<std::string> command_words(const Service& svc) {
  std::vector<std::string> out;
  const auto add = [&](const std::vector<std::string>& args) {
    for (const std::string& a : args) {
      if (a.find_first_of(" \t\n") == std::string::npos) {
        out.push_back(a);
        continue;
      }
      size_t pos = 0;
      while (pos < a.size()) {
        const size_t b = a.find_first_not_of(" \t\n", pos);
        if (b == std::string::npos) break;
        const size_t e = std::min(a.find_first_of(" \t\n", b), a.size());
        std::string w = a.substr(b, e - b);
        std::erase_if(w, [](char c) { return c == '"' || c == '\'' || c == ';'; });
        if (!w.empty()) out.push_back(std::move(w));
        pos = e;
      }
    }
  };
  if (const auto& entrypoint = svc.entrypoint()) add(entrypoint->value);
  if (svc.command) add(svc.command->value);
  return out;
}

// The value of `--name=value` or `--name value` in the entrypoint or command, if given.
std::optional<std::string> flag(const Service& svc, const std::string& name) {
  const std::vector<std::string> args = command_words(svc);
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

// The value of `key` in `[section]` of a grafana.ini, as Grafana's ini reader takes it: `key = value`
// lines under a `[section]` header, `;` and `#` comments, quotes around the value dropped; the last
// one wins. With the span of the value as written; nullopt when the file does not set it.
struct IniValue {
  std::string_view value;
  uint32_t begin = 0, end = 0;
};
std::optional<IniValue> grafana_ini_value(std::string_view text, std::string_view section, std::string_view key) {
  std::optional<IniValue> found;
  bool in_section = false;
  for (size_t pos = 0; pos < text.size();) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    const size_t line_begin = pos;
    pos = eol + 1;
    const size_t b = line.find_first_not_of(" \t");
    if (b == std::string_view::npos || line[b] == ';' || line[b] == '#') continue;
    line = line.substr(0, line.find_last_not_of(" \t\r") + 1);
    if (line[b] == '[') {
      const size_t close = line.find(']', b);
      in_section = close != std::string_view::npos && line.substr(b + 1, close - b - 1) == section;
      continue;
    }
    const size_t eq = line.find('=', b);
    if (!in_section || eq == std::string_view::npos) continue;
    std::string_view k = line.substr(b, eq - b);
    k = k.substr(0, k.find_last_not_of(" \t") + 1);
    if (k != key) continue;
    const size_t v = line.find_first_not_of(" \t", eq + 1);
    std::string_view value = v == std::string_view::npos ? std::string_view() : line.substr(v);
    const size_t value_at = v == std::string_view::npos ? line.size() : v;
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '`') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    found = IniValue{.value = value,
                     .begin = static_cast<uint32_t>(line_begin + value_at),
                     .end = static_cast<uint32_t>(line_begin + line.size())};
  }
  return found;
}

}  // namespace

int alertmanager_listen_port(const Service& svc) {
  if (const auto a = flag(svc, "web.listen-address")) {
    const HostPort hp = split_host_port(*a, 9093);
    if (hp.port > 0) return hp.port;
  }
  return 9093;
}

int alertmanager_cluster_port(const Service& svc) {
  const std::optional<std::string> a = flag(svc, "cluster.listen-address");
  if (!a) return 9094;       // the default, 0.0.0.0:9094
  if (a->empty()) return 0;  // `--cluster.listen-address=`: no cluster
  const HostPort hp = split_host_port(*a, 9094);
  return hp.port > 0 ? hp.port : 0;
}

int cadvisor_listen_port(const Service& svc) {
  if (const auto p = flag(svc, "port")) return split_host_port(":" + *p, 0).port;
  return 8080;
}

// The config file Alertmanager is told to read, in a bind mount that holds no such file: it exits at
// start ("open /etc/alertmanager/alertmanager.yml: no such file or directory"; rw258
// obsrevabilty_edu, whose `./alertmanager/` folder was never committed).
std::optional<ParseIssue> missing_alertmanager_config(const Stack& stack, const FileSystem& fs, const Service& svc,
                                                      const std::string& container, const ResolvedPath& r) {
  if (r.mount == nullptr || !r.mount->bind) return std::nullopt;
  const std::optional<std::string> why = config_missing_from_mount(stack, fs, r, container, fs.stat(r.host_path));
  if (!why) return std::nullopt;
  ParseIssue issue{
      .message = "Alertmanager cannot read --config.file=" + container + ": " + *why + ", so it exits at start",
      .location = r.mount->location,
      .related = {}};
  if (flag(svc, "config.file") && svc.command) {
    issue.related.push_back(
        Related{.message = "Alertmanager is told to read it here", .location = svc.command->location});
  }
  return issue;
}

void bind_alertmanager(Stack& stack, Service& svc, const FileSystem& fs) {
  std::string image_config = "/etc/alertmanager/alertmanager.yml";
  if (const knowledge::ImageFact* fact = compose::image_fact(svc); fact != nullptr && !fact->config.empty()) {
    image_config = fact->config;
  }
  // Before 0.15 the project's image read /etc/alertmanager/config.yml (rw210 dimzrio's v0.8.0 mounts
  // a folder holding config.yml).
  const std::optional<AmVersion> tagged =
      svc.image ? alertmanager::parse_version(compose::analyze_image(svc.image->value).tag) : std::nullopt;
  if (image_config == "/etc/alertmanager/alertmanager.yml" && tagged && !tagged->at_least(15)) {
    image_config = "/etc/alertmanager/config.yml";
  }
  const std::string path = path::normalize(flag(svc, "config.file").value_or(image_config));
  const std::string container = path::is_absolute(path) ? path : path::join("/alertmanager", path);
  const auto resolved = resolve_container_path(stack, svc, container);
  if (!resolved || resolved->host_path.empty() || fs.is_directory(resolved->host_path)) return;
  StackFile* file = load_stack_file(stack, fs, resolved->host_path, FileKind::alertmanager);
  if (file == nullptr) {
    if (auto missing = missing_alertmanager_config(stack, fs, svc, container, *resolved)) {
      svc.alertmanager = std::make_shared<AmConfig>();
      svc.alertmanager->errors.push_back(std::move(*missing));
    }
    return;
  }
  alertmanager::Options options;
  if (tagged) options.version = *tagged;
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
  // The grafana.ini the container reads (GF_PATHS_CONFIG, else the image's path): its `[server]
  // http_port` (rw58 risingwave: 3001), which GF_SERVER_HTTP_PORT below still overrides.
  std::string ini = "/etc/grafana/grafana.ini";
  if (const knowledge::ImageFact* fact = compose::image_fact(svc); fact != nullptr && !fact->config.empty()) {
    ini = fact->config;
  }
  if (const auto it = svc.environment.find("GF_PATHS_CONFIG"); it != svc.environment.end()) ini = it->second.value;
  if (const auto r = resolve_container_path(stack, svc, path::normalize(ini));
      r && !r->host_path.empty() && !fs.is_directory(r->host_path)) {
    if (const StackFile* file = load_stack_file(stack, fs, r->host_path, FileKind::grafana); file && file->source) {
      const std::string_view text = file->source->text();
      if (const auto port = grafana_ini_value(text, "server", "http_port")) {
        // Not a number: Grafana expands it from its environment; the port is unknown here (0).
        int n = 0;
        const auto [ptr, ec] = std::from_chars(port->value.data(), port->value.data() + port->value.size(), n);
        const bool number = ec == std::errc() && ptr == port->value.data() + port->value.size() && n > 0 && n < 65536;
        config->http_port = number ? n : 0;
        config->http_port_location = file->source->span(port->begin, port->end);
        config->http_port_setting = "[server] http_port";
      }
      // `[auth.anonymous]` (rw55 nwaku-compose's grafana.ini: enabled = true, org_role = Admin).
      for (const auto& [key, field] : {std::pair{"enabled", &GrafanaConfig::ini_anonymous_enabled},
                                       std::pair{"org_role", &GrafanaConfig::ini_anonymous_role}}) {
        if (const auto v = grafana_ini_value(text, "auth.anonymous", key)) {
          (*config).*field =
              Located<std::string>{.value = std::string(v->value), .location = file->source->span(v->begin, v->end)};
        }
      }
    }
  }
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
    record_issues(stack, parsed.errors);  // grafana/syntax
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
