#include "linter/source/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <set>
#include <string_view>

namespace stacklint {

namespace fs = std::filesystem;

std::optional<std::string> FileSystem::read(const std::string& p) const {
  FileRead r = read_file(p, kMaxFileBytes);
  if (r.status != OpenStatus::found) return std::nullopt;
  return std::move(r.text);
}

bool FileSystem::is_directory(const std::string& p) const {
  const FileInfo i = stat(p);
  return i.status == OpenStatus::found && i.type == FileType::directory;
}

bool FileSystem::is_directory(const std::string& p, const ListedEntry& entry) const {
  return entry.type == FileType::none ? is_directory(p) : entry.type == FileType::directory;
}

std::vector<ListedEntry> FileSystem::list_entries(const std::string& p) const {
  std::vector<ListedEntry> out;
  for (std::string& name : list(p)) out.push_back(ListedEntry{.name = std::move(name), .type = FileType::none});
  return out;
}

bool FileSystem::exists(const std::string& p) const {
  return stat(p).status == OpenStatus::found;
}

namespace {

// The path the kernel resolved `p` to (symlinks and `..` followed, as an open of `p` would):
// one open, one readlink of /proc/self/fd and one close instead of a readlink per segment. Empty
// when `p` does not exist or /proc is not mounted.
std::string resolved_by_kernel(const std::string& p) {
  const int fd = ::open(p.c_str(), O_PATH | O_CLOEXEC);
  if (fd < 0) return {};
  std::array<char, 4096> buf{};
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), buf.data(), buf.size());
  ::close(fd);
  if (n <= 0 || static_cast<size_t>(n) >= buf.size() || buf[0] != '/') return {};
  return {buf.data(), static_cast<size_t>(n)};
}

}  // namespace

namespace {

// The directory part and the name of a path to a missing file of an existing directory (a probe for
// an optional file), when `p` names one: ("." , "x") for "x", ("/", "x") for "/x"; nullopt for "",
// "a/..", "a/." and "a/".
std::optional<std::pair<std::string, std::string>> split_probe(const std::string& p) {
  const size_t slash = p.rfind('/');
  std::string name = slash == std::string::npos ? p : p.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") return std::nullopt;
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : p.substr(0, slash);
  return std::make_pair(std::move(dir), std::move(name));
}

std::string join_canonical(const std::string& dir, const std::string& name) {
  return dir == "/" ? dir + name : dir + "/" + name;
}

// canonical_path once the kernel could not resolve `p` (nor its directory): symlinks of its
// existing prefix resolved by the library.
std::string weakly_canonical_path(const std::string& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p.empty() ? "." : p, ec);
  if (ec) return path::normalize(p);
  fs::path canon = fs::weakly_canonical(abs, ec);
  if (ec) canon = abs;
  std::string out = canon.lexically_normal().string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

std::string canonical_path(const std::string& p) {
  if (std::string out = resolved_by_kernel(p.empty() ? "." : p); !out.empty()) return out;
  if (const auto probe = split_probe(p)) {
    if (std::string dir = resolved_by_kernel(probe->first); !dir.empty()) return join_canonical(dir, probe->second);
  }
  return weakly_canonical_path(p);
}

std::optional<std::string> git_top_level(const std::string& dir) {
  std::string d = canonical_path(dir);
  while (true) {
    std::error_code ec;
    if (fs::exists(fs::path(d) / ".git", ec)) return d;
    if (d == "/" || d.empty()) return std::nullopt;
    d = path::dirname(d);
  }
}

namespace {

bool below_or_at(const std::string& p, const std::string& dir) {
  if (dir == "/") return true;
  return p == dir || (p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/');
}

// /proc, /dev, /sys, and any `.git` segment: never read, whatever the root.
bool forbidden(const std::string& canonical) {
  if (below_or_at(canonical, "/proc") || below_or_at(canonical, "/dev") || below_or_at(canonical, "/sys")) return true;
  return canonical.find("/.git/") != std::string::npos ||
         (canonical.size() >= 5 && canonical.compare(canonical.size() - 5, 5, "/.git") == 0);
}

OpenStatus status_of_errno(int err) {
  if (err == ENOENT || err == ENOTDIR) return OpenStatus::not_found;
  return OpenStatus::unreadable;
}

}  // namespace

DiskFileSystem::DiskFileSystem(Confinement confinement) : confinement_(std::move(confinement)) {}

std::string DiskFileSystem::canonical(const std::string& p) const {
  {
    const std::lock_guard<std::mutex> lock(canonical_mutex_);
    if (const auto it = canonical_cache_.find(p); it != canonical_cache_.end()) return it->second;
  }
  // canonical_path, with the directory of a missing file resolved once (through this cache): a run
  // probes one directory for a dozen optional files.
  std::string out = resolved_by_kernel(p.empty() ? "." : p);
  if (out.empty()) {
    if (const auto probe = split_probe(p)) {
      std::string dir;
      {
        const std::lock_guard<std::mutex> lock(canonical_mutex_);
        if (const auto it = canonical_cache_.find(probe->first); it != canonical_cache_.end()) dir = it->second;
      }
      if (dir.empty()) {
        dir = resolved_by_kernel(probe->first);
        const std::lock_guard<std::mutex> lock(canonical_mutex_);
        if (!dir.empty()) canonical_cache_.emplace(probe->first, dir);
      }
      if (!dir.empty()) out = join_canonical(dir, probe->second);
    }
    if (out.empty()) out = weakly_canonical_path(p);
  }
  const std::lock_guard<std::mutex> lock(canonical_mutex_);
  canonical_cache_.emplace(p, out);
  return out;
}

OpenStatus DiskFileSystem::allowed(const std::string& p, std::string& canonical) const {
  canonical = this->canonical(p);
  return allowed_canonical(canonical);
}

OpenStatus DiskFileSystem::allowed_canonical(const std::string& canonical) const {
  const auto& ex = confinement_.explicit_files;
  if (std::find(ex.begin(), ex.end(), canonical) != ex.end()) return OpenStatus::found;
  if (forbidden(canonical)) return OpenStatus::outside_root;
  if (confinement_.allow_outside_root || confinement_.roots.empty()) return OpenStatus::found;
  for (const std::string& root : confinement_.roots) {
    if (below_or_at(canonical, root)) return OpenStatus::found;
  }
  return OpenStatus::outside_root;
}

FileInfo DiskFileSystem::stat(const std::string& p) const {
  FileInfo info;
  std::string canonical;
  info.status = allowed(p, canonical);
  if (info.status != OpenStatus::found) return info;
  struct ::stat st {};
  if (::stat(canonical.c_str(), &st) != 0) {
    info.status = status_of_errno(errno);
    return info;
  }
  info.device = static_cast<uint64_t>(st.st_dev);
  info.inode = static_cast<uint64_t>(st.st_ino);
  info.size = static_cast<uint64_t>(st.st_size);
  if (S_ISREG(st.st_mode)) {
    info.type = FileType::regular;
  } else if (S_ISDIR(st.st_mode)) {
    info.type = FileType::directory;
  } else {
    info.type = FileType::other;
    info.status = OpenStatus::not_regular;
  }
  return info;
}

namespace {

// Closes a descriptor on every path out.
struct Fd {
  int fd = -1;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&&) = delete;
  Fd& operator=(Fd&&) = delete;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

FileRead DiskFileSystem::read_file(const std::string& p, uint64_t max_bytes) const {
  FileRead out;
  std::string canonical;
  out.status = allowed(p, canonical);
  if (out.status != OpenStatus::found) return out;
  // The path is resolved: a symlink now in its last segment was put there since, and is not followed.
  const Fd file(::open(canonical.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (file.fd < 0) {
    out.status = errno == ELOOP ? OpenStatus::outside_root : status_of_errno(errno);
    return out;
  }
  struct ::stat st {};
  if (::fstat(file.fd, &st) != 0) {
    out.status = OpenStatus::unreadable;
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.status = OpenStatus::is_directory;
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.status = OpenStatus::not_regular;
    return out;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    out.status = OpenStatus::too_large;
    return out;
  }
  // Exactly the size fstat gave (the text stays in memory for the whole run: no spare capacity):
  // the file as it was when opened, without a read to see the end (one system call per file). A
  // file that says size 0 (empty, or a pseudo-file) is read in small steps to its end, never past the cap.
  out.text.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  char more[4096];
  while (true) {
    const bool in_place = got < out.text.size();
    if (!in_place && !out.text.empty()) break;
    if (!in_place && got >= max_bytes) break;
    const size_t want = in_place ? out.text.size() - got : std::min<uint64_t>(sizeof more, max_bytes - got);
    const ssize_t n = ::read(file.fd, in_place ? out.text.data() + got : more, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.text.clear();
      out.status = OpenStatus::unreadable;
      return out;
    }
    if (n == 0) break;
    if (!in_place) out.text.append(more, static_cast<size_t>(n));
    got += static_cast<size_t>(n);
  }
  out.text.resize(got);
  return out;
}

std::shared_ptr<const DiskFileSystem::RawListing> DiskFileSystem::raw_listing(const std::string& canonical) const {
  {
    const std::lock_guard<std::mutex> lock(canonical_mutex_);
    if (const auto it = listings_.find(canonical); it != listings_.end()) return it->second;
  }
  DIR* const dir = ::opendir(canonical.c_str());
  if (dir == nullptr) return nullptr;
  auto raw = std::make_shared<RawListing>();
  while (const dirent* e = ::readdir(dir)) {
    const std::string_view name(e->d_name);
    if (name == "." || name == "..") continue;
    const FileType type = e->d_type == DT_REG   ? FileType::regular
                          : e->d_type == DT_DIR ? FileType::directory
                                                : FileType::none;
    raw->emplace_back(std::string(name), type);
  }
  ::closedir(dir);
  const std::lock_guard<std::mutex> lock(canonical_mutex_);
  return listings_.emplace(canonical, std::move(raw)).first->second;
}

std::vector<std::string> DiskFileSystem::list(const std::string& p) const {
  std::vector<std::string> out;
  for (ListedEntry& e : list_entries(p)) out.push_back(std::move(e.name));
  return out;
}

std::vector<ListedEntry> DiskFileSystem::list_entries(const std::string& p) const {
  {
    const std::lock_guard<std::mutex> lock(canonical_mutex_);
    if (const auto it = entries_.find(p); it != entries_.end()) return it->second;
  }
  std::vector<ListedEntry> out;
  std::string canonical;
  if (allowed(p, canonical) != OpenStatus::found) return out;
  const std::shared_ptr<const RawListing> raw = raw_listing(canonical);
  if (raw == nullptr) return out;
  // An entry that is no symlink resolves to the directory's canonical path and its name: its
  // canonical path is known without asking the kernel (discovery stats every file it lists), and
  // so is its type, once the confinement allows that path. Only for a normalized `p`, whose
  // path::join with a name is `p/name` ("name" for ".").
  const bool seed = path::normalize(p) == p;
  const std::string base = canonical == "/" ? "" : canonical;
  std::vector<std::pair<std::string, std::string>> known;
  for (const auto& [name, type] : *raw) {
    ListedEntry& entry = out.emplace_back(ListedEntry{.name = name, .type = FileType::none});
    if (seed && type != FileType::none) {
      std::string canon = base + "/" + entry.name;
      if (allowed_canonical(canon) == OpenStatus::found) entry.type = type;
      known.emplace_back(path::join(p, entry.name), std::move(canon));
    }
  }
  std::sort(out.begin(), out.end(), [](const ListedEntry& a, const ListedEntry& b) { return a.name < b.name; });
  const std::lock_guard<std::mutex> lock(canonical_mutex_);
  for (auto& [path, canon] : known) canonical_cache_.emplace(std::move(path), std::move(canon));
  entries_.emplace(p, out);
  return out;
}

std::string MemoryFileSystem::normalize(const std::string& p) {
  return path::normalize(p);
}

FileInfo MemoryFileSystem::stat(const std::string& p) const {
  FileInfo info;
  const std::string n = normalize(p);
  if (const auto it = refused_.find(n); it != refused_.end()) {
    info.status = it->second;
    info.type = it->second == OpenStatus::not_regular ? FileType::other : FileType::none;
    return info;
  }
  info.inode = std::hash<std::string>{}(n);
  if (const auto it = files_.find(n); it != files_.end()) {
    info.status = OpenStatus::found;
    info.type = FileType::regular;
    info.size = it->second.size();
    return info;
  }
  std::string prefix = n;
  if (prefix != "/") prefix += '/';
  const auto it = files_.lower_bound(prefix);
  if (it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    info.status = OpenStatus::found;
    info.type = FileType::directory;
  }
  return info;
}

FileRead MemoryFileSystem::read_file(const std::string& p, uint64_t max_bytes) const {
  FileRead out;
  const FileInfo info = stat(p);
  out.status = info.status;
  if (info.status != OpenStatus::found) return out;
  if (info.type == FileType::directory) {
    out.status = OpenStatus::is_directory;
    return out;
  }
  if (info.size > max_bytes) {
    out.status = OpenStatus::too_large;
    return out;
  }
  out.text = files_.at(normalize(p));
  return out;
}

std::vector<std::string> MemoryFileSystem::list(const std::string& p) const {
  if (refused_.count(normalize(p)) > 0) return {};
  std::string prefix = normalize(p);
  if (prefix != "/") prefix += '/';
  std::set<std::string> names;
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    const std::string rest = it->first.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('/')));
  }
  return {names.begin(), names.end()};
}

FileInfo RecordingFileSystem::stat(const std::string& p) const {
  FileInfo info = fs_.stat(p);
  accesses_.push_back(Access{.op = "stat", .path = p, .status = info.status});
  return info;
}

FileRead RecordingFileSystem::read_file(const std::string& p, uint64_t max_bytes) const {
  FileRead r = fs_.read_file(p, max_bytes);
  accesses_.push_back(Access{.op = "read", .path = p, .status = r.status});
  return r;
}

std::vector<std::string> RecordingFileSystem::list(const std::string& p) const {
  std::vector<std::string> names = fs_.list(p);
  accesses_.push_back(Access{.op = "list", .path = p, .status = OpenStatus::found});
  return names;
}

namespace path {

bool is_absolute(const std::string& p) {
  return !p.empty() && p[0] == '/';
}

std::string join(const std::string& dir, const std::string& rel) {
  if (is_absolute(rel) || dir.empty() || dir == ".") return normalize(rel);
  return normalize(dir + "/" + rel);
}

std::string dirname(const std::string& p) {
  const auto slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

std::string basename(const std::string& p) {
  const auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

namespace {

// Whether normalize(p) is p: no empty, "." or trailing segment, and ".." only at the start of a
// relative path. Most paths asked are (discovery's joins, the loaders' stack paths): they are
// copied instead of split into segments and joined again.
bool is_normalized(std::string_view p) {
  if (p.empty()) return false;
  if (p == "." || p == "/") return true;
  const bool absolute = p.front() == '/';
  bool leading = !absolute;  // in the ".." segments that start a relative path
  for (size_t i = absolute ? 1 : 0;;) {
    const size_t j = std::min(p.find('/', i), p.size());
    const std::string_view seg = p.substr(i, j - i);
    if (seg.empty() || seg == ".") return false;
    if (seg == "..") {
      if (!leading) return false;
    } else {
      leading = false;
    }
    if (j == p.size()) return true;
    i = j + 1;
  }
}

}  // namespace

std::string normalize(const std::string& p) {
  if (is_normalized(p)) return p;
  const bool absolute = is_absolute(p);
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    const size_t j = std::min(p.find('/', i), p.size());
    std::string seg = p.substr(i, j - i);
    if (seg.empty() || seg == ".") {
      // skip
    } else if (seg == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else if (seg == ".." && absolute) {
      // "/.." is "/"
    } else {
      parts.push_back(std::move(seg));
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += '/';
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

namespace {

std::vector<std::string> segments(const std::string& p) {
  std::vector<std::string> out;
  size_t i = is_absolute(p) ? 1 : 0;
  while (i < p.size()) {
    const size_t j = std::min(p.find('/', i), p.size());
    out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string relative_to(const std::string& p, const std::string& base) {
  const std::string np = normalize(p);
  const std::string nb = normalize(base);
  if (nb == ".") return np;
  if (np == nb) return ".";
  if (np.size() > nb.size() && np.compare(0, nb.size(), nb) == 0 && (np[nb.size()] == '/' || nb == "/")) {
    return np.substr(nb == "/" ? 1 : nb.size() + 1);
  }
  // A sibling of base (a nested stack's ../config/prod.env): climb out of base, when that is known
  // from the paths alone (both relative, or both absolute below a common directory other than "/").
  if (is_absolute(np) != is_absolute(nb)) return np;
  const std::vector<std::string> ps = segments(np);
  const std::vector<std::string> bs = segments(nb);
  size_t common = 0;
  while (common < ps.size() && common < bs.size() && ps[common] == bs[common]) ++common;
  if (is_absolute(np) && common == 0) return np;
  if (std::find(bs.begin() + static_cast<std::ptrdiff_t>(common), bs.end(), "..") != bs.end()) return np;
  std::string out;
  for (size_t k = common; k < bs.size(); ++k) out += "../";
  for (size_t k = common; k < ps.size(); ++k) out += ps[k] + (k + 1 < ps.size() ? "/" : "");
  if (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace path
}  // namespace stacklint
