#include "linter/stack/assemble.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "linter/formats/compose/compose.h"
#include "linter/formats/compose/dotenv.h"
#include "linter/model/am_config.h"
#include "linter/model/container_path.h"
#include "linter/model/secrets.h"
#include "linter/stack/bind_monitoring.h"
#include "linter/stack/bind_pgbouncer.h"
#include "linter/stack/bind_postgres.h"
#include "linter/stack/bind_prometheus.h"
#include "linter/stack/bind_redis.h"
#include "linter/stack/compose.h"
#include "linter/stack/connections.h"
#include "linter/stack/container.h"
#include "linter/stack/declared_metrics.h"
#include "linter/stack/evidence.h"
#include "linter/stack/purpose.h"
#include "linter/stack/topology.h"
#include "linter/stack/tree.h"
#include "linter/yaml/yaml.h"

namespace stacklint {

namespace {

// The recursive directory walk of discovery: every directory once (by device and inode, so
// symlinks to `.` end), depth-limited; entries stacklint refuses are kept for a finding.
struct Walk {
  const FileSystem& fs;
  std::vector<std::string>& out;
  std::vector<std::pair<std::string, OpenStatus>>& refused;
  std::set<std::pair<uint64_t, uint64_t>> visited;
  const std::vector<std::string>* exclude = nullptr;  // stack roots of their own

  void run(const std::string& dir, int depth) {
    if (depth > 32) return;
    const FileInfo self = fs.stat(dir);
    if (!visited.emplace(self.device, self.inode).second) return;
    for (const ListedEntry& entry : fs.list_entries(dir)) {
      const std::string& name = entry.name;
      if (name == ".git") continue;
      const std::string p = path::join(dir, name);
      if (entry.type == FileType::regular) {  // what stat would say: found, regular
        out.push_back(p);
        continue;
      }
      const FileInfo info = fs.stat(p);
      if (info.status == OpenStatus::found && info.type == FileType::directory) {
        const bool other_stack =
            exclude != nullptr && std::find(exclude->begin(), exclude->end(), path::normalize(p)) != exclude->end();
        if (!skipped_directory(name) && !other_stack) run(p, depth + 1);
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

FileKind detect_kind(const std::string& p, const std::optional<std::string>& content) {
  return kind_by_name_or_content(p, content).kind;
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
  [[nodiscard]] std::vector<ListedEntry> list_entries(const std::string& path) const override {
    return fs_.list_entries(path);
  }
  [[nodiscard]] std::shared_ptr<const FileSystem> detached() const override { return fs_.detached(); }
  // The file system under the cache (its reads skip the kept texts).
  [[nodiscard]] const FileSystem& underlying() const { return fs_; }

 private:
  const FileSystem& fs_;
  mutable std::unordered_map<std::string, std::string> kept_;
};

}  // namespace

namespace {

// A file found by discovery or given on the command line, with its kind by name and content.
struct Candidate {
  std::string host;
  KindGuess guess;
  bool forced = false;      // --kind, or a file given on the command line: linted as its kind says
  std::string template_of;  // why it is a template something renders first ("" when none: see template_reason)
};

// A `${NAME}` in a file whose program never expands one: pgbouncer, redis and postgres read it
// as written, so such a file is a template a script renders (envsubst, an entrypoint's heredoc).
bool has_placeholder(FileKind kind, const std::string& text) {
  if (kind != FileKind::pgbouncer && kind != FileKind::redis && kind != FileKind::postgres &&
      kind != FileKind::pg_hba) {
    return false;
  }
  for (size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
    size_t end = at + 2;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) ++end;
    if (end > at + 2 && end < text.size() && text[end] == '}') return true;
  }
  return false;
}

// Whether a file holds Jinja statements (`{% for t in targets %}`, `{%- if ... %}`): an Ansible or
// other Jinja template that no program reads as it is (rw29 ironicbadger/infra's prometheus.yml).
bool has_jinja_statement(const std::string& text) {
  static constexpr std::array<std::string_view, 11> kWords = {"for", "endfor", "if",    "endif", "elif",   "else",
                                                              "set", "raw",    "macro", "block", "include"};
  for (size_t at = text.find("{%"); at != std::string::npos; at = text.find("{%", at + 2)) {
    size_t b = at + 2;
    if (b < text.size() && (text[b] == '-' || text[b] == '+')) ++b;
    while (b < text.size() && text[b] == ' ') ++b;
    size_t e = b;
    while (e < text.size() && text[e] >= 'a' && text[e] <= 'z') ++e;
    const std::string_view word(text.data() + b, e - b);
    if (std::find(kWords.begin(), kWords.end(), word) != kWords.end() && text.find("%}", e) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// The shell scripts of each directory, read on demand: one that runs sed or envsubst on a file's
// name renders that file when its container starts.
class Scripts {
 public:
  Scripts(const ReadOnceCache& fs, const std::vector<std::string>& files) : fs_(fs) {
    for (const std::string& f : files) {
      if (f.size() > 3 && f.compare(f.size() - 3, 3, ".sh") == 0) by_dir_[path::dirname(f)].push_back(f);
    }
  }
  [[nodiscard]] bool renders(const std::string& file) const {
    const auto it = by_dir_.find(path::dirname(file));
    if (it == by_dir_.end()) return false;
    const std::string name = path::basename(file);
    for (const std::string& script : it->second) {
      const std::string& text = text_of(script);
      if (text.find(name) == std::string::npos) continue;
      if (text.find("sed ") != std::string::npos || text.find("envsubst") != std::string::npos) return true;
    }
    return false;
  }

 private:
  const std::string& text_of(const std::string& script) const {
    auto [it, added] = text_.try_emplace(script);
    if (added) {
      FileRead read = fs_.read_file(script, kMaxFileBytes);
      if (read.status == OpenStatus::found) it->second = std::move(read.text);
    }
    return it->second;
  }

  const ReadOnceCache& fs_;
  std::map<std::string, std::vector<std::string>> by_dir_;
  mutable std::map<std::string, std::string> text_;
};

// Why a file of a linted kind is a template ("" when it is none).
std::string template_reason(const Scripts& scripts, const std::string& file, FileKind kind,
                            const std::optional<std::string>& content) {
  if (!is_linted_kind(kind) || kind == FileKind::compose) return "";
  if (content && has_placeholder(kind, *content)) {
    return "a template: its ${...} placeholders are filled in by a script before " + std::string(to_string(kind)) +
           " reads it (nothing mounts it as it is)";
  }
  if (content && has_jinja_statement(*content)) {
    return "a template: Jinja statements ({% ... %}) are rendered before " + std::string(to_string(kind)) + " reads it";
  }
  if (scripts.renders(file)) {
    return "a template: a script beside it rewrites it (sed or envsubst) when its container starts";
  }
  return "";
}

void skip_file(Stack& stack, const std::string& host, FileKind kind, std::string reason, std::string reader = "") {
  stack.skipped_files.push_back(SkippedFile{
      .path = stack_relative(stack, host), .kind = kind, .reason = std::move(reason), .reader = std::move(reader)});
}

// Discovery reads every YAML-named file and looks at its content to tell its kind: a repository of
// a thousand rule files spends most of its start on that. This thread and a helper both read and
// sniff files (kind_by_name_or_content), in index order, at most kWindow files ahead of the one
// this thread uses (no more than that many texts wait in memory); each file is done once, by
// whichever thread claims it first, and used in order.
class Sniffer {
 public:
  static constexpr size_t kWindow = 16;
  static constexpr size_t kMinFiles = 64;  // fewer: a thread costs more than it saves

  struct Sniffed {
    OpenStatus status = OpenStatus::not_found;
    std::optional<std::string> content;  // the text when found
    KindGuess guess;
  };

  Sniffer(const ReadOnceCache& fs, const std::vector<std::string>& files, std::vector<bool> wanted)
      : fs_(fs), files_(files), wanted_(std::move(wanted)), done_(files.size()), state_(files.size()) {
    if (fs.underlying().concurrent_reads() && files.size() >= kMinFiles && std::thread::hardware_concurrency() > 1) {
      helper_ = std::thread([this] { help(); });
    }
  }
  Sniffer(const Sniffer&) = delete;
  Sniffer& operator=(const Sniffer&) = delete;
  Sniffer(Sniffer&&) = delete;
  Sniffer& operator=(Sniffer&&) = delete;
  ~Sniffer() {
    stop_.store(true);
    consumed_.store(files_.size());
    consumed_.notify_all();
    if (helper_.joinable()) helper_.join();
  }

  // File i's read and kind (i wanted, in increasing order, each once).
  Sniffed take(size_t i) {
    while (state_[i].load() != kDone) {
      // Files up to i not yet claimed are claimed here; while the helper does i, the next ones.
      size_t j = next_.load();
      if (j < files_.size() && j < i + kWindow) {
        if (next_.compare_exchange_weak(j, j + 1)) sniff(j, fs_);
        continue;
      }
      for (uint8_t s = state_[i].load(); s != kDone; s = state_[i].load()) state_[i].wait(s);
    }
    consumed_.store(i + 1);
    consumed_.notify_all();
    return std::move(done_[i]);
  }

 private:
  static constexpr uint8_t kDone = 1;  // state_ of a file sniffed (0 until then)

  void sniff(size_t j, const FileSystem& fs) {
    if (wanted_[j]) {
      FileRead read = fs.read_file(files_[j], kMaxFileBytes);
      Sniffed& out = done_[j];
      out.status = read.status;
      if (read.status == OpenStatus::found) out.content = std::move(read.text);
      out.guess = kind_by_name_or_content(files_[j], out.content);
    }
    state_[j].store(kDone);
    state_[j].notify_all();
  }

  void help() {
    while (!stop_.load()) {
      size_t j = next_.load();
      if (j >= files_.size()) return;
      const size_t c = consumed_.load();
      if (j >= c + kWindow) {
        consumed_.wait(c);
        continue;
      }
      // The cache's kept texts are this thread's: the helper reads the disk.
      if (next_.compare_exchange_weak(j, j + 1)) sniff(j, fs_.underlying());
    }
  }

  const ReadOnceCache& fs_;
  const std::vector<std::string>& files_;
  const std::vector<bool> wanted_;
  std::vector<Sniffed> done_;
  std::vector<std::atomic<uint8_t>> state_;
  std::atomic<size_t> next_{0};      // the first file no thread has claimed
  std::atomic<size_t> consumed_{0};  // files [0, consumed_) are taken
  std::atomic<bool> stop_{false};
  std::thread helper_;
};

// Candidates of a directory: every file whose name or content may tell a kind.
void discover(const ReadOnceCache& fs, Stack& stack, const StackRequest& req, const std::string& dir,
              std::vector<Candidate>& out) {
  std::vector<std::string> files;
  std::vector<std::pair<std::string, OpenStatus>> refused;
  Walk{.fs = fs, .out = files, .refused = refused, .visited = {}, .exclude = &req.exclude_dirs}.run(dir, 0);
  for (const auto& [f, status] : refused) refuse_discovered(stack, f, status);
  const Scripts scripts(fs, files);
  std::vector<bool> yaml_named(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    yaml_named[i] = req.kinds.count(files[i]) == 0 && may_be_yaml_name(path::basename(files[i]));
  }
  Sniffer sniffer(fs, files, yaml_named);
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    if (const auto forced = req.kinds.find(f); forced != req.kinds.end()) {
      out.push_back(Candidate{.host = f, .guess = {.kind = forced->second, .evidence = "--kind"}, .forced = true});
      continue;
    }
    std::optional<std::string> content;
    KindGuess guess;
    if (yaml_named[i]) {
      Sniffer::Sniffed sniffed = sniffer.take(i);
      if (is_refusal(sniffed.status)) refuse_discovered(stack, f, sniffed.status);
      content = std::move(sniffed.content);
      guess = std::move(sniffed.guess);
    } else {
      guess = kind_by_name_or_content(f, content);
    }
    if (guess.kind == FileKind::none && !content) continue;  // not YAML, no telling name: not a candidate
    if (!content && (guess.kind == FileKind::pgbouncer || guess.kind == FileKind::redis ||
                     guess.kind == FileKind::postgres || guess.kind == FileKind::pg_hba)) {
      FileRead read = fs.read_file(f, kMaxFileBytes);
      if (read.status == OpenStatus::found) content = std::move(read.text);
      if (content) guess = agree_with_content(std::move(guess), *content);
    }
    std::string template_of = template_reason(scripts, f, guess.kind, content);
    if (content && is_linted_kind(guess.kind) && guess.kind != FileKind::compose) fs.keep(f, std::move(*content));
    out.push_back(
        Candidate{.host = f, .guess = std::move(guess), .forced = false, .template_of = std::move(template_of)});
  }
}

// What to do with a candidate no service bound: lint it on its own (returns its kind), or record
// why not (returns none).
FileKind standalone_kind(Stack& stack, const Candidate& c) {
  if (c.forced) return c.guess.kind;
  // Named by a service's program and left unparsed for a reason already given (a 1.x rule file).
  if (stack.is_skipped(stack_relative(stack, c.host))) return FileKind::none;
  // Another stack's compose file is that stack's to lint, even where a service of this one mounts
  // its directory (`.:/app`): compose reads it, not the program it is mounted into.
  if (c.guess.kind == FileKind::compose) {
    skip_file(stack, c.host, c.guess.kind,
              "a compose file of another stack (`stacklint model -f FILE` describes that stack)");
    return FileKind::none;
  }
  if (const auto reader = reader_of(stack, c.host)) {
    skip_file(stack, c.host, reader->kind, reader->reason, reader->service->name);
    return FileKind::none;
  }
  const FileKind kind = c.guess.kind;
  if (kind == FileKind::rules && c.template_of.empty()) {
    if (const auto reader = sibling_reader_of(stack, c.host)) {
      skip_file(stack, c.host, kind, reader->reason, reader->service->name);
      return FileKind::none;
    }
  }
  // Alertmanager reads one --config.file: beside the one a service of the stack reads, another
  // Alertmanager config is an alternative the user may switch to (an email, a Slack, a PagerDuty
  // variant), with its placeholders still to fill in.
  const auto reads_alertmanager_config = [](const Service& s) { return s.enabled && s.alertmanager != nullptr; };
  const auto live = std::find_if(stack.services.begin(), stack.services.end(), reads_alertmanager_config);
  if (kind == FileKind::alertmanager && c.template_of.empty() && live != stack.services.end()) {
    skip_file(stack, c.host, kind,
              "an alternative Alertmanager config: service " + live->name + " reads " + live->alertmanager->path +
                  " (Alertmanager reads one --config.file)");
    return FileKind::none;
  }
  // A stack whose compose file runs services but none that reads this Prometheus or Alertmanager
  // config: a draft, an old copy or another deployment's file (rw12: Samokoder's Kubernetes
  // Alertmanager config beside a compose stack without Alertmanager, 13 errors nothing runs). A
  // folder of configs without a compose file is still linted file by file.
  const bool runs_services =
      std::any_of(stack.services.begin(), stack.services.end(), [](const Service& s) { return s.enabled; });
  if ((kind == FileKind::alertmanager || kind == FileKind::prometheus) && c.template_of.empty() && runs_services) {
    skip_file(stack, c.host, kind,
              std::string(kind == FileKind::alertmanager ? "an Alertmanager" : "a Prometheus") +
                  " config no service of the stack reads (no mount or --config.file names it)");
    return FileKind::none;
  }
  // A pgbouncer.ini no service mounts, beside a pgbouncer the stack runs without it (edoburu's image configured by its
  // environment, rw242 Distributed-database-system): no pooler of the stack reads its settings, so
  // what pgbouncer would refuse in it stops nothing.
  if (kind == FileKind::pgbouncer && c.template_of.empty() && !where_mounted(stack, c.host, Role::pgbouncer)) {
    const auto pooler = std::find_if(stack.services.begin(), stack.services.end(),
                                     [](const Service& s) { return s.enabled && s.role == Role::pgbouncer; });
    if (pooler != stack.services.end()) {
      skip_file(stack, c.host, kind,
                "a pgbouncer config no service of the stack reads (service " + pooler->name +
                    " runs pgbouncer without it: no mount names it)");
      return FileKind::none;
    }
  }
  if (!c.template_of.empty()) {
    skip_file(stack, c.host, kind, c.template_of);
  } else if (!is_linted_kind(kind) && kind != FileKind::none) {
    const std::string name(to_string(kind));
    skip_file(
        stack, c.host, kind,
        "recognised as " + name + " by " + c.guess.evidence + "; stacklint does not check " + name + " files yet");
  } else if (kind == FileKind::none) {
    skip_file(stack, c.host, kind, c.guess.evidence);
  } else {
    return kind;
  }
  return FileKind::none;
}

// The stack root (the first directory given, else the directory of the first file) and what the
// request says of the host and the versions.
void init_stack(Stack& stack, const ReadOnceCache& fs, const StackRequest& req, const std::vector<std::string>& paths) {
  const std::string& first = req.compose_files.empty() ? paths.front() : req.compose_files.front();
  if (fs.is_directory(paths.front())) {
    stack.root = path::normalize(paths.front());
  } else {
    stack.root = path::dirname(path::normalize(first));
  }
  stack.default_prometheus_version = req.prometheus_version;
  stack.default_postgres_major = req.postgres_major;
  stack.default_redis_major = req.redis_major;
  stack.default_redis_minor = req.redis_minor;
  stack.enabled_features = req.enabled_features;
  if (req.host_memory) stack.host.memory = req.host_memory;
  if (req.reserve) {
    stack.host.reserve = req.reserve->value;
    stack.host.reserve_location = req.reserve->location;
  }
}

// Candidate files, with their kind by name and content: the files of each directory given, and the
// files given on the command line; what cannot be read or told is a usage error.
void gather_candidates(const ReadOnceCache& fs, Stack& stack, const StackRequest& req,
                       const std::vector<std::string>& paths, std::vector<std::string>& compose_files,
                       std::vector<Candidate>& candidates, std::vector<std::string>& usage_errors) {
  for (const std::string& arg : paths) {
    const std::string p = path::normalize(arg);
    const FileInfo info = fs.stat(p);
    if (info.status == OpenStatus::found && info.type == FileType::directory) {
      if (req.compose_files.empty()) {
        for (const auto& f : default_compose_files(fs, p)) compose_files.push_back(f);
      }
      discover(fs, stack, req, p, candidates);
      std::erase_if(candidates, [&](const Candidate& c) {
        return std::find(compose_files.begin(), compose_files.end(), path::normalize(c.host)) != compose_files.end();
      });
    } else if (info.status == OpenStatus::not_found) {
      usage_errors.push_back("cannot read '" + arg + "': no such file or directory");
    } else if (info.status != OpenStatus::found) {
      usage_errors.push_back("cannot read '" + arg + "': " + std::string(to_string(info.status)));
    } else {
      const auto content = fs.read(p);
      if (!content) {
        usage_errors.push_back("cannot read '" + arg + "'");
        continue;
      }
      const auto forced = req.kinds.find(p);
      const FileKind kind = forced != req.kinds.end() ? forced->second : detect_kind(p, content);
      if (kind == FileKind::compose) {
        if (req.compose_files.empty()) compose_files.push_back(p);
      } else if (is_linted_kind(kind)) {
        candidates.push_back(
            Candidate{.host = p, .guess = {.kind = kind, .evidence = "the command line"}, .forced = true});
      } else if (kind != FileKind::none) {
        usage_errors.push_back("'" + arg + "' is " + (kind == FileKind::alertmanager ? "an " : "a ") +
                               std::string(to_string(kind)) + " file, which stacklint does not check yet");
      } else {
        usage_errors.push_back("cannot tell what kind of file '" + arg +
                               "' is; name it like its program expects or use --kind FILE=KIND");
      }
    }
  }
  for (const std::string& f : req.compose_files) {
    if (!fs.read(f)) usage_errors.push_back("cannot read compose file '" + f + "'");
  }
}

// How a shell script uses the image, by what it names first: it starts the server (the image's
// entrypoint, `redis-server`, `exec postgres` anywhere), a client tool as a command word (`pg_dump`,
// `crond`, `redis-cli`) before any server word, a server word (`postgres`, which may also be a user
// name: `psql -U postgres` after `pg_isready` is a client), or none of them.
enum class ScriptUse : uint8_t { starts_server, tool, server_word, none };

constexpr std::array<std::string_view, 12> kClientTools = {"pg_dump", "pg_dumpall", "pg_basebackup", "pg_restore",
                                                           "psql",    "redis-cli",  "crond",         "cron",
                                                           "sleep",   "tail",       "pg_isready",    "redis-benchmark"};

bool is_client_tool(std::string_view word) {
  return std::find(kClientTools.begin(), kClientTools.end(), path::basename(std::string(word))) != kClientTools.end();
}

ScriptUse scan_script(std::string_view script) {
  if (script.find("docker-entrypoint") != std::string_view::npos ||
      script.find("redis-server") != std::string_view::npos || script.find("valkey-server") != std::string_view::npos ||
      script.find("exec postgres") != std::string_view::npos) {
    return ScriptUse::starts_server;
  }
  std::string word;
  bool server = false;
  for (size_t i = 0; i <= script.size(); ++i) {
    const char c = i < script.size() ? script[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '/' || c == '.') {
      word.push_back(c);
      continue;
    }
    if (is_client_tool(word)) return ScriptUse::tool;
    const std::string base = path::basename(word);
    server = server || base == "postgres" || base == "keydb-server";
    word.clear();
  }
  return server ? ScriptUse::server_word : ScriptUse::none;
}

// The text of a script the container runs from a bind mount of the stack (`entrypoint: [bash,
// /scripts/backup.sh]` with ./scripts mounted at /scripts), when it can be read.
std::optional<std::string> mounted_script(const Stack& stack, const Service& svc, const FileSystem& fs,
                                          const std::string& container_path) {
  if (!path::is_absolute(container_path)) return std::nullopt;
  const std::optional<ResolvedPath> resolved = resolve_container_path(stack, svc, container_path);
  if (!resolved || resolved->mount == nullptr || !resolved->mount->bind) return std::nullopt;
  FileRead read = fs.read_file(resolved->host_path, 1 << 20);
  if (read.status != OpenStatus::found) return std::nullopt;
  return std::move(read.text);
}

// Whether the command of a postgres or redis image runs a client tool instead of the image's
// server: the official images' entrypoints start the server only for `postgres`/`redis-server` or a
// first argument that is an option, and exec anything else (a backup container: `sh -c "... crond
// -f"`, `pg_dump ...`, `redis-cli ...`). A shell script counts when it runs such a tool and never
// the entrypoint or the server; so does an entrypoint of the service's own that runs a script the
// stack mounts (`[bash, /scripts/backup.sh]`) which never starts the server (rw15 Staffora's backup
// sidecar). A script that cannot be read leaves the image's server.
// The role of a service whose image stacklint does not know (a project's own `acme-postgres:16`,
// built FROM postgres) by what its command runs: the server itself (rw20 pgpulse:
// `command: [postgres, -c, config_file=...]`). A shell or an entrypoint of its own says nothing.
Role role_by_command(const Service& svc) {
  if (svc.role != Role::app || !svc.command || svc.command->value.empty()) return svc.role;
  if (svc.entrypoint() && !svc.entrypoint()->value.empty()) return svc.role;
  const std::string program = path::basename(svc.command->value.front());
  if (program == "postgres") return Role::postgres;
  if (program == "redis-server" || program == "valkey-server") return Role::redis;
  return svc.role;
}

bool runs_client_tool(const Stack& stack, const Service& svc, const FileSystem& fs) {
  if (svc.role != Role::postgres && svc.role != Role::redis) return false;
  // What the container runs: the entrypoint (when set) then the command; the image's own
  // docker-entrypoint.sh passes the command on (rw11: `entrypoint: ["/bin/sh", "-c"]` + a pg_dump script).
  std::vector<std::string> args;
  if (svc.entrypoint()) args = svc.entrypoint()->value;
  if (svc.command) args.insert(args.end(), svc.command->value.begin(), svc.command->value.end());
  if (!args.empty() && path::basename(args.front()) == "docker-entrypoint.sh") args.erase(args.begin());
  if (args.empty()) return false;
  const std::string& program = path::basename(args.front());
  if (is_client_tool(program)) return true;
  const bool shell = program == "sh" || program == "bash" || program == "ash" || program == "dash";
  const bool own_entrypoint = svc.entrypoint() && !svc.entrypoint()->value.empty() &&
                              path::basename(svc.entrypoint()->value.front()) != "docker-entrypoint.sh";
  // The image's entrypoint replaced by a shell whose script never starts the server (it runs
  // /scripts/backup-postgres.sh): no server runs in the container (rw11 immo-guinee's backup jobs).
  const auto client = [&](ScriptUse use) {
    return use == ScriptUse::tool || (own_entrypoint && use == ScriptUse::none);
  };
  if (shell && args.size() >= 3 && args[1] == "-c") return client(scan_script(args[2]));
  if (!own_entrypoint) return false;
  // A script file: the entrypoint itself, or the first argument of a shell.
  std::string script = args.front();
  if (shell) {
    if (args.size() < 2 || args[1].starts_with("-")) return false;
    script = args[1];
  }
  const std::optional<std::string> text = mounted_script(stack, svc, fs, script);
  return text && client(scan_script(*text));
}

// Binds a service to the configuration its program reads, by its role.
void bind_service(Stack& stack, Service& svc, const FileSystem& fs) {
  switch (svc.role) {
    case Role::postgres:
      bind_postgres(stack, svc, fs);
      break;
    case Role::redis:
      bind_redis(stack, svc, fs);
      break;
    case Role::prometheus:
      bind_prometheus(stack, svc, fs);
      break;
    case Role::pgbouncer:
      bind_pgbouncer(stack, svc, fs);
      break;
    case Role::alertmanager:
      bind_alertmanager(stack, svc, fs);
      break;
    case Role::grafana:
      bind_grafana(stack, svc, fs);
      break;
    case Role::app:
    case Role::cadvisor:
    case Role::node_exporter:
    case Role::postgres_exporter:
    case Role::redis_exporter:
      break;  // reads no file stacklint models
  }
}

// Loads a file no service reads, on its own, as its kind says.
void load_standalone(Stack& stack, const FileSystem& fs, const std::string& host, FileKind kind,
                     RuleFilePrefetch& prefetched) {
  switch (kind) {
    case FileKind::postgres:
      stack.standalone_postgres.push_back(load_standalone_postgres(stack, fs, host));
      break;
    case FileKind::pg_hba:
      load_standalone_hba(stack, fs, host);
      break;
    case FileKind::redis:
      stack.standalone_redis.push_back(load_standalone_redis(stack, fs, host));
      break;
    case FileKind::prometheus:
      stack.standalone_prometheus.push_back(load_standalone_prometheus(stack, fs, host, &prefetched));
      break;
    case FileKind::rules: {
      // Group keys only vmalert knows (rw41 kmsjan's alerts.yml, `concurrency: 2`; the vmalert that
      // read it is commented out): vmalert's file, which Prometheus refuses. Not linted as Prometheus
      // rules; `stacklint model` says why.
      const auto it = prefetched.find(path::normalize(host));
      if (it != prefetched.end() && it->second.parsed.file && !it->second.parsed.file->vmalert_field.empty()) {
        skip_file(stack, host, FileKind::none,
                  "its content is a vmalert rule file (" + it->second.parsed.file->vmalert_field +
                      ":), not Prometheus rules");
        break;
      }
      load_rule_file(stack, fs, host, std::nullopt, &prefetched);
      break;
    }
    case FileKind::pgbouncer:
      if (auto c = load_standalone_pgbouncer(stack, fs, host)) stack.standalone_pgbouncer.push_back(std::move(c));
      break;
    case FileKind::alertmanager:
      if (auto c = load_standalone_alertmanager(stack, fs, host)) stack.standalone_alertmanager.push_back(std::move(c));
      break;
    case FileKind::none:
    case FileKind::compose:  // --kind FILE=compose of a discovered file: not one of this stack's
    case FileKind::env:
    case FileKind::grafana:
    case FileKind::grafana_datasources:
    case FileKind::file_sd:
      break;
  }
}

// The Alertmanager config read from a file: a service's, else a standalone one; null when none.
const AmConfig* alertmanager_of(const Stack& stack, const StackFile& file) {
  for (const Service& svc : stack.services) {
    if (svc.alertmanager && svc.alertmanager->path == file.path) return svc.alertmanager.get();
  }
  for (const auto& am : stack.standalone_alertmanager) {
    if (am && am->path == file.path) return am.get();
  }
  return nullptr;
}

// The directories above a stack's project directory up to the repository's top level (else the
// directory given), nearest first, written like the project directory: a repository's root
// `.env.example` serves the stacks in its subfolders.
std::vector<std::string> template_dirs(const std::string& project_dir, const std::string& top) {
  std::vector<std::string> out;
  if (top.empty()) return out;
  const std::string rel = path::relative_to(canonical_path(project_dir), canonical_path(top));
  if (rel == "." || path::is_absolute(rel) || rel.rfind("..", 0) == 0) return out;
  std::string up = path::normalize(project_dir);
  for (size_t levels = static_cast<size_t>(std::count(rel.begin(), rel.end(), '/')) + 1; levels > 0; --levels) {
    up += "/..";
    out.push_back(path::normalize(up));
  }
  return out;
}

}  // namespace

namespace {

// Why a check found nothing to lint in `dir`, naming a compose file in a directory discovery skips.
std::string no_stack_message(const FileSystem& fs, const std::string& dir) {
  std::string message = "no compose file or configuration file found in '" + dir + "'";
  // Discovery skips hidden directories, test data and retired copies: name what it passed over
  // (rw17 gatus keeps its stacks in `.examples/`, rw39 check_prometheus its only one in `testdata/`),
  // so the user can point at it.
  if (const std::vector<std::string> skipped = skipped_compose_files(fs, dir, 3); !skipped.empty()) {
    const std::string first = path::relative_to(skipped.front(), ".");
    const std::string below = path::relative_to(skipped.front(), dir);
    const std::string top = below.substr(0, below.find('/'));
    message += top.starts_with(".") ? "; hidden directories are not searched, and hold "
                                    : "; " + top + "/ is not searched, and holds ";
    message += first;
    if (skipped.size() > 1) message += " and more";
    message += " (name its directory: stacklint check " + path::dirname(first) + ")";
  } else if (const std::string source = generator_template_in(fs, dir); !source.empty()) {
    message += "; " + path::relative_to(source, ".") +
               " is the source a generator renders (its directives are no YAML compose reads): lint the file it "
               "writes";
  } else if (const std::string pieces = merged_pieces_directory(fs, dir, 3); !pieces.empty()) {
    // A generator's pieces (rw74 bitcart, rw65 btcpayserver): the compose file to lint is the one
    // it writes, which the repository does not hold.
    message += "; " + path::relative_to(pieces, ".") +
               "/ holds pieces of a compose file a generator merges, not compose files: lint the file it writes";
  }
  return message;
}

// The `_total` names the repository's code declares as gauges, read below the repository's top (or
// the stack root), once per top in a run that shares req.declared_gauges.
std::set<std::string> declared_gauges_of(const Stack& stack, const FileSystem& fs, const StackRequest& req) {
  const std::string top = path::normalize(
      stack.compose ? compose::repository_top(stack.compose->directories_above, stack.root) : stack.root);
  if (req.declared_gauges == nullptr) return find_declared_gauge_totals(fs, top);
  auto [it, added] = req.declared_gauges->try_emplace(top);
  if (added) it->second = find_declared_gauge_totals(fs, top);
  return it->second;
}

}  // namespace

StackLoad load_stack(const FileSystem& disk, const StackRequest& req) {
  const ReadOnceCache fs(disk);
  StackLoad result;
  Stack& stack = result.stack;
  std::vector<std::string> paths = req.paths;
  // `-f FILE` alone roots the stack at FILE's directory, as compose does.
  if (paths.empty())
    paths.push_back(req.compose_files.empty() ? "." : path::dirname(path::normalize(req.compose_files.front())));

  init_stack(stack, fs, req, paths);

  // Candidate files, with their kind by name and content.
  std::vector<std::string> compose_files = req.compose_files;
  std::vector<Candidate> candidates;
  gather_candidates(fs, stack, req, paths, compose_files, candidates, result.usage_errors);
  if (!result.usage_errors.empty()) return result;
  if (compose_files.empty() && std::none_of(candidates.begin(), candidates.end(), [](const Candidate& c) {
        return is_linted_kind(c.guess.kind) && c.guess.kind != FileKind::compose;
      })) {
    result.usage_errors.push_back(no_stack_message(fs, paths.front()));
    return result;
  }

  // The compose schema is checked on a second thread while the services are bound (a third of the
  // seed stack's run): its errors join the project's before anything reads them.
  std::vector<SchemaCheck> schema_checks;
  if (!compose_files.empty()) {
    ComposeOptions options{
        .files = compose_files,
        .env_files = req.env_files,
        .profiles = req.profiles,
        .environment = req.environment,
        .template_dirs = template_dirs(path::dirname(path::normalize(compose_files.front())),
                                       req.repository_root.empty() ? req.search_root : req.repository_root),
        .background_schema = true};
    schema_checks = load_compose(stack, fs, options);
    stack.surroundings =
        req.surroundings ? *req.surroundings
                         : surroundings_of(fs, path::dirname(path::normalize(compose_files.front())), compose_files);
    if (stack.compose && stack.compose->env_above) stack.surroundings.base_above = true;
  }
  for (Service& svc : stack.services) {
    svc.role = role_by_command(svc);
    if (runs_client_tool(stack, svc, fs)) svc.role = Role::app;
    if (const auto it = req.roles.find(svc.name); it != req.roles.end()) svc.role = it->second;
  }
  for (Service& svc : stack.services) bind_service(stack, svc, fs);
  bind_topology(stack);
  bind_alert_senders(stack);
  bind_connections(stack, fs);
  stack.purpose = judge_purpose(stack, fs, req.search_root, req.deployed);
  // Read for every stack: a deployed stack's placeholders and a quick start's fallback keys, in a
  // developer's stack too, are a template's blanks when the README asks for the reader's own.
  const std::vector<Readme> readmes = stack_readmes(stack, fs, req.search_root);
  stack.purpose.fill_in = readme_fill_in(readmes, &stack.purpose.fill_in_for_production);
  stack.purpose.readme_logins = readme_logins(readmes);
  stack.purpose.readme_edits = readme_edits(stack, readmes);
  stack.purpose.alerts_in_prometheus = readme_alerts_in_prometheus(readmes);

  // Files no service reads are checked on their own.
  std::set<std::string> bound;
  size_t seen_files = 0;  // stack.files only grows: add the new ones after each load
  const auto note_bound = [&] {
    for (; seen_files < stack.files.size(); ++seen_files) bound.insert(stack.files[seen_files].host_path);
  };
  note_bound();
  std::vector<std::pair<std::string, FileKind>> configs;  // (host path, kind) linted on their own
  for (const Candidate& c : candidates) {
    if (bound.count(path::normalize(c.host)) > 0) continue;
    if (const FileKind kind = standalone_kind(stack, c); kind != FileKind::none) configs.emplace_back(c.host, kind);
  }
  // Prometheus configs first, so the rule files they name are bound to them.
  std::stable_sort(configs.begin(), configs.end(), [](const auto& a, const auto& b) {
    return (a.second == FileKind::prometheus) > (b.second == FileKind::prometheus);
  });
  // Standalone rule files are the bulk of a large repository: parse them on every core first.
  std::vector<std::string> standalone_rules;
  for (const auto& [host, kind] : configs) {
    if (kind == FileKind::rules && bound.count(path::normalize(host)) == 0) standalone_rules.push_back(host);
  }
  RuleFilePrefetch prefetched = prefetch_rule_files(stack, fs, standalone_rules, std::thread::hardware_concurrency());
  const size_t first_standalone = stack.files.size();
  for (const auto& [host, kind] : configs) {
    if (bound.count(path::normalize(host)) > 0) continue;
    load_standalone(stack, fs, host, kind, prefetched);
    note_bound();
  }
  for (size_t i = first_standalone; i < stack.files.size(); ++i) stack.files[i].standalone = true;
  build_loaded_trees(stack);
  if (std::ranges::any_of(stack.rule_files, [](const auto& f) { return f && selects_unknown_total(*f); }))
    stack.declared_gauge_totals = declared_gauges_of(stack, fs, req);
  for (StackFile& f : stack.files) {
    if ((f.kind == FileKind::prometheus || f.kind == FileKind::alertmanager) && f.source)
      add_config_secrets(stack, *yaml::load(f.source), alertmanager_of(stack, f));
  }
  if (stack.compose) finish_schema_checks(*stack.compose, schema_checks);
  collect_secrets(stack);
  // The tables of a load of many files (a node or a string per file) are freed with the StackLoad,
  // not here: at 12,100 files, freeing them made malloc consolidate tens of thousands of freed
  // chunks at once (26 ms on one core), a cost that grows faster than the files (0.7 ms at 1,210),
  // and a check run keeps its loads to the end. A smaller load frees them now (1 MiB at 1,210 files).
  constexpr size_t kKeepTablesFiles = 4096;
  if (candidates.size() > kKeepTablesFiles) {
    struct Scratch {
      RuleFilePrefetch prefetched;
      std::vector<Candidate> candidates;
      std::set<std::string> bound;
      std::vector<std::pair<std::string, FileKind>> configs;
      std::vector<std::string> standalone_rules;
    };
    result.scratch = std::make_shared<Scratch>(Scratch{.prefetched = std::move(prefetched),
                                                       .candidates = std::move(candidates),
                                                       .bound = std::move(bound),
                                                       .configs = std::move(configs),
                                                       .standalone_rules = std::move(standalone_rules)});
  }
  return result;
}

}  // namespace stacklint
