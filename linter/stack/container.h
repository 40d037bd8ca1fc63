// The files of the stack, registered once each, and what was refused (what a container sees is
// linter/model/container_path.h).
#pragma once

#include <optional>
#include <string>

#include "linter/model/container_path.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

// Reads a file of the stack once: returns the registered StackFile (existing or new), or nullptr
// when the file cannot be read. `host_path` is as opened on this machine; the StackFile's `path`
// is relative to stack.root. `kind` is set when the file is first registered.
// Records a file whose source is already read (stack.files); the existing entry when it is known.
StackFile* add_stack_file(Stack& stack, const std::string& host_path, FileKind kind, SourcePtr source);
// A file that cannot be read gives nullptr; a refused one (outside the root, not a regular file, too
// large) is also recorded at `from` (nothing recorded when `from` has no directive).
StackFile* load_stack_file(Stack& stack, const FileSystem& fs, const std::string& host_path, FileKind kind,
                           const Reference& from = {});

// Records a refused read (once) for stacklint/outside-root and stacklint/unreadable-file; a
// Reference without a directive is a probe and records nothing.
void record_refusal(Stack& stack, OpenStatus status, const Reference& from);

// Whether a setup step writes the missing file `host_path` of a bind mount, so its absence says
// nothing (compose::written_by_setup, with the .gitignore files and .gitmodules up to the
// repository's top level, the last of the compose model's directories above).
bool written_by_stack_setup(const Stack& stack, const FileSystem& fs, const std::string& host_path);

// Why the config file a program is told to read at `container` is missing from the bind mount `r`
// resolves it to, given what the stack has at r.host_path (`info`): "X is a directory", "the
// bind-mount source X does not exist (docker creates an empty directory there)", or "the mounted
// directory has no N (X)". nullopt when the file is there, when a setup step writes it
// (written_by_stack_setup), and when it lies relative to a directory above (a `--project-directory`
// there).
std::optional<std::string> config_missing_from_mount(const Stack& stack, const FileSystem& fs, const ResolvedPath& r,
                                                     const std::string& container, const FileInfo& info);

// Appends each issue to the errors of the file its location names (once: a file two services read
// gets its errors once).
void record_issues(Stack& stack, const std::vector<ParseIssue>& issues);

}  // namespace stacklint
