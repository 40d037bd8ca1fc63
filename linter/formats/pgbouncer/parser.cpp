#include "linter/formats/pgbouncer/parser.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "linter/formats/pgbouncer/entries.h"
#include "linter/formats/pgbouncer/params.h"
#include "linter/source/suggest.h"

namespace stacklint::pgbouncer {

namespace {

constexpr int kMaxInclude = 10;  // MAX_INCLUDE in cfparser.c
// Expansions per parse: pgbouncer has no such cap, but a file including itself 1,000 times on each
// of 10 levels must not hang stacklint.
constexpr int kMaxExpansions = 1000;

// isspace / isblank / isalnum of the C locale.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-' || c == '*';
}

enum class Section : uint8_t { none, invalid, pgbouncer, databases, users, peers };

class IniReader {
 public:
  IniReader(const Options& options, PgBouncerConfig& config) : options_(options), config_(config) {}

  void read(const SourceFile& file, int level);
  void finish(const SourceFile& main) {
    if (!got_main_) {
      error("main section missing from config file: pgbouncer needs a [pgbouncer] section",
            Location::whole_file(main.path()));
      return;
    }
    tls_checks(main);
  }

 private:
  void error(std::string message, Location at) {
    config_.errors.push_back(ParseIssue{.message = std::move(message), .location = at, .related = {}});
  }
  // The TLS setup pgbouncer does right after loading (sbuf_tls_setup): FATAL TLS setup failed.
  void tls_checks(const SourceFile& main) {
    const auto at = [&](const char* name) {
      const Location l = config_.location_of(name);
      return l.valid() ? l : Location::whole_file(main.path());
    };
    const std::string mode = config_.text("client_tls_sslmode");
    if (mode != "disable" &&
        (config_.text("client_tls_key_file").empty() || config_.text("client_tls_cert_file").empty())) {
      error("client_tls_sslmode = " + mode +
                " needs client_tls_key_file and client_tls_cert_file: pgbouncer stops "
                "with \"TLS setup failed\"",
            at("client_tls_sslmode"));
    } else if (config_.text("auth_type") == "cert" && mode != "verify-full") {
      error("auth_type = cert requires client_tls_sslmode = verify-full: pgbouncer stops with \"TLS setup failed\"",
            at("auth_type"));
    }
  }
  size_t include(const SourceFile& file, std::string_view t, size_t p, int level);
  size_t section(const SourceFile& file, std::string_view t, size_t p);
  size_t key_value(const SourceFile& file, std::string_view t, size_t p);
  void setting(const SourceFile& file, std::string_view key, size_t key_at, std::string_view value, size_t value_at);

  const Options& options_;
  PgBouncerConfig& config_;
  Section section_ = Section::none;
  bool got_main_ = false;
  int expansions_ = 0;
  std::vector<std::shared_ptr<const SourceFile>> keep_;  // included sources stay alive while read
};

void IniReader::read(const SourceFile& file, int level) {
  // pgbouncer reads the file as a C string: a NUL byte ends it.
  std::string_view t = file.text();
  t = t.substr(0, t.find('\0'));
  size_t p = 0;
  while (p < t.size()) {
    while (p < t.size() && is_space(t[p])) ++p;
    if (p >= t.size()) break;
    if (t.substr(p, 8) == "%include" && p + 8 < t.size() && is_blank(t[p + 8])) {
      p = include(file, t, p, level);
    } else if (t[p] == '#' || t[p] == ';') {
      while (p < t.size() && t[p] != '\n') ++p;
    } else if (t[p] == '[') {
      p = section(file, t, p);
    } else {
      p = key_value(file, t, p);
    }
  }
}

size_t IniReader::include(const SourceFile& file, std::string_view t, size_t p, int level) {
  const size_t start = p;
  p += 8;
  while (p < t.size() && is_blank(t[p])) ++p;
  const size_t val = p;
  while (p < t.size() && t[p] != '\n') ++p;
  size_t vlen = p - val;
  while (vlen > 0 && is_space(t[val + vlen - 1])) --vlen;
  const std::string target(t.substr(val, vlen));
  const Location at = file.span(static_cast<uint32_t>(start), static_cast<uint32_t>(val + vlen));
  if (level >= kMaxInclude) {
    error("include nesting level too deep (more than " + std::to_string(kMaxInclude) + " levels) at %include " + target,
          at);
    return p;
  }
  if (++expansions_ > kMaxExpansions) {
    if (expansions_ == kMaxExpansions + 1) {
      error("more than " + std::to_string(kMaxExpansions) + " %include expansions: stacklint stops expanding here", at);
    }
    return p;
  }
  OpenResult r;
  if (options_.resolver != nullptr) {
    r = options_.resolver->open(options_.resolver->absolute(target),
                                Reference{.directive = "%include", .written = target, .location = at});
  }
  if (r.status == OpenStatus::not_found || r.status == OpenStatus::is_directory || options_.resolver == nullptr) {
    error("could not load file \"" + target +
              "\" named by %include (pgbouncer opens it relative to its working "
              "directory)",
          at);
    return p;
  }
  if (r.status != OpenStatus::found || !r.source) return p;  // unknown to stacklint, or refused (recorded)
  const SourcePtr inc = r.source;
  keep_.push_back(inc);
  config_.files.push_back(inc->path());
  read(*inc, level + 1);
  return p;
}

size_t IniReader::section(const SourceFile& file, std::string_view t, size_t p) {
  const size_t open = p;
  const size_t name = ++p;
  while (p < t.size() && t[p] != ']' && t[p] != '\n') ++p;
  if (p >= t.size() || t[p] != ']') {
    error("syntax error: section header without its closing ']'",
          file.span(static_cast<uint32_t>(open), static_cast<uint32_t>(p)));
    return p;
  }
  const std::string_view sect(t.data() + name, p - name);
  const Location at = file.span(static_cast<uint32_t>(open), static_cast<uint32_t>(p + 1));
  if (sect == "pgbouncer") {
    section_ = Section::pgbouncer;
    got_main_ = true;
    // fill_defaults: entering [pgbouncer] again sets every parameter with a default back to it.
    for (auto it = config_.settings.begin(); it != config_.settings.end();) {
      const Param* prm = find_param(it->first, options_.version);
      it = prm != nullptr && prm->default_value ? config_.settings.erase(it) : std::next(it);
    }
  } else if (sect == "databases") {
    section_ = Section::databases;
  } else if (sect == "users") {
    section_ = Section::users;
  } else if (sect == "peers" && options_.version.at_least(1, 19)) {
    section_ = Section::peers;
  } else {
    // pgbouncer stops at the invalid section: its lines are not read, so none is an error of its
    // own (rw34 toan-kimei: each was "value without section").
    section_ = Section::invalid;
    std::string msg = "invalid section \"" + std::string(sect) + "\": pgbouncer " + options_.version.text() +
                      " knows [databases], [users], [pgbouncer]";
    msg += options_.version.at_least(1, 19) ? " and [peers]" : "";
    error(std::move(msg), at);
  }
  return p + 1;  // what follows ']' on the same line is read as the next line
}

size_t IniReader::key_value(const SourceFile& file, std::string_view t, size_t p) {
  const size_t key_at = p;
  size_t key_end = p;
  bool quoted = false;
  if (t[p] == '\'' && options_.version.at_least(1, 25)) {  // quoted keys: 1.25+
    quoted = true;
    ++p;
    while (p < t.size() && t[p] != '\'') ++p;
    if (p >= t.size() || p == key_at + 1) {
      error("syntax error: unterminated or empty quoted key",
            file.span(static_cast<uint32_t>(key_at), static_cast<uint32_t>(p)));
      while (p < t.size() && t[p] != '\n') ++p;
      return p;
    }
    key_end = p++;
  } else {
    while (p < t.size() && is_key_char(t[p])) ++p;
    key_end = p;
  }
  while (p < t.size() && is_blank(t[p])) ++p;
  if (p >= t.size() || t[p] != '=') {
    size_t eol = p;
    while (eol < t.size() && t[eol] != '\n') ++eol;
    error("syntax error: expected `key = value`" +
              (key_end > key_at ? ", found text after \"" + std::string(t.substr(key_at, key_end - key_at)) + "\""
                                : std::string()),
          file.span(static_cast<uint32_t>(key_at), static_cast<uint32_t>(eol)));
    return eol;
  }
  ++p;
  while (p < t.size() && is_blank(t[p])) ++p;
  const size_t val = p;
  while (p < t.size() && t[p] != '\n') ++p;
  size_t vlen = p - val;
  while (vlen > 0 && is_space(t[val + vlen - 1])) --vlen;
  const size_t kb = quoted ? key_at + 1 : key_at;
  setting(file, std::string_view(t.data() + kb, key_end - kb), key_at, std::string_view(t.data() + val, vlen), val);
  return p;
}

// The [pgbouncer] value checks of cfparser.c's setters.
std::optional<std::string> check_value(const Param& prm, std::string_view value, const PgBouncerVersion& v,
                                       SettingValue& out) {
  const std::string s(value);
  switch (prm.type) {
    case ParamType::integer:
    case ParamType::unsigned_integer: {
      char* end = nullptr;
      errno = 0;
      const long long n = prm.type == ParamType::integer ? std::strtol(s.c_str(), &end, 0)
                                                         : static_cast<long long>(std::strtoul(s.c_str(), &end, 0));
      if (end == s.c_str() || *end != '\0') return std::string("an integer (no unit)");
      out = static_cast<int64_t>(n);
      return std::nullopt;
    }
    case ParamType::seconds: {
      char* end = nullptr;
      const double d = std::strtod(s.c_str(), &end);
      if (end == s.c_str() || *end != '\0' || d < 0) return std::string("a number of seconds (no unit)");
      out = d;
      return std::nullopt;
    }
    case ParamType::auth_type:
    case ParamType::pool_mode:
    case ParamType::sslmode: {
      if (!valid_lookup(prm.type, value, v)) return std::string("one of its documented values");
      std::string lower = s;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out = lower;
      return std::nullopt;
    }
    case ParamType::auth_dbname:
      if (v.at_least(1, 20) && value == "pgbouncer") return std::string("a database other than the reserved pgbouncer");
      out = s;
      return std::nullopt;
    case ParamType::string:
      out = s;
      return std::nullopt;
  }
  return std::nullopt;
}

void IniReader::setting(const SourceFile& file, std::string_view key, size_t key_at, std::string_view value,
                        size_t value_at) {
  const Location key_loc = file.span(static_cast<uint32_t>(key_at), static_cast<uint32_t>(key_at + key.size()));
  const Location val_loc = file.span(static_cast<uint32_t>(value_at), static_cast<uint32_t>(value_at + value.size()));
  const Location line_loc = file.span(static_cast<uint32_t>(key_at), static_cast<uint32_t>(value_at + value.size()));
  switch (section_) {
    case Section::none:
      error("value without section: \"" + std::string(key) + "\" comes before any [section]", key_loc);
      return;
    case Section::invalid:
      return;
    case Section::databases:
      read_database(std::string(key), key_loc, value, val_loc, line_loc, options_.version, config_);
      return;
    case Section::users:
      read_user(std::string(key), key_loc, value, val_loc, options_.version, config_);
      return;
    case Section::peers:
      read_peer(std::string(key), key_loc, value, val_loc, config_);
      return;
    case Section::pgbouncer:
      break;
  }
  const Param* prm = find_param(key, options_.version);
  if (prm == nullptr) {
    std::string msg = "unknown parameter: pgbouncer/" + std::string(key) + " (pgbouncer " + options_.version.text() +
                      " refuses to start)";
    std::vector<std::string> names;
    for (std::string_view n : param_names(options_.version)) names.emplace_back(n);
    if (auto guess = did_you_mean(key, names)) msg += "; did you mean \"" + *guess + "\"?";
    error(std::move(msg), key_loc);
    return;
  }
  SettingValue v;
  if (auto expected = check_value(*prm, value, options_.version, v)) {
    error("invalid value \"" + std::string(value) + "\" for parameter " + std::string(key) + ": expected " + *expected,
          val_loc);
    return;
  }
  Setting& s = config_.settings[std::string(key)];
  s.unit = prm->type == ParamType::seconds ? "seconds" : "";
  s.set(SettingEntry{
      .value = std::move(v), .raw = std::string(value), .location = line_loc, .origin = SettingOrigin::file});
}

}  // namespace

void parse(const SourceFile& file, const Options& options, PgBouncerConfig& config) {
  config.version = options.version;
  for (std::string_view name : param_names(options.version)) {
    const Param* p = find_param(name, options.version);
    if (p != nullptr && p->default_value) config.defaults[std::string(name)] = std::string(*p->default_value);
  }
  config.files.push_back(file.path());
  IniReader r(options, config);
  r.read(file, 0);
  r.finish(file);
}

PgBouncerConfig parse_string(std::string_view text, const Options& options, const std::string& path) {
  PgBouncerConfig config;
  const SourceFile file(path, std::string(text));
  parse(file, options, config);
  return config;
}

}  // namespace stacklint::pgbouncer
