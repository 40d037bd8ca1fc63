#include "linter/stack/container.h"

#include <algorithm>

namespace stacklint {

std::string stack_relative(const Stack& stack, const std::string& host_path) {
  return path::relative_to(path::normalize(host_path), path::normalize(stack.root));
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

StackFile* add_stack_file(Stack& stack, const std::string& host_path, const std::string& kind, SourcePtr source) {
  const std::string rel = stack_relative(stack, host_path);
  if (StackFile* known = stack.find_file(rel)) return known;
  return &stack.add_file(
      StackFile{.path = rel, .host_path = path::normalize(host_path), .kind = kind, .source = std::move(source)});
}

StackFile* load_stack_file(Stack& stack, const FileSystem& fs, const std::string& host_path, const std::string& kind) {
  const std::string rel = stack_relative(stack, host_path);
  if (StackFile* known = stack.find_file(rel)) return known;
  auto text = fs.read(host_path);
  if (!text) return nullptr;
  return &stack.add_file(StackFile{.path = rel,
                                   .host_path = path::normalize(host_path),
                                   .kind = kind,
                                   .source = std::make_shared<const SourceFile>(rel, std::move(*text))});
}

}  // namespace stacklint
