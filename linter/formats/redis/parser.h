// redis.conf as redis-server 7 reads it (src/config.c loadServerConfigFromString): one directive per
// line, includes expanded in place, then the command line's `--name value` options, which win.
// Errors are recorded as ParseIssues (take_errors(), or RedisConfig::command_line_errors);
// reading never stops at the first one, but every configuration with an issue is one redis refuses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linter/model/redis_config.h"
#include "linter/source/include_resolver.h"

namespace stacklint::redis {

// The split of a redis-server command line (the arguments after `redis-server`).
struct CommandLine {
  std::optional<std::string> config_file;  // the first argument when it does not start with '-'
  std::vector<std::string> options;        // the rest
};
CommandLine split_command_line(const std::vector<std::string>& args);

// The text redis builds from the options (`--port 6380` -> "port \"6380\" "), one line each.
std::string options_text(const std::vector<std::string>& options);

struct Directive;         // linter/formats/redis/directives.h
struct DirectiveRelease;  // linter/formats/redis/directives.h

// Reads a configuration and its includes (through the resolver, relative to its working directory,
// globs as glob(3)) into a RedisConfig. An include cycle stops the includes with an error (redis
// would recurse until it crashes); nesting stops at 32 levels.
class Reader {
 public:
  // `cwd`: the server's working directory, for relative paths (the official image's /data; the
  // file's own directory for a file linted on its own). Paths given to the resolver are joined with it.
  Reader(RedisConfig& config, IncludeResolver& resolver, std::string cwd);
  // Reads a file (the main config file at `program_path`, origin "file"); includes are read in place.
  void read_file(const SourceFile& file, const std::string& program_path);
  // Reads the command line's options after the file; every location is `where`.
  void read_options(const std::vector<std::string>& options, const Location& where);
  // The checks redis makes once everything is read.
  void finish();
  // The errors found in the files read (the command line's are in RedisConfig::command_line_errors).
  std::vector<ParseIssue> take_errors() { return std::move(file_errors_); }

 private:
  struct LineContext;
  struct Line;  // one directive line: its arguments, where they are, how to report on them
  void read_text(std::string_view text, const LineContext& ctx);
  void read_line(std::string_view line, uint32_t offset, const LineContext& ctx);
  // One handler per directive type of the table (directives.h), and per directive redis handles
  // apart; each records the setting or an error.
  bool read_by_release(const Line& line, const DirectiveRelease& r);
  void read_table_directive(Line& line, const Directive& d);
  void set_boolean(const Line& line, const std::string& key);
  void set_string(const Line& line, const std::string& key);
  void set_enum(const Line& line, const std::string& key, const Directive& d);
  void set_integer(const Line& line, const std::string& key, const Directive& d);
  void set_special(const Line& line, const std::string& key);
  void set_save(const Line& line, const std::string& key);
  void set_dir(const Line& line, const std::string& key);
  void set_bind(const Line& line, const std::string& key);
  void set_replicaof(const Line& line, const std::string& key);
  void set_client_output_buffer_limit(const Line& line, const std::string& key);
  void set_oom_score_adj_values(const Line& line, const std::string& key);
  void set_notify_keyspace_events(const Line& line, const std::string& key);
  void read_other_directive(const Line& line);
  void rename_command(const Line& line);
  void put(const Line& line, const std::string& key, SettingValue value, const std::string& unit = "");
  void include(const std::string& path, const Location& where, const LineContext& ctx);
  void read_included(const SourceFile& file, const std::string& program_path, const Location& where,
                     const LineContext& ctx);
  [[nodiscard]] std::string absolute(const std::string& p) const;  // against cwd_

  RedisConfig& config_;
  IncludeResolver& resolver_;
  std::string cwd_;  // the server's working directory, then what `dir` says
  std::vector<ParseIssue> file_errors_;
  std::vector<std::string> chain_;  // program paths of the files being read (include chain)
  bool includes_stopped_ = false;   // after a cycle: redis would have crashed
  int depth_ = 0;
  // redis's `reading_config_file`: cleared when an included file ends, so that every later `save`
  // replaces the save points instead of adding to them (redis 7.0 behaviour).
  bool reading_ = true;
  std::vector<std::string> commands_;  // the command table, as rename-command changes it
  std::optional<Location> cluster_enabled_;
};

// A whole parse for tests and the fuzzer: `text` as the main file /data/redis.conf of `resolver`
// (an empty MemoryIncludeResolver when none: no include resolves).
struct ParsedRedis {
  std::shared_ptr<RedisConfig> config;
  std::vector<ParseIssue> errors;                        // the files'
  [[nodiscard]] std::vector<ParseIssue> issues() const;  // the files' errors, then the command line's
};
ParsedRedis parse_redis_string(const std::string& text, const std::vector<std::string>& options = {},
                               IncludeResolver* resolver = nullptr);

}  // namespace stacklint::redis
