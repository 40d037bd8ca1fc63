#include "linter/formats/postgres/parser.h"

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "linter/formats/postgres/hooks.h"
#include "linter/formats/postgres/lexer.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"

namespace stacklint::postgres {

namespace {

// One `name = value` line, in the order postgres collects them.
struct Item {
  std::string name;
  std::string value;
  Location name_location;
  Location value_location;
  Location location;  // name .. value
  SettingOrigin origin = SettingOrigin::file;
  bool ignore = false;
};

// The errors of a read, each once (a file included twice reports its errors once).
class Issues {
 public:
  void add(std::string message, Location location, std::vector<Related> related = {}) {
    if (!seen_.emplace(location.file, location.offset, location.end_offset, location.line, message).second) return;
    errors_.push_back(ParseIssue{.message = std::move(message), .location = location, .related = std::move(related)});
  }
  std::vector<ParseIssue> take() { return std::move(errors_); }

 private:
  std::set<std::tuple<std::string, uint32_t, uint32_t, uint32_t, std::string>> seen_;
  std::vector<ParseIssue> errors_;
};

bool all_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

class Reader {
 public:
  Reader(IncludeResolver* resolver, PgConfig& cfg) : resolver_(resolver), cfg_(cfg) {}

  // ParseConfigFile: `from` is the directive's file (nullptr for the main file), `ref` where it is.
  bool parse_file(const std::string& server_path, bool strict, const SourceFile* from, const Reference& ref,
                  int depth) {
    if (depth > kMaxIncludeDepth || std::find(open_.begin(), open_.end(), server_path) != open_.end()) {
      if (from != nullptr) {
        std::string message =
            "could not open configuration file \"" + server_path + "\": maximum nesting depth exceeded";
        if (depth <= kMaxIncludeDepth) message += " (it includes itself)";
        issues_.add(std::move(message), ref.location);
      }
      return false;
    }
    const OpenResult opened = resolver_->open(server_path, ref);
    if (is_refusal(opened.status)) return true;  // recorded by the resolver; read as empty
    if (opened.status != OpenStatus::found) {
      if (from == nullptr) return false;
      if (strict) {
        issues_.add("could not open configuration file \"" + server_path + "\": No such file or directory",
                    ref.location);
        return false;
      }
      return true;  // include_if_exists: "skipping missing configuration file"
    }
    if (from == nullptr) main_read_ = true;
    const SourceFile& file = *opened.source;
    if (std::find(cfg_.files.begin(), cfg_.files.end(), file.path()) == cfg_.files.end())
      cfg_.files.push_back(file.path());
    open_.push_back(server_path);
    const bool ok =
        parse_text(file, server_path, depth, from == nullptr ? SettingOrigin::file : SettingOrigin::include);
    open_.pop_back();
    return ok;
  }

  // ParseConfigDirectory: files ending in .conf, not hidden, sorted; stops at the first failure.
  bool parse_directory(const std::string& server_dir, const Reference& ref, int depth) {
    const ListResult listing = resolver_->list(server_dir, ref);
    if (is_refusal(listing.status)) return true;
    if (listing.status != OpenStatus::found) {
      issues_.add("could not open configuration directory \"" + server_dir + "\": No such file or directory",
                  ref.location);
      return false;
    }
    for (const DirEntry& e : listing.entries) {
      const std::string& name = e.name;
      if (name.size() < 6 || name[0] == '.' || name.compare(name.size() - 5, 5, ".conf") != 0) continue;
      if (e.is_directory) continue;
      // The file's own path as written is the directive's target joined with the name.
      if (!parse_file(path::normalize(server_dir + "/" + name), true, &dummy_, ref, depth)) return false;
    }
    return true;
  }

  [[nodiscard]] bool main_read() const { return main_read_; }
  std::vector<ParseIssue> take_issues() { return issues_.take(); }

  bool parse_text(const SourceFile& src, const std::string& server_path, int depth, SettingOrigin origin) {
    Lexer lex(src.text());
    bool ok = true;
    int syntax_errors = 0;
    auto text_of = [&](const Token& t) { return src.text().substr(t.begin, t.end - t.begin); };
    while (true) {
      Token tok = lex.next();
      if (tok.kind == TokenKind::eof) break;
      if (tok.kind == TokenKind::eol) continue;
      Token name;
      Token value;
      if (tok.kind != TokenKind::id && tok.kind != TokenKind::qualified_id) goto parse_error;
      name = tok;
      tok = lex.next();
      if (tok.kind == TokenKind::equals) tok = lex.next();
      if (tok.kind != TokenKind::id && tok.kind != TokenKind::string && tok.kind != TokenKind::integer &&
          tok.kind != TokenKind::real && tok.kind != TokenKind::unquoted_string) {
        goto parse_error;
      }
      value = tok;
      tok = lex.next();
      if (tok.kind != TokenKind::eol && tok.kind != TokenKind::eof) goto parse_error;
      {
        const std::string opt_name(text_of(name));
        const std::string opt_value =
            value.kind == TokenKind::string ? unquote(text_of(value)) : std::string(text_of(value));
        const Location value_location = src.span(value.begin, value.end);
        const Location line_location = src.span(name.begin, value.end);
        const std::string lname = ascii_lower(opt_name);
        if (lname == "include_dir" || lname == "include" || lname == "include_if_exists") {
          const bool dir = lname == "include_dir";
          if (all_blank(opt_value)) {
            issues_.add(
                std::string(dir ? "empty configuration directory name: \"" : "empty configuration file name: \"") +
                    opt_value + "\"",
                value_location);
            ok = false;
          } else {
            const std::string target = path::is_absolute(opt_value)
                                           ? path::normalize(opt_value)
                                           : path::normalize(path::join(path::dirname(server_path), opt_value));
            const Reference ref{.directive = lname, .written = opt_value, .location = line_location};
            const bool included = dir ? parse_directory(target, ref, depth + 1)
                                      : parse_file(target, lname == "include", &src, ref, depth + 1);
            if (!included) ok = false;
          }
        } else {
          items_.push_back(Item{.name = opt_name,
                                .value = opt_value,
                                .name_location = src.span(name.begin, name.end),
                                .value_location = value_location,
                                .location = line_location,
                                .origin = origin});
        }
      }
      if (tok.kind == TokenKind::eof) break;
      continue;

    parse_error:
      if (tok.kind == TokenKind::eol || tok.kind == TokenKind::eof) {
        issues_.add("syntax error near end of line", src.span(tok.begin, tok.begin));
      } else {
        issues_.add("syntax error near token \"" + std::string(text_of(tok)) + "\"", src.span(tok.begin, tok.end));
      }
      ok = false;
      if (++syntax_errors >= 100) {
        issues_.add("too many syntax errors found, abandoning file \"" + server_path + "\"",
                    src.span(tok.begin, tok.end));
        break;
      }
      while (tok.kind != TokenKind::eol && tok.kind != TokenKind::eof) tok = lex.next();
      if (tok.kind == TokenKind::eof) break;
    }
    return ok;
  }

  // PostmasterMain: the command line, before any file.
  void apply_command_line(const std::vector<CommandLineSetting>& settings) {
    for (const CommandLineSetting& c : settings) {
      std::string n = c.name;
      std::replace(n.begin(), n.end(), '-', '_');
      std::vector<ParseIssue> found;
      set(n, c.value, c.location, SettingOrigin::command_line, found, c.location);
      for (ParseIssue& e : found) add_once(cfg_.command_line_errors, std::move(e));
    }
  }

  // ProcessConfigFileInternal: names checked, earlier duplicates (same spelling) ignored, values set
  // in file order.
  void apply() {
    std::unordered_set<std::string> seen;                          // canonical names already in the file
    std::unordered_map<std::string, std::vector<size_t>> earlier;  // spelling -> items not yet ignored
    for (size_t i = 0; i < items_.size(); ++i) {
      Item& item = items_[i];
      std::string canonical;
      if (item.name.find('.') != std::string::npos) {
        canonical = ascii_lower(item.name);
      } else if (const ParamDef* def = find_param(item.name, cfg_.major)) {
        canonical = ascii_lower(def->name);
      } else if (cfg_.major < kOldestMajor) {
        canonical = ascii_lower(item.name);  // perhaps a parameter of that version: kept, not judged
      } else {
        issues_.add(noted(unrecognized_message(item.name, cfg_.major)), item.name_location);
        item.ignore = true;
        continue;
      }
      // A later setting of the same parameter ignores the earlier ones spelled the same way.
      std::vector<size_t>& same = earlier[item.name];
      if (!seen.insert(canonical).second) {
        for (const size_t j : same) items_[j].ignore = true;
        same.clear();
      }
      same.push_back(i);
    }
    for (size_t i = 0; i < items_.size(); ++i) {
      const Item& item = items_[i];
      if (item.ignore) continue;
      if (item.name.find('.') == std::string::npos && find_param(item.name, cfg_.major) == nullptr) continue;
      // Earlier occurrences postgres skips: kept in the override chain, not checked.
      for (size_t j = 0; j < i; ++j) {
        if (!items_[j].ignore || items_[j].name != item.name) continue;
        std::vector<ParseIssue> scratch;
        set(items_[j].name, items_[j].value, items_[j].location, items_[j].origin, scratch, items_[j].value_location,
            false);
      }
      std::vector<ParseIssue> errors;
      set(item.name, item.value, item.location, item.origin, errors, item.value_location);
      for (ParseIssue& e : errors) issues_.add(std::move(e.message), e.location, std::move(e.related));
    }
  }

  // set_config_option: parse, range, check hook (`hooks`); a value from a file does not replace one
  // from the command line (it goes to the override chain).
  bool set(std::string_view name, std::string_view value, const Location& location, SettingOrigin origin,
           std::vector<ParseIssue>& errors, const Location& error_location, bool hooks = true) {
    if (name.find('.') != std::string_view::npos ||
        (cfg_.major < kOldestMajor && find_param(name, cfg_.major) == nullptr)) {
      cfg_.settings[ascii_lower(name)].set(
          SettingEntry{.value = std::string(value), .raw = std::string(value), .location = location, .origin = origin});
      return true;
    }
    const ParamDef* def = find_param(name, cfg_.major);
    if (def == nullptr) {
      errors.push_back(
          ParseIssue{.message = noted(unrecognized_message(name, cfg_.major)), .location = error_location});
      return false;
    }
    if (def->internal) {
      errors.push_back(ParseIssue{.message = "parameter \"" + std::string(name) + "\" cannot be changed",
                                  .location = error_location});
      return false;
    }
    std::string error;
    auto parsed = parse_value(*def, name, value, cfg_.major, &error);
    if (parsed && hooks) error = check_hook(*def, name, *parsed, cfg_);
    if (!parsed || !error.empty()) {
      errors.push_back(ParseIssue{
          .message = noted(std::move(error)),
          .location = error_location,
          .related = parsed ? setting_notes(cfg_, hook_reads(def->name, cfg_.major)) : std::vector<Related>{}});
      return false;
    }
    Setting& s = cfg_.settings[ascii_lower(def->name)];
    s.unit = parsed->unit;
    SettingEntry entry{.value = parsed->value, .raw = std::string(value), .location = location, .origin = origin};
    if (origin != SettingOrigin::command_line && s.current.origin == SettingOrigin::command_line) {
      s.overrides.push_back(std::move(entry));
    } else {
      s.set(std::move(entry));
    }
    return true;
  }

  static void add_once(std::vector<ParseIssue>& errors, ParseIssue e) {
    const bool known = std::any_of(errors.begin(), errors.end(), [&](const ParseIssue& x) {
      return x.message == e.message && x.location == e.location;
    });
    if (!known) errors.push_back(std::move(e));
  }

 private:
  // A message whose verdict depends on the version, with the version's note when it was assumed.
  std::string noted(std::string message) const {
    if (!cfg_.version_note.empty()) message += " (" + cfg_.version_note + ")";
    return message;
  }

  IncludeResolver* resolver_;  // nullptr: settings only (apply_setting)
  PgConfig& cfg_;
  std::vector<std::string> open_;  // files being read (include chain)
  std::vector<Item> items_;
  Issues issues_;
  bool main_read_ = false;
  const SourceFile dummy_{"", ""};  // the "including file" of a directory's files
};

}  // namespace

std::string unrecognized_message(std::string_view name, int major) {
  std::string message = "unrecognized configuration parameter \"" + std::string(name) + "\"";
  const std::string suggestion = suggest_param(name, major);
  if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
  return message;
}

LoadResult load_config(IncludeResolver& resolver, PgConfig& cfg, const std::string& server_path,
                       const LoadOptions& options, const Reference& main) {
  cfg.major = options.major;
  cfg.defaults = &default_value;
  Reader reader(&resolver, cfg);
  reader.apply_command_line(options.command_line);
  reader.parse_file(server_path, true, nullptr, main, 0);
  LoadResult out;
  out.loaded = reader.main_read();
  if (out.loaded) {
    cfg.config_file = server_path;
    reader.apply();
  }
  out.errors = reader.take_issues();
  return out;
}

bool apply_setting(PgConfig& cfg, std::string_view name, std::string_view value, const Location& where,
                   SettingOrigin origin, std::vector<ParseIssue>& errors) {
  std::string n(name);
  std::replace(n.begin(), n.end(), '-', '_');
  if (cfg.defaults == nullptr) cfg.defaults = &default_value;
  Reader reader(nullptr, cfg);
  std::vector<ParseIssue> found;
  const bool ok = reader.set(n, value, where, origin, found, where);
  for (ParseIssue& e : found) Reader::add_once(errors, std::move(e));  // each message once, as postgres logs it
  return ok;
}

}  // namespace stacklint::postgres
