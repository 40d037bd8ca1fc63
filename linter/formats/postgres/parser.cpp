#include "linter/formats/postgres/parser.h"

#include <algorithm>
#include <memory>

#include "linter/formats/postgres/lexer.h"
#include "linter/stack/container.h"

namespace stacklint::postgres {

namespace {

// One `name = value` line, in the order postgres collects them.
struct Item {
  std::string name;
  std::string value;
  Location name_location;
  Location value_location;
  Location location;  // name .. value
  StackFile* file = nullptr;
  std::string origin;
  bool ignore = false;
};

void add_issue(std::vector<ParseIssue>& errors, std::string message, Location location) {
  for (const ParseIssue& e : errors) {
    if (e.message == message && e.location == location) return;
  }
  errors.push_back(ParseIssue{.message = std::move(message), .location = std::move(location)});
}

bool all_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

class Reader {
 public:
  Reader(Stack& stack, const FileSystem& fs, PgConfig& cfg, const LoadOptions& options)
      : stack_(stack), fs_(fs), cfg_(cfg), options_(options) {}

  std::optional<std::string> host_of(const std::string& server_path) const {
    if (!options_.resolve) return server_path;
    return options_.resolve(server_path);
  }

  // ParseConfigFile: `from` is where the directive was (nullptr for the main file).
  bool parse_file(const std::string& server_path, bool strict, StackFile* from, const Location& directive, int depth) {
    if (depth > kMaxIncludeDepth || std::find(open_.begin(), open_.end(), server_path) != open_.end()) {
      if (from != nullptr) {
        std::string message =
            "could not open configuration file \"" + server_path + "\": maximum nesting depth exceeded";
        if (depth <= kMaxIncludeDepth) message += " (it includes itself)";
        add_issue(from->errors, std::move(message), directive);
      }
      return false;
    }
    const auto host = host_of(server_path);
    StackFile* file = nullptr;
    if (host && fs_.exists(*host) && !fs_.is_directory(*host)) file = load_stack_file(stack_, fs_, *host, "postgres");
    if (file == nullptr) {
      if (from == nullptr) return false;
      if (strict) {
        add_issue(from->errors, "could not open configuration file \"" + server_path + "\": No such file or directory",
                  directive);
        return false;
      }
      return true;  // include_if_exists: "skipping missing configuration file"
    }
    if (std::find(cfg_.files.begin(), cfg_.files.end(), file->path) == cfg_.files.end())
      cfg_.files.push_back(file->path);
    open_.push_back(server_path);
    const bool ok = parse_text(*file, server_path, depth, from == nullptr ? "file" : "include");
    open_.pop_back();
    return ok;
  }

  // ParseConfigDirectory.
  bool parse_directory(const std::string& server_dir, StackFile& from, const Location& directive, int depth) {
    const auto host = host_of(server_dir);
    if (!host || !fs_.is_directory(*host)) {
      add_issue(from.errors, "could not open configuration directory \"" + server_dir + "\": No such file or directory",
                directive);
      return false;
    }
    bool ok = true;
    for (const std::string& name : fs_.list(*host)) {  // sorted by bytes
      if (name.size() < 6 || name[0] == '.' || name.compare(name.size() - 5, 5, ".conf") != 0) continue;
      if (fs_.is_directory(path::join(*host, name))) continue;
      if (!parse_file(path::normalize(server_dir + "/" + name), true, &from, directive, depth)) ok = false;
    }
    return ok;
  }

  bool parse_text(StackFile& file, const std::string& server_path, int depth, const std::string& origin) {
    const SourceFile& src = *file.source;
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
        const std::string lname = lower(opt_name);
        if (lname == "include_dir" || lname == "include" || lname == "include_if_exists") {
          const bool dir = lname == "include_dir";
          if (all_blank(opt_value)) {
            add_issue(
                file.errors,
                std::string(dir ? "empty configuration directory name: \"" : "empty configuration file name: \"") +
                    opt_value + "\"",
                value_location);
            ok = false;
          } else {
            const std::string target = path::is_absolute(opt_value)
                                           ? path::normalize(opt_value)
                                           : path::normalize(path::join(path::dirname(server_path), opt_value));
            const bool included = dir ? parse_directory(target, file, line_location, depth + 1)
                                      : parse_file(target, lname == "include", &file, line_location, depth + 1);
            if (!included) ok = false;
          }
        } else {
          items_.push_back(Item{.name = opt_name,
                                .value = opt_value,
                                .name_location = src.span(name.begin, name.end),
                                .value_location = value_location,
                                .location = line_location,
                                .file = &file,
                                .origin = origin});
        }
      }
      if (tok.kind == TokenKind::eof) break;
      continue;

    parse_error:
      if (tok.kind == TokenKind::eol || tok.kind == TokenKind::eof) {
        add_issue(file.errors, "syntax error near end of line", src.span(tok.begin, tok.begin));
      } else {
        add_issue(file.errors, "syntax error near token \"" + std::string(text_of(tok)) + "\"",
                  src.span(tok.begin, tok.end));
      }
      ok = false;
      if (++syntax_errors >= 100) {
        add_issue(file.errors, "too many syntax errors found, abandoning file \"" + server_path + "\"",
                  src.span(tok.begin, tok.end));
        break;
      }
      while (tok.kind != TokenKind::eol && tok.kind != TokenKind::eof) tok = lex.next();
      if (tok.kind == TokenKind::eof) break;
    }
    return ok;
  }

  // ProcessConfigFileInternal: names checked, earlier duplicates (same spelling) ignored, values set.
  void apply() {
    std::vector<std::string> seen;  // canonical names already in the file
    for (size_t i = 0; i < items_.size(); ++i) {
      Item& item = items_[i];
      std::string canonical;
      if (item.name.find('.') != std::string::npos) {
        canonical = lower(item.name);
      } else if (const ParamDef* def = find_param(item.name, cfg_.major)) {
        canonical = lower(def->name);
      } else {
        add_issue(item.file->errors, unrecognized_message(item.name, cfg_.major), item.name_location);
        item.ignore = true;
        continue;
      }
      if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) {
        for (size_t j = 0; j < i; ++j) {
          if (items_[j].name == item.name) items_[j].ignore = true;
        }
      }
      seen.push_back(canonical);
    }
    for (const Item& item : items_) {
      if (item.name.find('.') == std::string::npos && find_param(item.name, cfg_.major) == nullptr) continue;
      std::vector<ParseIssue> scratch;
      std::vector<ParseIssue>& errors = item.ignore ? scratch : item.file->errors;
      Location where = item.value_location;
      set(item.name, item.value, item.location, item.origin, errors, where);
    }
  }

  bool set(std::string_view name, std::string_view value, const Location& location, const std::string& origin,
           std::vector<ParseIssue>& errors, const Location& error_location) {
    if (name.find('.') != std::string_view::npos) {
      cfg_.settings[lower(name)].set(
          SettingEntry{.value = std::string(value), .raw = std::string(value), .location = location, .origin = origin});
      return true;
    }
    const ParamDef* def = find_param(name, cfg_.major);
    if (def == nullptr) {
      add_issue(errors, unrecognized_message(name, cfg_.major), error_location);
      return false;
    }
    if (def->internal) {
      add_issue(errors, "parameter \"" + std::string(name) + "\" cannot be changed", error_location);
      return false;
    }
    std::string error;
    auto parsed = parse_value(*def, name, value, cfg_.major, &error);
    if (!parsed) {
      add_issue(errors, std::move(error), error_location);
      return false;
    }
    Setting& s = cfg_.settings[lower(def->name)];
    s.unit = parsed->unit;
    s.set(SettingEntry{.value = parsed->value, .raw = std::string(value), .location = location, .origin = origin});
    return true;
  }

 private:
  Stack& stack_;
  const FileSystem& fs_;
  PgConfig& cfg_;
  const LoadOptions& options_;
  std::vector<std::string> open_;  // files being read (include chain)
  std::vector<Item> items_;
};

}  // namespace

std::string unrecognized_message(std::string_view name, int major) {
  std::string message = "unrecognized configuration parameter \"" + std::string(name) + "\"";
  const std::string suggestion = suggest_param(name, major);
  if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
  return message;
}

bool load_config(Stack& stack, const FileSystem& fs, PgConfig& cfg, const std::string& server_path,
                 const LoadOptions& options) {
  Reader reader(stack, fs, cfg, options);
  if (!reader.parse_file(server_path, true, nullptr, Location{}, 0)) {
    if (cfg.files.empty()) return false;
  }
  cfg.config_file = server_path;
  reader.apply();
  return true;
}

bool apply_setting(PgConfig& cfg, std::string_view name, std::string_view value, const Location& where,
                   const std::string& origin, std::vector<ParseIssue>& errors) {
  std::string n(name);
  std::replace(n.begin(), n.end(), '-', '_');
  Stack unused;
  const LoadOptions options{.major = cfg.major};
  MemoryFileSystem no_files;
  Reader reader(unused, no_files, cfg, options);
  return reader.set(n, value, where, origin, errors, where);
}

}  // namespace stacklint::postgres
