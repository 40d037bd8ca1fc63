// The IncludeResolver parsers get from stack/: a program's paths mapped to files of the stack
// (through a service's bind mounts, or as disk paths for a file linted on its own), read through the
// confined FileSystem, registered once each in stack.files, counted against the stack's include
// budget; refusals recorded in stack.refused_reads for the stacklint/* rules.
#pragma once

#include <string>

#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/include_resolver.h"

namespace stacklint {

class StackIncludeResolver final : public IncludeResolver {
 public:
  // `service` null: program paths are paths on this machine (a standalone file). `kind` is the
  // StackFile kind of files opened (postgres, redis...).
  StackIncludeResolver(Stack& stack, const FileSystem& fs, const Service* service, std::string cwd, FileKind kind,
                       uint64_t max_bytes = kMaxFileBytes);

  // A path the program reads by default, which nothing in the repository names (postgres's
  // `$PGDATA/postgresql.conf` when no config_file is given): when the data directory is mounted from
  // outside the root, that is runtime state, not a reference to refuse, and no refusal is recorded.
  void set_implicit(std::string program_path) { implicit_ = std::move(program_path); }

  [[nodiscard]] std::string working_directory() const override { return cwd_; }
  OpenResult open(const std::string& program_path, const Reference& from) override;
  ListResult list(const std::string& program_dir, const Reference& from) override;
  bool is_directory(const std::string& program_dir) override;

 private:
  // The path on this machine of a program path; not_visible when nothing is bind-mounted there.
  OpenStatus host_of(const std::string& program_path, std::string& host) const;
  // Whether the program path is the target of a bind mount whose source the repository lacks:
  // docker creates an empty directory there (compose/mount-source-missing says so).
  [[nodiscard]] bool empty_directory_mount(const std::string& program_path) const;
  // Records a refusal at `from`, or at the bind mount that leads there when `from` has no location.
  void refuse(OpenStatus status, const std::string& program_path, const Reference& from);

  Stack& stack_;
  const FileSystem& fs_;
  const Service* service_;
  std::string cwd_;
  FileKind kind_ = FileKind::none;
  uint64_t max_bytes_;
  std::string implicit_;
};

}  // namespace stacklint
