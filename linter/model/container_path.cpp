#include "linter/model/container_path.h"

#include <filesystem>

#include "linter/source/fs.h"

namespace stacklint {

std::string stack_relative(const Stack& stack, const std::string& host_path) {
  const std::string host = path::normalize(host_path);
  std::string root = path::normalize(stack.root);
  // An absolute path (`${PWD}/x` in a mount) against a relative root: compare both absolute.
  if (path::is_absolute(host) && !path::is_absolute(root)) {
    std::error_code ec;
    root = std::filesystem::absolute(root, ec).lexically_normal().string();
    while (root.size() > 1 && root.back() == '/') root.pop_back();
  }
  return path::relative_to(host, root);
}

std::optional<ResolvedPath> resolve_container_path(const Stack& stack, const Service& service,
                                                   const std::string& container_path) {
  const std::string want = path::normalize(container_path);
  const Mount* best = nullptr;
  for (const auto& m : service.mounts) {
    const std::string target = path::normalize(m.target);
    const bool covers = want == target || (want.size() > target.size() && want.compare(0, target.size(), target) == 0 &&
                                           (want[target.size()] == '/' || target == "/"));
    if (covers && (best == nullptr || target.size() > path::normalize(best->target).size())) best = &m;
  }
  if (best == nullptr || !best->bind) {
    if (best != nullptr) return ResolvedPath{.mount = best};
    return std::nullopt;
  }
  const std::string target = path::normalize(best->target);
  const std::string rest = want == target ? "" : want.substr(target == "/" ? 1 : target.size() + 1);
  const std::string host = rest.empty() ? best->host_path : path::join(best->host_path, rest);
  return ResolvedPath{.mount = best, .host_path = host, .stack_path = stack_relative(stack, host)};
}

std::optional<MountedFile> where_mounted(const Stack& stack, const std::string& host_path, Role role) {
  const std::string want = stack_relative(stack, host_path);
  std::optional<MountedFile> found;
  for (const Service& s : stack.services) {
    if (found && found->service->role == role) break;
    if (found && s.role != role) continue;
    for (const Mount& m : s.mounts) {
      if (!m.bind || m.host_path.empty()) continue;
      const std::string source = stack_relative(stack, m.host_path);
      if (path::is_absolute(source)) continue;  // a mount from outside the root maps nothing of it
      std::string rest;
      if (want == source) {
        rest = "";
      } else if (source == "." || (want.size() > source.size() && want.compare(0, source.size(), source) == 0 &&
                                   want[source.size()] == '/')) {
        rest = source == "." ? want : want.substr(source.size() + 1);
      } else {
        continue;
      }
      const std::string target = path::normalize(m.target);
      found =
          MountedFile{.service = &s, .mount = &m, .container_path = rest.empty() ? target : path::join(target, rest)};
      break;
    }
  }
  return found;
}

}  // namespace stacklint
