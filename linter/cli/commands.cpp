#include "linter/cli/commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "linter/analysis/sources.h"
#include "linter/cli/example.h"
#include "linter/config/config.h"
#include "linter/engine/baseline.h"
#include "linter/engine/docs.h"
#include "linter/engine/runner.h"
#include "linter/engine/suppress.h"
#include "linter/formats/compose/compose.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/secrets.h"
#include "linter/report/model_json.h"
#include "linter/report/report.h"
#include "linter/source/suggest.h"
#include "linter/stack/assemble.h"
#include "linter/stack/bind_redis.h"
#include "linter/stack/tree.h"
#include "linter/units/size.h"

extern char** environ;

namespace stacklint {

namespace {

// A host with less memory than this is a typo (`--host-memory 4` meant 4GiB, not 4 bytes).
constexpr int64_t kMinHostMemory = 1024 * 1024;

int usage_error(const std::string& message) {
  std::cerr << "stacklint: error: " << message << '\n';
  return 2;
}

bool parse_size_flag(const std::string& flag, const std::string& text, std::optional<Located<int64_t>>& out) {
  if (text.empty()) return true;
  std::string error;
  const auto v = parse_docker_size(text, &error);
  if (!v) {
    std::cerr << "stacklint: error: " << flag << ": " << error << " (expected a size such as 4GiB or 512m)\n";
    return false;
  }
  out = Located<int64_t>{.value = *v, .location = {}};
  return true;
}

// Builds the request from the flags; returns false (after printing) on a usage error.
bool make_request(const CliOptions& opts, StackRequest& req) {
  req.paths = opts.paths;
  req.compose_files = opts.compose_files;
  req.env_files = opts.env_files;
  req.profiles = opts.profiles;
  req.prometheus_version = opts.prometheus_version;
  req.postgres_major = opts.postgres_version;
  if (!opts.redis_version.empty()) parse_redis_release(opts.redis_version, req.redis_major, req.redis_minor);
  req.enabled_features = opts.features;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string kv = *e;
    const auto eq = kv.find('=');
    if (eq != std::string::npos) req.environment[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  {
    // The directory given: the directories between it and a stack may name the stack's purpose.
    std::string dir = opts.paths.empty() ? "." : opts.paths.front();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) dir = path::dirname(path::normalize(dir));
    req.search_root = path::normalize(dir);
    req.repository_root = git_top_level(dir).value_or("");
  }
  for (const std::string& k : opts.kinds) {
    const auto eq = k.rfind('=');
    const std::optional<FileKind> kind =
        eq == std::string::npos ? std::nullopt : file_kind_from_string(std::string_view(k).substr(eq + 1));
    if (!kind || !is_linted_kind(*kind)) {
      usage_error(
          "--kind expects FILE=KIND with KIND one of compose, postgres, pg-hba, redis, prometheus, rules, pgbouncer, "
          "alertmanager; got '" +
          k + "'");
      return false;
    }
    req.kinds[path::normalize(k.substr(0, eq))] = *kind;
  }
  if (opts.host_memory_given && opts.host_memory.empty()) {
    usage_error("--host-memory: empty value (expected a size such as 4GiB or 512m)");
    return false;
  }
  if (!parse_size_flag("--host-memory", opts.host_memory, req.host_memory)) return false;
  if (req.host_memory && req.host_memory->value < kMinHostMemory) {
    usage_error("--host-memory: '" + opts.host_memory + "' is less than 1MiB; give the host's memory, such as 4GiB");
    return false;
  }
  return parse_size_flag("--reserve", opts.reserve, req.reserve);
}

std::optional<Severity> threshold(const std::string& fail_on) {
  Severity s = Severity::error;
  if (fail_on == "none" || !parse_severity(fail_on, s)) return std::nullopt;
  return s;
}

int emit(const CliOptions& opts, const std::string& text) {
  if (opts.output.empty()) {
    std::cout << text;
    std::cout.flush();
    return 0;
  }
  std::ofstream out(opts.output, std::ios::binary);
  out << text;
  if (!out) return usage_error("cannot write '" + opts.output + "'");
  return 0;
}

}  // namespace

namespace {

// The stack root as load_stack computes it: the first directory given, else the first file's folder.
std::string stack_root(const FileSystem& fs, const CliOptions& opts) {
  const std::string front = opts.paths.empty() ? "." : opts.paths.front();
  if (fs.is_directory(front)) return path::normalize(front);
  return path::dirname(path::normalize(opts.compose_files.empty() ? front : opts.compose_files.front()));
}

// Reads .stacklint.toml (--config, else <stack root>/.stacklint.toml when present). Prints the
// problems as `file:line:col: error: ...` and returns false on any.
bool load_config(const FileSystem& fs, const CliOptions& opts, Config& config) {
  std::string file = opts.config;
  if (file.empty()) {
    file = path::join(stack_root(fs, opts), ".stacklint.toml");
    if (!fs.exists(file)) return true;
  }
  const auto text = fs.read(file);
  if (!text) {
    usage_error("cannot read config file '" + file + "'");
    return false;
  }
  ConfigLoad load = parse_config(*text, file);
  for (const ConfigError& e : load.errors) {
    std::cerr << e.location.file << ':' << e.location.line << ':' << e.location.column << ": error: " << e.message
              << '\n';
  }
  config = std::move(load.config);
  return load.errors.empty();
}

// The absolute path with symlinks resolved: by the kernel, not a readlink per segment.
std::string absolute_path(const std::string& p) {
  return canonical_path(p);
}

// Keeps the findings whose primary or related location is in one of the changed files.
std::vector<Diagnostic> only_changed(const Stack& stack, const std::vector<std::string>& changed,
                                     std::vector<Diagnostic> diags) {
  std::set<std::string> wanted;
  for (const std::string& c : changed) wanted.insert(absolute_path(c));
  const std::string root = absolute_path(stack.root.empty() ? "." : stack.root);
  std::map<std::string, bool> cache;
  auto in_changed = [&](const Location& l) {
    if (l.file.empty()) return false;
    const auto it = cache.find(l.file);
    if (it != cache.end()) return it->second;
    const bool hit = wanted.count(absolute_path(path::join(root, l.file))) > 0;
    cache[l.file] = hit;
    return hit;
  };
  std::vector<Diagnostic> out;
  for (Diagnostic& d : diags) {
    bool hit = in_changed(d.location);
    for (const Related& r : d.related) hit = hit || in_changed(r.location);
    if (hit) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Confinement confinement_for(const CliOptions& opts) {
  Confinement c;
  c.allow_outside_root = opts.allow_outside_root;
  auto add_root = [&c](const std::string& dir) {
    const std::string root = git_top_level(dir).value_or(canonical_path(dir));
    if (std::find(c.roots.begin(), c.roots.end(), root) == c.roots.end()) c.roots.push_back(root);
  };
  auto add_file = [&c, &add_root](const std::string& file) {
    c.explicit_files.push_back(canonical_path(file));
    add_root(path::dirname(path::normalize(file)));
  };
  std::vector<std::string> paths = opts.paths;
  if (paths.empty()) paths.emplace_back(".");
  for (const std::string& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      add_root(p);
    } else {
      add_file(p);
    }
  }
  for (const std::string& f : opts.compose_files) add_file(f);
  for (const std::string& f : opts.env_files) c.explicit_files.push_back(canonical_path(f));
  if (!opts.config.empty()) c.explicit_files.push_back(canonical_path(opts.config));
  if (!opts.baseline.empty()) c.explicit_files.push_back(canonical_path(opts.baseline));
  return c;
}

namespace {

// One stack to lint, and the prefix that makes its paths relative to the directory given.
struct StackRun {
  StackRequest request;
  std::string prefix;  // "" for the directory given itself, else "sub/dir/"
};

// Several directories and no -f: each is a tree of stacks of its own, as if checked alone (rw216:
// `check a b` read b's bind mounts from a).
bool several_directories(const FileSystem& fs, const CliOptions& opts) {
  return opts.compose_files.empty() && opts.paths.size() > 1 &&
         std::all_of(opts.paths.begin(), opts.paths.end(), [&fs](const std::string& p) { return fs.is_directory(p); });
}

// The options and the request of `check d` alone, one of several directories.
std::pair<CliOptions, StackRequest> one_directory(const CliOptions& opts, const StackRequest& req,
                                                  const std::string& d) {
  CliOptions one = opts;
  one.paths = {d};
  StackRequest r = req;
  r.paths = {d};
  r.search_root = path::normalize(d);
  r.repository_root = git_top_level(d).value_or("");
  return {one, r};
}

// The stacks `check` lints: with one directory (or none) and no -f, every stack under it (a tree of
// stacks); otherwise the one stack the arguments name.
std::vector<StackRun> plan_runs(const FileSystem& fs, const CliOptions& opts, const StackRequest& req,
                                bool by_content = false) {
  const std::string dir = opts.paths.empty() ? "." : opts.paths.front();
  if (!opts.compose_files.empty() || opts.paths.size() > 1 || !fs.is_directory(dir)) {
    StackRun run{req, ""};
    // `-f sub/overlay.yml` from the repository: the other compose files under the directory given
    // (or the current one) may answer its hosts, as in a tree run.
    const bool below = fs.is_directory(dir) &&
                       std::all_of(opts.compose_files.begin(), opts.compose_files.end(), [&dir](const std::string& f) {
                         const std::string r = path::relative_to(f, dir);
                         return !path::is_absolute(r) && r.rfind("..", 0) != 0;
                       });
    if (!opts.compose_files.empty() && below) {
      run.request.surroundings = surroundings_of(fs, dir, opts.compose_files);
    }
    return {run};
  }
  const std::vector<StackRoot> roots = discover_stacks(fs, dir, by_content);
  if (roots.empty()) return {StackRun{req, ""}};
  std::vector<StackRun> runs;
  for (const StackRoot& root : roots) {
    StackRun run{req, ""};
    run.request.paths = {root.dir};
    run.request.compose_files = root.compose_files;
    run.request.exclude_dirs = root.nested_roots;
    run.request.surroundings = root.surroundings;
    // `docker compose` runs in the stack's directory: ${PWD} is that directory.
    run.request.environment["PWD"] = absolute_path(root.dir);
    const std::string rel = path::relative_to(path::normalize(root.dir), path::normalize(dir));
    if (rel != ".") run.prefix = rel + "/";
    runs.push_back(std::move(run));
  }
  return runs;
}

// The stacks of the directory given (or of the files or -f named), loaded. No compose file named
// so, but files linted on their own include compose files by content (rw42: JHipster's
// docker/app.yml, monitoring.yml): those are the stacks.
void plan_and_load(const FileSystem& fs, const CliOptions& opts, const StackRequest& req, std::vector<StackRun>& runs,
                   std::vector<StackLoad>& loads) {
  std::vector<StackRun> mine = plan_runs(fs, opts, req);
  std::vector<StackLoad> loaded;
  for (const StackRun& run : mine) loaded.push_back(load_stack(fs, run.request));
  if (mine.size() == 1 && mine.front().request.compose_files.empty() && opts.compose_files.empty() &&
      (!loaded.front().usage_errors.empty() ||
       std::any_of(loaded.front().stack.skipped_files.begin(), loaded.front().stack.skipped_files.end(),
                   [](const SkippedFile& f) { return f.kind == FileKind::compose && f.reader.empty(); }))) {
    std::vector<StackRun> again = plan_runs(fs, opts, req, true);
    if (!again.front().request.compose_files.empty()) {
      mine = std::move(again);
      loaded.clear();
      for (const StackRun& run : mine) loaded.push_back(load_stack(fs, run.request));
    }
  }
  std::move(mine.begin(), mine.end(), std::back_inserter(runs));
  std::move(loaded.begin(), loaded.end(), std::back_inserter(loads));
}

// A stack's path as the directory given sees it: "dev/" + "../config/prod.env" is config/prod.env.
std::string under_prefix(const std::string& prefix, const std::string& file) {
  return prefix.empty() || file.empty() ? file : path::normalize(prefix + file);
}

// A message names its own file by the stack's path; one the stack reaches with ../ is named as the
// location shows it, so the stacks that share it say the same thing once.
void prefix_message(std::string& message, const std::string& stack_path, const std::string& shown) {
  if (stack_path.rfind("../", 0) != 0 || stack_path == shown) return;
  for (size_t at = message.find(stack_path); at != std::string::npos; at = message.find(stack_path, at)) {
    message.replace(at, stack_path.size(), shown);
    at += shown.size();
  }
}

void prefix_diagnostic(Diagnostic& d, const std::string& prefix) {
  if (prefix.empty()) return;
  const std::string own = d.location.file;
  d.location.file = under_prefix(prefix, own);
  prefix_message(d.message, own, d.location.file);
  for (Related& r : d.related) {
    const std::string file = r.location.file;
    r.location.file = under_prefix(prefix, file);
    prefix_message(r.message, file, r.location.file);
  }
}

// Adds one stack's files (under its prefix) to the view every report is rendered from.
void add_to_view(Stack& view, const Stack& stack, const std::string& prefix) {
  for (const StackFile& f : stack.files) {
    const std::string shown = under_prefix(prefix, f.path);
    if (view.find_file(shown) != nullptr) continue;
    StackFile copy = f;
    copy.path = shown;
    view.add_file(std::move(copy));
  }
}

// Lints one stack: its findings after suppressions and the config's path filters.
std::vector<Diagnostic> lint(const Stack& stack, const RulePolicy& policy, const Config& config) {
  std::vector<Diagnostic> diags = apply_suppressions(stack, run_rules(stack, policy), policy);
  redact(stack, diags);  // every format and the baseline see only redacted messages
  if (!config.include.empty() || !config.exclude.empty()) {
    std::erase_if(diags, [&](const Diagnostic& d) {
      return !d.location.file.empty() && !path_selected(config, d.location.file);
    });
  }
  return diags;
}

// Errors in .stacklint.toml's [services] that name no service of any stack; true when all are known.
bool roles_known(const Config& config, const std::vector<const Stack*>& stacks) {
  std::vector<std::string> names;
  for (const Stack* s : stacks) {
    for (const Service& svc : s->services) names.push_back(svc.name);
  }
  bool ok = true;
  for (const auto& [name, role] : config.roles) {
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string message = "no service '" + name + "' in the compose file";
    if (const auto hint = did_you_mean(name, names)) message += " (did you mean '" + *hint + "'?)";
    std::cerr << role.location.file << ':' << role.location.line << ':' << role.location.column
              << ": error: " << message << '\n';
    ok = false;
  }
  return ok;
}

// What the stacks of one tree run know of each other's files (absolute paths).
struct SharedFiles {
  // A file one stack's service reads through a program stacklint does not model (vmalert's rule
  // files) is not linted on its own by a sibling stack that merely finds it in the directory.
  std::set<std::string> read_elsewhere;
  // The stacks (by index) that read each file through a service: compose files, mounted configs.
  std::map<std::string, std::set<size_t>> bound_by;
  // The stacks (by index) with a service that mounts each file, read there or not (bitnami's
  // pgbouncer mounting an ini where it never looks: that stack says so, a sibling that merely
  // finds the file in the directory does not lint it as its own).
  std::map<std::string, std::set<size_t>> mounted_by;
};

SharedFiles shared_files(const std::vector<StackLoad>& loads) {
  SharedFiles out;
  if (loads.size() < 2) return out;  // only a tree of stacks shares files
  for (size_t i = 0; i < loads.size(); ++i) {
    const Stack& s = loads[i].stack;
    for (const SkippedFile& f : s.skipped_files) {
      if (!f.reader.empty()) out.read_elsewhere.insert(absolute_path(path::join(s.root, f.path)));
    }
    for (const StackFile& f : s.files) {
      if (!f.standalone) out.bound_by[absolute_path(path::join(s.root, f.path))].insert(i);
    }
    for (const Service& svc : s.services) {
      for (const Mount& m : svc.mounts) {
        if (m.bind && !m.is_directory && !m.host_path.empty()) out.mounted_by[absolute_path(m.host_path)].insert(i);
      }
    }
  }
  return out;
}

// Whether a finding of stack `i` in `file` is a sibling's to report: a program stacklint does not
// model reads the file there, or stack i lints on its own a file a sibling's service reads or
// mounts and none of its own mounts (the alternative compose file that does not mount the
// default's prometheus.yml).
bool reported_elsewhere(const SharedFiles& shared, size_t i, const Stack& stack, const std::string& file) {
  const std::string abs = absolute_path(path::join(stack.root, file));
  const StackFile* f = stack.find_file(file);
  // A service of this stack reads it as its own kind (the prod file's pgbouncer): its findings are
  // this stack's, whatever a sibling's app mounts with `.:/app` (rw34 obcms: 15 findings lost).
  if (f != nullptr && !f->standalone) return false;
  if (shared.read_elsewhere.count(abs) > 0) return true;
  if (f == nullptr || !f->standalone) return false;
  if (shared.bound_by.count(abs) > 0) return true;
  const auto mounters = shared.mounted_by.find(abs);
  return mounters != shared.mounted_by.end() && !mounters->second.contains(i);
}

// Paths are shown relative to the invocation directory, as compilers show them, so that editors and
// CI annotations open them (`check deploy` prints deploy/compose.yaml), when every stack lies at or
// below it; the caller falls back to the directory given otherwise (`check ../other`, an absolute
// path elsewhere).
bool show_from_invocation_dir(const std::vector<StackLoad>& loads, std::vector<StackRun>& runs, Stack& view) {
  std::error_code ec;
  const std::string cwd = std::filesystem::current_path(ec).lexically_normal().string();
  if (ec || cwd.empty()) return false;
  std::vector<std::string> prefixes;
  for (const StackLoad& load : loads) {
    const std::string rel = path::relative_to(absolute_path(load.stack.root), cwd);
    if (path::is_absolute(rel) || rel == ".." || rel.rfind("../", 0) == 0) return false;
    prefixes.push_back(rel == "." ? "" : rel + "/");
  }
  for (size_t i = 0; i < runs.size() && i < prefixes.size(); ++i) runs[i].prefix = prefixes[i];
  view.root = ".";
  return true;
}

// How many leading path components two absolute paths share.
size_t shared_components(const std::string& a, const std::string& b) {
  size_t n = 0;
  size_t i = 0;
  while (i < a.size() && i < b.size()) {
    const size_t ea = std::min(a.find('/', i), a.size());
    const size_t eb = std::min(b.find('/', i), b.size());
    if (ea != eb || a.compare(i, ea - i, b, i, eb - i) != 0) break;
    ++n;
    i = ea + 1;
  }
  return n;
}

// Stack::rule_files_elsewhere: the rule files no Prometheus of a stack loads that lie nearer the
// directory of another stack of the tree that runs a Prometheus (more path components shared) than
// its own (rw155 agl-hostman: infrastructure/monitoring/rules beside infrastructure/docker's
// Prometheus, linked to the root compose file's database; not rw141 edge-link's monitoring/ at the
// top, beside the root stack).
void mark_rule_files_elsewhere(std::vector<StackLoad>& loads) {
  const auto runs_prometheus = [](const Stack& s) {
    return std::any_of(s.services.begin(), s.services.end(),
                       [](const Service& v) { return v.enabled && v.prometheus; });
  };
  std::vector<std::string> prometheus_roots;
  for (const StackLoad& l : loads) {
    if (runs_prometheus(l.stack)) prometheus_roots.push_back(absolute_path(l.stack.root.empty() ? "." : l.stack.root));
  }
  if (prometheus_roots.empty()) return;
  for (StackLoad& load : loads) {
    Stack& stack = load.stack;
    const std::string own = absolute_path(stack.root.empty() ? "." : stack.root);
    for (const auto& f : stack.rule_files) {
      if (!f || !analysis::evaluators(stack, *f).empty()) continue;
      const std::string file = absolute_path(f->host_path);
      const size_t mine = shared_components(file, own);
      if (std::any_of(prometheus_roots.begin(), prometheus_roots.end(),
                      [&](const std::string& r) { return r != own && shared_components(file, r) > mine; })) {
        stack.rule_files_elsewhere.insert(f->host_path);
      }
    }
  }
}

// A stack as its compose files name it, relative to the directory given: "docker-compose.dev.yml".
std::string stack_name(const StackRun& run) {
  std::string out;
  for (const std::string& f : run.request.compose_files) {
    if (!out.empty()) out += " + ";
    out += run.prefix + path::basename(f);
  }
  return out;
}

// The findings of every stack of the run, each reported once: a finding two stacks make alike is
// shown once; one in a file several stacks read that only some of them make names those stacks.
std::vector<Diagnostic> merge_findings(const std::vector<StackLoad>& loads, const std::vector<StackRun>& runs,
                                       const CliOptions& opts, const RulePolicy& policy, const Config& config,
                                       Stack& view) {
  const SharedFiles shared = shared_files(loads);
  std::vector<Diagnostic> diags;
  std::vector<std::pair<std::string, std::string>> origin;  // per diag: its key and its absolute file
  std::map<std::string, std::set<size_t>> producers;        // by key: the stacks that report it
  for (size_t i = 0; i < loads.size(); ++i) {
    const Stack& stack = loads[i].stack;
    std::vector<Diagnostic> mine = lint(stack, policy, config);
    if (loads.size() > 1) {
      std::erase_if(mine, [&](const Diagnostic& d) {
        return !d.location.file.empty() && reported_elsewhere(shared, i, stack, d.location.file);
      });
    }
    if (!opts.changed.empty()) mine = only_changed(stack, opts.changed, std::move(mine));
    add_to_view(view, stack, runs[i].prefix);
    for (Diagnostic& d : mine) {
      // The file as the other stacks name it: only a tree of stacks needs it.
      const std::string abs =
          d.location.file.empty() || loads.size() < 2 ? "" : absolute_path(path::join(stack.root, d.location.file));
      prefix_diagnostic(d, runs[i].prefix);
      // One rule on one span is one cause: the stacks that share an env file each name their own
      // first service in the message, and the finding is still shown once.
      std::string key = d.rule + "|" + d.location.file + ":" + std::to_string(d.location.offset) + ":" +
                        std::to_string(d.location.end_offset);
      auto [it, added] = producers.try_emplace(key);
      if (!added && !it->second.contains(i)) {
        it->second.insert(i);
        continue;
      }
      it->second.insert(i);
      diags.push_back(std::move(d));
      origin.emplace_back(std::move(key), abs);
    }
  }
  if (loads.size() < 2) return diags;
  std::vector<bool> reached_elsewhere(diags.size(), false);
  for (size_t k = 0; k < diags.size(); ++k) {
    const auto readers = shared.bound_by.find(origin[k].second);
    if (readers == shared.bound_by.end() || readers->second.size() < 2) continue;
    const std::set<size_t>& who = producers[origin[k].first];
    if (std::includes(who.begin(), who.end(), readers->second.begin(), readers->second.end())) continue;
    // A host one file names that some of the stacks reading it reach: the file serves variants of
    // one project (temporal's docker-compose.linux.yml and .darwin.yml, each with its own datasources
    // in one provisioning file, rw112), and the connection works in the variant it is written for.
    // Variants are compose files of one directory, or an example, test or development stack that
    // borrows the file (rw223 observability-mesh's slo-catalog example); a deployed stack of another
    // folder that mounts it runs on its own, where the host is missing (rw257 graintrade-info:
    // monitoring/'s compose mounts the root stack's prometheus.yml without the services it scrapes).
    const auto variant_reaches = [&](size_t i) {
      if (!loads[i].stack.purpose.deployed) return true;
      return std::any_of(readers->second.begin(), readers->second.end(), [&](size_t r) {
        return !who.contains(r) && path::normalize(loads[r].stack.root) == path::normalize(loads[i].stack.root);
      });
    };
    if ((diags[k].rule == "grafana/datasource-unresolved" || diags[k].rule == "prometheus/target-unresolved" ||
         diags[k].rule == "connections/host-unresolved") &&
        std::all_of(who.begin(), who.end(), variant_reaches)) {
      reached_elsewhere[k] = true;
      continue;
    }
    // At most three names: a file that 55 test stacks extend would make one line of thousands of
    // characters (rw58 risingwave).
    constexpr size_t kNamed = 3;
    std::string names;
    size_t named = 0;
    for (const size_t i : who) {
      if (named++ == kNamed) break;
      names += (names.empty() ? "" : " and ") + stack_name(runs[i]);
    }
    if (who.size() > kNamed) names += " and " + std::to_string(who.size() - kNamed) + " more";
    diags[k].message += " (stack " + names + ")";
  }
  std::vector<Diagnostic> kept;
  for (size_t k = 0; k < diags.size(); ++k) {
    if (!reached_elsewhere[k]) kept.push_back(std::move(diags[k]));
  }
  return kept;
}

// One cause written alike in several places of one directory (`version:` atop each of its compose
// files, one default password in three alternative compose files of a product, an e-mail receiver's
// `subject:` repeated in seven receivers of one alertmanager.yml, which stops at the first) is one
// finding, at the first (`diags` are sorted), the others its notes: rw85 judged tidb-docker-compose's
// four compose/obsolete-version findings and swarmprom's three default-credentials findings one each,
// rw86 the twelve repeats of one homelab's alertmanager.yml. Alike: the same rule, severity and
// message. Other directories' (other stacks) stay apart.
void merge_alike(std::vector<Diagnostic>& diags,
                 const std::function<std::optional<std::string>(const Diagnostic&)>& key_of, const std::string& again) {
  constexpr size_t kNotes = 3;
  struct Group {
    size_t first;
    size_t count = 1;
    size_t more = 0;
  };
  std::map<std::string, Group> groups;
  std::vector<bool> merged(diags.size(), false);
  for (size_t i = 0; i < diags.size(); ++i) {
    Diagnostic& d = diags[i];
    if (d.location.file.empty()) continue;
    const std::optional<std::string> key = key_of(d);
    if (!key) continue;  // merged with nothing
    auto [it, added] = groups.try_emplace(*key, Group{.first = i, .count = 1, .more = 0});
    if (added) continue;
    Group& g = it->second;
    merged[i] = true;
    if (++g.count - 1 <= kNotes) {
      diags[g.first].related.push_back(Related{.message = again, .location = d.location});
    } else {
      ++g.more;
    }
  }
  for (const auto& [key, g] : groups) {
    if (g.more == 0) continue;
    diags[g.first].related.push_back(
        Related{.message = "and " + std::to_string(g.more) + " more place" + (g.more == 1 ? "" : "s"),
                .location = diags[g.first].location});
  }
  size_t kept = 0;
  for (size_t i = 0; i < diags.size(); ++i) {
    if (merged[i]) continue;
    if (kept != i) diags[kept] = std::move(diags[i]);
    ++kept;
  }
  diags.resize(kept);
}

// A message without the ` (stack NAME)` that says which of a directory's stacks reported it: the
// same default password in docker-compose.yml (reported in its stack and in an overlay's) and in
// an alternative file beside it is one cause (rw253 swarmprom).
std::string without_stack_name(const std::string& message) {
  const size_t at = message.rfind(" (stack ");
  return at != std::string::npos && message.ends_with(")") ? message.substr(0, at) : message;
}

// A message without the name of the alert it speaks of (`alert MemHigh fires all the time`): alerts
// of one rule file that one setting breaks alike are one cause (rw261 CyberVPN: a warning and a
// critical alert over one ratio, each reported).
std::string without_alert_name(const std::string& message) {
  const size_t at = message.find(" alert ");
  if (at == std::string::npos) return message;
  const size_t name = at + 7;
  const size_t end = std::min(message.find(' ', name), message.size());
  return message.substr(0, name) + '*' + message.substr(end);
}

void merge_same_cause(std::vector<Diagnostic>& diags) {
  merge_alike(
      diags,
      [](const Diagnostic& d) -> std::optional<std::string> {
        if (!d.rule.starts_with("alerts/")) return std::nullopt;
        const std::string key = without_alert_name(d.message);
        if (key == d.message) return std::nullopt;
        return d.location.file.str() + '\n' + d.rule + '\n' + std::string(to_string(d.severity)) + '\n' + key;
      },
      "the same for another alert of this file");
  // `version:` atop compose files of several directories (a collection of templates, each its own
  // stack, whatever their names or the values) is one habit, removed in one sweep (rw210 dimzrio:
  // twelve templates and a `docker-compose.yaml` beside them).
  merge_alike(
      diags,
      [](const Diagnostic& d) -> std::optional<std::string> {
        if (d.rule != "compose/obsolete-version") return std::nullopt;
        return std::string(to_string(d.severity)) + '\n' + d.message;
      },
      "the same in another compose file here");
  merge_alike(
      diags,
      [](const Diagnostic& d) {
        return path::dirname(d.location.file) + '\n' + d.rule + '\n' + std::string(to_string(d.severity)) + '\n' +
               without_stack_name(d.message);
      },
      "the same here too");
  // Copies of one file in other directories (rw153 torrust-tracker-deployer: one rendered template
  // in 15 example folders gave 30 findings): the same finding at the same line and column of a file
  // of the same name is one cause, written once and copied.
  merge_alike(
      diags,
      [](const Diagnostic& d) {
        return path::basename(d.location.file) + ':' + std::to_string(d.location.line) + ':' +
               std::to_string(d.location.column) + '\n' + d.rule + '\n' + std::string(to_string(d.severity)) + '\n' +
               d.message;
      },
      "the same in a copy of the file here");
  // The same finding word for word in stacks of other directories (rw219 workshop: one stale
  // `service-discovery.json` mount in five copied lesson folders, at other lines): one cause, copied.
  merge_alike(
      diags, [](const Diagnostic& d) { return d.rule + '\n' + std::string(to_string(d.severity)) + '\n' + d.message; },
      "the same in another stack here");
}

// What a check run loaded (the stacks, the report's view, the findings) is not freed piece by piece
// (millions of nodes and strings) just before the process ends: it is moved here, where it stays
// reachable until exit.
struct Outlived {
  std::vector<StackLoad> loads;
  Stack view;
  std::vector<Diagnostic> diags;
};
void outlive(std::vector<StackLoad>& loads, Stack& view, std::vector<Diagnostic>& diags) {
  static auto* const kept = new Outlived;
  kept->loads = std::move(loads);
  kept->view = std::move(view);
  kept->diags = std::move(diags);
}

std::optional<std::string> render(const CliOptions& opts, const Stack& view, const std::vector<Diagnostic>& diags) {
  if (opts.format == "json") return render_json(diags);
  if (opts.format == "text") return render_text(view, diags, ReportOptions{.color = opts.color});
  if (opts.format == "sarif") return render_sarif(view, diags);
  if (opts.format == "github") return render_github(view, diags);
  return std::nullopt;
}

}  // namespace

std::string redis_version_error(const std::string& text) {
  int major = 0;
  int minor = 0;
  if (parse_redis_release(text, major, minor)) return "";
  return "expects a Redis release stacklint models (6.0, 6.2, 7.0, 7.2, 7.4), such as 7.2; got '" + text + "'";
}

int run_check(const CliOptions& opts) {
  // The knowledge tables (data/*.tsv) are parsed on a second thread while this one finds and loads
  // the stacks (a tenth of the seed stack's run); a first use here waits for them.
  std::jthread tables(knowledge::prepare);
  StackRequest req;
  if (!make_request(opts, req)) return 2;
  for (const std::string& id : opts.only_rules) {
    if (find_rule(id) == nullptr) return usage_error("unknown rule '" + id + "' (see `stacklint rules`)");
  }
  const DiskFileSystem fs(confinement_for(opts));
  Config config;
  if (!load_config(fs, opts, config)) return 2;
  // The flags win over the file.
  if (!req.host_memory) req.host_memory = config.host_memory;
  if (!req.reserve) req.reserve = config.reserve;
  if (req.postgres_major == 0 && config.postgres_version) req.postgres_major = config.postgres_version->value;
  if (req.redis_major == 0 && config.redis_version) {
    req.redis_major = config.redis_version->value.first;
    req.redis_minor = config.redis_version->value.second;
  }
  for (const auto& [name, role] : config.roles) req.roles[name] = role.value;
  req.deployed = config.deployed;
  RulePolicy policy;
  policy.only.insert(opts.only_rules.begin(), opts.only_rules.end());
  policy.severity = config.severity;
  policy.options = config.options;

  // Every stack is linted on its own; the report shows them as one tree, a finding shared by two
  // stacks (a file both read) once.
  req.declared_gauges = std::make_shared<DeclaredGaugeCache>();
  std::vector<StackRun> runs;
  std::vector<StackLoad> loads;
  if (several_directories(fs, opts)) {
    for (const std::string& d : opts.paths) {
      const auto [one, r] = one_directory(opts, req, d);
      const size_t first = runs.size();
      plan_and_load(fs, one, r, runs, loads);
      const std::string base = path::normalize(d);
      for (size_t i = first; i < runs.size(); ++i) {
        if (base != ".") runs[i].prefix = base + "/" + runs[i].prefix;
      }
    }
  } else {
    plan_and_load(fs, opts, req, runs, loads);
  }
  bool usage = false;
  for (const StackLoad& load : loads) {
    for (const auto& e : load.usage_errors) std::cerr << "stacklint: error: " << e << '\n';
    usage = usage || !load.usage_errors.empty();
  }
  if (usage) return 2;
  mark_rule_files_elsewhere(loads);
  std::vector<const Stack*> stacks;
  for (const StackLoad& load : loads) stacks.push_back(&load.stack);
  if (!roles_known(config, stacks)) return 2;

  Stack view;
  if (!show_from_invocation_dir(loads, runs, view)) {
    // A stack outside the invocation directory: locations are the directory given's, unless one
    // stack is linted at its own root (-f, files).
    view.root = loads.size() == 1 && runs.front().prefix.empty()
                    ? loads.front().stack.root
                    : path::normalize(opts.paths.empty() ? "." : opts.paths.front());
  }
  std::vector<Diagnostic> diags = merge_findings(loads, runs, opts, policy, config, view);
  if (loads.size() > 1) std::stable_sort(diags.begin(), diags.end(), diagnostic_less);
  // A baseline records (and hides) each finding on its own: merged first, a new file's finding would
  // hide as a note of a recorded one.
  if (!opts.write_baseline.empty()) {
    std::ofstream out(opts.write_baseline, std::ios::binary);
    out << render_baseline(view, diags);
    if (!out) return usage_error("cannot write '" + opts.write_baseline + "'");
    std::cerr << "stacklint: recorded " << diags.size() << (diags.size() == 1 ? " finding" : " findings") << " in "
              << opts.write_baseline << '\n';
    return 0;
  }
  if (!opts.baseline.empty()) {
    const auto text = fs.read(opts.baseline);
    if (!text) return usage_error("cannot read baseline '" + opts.baseline + "'");
    std::string error;
    auto baseline = parse_baseline(*text, &error);
    if (!baseline) return usage_error(opts.baseline + ": " + error);
    diags = filter_baseline(view, std::move(diags), std::move(*baseline));
  }
  merge_same_cause(diags);
  const auto text = render(opts, view, diags);
  if (!text) return usage_error("unknown --format " + opts.format);
  if (const int rc = emit(opts, *text); rc != 0) return rc;
  const int rc = has_failures(diags, threshold(opts.fail_on)) ? 1 : 0;
  outlive(loads, view, diags);
  return rc;
}

namespace {

// `model DIR` describes one stack: where DIR holds none but stacks live below it (what `check DIR`
// lints as a tree), the error names them instead of "no compose file found".
std::string stacks_below(const FileSystem& fs, const CliOptions& opts) {
  const std::string dir = opts.paths.empty() ? "." : opts.paths.front();
  if (!opts.compose_files.empty() || opts.paths.size() > 1 || !fs.is_directory(dir)) return "";
  std::vector<StackRoot> roots = discover_stacks(fs, dir);
  // A tree of compose files known only by their content (JHipster's docker/app.yml), as `check` lints it.
  if (roots.empty()) roots = discover_stacks(fs, dir, true);
  const std::string base = path::normalize(dir);
  const auto rel = [&base](const StackRoot& r) { return path::relative_to(path::normalize(r.dir), base); };
  if (roots.empty() || std::any_of(roots.begin(), roots.end(), [&](const StackRoot& r) { return rel(r) == "."; })) {
    return "";
  }
  // A directory that holds one stack is named as itself; one of several by its last compose file
  // (an overlay's, or its own: `deploy/compose.prod.yml`), which `-f` selects.
  const auto shared_dir = [&](const StackRoot& r) {
    return std::count_if(roots.begin(), roots.end(), [&](const StackRoot& o) { return o.dir == r.dir; }) > 1;
  };
  const auto name = [&](const StackRoot& r) {
    if (!shared_dir(r) || r.compose_files.empty()) return rel(r);
    return path::relative_to(path::normalize(r.compose_files.back()), base);
  };
  std::string names;
  for (size_t i = 0; i < roots.size() && i < 5; ++i) names += (i == 0 ? "" : ", ") + name(roots[i]);
  if (roots.size() > 5) names += ", ...";
  const StackRoot& first = roots.front();
  const std::string example = path::normalize(dir == "." ? name(first) : path::join(dir, name(first)));
  return "no compose file in '" + dir + "', but " + std::to_string(roots.size()) +
         (roots.size() == 1 ? " stack below it (" : " stacks below it (") + names +
         "): `stacklint model` describes one stack, e.g. `stacklint model " + (shared_dir(first) ? "-f " : "") +
         example + "`";
}

// `model DIR` where DIR has no default compose file but compose files of other names
// (docker-compose.local.yml), which `check DIR` lints as DIR's stacks: the one stack's files, or an
// error naming each stack's -f. Empty, and "" in `error`, when DIR has a default file or none.
std::vector<std::string> named_stack_files(const FileSystem& fs, const CliOptions& opts, std::string& error) {
  const std::string dir = opts.paths.empty() ? "." : opts.paths.front();
  if (!opts.compose_files.empty() || opts.paths.size() > 1 || !fs.is_directory(dir)) return {};
  if (!default_compose_files(fs, dir).empty()) return {};
  const std::string base = path::normalize(dir);
  std::vector<StackRoot> here;
  for (StackRoot& r : discover_stacks(fs, dir)) {
    if (path::relative_to(path::normalize(r.dir), base) == "." && !r.compose_files.empty())
      here.push_back(std::move(r));
  }
  if (here.size() == 1) return here.front().compose_files;
  if (here.size() > 1) {
    error = "no default compose file in '" + dir + "', but " + std::to_string(here.size()) +
            " stacks of other compose files: `stacklint model` describes one stack, e.g. `stacklint model -f " +
            here.front().compose_files.front() + "`";
  }
  return {};
}

}  // namespace

int run_model(const CliOptions& opts) {
  StackRequest req;
  if (!make_request(opts, req)) return 2;
  const DiskFileSystem fs(confinement_for(opts));
  if (const std::string below = stacks_below(fs, opts); !below.empty()) return usage_error(below);
  std::string several;
  if (std::vector<std::string> files = named_stack_files(fs, opts, several); !files.empty()) {
    req.compose_files = std::move(files);
  } else if (!several.empty()) {
    return usage_error(several);
  }
  Config config;
  if (!load_config(fs, opts, config)) return 2;
  for (const auto& [name, role] : config.roles) req.roles[name] = role.value;
  req.deployed = config.deployed;
  StackLoad load = load_stack(fs, req);
  if (!load.usage_errors.empty()) {
    for (const auto& e : load.usage_errors) std::cerr << "stacklint: error: " << e << '\n';
    return 2;
  }
  return emit(opts, model_json(load.stack).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

int run_rules_list(const CliOptions& opts) {
  if (opts.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const Rule* r : all_rules()) {
      out.push_back({{"id", r->info().id},
                     {"severity", to_string(r->info().severity)},
                     {"enabled", r->info().on_by_default},
                     {"summary", r->info().summary}});
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  for (const Rule* r : all_rules()) {
    const RuleInfo& i = r->info();
    std::string id(i.id);
    id.resize(std::max<size_t>(id.size(), 44), ' ');
    std::string sev(i.on_by_default ? to_string(i.severity) : "off");
    sev.resize(8, ' ');
    std::cout << id << ' ' << sev << ' ' << i.summary << '\n';
  }
  return 0;
}

int run_explain(const CliOptions& opts) {
  const Rule* r = find_rule(opts.rule_id);
  if (r == nullptr) return usage_error("unknown rule '" + opts.rule_id + "' (see `stacklint rules`)");
  std::cout << render_rule_page(r->info());
  return 0;
}

}  // namespace stacklint
