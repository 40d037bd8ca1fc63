#include "linter/stack/container.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "linter/formats/compose/dotenv.h"

namespace stacklint {

StackFile* add_stack_file(Stack& stack, const std::string& host_path, FileKind kind, SourcePtr source) {
  const std::string rel = stack_relative(stack, host_path);
  if (StackFile* known = stack.find_file(rel)) return known;
  return &stack.add_file(
      StackFile{.path = rel, .host_path = path::normalize(host_path), .kind = kind, .source = std::move(source)});
}

StackFile* load_stack_file(Stack& stack, const FileSystem& fs, const std::string& host_path, FileKind kind,
                           const Reference& from) {
  const std::string rel = stack_relative(stack, host_path);
  if (StackFile* known = stack.find_file(rel)) return known;
  FileRead read = fs.read_file(host_path, kMaxFileBytes);
  if (read.status != OpenStatus::found) {
    if (is_refusal(read.status)) record_refusal(stack, read.status, from);
    return nullptr;
  }
  return &stack.add_file(StackFile{.path = rel,
                                   .host_path = path::normalize(host_path),
                                   .kind = kind,
                                   .source = std::make_shared<const SourceFile>(rel, std::move(read.text))});
}

void record_refusal(Stack& stack, OpenStatus status, const Reference& from) {
  if (from.directive.empty()) return;  // a probe
  // The budget is the stack's: its first refusal says so, the others would repeat it.
  const bool budget = status == OpenStatus::budget_exhausted;
  if (budget && std::any_of(stack.refused_reads.begin(), stack.refused_reads.end(),
                            [](const RefusedRead& r) { return r.status == OpenStatus::budget_exhausted; })) {
    return;
  }
  for (const RefusedRead& r : stack.refused_reads) {
    if (r.status == status && r.reference.written == from.written && r.reference.location == from.location) return;
  }
  stack.refused_reads.push_back(RefusedRead{.status = status, .reference = from});
}

void record_issues(Stack& stack, const std::vector<ParseIssue>& issues) {
  using Key = std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, std::string>;
  auto key = [](const ParseIssue& e) {
    return Key{e.location.offset, e.location.end_offset, e.location.line, e.location.column, e.message};
  };
  std::map<StackFile*, std::set<Key>> seen;  // per file: its errors so far
  for (const ParseIssue& issue : issues) {
    StackFile* file = stack.find_file(issue.location.file);
    if (file == nullptr) continue;
    auto [it, fresh] = seen.try_emplace(file);
    if (fresh) {
      for (const ParseIssue& e : file->errors) it->second.insert(key(e));
    }
    if (!it->second.insert(key(issue)).second) continue;
    file->errors.push_back(issue);
  }
}

bool written_by_stack_setup(const Stack& stack, const FileSystem& fs, const std::string& host_path) {
  if (!stack.compose) return compose::written_by_setup(fs, host_path, stack.root, stack.root);
  return compose::written_by_setup(fs, host_path, stack.root,
                                   compose::repository_top(stack.compose->directories_above, stack.root));
}

std::optional<std::string> config_missing_from_mount(const Stack& stack, const FileSystem& fs, const ResolvedPath& r,
                                                     const std::string& container, const FileInfo& info) {
  const bool directory = info.status == OpenStatus::found && info.type == FileType::directory;
  if ((info.status != OpenStatus::not_found && !directory) || r.mount == nullptr) return std::nullopt;
  if (written_by_stack_setup(stack, fs, r.host_path)) return std::nullopt;
  if (stack.compose && std::any_of(stack.compose->directories_above.begin(), stack.compose->directories_above.end(),
                                   [&](const std::string& dir) {
                                     return fs.stat(path::join(dir, r.stack_path)).status == OpenStatus::found;
                                   })) {
    return std::nullopt;
  }
  if (directory) return r.stack_path + " is a directory";
  if (path::normalize(r.mount->target) == path::normalize(container)) {
    return "the bind-mount source " + r.stack_path + " does not exist (docker creates an empty directory there)";
  }
  return "the mounted directory has no " + path::basename(r.stack_path) + " (" + r.stack_path + ")";
}

}  // namespace stacklint
