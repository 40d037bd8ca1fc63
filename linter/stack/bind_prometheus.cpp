#include "linter/stack/bind_prometheus.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <set>
#include <thread>

#include "linter/formats/compose/dotenv.h"
#include "linter/formats/compose/syntax.h"
#include "linter/formats/prometheus/config.h"
#include "linter/formats/prometheus/duration.h"
#include "linter/formats/prometheus/file_sd.h"
#include "linter/formats/prometheus/glob.h"
#include "linter/stack/container.h"
#include "linter/stack/resolver.h"

namespace stacklint {

namespace {

// How a directory tree looks to the program: container paths for a service, disk paths standalone.
struct View {
  std::function<std::vector<std::string>(const std::string&)> list;    // names in a directory
  std::function<std::optional<std::string>(const std::string&)> host;  // host path of a regular file
};

// A host path as the confined file system sees it: a refusal is recorded at the rule_files entry
// being expanded (`at`) and the path reads as absent.
FileInfo stat_at(Stack& stack, const FileSystem& fs, const std::string& host, const Reference* at) {
  FileInfo info = fs.stat(host);
  if (is_refusal(info.status) && at != nullptr) record_refusal(stack, info.status, *at);
  return info;
}

bool has_meta(std::string_view s) {
  return s.find_first_of("*?[\\") != std::string_view::npos;
}

// filepath.Glob over a View: meta characters may appear in any segment.
void glob(const View& view, const std::string& pattern, std::vector<std::string>& out) {
  if (!has_meta(pattern)) {
    if (view.host(pattern)) out.push_back(pattern);
    return;
  }
  const std::string dir = path::dirname(pattern);
  const std::string file = path::basename(pattern);
  std::vector<std::string> dirs;
  if (has_meta(dir) && dir != pattern) {
    glob(View{.list = view.list,
              .host = [&view](const std::string& p) -> std::optional<std::string> {
                return view.list(p).empty() ? std::nullopt : std::optional<std::string>(p);
              }},
         dir, dirs);
  } else {
    dirs.push_back(dir);
  }
  for (const std::string& d : dirs) {
    std::vector<std::string> names = view.list(d);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const std::string& n : names) {
      if (!glob_match(file, n)) continue;
      const std::string full = path::join(d, n);
      if (view.host(full)) out.push_back(full);
    }
  }
}

// `at` points at the rule_files entry being expanded (set by the caller before each glob).
View container_view(Stack& stack, const Service& svc, const FileSystem& fs, const Reference* const& at) {
  View v;
  v.list = [&stack, &svc, &fs, &at](const std::string& dir) {
    std::vector<std::string> names;
    const std::string d = path::normalize(dir);
    if (auto r = resolve_container_path(stack, svc, d); r && r->mount != nullptr && r->mount->bind) {
      const FileInfo info = stat_at(stack, fs, r->host_path, at);
      if (info.status == OpenStatus::found && info.type == FileType::directory) names = fs.list(r->host_path);
    }
    // Mount targets directly below the directory (file mounts, nested mounts).
    for (const Mount& m : svc.mounts) {
      const std::string t = path::normalize(m.target);
      if (path::dirname(t) == d && m.bind) names.push_back(path::basename(t));
    }
    return names;
  };
  v.host = [&stack, &svc, &fs, &at](const std::string& p) -> std::optional<std::string> {
    auto r = resolve_container_path(stack, svc, p);
    if (!r || r->mount == nullptr || !r->mount->bind) return std::nullopt;
    const FileInfo info = stat_at(stack, fs, r->host_path, at);
    if (info.status != OpenStatus::found || info.type != FileType::regular) return std::nullopt;
    return r->host_path;
  };
  return v;
}

View disk_view(Stack& stack, const FileSystem& fs, const Reference* const& at) {
  View v;
  v.list = [&stack, &fs, &at](const std::string& dir) {
    const FileInfo info = stat_at(stack, fs, dir, at);
    if (info.status != OpenStatus::found || info.type != FileType::directory) return std::vector<std::string>{};
    return fs.list(dir);
  };
  v.host = [&stack, &fs, &at](const std::string& p) -> std::optional<std::string> {
    const FileInfo info = stat_at(stack, fs, p, at);
    if (info.status != OpenStatus::found || info.type != FileType::regular) return std::nullopt;
    return p;
  };
  return v;
}

void version_of(const Stack& stack, const Service* svc, int& major, int& minor, std::string& source) {
  major = kDefaultPrometheusMajor;
  minor = kDefaultPrometheusMinor;
  source = "default";
  if (svc != nullptr && parse_prometheus_version(svc->version, major, minor)) {
    source = "image";
    return;
  }
  if (!stack.default_prometheus_version.empty() &&
      parse_prometheus_version(stack.default_prometheus_version, major, minor)) {
    source = "flag";
    return;
  }
  major = kDefaultPrometheusMajor;
  minor = kDefaultPrometheusMinor;
}

// Parses and registers a config; errors go to the StackFile once.
std::shared_ptr<PromConfig> load_config(Stack& stack, const FileSystem& fs, const std::string& host_path, int major,
                                        int minor) {
  const bool known = stack.find_file(stack_relative(stack, host_path)) != nullptr;
  StackFile* file = load_stack_file(stack, fs, host_path, FileKind::prometheus);
  if (file == nullptr) return nullptr;
  auto parsed = prometheus::parse_config(file->source, prometheus::ConfigOptions{.major = major, .minor = minor});
  if (!known) {
    file->errors.insert(file->errors.end(), parsed.errors.begin(), parsed.errors.end());
    stack.duplicate_keys.insert(stack.duplicate_keys.end(), parsed.duplicate_keys.begin(), parsed.duplicate_keys.end());
  }
  auto cfg = parsed.config;
  cfg->path = file->path;
  cfg->host_path = file->host_path;
  cfg->loaded = true;
  return cfg;
}

// A rule file the stack names but stacklint does not parse: listed once, as `stacklint model`
// shows, so that it is neither parsed nor linted on its own.
void skip_rule_file_once(Stack& stack, const std::string& host, std::string reason, const std::string& reader) {
  const std::string rel = stack_relative(stack, host);
  if (!stack.is_skipped(rel)) {
    stack.skipped_files.push_back(
        SkippedFile{.path = rel, .kind = FileKind::rules, .reason = std::move(reason), .reader = reader});
  }
}

// A config no service mounts (`standalone`) runs somewhere stacklint cannot see: an absolute
// pattern there names that machine's files (rw21: `/etc/prometheus/rules/*.yml` of a guide's
// config), so it is left unknown, not refused as a path outside the root.
void resolve_rule_files(Stack& stack, const FileSystem& fs, PromConfig& cfg, const View& view, const Reference*& at,
                        const std::string& base_dir, const std::vector<std::string>& features,
                        RuleFilePrefetch* prefetch = nullptr, bool standalone = false) {
  for (size_t i = 0; i < cfg.rule_files.size(); ++i) {
    RuleFilePattern& p = cfg.rule_files[i];
    p.container_pattern = path::normalize(path::join(base_dir, p.pattern.value));
    if (standalone && path::is_absolute(p.pattern.value)) continue;
    const Reference ref{.directive = "rule_files", .written = p.pattern.value, .location = p.pattern.location};
    at = &ref;
    std::vector<std::string> matches;
    glob(view, p.container_pattern, matches);
    at = nullptr;
    for (const std::string& m : matches) {
      const auto host = view.host(m);
      if (!host) continue;
      // Prometheus 1.x reads its own rule language (`ALERT name IF expr FOR 5m`); the YAML groups
      // came with 2.0 (rw49: prom/prometheus:v1.7.1's files were four rules/syntax errors).
      if (cfg.version_major < 2) {
        skip_rule_file_once(stack, *host,
                            "a rule file of Prometheus " + std::to_string(cfg.version_major) + "." +
                                std::to_string(cfg.version_minor) +
                                ", which reads the 1.x rule language; stacklint checks the YAML rule groups of 2.0 "
                                "and later",
                            cfg.service);
        ++p.unparsed_matches;
        continue;
      }
      auto rules = load_rule_file(
          stack, fs, *host,
          rulefmt::Options{.major = cfg.version_major, .minor = cfg.version_minor, .enabled_features = features},
          prefetch);
      if (!rules) continue;
      const bool dup = std::any_of(cfg.resolved_rule_files.begin(), cfg.resolved_rule_files.end(),
                                   [&](const ResolvedRuleFile& r) { return r.host_path == rules->host_path; });
      if (dup) continue;
      cfg.resolved_rule_files.push_back(ResolvedRuleFile{.container_path = cfg.container_path.empty() ? "" : m,
                                                         .stack_path = rules->path,
                                                         .host_path = rules->host_path,
                                                         .pattern_index = i,
                                                         .rules = rules});
      cfg.loaded_rule_files.push_back(rules);
    }
  }
}

// An issue added once to a file read by several jobs (or twice by one).
void add_once(std::vector<ParseIssue>& to, ParseIssue issue) {
  const bool seen = std::any_of(to.begin(), to.end(), [&](const ParseIssue& e) {
    return e.message == issue.message && e.location == issue.location;
  });
  if (!seen) to.push_back(std::move(issue));
}

// Reads one file a file_sd pattern matched (through the resolver: confined, budgeted) and adds its
// targets to the job as static targets are added. False when Prometheus would drop the file (an
// error in it) or stacklint could not read or understand it: the job's targets are then unknown.
bool read_file_sd(Stack& stack, ScrapeJob& job, const PromConfig& cfg, IncludeResolver& resolver,
                  const std::string& program_path, const Reference& ref, std::string& stack_path) {
  const auto format = prometheus::file_sd_format(program_path);
  if (!format) return false;
  const OpenResult r = resolver.open(program_path, ref);
  if (r.status != OpenStatus::found) return false;
  stack_path = r.source->path();
  StackFile* file = stack.find_file(stack_path);
  if (file == nullptr) return false;
  const prometheus::FileSdParse parsed = prometheus::parse_file_sd(r.source, *format, cfg.version_major >= 3);
  for (const ParseIssue& e : parsed.errors) add_once(file->errors, e);
  for (const DuplicateKey& d : parsed.duplicate_keys) {
    const bool seen = std::any_of(stack.duplicate_keys.begin(), stack.duplicate_keys.end(),
                                  [&](const DuplicateKey& k) { return k.second == d.second; });
    if (!seen) stack.duplicate_keys.push_back(d);
  }
  if (!parsed.errors.empty() || !parsed.understood) return false;
  for (const prometheus::FileSdGroup& g : parsed.groups) {
    for (const Located<std::string>& t : g.targets) {
      // scrape.PopulateLabels drops a target whose address (after relabeling) is empty or a URL.
      if (!job.has_relabel && (t.value.empty() || t.value.find('/') != std::string::npos)) {
        add_once(file->errors, ParseIssue{.message = t.value.empty() ? "empty scrape target: no address"
                                                                     : "\"" + t.value + "\" is not a valid hostname",
                                          .location = t.location,
                                          .related = {}});
        continue;
      }
      ScrapeTarget target{.address = t, .labels = g.labels};
      job.apply_address_rewrite(target);
      job.targets.push_back(std::move(target));
    }
  }
  return true;
}

// file_sd_configs: each pattern joined with the config's directory (SDConfig.SetDirectory),
// expanded as filepath.Glob over what the program sees (`view`, the rule_files expansion), and
// every match read through `resolver`. A pattern is complete when it matched files of the stack
// and all of them were read. A config no service mounts (`standalone`) runs somewhere stacklint
// cannot see: an absolute pattern there names that machine's files, so it is left unknown.
void resolve_file_sd(Stack& stack, PromConfig& cfg, const View& view, const Reference*& at, const std::string& base_dir,
                     IncludeResolver& resolver, bool standalone) {
  for (ScrapeJob& job : cfg.jobs) {
    for (FileSdPattern& p : job.file_sd) {
      p.container_pattern = path::normalize(path::join(base_dir, p.pattern.value));
      if (standalone && path::is_absolute(p.pattern.value)) continue;
      const Reference ref{.directive = "file_sd_configs", .written = p.pattern.value, .location = p.pattern.location};
      at = &ref;
      std::vector<std::string> matches;
      glob(view, p.container_pattern, matches);
      at = nullptr;
      p.complete = !matches.empty();
      for (const std::string& m : matches) {
        std::string stack_path;
        if (read_file_sd(stack, job, cfg, resolver, m, ref, stack_path)) {
          p.files.push_back(stack_path);
        } else {
          p.complete = false;
        }
      }
    }
  }
}

bool takes_value(std::string_view flag) {
  static const std::set<std::string_view> boolean = {"web.enable-lifecycle",
                                                     "web.enable-admin-api",
                                                     "web.enable-remote-write-receiver",
                                                     "web.enable-otlp-receiver",
                                                     "storage.tsdb.no-lockfile",
                                                     "storage.tsdb.allow-overlapping-blocks",
                                                     "storage.tsdb.wal-compression",
                                                     "agent",
                                                     "version",
                                                     "help",
                                                     "storage.agent.wal-compression",
                                                     "alertmanager.drain-notification-queue-on-shutdown",
                                                     "no-storage.tsdb.wal-compression"};
  return boolean.count(flag) == 0 && flag.rfind("no-", 0) != 0;
}

// The arguments Prometheus runs with when the service replaces the image's entrypoint: those after
// the `prometheus` word of the entrypoint and command, also inside a `sh -c` script (rw43
// YonathanGuez: `sed "s/MYIP/$IP/" /etc/prometheus/prometheus.yml > /tmp/p.yml && prometheus
// --config.file=/tmp/p.yml`). nullopt when no word starts Prometheus: what it reads is unknown.
std::optional<std::vector<std::string>> entrypoint_args(const Service& svc) {
  std::vector<std::string> words = svc.entrypoint()->value;
  if (svc.command) words.insert(words.end(), svc.command->value.begin(), svc.command->value.end());
  std::vector<std::string> split;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string shell = path::basename(words[i]);
    if ((shell == "sh" || shell == "bash" || shell == "ash") && i + 2 < words.size() && words[i + 1] == "-c") {
      const std::string& script = words[i + 2];
      for (size_t at = 0; at < script.size();) {
        const size_t b = script.find_first_not_of(" \t\n", at);
        if (b == std::string::npos) break;
        const size_t e = std::min(script.find_first_of(" \t\n", b), script.size());
        std::string w = script.substr(b, e - b);
        std::erase_if(w, [](char c) { return c == '"' || c == '\''; });
        split.push_back(std::move(w));
        at = e;
      }
      i += 2;
      continue;
    }
    split.push_back(words[i]);
  }
  for (size_t i = 0; i < split.size(); ++i) {
    // A command word: the first, or after `&&`, `;`, `|`, `||` or `exec` (not `/etc/prometheus`, an argument).
    const bool command_word = i == 0 || split[i - 1] == "&&" || split[i - 1] == ";" || split[i - 1] == "|" ||
                              split[i - 1] == "||" || split[i - 1] == "exec";
    if (!command_word || path::basename(split[i]) != "prometheus") continue;
    std::vector<std::string> args;
    for (size_t k = i + 1; k < split.size(); ++k) {
      if (split[k] == "&&" || split[k] == ";" || split[k] == "|" || split[k] == "||") break;
      args.push_back(split[k]);
    }
    return args;
  }
  return std::nullopt;
}

// How the Prometheus a service runs reads `-config.file=...`: 1.x parsed its flags with Go's flag
// package, which takes one dash or two; 2.0 moved to kingpin, which reads one dash as short flags and
// exits at start on `-c` ("unknown short flag '-c'"). Unknown when the image's version is.
enum class SingleDash { long_flag, refused, unknown };

// The major release a service runs: its image's version, or today's (3) for the project's own image
// untagged or `latest`; nullopt when unknown.
std::optional<int> release_major(const Service& svc, int major, const std::string& version_source) {
  if (version_source == "image") return major;
  if (!svc.image || svc.image->value.find('$') != std::string::npos) return std::nullopt;
  const compose::ImageInfo info = compose::analyze_image(svc.image->value);
  if (((info.tag.empty() && !info.empty_tag) || info.tag == "latest") &&
      (info.repository == "prom/prometheus" || info.repository == "prometheus/prometheus")) {
    return 3;
  }
  return std::nullopt;
}

SingleDash single_dash(std::optional<int> release) {
  if (!release) return SingleDash::unknown;
  return *release < 2 ? SingleDash::long_flag : SingleDash::refused;
}

// Flags 3.0 removed (cmd/prometheus/main.go of v2.55.1 against v3.0.0): kingpin refuses them at start.
// The replacement to write, "" where the flag had no effect.
std::optional<std::string_view> removed_in_3(std::string_view name) {
  if (name == "storage.tsdb.retention") return std::string_view("--storage.tsdb.retention.time");
  if (name == "alertmanager.timeout" || name == "storage.tsdb.allow-overlapping-blocks") return std::string_view();
  return std::nullopt;
}

void parse_flags(const Service& svc, std::optional<int> release, PromFlags& flags) {
  const SingleDash dashes = single_dash(release);
  flags.config_file = "/etc/prometheus/prometheus.yml";  // the image's CMD
  std::vector<std::string> from_entrypoint;
  if (svc.entrypoint()) {
    std::optional<std::vector<std::string>> args = entrypoint_args(svc);
    if (!args) {
      flags.config_file.clear();  // another program starts first: which file Prometheus reads is unknown
      return;
    }
    from_entrypoint = std::move(*args);
  } else if (!svc.command) {
    return;
  }
  flags.config_file = "/prometheus/prometheus.yml";  // built-in default `prometheus.yml`, WORKDIR /prometheus
  const auto& args = svc.entrypoint() ? from_entrypoint : svc.command->value;
  const Location& loc = svc.entrypoint() ? svc.entrypoint()->location : svc.command->location;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a.size() > 1 && a[0] == '-' && a[1] != '-' && std::isalpha(static_cast<unsigned char>(a[1])) != 0) {
      // Read as the author meant it (a 1.x flag), so that what follows is about the file meant; a
      // release that refuses it is told once.
      if (dashes == SingleDash::refused && !flags.single_dash) {
        flags.single_dash = Located<std::string>{.value = std::string(a), .location = loc};
      }
      a.remove_prefix(1);
    } else if (a.rfind("--", 0) == 0) {
      a.remove_prefix(2);
    } else {
      continue;
    }
    std::string name(a);
    std::string value;
    bool has_value = false;
    if (const size_t eq = a.find('='); eq != std::string_view::npos) {
      name = std::string(a.substr(0, eq));
      value = std::string(a.substr(eq + 1));
      has_value = true;
    } else if (takes_value(name) && i + 1 < args.size()) {
      value = args[++i];
      has_value = true;
    }
    if (name == "web.enable-remote-write-receiver" || name == "web.enable-otlp-receiver") flags.push_receiver = loc;
    if (release && *release >= 3 && !flags.removed_flag && removed_in_3(name)) {
      flags.removed_flag = Located<std::string>{.value = name, .location = loc};
    }
    if (!has_value) continue;
    if (name == "config.file") {
      flags.config_file = path::is_absolute(value) ? value : path::join("/prometheus", value);
      flags.config_file_flag = Located<std::string>{.value = value, .location = loc};
    } else if (name == "storage.tsdb.retention.time" || name == "storage.tsdb.retention") {
      if (auto ns = prometheus::parse_duration(value, nullptr)) {
        flags.retention_time_seconds = Located<double>{.value = prometheus::duration_seconds(*ns), .location = loc};
      }
    } else if (name == "storage.tsdb.retention.size") {
      if (auto b = prometheus::parse_base2_bytes(value, nullptr)) {
        flags.retention_size_bytes = Located<int64_t>{.value = *b, .location = loc};
      }
    } else if (name == "query.max-samples") {
      int64_t v = 0;
      bool ok = !value.empty() && value.size() < 19;
      for (char c : value) {
        if (c < '0' || c > '9') ok = false;
      }
      if (ok) {
        for (char c : value) v = v * 10 + (c - '0');
        flags.query_max_samples = Located<int64_t>{.value = v, .location = loc};
      }
    } else if (name == "enable-feature") {
      size_t start = 0;
      while (start <= value.size()) {
        const size_t comma = value.find(',', start);
        const std::string f = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!f.empty()) flags.enabled_features.push_back(Located<std::string>{.value = f, .location = loc});
        if (f == "remote-write-receiver" || f == "otlp-write-receiver") flags.push_receiver = loc;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
}

// --config.file in a bind mount that holds no such file: Prometheus exits at start ("no such file
// or directory", or "is a directory" where docker created the missing source of a file mount).
// Silent when a setup step writes it (compose::written_by_setup).
std::optional<ParseIssue> missing_config(const Stack& stack, const FileSystem& fs, const PromFlags& flags,
                                         const ResolvedPath& r, const FileInfo& info) {
  const std::optional<std::string> why = config_missing_from_mount(stack, fs, r, flags.config_file, info);
  if (!why) return std::nullopt;
  ParseIssue issue{
      .message = "Prometheus cannot read --config.file=" + flags.config_file + ": " + *why + ", so it exits at start",
      .location = r.mount->location,
      .related = {}};
  if (flags.config_file_flag) {
    issue.related.push_back(
        Related{.message = "Prometheus is told to read it here", .location = flags.config_file_flag->location});
  }
  return issue;
}

// A `command:` of the project's image that names no --config.file replaces the image's CMD, which
// named /etc/prometheus/prometheus.yml: Prometheus falls back to its built-in `prometheus.yml`,
// relative to WORKDIR /prometheus, which the image does not hold, and exits at start ("open
// prometheus.yml: no such file or directory"). Only when nothing but a volume of this service alone
// is at /prometheus (a bind mount is read as one; a shared volume may be written by another service).
std::optional<ParseIssue> no_default_config(const Stack& stack, const Service& svc, const PromFlags& flags) {
  if (flags.config_file_flag || !svc.command || svc.entrypoint() || !svc.image) return std::nullopt;
  const compose::ImageInfo image = compose::analyze_image(svc.image->value);
  if (image.repository != "prom/prometheus" && image.repository != "prometheus/prometheus") return std::nullopt;
  if (const auto r = resolve_container_path(stack, svc, flags.config_file)) {
    if (r->mount->bind) return std::nullopt;
    for (const Service& other : stack.services) {
      if (&other == &svc) continue;
      if (std::any_of(other.mounts.begin(), other.mounts.end(),
                      [&](const Mount& m) { return !m.bind && m.source == r->mount->source; })) {
        return std::nullopt;
      }
    }
  }
  ParseIssue issue{.message =
                       "the command names no --config.file, so Prometheus reads its built-in default "
                       "prometheus.yml (" +
                       flags.config_file +
                       "), which the image does not hold, and exits at start; add "
                       "--config.file=/etc/prometheus/prometheus.yml to the command",
                   .location = svc.command->location,
                   .related = {}};
  for (const Mount& m : svc.mounts) {
    const std::string target = path::normalize(m.target);
    if (m.bind && (target == "/etc/prometheus/prometheus.yml" || target == "/etc/prometheus")) {
      issue.related.push_back(Related{.message = "the config mounted here is not read", .location = m.location});
    }
  }
  return issue;
}

}  // namespace

bool parse_prometheus_version(std::string_view text, int& major, int& minor) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  size_t i = 0;
  auto number = [&](int& out) {
    const size_t start = i;
    int v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 6) v = v * 10 + (text[i++] - '0');
    out = v;
    return i > start;
  };
  int a = 0;
  int b = 0;
  if (!number(a)) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!number(b)) return false;
  }
  major = a;
  minor = b;
  return true;
}

namespace {

rulefmt::Options default_rule_options(const Stack& stack) {
  rulefmt::Options opts;
  std::string source;
  version_of(stack, nullptr, opts.major, opts.minor, source);
  opts.enabled_features = stack.enabled_features;
  // A rule file no Prometheus loads may be one for cortextool or mimirtool (rw182 grafana-stack).
  opts.tool_namespace = true;
  return opts;
}

bool same_options(const rulefmt::Options& a, const rulefmt::Options& b) {
  return a.major == b.major && a.minor == b.minor && a.enabled_features == b.enabled_features &&
         a.tool_namespace == b.tool_namespace;
}

}  // namespace

RuleFilePrefetch prefetch_rule_files(const Stack& stack, const FileSystem& fs,
                                     const std::vector<std::string>& host_paths, unsigned threads) {
  rulefmt::Options opts = default_rule_options(stack);
  // Many files: their PromQL trees are built only while the rules walk them (RuleFile::deferred),
  // unless a Prometheus of the stack loads them (build_loaded_trees).
  opts.defer_promql = true;
  // Nor their annotations, unless a Prometheus loads them (load_rule_file parses them again).
  opts.keep_annotations = false;
  // One slot per path. This thread reads the files in order (the file system need not be
  // thread-safe) while the others already parse the ones read; then it parses too.
  std::vector<std::pair<std::string, PrefetchedRuleFile>> work(host_paths.size());
  std::atomic<size_t> ready{0};  // slots [0, ready) are read (no source: unreadable)
  std::atomic<size_t> next{0};
  // Once its rules are read, a file's text is freed until something asks for it: its bytes are
  // the largest part of such a run's memory, and most files have no finding to show.
  const std::shared_ptr<const FileSystem> reread = fs.detached();
  const auto worker = [&] {
    for (size_t i = next++; i < work.size(); i = next++) {
      for (size_t r = ready.load(); r <= i; r = ready.load()) ready.wait(r);
      PrefetchedRuleFile& pre = work[i].second;
      if (!pre.source) continue;
      pre.parsed = rulefmt::parse(pre.source, pre.options);
      if (reread) pre.source->release_text([reread, host = host_paths[i]] { return reread->read(host); });
    }
  };
  const unsigned n = std::max(1U, std::min<unsigned>(threads, static_cast<unsigned>(work.size() / 8)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < host_paths.size(); ++i) {
    const std::string& host = host_paths[i];
    if (auto text = fs.read(host)) {
      work[i].first = path::normalize(host);
      work[i].second = PrefetchedRuleFile{
          .source = std::make_shared<const SourceFile>(stack_relative(stack, host), std::move(*text)),
          .options = opts,
          .parsed = {}};
    }
    ready.store(i + 1);
    ready.notify_all();
  }
  worker();
  for (auto& t : pool) t.join();
  RuleFilePrefetch out;
  for (auto& [host, pre] : work) {
    if (pre.source) out.emplace(host, std::move(pre));
  }
  return out;
}

void build_loaded_trees(Stack& stack) {
  const auto build = [](const PromConfig& c) {
    for (const auto& f : c.loaded_rule_files) {
      if (f && f->deferred) {
        rulefmt::build_trees(*f);
        f->deferred = false;
      }
    }
  };
  for (const Service& s : stack.services) {
    if (s.prometheus) build(*s.prometheus);
  }
  for (const auto& c : stack.standalone_prometheus) {
    if (c) build(*c);
  }
}

std::shared_ptr<RuleFile> load_rule_file(Stack& stack, const FileSystem& fs, const std::string& host_path,
                                         const std::optional<rulefmt::Options>& options, RuleFilePrefetch* prefetch) {
  const std::string norm = path::normalize(host_path);
  const bool known = stack.find_file(stack_relative(stack, host_path)) != nullptr;
  if (known) {  // a rule file always has its StackFile: only then can it be loaded already
    for (const auto& rf : stack.rule_files) {
      if (rf->host_path != norm) continue;
      if (options && !rf->annotations_kept) {
        // Read as a standalone file first (Prometheus configs are bound before, so not expected):
        // a Prometheus loads it, its alerts are routed and their annotations read.
        rulefmt::Options again{.major = rf->version_major,
                               .minor = rf->version_minor,
                               .enabled_features = rf->enabled_features,
                               .defer_promql = rf->deferred};
        rulefmt::ParseOutput full = rulefmt::parse(rf->source, again);
        rf->groups = std::move(full.file->groups);
        rf->rules = std::move(full.file->rules);
        rf->annotations_kept = true;
      }
      return rf;
    }
  }
  const rulefmt::Options opts = options ? *options : default_rule_options(stack);
  PrefetchedRuleFile* pre = nullptr;
  if (prefetch != nullptr) {
    const auto it = prefetch->find(norm);
    // A Prometheus loads the file: its alerts' annotations are read, which a prefetch does not keep.
    if (it != prefetch->end() && same_options(it->second.options, opts) &&
        (!options || (it->second.parsed.file && it->second.parsed.file->annotations_kept))) {
      pre = &it->second;
    }
  }
  StackFile* file = pre != nullptr && !known ? add_stack_file(stack, host_path, FileKind::rules, pre->source)
                                             : load_stack_file(stack, fs, host_path, FileKind::rules);
  if (file == nullptr) return nullptr;
  auto parsed =
      pre != nullptr && file->source == pre->source ? std::move(pre->parsed) : rulefmt::parse(file->source, opts);
  if (!known) {
    file->errors.insert(file->errors.end(), parsed.errors.begin(), parsed.errors.end());
    stack.duplicate_keys.insert(stack.duplicate_keys.end(), parsed.duplicate_keys.begin(), parsed.duplicate_keys.end());
  }
  parsed.file->path = file->path;
  parsed.file->host_path = file->host_path;
  stack.rule_files.push_back(parsed.file);
  return parsed.file;
}

void bind_prometheus(Stack& stack, Service& svc, const FileSystem& fs) {
  int major = 0;
  int minor = 0;
  std::string version_source;
  version_of(stack, &svc, major, minor, version_source);
  PromFlags flags;
  parse_flags(svc, release_major(svc, major, version_source), flags);
  std::shared_ptr<PromConfig> cfg;
  std::optional<ParseIssue> missing;
  if (auto r = flags.config_file.empty() ? std::nullopt : resolve_container_path(stack, svc, flags.config_file);
      r && r->mount != nullptr && r->mount->bind) {
    // Named by the mount's source (what the line says and what lies outside, when it does), not its target;
    // `~/...` as written: the linting machine's $HOME is no path of the user's and is not shown.
    const Reference ref{.directive = "the mounted config file",
                        .written = r->mount->home_source.empty() ? r->mount->source : r->mount->home_source,
                        .location = r->mount->location};
    const FileInfo info = stat_at(stack, fs, r->host_path, &ref);
    if (info.status == OpenStatus::found && info.type == FileType::regular) {
      cfg = load_config(stack, fs, r->host_path, major, minor);
    } else {
      missing = missing_config(stack, fs, flags, *r, info);
    }
  }
  if (!cfg && !missing) missing = no_default_config(stack, svc, flags);
  if (!cfg) {
    cfg = std::make_shared<PromConfig>();
    cfg->version_major = major;
    cfg->version_minor = minor;
  }
  if (missing) cfg->command_line_errors.push_back(std::move(*missing));
  if (flags.single_dash) {
    const std::string& word = flags.single_dash->value;
    const size_t eq = word.find('=');
    cfg->command_line_errors.push_back(ParseIssue{
        .message = "Prometheus " + (version_source == "image" ? svc.version : std::string("(latest)")) + " reads \"" +
                   word.substr(0, eq) + "\" as short flags and exits at start (\"unknown short flag '-" +
                   word.substr(1, 1) + "'\"): since 2.0, long flags take two dashes; write -" + word.substr(0, eq),
        .location = flags.single_dash->location,
        .related = {}});
  }
  if (flags.removed_flag) {
    const std::string& name = flags.removed_flag->value;
    const std::string_view instead = *removed_in_3(name);
    cfg->command_line_errors.push_back(ParseIssue{
        .message = "Prometheus " + (version_source == "image" ? svc.version : std::string("(latest)")) +
                   " exits at start on --" + name + " (\"unknown long flag '--" + name + "'\"): 3.0 removed it; " +
                   (instead.empty() ? std::string("it had no effect, drop it") : "write " + std::string(instead)),
        .location = flags.removed_flag->location,
        .related = {}});
  }
  cfg->container_path = flags.config_file;
  cfg->service = svc.name;
  cfg->version_source = version_source;
  std::vector<std::string> features;
  for (const auto& f : flags.enabled_features) features.push_back(f.value);
  cfg->flags = std::move(flags);
  if (cfg->loaded) {
    const Reference* at = nullptr;
    const View view = container_view(stack, svc, fs, at);
    resolve_rule_files(stack, fs, *cfg, view, at, path::dirname(cfg->container_path), features);
    StackIncludeResolver resolver(stack, fs, &svc, "/prometheus", FileKind::file_sd);
    resolve_file_sd(stack, *cfg, view, at, path::dirname(cfg->container_path), resolver, false);
  }
  svc.prometheus = cfg;
}

std::shared_ptr<PromConfig> load_standalone_prometheus(Stack& stack, const FileSystem& fs, const std::string& host_path,
                                                       RuleFilePrefetch* prefetch) {
  int major = 0;
  int minor = 0;
  std::string version_source;
  version_of(stack, nullptr, major, minor, version_source);
  auto cfg = load_config(stack, fs, host_path, major, minor);
  if (!cfg) {
    cfg = std::make_shared<PromConfig>();
    cfg->version_major = major;
    cfg->version_minor = minor;
    return cfg;
  }
  cfg->version_source = version_source;
  const Reference* at = nullptr;
  // A file a service mounts (a template rendered into the config it reads, a second config beside
  // it) names container paths: its rule_files and file_sd files are read through that service's
  // mounts, and an absolute path no mount maps is unknown, not a path of this machine.
  if (const auto mounted = where_mounted(stack, host_path, Role::prometheus)) {
    const View view = container_view(stack, *mounted->service, fs, at);
    const std::string dir = path::dirname(mounted->container_path);
    resolve_rule_files(stack, fs, *cfg, view, at, dir, stack.enabled_features, prefetch);
    StackIncludeResolver resolver(stack, fs, mounted->service, "/prometheus", FileKind::file_sd);
    resolve_file_sd(stack, *cfg, view, at, dir, resolver, false);
    return cfg;
  }
  const View view = disk_view(stack, fs, at);
  const std::string dir = path::dirname(path::normalize(host_path));
  resolve_rule_files(stack, fs, *cfg, view, at, dir, stack.enabled_features, prefetch, true);
  StackIncludeResolver resolver(stack, fs, nullptr, dir, FileKind::file_sd);
  resolve_file_sd(stack, *cfg, view, at, dir, resolver, true);
  return cfg;
}

}  // namespace stacklint
