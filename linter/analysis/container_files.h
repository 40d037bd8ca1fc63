// What a service's container sees of the stack's files, and who else writes there: asked by
// prometheus/rule-files-unmatched to say why a rule_files pattern matched nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/knowledge/knowledge.h"
#include "linter/model/stack.h"
#include "linter/source/source.h"

namespace stacklint {

// One entry visible in a container directory: its name (a directory's ends in '/'), where it comes
// from and where that was said.
struct ContainerEntry {
  std::string name;
  std::string from;  // stack path of the file or directory on the host
  Location location;
};

// What stacklint knows is visible in `dir` inside the container of `svc`: files of the stack under
// a bind mount of that directory, their subdirectories, and bind mount targets directly below it;
// sorted by name.
std::vector<ContainerEntry> visible_in(const Stack& stack, const Service& svc, const std::string& dir);

// The first rule file of the stack whose file name matches `name_pattern` (Go's filepath.Match, as
// Prometheus expands rule_files) but that no bind mount brings into the container of `svc`; nullptr
// when there is none.
const StackFile* unmounted_rule_file(const Stack& stack, const Service& svc, std::string_view name_pattern);

// The bind mount of `svc` whose target a rule_files pattern of its Prometheus names (its container
// path, Go's filepath.Match) and whose source the repository lacks: docker creates an empty directory
// there, Prometheus fails to read it ("read alert_rules.yml: is a directory") and exits at start.
// nullptr when there is none.
const Mount* missing_rule_file_mount(const Service& svc, const std::string& container_pattern);

// Whether a service other than `svc` bind-mounts `host_dir` (or a directory above it) writable: a
// file there may be made at run time (promgen's worker writes the rule file its Prometheus loads).
bool written_by_another_service(const Stack& stack, const Service& svc, const std::string& host_dir);

// A config file of `kind` that no service reads (a standalone file of the stack), bind-mounted into
// an enabled service of `role` whose image stacklint knows (`family` says how the image finds its
// config: callers keep the families whose reading they model), and that neither its command nor its
// entrypoint names (a script that copies or renders it reads it after all).
struct UnloadedConfig {
  const StackFile* file = nullptr;
  const Service* service = nullptr;
  const Mount* mount = nullptr;
  std::string container_path;
  std::string program;  // the image's server program (redis-server, valkey-server, postgres)
  knowledge::ImageFamily family = knowledge::ImageFamily::other;
  std::string image;  // the image's repository (bitnami/pgbouncer)
};
std::vector<UnloadedConfig> unloaded_configs(const Stack& stack, FileKind kind, Role role);

}  // namespace stacklint
