// The Service model built from a service's merged definition.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "linter/formats/compose/tree.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/include_resolver.h"

namespace stacklint::compose {

struct ServiceContext {
  IncludeResolver* env_files = nullptr;  // env_file entries (paths on this machine)
  std::string root;                      // the stack root, for the paths in messages
  const FileSystem* fs = nullptr;        // only to ask .gitignore whether an env file is git-ignored (dotenv.h)
  const std::map<std::string, std::string>* variables = nullptr;  // process env over .env files
  // Where each variable of `variables` is written (its `.env` line); absent for values from the
  // shell, a git-ignored `.env` or a template (then a pass-through value has no location).
  const std::map<std::string, Location>* variable_lines = nullptr;
  const std::vector<std::string>* profiles = nullptr;  // active profiles
  ComposeProject* project = nullptr;                   // errors and conflicts go here
  std::vector<HiddenValue>* hidden = nullptr;          // environment values (linter/model/secrets.h)
  // When asked: the keys the services' env_files set, and the environment keys of services that read one.
  std::set<std::string>* env_file_keys = nullptr;
  // The top-level `configs:` of the project: a service's `configs:` entry whose config is a `file:`
  // is a read-only bind mount of that file at its target.
  const CNode* configs = nullptr;
  // The network keys declared `internal: true`: a container on no other network has no published
  // ports (Docker publishes none through an internal network).
  const std::set<std::string>* internal_networks = nullptr;
  // A script of the repository downloads the compose files into the place it installs them and puts
  // what they read beside them (compose::Loader's installer): missing env files and bind-mount
  // sources are the installer's to provide, not missing.
  bool installed = false;
};

Service build_service(const std::string& name, const Location& key_location, const CNode& definition,
                      const ServiceContext& ctx);

}  // namespace stacklint::compose
