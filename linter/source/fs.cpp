#include "linter/source/fs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace stacklint {

namespace fs = std::filesystem;

std::optional<std::string> DiskFileSystem::read(const std::string& p) const {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(ss).str();
}

bool DiskFileSystem::is_directory(const std::string& p) const {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool DiskFileSystem::exists(const std::string& p) const {
  std::error_code ec;
  return fs::exists(p, ec);
}

std::vector<std::string> DiskFileSystem::list(const std::string& p) const {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
    out.push_back(it->path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string MemoryFileSystem::normalize(const std::string& p) { return path::normalize(p); }

std::optional<std::string> MemoryFileSystem::read(const std::string& p) const {
  const auto it = files_.find(normalize(p));
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

bool MemoryFileSystem::is_directory(const std::string& p) const {
  std::string prefix = normalize(p);
  if (prefix != "/") prefix += '/';
  const auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

bool MemoryFileSystem::exists(const std::string& p) const {
  return files_.count(normalize(p)) > 0 || is_directory(p);
}

std::vector<std::string> MemoryFileSystem::list(const std::string& p) const {
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

namespace path {

bool is_absolute(const std::string& p) { return !p.empty() && p[0] == '/'; }

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

std::string normalize(const std::string& p) {
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

std::string relative_to(const std::string& p, const std::string& base) {
  const std::string np = normalize(p);
  const std::string nb = normalize(base);
  if (nb == ".") return np;
  if (np == nb) return ".";
  if (np.size() > nb.size() && np.compare(0, nb.size(), nb) == 0 && (np[nb.size()] == '/' || nb == "/")) {
    return np.substr(nb == "/" ? 1 : nb.size() + 1);
  }
  return np;
}

}  // namespace path
}  // namespace stacklint
