// What a container sees: container paths resolved through the service's mounts (a question the
// model answers about itself, for stack/ binding and for rules alike).
#pragma once

#include <optional>
#include <string>

#include "linter/model/stack.h"

namespace stacklint {

// The bind mount that makes `container_path` visible in the container (the longest matching
// target), and the host path (on this machine) it maps to. nullopt when no bind mount covers it
// (a named volume, or nothing mounted there).
struct ResolvedPath {
  const Mount* mount = nullptr;
  std::string host_path;   // path on this machine, usable with FileSystem
  std::string stack_path;  // path relative to the stack root, for messages
};
std::optional<ResolvedPath> resolve_container_path(const Stack& stack, const Service& service,
                                                   const std::string& container_path);

// A service that sees the host file `host_path` through one of its bind mounts, and the file's path
// in its container: a service of role `role` first, else the first service. nullopt when no
// service mounts it (nor a directory above it).
struct MountedFile {
  const Service* service = nullptr;
  const Mount* mount = nullptr;  // the bind mount that brings it in
  std::string container_path;
};
std::optional<MountedFile> where_mounted(const Stack& stack, const std::string& host_path, Role role);

// The stack-relative display path of a host path.
std::string stack_relative(const Stack& stack, const std::string& host_path);

}  // namespace stacklint
