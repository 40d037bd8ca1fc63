#include "linter/config/config.h"

namespace stacklint {

bool paths_glob_match(std::string_view pattern, std::string_view path) {
  if (pattern.empty()) return path.empty();
  if (pattern.substr(0, 2) == "**") {
    std::string_view rest = pattern.substr(2);
    if (!rest.empty() && rest.front() == '/') {
      // "**/x": x here, or after any number of segments.
      const std::string_view after = rest.substr(1);
      if (paths_glob_match(after, path)) return true;
      for (size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '/' && paths_glob_match(after, path.substr(i + 1))) return true;
      }
      return false;
    }
    for (size_t i = 0; i <= path.size(); ++i) {
      if (paths_glob_match(rest, path.substr(i))) return true;
    }
    return false;
  }
  if (pattern.front() == '*') {
    for (size_t i = 0; i <= path.size(); ++i) {
      if (paths_glob_match(pattern.substr(1), path.substr(i))) return true;
      if (i < path.size() && path[i] == '/') break;
    }
    return false;
  }
  if (path.empty()) return false;
  if (pattern.front() == '?') return path.front() != '/' && paths_glob_match(pattern.substr(1), path.substr(1));
  return pattern.front() == path.front() && paths_glob_match(pattern.substr(1), path.substr(1));
}

bool path_selected(const Config& config, std::string_view path) {
  bool included = config.include.empty();
  for (const std::string& g : config.include) included = included || paths_glob_match(g, path);
  if (!included) return false;
  for (const std::string& g : config.exclude) {
    if (paths_glob_match(g, path)) return false;
  }
  return true;
}

}  // namespace stacklint
