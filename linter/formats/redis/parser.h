// redis.conf as redis-server 7 reads it (src/config.c loadServerConfigFromString): one directive per
// line, includes expanded in place, then the command line's `--name value` options, which win.
// Errors are recorded as ParseIssues (the file's StackFile, or RedisConfig::command_line_errors);
// reading never stops at the first one, but every configuration with an issue is one redis refuses.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint::redis {

// How the server's view of the file system maps to this machine. Paths given to the callbacks are
// absolute container paths (already joined with the server's working directory).
struct Loader {
  std::string cwd = "/data";  // the server's working directory (the official image's WORKDIR)
  // The file at a container path, registered as a StackFile of kind "redis"; nullptr when the
  // server could not open it.
  std::function<StackFile*(const std::string& container_path)> open;
  // Entry names of a container directory (sorted by bytes); empty when unknown or not a directory.
  std::function<std::vector<std::string>(const std::string& container_dir)> list;
  // Whether a container directory exists; nullopt when it cannot be known (not mounted).
  std::function<std::optional<bool>(const std::string& container_dir)> is_directory;
};

// A Loader over a Stack: `to_host` maps a container path to a path on this machine (nullopt when
// nothing is mounted there); files are loaded with load_stack_file(stack, fs, host, "redis").
Loader make_loader(Stack& stack, const FileSystem& fs,
                   std::function<std::optional<std::string>(const std::string&)> to_host, std::string cwd);

// The split of a redis-server command line (the arguments after `redis-server`).
struct CommandLine {
  std::optional<std::string> config_file;  // the first argument when it does not start with '-'
  std::vector<std::string> options;        // the rest
};
CommandLine split_command_line(const std::vector<std::string>& args);

// The text redis builds from the options (`--port 6380` -> "port \"6380\" "), one line each.
std::string options_text(const std::vector<std::string>& options);

class Reader {
 public:
  Reader(RedisConfig& config, Loader loader);
  // Reads a file (the main config file, origin "file"); includes are read in place.
  void read_file(StackFile& file);
  // Reads the command line's options after the file; every location is `where`.
  void read_options(const std::vector<std::string>& options, const Location& where);
  // The checks redis makes once everything is read.
  void finish();

 private:
  struct LineContext;
  void read_text(std::string_view text, const LineContext& ctx);
  void read_line(std::string_view line, uint32_t offset, const LineContext& ctx);
  void include(const std::string& path, const Location& where, const LineContext& ctx);
  void read_included(StackFile& file, const Location& where, const LineContext& ctx);
  std::string absolute(const std::string& p) const;

  RedisConfig& config_;
  Loader loader_;
  int depth_ = 0;
  // redis's `reading_config_file`: cleared when an included file ends, so that every later `save`
  // replaces the save points instead of adding to them (redis 7.0 behaviour).
  bool reading_ = true;
  std::vector<std::string> commands_;  // the command table, as rename-command changes it
  std::optional<Location> cluster_enabled_;
};

// A whole parse for tests and the fuzzer: `text` as the main file at container path `path` of an
// in-memory stack (no includes resolve unless `fs` has them).
struct ParsedRedis {
  Stack stack;
  std::shared_ptr<RedisConfig> config;
  [[nodiscard]] std::vector<ParseIssue> issues() const;  // every file's errors, then the command line's
};
ParsedRedis parse_redis_string(const std::string& text, const std::vector<std::string>& options = {});

}  // namespace stacklint::redis
