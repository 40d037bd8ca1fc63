#include "linter/stack/evidence.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <initializer_list>
#include <utility>

#include "linter/formats/compose/image.h"
#include "linter/formats/postgres/params.h"
#include "linter/formats/redis/directives.h"
#include "linter/knowledge/knowledge.h"
#include "linter/stack/bind_prometheus.h"

namespace stacklint {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}
bool is_yaml_name(std::string_view name) {
  return name.ends_with(".yml") || name.ends_with(".yaml");
}

bool is_compose_name(std::string_view name) {
  if (!is_yaml_name(name)) return false;
  return starts_with(name, "compose.") || starts_with(name, "docker-compose") || name.ends_with(".compose.yml") ||
         name.ends_with(".compose.yaml");
}

// Calls fn on every line of the text.
template <class F>
void for_each_line(const std::string& text, F&& fn) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    if (fn(std::string_view(text.data() + pos, eol - pos))) return;
    pos = eol + 1;
  }
}

// Whether the line starts with the mapping key `key:`, plain or quoted (`"key":`, `'key':`, as
// jsonnet and mixin generators write them).
bool starts_with_key(std::string_view line, std::string_view key) {
  size_t end = key.size();  // where the colon must be
  if (!line.empty() && (line.front() == '"' || line.front() == '\'')) {
    const char quote = line.front();
    line.remove_prefix(1);
    if (line.size() <= key.size() || line[key.size()] != quote) return false;
    end = key.size() + 1;
  }
  return starts_with(line, key) && line.size() > end && line[end] == ':';
}

// A top-level key of a YAML document, read cheaply from lines that start in column 0.
bool has_top_level_key(const std::string& text, std::string_view key) {
  bool found = false;
  for_each_line(text, [&](std::string_view line) {
    found = starts_with_key(line, key);
    return found;
  });
  return found;
}

// How many top-level keys (plain keys in column 0) are among `known`, and how many are not.
std::pair<size_t, size_t> top_level_keys_known(const std::string& text, std::initializer_list<std::string_view> known) {
  size_t in = 0;
  size_t out = 0;
  for_each_line(text, [&](std::string_view line) {
    if (line.empty() || !(std::isalpha(static_cast<unsigned char>(line.front())) != 0 || line.front() == '_')) {
      return false;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view key = line.substr(0, colon);
    if (key.find_first_of(" \t\"'") != std::string_view::npos) return false;
    ++(std::find(known.begin(), known.end(), key) != known.end() ? in : out);
    return false;
  });
  return {in, out};
}

// A `rules:` key anywhere below the top level (`  rules:`, `- rules:`, `  "rules":`).
bool has_nested_rules_key(const std::string& text) {
  bool found = false;
  for_each_line(text, [&](std::string_view line) {
    const size_t first = line.find_first_not_of(" \t-");
    found = first != std::string_view::npos && first > 0 && starts_with_key(line.substr(first), "rules");
    return found;
  });
  return found;
}

// Top-level keys of a Prometheus config that a promtool test file never has.
constexpr std::array<std::string_view, 8> kConfigOnlyKeys = {
    "global", "scrape_configs", "scrape_config_files", "alerting", "remote_write", "remote_read", "storage", "tracing"};

// A LogQL log pipeline stage (`|=`, `|~`, `| json`...): PromQL has no `|` operator.
bool has_log_pipeline(const std::string& text) {
  for (const char* stage : {"|=", "|~", "| json", "| logfmt", "| pattern", "| regexp", "| unpack", "| unwrap",
                            "| line_format", "| label_format"}) {
    if (text.find(stage) != std::string::npos) return true;
  }
  return false;
}

// A rule unit-test file of `promtool test rules`: rule files and `tests:`, and no key that only a
// Prometheus config has (a config has no `tests:`; Prometheus refuses the key).
bool is_promtool_test_file(const std::string& text) {
  if (!has_top_level_key(text, "tests") || !has_top_level_key(text, "rule_files")) return false;
  return std::none_of(kConfigOnlyKeys.begin(), kConfigOnlyKeys.end(),
                      [&](std::string_view key) { return has_top_level_key(text, key); });
}

KindGuess by_content(const std::string& text) {
  // Kubernetes manifests, Grafana provisioning and Helm output carry `apiVersion`: never a
  // Prometheus file or a compose file, whatever other keys they have.
  if (has_top_level_key(text, "apiVersion")) {
    for (const char* key : {"datasources", "providers", "deleteDatasources", "contactPoints", "policies", "groups"}) {
      if (has_top_level_key(text, key) && !has_top_level_key(text, "kind")) {
        return {.kind = FileKind::grafana, .evidence = std::string("its content (apiVersion: and ") + key + ":)"};
      }
    }
    return {.kind = FileKind::none, .evidence = "its content is a manifest (apiVersion:), not a file stacklint reads"};
  }
  if (has_top_level_key(text, "groups") && has_nested_rules_key(text)) {
    if (has_log_pipeline(text)) {
      return {.kind = FileKind::none,
              .evidence = "its content is a Loki ruler file (LogQL log pipelines), not Prometheus rules"};
    }
    return {.kind = FileKind::rules, .evidence = "its content (groups: with rules:)"};
  }
  if (is_promtool_test_file(text)) {
    return {.kind = FileKind::none,
            .evidence =
                "its content is a rule unit-test file of `promtool test rules` (rule_files: and tests:), "
                "not a Prometheus config"};
  }
  // Promtail (and Grafana Agent's logs) also have `scrape_configs:`, beside keys Prometheus refuses.
  for (const char* key : {"clients", "positions", "server"}) {
    if (has_top_level_key(text, "scrape_configs") && has_top_level_key(text, key)) {
      return {.kind = FileKind::none,
              .evidence = std::string("its content is a Promtail config (scrape_configs: with ") + key +
                          ":), not a Prometheus config"};
    }
  }
  for (const char* key : {"scrape_configs", "rule_files", "scrape_config_files"}) {
    if (has_top_level_key(text, key))
      return {.kind = FileKind::prometheus, .evidence = std::string("its content (") + key + ":)"};
  }
  if (has_top_level_key(text, "route") && has_top_level_key(text, "receivers")) {
    return {.kind = FileKind::alertmanager, .evidence = "its content (route: and receivers:)"};
  }
  if (has_top_level_key(text, "services")) return {.kind = FileKind::compose, .evidence = "its content (services:)"};
  return {.kind = FileKind::none,
          .evidence = "nothing mounts it and neither its name nor its content says what reads it"};
}

// The first word of each line that is not blank or a comment (`#`, and `;` in an INI file), lower
// case, up to a blank or one of `ends` (postgresql.conf and pgbouncer.ini end a name at `=`, redis
// reads `user=redis` as one word); `[section]` headers as written.
std::vector<std::string> first_words(const std::string& text, std::string_view ends = " \t\r=") {
  std::vector<std::string> out;
  for_each_line(text, [&](std::string_view line) {
    const size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos || line[b] == '#' || line[b] == ';') return false;
    const size_t e = std::min(line.find_first_of(ends, b), line.size());
    std::string w(line.substr(b, e - b));
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.push_back(std::move(w));
    return out.size() >= 4096;  // enough to tell
  });
  return out;
}

bool starts_with_any(std::string_view name, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return starts_with(name, p); });
}

}  // namespace

KindGuess agree_with_content(KindGuess by_name, const std::string& content) {
  if (by_name.evidence != "its name") return by_name;
  // Redis splits a line at blanks only: supervisord's `[program:redis]` with `user=redis` is no
  // redis.conf (rw85 wal-g), though `user` is a redis directive.
  const std::vector<std::string> words = first_words(content, by_name.kind == FileKind::redis ? " \t\r" : " \t\r=");
  if (words.empty()) return by_name;  // nothing to disagree with
  const auto any = [&](auto&& pred) { return std::any_of(words.begin(), words.end(), pred); };
  bool agrees = true;
  std::string_view named;
  std::string_view what;
  switch (by_name.kind) {
    case FileKind::redis:
      // `sentinel monitor ...`: a Sentinel's config (redis-sentinel.conf, rw201 neuranac), which
      // redis-server refuses outside sentinel mode; Sentinel itself reads it.
      if (any([](const std::string& w) { return w == "sentinel"; })) {
        return {.kind = FileKind::none,
                .evidence = "named like a redis.conf, but its sentinel lines make it a Sentinel config"};
      }
      agrees = any([](const std::string& w) {
        return redis::find_directive(w) != nullptr || redis::is_special_directive(w) ||
               redis::directive_release(w) != nullptr;
      });
      named = "redis.conf";
      what = "redis directive";
      break;
    case FileKind::postgres:
      // standby_mode was only ever a recovery.conf setting (PostgreSQL 11 and older read that file
      // from the data directory; 12 refuses to start where it is): no postgresql.conf to judge.
      if (any([](const std::string& w) { return w == "standby_mode"; })) {
        return {.kind = FileKind::none,
                .evidence =
                    "named like a postgresql.conf, but its standby_mode makes it a recovery.conf of "
                    "PostgreSQL 11 or older"};
      }
      agrees = any([](const std::string& w) {
        return postgres::find_param(w, postgres::kNewestMajor) != nullptr || w.find('.') != std::string::npos ||
               w == "include" || w == "include_if_exists" || w == "include_dir";
      });
      named = "postgresql.conf";
      what = "PostgreSQL parameter";
      break;
    case FileKind::pg_hba:
      agrees = any([](const std::string& w) {
        return w == "local" || w == "host" || w == "hostssl" || w == "hostnossl" || w == "hostgssenc" ||
               w == "hostnogssenc" || w.starts_with("include");
      });
      named = "pg_hba.conf";
      what = "pg_hba.conf record";
      break;
    case FileKind::pgbouncer:
      agrees = any([](const std::string& w) {
        return w == "[pgbouncer]" || w == "[databases]" || w == "[users]" || w == "[peers]" || w == "%include";
      });
      named = "pgbouncer.ini";
      what = "pgbouncer section";
      break;
    default:
      break;
  }
  if (agrees) return by_name;
  return {.kind = FileKind::none,
          .evidence = "named like a " + std::string(named) + ", but no line of it is a " + std::string(what)};
}

bool may_be_yaml_name(const std::string& name) {
  return is_yaml_name(name) || name.ends_with(".rules");
}

KindGuess kind_by_name_or_content(const std::string& p, const std::optional<std::string>& content) {
  const std::string name = path::basename(p);
  if (is_compose_name(name)) return {.kind = FileKind::compose, .evidence = "its name"};
  if (name.ends_with(".conf") && starts_with(name, "postgresql"))
    return {.kind = FileKind::postgres, .evidence = "its name"};
  if (name.ends_with(".conf") && starts_with(name, "pg_hba")) return {.kind = FileKind::pg_hba, .evidence = "its name"};
  if (name.ends_with(".conf") && starts_with_any(name, {"redis", "valkey", "keydb"})) {
    return {.kind = FileKind::redis, .evidence = "its name"};
  }
  if (name.ends_with(".ini") && starts_with(name, "pgbouncer"))
    return {.kind = FileKind::pgbouncer, .evidence = "its name"};
  if (!may_be_yaml_name(name)) return {};
  if (!content) return {.kind = FileKind::none, .evidence = "it could not be read"};
  const KindGuess by_text = by_content(*content);
  // Named after Alertmanager, unless its content is another kind's (Grafana's alertmanager
  // datasource, rules about Alertmanager) or a manifest.
  if (is_yaml_name(name) && starts_with(name, "alertmanager") &&
      (by_text.kind == FileKind::none || by_text.kind == FileKind::alertmanager) &&
      !has_top_level_key(*content, "apiVersion")) {
    return {.kind = FileKind::alertmanager, .evidence = "its name"};
  }
  // Named after Prometheus: its config when it has a key of one (`global:` or `alerting:` alone
  // then suffice), not a web config (`basic_auth_users:`) or a manifest.
  if (is_yaml_name(name) && starts_with(name, "prometheus") && by_text.kind == FileKind::none &&
      !has_top_level_key(*content, "apiVersion")) {
    // Most of its top-level keys another program's (`crds:`, `grafana:`, `prometheusOperator:` of a
    // kube-prometheus-stack Helm values file beside its `global:`, rw75): not a Prometheus config.
    const auto [known, unknown] =
        top_level_keys_known(*content, {"global", "scrape_configs", "scrape_config_files", "rule_files", "alerting",
                                        "remote_write", "remote_read", "storage", "otlp", "tracing", "runtime"});
    if (unknown > known) {
      return {.kind = FileKind::none,
              .evidence = "named like a Prometheus config, but most of its top-level keys are not Prometheus's"};
    }
    for (const char* key : {"global", "alerting", "remote_write", "remote_read", "storage", "otlp", "tracing"}) {
      if (has_top_level_key(*content, key))
        return {.kind = FileKind::prometheus, .evidence = "its name and its " + std::string(key) + ":"};
    }
    return {.kind = FileKind::none, .evidence = "named like a Prometheus config, but it has none of its keys"};
  }
  if (!is_yaml_name(name) && by_text.kind != FileKind::rules) {
    return {.kind = FileKind::none, .evidence = "its content is no Prometheus rule file"};
  }
  return by_text;
}

namespace {

// A path on this machine made absolute, so `${PWD}/x` mounts and relative discovery paths compare.
std::string absolute(const std::string& p) {
  std::error_code ec;
  std::string out = std::filesystem::absolute(path::normalize(p), ec).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// Where the file appears in the service's container (longest bind mount source that holds it).
// `source_length`: the length of the mount source it came through (the more specific mount wins).
std::optional<std::string> container_path_in(const Service& svc, const std::string& host, size_t* source_length) {
  const Mount* best = nullptr;
  std::string path_in;
  for (const Mount& m : svc.mounts) {
    if (!m.bind || m.host_path.empty() || m.target.empty()) continue;
    const std::string src = absolute(m.host_path);
    std::string candidate;
    if (host == src) {
      candidate = path::normalize(m.target);
    } else if (m.is_directory && host.size() > src.size() && starts_with(host, src) &&
               (host[src.size()] == '/' || src == "/")) {
      candidate = path::normalize(path::join(m.target, host.substr(src.size() + (src == "/" ? 0 : 1))));
    } else {
      continue;
    }
    if (best == nullptr || m.host_path.size() > best->host_path.size()) {
      best = &m;
      path_in = candidate;
    }
  }
  if (best == nullptr) return std::nullopt;
  *source_length = best->host_path.size();
  return path_in;
}

// The value of `--name=value` / `--name value` / `-name=value` in a command line, or "".
std::string flag_value(const std::vector<std::string>& args, std::string_view name) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    while (starts_with(a, "-")) a.remove_prefix(1);
    if (starts_with(a, name) && a.size() > name.size() && a[name.size()] == '=') {
      return std::string(a.substr(name.size() + 1));
    }
    if (a == name && i + 1 < args.size()) return args[i + 1];
  }
  return {};
}

std::vector<std::string> argv_of(const Service& svc) {
  std::vector<std::string> argv;
  if (svc.entrypoint()) argv = svc.entrypoint()->value;
  if (svc.command) argv.insert(argv.end(), svc.command->value.begin(), svc.command->value.end());
  return argv;
}

}  // namespace

bool path_glob_match(std::string_view pattern, std::string_view p) {
  while (true) {
    const size_t a = pattern.find('/');
    const size_t b = p.find('/');
    if ((a == std::string_view::npos) != (b == std::string_view::npos)) return false;
    if (!glob_match(pattern.substr(0, a), p.substr(0, b))) return false;
    if (a == std::string_view::npos) return true;
    pattern.remove_prefix(a + 1);
    p.remove_prefix(b + 1);
  }
}

namespace {

// Whether a command-line word or an environment value names the container path (itself, as the
// value of a flag, or as a glob that matches it).
bool names_path(std::string_view word, const std::string& container_path) {
  if (const size_t eq = word.find('='); eq != std::string_view::npos && starts_with(word, "-")) {
    word = word.substr(eq + 1);
  }
  if (word.empty() || word[0] != '/') return false;
  return word == container_path || path_glob_match(word, container_path) ||
         (starts_with(container_path, word) && container_path.size() > word.size() &&
          container_path[word.size()] == '/');
}

std::optional<std::string> named_by(const Service& svc, const std::string& container_path) {
  for (const std::string& a : argv_of(svc)) {
    if (names_path(a, container_path)) return "its command line";
  }
  for (const auto& [name, value] : svc.environment) {
    if (names_path(value.value, container_path)) return "its environment (" + name + ")";
  }
  return std::nullopt;
}

std::string image_text(const Service& svc) {
  return svc.image ? " (" + svc.image->value + ")" : std::string();
}

// The config file the program of a service reads: its flag (when it has one), else the image's default.
std::string config_path(const Service& svc, std::string_view flag, const std::string& fallback) {
  if (!flag.empty()) {
    const std::string v = flag_value(argv_of(svc), flag);
    if (!v.empty()) return path::normalize(v);
  }
  const knowledge::ImageFact* fact = compose::image_fact(svc);
  return fact != nullptr && !fact->config.empty() ? fact->config : fallback;
}

// Whether the program of a role reads files stacklint models (the binders bind them).
bool reads_own_files(Role role) {
  switch (role) {
    case Role::prometheus:
    case Role::postgres:
    case Role::redis:
    case Role::alertmanager:
    case Role::grafana:
    case Role::pgbouncer:
      return true;
    case Role::app:
    case Role::cadvisor:
    case Role::node_exporter:
    case Role::postgres_exporter:
    case Role::redis_exporter:
      return false;
  }
  return false;
}

std::optional<FileReader> reader_in(const Service& svc, const std::string& in) {
  FileReader r{.service = &svc, .container_path = in, .kind = FileKind::none, .reason = ""};
  const std::string where = "service " + svc.name + image_text(svc) + " at " + in;
  if (svc.role == Role::alertmanager && in == config_path(svc, "config.file", "/etc/alertmanager/alertmanager.yml")) {
    r.kind = FileKind::alertmanager;
    r.reason = "the Alertmanager config of " + where + ", which stacklint could not bind to it";
    return r;
  }
  if (svc.role == Role::grafana) {
    const auto env = svc.environment.find("GF_PATHS_PROVISIONING");
    const std::string dir = env != svc.environment.end() && !env->second.value.empty()
                                ? path::normalize(env->second.value)
                                : "/etc/grafana/provisioning";
    if (starts_with(in, dir + "/")) {
      r.kind = FileKind::grafana;
      r.reason = "Grafana provisioning of " + where + "; stacklint reads only its datasources/*.y*ml";
      return r;
    }
  }
  if (svc.role == Role::pgbouncer &&
      (in == config_path(svc, "", "/etc/pgbouncer/pgbouncer.ini") || named_by(svc, in).has_value())) {
    r.kind = FileKind::pgbouncer;
    r.reason = "read by the pgbouncer of " + where + "; stacklint reads the ini it loads and its %include files";
    return r;
  }
  if (const auto how = named_by(svc, in)) {
    r.reason = "read by " + where + " (named by " + *how + "); stacklint does not model what it reads there";
    return r;
  }
  if (reads_own_files(svc.role)) return std::nullopt;
  r.reason = "mounted into " + where + ", a program stacklint does not model";
  return r;
}

}  // namespace

std::optional<FileReader> reader_of(const Stack& stack, const std::string& host_path) {
  const std::string host = absolute(host_path);
  std::optional<FileReader> found;
  size_t found_source = 0;
  for (const Service& svc : stack.services) {
    size_t source = 0;
    const auto in = container_path_in(svc, host, &source);
    if (!in) continue;
    auto r = reader_in(svc, *in);
    if (!r) continue;
    // A program that reads the file as its own kind beats one that merely has it mounted; between
    // two that merely have it, the more specific mount (loki's own config file beats the app's `.:/app`).
    const bool better = !found || (found->kind == FileKind::none && r->kind != FileKind::none) ||
                        ((found->kind == FileKind::none) == (r->kind == FileKind::none) && source > found_source);
    if (better) {
      found = std::move(r);
      found_source = source;
    }
  }
  return found;
}

// A YAML file beside `host_path` that a service's program is told to read by its command line or
// environment (`--rule=/etc/alerts/*.yml`), when that program is one stacklint does not model:
// rw49 VictoriaMetrics' alerts-vmanomaly.yml, unmounted beside seven rule files vmalert reads, is
// vmalert's (MetricsQL: `lag()`), not a Prometheus rule file.
std::optional<FileReader> sibling_reader_of(const Stack& stack, const std::string& host_path) {
  const std::string host = absolute(host_path);
  const std::string dir = path::dirname(host);
  for (const Service& svc : stack.services) {
    // A program stacklint models reads its own files by their kind: a rule file beside the
    // prometheus.yml that `--config.file` names is Prometheus's (rw228 dj-3dub monitoring-stack).
    if (!svc.enabled || reads_own_files(svc.role)) continue;
    for (const Mount& m : svc.mounts) {
      if (!m.bind || m.is_directory || m.host_path.empty() || m.target.empty()) continue;
      const std::string src = absolute(m.host_path);
      if (src == host || path::dirname(src) != dir || !is_yaml_name(path::basename(src))) continue;
      const std::string in = path::normalize(m.target);
      auto r = reader_in(svc, in);
      if (!r || r->kind != FileKind::none || !named_by(svc, in)) continue;
      r->reason = "beside " + path::basename(src) + ", " + r->reason.substr(0, r->reason.find(';')) +
                  ": a file of the same program, not a Prometheus rule file";
      return r;
    }
  }
  return std::nullopt;
}

}  // namespace stacklint
