#include "linter/stack/assemble.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <thread>
#include <unordered_map>

#include "linter/formats/compose/compose.h"
#include "linter/stack/bind_postgres.h"
#include "linter/stack/bind_prometheus.h"
#include "linter/stack/bind_redis.h"
#include "linter/stack/container.h"
#include "linter/stack/topology.h"

namespace stacklint {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool starts_with(std::string_view s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}
bool is_yaml_name(std::string_view name) {
  return ends_with(name, ".yml") || ends_with(name, ".yaml");
}
// YAML by name, or a Prometheus rule file named the classic way (`alert.rules`).
bool may_be_yaml(std::string_view name) {
  return is_yaml_name(name) || ends_with(name, ".rules");
}

bool is_compose_name(std::string_view name) {
  if (!is_yaml_name(name)) return false;
  return starts_with(name, "compose.") || starts_with(name, "docker-compose") || ends_with(name, ".compose.yml") ||
         ends_with(name, ".compose.yaml");
}

// Top-level keys of a YAML document, read cheaply from lines that start in column 0.
bool has_top_level_key(const std::string& text, std::string_view key) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line(text.data() + pos, eol - pos);
    if (starts_with(line, key) && line.size() > key.size() && line[key.size()] == ':') return true;
    pos = eol + 1;
  }
  return false;
}

bool skip_directory(const std::string& name) {
  return name.empty() || name[0] == '.' || name == "node_modules" || name == "build" || name == "vendor" ||
         name == "__pycache__";
}

// The recursive directory walk of discovery: every directory once (by device and inode, so
// symlinks to `.` end), depth-limited; entries stacklint refuses are kept for a finding.
struct Walk {
  const FileSystem& fs;
  std::vector<std::string>& out;
  std::vector<std::pair<std::string, OpenStatus>>& refused;
  std::set<std::pair<uint64_t, uint64_t>> visited;

  void run(const std::string& dir, int depth) {
    if (depth > 32) return;
    const FileInfo self = fs.stat(dir);
    if (!visited.emplace(self.device, self.inode).second) return;
    for (const std::string& name : fs.list(dir)) {
      if (name == ".git") continue;
      const std::string p = path::join(dir, name);
      const FileInfo info = fs.stat(p);
      if (info.status == OpenStatus::found && info.type == FileType::directory) {
        if (!skip_directory(name)) run(p, depth + 1);
      } else if (info.status == OpenStatus::found) {
        out.push_back(p);
      } else if (is_refusal(info.status)) {
        refused.emplace_back(p, info.status);
      }
    }
  }
};

// A file discovery found and stacklint refuses: a finding at the file itself.
void refuse_discovered(Stack& stack, const std::string& p, OpenStatus status) {
  const std::string rel = stack_relative(stack, p);
  record_refusal(stack, status,
                 Reference{.directive = status == OpenStatus::outside_root ? "symlink" : "file",
                           .written = rel,
                           .location = Location::whole_file(rel)});
}

}  // namespace

std::string detect_kind(const std::string& p, const std::optional<std::string>& content) {
  const std::string name = path::basename(p);
  if (is_compose_name(name)) return "compose";
  if (ends_with(name, ".conf") && starts_with(name, "postgresql")) return "postgres";
  if (ends_with(name, ".conf") && starts_with(name, "redis")) return "redis";
  if (may_be_yaml(name) && content) {
    if (has_top_level_key(*content, "groups")) return "rules";
    if (!is_yaml_name(name)) return "";
    if (has_top_level_key(*content, "scrape_configs") || has_top_level_key(*content, "rule_files") ||
        has_top_level_key(*content, "global")) {
      return "prometheus";
    }
    if (has_top_level_key(*content, "services")) return "compose";
  }
  return "";
}

namespace {

// Discovery reads every YAML candidate to tell its kind; the loader then reads it again. This
// wrapper hands the loader the content discovery already read (once: a later read goes to the
// file system again), so each file is read from disk once.
class ReadOnceCache final : public FileSystem {
 public:
  explicit ReadOnceCache(const FileSystem& fs) : fs_(fs) {}
  void keep(const std::string& path, std::string content) const { kept_[path] = std::move(content); }
  [[nodiscard]] FileRead read_file(const std::string& path, uint64_t max_bytes) const override {
    if (const auto it = kept_.find(path); it != kept_.end()) {
      FileRead out{.status = OpenStatus::found, .text = std::move(it->second)};
      kept_.erase(it);
      if (out.text.size() > max_bytes) return FileRead{.status = OpenStatus::too_large, .text = {}};
      return out;
    }
    return fs_.read_file(path, max_bytes);
  }
  [[nodiscard]] FileInfo stat(const std::string& path) const override { return fs_.stat(path); }
  [[nodiscard]] std::vector<std::string> list(const std::string& path) const override { return fs_.list(path); }

 private:
  const FileSystem& fs_;
  mutable std::unordered_map<std::string, std::string> kept_;
};

}  // namespace

// NOLINTNEXTLINE(readability-function-size): over 120 lines, to be split (issue 12)
StackLoad load_stack(const FileSystem& disk, const StackRequest& req) {
  const ReadOnceCache fs(disk);
  StackLoad result;
  Stack& stack = result.stack;
  std::vector<std::string> paths = req.paths;
  if (paths.empty()) paths.emplace_back(".");

  // The stack root: the first directory given, else the directory of the first file.
  const std::string& first = req.compose_files.empty() ? paths.front() : req.compose_files.front();
  if (fs.is_directory(paths.front())) {
    stack.root = path::normalize(paths.front());
  } else {
    stack.root = path::dirname(path::normalize(first));
  }
  stack.default_prometheus_version = req.prometheus_version;
  stack.enabled_features = req.enabled_features;
  if (req.host_memory) stack.host.memory = req.host_memory;
  if (req.reserve) {
    stack.host.reserve = req.reserve->value;
    stack.host.reserve_location = req.reserve->location;
  }

  // Candidate files by kind.
  std::vector<std::string> compose_files = req.compose_files;
  std::vector<std::pair<std::string, std::string>> configs;  // (host path, kind)
  for (const std::string& arg : paths) {
    const std::string p = path::normalize(arg);
    const FileInfo info = fs.stat(p);
    if (info.status == OpenStatus::found && info.type == FileType::directory) {
      std::vector<std::string> files;
      std::vector<std::pair<std::string, OpenStatus>> refused;
      Walk{.fs = fs, .out = files, .refused = refused, .visited = {}}.run(p, 0);
      for (const auto& [f, status] : refused) refuse_discovered(stack, f, status);
      if (req.compose_files.empty()) {
        for (const auto& f : default_compose_files(fs, p)) compose_files.push_back(f);
      }
      for (const std::string& f : files) {
        const auto forced = req.kinds.find(f);
        std::string kind;
        if (forced != req.kinds.end()) {
          kind = forced->second;
        } else {
          const std::string name = path::basename(f);
          std::optional<std::string> content;
          if (may_be_yaml(name)) {
            FileRead read = fs.read_file(f, kMaxFileBytes);
            if (is_refusal(read.status)) refuse_discovered(stack, f, read.status);
            if (read.status == OpenStatus::found) content = std::move(read.text);
          }
          kind = detect_kind(f, content);
          if (content && !kind.empty() && kind != "compose") fs.keep(f, std::move(*content));
        }
        if (kind.empty() || kind == "compose") continue;  // compose files come from default discovery
        configs.emplace_back(f, kind);
      }
    } else if (info.status == OpenStatus::not_found) {
      result.usage_errors.push_back("cannot read '" + arg + "': no such file or directory");
    } else if (info.status != OpenStatus::found) {
      result.usage_errors.push_back("cannot read '" + arg + "': " + std::string(to_string(info.status)));
    } else {
      const auto content = fs.read(p);
      if (!content) {
        result.usage_errors.push_back("cannot read '" + arg + "'");
        continue;
      }
      const auto forced = req.kinds.find(p);
      const std::string kind = forced != req.kinds.end() ? forced->second : detect_kind(p, content);
      if (kind == "compose") {
        if (req.compose_files.empty()) compose_files.push_back(p);
      } else if (!kind.empty()) {
        configs.emplace_back(p, kind);
      } else {
        result.usage_errors.push_back("cannot tell what kind of file '" + arg +
                                      "' is; name it like its program expects or use --kind FILE=KIND");
      }
    }
  }
  for (const std::string& f : req.compose_files) {
    if (!fs.read(f)) result.usage_errors.push_back("cannot read compose file '" + f + "'");
  }
  if (!result.usage_errors.empty()) return result;
  if (compose_files.empty() && configs.empty()) {
    result.usage_errors.push_back("no compose file or configuration file found in '" + paths.front() + "'");
    return result;
  }

  if (!compose_files.empty()) {
    ComposeOptions options{
        .files = compose_files, .env_files = req.env_files, .profiles = req.profiles, .environment = req.environment};
    load_compose(stack, fs, options);
  }
  for (Service& svc : stack.services) {
    if (const auto it = req.roles.find(svc.name); it != req.roles.end()) svc.role = it->second;
  }
  for (Service& svc : stack.services) {
    if (svc.role == "postgres") bind_postgres(stack, svc, fs);
    if (svc.role == "redis") bind_redis(stack, svc, fs);
    if (svc.role == "prometheus") bind_prometheus(stack, svc, fs);
  }
  bind_topology(stack);

  // Files no service reads are checked on their own.
  std::set<std::string> bound;
  size_t seen_files = 0;  // stack.files only grows: add the new ones after each load
  const auto note_bound = [&] {
    for (; seen_files < stack.files.size(); ++seen_files) bound.insert(stack.files[seen_files].host_path);
  };
  note_bound();
  // Prometheus configs first, so the rule files they name are bound to them.
  std::stable_sort(configs.begin(), configs.end(), [](const auto& a, const auto& b) {
    return (a.second == "prometheus") > (b.second == "prometheus");
  });
  // Standalone rule files are the bulk of a large repository: parse them on every core first.
  std::vector<std::string> standalone_rules;
  for (const auto& [host, kind] : configs) {
    if (kind == "rules" && bound.count(path::normalize(host)) == 0) standalone_rules.push_back(host);
  }
  RuleFilePrefetch prefetched = prefetch_rule_files(stack, fs, standalone_rules, std::thread::hardware_concurrency());
  for (const auto& [host, kind] : configs) {
    if (bound.count(path::normalize(host)) > 0) continue;
    if (kind == "postgres") stack.standalone_postgres.push_back(load_standalone_postgres(stack, fs, host));
    if (kind == "redis") stack.standalone_redis.push_back(load_standalone_redis(stack, fs, host));
    if (kind == "prometheus") {
      stack.standalone_prometheus.push_back(load_standalone_prometheus(stack, fs, host, &prefetched));
    }
    if (kind == "rules") load_rule_file(stack, fs, host, std::nullopt, &prefetched);
    note_bound();
  }
  return result;
}

}  // namespace stacklint
