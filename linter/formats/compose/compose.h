// Loading a Compose project exactly as compose-go reads it: files merged in order, `.env` and
// interpolation, `extends`, profiles, the compose-spec schema, and the Service model.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

struct ComposeOptions {
  std::vector<std::string> files;  // host paths in merge order
  std::vector<std::string> env_files;
  std::vector<std::string> profiles;
  std::map<std::string, std::string> environment;  // the process environment
};

// Fills stack.compose (errors, conflicts, unset variables, `version:` and `services:` keys),
// stack.services, stack.files (kind "compose", plus the env files read) and stack.duplicate_keys.
void load_compose(Stack& stack, const FileSystem& fs, const ComposeOptions& options);

// The files compose would pick in `dir`: compose.yaml, compose.yml, docker-compose.yml,
// docker-compose.yaml (the first that exists), plus its `*.override.*` twin when present.
std::vector<std::string> default_compose_files(const FileSystem& fs, const std::string& dir);

}  // namespace stacklint
