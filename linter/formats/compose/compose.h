// Loading a Compose project exactly as compose-go reads it: files merged in order, `.env` and
// interpolation, `extends`, profiles, the compose-spec schema, and the Service model.
#pragma once

#include <future>
#include <map>
#include <string>
#include <vector>

#include "linter/model/secrets.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/include_resolver.h"

namespace stacklint {

struct ComposeOptions {
  std::vector<std::string> files;  // host paths in merge order
  std::vector<std::string> env_files;
  std::vector<std::string> profiles;
  std::map<std::string, std::string> environment;  // the process environment
  // Directories above the project directory, nearest first, up to the repository's top level: their
  // env templates (a root `.env.example` for stacks in subfolders) also fill unset variables.
  std::vector<std::string> template_dirs;
  // Validate each compose document against the schema on a thread of its own (ComposeLoad::
  // schema_checks), while the caller goes on; it adds the errors with finish_schema_checks before
  // anything reads the project's errors. Off: the errors are in the project when load_compose returns.
  bool background_schema = false;
};

// A schema validation under way: its errors go at position `at` of the project's errors, where
// validating in line would have put them.
struct SchemaCheck {
  size_t at = 0;
  std::future<std::vector<ParseIssue>> issues;
};

// Where the loader reads: compose files (and `extends` files) through one resolver, env files
// (`env_file`, `.env`, --env-file) through another; paths are paths on this machine. `root` is the
// stack root, for the paths in messages and Mount::source.
struct ComposeFiles {
  IncludeResolver* compose = nullptr;
  IncludeResolver* env = nullptr;
  std::string root;
  const FileSystem* fs = nullptr;  // only to ask .gitignore whether an env file is git-ignored (dotenv.h)
};

// What loading the project gives: the project (errors, conflicts, unset variables, `version:` and
// `services:` keys), the services in order, and the YAML duplicate keys. stack/ puts it in the Stack.
struct ComposeLoad {
  ComposeProject project;
  std::vector<Service> services;
  std::vector<DuplicateKey> duplicate_keys;
  // Secrets written in the compose files and the environment values substituted or passed to
  // services, in the order found: stack/ records them (add_hidden_value), so outputs hide them.
  std::vector<HiddenValue> hidden;
  // Compose files that are templates, not YAML until rendered (`name: {{project_name}}_data` in a
  // Django project template, cookiecutter, Jinja): host path and the line of the tag where YAML
  // failed. Not loaded, and their YAML error is no finding: `model` lists them as skipped.
  std::vector<std::pair<std::string, uint32_t>> templates;
  std::vector<SchemaCheck> schema_checks;  // with ComposeOptions::background_schema
};
ComposeLoad load_compose(ComposeFiles files, const ComposeOptions& options);

// Waits for the checks and puts their errors in `project`, in the order validating in line gives.
void finish_schema_checks(ComposeProject& project, std::vector<SchemaCheck>& checks);

// The files compose would pick in `dir`: compose.yaml, compose.yml, docker-compose.yml,
// docker-compose.yaml (the first that exists), plus its `*.override.*` twin when present.
std::vector<std::string> default_compose_files(const FileSystem& fs, const std::string& dir);

}  // namespace stacklint
