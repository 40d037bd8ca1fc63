#include "linter/stack/bind_postgres.h"

#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include "linter/formats/compose/image.h"
#include "linter/formats/postgres/hba.h"
#include "linter/formats/postgres/hooks.h"
#include "linter/formats/postgres/params.h"
#include "linter/formats/postgres/parser.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/written.h"
#include "linter/source/text.h"
#include "linter/stack/container.h"
#include "linter/stack/resolver.h"

namespace stacklint {

namespace {

struct CommandSetting {
  std::string name;
  std::string value;
};

struct PostgresArgs {
  std::vector<CommandSetting> settings;  // in order
  std::optional<std::string> data_dir;   // -D
  std::vector<std::string> errors;
};

bool is_postgres_binary(const std::string& arg) {
  return arg == "postgres" || arg == "postmaster" || (arg.size() > 9 && arg.ends_with("/postgres"));
}

// postgres's own options (postmaster.c getopt string "B:bC:c:D:d:EeFf:h:ijk:lN:nOPp:r:S:sTt:W:-:").
PostgresArgs parse_postgres_args(const std::vector<std::string>& args, size_t first) {
  PostgresArgs out;
  auto add_long = [&](const std::string& option, const std::string& flag) {
    const size_t eq = option.find('=');
    if (eq == std::string::npos) {
      out.errors.push_back(flag + option + " requires a value");
      return;
    }
    out.settings.push_back({option.substr(0, eq), option.substr(eq + 1)});
  };
  for (size_t i = first; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-') continue;
    if (a.starts_with("--")) {
      add_long(a.substr(2), "--");
      continue;
    }
    const char opt = a[1];
    const std::string inline_arg = a.substr(2);
    auto take = [&]() -> std::optional<std::string> {
      if (!inline_arg.empty()) return inline_arg;
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    switch (opt) {
      case 'c': {
        if (auto v = take()) add_long(*v, "-c ");
        break;
      }
      case 'B':
        if (auto v = take()) out.settings.push_back({"shared_buffers", *v});
        break;
      case 'N':
        if (auto v = take()) out.settings.push_back({"max_connections", *v});
        break;
      case 'p':
        if (auto v = take()) out.settings.push_back({"port", *v});
        break;
      case 'h':
        if (auto v = take()) out.settings.push_back({"listen_addresses", *v});
        break;
      case 'k':
        if (auto v = take()) out.settings.push_back({"unix_socket_directories", *v});
        break;
      case 'S':
        if (auto v = take()) out.settings.push_back({"work_mem", *v});
        break;
      case 'D':
        if (auto v = take()) out.data_dir = *v;
        break;
      case 'F':
        out.settings.push_back({"fsync", "false"});
        break;
      case 'l':
        out.settings.push_back({"ssl", "true"});
        break;
      case 'i':
        out.settings.push_back({"listen_addresses", "*"});
        break;
      case 'C':
      case 'd':
      case 'r':
      case 't':
      case 'W':
      case 'f':
        take();
        break;
      default:
        break;
    }
  }
  return out;
}

// initdb's `-c name=value` / `--set name=value` (16+) in POSTGRES_INITDB_ARGS (split on blanks, as
// the entrypoint's unquoted expansion does).
std::vector<CommandSetting> parse_initdb_args(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  std::vector<CommandSetting> out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string kv;
    if ((words[i] == "-c" || words[i] == "--set") && i + 1 < words.size()) {
      kv = words[++i];
    } else if (words[i].starts_with("-c") && words[i].size() > 2) {
      kv = words[i].substr(2);
    } else if (words[i].starts_with("--set=")) {
      kv = words[i].substr(6);
    } else {
      continue;
    }
    const size_t eq = kv.find('=');
    if (eq != std::string::npos) out.push_back({kv.substr(0, eq), kv.substr(eq + 1)});
  }
  return out;
}

// The major version every PostgreSQL server of the stack runs, by its image tag; 0 when none says or
// they differ.
int stack_postgres_major(const Stack& stack) {
  int major = 0;
  for (const Service& svc : stack.services) {
    if (svc.role != Role::postgres) continue;
    if (svc.version.empty() || std::isdigit(static_cast<unsigned char>(svc.version[0])) == 0) return 0;
    const int m = postgres_major(svc.version);
    if (major != 0 && m != major) return 0;
    major = m;
  }
  return major;
}

// The image's major version, else --postgres-version, else the version of the stack's servers, else
// the newest (noted in the messages).
void choose_major(const Stack& stack, const std::string& image_version, PgConfig& cfg) {
  if (!image_version.empty() && std::isdigit(static_cast<unsigned char>(image_version[0])) != 0) {
    cfg.major = postgres_major(image_version);
  } else if (stack.default_postgres_major != 0) {
    cfg.major = stack.default_postgres_major;
  } else if (const int major = stack_postgres_major(stack); major != 0) {
    cfg.major = major;  // a file no server reads, in a stack whose servers all run this version
  } else {
    cfg.major = postgres::kNewestMajor;
    cfg.version_note = "PostgreSQL " + std::to_string(cfg.major) + " rules; pass --postgres-version";
  }
}

// Records the errors of a pg_hba.conf in its files, for postgres/syntax.
void record_hba_errors(Stack& stack, const HbaFile& hba) {
  std::vector<ParseIssue> issues;
  for (const HbaRecord& r : hba.records) {
    if (!r.error.empty()) issues.push_back(ParseIssue{.message = r.error, .location = r.error_location, .related = {}});
  }
  record_issues(stack, issues);
}

// The pg_hba.conf paths the server may read, in order: hba_file (absolute, or relative to the
// server's working directory, /), else bitnami's conf directory (where its entrypoint copies
// /bitnami/postgresql/conf/), else the data directory's.
std::vector<std::string> hba_candidates(const Service& svc, const PgConfig& cfg, const std::string& pgdata) {
  if (const std::string v = cfg.string("hba_file"); !v.empty()) {
    return {path::normalize(path::is_absolute(v) ? v : path::join("/", v))};
  }
  const knowledge::ImageFact* fact = compose::image_fact(svc);
  if (fact != nullptr && fact->family == knowledge::ImageFamily::bitnami && !fact->config.empty()) {
    return {path::join(path::dirname(fact->config), "pg_hba.conf"), "/bitnami/postgresql/conf/pg_hba.conf"};
  }
  return {path::normalize(path::join(pgdata, "pg_hba.conf"))};
}

// Reads the pg_hba.conf the server reads, when the stack bind-mounts it (cfg.hba).
void bind_hba(Stack& stack, const Service& svc, const FileSystem& fs, PgConfig& cfg, const std::string& pgdata,
              const Location& command_location) {
  for (const std::string& candidate : hba_candidates(svc, cfg, pgdata)) {
    StackIncludeResolver resolver(stack, fs, &svc, "/", FileKind::pg_hba);
    const Location set_at = cfg.location_of("hba_file");
    if (cfg.string("hba_file").empty()) resolver.set_implicit(candidate);
    const Reference main{
        .directive = "hba_file", .written = candidate, .location = set_at.valid() ? set_at : command_location};
    auto hba = std::make_shared<HbaFile>(postgres::load_hba(resolver, candidate, {.major = cfg.major}, main));
    if (!hba->loaded) continue;
    record_hba_errors(stack, *hba);
    cfg.hba = std::move(hba);
    return;
  }
}

}  // namespace

void load_standalone_hba(Stack& stack, const FileSystem& fs, const std::string& host_path) {
  PgConfig version;
  choose_major(stack, "", version);
  StackIncludeResolver resolver(stack, fs, nullptr, ".", FileKind::pg_hba);
  const std::string rel = stack_relative(stack, host_path);
  const Reference main{.directive = "file", .written = rel, .location = Location::whole_file(rel)};
  const HbaFile hba = postgres::load_hba(resolver, path::normalize(host_path), {.major = version.major}, main);
  record_hba_errors(stack, hba);
}

int postgres_major(const std::string& version) {
  int major = 0;
  size_t i = 0;
  while (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i])) != 0 && major < 1000) {
    major = major * 10 + (version[i] - '0');
    ++i;
  }
  if (i == 0 || major == 0) return postgres::kNewestMajor;
  return major;
}

std::string postgres_default_pgdata(int major) {
  if (major >= 18) return "/var/lib/postgresql/" + std::to_string(major) + "/docker";
  return "/var/lib/postgresql/data";
}

void bind_postgres(Stack& stack, Service& svc, const FileSystem& fs) {
  auto cfg = std::make_shared<PgConfig>();
  choose_major(stack, svc.version, *cfg);

  // What the container runs: the entrypoint prepends `postgres` when the first argument is an option.
  std::vector<std::string> args;
  Location command_location;
  // An entrypoint that is a shell's script (`bash -c "exec docker-entrypoint.sh postgres -c ..."`)
  // gets the command's words as $0, $1...: unless the script passes them on ("$@"), postgres never
  // sees them (rw227 nnp-smart-roster-compose: `-c max_connections=500` under such an entrypoint).
  const bool command_unused = [&] {
    if (!svc.entrypoint() || svc.entrypoint()->value.size() < 3) return false;
    const std::vector<std::string>& e = svc.entrypoint()->value;
    const std::string shell = path::basename(e[0]);
    if ((shell != "sh" && shell != "bash" && shell != "ash" && shell != "dash") || e[1] != "-c") return false;
    return e[2].find("$@") == std::string::npos && e[2].find("${@}") == std::string::npos;
  }();
  if (svc.command && !command_unused) {
    args = svc.command->value;
    command_location = svc.command->location;
  }
  if (!args.empty() && args[0].starts_with("-")) args.insert(args.begin(), "postgres");
  const bool runs_postgres = args.empty() || is_postgres_binary(args[0]);
  PostgresArgs parsed = runs_postgres && !args.empty() ? parse_postgres_args(args, 1) : PostgresArgs{};

  std::string pgdata = postgres_default_pgdata(cfg->major);
  if (auto it = svc.environment.find("PGDATA"); it != svc.environment.end() && !it->second.value.empty()) {
    pgdata = it->second.value;
  }
  if (parsed.data_dir) pgdata = *parsed.data_dir;
  std::string config_file = path::join(pgdata, "postgresql.conf");
  bool explicit_config = false;  // `-c config_file=...`; else the data directory's own, initdb's
  for (const CommandSetting& s : parsed.settings) {
    std::string n = ascii_lower(s.name);
    for (char& c : n) c = c == '-' ? '_' : c;
    if (n == "config_file") {
      config_file = path::is_absolute(s.value) ? s.value : path::join("/", s.value);
      explicit_config = true;
    }
  }
  config_file = path::normalize(config_file);

  if (svc.stack_ulimit()) {
    cfg->stack_limit = svc.stack_ulimit()->value;
    cfg->stack_limit_origin = "`ulimits: stack` of the service";
    cfg->stack_limit_location = svc.stack_ulimit()->location;
  }
  postgres::LoadOptions options{.major = cfg->major};
  for (const std::string& e : parsed.errors) {
    cfg->command_line_errors.push_back(ParseIssue{.message = e, .location = command_location});
  }
  // A setting whose value is a variable set nowhere, or only by an env template the user fills in
  // (`-c max_connections=${PG_MAX_CONNECTIONS}`), has a value unknown here: compose/unset-variable's
  // finding, not a bad value of postgres's.
  const bool unknown_values = interpolates_unknown(stack, command_location);
  for (const CommandSetting& s : parsed.settings) {
    std::string n = ascii_lower(s.name);
    for (char& c : n) c = c == '-' ? '_' : c;
    if (unknown_values && s.value.find("${") != std::string::npos) continue;
    if (n != "config_file") options.command_line.push_back({s.name, s.value, command_location});
  }
  StackIncludeResolver resolver(stack, fs, &svc, "/", FileKind::postgres);
  if (!explicit_config) resolver.set_implicit(config_file);
  const Reference main{.directive = "config_file", .written = config_file, .location = command_location};
  const postgres::LoadResult load = postgres::load_config(resolver, *cfg, config_file, options, main);
  record_issues(stack, load.errors);
  const bool loaded = load.loaded;
  cfg->config_file = config_file;

  // POSTGRES_INITDB_ARGS: initdb writes `-c` settings into the postgresql.conf it creates (16+).
  if (auto it = svc.environment.find("POSTGRES_INITDB_ARGS"); it != svc.environment.end()) {
    const auto initdb = parse_initdb_args(it->second.value);
    for (const CommandSetting& s : initdb) {
      cfg->initdb_settings.push_back(
          Located<std::string>{.value = s.name + "=" + s.value, .location = it->second.location});
    }
    cfg->initdb_settings_applied = cfg->major >= 16 && !loaded;
    if (cfg->initdb_settings_applied) {
      std::vector<ParseIssue> ignored;
      for (const CommandSetting& s : initdb) {
        postgres::apply_setting(*cfg, s.name, s.value, it->second.location, SettingOrigin::environment, ignored);
      }
      for (auto& e : ignored) cfg->command_line_errors.push_back(std::move(e));
    }
  }

  // PGPORT in the server's environment replaces the built-in default port (5432); postgresql.conf,
  // initdb's settings and `-p`/`-c port=` still win over it (measured: postgres -C port).
  if (auto it = svc.environment.find("PGPORT");
      it != svc.environment.end() && !it->second.value.empty() && !cfg->location_of("port").valid()) {
    std::vector<ParseIssue> ignored;
    postgres::apply_setting(*cfg, "port", it->second.value, it->second.location, SettingOrigin::environment, ignored);
    for (auto& e : ignored) cfg->command_line_errors.push_back(std::move(e));
  }

  postgres::check_startup(*cfg);
  bind_hba(stack, svc, fs, *cfg, pgdata, command_location);
  svc.postgres = std::move(cfg);
}

std::shared_ptr<PgConfig> load_standalone_postgres(Stack& stack, const FileSystem& fs, const std::string& host_path) {
  auto cfg = std::make_shared<PgConfig>();
  // A file a postgres service mounts without reading it (no config_file names it) is still meant
  // for that server: judged by its version (rw16 finalex: postgres:15's force_parallel_mode).
  const std::optional<MountedFile> mounted = where_mounted(stack, host_path, Role::postgres);
  const bool by_server = mounted && mounted->service != nullptr && mounted->service->role == Role::postgres;
  choose_major(stack, by_server ? mounted->service->version : "", *cfg);
  StackIncludeResolver resolver(stack, fs, nullptr, ".", FileKind::postgres);
  const std::string rel = stack_relative(stack, host_path);
  const Reference main{.directive = "file", .written = rel, .location = Location::whole_file(rel)};
  const postgres::LoadResult load = postgres::load_config(resolver, *cfg, path::normalize(host_path),
                                                          postgres::LoadOptions{.major = cfg->major}, main);
  record_issues(stack, load.errors);
  if (!load.loaded) return nullptr;
  postgres::check_startup(*cfg);
  return cfg;
}

}  // namespace stacklint
