// The subcommands behind the CLI (kept out of main.cpp so tests can call them).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "linter/source/fs.h"

namespace stacklint {

struct CliOptions {
  std::vector<std::string> paths;
  std::vector<std::string> compose_files;
  std::string host_memory;
  bool host_memory_given = false;  // --host-memory was on the command line (an empty value is an error)
  std::string reserve;
  std::string config;
  std::vector<std::string> env_files;
  std::vector<std::string> profiles;
  std::vector<std::string> kinds;
  std::vector<std::string> features;
  std::string prometheus_version;
  int postgres_version = 0;
  std::string redis_version;
  std::string format = "text";
  std::string output;
  std::string fail_on = "error";
  std::string baseline;
  std::string write_baseline;
  std::vector<std::string> changed;
  std::vector<std::string> only_rules;
  bool allow_outside_root = false;  // --allow-outside-root
  bool no_color = false;
  bool color = false;
  std::string rule_id;
};

// Where the run may read (security model): the root is the top level of the git work tree holding
// each linted path, else the directory given (a file's folder, or the current directory); files
// named on the command line are readable wherever they are.
Confinement confinement_for(const CliOptions& opts);

// "" when `text` names a Redis release stacklint models, else why not (for --redis-version).
std::string redis_version_error(const std::string& text);

int run_check(const CliOptions& opts);
int run_model(const CliOptions& opts);
int run_rules_list(const CliOptions& opts);
int run_explain(const CliOptions& opts);

}  // namespace stacklint
