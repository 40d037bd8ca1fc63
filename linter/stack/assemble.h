// Discovery and assembly: from the command line's paths to a Stack where every service has the
// configuration it really reads (through its mounts and command line), plus standalone files.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/stack/declared_metrics.h"

namespace stacklint {

struct StackRequest {
  std::vector<std::string> paths;                  // PATH arguments: directories or files (default ".")
  std::vector<std::string> compose_files;          // -f, merged in order
  std::vector<std::string> env_files;              // --env-file
  std::vector<std::string> profiles;               // --profile
  std::map<std::string, std::string> environment;  // the process environment
  std::map<std::string, FileKind> kinds;           // --kind FILE=KIND
  std::map<std::string, Role> roles;               // service -> role (.stacklint.toml)
  std::optional<Located<int64_t>> host_memory;
  std::optional<Located<int64_t>> reserve;
  std::string prometheus_version;
  int postgres_major = 0;                // --postgres-version / [postgres] version; 0 = not given
  int redis_major = 0, redis_minor = 0;  // --redis-version / [redis] version; 0 = not given
  std::vector<std::string> enabled_features;
  std::vector<std::string> exclude_dirs;  // directories below the root that are stacks of their own
  // What the tree's other compose files may answer (stack/tree.h); computed from the compose files'
  // directory when not given.
  std::optional<ComposeSurroundings> surroundings;
  // The directory given (as given): the directories between it and the stack name the stack's
  // purpose (linter/stack/purpose.h); "" when unknown.
  std::string search_root;
  // The top level of the git work tree holding the directory given ("" when none): env templates in
  // the directories between it and a stack are the repository's (`.env.example` at its root).
  std::string repository_root;
  std::optional<Located<bool>> deployed;  // .stacklint.toml [stack] deployed
  // The gauges the repository's code declares, by top, shared by the stacks of one run (null: read
  // for this stack alone).
  std::shared_ptr<DeclaredGaugeCache> declared_gauges;
};

struct StackLoad {
  Stack stack;
  std::vector<std::string> usage_errors;  // exit code 2: nothing to lint, unreadable input
  std::shared_ptr<const void> scratch;    // what loading used on the way, freed with the load
};

StackLoad load_stack(const FileSystem& fs, const StackRequest& request);

// The kind of a configuration file stacklint reads (compose, postgres, redis, prometheus, rules,
// pgbouncer, alertmanager; grafana provisioning), none when it is none of them. Names first, then
// content for YAML.
FileKind detect_kind(const std::string& path, const std::optional<std::string>& content);

}  // namespace stacklint
