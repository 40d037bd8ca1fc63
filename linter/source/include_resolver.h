// The one way a parser opens the other files its program would open: postgres include /
// include_if_exists / include_dir, redis include (with globs), pgbouncer %include, Prometheus
// rule_files and file_sd files, alertmanager templates...
//
// Paths are given as the PROGRAM sees them: absolute (a container path, or a disk path for a file
// linted on its own) or relative to the program's working directory (working_directory()). A
// program that resolves includes against the including file (postgres) joins with the including
// file's OpenResult::program_path first: the parser knows its program's rule, the resolver does not.
//
// The resolver maps the program's path to a file of the stack (through the service's mounts),
// keeps every read inside the stack root (an outside path is refused, never opened), reads
// regular files only, caps each file's size and the whole stack's include budget. The status says
// which of these happened; a parser turns every status but `found` into a ParseIssue at the
// referencing line (or stays silent where its program would), and goes on as if the file were empty.
//
// A refused open (outside the root, not a regular file, unreadable, too large, over the budget)
// is recorded by the resolver itself, at the Reference the parser passes (the directive's line), as
// a stacklint/outside-root or stacklint/unreadable-file finding; the parser then goes on as if the
// file were empty and reports nothing more. not_found / is_directory / not_visible are the parser's
// to report the way its program would. A Reference without a directive is a probe (`dir` checks
// that a directory exists): a refusal is returned, not recorded.
//
// Usage in a parser:
//
//   const Reference ref{.directive = "include", .written = value, .location = line};
//   OpenResult r = resolver.open(path::join(path::dirname(current.program_path), value), ref);
//   if (r.status == OpenStatus::found) parse(*r.source, ...);  // r.source->path() is for locations
//   else if (r.status == OpenStatus::not_found) issue("could not open ...: No such file or directory");
//   for (const std::string& p : glob(resolver, pattern, GlobStyle::posix, ref)) { ... }  // redis include
//   ListResult d = resolver.list(dir, ref);  // include_dir: d.entries sorted by name
//
// Cycles and depth are the parser's to stop (it knows how its program stops them); the budget is
// the resolver's (files and bytes per stack), so a fan-out ends even when a parser forgets.
// Tests use MemoryIncludeResolver; stack/ provides the implementation over the FileSystem.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/source.h"

namespace stacklint {

enum class OpenStatus : uint8_t {
  found,             // a regular file inside the root, read: `source` is set
  not_found,         // the program would get ENOENT
  not_visible,       // stacklint cannot see it (a named volume, the image's own files): unknown
  is_directory,      // open() of a directory (list() of a directory is `found`)
  outside_root,      // refused: the path leaves the stack root (absolute, `..`, symlink, /proc, .git/)
  not_regular,       // a FIFO, device or socket: refused, never opened for reading
  unreadable,        // permission denied or an I/O error
  too_large,         // over the size cap of the format: refused before reading
  budget_exhausted,  // the stack's include budget (files or bytes) is used up
};

std::string_view to_string(OpenStatus s);

// Where a file is referenced: the directive and the path as written, at its line.
struct Reference {
  std::string directive;  // "include", "include_dir", "env_file", "rule_files"...
  std::string written;    // the path as the file wrote it
  Location location;      // the referencing line (invalid for a main file)
};

// A refused read, recorded for the stacklint/* rules.
struct RefusedRead {
  OpenStatus status = OpenStatus::outside_root;
  Reference reference;
};

// The result of opening one file.
struct OpenResult {
  OpenStatus status = OpenStatus::not_found;
  std::string program_path;  // normalized, as the program sees it (absolute when the input was)
  std::string stack_path;    // where it is in the stack (relative to the root) when known, for messages
  SourcePtr source;          // found: the text; source->path() is the path locations use
};

// One directory entry.
struct DirEntry {
  std::string name;
  bool is_directory = false;
};

// The result of listing a directory.
struct ListResult {
  OpenStatus status = OpenStatus::not_found;  // found: `entries` is the listing
  std::string program_path;
  std::vector<DirEntry> entries;  // sorted by name, bytewise (what glob(3) and ReadDir give)
};

// Files and bytes one stack may read through includes (a hostile include fan-out). Every open
// counts, a file included twice twice: the budget bounds the text expanded, not the files on disk.
struct IncludeBudget {
  uint32_t max_files = 1000;
  uint64_t max_bytes = 64ULL * 1024 * 1024;
  uint32_t files = 0;  // used so far
  uint64_t bytes = 0;
  // Counts one file of `size` bytes; false (and nothing counted) when it would exceed a limit.
  bool take(uint64_t size);
};

class IncludeResolver {
 public:
  IncludeResolver() = default;
  IncludeResolver(const IncludeResolver&) = delete;
  IncludeResolver& operator=(const IncludeResolver&) = delete;
  IncludeResolver(IncludeResolver&&) = delete;
  IncludeResolver& operator=(IncludeResolver&&) = delete;
  virtual ~IncludeResolver() = default;

  // The program's working directory, for relative paths (redis: /data in the official image).
  [[nodiscard]] virtual std::string working_directory() const = 0;
  // Opens a regular file. Opening the same file twice returns the same source (and counts twice).
  // A refusal is recorded at `from`.
  virtual OpenResult open(const std::string& program_path, const Reference& from) = 0;
  // Lists a directory; a refusal is recorded at `from`.
  virtual ListResult list(const std::string& program_dir, const Reference& from) = 0;
  // Whether a directory is there (a probe: nothing recorded, nothing listed when it can be avoided).
  virtual bool is_directory(const std::string& program_dir) {
    return list(program_dir, Reference{}).status == OpenStatus::found;
  }

  // `p` made absolute against working_directory() (when it is not already) and normalized.
  [[nodiscard]] std::string absolute(const std::string& p) const;
};

enum class GlobStyle : uint8_t {
  posix,  // glob(3) without flags: a leading '.' in a name is matched only by a literal '.'
  go,     // Go's filepath.Glob: '*' matches a leading '.' too
};

// The paths (as the program sees them, sorted) matching `pattern`, made absolute first, expanded
// over list() one segment at a time; the last segment may match files or directories. A pattern
// without wildcards is returned as is when list() of its directory has it. Matching follows
// fnmatch(3) (`*`, `?`, `[...]`, `[!...]`, backslash escapes).
std::vector<std::string> glob(IncludeResolver& resolver, const std::string& pattern, GlobStyle style,
                              const Reference& from);

// fnmatch(3) without flags on one path segment.
bool fnmatch_segment(std::string_view pattern, std::string_view name);
bool has_glob_meta(std::string_view s);

// Whether a status is a refusal the resolver records (not one the program itself would see).
bool is_refusal(OpenStatus s);
// "include '/etc/passwd' points outside the stack root; stacklint does not read it" and the like:
// the message of the stacklint/* finding for a refused read.
std::string describe_refusal(const RefusedRead& refused);

// An in-memory resolver for tests: files and directories by program path.
class MemoryIncludeResolver final : public IncludeResolver {
 public:
  explicit MemoryIncludeResolver(std::string cwd = "/") : cwd_(std::move(cwd)) {}
  // A file at `program_path`; its stack path (for locations) is the program path without the
  // leading '/'.
  void add(const std::string& program_path, std::string content);
  // A path whose open() or list() gives `status` (outside_root, not_regular, ...).
  void refuse(const std::string& program_path, OpenStatus status);
  IncludeBudget& budget() { return budget_; }
  // Every program path open() was asked for, in order (tests assert what was opened).
  [[nodiscard]] const std::vector<std::string>& opened() const { return opened_; }
  [[nodiscard]] const std::vector<RefusedRead>& refusals() const { return refusals_; }

  [[nodiscard]] std::string working_directory() const override { return cwd_; }
  OpenResult open(const std::string& program_path, const Reference& from) override;
  ListResult list(const std::string& program_dir, const Reference& from) override;

 private:
  std::string cwd_;
  std::map<std::string, std::string> files_;
  std::map<std::string, OpenStatus> refused_;
  std::map<std::string, SourcePtr> sources_;  // opened once each
  IncludeBudget budget_;
  std::vector<std::string> opened_;
  std::vector<RefusedRead> refusals_;
};

}  // namespace stacklint
