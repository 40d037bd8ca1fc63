// compose/mount-source-missing: a bind mount whose source is not in the repository, where the
// container expects content (a file, a read-only mount, a database init directory).
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/formats/compose/image.h"
#include "linter/formats/compose/syntax.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/am_config.h"
#include "linter/model/pg_config.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/prom_config.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

// A name with an extension (`nginx.conf`, `init.sql`, `acme.json`): a file. Dot names without
// another dot (`.data`), version-like suffixes (`data.1`) and the `.d` of a drop-in directory
// (`conf.d`, `etc-dnsmasq.d`, which pihole fills itself: rw24) are not.
bool names_a_file(std::string_view name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size() || name.size() - dot - 1 > 5) return false;
  const std::string_view ext = name.substr(dot + 1);
  if (ext == "d") return false;
  return std::all_of(ext.begin(), ext.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }) &&
         std::any_of(ext.begin(), ext.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

// A folder of Grafana's provisioning whose absence leaves nothing broken: dashboards, alerting,
// plugins and notifiers provision optional things (not datasources, nor the whole folder).
bool optional_provisioning(std::string_view target) {
  while (target.size() > 1 && target.back() == '/') target.remove_suffix(1);
  for (const std::string_view sub : {"dashboards", "alerting", "plugins", "notifiers"}) {
    if (target == "/etc/grafana/provisioning/" + std::string(sub)) return true;
  }
  return false;
}

// Where the official database images run init scripts once, on an empty data directory: an empty
// directory there leaves the database without its schema. (A writable directory elsewhere, even
// under /etc, may be one the program fills: `./archival:/etc/cadence/archival`.)
bool init_target(std::string_view target) {
  return target.starts_with("/docker-entrypoint-initdb.d");
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// What a repository leaves out on purpose, for the user or a setup step to provide: secrets, keys
// and certificates, generated or downloaded artifacts, dumps and databases, logs (rw16 yashigani's
// `secrets/` made by its installer, rw17 yas's downloaded agent jar, certbot's `conf/`).
bool left_out_on_purpose(std::string_view source) {
  static constexpr std::string_view kDirs[] = {"secret",  "secrets",     "cert",    "certs",   "certificates",
                                               "certbot", "letsencrypt", "ssl",     "tls",     "keys",
                                               "private", "generated",   "runtime", "tmp",     "build",
                                               "dist",    "out",         "backup",  "backups", "dumps"};
  static constexpr std::string_view kExtensions[] = {"pem", "crt", "cer",    "key",     "p12", "pfx", "jks", "keystore",
                                                     "csr", "der", "dump",   "bak",     "gz",  "tgz", "zip", "tar",
                                                     "jar", "war", "sqlite", "sqlite3", "db",  "log"};
  static constexpr std::string_view kNames[] = {"userlist.txt", ".pgpass", ".htpasswd", "htpasswd", "acme.json"};
  static constexpr std::string_view kWords[] = {"password", "passwd", "secret", "token", "credential"};
  const std::string low = lower(source);
  size_t start = 0;
  while (start <= low.size()) {
    const size_t slash = std::min(low.find('/', start), low.size());
    const std::string_view seg(low.data() + start, slash - start);
    const bool last = slash == low.size();
    if (!last && std::find(std::begin(kDirs), std::end(kDirs), seg) != std::end(kDirs)) return true;
    if (last) {
      if (std::find(std::begin(kDirs), std::end(kDirs), seg) != std::end(kDirs)) return true;
      if (std::find(std::begin(kNames), std::end(kNames), seg) != std::end(kNames)) return true;
      const size_t dot = seg.rfind('.');
      if (dot != std::string_view::npos &&
          std::find(std::begin(kExtensions), std::end(kExtensions), seg.substr(dot + 1)) != std::end(kExtensions)) {
        return true;
      }
      for (const std::string_view w : kWords) {
        if (seg.find(w) != std::string_view::npos) return true;
      }
    }
    start = slash + 1;
  }
  return false;
}

// The author says what fills the source: a comment on the mount or heading it calls it output,
// generated or emitted by the host or a build ("# Stagetest artifacts (read-only, host-emitted)",
// rw73 agenticverz). Something other than the repository provides it.
bool comment_says_produced(const Stack& stack, const Mount& m) {
  static constexpr std::string_view kWords[] = {"generated", "emitted",    "produced by", "written by", "created by",
                                                "output",    "artifacts",  "populated",   "filled by",  "downloaded",
                                                "built by",  "at runtime", "on startup"};
  return std::ranges::any_of(setting_comments(stack, m.location), [](std::string_view comment) {
    const std::string low = lower(comment);
    return std::ranges::any_of(kWords, [&](std::string_view w) { return low.find(w) != std::string::npos; });
  });
}

// The program the service runs already reports this mount as the config file it cannot read
// (prometheus/syntax, redis/syntax, ...): one cause, one finding.
bool reported_by_program(const Service& svc, const Mount& m) {
  const auto names = [&](const std::vector<ParseIssue>& errors) {
    return std::any_of(errors.begin(), errors.end(), [&](const ParseIssue& e) {
      return e.location == m.location || e.message.find(m.source) != std::string::npos;
    });
  };
  return (svc.prometheus && names(svc.prometheus->command_line_errors)) ||
         (svc.redis && names(svc.redis->command_line_errors)) ||
         (svc.postgres && (names(svc.postgres->command_line_errors) || names(svc.postgres->startup_errors))) ||
         (svc.pgbouncer && names(svc.pgbouncer->errors)) || (svc.alertmanager && names(svc.alertmanager->errors));
}

// A rule file the service's Prometheus names (prometheus/rule-files-unmatched reports it: Prometheus
// exits on the directory docker makes of it).
bool rule_file_of_prometheus(const Service& svc, const Mount& m) {
  if (!svc.prometheus || !svc.prometheus->loaded) return false;
  return std::any_of(svc.prometheus->rule_files.begin(), svc.prometheus->rule_files.end(),
                     [&](const RuleFilePattern& p) { return missing_rule_file_mount(svc, p.container_pattern) == &m; });
}

// The official redis and postgres images read no config file their command line does not name:
// redis-server starts on its defaults, postgres on the data directory's postgresql.conf. A `.conf`
// mounted elsewhere (`./config/redis/redis.conf:/usr/local/etc/redis/redis.conf` beside a redis
// started by flags only, rw125 mimir) that no word of the command line or environment names is read
// by nothing, so its missing source changes nothing. An image built here, an entrypoint of the
// project's or an image with a config of its own (bitnami, keydb) may read it: not judged.
bool read_by_nothing(const Service& svc, const Mount& m) {
  if ((svc.role != Role::redis && svc.role != Role::postgres) || !compose::runs_official_entrypoint(svc)) return false;
  if (!compose::image_fact(svc)->config.empty()) return false;
  const std::string& target = m.target;
  if (!target.ends_with(".conf") || init_target(target)) return false;
  if (svc.role == Role::postgres) {
    if (target.starts_with("/var/lib/postgresql/")) return false;
    const auto pgdata = svc.environment.find("PGDATA");
    if (pgdata != svc.environment.end() && !pgdata->second.value.empty() && target.starts_with(pgdata->second.value)) {
      return false;
    }
  }
  const std::string folder = path::dirname(target);
  const auto names = [&](std::string_view word) {
    return word.find(target) != std::string_view::npos || word == folder || word == folder + "/";
  };
  if (svc.command && std::ranges::any_of(svc.command->value, names)) return false;
  return std::ranges::none_of(svc.environment, [&](const auto& kv) { return names(kv.second.value); });
}

// The author calls the mount optional in its comment ("# Optional file providing custom global
// settings", rw127 server-stack's FreshRSS): the program runs without it.
bool comment_says_optional(const Stack& stack, const Mount& m) {
  return std::ranges::any_of(setting_comments(stack, m.location), [](std::string_view comment) {
    return lower(comment).find("optional") != std::string::npos;
  });
}

class ComposeMountSourceMissing final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/mount-source-missing",
        .severity = Severity::warning,
        .summary = "A bind mount whose source is not in the repository, where the container expects content.",
        .rationale =
            "When the source of a bind mount does not exist, docker creates an empty directory in its place "
            "(the short syntax always does; the long syntax `type: bind` refuses to start the container instead, "
            "unless "
            "`bind.create_host_path: true`) and the container starts on nothing: nginx without its `nginx.conf` (now a "
            "directory), Grafana with empty "
            "provisioning, PostgreSQL without its init scripts. The usual causes are a renamed or moved file, "
            "a path relative to the wrong directory (paths are relative to the compose file's directory), and "
            "a file that was never committed.\n\n"
            "Reported when the container expects content: the source names a file (it has an extension other than a "
            "drop-in directory's `.d`, and the mount is read-only or its target has an extension too: "
            "`./volumes/redis.var.lib:/var/lib/redis` is a data folder), the "
            "mount is read-only (but not a `.d` drop-in directory, empty by default), or the target is a database "
            "image's `/docker-entrypoint-initdb.d` (a missing init file there becomes a directory the entrypoint "
            "fails on; a missing init folder is not reported: the database initialises without scripts, its schema "
            "mostly from the app's migrations; a missing Grafana provisioning folder of dashboards, alerting, "
            "plugins or notifiers is a note: it provisions nothing). "
            "A missing "
            "writable directory (`./data:/var/lib/postgresql/data`) is what docker is meant to create and is "
            "not reported. Missing files beside the compose file for three services or more of it are one finding, "
            "files it names that were never committed. Also silent: sources that git ignores (the user's own), sources "
            "with a committed "
            "template beside them (`nginx.conf.example`, `sample.nginx.conf`), sources a README beside them or beside "
            "the compose "
            "file names (a documented step creates them), sources a shell script there, at the stack root or in "
            "a scripts/ folder beside them writes (`sed ... "
            "sentinel.conf.template > \"sentinel-$i.conf\"`) or makes (`mkdir -p nginx/auth`, `htpasswd -bc "
            "nginx/auth/site.htpasswd ...`), sources in a git submodule, folders below which other "
            "services of the stack mount folders writable (`./logs/api` of the api beside promtail's `./logs`: "
            "docker creates them and the services fill them) or that another service mounts writable itself, sources "
            "the repository holds "
            "at the same path in a folder beside the project or beside a directory above it (`docker/grafana/...` "
            "for `./grafana/...`: a deploy step assembles the project from there), sources that "
            "interpolate a variable, sources outside the repository, and what "
            "repositories leave out on purpose for the user or a setup step to provide: secrets, keys and "
            "certificates (`secrets/`, `certs/`, `*.pem`, pgBouncer's `userlist.txt`), generated, built or "
            "downloaded files (`generated/`, `dist/`, `*.jar`), dumps, databases and logs. "
            "Also silent: a mount whose comment (on its line or heading it) says something else fills it: generated, "
            "emitted, output, artifacts, populated, downloaded, written, created or built by a step (`# build "
            "artifacts, host-emitted`). A config file the "
            "service's program is told to read is reported once, by that program's `*/syntax` rule. One missing source "
            "is one finding, at its first mount; its other mounts are notes. A compose file that a shell script of "
            "the repository downloads by its path in the repository (`curl -o docker-compose.yml "
            "\"$BASE_URL/compose/docker-compose.yml\"`) is a template the script installs elsewhere, with what it "
            "mounts and its env files beside it: neither those nor its variables are judged. Several missing "
            "sources in one folder are one finding, the others its notes: a folder the repository lacks is one "
            "cause; in the stack's own folder, so are those of one service (files removed together). A file nothing "
            "reads in such a folder is a note of that finding. Over a file the image ships (nginx's `nginx.conf`, "
            "Grafana's `grafana.ini`, Prometheus's `prometheus.yml`, the `elasticsearch.yml`, `logstash.yml` and "
            "`kibana.yml` of the Elastic images) docker cannot mount the directory it creates, "
            "and the container is not created at all; so is the service of a config (`configs:`) whose `file:` is "
            "missing, which `docker stack deploy` cannot read and compose cannot mount. A note, not a "
            "warning: a `.conf` that the official redis or postgres image never reads (no word of "
            "the command line or environment names it, outside the data directory: redis started by flags only), a "
            "file beside a missing config file its program's `*/syntax` rule reports (one absent folder, or another "
            "file of that service in the stack's own folder), and a mount "
            "whose comment calls it optional.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
)"},
                         {.path = "nginx.conf", .content = "events {}\n"}},
    };
    return i;
  }

  // Services of the stack mount folders below the missing source writable (`./logs/backend:/app/logs`):
  // docker creates the source's tree when they start and they fill it, so a reader of the whole
  // folder (promtail's `./logs:/var/log/app:ro`) finds their files (rw24 anak-tournaments).
  // The same folder mounted writable by another mount (radarr's `./radarr:/config` beside a reader's
  // `./radarr:/workdir/radarr:ro`, rw29 Kero-66) is filled by that service too.
  static bool written_below_by_the_stack(const Stack& stack, const Mount& missing) {
    const std::string prefix = missing.host_path + "/";
    const bool folder = !names_a_file(path::basename(missing.source));  // a file is no folder a service fills
    return std::any_of(stack.services.begin(), stack.services.end(), [&](const Service& s) {
      return s.enabled && std::any_of(s.mounts.begin(), s.mounts.end(), [&](const Mount& m) {
               return &m != &missing && m.bind && !m.read_only &&
                      (m.host_path.starts_with(prefix) || (folder && m.host_path == missing.host_path));
             });
    });
  }

  // Whether the image of `svc` ships a file at `target` (nginx's nginx.conf and default.conf, Grafana's
  // grafana.ini, Prometheus's prometheus.yml): a directory cannot be mounted over it, and docker fails
  // to create the container (rw214, rw221, rw223: "is an empty directory" was wrong there).
  static bool image_ships_file(const Service& svc, const std::string& target) {
    if (!svc.image) return false;
    const std::string repo = compose::analyze_image(svc.image->value).repository;
    const std::string t = path::normalize(target);
    if (repo == "nginx" || repo == "nginxinc/nginx-unprivileged") {
      return t == "/etc/nginx/nginx.conf" || t == "/etc/nginx/conf.d/default.conf";
    }
    // The Elastic images hold their configuration files (rw258 obsrevabilty_edu's ELK stack).
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kElastic = {{
        {"elasticsearch", "/usr/share/elasticsearch/config/elasticsearch.yml"},
        {"elasticsearch/elasticsearch", "/usr/share/elasticsearch/config/elasticsearch.yml"},
        {"logstash", "/usr/share/logstash/config/logstash.yml"},
        {"logstash", "/usr/share/logstash/pipeline/logstash.conf"},
        {"logstash/logstash", "/usr/share/logstash/config/logstash.yml"},
        {"logstash/logstash", "/usr/share/logstash/pipeline/logstash.conf"},
        {"kibana", "/usr/share/kibana/config/kibana.yml"},
        {"kibana/kibana", "/usr/share/kibana/config/kibana.yml"},
    }};
    if (std::any_of(kElastic.begin(), kElastic.end(),
                    [&](const auto& e) { return e.first == repo && e.second == t; })) {
      return true;
    }
    const knowledge::ImageFact* fact = knowledge::find_image(repo);
    return fact != nullptr && !fact->config.empty() && fact->config == t &&
           (svc.role == Role::grafana || svc.role == Role::prometheus);
  }

  struct Found {
    std::string message;
    Location location;
    std::vector<Related> notes;
    std::string source;   // as written
    std::string service;  // the first service that mounts it
    bool merged = false;
    bool quiet = false;                  // a note: nothing would read it, or its folder's absence is reported already
    bool refused = false;                // long syntax: docker refuses to start the service, creating nothing
    bool optional_provisioning = false;  // quiet as Grafana's dashboards folder (optional_provisioning)
  };

  static void merge_by_folder(std::vector<Found>& found) {
    // Several missing sources in one folder are one cause, a folder the repository lacks or left
    // behind (rw105 news-microservices: seven files of an `intelligence-frontend/` that is not
    // there): one finding at the first, the others its notes.
    // In the stack's own folder, the missing files of one service are (rw142 code-server: four rule
    // files of one Prometheus, removed in one commit).
    std::map<std::string, std::vector<size_t>> by_folder;
    const auto folder_of = [&](size_t i) {
      const std::string folder = path::dirname(found[i].source);
      return folder.empty() || folder == "." ? found[i].service + "|." : folder;
    };
    for (size_t i = 0; i < found.size(); ++i) {
      if (!found[i].quiet) by_folder[folder_of(i)].push_back(i);
    }
    // An optional provisioning folder beside a missing one that is not: the folder is missing
    // whole, one cause (`grafana/dashboards` and `grafana/datasources`).
    for (size_t i = 0; i < found.size(); ++i) {
      if (!found[i].optional_provisioning) continue;
      if (const auto it = by_folder.find(folder_of(i)); it != by_folder.end()) {
        it->second.insert(std::upper_bound(it->second.begin(), it->second.end(), i), i);
      }
    }
    for (auto& [folder, members] : by_folder) {
      if (members.size() < 2) continue;
      Found& first = found[members.front()];
      first.quiet = false;
      const std::string where = folder.ends_with("|.") ? "of service '" + first.service + "'" : "in '" + folder + "/'";
      // Long-syntax mounts (`type: bind`) create nothing: docker refuses to start their service (rw188
      // DevOps-Stack: "creates an empty directory at each" was wrong there).
      const auto refused = std::find_if(members.begin(), members.end(), [&](size_t m) { return found[m].refused; });
      const bool all_refused = std::all_of(members.begin(), members.end(), [&](size_t m) { return found[m].refused; });
      const std::string effect =
          refused == members.end()
              ? "docker creates an empty directory at each, so their targets are empty"
              : std::string(all_refused ? "" : "docker creates an empty directory for the short-syntax ones; ") +
                    "the long syntax creates none, so docker refuses to start service '" + found[*refused].service +
                    "' (bind source path does not exist)";
      first.message = std::to_string(members.size()) + " bind-mount sources " + where +
                      " do not exist in the repository, '" + first.source + "' first: " + effect;
      for (size_t k = 1; k < members.size(); ++k) {
        Found& other = found[members[k]];
        other.merged = true;
        first.notes.push_back(
            Related{.message = "'" + other.source + "' does not exist either", .location = other.location});
      }
    }
    // A file nothing reads in a missing folder that a reported file shares is that folder's cause
    // too (rw209 masterTrade: pg_hba.conf and recovery.conf beside the missing postgresql.conf).
    for (size_t i = 0; i < found.size(); ++i) {
      Found& quiet = found[i];
      if (!quiet.quiet || quiet.merged || quiet.optional_provisioning) continue;
      const auto it = by_folder.find(folder_of(i));
      if (it == by_folder.end() || folder_of(i).ends_with("|.")) continue;
      quiet.merged = true;
      found[it->second.front()].notes.push_back(
          Related{.message = "'" + quiet.source + "' does not exist either", .location = quiet.location});
    }
  }

  // Missing files beside the compose file for three services or more of it are one cause: files it
  // names that were never committed (rw154 onlinestore's payment compose: a Prometheus config, an
  // admin site, a swagger.yaml and an nginx config of four services, judged one finding). At the
  // first, the others its notes.
  static void merge_uncommitted(std::vector<Found>& found) {
    std::map<std::string, std::vector<size_t>> by_file;
    for (size_t i = 0; i < found.size(); ++i) {
      const Found& f = found[i];
      const std::string folder = path::dirname(f.source);
      if (f.merged || f.quiet || !(folder.empty() || folder == ".")) continue;
      by_file[f.location.file.str()].push_back(i);
    }
    for (const auto& [file, members] : by_file) {
      if (members.size() < kUncommitted) continue;
      Found& first = found[members.front()];
      first.message = "bind-mount sources of " + std::to_string(members.size()) + " services of " +
                      path::basename(file) + " do not exist in the repository, '" + first.source +
                      "' first: files the compose file names were never committed; docker creates an empty "
                      "directory at each, so their targets are empty";
      for (size_t k = 1; k < members.size(); ++k) {
        Found& other = found[members[k]];
        other.merged = true;
        first.notes.push_back(
            Related{.message = "'" + other.source + "' of service '" + other.service + "' does not exist either",
                    .location = other.location});
        for (Related& r : other.notes) first.notes.push_back(std::move(r));
      }
    }
  }
  static constexpr size_t kUncommitted = 3;

  void check(const Stack& stack, Reporter& out) const override {
    // One missing source is one finding, at its first mount: the others (the same file at two
    // targets, or in two services) are its notes (rw26: wazuh's ossec.conf mounted twice).
    std::vector<Found> found;
    std::map<std::string, size_t> by_source;
    // Folders whose missing config file a program's */syntax rule reports: the other missing files
    // of that folder are the same cause (rw122 autocura: `./prometheus/` absent, prometheus.yml
    // reported by prometheus/syntax, alerts.yml beside it).
    // In the stack's own folder, only the same service's other missing files are (rw142 code-server:
    // prometheus.yml and four rule files of one Prometheus, gone in one commit).
    std::map<std::string, std::string> reported_folders;  // folder, or service|. -> the source reported
    for (const Service& svc : stack.services) {
      if (!svc.enabled) continue;
      for (const Mount& m : svc.mounts) {
        if (m.bind && reported_by_program(svc, m)) {
          const std::string folder = path::dirname(m.source);
          reported_folders.try_emplace(folder.empty() || folder == "." ? svc.name + "|." : folder, m.source);
        }
      }
    }
    for (const Service& svc : stack.services) {
      if (!svc.enabled) continue;
      for (const Mount& m : svc.mounts) {
        if (!m.bind || !m.source_missing || m.source.empty() || m.source.starts_with("../")) continue;
        if (left_out_on_purpose(m.source)) continue;
        // A writable mount at a target with no extension is a folder the program fills, whatever
        // dots its source's name has (`./volumes/redis.var.lib:/var/lib/redis`, rw35 Newsblur).
        const bool file = names_a_file(path::basename(m.source)) &&
                          (m.read_only || path::basename(m.target).find('.') != std::string::npos);
        if (!file && !m.read_only && !init_target(m.target)) continue;
        // A drop-in directory (`config.d`, `conf.d`) holds optional additions: empty is the default
        // the program runs with, read-only or not (rw28 homelab-2026's tt-rss `config.d`).
        if (!init_target(m.target) && path::basename(m.source).ends_with(".d")) continue;
        if (reported_by_program(svc, m) || rule_file_of_prometheus(svc, m) || written_below_by_the_stack(stack, m) ||
            comment_says_produced(stack, m)) {
          continue;
        }
        const std::string what =
            file ? "'" + m.target + "' is an empty directory, not the file" : "'" + m.target + "' is empty";
        std::string quiet_reason;
        bool optional = false;
        const std::string folder = path::dirname(m.source);
        if (const auto r = reported_folders.find(folder.empty() || folder == "." ? svc.name + "|." : folder);
            r != reported_folders.end()) {
          quiet_reason =
              "; '" + r->second + "' beside it is missing too, the same cause, reported as its program's error";
        } else if (read_by_nothing(svc, m)) {
          quiet_reason = ", but nothing reads it: neither the command line nor the environment of service '" +
                         svc.name + "' names it, and the image reads no file there";
        } else if (comment_says_optional(stack, m)) {
          quiet_reason = "; its comment calls it optional";
        } else if (!file && !m.refused_if_missing && optional_provisioning(m.target)) {
          // Grafana provisions nothing from an empty folder (rw203 qfl's dashboards folder, never
          // committed); a missing datasources folder (or the whole provisioning) leaves it without
          // the data it shows, and stays a warning.
          quiet_reason = "; Grafana provisions nothing from an empty folder and starts as it would without it";
          optional = true;
        } else if (!file && init_target(m.target) && !m.refused_if_missing) {
          // An empty init folder is no error: the database initialises without scripts, and the schema
          // mostly comes from the app's migrations (6 of 6 such findings in rw125-rw154 judged noise;
          // as notes, 2 of 2 in rw244 too). Not reported; a missing init *file* there makes a directory
          // that `psql -f` fails on, and stays a warning.
          continue;
        }
        const auto [it, added] = by_source.try_emplace(m.host_path, found.size());
        if (!added) {
          found[it->second].notes.push_back(
              Related{.message = "mounted here too, at '" + m.target + "' of service '" + svc.name + "'",
                      .location = m.location});
          continue;
        }
        // A config's file (rw257 immo-guinee's swarm stack): nothing creates it.
        const std::string effect =
            m.from_config ? "`docker stack deploy` cannot read it and compose cannot mount it, so service '" +
                                svc.name + "' is not created"
            : m.refused_if_missing ? "the long syntax does not create it, so docker refuses to start service '" +
                                         svc.name + "' (bind source path does not exist)"
            : image_ships_file(svc, m.target)
                ? "docker creates an empty directory there and cannot mount it over the file the image has at '" +
                      m.target + "' (not a directory), so service '" + svc.name + "' is not created"
                : "docker creates an empty directory there, so in service '" + svc.name + "' " + what;
        found.push_back(Found{.message = (m.from_config ? "config file '" : "bind-mount source '") + m.source +
                                         "' does not exist in the repository: " + effect + quiet_reason,
                              .location = m.location,
                              .notes = {},
                              .source = m.source,
                              .service = svc.name,
                              .quiet = !quiet_reason.empty(),
                              .refused = m.refused_if_missing,
                              .optional_provisioning = optional});
      }
    }
    merge_by_folder(found);
    merge_uncommitted(found);
    for (Found& f : found) {
      if (f.merged) continue;
      if (f.quiet) {
        out.report_demoted(Severity::note, std::move(f.message), f.location, std::move(f.notes));
      } else {
        out.report(std::move(f.message), f.location, std::move(f.notes));
      }
    }
  }
};

}  // namespace

const Rule& compose_mount_source_missing() {
  static const ComposeMountSourceMissing r;
  return r;
}

}  // namespace stacklint::rules
