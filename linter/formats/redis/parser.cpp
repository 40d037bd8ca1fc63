#include "linter/formats/redis/parser.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <utility>

#include "linter/formats/redis/directives.h"
#include "linter/formats/redis/lexer.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"

namespace stacklint::redis {

namespace {

constexpr int kMaxIncludeDepth = 32;
constexpr size_t kMaxBindAddresses = 16;  // CONFIG_BINDADDR_MAX

std::string join_values(const std::vector<Arg>& args, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out.push_back(' ');
    out += args[i].value;
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return ascii_lower(a) == ascii_lower(b);
}

std::string format_ull(uint64_t v, bool octal) {
  char buf[32];
  std::snprintf(buf, sizeof buf, octal ? "%llo" : "%llu", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

struct Reader::LineContext {
  const SourceFile* file = nullptr;  // nullptr for the command line
  Location where;                    // the command line's location
  SettingOrigin origin = SettingOrigin::file;
  std::vector<ParseIssue>* errors = nullptr;

  [[nodiscard]] Location at(uint32_t begin, uint32_t end) const {
    if (file == nullptr) return where;
    return file->span(begin, end);
  }
};

CommandLine split_command_line(const std::vector<std::string>& args) {
  CommandLine out;
  size_t j = 0;
  if (!args.empty() && (args[0].empty() || args[0][0] != '-')) {
    out.config_file = args[0];
    j = 1;
  }
  out.options.assign(args.begin() + static_cast<std::ptrdiff_t>(j), args.end());
  return out;
}

std::string options_text(const std::vector<std::string>& options) {
  std::string text;
  bool handled_last = true;
  const size_t n = options.size();
  for (size_t j = 0; j < n; ++j) {
    const std::string& a = options[j];
    const bool first_or_last = j == 0 || j + 1 == n;
    if (a == "-" && first_or_last) continue;  // "read the config from stdin": nothing to model
    if (handled_last && a.size() >= 2 && a[0] == '-' && a[1] == '-') {
      if (!text.empty()) text += "\n";
      text += a.substr(2);
      text += " ";
      const auto parts = split_args(a);
      if (parts && parts->size() == 1) {
        handled_last = false;
        const bool next_is_option =
            j + 1 < n && options[j + 1].size() >= 2 && options[j + 1][0] == '-' && options[j + 1][1] == '-';
        if (iequals(a, "--save") && (next_is_option || j + 1 == n)) {
          text += "\"\"";
          if (next_is_option) handled_last = true;
        } else if (iequals(a, "--sentinel") && next_is_option) {
          handled_last = true;
        }
      } else {
        handled_last = true;
      }
    } else {
      text += quote_arg(a);
      text += " ";
      handled_last = true;
    }
  }
  return text;
}

Reader::Reader(RedisConfig& config, IncludeResolver& resolver, std::string cwd)
    : config_(config), resolver_(resolver), cwd_(std::move(cwd)) {
  for (const auto c : command_names()) commands_.emplace_back(c);
}

std::string Reader::absolute(const std::string& p) const {
  return path::normalize(path::is_absolute(p) ? p : path::join(cwd_, p));
}

void Reader::read_file(const SourceFile& file, const std::string& program_path) {
  config_.files.push_back(file.path());
  reading_ = true;
  chain_ = {path::normalize(program_path)};
  const LineContext ctx{.file = &file, .origin = SettingOrigin::file, .errors = &file_errors_};
  read_text(file.text(), ctx);
  chain_.clear();
}

void Reader::read_included(const SourceFile& file, const std::string& program_path, const Location& where,
                           const LineContext& ctx) {
  if (std::find(chain_.begin(), chain_.end(), program_path) != chain_.end()) {
    ctx.errors->push_back(ParseIssue{
        .message = "include cycle: '" + program_path + "' includes itself: redis would recurse until it crashes",
        .location = where});
    includes_stopped_ = true;
    return;
  }
  if (depth_ >= kMaxIncludeDepth) {
    ctx.errors->push_back(ParseIssue{.message = "include nesting deeper than 32 levels (an include cycle?): redis "
                                                "would recurse until it crashes",
                                     .location = where});
    includes_stopped_ = true;
    return;
  }
  ++depth_;
  chain_.push_back(program_path);
  config_.files.push_back(file.path());
  const LineContext sub{.file = &file, .origin = SettingOrigin::include, .errors = &file_errors_};
  reading_ = true;
  read_text(file.text(), sub);
  reading_ = false;  // loadServerConfigFromString's end clears the flag for the including file too
  chain_.pop_back();
  --depth_;
}

void Reader::read_options(const std::vector<std::string>& options, const Location& where) {
  const std::string text = options_text(options);
  const LineContext ctx{.where = where, .origin = SettingOrigin::command_line, .errors = &config_.command_line_errors};
  read_text(text, ctx);
}

void Reader::read_text(std::string_view text, const LineContext& ctx) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    size_t b = start;
    size_t e = end;
    auto trimmed = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (b < e && trimmed(text[b])) ++b;
    while (e > b && trimmed(text[e - 1])) --e;
    if (b < e && text[b] != '#') read_line(text.substr(b, e - b), static_cast<uint32_t>(b), ctx);
    if (end == text.size()) break;
    start = end + 1;
  }
}

struct Reader::Line {
  const LineContext& ctx;
  uint32_t offset = 0;
  std::vector<Arg> args;  // the directive's name, then its arguments
  std::string name;       // lower-case
  Location whole;         // name .. last argument
  std::vector<Arg> vals;  // a table directive's values (`save "900 1"` split again)

  [[nodiscard]] Location loc(const Arg& a) const { return ctx.at(offset + a.begin, offset + a.end); }
  [[nodiscard]] const Arg& first() const { return vals.empty() ? args[0] : vals[0]; }
  void error(std::string message, Location where) const {
    ctx.errors->push_back(ParseIssue{.message = std::move(message), .location = where});
  }
  // redis's "name 'values': reason" at the argument it is about.
  void value_error(const std::string& reason, const Arg& at) const {
    error(name + " '" + join_values(args, 1) + "': " + reason, loc(at));
  }
};

void Reader::put(const Line& line, const std::string& key, SettingValue value, const std::string& unit) {
  Setting& s = config_.settings[key];
  s.unit = unit;
  s.set(SettingEntry{
      .value = std::move(value), .raw = join_values(line.args, 1), .location = line.whole, .origin = line.ctx.origin});
}

void Reader::read_line(std::string_view text, uint32_t offset, const LineContext& ctx) {
  auto split = split_args(text);
  if (!split) {
    ctx.errors->push_back(ParseIssue{.message = "Unbalanced quotes in configuration line",
                                     .location = ctx.at(offset, offset + static_cast<uint32_t>(text.size()))});
    return;
  }
  if (split->empty()) return;
  Line line{.ctx = ctx, .offset = offset, .args = std::move(*split), .name = {}, .whole = {}, .vals = {}};
  line.name = ascii_lower(line.args[0].value);
  line.whole = ctx.at(offset + line.args.front().begin, offset + line.args.back().end);
  if (const DirectiveRelease* r = directive_release(line.name)) {
    if (!read_by_release(line, *r)) return;
  }
  if (const Directive* d = find_directive(line.name)) {
    read_table_directive(line, *d);
  } else {
    read_other_directive(line);
  }
}

// A directive not every modelled release reads: an error when the assumed release does not read
// it; read without checks when it does but 7.0's table does not model it. False when the line is done.
bool Reader::read_by_release(const Line& line, const DirectiveRelease& r) {
  const auto at_least = [&](int major, int minor) {
    return config_.major > major || (config_.major == major && config_.minor >= minor);
  };
  const std::vector<Arg>& args = line.args;
  const bool added = at_least(r.since_major, r.since_minor);
  if (!added || at_least(r.until_major, r.until_minor)) {
    const auto release = [](int major, int minor) { return std::to_string(major) + "." + std::to_string(minor); };
    line.error("Bad directive or wrong number of arguments: '" + args[0].value + "' (" +
                   (added ? "removed in Redis " + release(r.until_major, r.until_minor)
                          : "added in Redis " + release(r.since_major, r.since_minor)) +
                   "; Redis " + release(config_.major, config_.minor) + " rules" +
                   (config_.version_assumed ? "; pass --redis-version" : "") + ")",
               line.loc(args[0]));
    return false;
  }
  if (find_directive(line.name) == nullptr) {  // read by this release, not modelled: any value
    if (args.size() < 2) {
      line.error("Bad directive or wrong number of arguments: '" + args[0].value + "'", line.loc(args[0]));
    }
    return false;
  }
  return true;
}

void Reader::read_table_directive(Line& line, const Directive& d) {
  const std::string key(d.name);
  const bool multi = (d.flags & kMultiArg) != 0;
  const std::vector<Arg>& args = line.args;
  if (!multi && args.size() != 2) {
    line.error(line.name + ": wrong number of arguments (redis expects exactly one value)", line.loc(args[0]));
    return;
  }
  line.vals.assign(args.begin() + 1, args.end());
  if (multi && args.size() == 2 && !args[1].value.empty()) {  // `save "900 1"` is split again
    auto again = split_args(args[1].value);
    line.vals.clear();
    if (again) {
      for (auto& a : *again)
        line.vals.push_back(Arg{.value = std::move(a.value), .begin = args[1].begin, .end = args[1].end});
    }
  }
  switch (d.type) {
    case Type::boolean:
      set_boolean(line, key);
      return;
    case Type::string:
      set_string(line, key);
      return;
    case Type::enumeration:
      set_enum(line, key, d);
      return;
    case Type::integer:
      set_integer(line, key, d);
      return;
    case Type::special:
      set_special(line, key);
      return;
  }
}

void Reader::set_boolean(const Line& line, const std::string& key) {
  const std::string v = ascii_lower(line.first().value);
  if (v != "yes" && v != "no") {
    line.value_error("argument must be 'yes' or 'no'", line.first());
    return;
  }
  put(line, key, v == "yes");
}

namespace {

// Why redis refuses a string value, or "" when it takes it.
std::string string_refusal(const std::string& key, const std::string& v) {
  if (key == "dbfilename" && v.find_first_of("/\\") != std::string::npos) {
    return "dbfilename can't be a path, just a filename";
  }
  if (key == "appendfilename" || key == "appenddirname") {
    const std::string what = key == "appendfilename" ? "a filename" : "a dirname";
    if (v.empty()) return key + " can't be empty";
    if (v.find_first_of("/\\") != std::string::npos) return key + " can't be a path, just " + what;
  }
  if (key == "cluster-announce-hostname") {
    if (v.size() >= 256) return "Hostnames must be less than 256 characters";
    for (const char c : v) {
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
        return "Hostnames may only contain alphanumeric characters, hyphens or dots";
      }
    }
  }
  return {};
}

// An integer directive's value as redis parses it (memory units, percentages, octal, plain).
struct IntegerValue {
  bool ok = false;
  int64_t value = 0;
  bool percent = false;  // value is minus the percentage
};
IntegerValue parse_integer_value(const std::string& v, const Directive& d) {
  const bool memory = (d.flags & kMemory) != 0;
  const bool percent_ok = (d.flags & kPercent) != 0;
  const bool octal = (d.flags & kOctal) != 0;
  if (memory) {
    if (const auto m = parse_memory(v)) return {.ok = true, .value = static_cast<int64_t>(*m), .percent = false};
  }
  if (percent_ok && v.size() > 1 && v.back() == '%') {
    if (const auto p = parse_ll(std::string_view(v).substr(0, v.size() - 1)); p && *p >= 0) {
      return {.ok = true, .value = -*p, .percent = true};
    }
  }
  if (octal) {
    const auto r = c_strtoll(v, 8);
    if (!r.overflow && r.complete) return {.ok = true, .value = r.value, .percent = false};
  }
  if (!memory && !percent_ok && !octal) {
    if (const auto p = parse_ll(v)) return {.ok = true, .value = *p, .percent = false};
  }
  return {};
}

// Why an integer value is out of the directive's range, or "".
std::string range_refusal(const IntegerValue& iv, const Directive& d) {
  const bool octal = (d.flags & kOctal) != 0;
  const int64_t ll = iv.value;
  if ((d.flags & kUnsigned) != 0) {
    const auto ull = static_cast<uint64_t>(ll);
    if (ull > d.max || ull < static_cast<uint64_t>(d.min)) {
      return "argument must be between " + format_ull(static_cast<uint64_t>(d.min), octal) + " and " +
             format_ull(d.max, octal) + " inclusive";
    }
  } else if ((d.flags & kPercent) != 0 && ll < 0) {
    if (ll < d.min) return "percentage argument must be less or equal to " + std::to_string(-d.min);
  } else if (ll > static_cast<int64_t>(d.max) || ll < d.min) {
    return "argument must be between " + std::to_string(d.min) + " and " + std::to_string(static_cast<int64_t>(d.max)) +
           " inclusive";
  }
  return {};
}

}  // namespace

void Reader::set_string(const Line& line, const std::string& key) {
  const std::string& v = line.first().value;
  if (const std::string why = string_refusal(key, v); !why.empty()) {
    line.value_error(why, line.first());
    return;
  }
  put(line, key, v);
}

void Reader::set_enum(const Line& line, const std::string& key, const Directive& d) {
  const bool multi = (d.flags & kMultiArg) != 0;
  std::string joined;
  bool ok = !line.vals.empty() && (multi || line.vals.size() == 1);
  bool has_save = false;
  bool has_nosave = false;
  for (const auto& a : line.vals) {
    const std::string v = ascii_lower(a.value);
    if (std::find(d.values.begin(), d.values.end(), v) == d.values.end()) ok = false;
    has_save = has_save || v == "save";
    has_nosave = has_nosave || v == "nosave";
    if (!joined.empty()) joined.push_back(' ');
    joined += v;
  }
  if (!ok) {
    std::string list;
    for (const auto v : d.values) list += (list.empty() ? "" : ", ") + std::string(v);
    line.value_error("argument(s) must be one of the following: " + list, line.first());
    return;
  }
  if (has_save && has_nosave) {
    line.value_error("shutdown options SAVE and NOSAVE can't be used simultaneously", line.first());
    return;
  }
  put(line, key, joined);
}

void Reader::set_integer(const Line& line, const std::string& key, const Directive& d) {
  const bool memory = (d.flags & kMemory) != 0;
  const bool percent_ok = (d.flags & kPercent) != 0;
  const bool octal = (d.flags & kOctal) != 0;
  const IntegerValue iv = parse_integer_value(line.first().value, d);
  if (!iv.ok) {
    line.value_error(memory && percent_ok ? "argument must be a memory or percent value"
                     : memory             ? "argument must be a memory value"
                     : octal              ? "argument couldn't be parsed as an octal number"
                                          : "argument couldn't be parsed into an integer",
                     line.first());
    return;
  }
  if (const std::string why = range_refusal(iv, d); !why.empty()) {
    line.value_error(why, line.first());
    return;
  }
  if (iv.percent) {
    put(line, key, std::to_string(-iv.value) + "%");
  } else if ((d.flags & kUnsigned) != 0 && iv.value < 0) {  // above INT64_MAX: clamp for the model
    put(line, key, std::numeric_limits<int64_t>::max(), memory ? "bytes" : "");
  } else {
    put(line, key, iv.value, memory ? "bytes" : "");
  }
}

void Reader::set_special(const Line& line, const std::string& key) {
  using Handler = void (Reader::*)(const Line&, const std::string&);
  static const std::map<std::string_view, Handler> kHandlers = {
      {"save", &Reader::set_save},
      {"dir", &Reader::set_dir},
      {"bind", &Reader::set_bind},
      {"replicaof", &Reader::set_replicaof},
      {"client-output-buffer-limit", &Reader::set_client_output_buffer_limit},
      {"oom-score-adj-values", &Reader::set_oom_score_adj_values},
      {"notify-keyspace-events", &Reader::set_notify_keyspace_events},
  };
  if (const auto it = kHandlers.find(key); it != kHandlers.end()) {
    (this->*(it->second))(line, key);
    return;
  }
  // latency-tracking-info-percentiles and anything else special: kept as written.
  put(line, key, join_values(line.vals));
}

void Reader::set_save(const Line& line, const std::string& key) {
  const std::vector<Arg>& vals = line.vals;
  size_t n = vals.size();
  if (n == 1 && vals[0].value.empty()) {
    config_.save_points.clear();
    n = 0;
  }
  if (n % 2 != 0) {
    line.value_error("Invalid save parameters (pairs of seconds and changes expected)", line.first());
    return;
  }
  for (size_t j = 0; j < n; ++j) {
    const auto r = c_strtoll(vals[j].value, 10);
    if (!r.complete || (j % 2 == 0 && r.value < 1) || (j % 2 == 1 && r.value < 0)) {
      line.value_error("Invalid save parameters (seconds must be >= 1 and changes >= 0)", vals[j]);
      return;
    }
  }
  // Later save lines of the same file add points: the value grows by this line's points only
  // (rebuilding it from every point made 100k-line files quadratic in time and memory).
  const bool append = config_.save_set && reading_ && n > 0;
  if (!append) config_.save_points.clear();
  config_.save_set = true;
  std::string effective;
  if (append) {
    if (auto* prev = std::get_if<std::string>(&config_.settings[key].current.value)) effective = std::move(*prev);
  }
  for (size_t j = 0; j + 1 < n; j += 2) {
    const int64_t seconds = c_strtoll(vals[j].value, 10).value;
    // redis keeps `changes` in an int
    const auto changes = static_cast<int32_t>(static_cast<uint32_t>(c_strtoll(vals[j + 1].value, 10).value));
    config_.save_points.emplace_back(seconds, changes);
    if (!effective.empty()) effective.push_back(' ');
    effective += std::to_string(seconds) + " " + std::to_string(changes);
  }
  config_.save_location = line.whole;
  put(line, key, effective);
  // The line it added to keeps its own points as its value.
  if (Setting& setting = config_.settings[key]; append && !setting.overrides.empty())
    setting.overrides.back().value = setting.overrides.back().raw;
}

void Reader::set_dir(const Line& line, const std::string& key) {
  const Arg& first = line.first();
  const std::string target = absolute(first.value);
  std::optional<bool> exists;  // unknown when stacklint cannot see it
  if (first.value.empty()) {
    exists = false;
  } else {
    const OpenStatus listed = resolver_.list(target, Reference{}).status;  // a probe: nothing recorded
    if (listed == OpenStatus::found || listed == OpenStatus::not_found) exists = listed == OpenStatus::found;
  }
  if (exists.has_value() && !*exists) {
    line.value_error("No such file or directory (redis changes into `dir` while reading the config)", first);
    return;
  }
  cwd_ = target;
  put(line, key, target);
}

void Reader::set_bind(const Line& line, const std::string& key) {
  const std::vector<Arg>& vals = line.vals;
  if (vals.size() > kMaxBindAddresses) {
    line.value_error("Too many bind addresses specified.", line.first());
    return;
  }
  put(line, key, vals.size() == 1 && vals[0].value.empty() ? std::string() : join_values(vals));
}

void Reader::set_replicaof(const Line& line, const std::string& key) {
  const std::vector<Arg>& vals = line.vals;
  if (vals.size() != 2) {
    line.error(line.name + ": wrong number of arguments (replicaof HOST PORT, or replicaof no one)",
               line.loc(line.args[0]));
    return;
  }
  if (iequals(vals[0].value, "no") && iequals(vals[1].value, "one")) {
    put(line, key, std::string());
    return;
  }
  const auto r = c_strtoll(vals[1].value, 10);
  if (!r.complete || r.value < 0 || r.value > 65535) {
    line.value_error("Invalid master port", vals[1]);
    return;
  }
  put(line, key, vals[0].value + " " + std::to_string(r.value));
}

void Reader::set_client_output_buffer_limit(const Line& line, const std::string& key) {
  const std::vector<Arg>& vals = line.vals;
  if (vals.size() % 4 != 0) {
    line.value_error("Wrong number of arguments in buffer limit configuration.", line.first());
    return;
  }
  for (size_t j = 0; j < vals.size(); j += 4) {
    const std::string cls = ascii_lower(vals[j].value);
    if (cls != "normal" && cls != "slave" && cls != "replica" && cls != "pubsub") {
      line.value_error("Invalid client class specified in buffer limit configuration.", vals[j]);
      return;
    }
    const auto secs = c_strtoll(vals[j + 3].value, 10);
    if (!parse_memory(vals[j + 1].value) || !parse_memory(vals[j + 2].value) || !secs.complete ||
        static_cast<int32_t>(static_cast<uint32_t>(secs.value)) < 0) {
      line.value_error("Error in hard, soft or soft_seconds setting in buffer limit configuration.", vals[j + 1]);
      return;
    }
  }
  put(line, key, join_values(vals));
}

void Reader::set_oom_score_adj_values(const Line& line, const std::string& key) {
  if (line.vals.size() != 3) {
    line.error(line.name + ": wrong number of arguments (three values expected)", line.loc(line.args[0]));
    return;
  }
  for (const auto& a : line.vals) {
    const auto r = c_strtoll(a.value, 10);
    if (!r.complete || r.value < -2000 || r.value > 2000) {
      line.value_error("Invalid oom-score-adj-values, elements must be between -2000 and 2000.", a);
      return;
    }
  }
  put(line, key, join_values(line.vals));
}

void Reader::set_notify_keyspace_events(const Line& line, const std::string& key) {
  const Arg& first = line.first();
  if (first.value.find_first_not_of("Ag$lshzxeKEtmdn") != std::string::npos) {
    line.value_error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", first);
    return;
  }
  put(line, key, first.value);
}

// Directives outside the table: deprecated ones, include, rename-command, user, loadmodule, module
// configs, sentinel; anything else is a bad directive.
void Reader::read_other_directive(const Line& line) {
  const std::string& name = line.name;
  const std::vector<Arg>& args = line.args;
  const size_t argc = args.size();
  if ((name == "list-max-ziplist-entries" || name == "list-max-ziplist-value" || name == "lua-replicate-commands") &&
      argc == 2) {
    return;  // deprecated: accepted and ignored
  }
  if (name == "include" && argc == 2) {
    include(args[1].value, line.whole, line.ctx);
    return;
  }
  if (name == "rename-command" && argc == 3) {
    rename_command(line);
    return;
  }
  if ((name == "user" || name == "loadmodule") && argc >= 2) {
    std::vector<std::string> v;
    for (size_t i = 1; i < argc; ++i) v.push_back(args[i].value);
    (name == "user" ? config_.users : config_.modules).push_back({.value = std::move(v), .location = line.whole});
    return;
  }
  if (name.find('.') != std::string::npos) {
    if (argc < 2) line.error("Module config specified without value", line.loc(args[0]));
    return;  // a module's config: kept for the module
  }
  if (name == "sentinel") {
    if (argc != 1) line.error("sentinel directive while not in sentinel mode", line.loc(args[0]));
    return;
  }
  std::string message = "Bad directive or wrong number of arguments: '" + args[0].value + "'";
  if (!is_special_directive(name)) {
    const std::string hint = suggest_directive(name);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  }
  line.error(std::move(message), line.loc(args[0]));
}

void Reader::rename_command(const Line& line) {
  const std::vector<Arg>& args = line.args;
  const std::string from = ascii_lower(args[1].value);
  const auto it = std::find(commands_.begin(), commands_.end(), from);
  if (it == commands_.end()) {
    line.error("No such command in rename-command: '" + args[1].value + "'", line.loc(args[1]));
    return;
  }
  commands_.erase(it);
  if (!args[2].value.empty()) {
    const std::string to = ascii_lower(args[2].value);
    if (std::find(commands_.begin(), commands_.end(), to) != commands_.end()) {
      line.error("Target command name already exists: '" + args[2].value + "'", line.loc(args[2]));
      return;
    }
    commands_.push_back(to);
  }
  std::vector<std::string> v = {args[1].value, args[2].value};
  config_.renamed_commands.push_back({.value = std::move(v), .location = line.whole});
}

void Reader::include(const std::string& raw_path, const Location& where, const LineContext& ctx) {
  if (includes_stopped_) return;
  if (raw_path.empty()) {
    ctx.errors->push_back(
        ParseIssue{.message = "Fatal error, can't open config file '': No such file or directory", .location = where});
    return;
  }
  const Reference ref{.directive = "include", .written = raw_path, .location = where};
  if (!has_glob_meta(raw_path)) {
    const OpenResult f = resolver_.open(absolute(raw_path), ref);
    if (is_refusal(f.status)) return;  // recorded by the resolver; read as empty
    // fopen(3) of a directory succeeds and its first read fails: redis reads nothing from it and goes
    // on (an include whose bind-mount source is missing, which docker creates as a directory).
    if (f.status == OpenStatus::is_directory) return;
    if (f.status != OpenStatus::found) {
      ctx.errors->push_back(ParseIssue{.message = "Fatal error, can't open config file '" + raw_path +
                                                  "': No such file or directory (as the container sees " +
                                                  f.program_path + ")",
                                       .location = where});
      return;
    }
    read_included(*f.source, f.program_path, where, ctx);
    return;
  }
  // glob(3): every matching file in alphabetical order; no match is not an error; a directory reads
  // as empty.
  for (const std::string& m : glob(resolver_, absolute(raw_path), GlobStyle::posix, ref)) {
    if (includes_stopped_) return;
    const OpenResult f = resolver_.open(m, ref);
    if (f.status == OpenStatus::found) read_included(*f.source, f.program_path, where, ctx);
  }
}

void Reader::finish() {
  const Setting* cluster = config_.find("cluster-enabled");
  const Setting* replica = config_.find("replicaof");
  if (cluster != nullptr && replica != nullptr && std::get_if<bool>(&cluster->current.value) != nullptr &&
      std::get<bool>(cluster->current.value)) {
    const auto* host = std::get_if<std::string>(&replica->current.value);
    if (host != nullptr && !host->empty()) {
      ParseIssue issue{
          .message = "replicaof directive not allowed in cluster mode",
          .location = replica->current.location,
          .related = {Related{.message = "cluster mode enabled here", .location = cluster->current.location}}};
      config_.command_line_errors.push_back(std::move(issue));
    }
  }
}

std::vector<ParseIssue> ParsedRedis::issues() const {
  std::vector<ParseIssue> out = errors;
  if (config) out.insert(out.end(), config->command_line_errors.begin(), config->command_line_errors.end());
  return out;
}

ParsedRedis parse_redis_string(const std::string& text, const std::vector<std::string>& options,
                               IncludeResolver* resolver) {
  ParsedRedis out;
  out.config = std::make_shared<RedisConfig>();
  MemoryIncludeResolver none("/data");
  IncludeResolver& r = resolver != nullptr ? *resolver : none;
  const SourceFile main("redis.conf", text);
  Reader reader(*out.config, r, "/data");
  reader.read_file(main, "/data/redis.conf");
  if (!options.empty()) reader.read_options(options, Location::whole_file("command line"));
  reader.finish();
  out.errors = reader.take_errors();
  return out;
}

}  // namespace stacklint::redis
