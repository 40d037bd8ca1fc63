// The file-system interface parsers use for includes, so tests need no disk.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stacklint {

class FileSystem {
 public:
  FileSystem() = default;
  FileSystem(const FileSystem&) = delete;
  FileSystem& operator=(const FileSystem&) = delete;
  FileSystem(FileSystem&&) = delete;
  FileSystem& operator=(FileSystem&&) = delete;
  virtual ~FileSystem() = default;
  // The whole content of a regular file, or nullopt when it does not exist or cannot be read.
  [[nodiscard]] virtual std::optional<std::string> read(const std::string& path) const = 0;
  [[nodiscard]] virtual bool is_directory(const std::string& path) const = 0;
  [[nodiscard]] virtual bool exists(const std::string& path) const = 0;
  // Names (not paths) of the entries of a directory, sorted by bytes; empty when not a directory.
  [[nodiscard]] virtual std::vector<std::string> list(const std::string& path) const = 0;
};

// The real disk.
class DiskFileSystem final : public FileSystem {
 public:
  [[nodiscard]] std::optional<std::string> read(const std::string& path) const override;
  [[nodiscard]] bool is_directory(const std::string& path) const override;
  [[nodiscard]] bool exists(const std::string& path) const override;
  [[nodiscard]] std::vector<std::string> list(const std::string& path) const override;
};

// An in-memory tree for tests: paths are '/'-separated; directories are implied by files.
class MemoryFileSystem final : public FileSystem {
 public:
  void add(const std::string& path, std::string content) { files_[normalize(path)] = std::move(content); }
  [[nodiscard]] std::optional<std::string> read(const std::string& path) const override;
  [[nodiscard]] bool is_directory(const std::string& path) const override;
  [[nodiscard]] bool exists(const std::string& path) const override;
  [[nodiscard]] std::vector<std::string> list(const std::string& path) const override;

 private:
  static std::string normalize(const std::string& path);
  std::map<std::string, std::string> files_;
};

// Path helpers on '/'-separated paths (no file-system access).
namespace path {
std::string join(const std::string& dir, const std::string& rel);  // rel if absolute
std::string dirname(const std::string& p);                         // "." when none
std::string basename(const std::string& p);
std::string normalize(const std::string& p);  // removes "." and "x/.." segments, duplicate '/'
bool is_absolute(const std::string& p);
// p relative to base when p lies below base, else p unchanged.
std::string relative_to(const std::string& p, const std::string& base);
}  // namespace path

}  // namespace stacklint
