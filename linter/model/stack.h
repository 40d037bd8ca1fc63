// The normalized model of a whole stack: what stacklint believes is in effect.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "linter/model/connection.h"
#include "linter/model/kinds.h"
#include "linter/model/setting.h"
#include "linter/source/include_resolver.h"
#include "linter/source/source.h"
#include "linter/yaml/duplicate_key.h"

namespace stacklint {

struct PgConfig;         // linter/model/pg_config.h
struct RedisConfig;      // linter/model/redis_config.h
struct PromConfig;       // linter/model/prom_config.h
struct RuleFile;         // linter/model/rule_file.h
struct PgBouncerConfig;  // linter/model/pgbouncer_config.h
struct AmConfig;         // linter/model/am_config.h
struct GrafanaConfig;    // linter/model/grafana_config.h
namespace yaml {
struct Document;
}

// A bind mount or a named volume, as the container sees it.
struct Mount {
  std::string source;     // host path relative to the stack root (bind), or the volume name
  std::string host_path;  // bind mounts: path on this machine (absolute or relative to cwd)
  // Bind mounts under the user's home (`~/monitoring/prometheus.yml`): the source as written, shown
  // instead of the path this machine's $HOME makes of it. Empty otherwise.
  std::string home_source;
  std::string target;  // absolute path in the container
  bool bind = false;
  bool read_only = false;
  bool is_directory = false;  // bind mounts: the source is a directory
  // Bind mounts: nothing is at the source, inside the repository, and no setup step writes it
  // (compose::written_by_setup; not for a source that interpolates a variable, nor one present
  // relative to a directory above, nor one a README beside it or the compose file names): docker
  // creates an empty directory there.
  bool source_missing = false;
  // The long syntax (`type: bind`) without `bind.create_host_path: true`: a missing source is not
  // created, the engine refuses to start the container ("bind source path does not exist").
  bool refused_if_missing = false;
  // A `configs:` entry whose config names a `file:` (compose mounts it read-only at the target).
  bool from_config = false;
  Location location;
};

struct PortMapping {
  std::string host_ip;    // "" = all interfaces
  std::string published;  // "" = none (expose only), may be a range
  std::string target;     // container port (may be a range)
  std::string protocol;   // "tcp" unless given
  Location location;
};

// A byte range of a file that holds a secret: excerpts show it as ******** (linter/model/secrets.h).
struct SecretSpan {
  uint32_t begin = 0, end = 0;
};

// A secret a Prometheus or Alertmanager config holds inline, under the field `key` (password,
// credentials, bearer_token, api_url, ...; "" for a URL's password in a field of another name).
struct ConfigSecret {
  std::string key;
  std::string value;
  Location location;
};

// A value no output may show as is: a secret (shown "********") or a value that came from the
// environment or an env file (shown "${NAME}"). `where` is where it is written or referenced.
struct Redaction {
  std::string value;
  std::string shown;
  Location where;
  bool anywhere = false;  // replaced in every message, not only in findings located near `where`
};

// One file of the stack that stacklint read (compose files, configs, rule files).
struct StackFile {
  std::string path;       // relative to the stack root, '/' separated
  std::string host_path;  // as opened on this machine
  FileKind kind = FileKind::none;
  SourcePtr source;
  std::vector<ParseIssue> errors;   // reported by the kind's `*/syntax` rule
  std::vector<SecretSpan> secrets;  // masked in every excerpt
  // Linted on its own: no service of the stack reads it (a config found in the directory, or one
  // such config includes). A sibling stack that binds it to a service reports it instead.
  bool standalone = false;
};

// A value kept out of line, created at its first write and copied with its owner: most services
// set none of the fields it holds, and the empty one reads as such.
template <class T>
class OutOfLine {
 public:
  OutOfLine() = default;
  OutOfLine(const OutOfLine& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  OutOfLine(OutOfLine&&) noexcept = default;
  OutOfLine& operator=(const OutOfLine& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  OutOfLine& operator=(OutOfLine&&) noexcept = default;
  ~OutOfLine() = default;

  [[nodiscard]] const T& get() const {
    static const T kNone;
    return value_ ? *value_ : kNone;
  }
  T& edit() {
    if (!value_) value_ = std::make_unique<T>();
    return *value_;
  }

 private:
  std::unique_ptr<T> value_;
};

// What few services write or have bound to them (Service::more): a file of 100,000 services of a
// few lines each holds 100,000 records, each without these.
struct ServiceMore {
  std::optional<Located<int64_t>> memory_reservation;  // bytes
  std::optional<Located<double>> cpus;
  std::optional<Located<int64_t>> stack_ulimit;                 // `ulimits: stack` soft limit in bytes; 0 = unlimited
  std::optional<Located<std::vector<std::string>>> entrypoint;  // after shell splitting
  // `build.args` written with a value (`ENVIRONMENT=DEV`), after interpolation: what the image is built for.
  std::map<std::string, Located<std::string>> build_args;
  // `build.dockerfile` as written (`Dockerfile.dev`): which Dockerfile the image is built from.
  std::optional<Located<std::string>> dockerfile;
  // `build.target` after interpolation (`dev`, `${BUILD_TARGET:-debug}`): the Dockerfile stage built.
  std::optional<Located<std::string>> build_target;
  // The `build:` key: compose builds the image (tagged `image:` when both are written), so what it
  // runs is its Dockerfile's, whatever the image name says.
  std::optional<Location> build;
  std::map<std::string, std::vector<std::string>> network_aliases;  // network -> aliases
  std::optional<Located<std::string>> network_mode;
  std::optional<Located<std::string>> container_name;
  std::map<std::string, std::string> extra_hosts;  // `extra_hosts:` name -> address (its /etc/hosts lines)
  std::vector<std::string> profiles;
  // Exporters (redis-exporter, postgres-exporter): the service they observe, resolved from their
  // REDIS_ADDR / DATA_SOURCE_NAME / DATA_SOURCE_URI / --redis.addr (linter/stack/topology); ""
  // when the address leads to no service of the stack.
  std::string observes;
  Location observes_location;  // where that address was written (invalid for the image default)
  // Alertmanager services: the Prometheus services whose alerting.alertmanagers targets reach it.
  std::vector<std::string> alert_senders;
  // Connection strings in the environment, resolved.
  std::vector<ClientConnection> connections;
  // The `env_file:` entries compose reads where the stack runs that this repository does not hold
  // (git-ignored, or made at setup from a committed template): the service's environment has
  // values stacklint cannot see, a password among them perhaps.
  std::vector<Location> unread_env_files;
};

struct Service {
  std::string name;
  Location location;    // the service's key in the compose file
  bool enabled = true;  // false when its profiles are all inactive
  std::optional<Located<std::string>> image;
  Role role = Role::app;
  std::string version;                                       // from the image tag ("" when latest / no tag)
  std::optional<Located<int64_t>> memory_limit;              // bytes
  std::optional<Located<std::vector<std::string>>> command;  // after shell splitting
  // After interpolation. Each value is located where it is written: the compose line, the env_file
  // line, or the `.env` line of a pass-through entry (`- POSTGRES_PASSWORD`); no location (invalid)
  // when the value comes from the shell, a git-ignored `.env` or the repository's `.env.example`.
  std::map<std::string, Located<std::string>> environment;
  std::vector<Mount> mounts;
  std::vector<PortMapping> ports;
  std::vector<std::string> networks;  // networks joined ("default" when none)

  // The configuration this service really reads, resolved through its mounts and command line.
  std::shared_ptr<PgConfig> postgres;
  std::shared_ptr<RedisConfig> redis;
  std::shared_ptr<PromConfig> prometheus;
  std::shared_ptr<PgBouncerConfig> pgbouncer;
  std::shared_ptr<AmConfig> alertmanager;
  std::shared_ptr<GrafanaConfig> grafana;
  // The TCP ports its server listens on, from its configuration (linter/stack/connections).
  ServerPorts listen;

  // The rarely set fields (ServiceMore), read as if they were members: empty unless written
  // through more().
  [[nodiscard]] const std::optional<Located<int64_t>>& memory_reservation() const {
    return more_.get().memory_reservation;
  }
  [[nodiscard]] const std::optional<Located<double>>& cpus() const { return more_.get().cpus; }
  [[nodiscard]] const std::optional<Located<int64_t>>& stack_ulimit() const { return more_.get().stack_ulimit; }
  [[nodiscard]] const std::optional<Located<std::vector<std::string>>>& entrypoint() const {
    return more_.get().entrypoint;
  }
  [[nodiscard]] const std::map<std::string, Located<std::string>>& build_args() const { return more_.get().build_args; }
  [[nodiscard]] const std::optional<Located<std::string>>& dockerfile() const { return more_.get().dockerfile; }
  [[nodiscard]] const std::optional<Located<std::string>>& build_target() const { return more_.get().build_target; }
  [[nodiscard]] const std::optional<Location>& build() const { return more_.get().build; }
  [[nodiscard]] const std::map<std::string, std::vector<std::string>>& network_aliases() const {
    return more_.get().network_aliases;
  }
  [[nodiscard]] const std::optional<Located<std::string>>& network_mode() const { return more_.get().network_mode; }
  [[nodiscard]] const std::optional<Located<std::string>>& container_name() const { return more_.get().container_name; }
  [[nodiscard]] const std::map<std::string, std::string>& extra_hosts() const { return more_.get().extra_hosts; }
  [[nodiscard]] const std::vector<std::string>& profiles() const { return more_.get().profiles; }
  [[nodiscard]] const std::string& observes() const { return more_.get().observes; }
  [[nodiscard]] const Location& observes_location() const { return more_.get().observes_location; }
  [[nodiscard]] const std::vector<std::string>& alert_senders() const { return more_.get().alert_senders; }
  [[nodiscard]] const std::vector<ClientConnection>& connections() const { return more_.get().connections; }
  [[nodiscard]] const std::vector<Location>& unread_env_files() const { return more_.get().unread_env_files; }
  ServiceMore& more() { return more_.edit(); }

 private:
  OutOfLine<ServiceMore> more_;
};

struct HostBudget {
  std::optional<Located<int64_t>> memory;  // bytes; unset = budget rules off
  int64_t reserve = 512LL * 1024 * 1024;   // kept for the OS and page cache
  Location reserve_location;               // where the reserve was configured, if anywhere
};

// A `${VAR}` with no value and no default.
struct UnsetVariable {
  std::string name;
  bool required = false;  // `${VAR:?msg}`: compose refuses to start without it
  Location location;
};

// A later `-f` file's empty list over a non-empty one of the earlier files (`ports: []` meant to
// take the published ports away): compose appends lists, so the earlier items stay.
struct KeptByEmptyList {
  std::string service;
  std::string field;  // ports, volumes, ...
  Location location;  // the empty list
};

// A depends_on that names no service of the project: compose refuses the project ("service "app"
// depends on undefined service "db"").
struct UndefinedDependency {
  std::string service;  // the service whose depends_on names it
  std::string name;     // the service named
  Location location;    // the depends_on entry
};

struct ComposeProject {
  std::vector<std::string> files;  // stack-relative paths of the compose files, in merge order
  std::vector<KeptByEmptyList> kept_by_empty_list;
  std::vector<Location> version_keys;  // the obsolete top-level `version:` of each file, in merge order
  // A key only `docker stack deploy` acts on (`deploy.mode: global`, `deploy.placement`,
  // `deploy.update_config`, an `overlay` network): a Swarm stack file, whose loader reads `version`.
  std::optional<Location> swarm_key;
  // A script's `docker stack deploy -c FILE` or an Ansible `docker_stack` task of the repository that
  // deploys one of the project's files to a swarm: a Swarm stack file too, whose variables come from
  // that deploy's environment. Looked for only when a file has a `version:` or a variable is unset.
  std::optional<Location> stack_deployed_by;
  Location services_key;  // the `services:` key of the first file
  // The top-level `name:` as written in the compose files (the last file's wins), when one sets it.
  std::optional<Located<std::string>> name;
  std::vector<UnsetVariable> unset_variables;
  // Profiles were given (--profile, COMPOSE_PROFILES in the environment or the .env): only theirs run.
  bool profiles_chosen = false;
  // Variables set nowhere but defined by the repository's own template (`.env.example`,
  // `.env.template`, `.env.sample`, `.env.dist`, `env.example`, `env.sample`,
  // `env.template`): resolved from it, not reported as unset. Their
  // values are examples, so rules never judge them (a placeholder password is no finding).
  std::map<std::string, Location> template_variables;
  // Every variable an env template of the project directory sets (the first template that sets it),
  // with its value and line: what `cp .env.example .env` gives the stack.
  std::map<std::string, Located<std::string>> template_values;
  // The project's `.env` is private (git-ignored and absent, encrypted or unreadable) and the repository
  // documents no template of it: its variables are set where the stack runs, their values unknown here.
  bool private_environment = false;
  // The variables the repository documents for the project: those a committed `.env` (or
  // --env-file) or an env template of the project directory sets, and those of a template above
  // that names the project's variables.
  std::set<std::string> documented_names;
  // A `.env` of a directory above whose values name files of this project's directory by their path
  // from there: the file is also run from that directory beside its compose file, whose services are
  // unknown here (the line of the first such value).
  std::optional<Location> env_above;
  // The line of the committed env file (the project's `.env`, `--env-file`) that sets each variable
  // compose interpolates: where a value that `${VAR}` brings into the compose file is written.
  std::map<std::string, Location> variable_lines;
  // The Docker network each network key names (`name:`, else <project>_<key>; "default" too):
  // services on two keys that name one network reach each other.
  std::map<std::string, std::string> network_names;
  // The directories above the project directory up to the repository's top level, nearest first: a
  // relative path missing from the project directory but present in one of them was written for
  // `docker compose --project-directory <it>` (unknown, not judged).
  std::vector<std::string> directories_above;
  // The `run:` steps of the repository's CI workflows that start the project (`docker compose -f
  // docker-compose.sentinel.yml up -d`) on a runner GitHub hosts, reaching no other machine: the
  // stack comes up in CI to be tested against (linter/stack/purpose).
  std::vector<Location> started_by_ci;
  std::vector<ParseIssue> errors;  // compose/syntax
  // compose/syntax reports them unless the tree's other compose files define the service (a fragment
  // of a stack assembled with -f or COMPOSE_FILE, rw113 akvorado's docker-compose-grafana.yml).
  std::vector<UndefinedDependency> undefined_dependencies;
  // The `${VAR}` spans whose variable has a value unknown here, not unset (a blank fill-in of the env
  // template, a script's export, a private .env): an error its empty value makes is not known to be
  // wrong, whenever it is found (the schema check joins the errors after the loader has forgiven them).
  std::vector<Location> unknown_value_uses;
  // A field written both the legacy way and under deploy.resources, with two values: compose refuses.
  enum class ConflictKind : uint8_t {
    memory_limit,        // mem_limit vs deploy.resources.limits.memory (bytes)
    memory_reservation,  // mem_reservation vs deploy.resources.reservations.memory (bytes)
    cpus,                // cpus vs deploy.resources.limits.cpus (values in nano-cpus)
    pids_limit,          // pids_limit vs deploy.resources.limits.pids
  };
  struct Conflict {
    std::string service;
    ConflictKind kind = ConflictKind::memory_limit;
    Location first, second;
    int64_t first_value = 0, second_value = 0;
  };
  std::vector<Conflict> conflicts;
};

// A file of the repository stacklint did not lint, and why (listed by `stacklint model`).
struct SkippedFile {
  std::string path;                // relative to the stack root
  FileKind kind = FileKind::none;  // the kind it was recognised as
  std::string reason;              // "mounted into service vmalert (...), a program stacklint does not model"
  std::string reader;              // the service whose program reads it, "" when no service does
};

// What the repository's other compose files may answer for a host that no service of this stack
// names (linter/stack/tree.h): a host one of them may answer is unknown, never unresolved.
struct ComposeSurroundings {
  // Service names, container_names and network aliases (lowercase) of the other compose files of
  // the project directory: run as their own `docker compose -f X.yml up`, they take the same
  // project name, so a network `net` is the same `<project>_net` for all of them.
  std::set<std::string> sibling_names;
  // Another compose file of the project directory is no valid YAML: the names it defines are not
  // known, so a host it may define is unknown, not unresolved.
  bool broken_sibling = false;
  // Another compose file of the project directory names a container by a variable with no default
  // (`aliases: [${VC_ALIAS}]`): which host it answers is not known.
  bool variable_sibling_name = false;
  // The same names for every other compose file of the tree linted (the base an overlay needs).
  std::set<std::string> tree_names;
  // Services of those other compose files that publish ports on their host from a folder named as
  // themselves (`compose/db-server/` runs `db-server` with `3306:3306`): a repository that keeps one
  // folder per machine, each reached by the machine's name.
  std::set<std::string> machine_services;
  // This stack's networks (compose keys) that containers of other projects may join: external
  // ones, and ones with a fixed `name:` that another compose file joins.
  std::set<std::string> shared_networks;
  // A service with no image or build, or a network no file of the stack declares: compose refuses
  // the stack alone; it is an overlay of a base this stack does not include.
  bool overlay = false;
  // The project is run from a directory above, beside that directory's compose file
  // (ComposeProject::env_above): a host none of its files names may be a service of that one.
  bool base_above = false;
};

// Whether the stack runs as a deployment or only on a developer's machine (tests, examples, demos),
// by what its authors wrote (linter/stack/purpose.h). The security rules on exposure (published
// ports, default and inline passwords, trust, open Redis) judge deployed stacks only.
// A value a README gives as a login, where it says so, and the variable its line sets (`PORTAINER_PASSWORD=changeme`
// in a block of environment settings; "" when the line sets none): the login of that variable only.
struct ReadmeLogin {
  Location location;
  std::string variable;
};

struct StackPurpose {
  enum class Evidence : uint8_t {
    none,                   // nothing says otherwise: deployed
    configured,             // .stacklint.toml [stack] deployed
    directory,              // a directory of the stack's path (`tests/`, `examples/`, `dev/`)
    file_name,              // a compose file's name (`docker-compose.dev.yml`, `compose.test.yaml`)
    framework_environment,  // NODE_ENV, RAILS_ENV, APP_ENV... written as development or test
    readme,                 // the README of the stack's folder calls it an example, a test... at its top
    source_package,         // the compose file sits in a source package (__init__.py, *_test.go)
    service,                // a service named for tests (`postgres-test`, `redis_e2e`)
    header_comment,         // the compose file's first line, a comment, calls it a development/test setup
    script,                 // a script named for development (`start-dev.sh`) runs compose on the stack
    ci_workflow,            // a CI workflow starts the stack on its runner to test against it
    project_name,           // the compose project's `name:` (`shop-dev`, `app_test`)
    workstation,            // a bind mount from a personal computer's home (`/Users/ana/...`, `C:\Users\...`)
    setting_comment,        // a comment beside a setting: "for quick testing, disable in production"
    local_only,             // every published port on loopback, and no service mounts anything
    test_variable,          // published ports from variables named for tests (`${TEST_PG_PORT:-15432}`)
  };
  bool deployed = true;
  // Material made to teach (a lesson, a course, a tutorial, a workshop, an exercise), kept as it
  // was recorded or written: its authors do not modernise it (compose/obsolete-version).
  bool teaching = false;
  Evidence evidence = Evidence::none;
  std::string detail;  // the directory, file name or `VARIABLE of service 'x'` that says so
  Location location;   // where: the variable's line, else the first compose file
  // The README sentence that tells the reader to change or generate the stack's passwords and keys
  // (readme_fill_in): its placeholders are a template's blanks. Invalid when none.
  Location fill_in;
  // That sentence speaks of production ("for production usage we recommend generating ... random
  // secrets"): the values written in the files are a quick start's, replaced in every deployment.
  bool fill_in_for_production = false;
  // The values the README beside the stack (else the one of the directory given) gives on a line about
  // logging in (`login with user admin password admin`, `- password: foobar`), each at its first
  // line: defaults the documentation tells the reader (readme_logins).
  std::map<std::string, ReadmeLogin> readme_logins;
  // The stack's files (stack-relative paths) that the README tells the reader to edit, each with the
  // README line that says so (`3. Edit \`prometheus/alertmanager.yml\` to add your Slack credentials`,
  // rw133 Reusable-Monitoring-Stack): their values are a template's blanks (readme_edits).
  std::map<std::string, Location> readme_edits;
  // The README line that says the stack's alerts are read without an Alertmanager: it is left out
  // ("Alertmanager is not included here"), or the alerts are read on Prometheus's /alerts page
  // (`Alerts: http://localhost:9090/alerts`, rw144). Invalid when none (readme_alerts_in_prometheus).
  Location alerts_in_prometheus;
  // What states that the stack runs where others reach it, beyond the absence of development
  // evidence: `[stack] deployed = true`, a host memory budget (--host-memory, [host] memory), a
  // compose file named for production (or Coolify), a framework environment or a header comment that
  // says production, a Swarm deploy key, a public host name it is served under, a README sentence
  // saying where it is deployed. Empty when nothing does: a stack that nothing calls a developer's and
  // nothing calls deployed is as often one as the other (rw107-rw121: three in four exposure findings
  // on such stacks were a developer's database published on purpose), and its exposure findings
  // (security/*) are notes or not reported.
  std::string stated;
};

struct Stack {
  std::string root;  // the stack root on this machine (paths in output are relative to it)
  HostBudget host;
  // Prometheus version and feature flags for rule files that no Prometheus service configures
  // (--prometheus-version, --enable-feature).
  std::string default_prometheus_version;
  // PostgreSQL major version for files no versioned image runs (--postgres-version); 0 = not given.
  int default_postgres_major = 0;
  // Redis release for files no versioned image runs (--redis-version X.Y); 0 = not given.
  int default_redis_major = 0, default_redis_minor = 0;
  std::vector<std::string> enabled_features;
  std::optional<ComposeProject> compose;
  ComposeSurroundings surroundings;
  StackPurpose purpose;
  // The rule files (host paths) no Prometheus of this stack loads that lie nearer the directory of
  // another stack of the tree that runs a Prometheus: that one's, not judged against this stack's
  // servers (set by the command that lints the tree).
  std::set<std::string> rule_files_elsewhere;
  std::vector<Service> services;             // in compose order
  std::deque<StackFile> files;               // every file read (deque: references stay valid while loading)
  std::vector<DuplicateKey> duplicate_keys;  // from every YAML file
  // Reads stacklint refused (outside the root, not a regular file, too large, over the budget), at
  // the line that names the file: stacklint/outside-root and stacklint/unreadable-file.
  std::vector<RefusedRead> refused_reads;
  IncludeBudget include_budget;       // what includes may still read (linter/stack/resolver.h)
  std::vector<Redaction> redactions;  // secrets and environment values (linter/model/secrets.h)
  // Secrets written inline in Prometheus and Alertmanager configs (security/plaintext-secret).
  std::vector<ConfigSecret> config_secrets;

  // Configs given on the command line (or discovered) that no service reads: checked on their own.
  std::vector<std::shared_ptr<PgConfig>> standalone_postgres;
  std::vector<std::shared_ptr<RedisConfig>> standalone_redis;
  std::vector<std::shared_ptr<PromConfig>> standalone_prometheus;
  std::vector<std::shared_ptr<PgBouncerConfig>> standalone_pgbouncer;
  std::vector<std::shared_ptr<AmConfig>> standalone_alertmanager;
  std::vector<std::shared_ptr<RuleFile>> rule_files;  // every parsed rule file
  // The `_total` names the repository's own code declares as gauges (`Gauge("orch_bots_total", ...)`):
  // read when the stack has rule files (linter/stack/declared_metrics). `*count_total`: a name declared
  // with a namespace or subsystem before it, the last part of the metric's (`maxiofs_operation_count_total`).
  std::set<std::string> declared_gauge_totals;
  std::vector<SkippedFile> skipped_files;  // files found but not linted, with the reason

  [[nodiscard]] const Service* find_service(std::string_view name) const {
    for (const auto& s : services) {
      if (s.name == name) return &s;
    }
    return nullptr;
  }
  // Whether a file (relative to the root) is listed as skipped.
  [[nodiscard]] bool is_skipped(std::string_view path) const {
    for (const SkippedFile& f : skipped_files) {
      if (f.path == path) return true;
    }
    return false;
  }
  [[nodiscard]] const StackFile* find_file(std::string_view path) const {
    const auto it = file_index_.find(std::string(path));
    return it == file_index_.end() ? nullptr : &files[it->second];
  }
  [[nodiscard]] StackFile* find_file(std::string_view path) {
    const auto it = file_index_.find(std::string(path));
    return it == file_index_.end() ? nullptr : &files[it->second];
  }
  // Records a file (its path must be new): every addition goes through here so find_file stays
  // a lookup, not a scan (a repository of rule files has thousands).
  StackFile& add_file(StackFile file) {
    file_index_.emplace(file.path, files.size());
    files.push_back(std::move(file));
    return files.back();
  }

 private:
  std::unordered_map<std::string, size_t> file_index_;  // path -> index into files
};

}  // namespace stacklint
