// What a container sees: container paths resolved through the service's mounts, and the files of
// the stack registered once each.
#pragma once

#include <optional>
#include <string>

#include "linter/model/stack.h"
#include "linter/source/fs.h"

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

// Reads a file of the stack once: returns the registered StackFile (existing or new), or nullptr
// when the file cannot be read. `host_path` is as opened on this machine; the StackFile's `path`
// is relative to stack.root. `kind` is set when the file is first registered.
// Records a file whose source is already read (stack.files); the existing entry when it is known.
StackFile* add_stack_file(Stack& stack, const std::string& host_path, const std::string& kind, SourcePtr source);
// A file that cannot be read gives nullptr; a refused one (outside the root, not a regular file, too
// large) is also recorded at `from` (nothing recorded when `from` has no directive).
StackFile* load_stack_file(Stack& stack, const FileSystem& fs, const std::string& host_path, const std::string& kind,
                           const Reference& from = {});

// Records a refused read (once) for stacklint/outside-root and stacklint/unreadable-file; a
// Reference without a directive is a probe and records nothing.
void record_refusal(Stack& stack, OpenStatus status, const Reference& from);

// Appends each issue to the errors of the file its location names (once: a file two services read
// gets its errors once).
void record_issues(Stack& stack, const std::vector<ParseIssue>& issues);

// The stack-relative display path of a host path.
std::string stack_relative(const Stack& stack, const std::string& host_path);

}  // namespace stacklint
