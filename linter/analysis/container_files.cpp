#include "linter/analysis/container_files.h"

#include <algorithm>
#include <set>

#include "linter/formats/compose/syntax.h"
#include "linter/formats/prometheus/glob.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/container_path.h"
#include "linter/source/fs.h"

namespace stacklint {

namespace {

bool under(const std::string& p, const std::string& dir) {
  return p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/';
}

}  // namespace

std::vector<ContainerEntry> visible_in(const Stack& stack, const Service& svc, const std::string& dir) {
  std::vector<ContainerEntry> out;
  std::set<std::string> names;
  if (auto r = resolve_container_path(stack, svc, dir); r && r->mount != nullptr && r->mount->bind) {
    const std::string host = path::normalize(r->host_path);
    for (const StackFile& f : stack.files) {
      if (path::dirname(f.host_path) != host) continue;
      const std::string name = path::basename(f.host_path);
      if (names.insert(name).second) {
        out.push_back(ContainerEntry{.name = name, .from = f.path, .location = r->mount->location});
      }
    }
    // Subdirectories holding files of the stack.
    for (const StackFile& f : stack.files) {
      if (!under(f.host_path, host)) continue;
      const std::string rest = f.host_path.substr(host.size() + 1);
      const size_t slash = rest.find('/');
      if (slash == std::string::npos) continue;
      const std::string name = rest.substr(0, slash) + "/";
      if (names.insert(name).second) {
        out.push_back(ContainerEntry{.name = name, .from = r->stack_path + "/" + name, .location = r->mount->location});
      }
    }
  }
  for (const Mount& m : svc.mounts) {
    const std::string t = path::normalize(m.target);
    if (path::dirname(t) != dir || !m.bind) continue;
    const std::string name = path::basename(t) + (m.is_directory ? "/" : "");
    if (names.insert(name).second) {
      out.push_back(ContainerEntry{.name = name, .from = m.source, .location = m.location});
    }
  }
  std::sort(out.begin(), out.end(), [](const ContainerEntry& a, const ContainerEntry& b) { return a.name < b.name; });
  return out;
}

const StackFile* unmounted_rule_file(const Stack& stack, const Service& svc, std::string_view name_pattern) {
  for (const StackFile& f : stack.files) {
    if (f.kind != FileKind::rules || !glob_match(name_pattern, path::basename(f.path))) continue;
    const bool visible = std::any_of(svc.mounts.begin(), svc.mounts.end(), [&](const Mount& m) {
      const std::string h = path::normalize(m.host_path);
      return m.bind && (f.host_path == h || under(f.host_path, h));
    });
    if (!visible) return &f;
  }
  return nullptr;
}

const Mount* missing_rule_file_mount(const Service& svc, const std::string& container_pattern) {
  if (container_pattern.empty()) return nullptr;
  for (const Mount& m : svc.mounts) {
    if (!m.bind || !m.source_missing) continue;
    const std::string target = path::normalize(m.target);
    if (path::dirname(target) == path::dirname(container_pattern) &&
        glob_match(path::basename(container_pattern), path::basename(target))) {
      return &m;
    }
  }
  return nullptr;
}

bool written_by_another_service(const Stack& stack, const Service& svc, const std::string& host_dir) {
  const std::string dir = path::normalize(host_dir);
  for (const Service& other : stack.services) {
    if (&other == &svc) continue;
    for (const Mount& m : other.mounts) {
      const std::string h = path::normalize(m.host_path);
      if (m.bind && !m.read_only && (h == dir || under(dir, h))) return true;
    }
  }
  return false;
}

std::vector<UnloadedConfig> unloaded_configs(const Stack& stack, FileKind kind, Role role) {
  std::vector<UnloadedConfig> out;
  for (const StackFile& f : stack.files) {
    if (f.kind != kind || !f.standalone) continue;
    const std::optional<MountedFile> m = where_mounted(stack, f.host_path, role);
    if (!m || m->mount == nullptr || !m->service->enabled || m->service->role != role || !m->service->image) continue;
    const Service& svc = *m->service;
    // A built image's own command is its Dockerfile's: what it reads is not known.
    if (svc.build() && !svc.command && !svc.entrypoint()) continue;
    const std::string repository = compose::analyze_image(svc.image->value).repository;
    const knowledge::ImageFact* fact = knowledge::find_image(repository);
    if (fact == nullptr || fact->family == knowledge::ImageFamily::other) continue;
    const std::string name = path::basename(m->container_path);
    const auto names_it = [&](const std::vector<std::string>& words) {
      return std::any_of(words.begin(), words.end(),
                         [&](const std::string& w) { return w.find(name) != std::string::npos; });
    };
    if ((svc.command && names_it(svc.command->value)) || (svc.entrypoint() && names_it(svc.entrypoint()->value))) {
      continue;
    }
    out.push_back(UnloadedConfig{.file = &f,
                                 .service = &svc,
                                 .mount = m->mount,
                                 .container_path = m->container_path,
                                 .program = fact->program,
                                 .family = fact->family,
                                 .image = repository});
  }
  return out;
}

}  // namespace stacklint
