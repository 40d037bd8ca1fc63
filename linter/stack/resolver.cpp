#include "linter/stack/resolver.h"

#include <algorithm>

#include "linter/stack/container.h"

namespace stacklint {

StackIncludeResolver::StackIncludeResolver(Stack& stack, const FileSystem& fs, const Service* service, std::string cwd,
                                           FileKind kind, uint64_t max_bytes)
    : stack_(stack), fs_(fs), service_(service), cwd_(std::move(cwd)), kind_(kind), max_bytes_(max_bytes) {}

OpenStatus StackIncludeResolver::host_of(const std::string& program_path, std::string& host) const {
  if (service_ == nullptr) {
    host = program_path;
    return OpenStatus::found;
  }
  const auto r = resolve_container_path(stack_, *service_, program_path);
  if (!r || r->mount == nullptr || !r->mount->bind || r->host_path.empty()) return OpenStatus::not_visible;
  host = r->host_path;
  return OpenStatus::found;
}

bool StackIncludeResolver::empty_directory_mount(const std::string& program_path) const {
  if (service_ == nullptr) return false;
  return std::any_of(service_->mounts.begin(), service_->mounts.end(), [&](const Mount& m) {
    return m.bind && m.source_missing && path::normalize(m.target) == program_path;
  });
}

void StackIncludeResolver::refuse(OpenStatus status, const std::string& program_path, const Reference& from) {
  Reference at = from;
  if (!at.location.valid() && service_ != nullptr) {
    if (const auto r = resolve_container_path(stack_, *service_, program_path); r && r->mount != nullptr) {
      at.location = r->mount->location;
    }
  }
  record_refusal(stack_, status, at);
}

OpenResult StackIncludeResolver::open(const std::string& program_path, const Reference& from) {
  OpenResult out;
  out.program_path = absolute(program_path);
  std::string host;
  out.status = host_of(out.program_path, host);
  if (out.status != OpenStatus::found) return out;
  if (empty_directory_mount(out.program_path)) {
    out.status = OpenStatus::is_directory;
    return out;
  }
  out.stack_path = stack_relative(stack_, host);
  if (const StackFile* known = stack_.find_file(out.stack_path); known != nullptr && known->source) {
    if (!stack_.include_budget.take(known->source->size())) {
      refuse(OpenStatus::budget_exhausted, out.program_path, from);
      out.status = OpenStatus::budget_exhausted;
      return out;
    }
    out.source = known->source;
    return out;
  }
  const FileInfo info = fs_.stat(host);
  out.status = info.status;
  if (info.status == OpenStatus::found && info.type == FileType::directory) out.status = OpenStatus::is_directory;
  if (out.status == OpenStatus::found && info.size > max_bytes_) out.status = OpenStatus::too_large;
  if (out.status == OpenStatus::found && !stack_.include_budget.take(info.size)) {
    out.status = OpenStatus::budget_exhausted;
  }
  if (out.status == OpenStatus::found) {
    FileRead read = fs_.read_file(host, max_bytes_);
    out.status = read.status;
    if (read.status == OpenStatus::found) {
      StackFile* file =
          add_stack_file(stack_, host, kind_, std::make_shared<const SourceFile>(out.stack_path, std::move(read.text)));
      out.source = file->source;
    }
  }
  if (is_refusal(out.status)) {
    if (out.status != OpenStatus::outside_root || out.program_path != implicit_)
      refuse(out.status, out.program_path, from);
    out.stack_path.clear();  // an outside path is not named back
  }
  return out;
}

bool StackIncludeResolver::is_directory(const std::string& program_dir) {
  std::string host;
  if (host_of(absolute(program_dir), host) != OpenStatus::found) return false;
  return fs_.is_directory(host);
}

ListResult StackIncludeResolver::list(const std::string& program_dir, const Reference& from) {
  ListResult out;
  out.program_path = absolute(program_dir);
  std::string host;
  const OpenStatus mapped = host_of(out.program_path, host);
  if (mapped == OpenStatus::found) {
    const FileInfo info = fs_.stat(host);
    if (is_refusal(info.status)) {
      refuse(info.status, out.program_path, from);
      out.status = info.status;
      return out;
    }
    if (info.status == OpenStatus::found && info.type == FileType::directory) {
      out.status = OpenStatus::found;
      for (const std::string& name : fs_.list(host)) {
        out.entries.push_back(DirEntry{.name = name, .is_directory = fs_.is_directory(path::join(host, name))});
      }
    } else if (info.status == OpenStatus::not_found && service_ != nullptr &&
               std::any_of(service_->mounts.begin(), service_->mounts.end(),
                           [&](const Mount& m) { return m.bind && path::normalize(m.target) == out.program_path; })) {
      // A bind mount whose source the checkout lacks (`./data:/data`, git-ignored): docker creates
      // the source directory when the container starts, so the program finds it, empty (rw24: redis's
      // `dir /data`).
      out.status = OpenStatus::found;
    }
  } else {
    out.status = mapped;
  }
  // Mount targets directly below the directory (a file or folder mounted into it) are entries too.
  if (service_ != nullptr) {
    for (const Mount& m : service_->mounts) {
      const std::string t = path::normalize(m.target);
      if (!m.bind || path::dirname(t) != out.program_path) continue;
      out.entries.push_back(DirEntry{.name = path::basename(t), .is_directory = m.is_directory});
      out.status = OpenStatus::found;
    }
  }
  std::sort(out.entries.begin(), out.entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  out.entries.erase(std::unique(out.entries.begin(), out.entries.end(),
                                [](const DirEntry& a, const DirEntry& b) { return a.name == b.name; }),
                    out.entries.end());
  return out;
}

}  // namespace stacklint
