// The file system: the one choke point of every read (confinement, regular files, size caps).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linter/source/include_resolver.h"

namespace stacklint {

enum class FileType : uint8_t { none, regular, directory, other };

// What stat() says about a path. `status` is found for a regular file or a directory that may be
// read; not_regular for a FIFO, device or socket; outside_root when the path leaves the confinement
// (then nothing else is told: not even whether it exists).
struct FileInfo {
  OpenStatus status = OpenStatus::not_found;
  FileType type = FileType::none;
  uint64_t device = 0;  // (device, inode) identify a directory for the walk's visited set
  uint64_t inode = 0;
  uint64_t size = 0;
};

// An entry of a directory: its name, and its type when listing the directory told it.
struct ListedEntry {
  std::string name;
  // regular or directory for an entry that is no symlink and may be read (what stat would say of
  // it, without a stat); none when only stat can tell (symlinks, refusals, other kinds).
  FileType type = FileType::none;
};

struct FileRead {
  OpenStatus status = OpenStatus::not_found;  // found: `text` is the whole file
  std::string text;
};

// The size cap of a file read without a format-specific one.
inline constexpr uint64_t kMaxFileBytes = 16ULL * 1024 * 1024;

// Every read of stacklint goes through a FileSystem: the one place that keeps reads inside the
// stack root (DiskFileSystem's Confinement), reads regular files only, and caps sizes.
class FileSystem {
 public:
  FileSystem() = default;
  FileSystem(const FileSystem&) = delete;
  FileSystem& operator=(const FileSystem&) = delete;
  FileSystem(FileSystem&&) = delete;
  FileSystem& operator=(FileSystem&&) = delete;
  virtual ~FileSystem() = default;
  [[nodiscard]] virtual FileInfo stat(const std::string& path) const = 0;
  // The whole content of a regular file of at most `max_bytes` (checked before reading).
  [[nodiscard]] virtual FileRead read_file(const std::string& path, uint64_t max_bytes) const = 0;
  // Names (not paths) of the entries of a directory, sorted by bytes; empty when not a readable
  // directory.
  [[nodiscard]] virtual std::vector<std::string> list(const std::string& path) const = 0;

  // list() with what the listing tells of each entry's type (FileType::none here: stat it).
  [[nodiscard]] virtual std::vector<ListedEntry> list_entries(const std::string& path) const;

  // Whether stat, read_file and list may be called from several threads at once.
  [[nodiscard]] virtual bool concurrent_reads() const { return false; }
  // A file system that reads as this one does and lives on its own, for reading a file again later
  // (SourceFile::release_text), when this one may be gone; nullptr when there is none.
  [[nodiscard]] virtual std::shared_ptr<const FileSystem> detached() const { return nullptr; }

  // The content of a regular file up to kMaxFileBytes; nullopt for any other status.
  [[nodiscard]] std::optional<std::string> read(const std::string& path) const;
  [[nodiscard]] bool is_directory(const std::string& path) const;
  // Whether `path`, listed as `entry` by list_entries, is a directory: the type the listing told,
  // else stat's.
  [[nodiscard]] bool is_directory(const std::string& path, const ListedEntry& entry) const;
  // A readable regular file or directory.
  [[nodiscard]] bool exists(const std::string& path) const;
};

// Where reads may go. The root is the top level of the git work tree holding the linted paths,
// else the directory given; `explicit_files` (--config, --env-file, -f, PATH arguments) may be
// anywhere. Canonical paths (symlinks resolved) are checked, so `..` and symlinks cannot leave.
// /proc, /dev, /sys and anything under a .git directory are never read, even inside the root.
struct Confinement {
  std::vector<std::string> roots;           // absolute canonical directories; empty: no root check
  std::vector<std::string> explicit_files;  // absolute canonical paths
  bool allow_outside_root = false;          // --allow-outside-root: only the special trees are refused
};

// The top level of the git work tree holding `dir` (a directory with `.git`), else nullopt.
std::optional<std::string> git_top_level(const std::string& dir);
// The canonical absolute form of `p` (symlinks of its existing prefix resolved).
std::string canonical_path(const std::string& p);

// The real disk, confined.
class DiskFileSystem final : public FileSystem {
 public:
  DiskFileSystem() = default;
  explicit DiskFileSystem(Confinement confinement);
  [[nodiscard]] FileInfo stat(const std::string& path) const override;
  [[nodiscard]] FileRead read_file(const std::string& path, uint64_t max_bytes) const override;
  [[nodiscard]] std::vector<std::string> list(const std::string& path) const override;
  [[nodiscard]] std::vector<ListedEntry> list_entries(const std::string& path) const override;
  // Every call checks its own path; the one shared state, the canonical paths, is locked.
  [[nodiscard]] bool concurrent_reads() const override { return true; }
  [[nodiscard]] std::shared_ptr<const FileSystem> detached() const override {
    return std::make_shared<const DiskFileSystem>(confinement_);
  }

 private:
  // found, outside_root; the canonical path in `canonical`.
  OpenStatus allowed(const std::string& path, std::string& canonical) const;
  // found, outside_root, for a canonical path.
  OpenStatus allowed_canonical(const std::string& canonical) const;
  // canonical_path(path), each path resolved once per run: discovery, the env templates and the
  // binders ask for the same directories and files many times (a 4-file stack resolved 144 paths).
  std::string canonical(const std::string& path) const;
  // The entries of a directory by canonical path (name, and regular or directory when the listing
  // says so without a symlink), read once per run: discovery, the env templates and the binders
  // list the stack's directories a dozen times. nullptr when it cannot be opened.
  using RawListing = std::vector<std::pair<std::string, FileType>>;
  std::shared_ptr<const RawListing> raw_listing(const std::string& canonical) const;
  Confinement confinement_;
  mutable std::mutex canonical_mutex_;  // guards both caches
  mutable std::unordered_map<std::string, std::string> canonical_cache_;
  mutable std::unordered_map<std::string, std::shared_ptr<const RawListing>> listings_;
  // list_entries' answer for each path asked (walks list a directory several times: the runner
  // scripts', discovery's and the declared metrics' walks), guarded by canonical_mutex_ too.
  mutable std::unordered_map<std::string, std::vector<ListedEntry>> entries_;
};

// An in-memory tree for tests: paths are '/'-separated; directories are implied by files.
class MemoryFileSystem final : public FileSystem {
 public:
  void add(const std::string& path, std::string content) { files_[normalize(path)] = std::move(content); }
  // A path whose stat and reads give `status` (outside_root, not_regular, unreadable).
  void refuse(const std::string& path, OpenStatus status) { refused_[normalize(path)] = status; }
  [[nodiscard]] FileInfo stat(const std::string& path) const override;
  [[nodiscard]] FileRead read_file(const std::string& path, uint64_t max_bytes) const override;
  [[nodiscard]] std::vector<std::string> list(const std::string& path) const override;

 private:
  static std::string normalize(const std::string& path);
  std::map<std::string, std::string> files_;
  std::map<std::string, OpenStatus> refused_;
};

// Records every path asked of another FileSystem and the answer (tests assert what was read).
class RecordingFileSystem final : public FileSystem {
 public:
  struct Access {
    std::string op;  // "stat", "read", "list"
    std::string path;
    OpenStatus status;
  };
  explicit RecordingFileSystem(const FileSystem& fs) : fs_(fs) {}
  [[nodiscard]] FileInfo stat(const std::string& path) const override;
  [[nodiscard]] FileRead read_file(const std::string& path, uint64_t max_bytes) const override;
  [[nodiscard]] std::vector<std::string> list(const std::string& path) const override;
  [[nodiscard]] const std::vector<Access>& accesses() const { return accesses_; }

 private:
  const FileSystem& fs_;
  mutable std::vector<Access> accesses_;
};

// Path helpers on '/'-separated paths (no file-system access).
namespace path {
std::string join(const std::string& dir, const std::string& rel);  // rel if absolute
std::string dirname(const std::string& p);                         // "." when none
std::string basename(const std::string& p);
std::string normalize(const std::string& p);  // removes "." and "x/.." segments, duplicate '/'
bool is_absolute(const std::string& p);
// p relative to base: below it ("a/b"), or beside it ("../c/d") when both are relative or both
// absolute below a common directory other than "/"; else p unchanged.
std::string relative_to(const std::string& p, const std::string& base);
}  // namespace path

}  // namespace stacklint
