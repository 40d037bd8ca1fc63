#include "linter/source/include_resolver.h"

#include <algorithm>
#include <memory>

#include "linter/source/fs.h"

namespace stacklint {

std::string_view to_string(OpenStatus s) {
  switch (s) {
    case OpenStatus::found:
      return "found";
    case OpenStatus::not_found:
      return "not found";
    case OpenStatus::not_visible:
      return "not visible";
    case OpenStatus::is_directory:
      return "is a directory";
    case OpenStatus::outside_root:
      return "outside the stack root";
    case OpenStatus::not_regular:
      return "not a regular file";
    case OpenStatus::unreadable:
      return "unreadable";
    case OpenStatus::too_large:
      return "too large";
    case OpenStatus::budget_exhausted:
      return "include budget exhausted";
  }
  return "unknown";
}

bool IncludeBudget::take(uint64_t size) {
  if (files >= max_files || size > max_bytes - bytes) return false;
  ++files;
  bytes += size;
  return true;
}

std::string IncludeResolver::absolute(const std::string& p) const {
  return path::normalize(path::is_absolute(p) ? p : path::join(working_directory(), p));
}

bool has_glob_meta(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

namespace {

// One bracket expression at pat[p] == '[' against c: whether it is closed, matched, and where it ends.
struct Bracket {
  bool closed = false;
  bool matched = false;
  size_t end = 0;  // index of the closing ']'
};
Bracket match_bracket(std::string_view pat, size_t p, char c) {
  Bracket b;
  size_t q = p + 1;
  bool negate = false;
  if (q < pat.size() && (pat[q] == '!' || pat[q] == '^')) {
    negate = true;
    ++q;
  }
  bool first = true;
  while (q < pat.size()) {
    if (pat[q] == ']' && !first) {
      b.closed = true;
      b.end = q;
      break;
    }
    first = false;
    char lo = pat[q];
    if (lo == '\\' && q + 1 < pat.size()) lo = pat[++q];
    char hi = lo;
    if (q + 2 < pat.size() && pat[q + 1] == '-' && pat[q + 2] != ']') {
      hi = pat[q + 2];
      q += 2;
    }
    if (c >= lo && c <= hi) b.matched = true;
    ++q;
  }
  if (negate) b.matched = !b.matched;
  return b;
}

// How far one pattern element at pat[p] advances the pattern when it matches c; 0 when it does not.
size_t match_one(std::string_view pat, size_t p, char c) {
  const char pc = pat[p];
  if (pc == '?') return 1;
  if (pc == '[') {
    const Bracket b = match_bracket(pat, p, c);
    if (b.closed) return b.matched ? b.end + 1 - p : 0;
    return c == '[' ? 1 : 0;  // an unclosed '[' matches itself
  }
  if (pc == '\\' && p + 1 < pat.size()) return pat[p + 1] == c ? 2 : 0;
  return pc == c ? 1 : 0;
}

}  // namespace

bool fnmatch_segment(std::string_view pat, std::string_view name) {
  size_t p = 0;
  size_t n = 0;
  size_t star_p = std::string_view::npos;
  size_t star_n = 0;
  while (n < name.size()) {
    if (p < pat.size() && pat[p] == '*') {
      star_p = p++;
      star_n = n;
      continue;
    }
    const size_t step = p < pat.size() ? match_one(pat, p, name[n]) : 0;
    if (step > 0) {
      p += step;
      ++n;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    n = ++star_n;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

namespace {

std::vector<std::string> split_segments(const std::string& p) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    if (slash == std::string::npos) slash = p.size();
    if (slash > start) out.push_back(p.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

struct GlobWalk {
  IncludeResolver& resolver;
  const std::vector<std::string>& segments;
  GlobStyle style;
  const Reference& from;
  std::vector<std::string>& out;

  // `dir` is an existing directory (as the program sees it); segments[i..] remain.
  void expand(const std::string& dir, size_t i) {
    const ListResult listing = resolver.list(dir, from);
    if (listing.status != OpenStatus::found) return;
    const std::string& seg = segments[i];
    const bool last = i + 1 == segments.size();
    for (const DirEntry& e : listing.entries) {
      if (has_glob_meta(seg)) {
        if (e.name.empty() || (style == GlobStyle::posix && e.name[0] == '.' && seg[0] != '.')) continue;
        if (!fnmatch_segment(seg, e.name)) continue;
      } else if (e.name != seg) {
        continue;
      }
      const std::string next = path::join(dir, e.name);
      if (last) {
        out.push_back(next);
      } else if (e.is_directory) {
        expand(next, i + 1);
      }
    }
  }
};

}  // namespace

std::vector<std::string> glob(IncludeResolver& resolver, const std::string& pattern, GlobStyle style,
                              const Reference& from) {
  const std::string abs = resolver.absolute(pattern);
  const std::vector<std::string> segments = split_segments(abs);
  std::vector<std::string> out;
  if (segments.empty()) return out;
  // The leading segments without wildcards are one directory: start the walk there.
  size_t first_meta = 0;
  while (first_meta + 1 < segments.size() && !has_glob_meta(segments[first_meta])) ++first_meta;
  std::string start = "/";
  for (size_t i = 0; i < first_meta; ++i) start = path::join(start, segments[i]);
  GlobWalk{.resolver = resolver, .segments = segments, .style = style, .from = from, .out = out}.expand(start,
                                                                                                        first_meta);
  std::sort(out.begin(), out.end());
  return out;
}

bool is_refusal(OpenStatus s) {
  return s == OpenStatus::outside_root || s == OpenStatus::not_regular || s == OpenStatus::unreadable ||
         s == OpenStatus::too_large || s == OpenStatus::budget_exhausted;
}

std::string describe_refusal(const RefusedRead& refused) {
  std::string out = refused.reference.directive + " '" + refused.reference.written + "' ";
  switch (refused.status) {
    case OpenStatus::outside_root:
      return out + "points outside the stack root; stacklint does not read it";
    case OpenStatus::not_regular:
      return out + "is not a regular file (a FIFO, device or socket); stacklint does not read it";
    case OpenStatus::unreadable:
      return out + "cannot be read";
    case OpenStatus::too_large:
      return out + "is larger than the 16 MiB stacklint reads; it is not read";
    case OpenStatus::budget_exhausted:
      return out + "is not read: the stack's include budget (1,000 files or 64 MiB in all) is used up";
    case OpenStatus::is_directory:
      return out + "is a directory";
    case OpenStatus::not_visible:
      return out + "is not visible to stacklint (not bind-mounted from the stack)";
    case OpenStatus::not_found:
      return out + "does not exist";
    case OpenStatus::found:
      break;
  }
  return out + "was read";
}

void MemoryIncludeResolver::add(const std::string& program_path, std::string content) {
  files_[path::normalize(program_path)] = std::move(content);
}

void MemoryIncludeResolver::refuse(const std::string& program_path, OpenStatus status) {
  refused_[path::normalize(program_path)] = status;
}

namespace {

bool below(const std::string& p, const std::string& dir) {
  if (dir == "/") return p.size() > 1 && p[0] == '/';
  return p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/';
}

}  // namespace

OpenResult MemoryIncludeResolver::open(const std::string& program_path, const Reference& from) {
  OpenResult r;
  r.program_path = absolute(program_path);
  opened_.push_back(r.program_path);
  r.stack_path = r.program_path.substr(1);
  if (const auto it = refused_.find(r.program_path); it != refused_.end()) {
    r.status = it->second;
    if (is_refusal(r.status) && !from.directive.empty()) {
      refusals_.push_back(RefusedRead{.status = r.status, .reference = from});
    }
    return r;
  }
  const auto it = files_.find(r.program_path);
  if (it == files_.end()) {
    const auto after = files_.upper_bound(r.program_path);
    const bool dir = after != files_.end() && below(after->first, r.program_path);
    r.status = dir ? OpenStatus::is_directory : OpenStatus::not_found;
    return r;
  }
  if (!budget_.take(it->second.size())) {
    r.status = OpenStatus::budget_exhausted;
    if (!from.directive.empty()) refusals_.push_back(RefusedRead{.status = r.status, .reference = from});
    return r;
  }
  r.status = OpenStatus::found;
  SourcePtr& source = sources_[r.program_path];
  if (source == nullptr) source = std::make_shared<const SourceFile>(r.stack_path, it->second);
  r.source = source;
  return r;
}

ListResult MemoryIncludeResolver::list(const std::string& program_dir, const Reference& from) {
  ListResult r;
  r.program_path = absolute(program_dir);
  if (const auto it = refused_.find(r.program_path); it != refused_.end()) {
    r.status = it->second;
    if (is_refusal(r.status) && !from.directive.empty()) {
      refusals_.push_back(RefusedRead{.status = r.status, .reference = from});
    }
    return r;
  }
  const std::string prefix = r.program_path == "/" ? "/" : r.program_path + "/";
  for (auto it = files_.lower_bound(prefix); it != files_.end() && below(it->first, r.program_path); ++it) {
    const std::string rest = it->first.substr(prefix.size());
    const size_t slash = rest.find('/');
    DirEntry e{.name = rest.substr(0, slash), .is_directory = slash != std::string::npos};
    if (r.entries.empty() || r.entries.back().name != e.name) r.entries.push_back(std::move(e));
  }
  if (r.entries.empty()) return r;  // not_found (a file is not a directory either)
  std::sort(r.entries.begin(), r.entries.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  r.status = OpenStatus::found;
  return r;
}

}  // namespace stacklint
