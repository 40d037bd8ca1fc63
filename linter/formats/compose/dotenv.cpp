#include "linter/formats/compose/dotenv.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include "linter/formats/compose/tree.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"

namespace stacklint::compose {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string unescape_double(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '\\':
      case '"':
      case '\'':
        out += c;
        break;
      case '$':
        out += "$$";  // stays a literal `$` through expansion
        break;
      default:
        out += '\\';
        out += c;
    }
  }
  return out;
}

}  // namespace

Dotenv parse_dotenv(std::string_view text, const std::map<std::string, std::string>& lookup) {
  Dotenv out;
  std::map<std::string, std::string> own;
  // compose-go drops a UTF-8 byte-order mark before it reads the file (an editor on Windows writes
  // one; rw173 Synthetica: `.env:1:1` was an error).
  size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  uint32_t line = 1;
  auto expand = [&](std::string_view value) {
    std::map<std::string, std::string> vars = lookup;
    for (const auto& [k, v] : own) vars[k] = v;
    return substitute(value, vars).value;
  };
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view raw = trim(text.substr(pos, eol - pos));
    const uint32_t this_line = line;
    pos = eol + 1;
    ++line;
    if (raw.empty() || raw.front() == '#') continue;
    if (raw.substr(0, 7) == "export " || raw.substr(0, 7) == "export\t") raw = trim(raw.substr(7));
    const size_t sep = raw.find_first_of("=:");
    if (sep == std::string_view::npos) {
      const std::string key(raw);
      if (key.find_first_of(" \t") != std::string::npos) {
        out.errors.push_back({this_line, "unexpected character in variable name '" + key + "'"});
        continue;
      }
      if (const auto it = lookup.find(key); it != lookup.end()) {
        out.values.emplace_back(key, it->second);
        out.lines.push_back(this_line);
        own[key] = it->second;
      }
      continue;
    }
    const std::string key(trim(raw.substr(0, sep)));
    if (key.empty() || key.find_first_of(" \t") != std::string::npos) {
      out.errors.push_back({this_line, "invalid variable name '" + key + "'"});
      continue;
    }
    // The value starts right after the separator in the original text (quotes may span lines).
    const size_t value_start = static_cast<size_t>(raw.data() - text.data()) + sep + 1;
    size_t v = value_start;
    while (v < text.size() && (text[v] == ' ' || text[v] == '\t')) ++v;
    std::string value;
    if (v < text.size() && (text[v] == '\'' || text[v] == '"')) {
      const char quote = text[v];
      size_t end = v + 1;
      while (end < text.size() && text[end] != quote) {
        if (quote == '"' && text[end] == '\\') ++end;
        ++end;
      }
      if (end >= text.size()) {
        out.errors.push_back({this_line, "unterminated quoted value for '" + key + "'"});
        break;
      }
      const std::string_view inner = text.substr(v + 1, end - v - 1);
      value = quote == '\'' ? std::string(inner) : expand(unescape_double(inner));
      for (size_t i = v; i < end; ++i) {
        if (text[i] == '\n') ++line;
      }
      eol = text.find('\n', end);
      pos = eol == std::string_view::npos ? text.size() : eol + 1;
    } else {
      size_t end = text.find('\n', v);
      if (end == std::string_view::npos) end = text.size();
      std::string_view unquoted = text.substr(v, end - v);
      if (const size_t hash = unquoted.find(" #"); hash != std::string_view::npos) unquoted = unquoted.substr(0, hash);
      value = expand(trim(unquoted));
    }
    own[key] = value;
    out.values.emplace_back(key, std::move(value));
    out.lines.push_back(this_line);
  }
  return out;
}

namespace {

// Whether `path` matches an anchored `.gitignore` pattern, segment by segment: `*`, `?` and `[...]`
// within a segment (fnmatch), and a `**` segment matches any number of segments, none too
// (`artifacts/**/**` ignores `artifacts/genesis.block`, as git does; rw189 BCNDM).
bool path_matches(std::string_view pattern, std::string_view path) {
  const size_t pe = std::min(pattern.find('/'), pattern.size());
  const std::string_view seg = pattern.substr(0, pe);
  const std::string_view rest_pattern = pe < pattern.size() ? pattern.substr(pe + 1) : std::string_view{};
  if (seg == "**") {
    if (rest_pattern.empty()) return true;
    for (size_t at = 0;;) {
      if (path_matches(rest_pattern, path.substr(at))) return true;
      const size_t slash = path.find('/', at);
      if (slash == std::string_view::npos) return false;
      at = slash + 1;
    }
  }
  const size_t ne = std::min(path.find('/'), path.size());
  if (fnmatch(std::string(seg).c_str(), std::string(path.substr(0, ne)).c_str(), 0) != 0) return false;
  if (pe >= pattern.size()) return ne >= path.size();
  if (ne >= path.size()) return false;
  return path_matches(rest_pattern, path.substr(ne + 1));
}

// Whether one `.gitignore` line ignores `rel` (the file's path below that .gitignore's directory):
// a pattern with a slash before its end is anchored there (`/prometheus/prometheus.yml`,
// `conf/*.env`); one without matches the name of the file or of any directory above it below there
// (`.env`, `secrets`); a leading `**/` matches at any depth. The `!` of a negation is the caller's.
bool ignores(std::string pattern, const std::string& rel) {
  while (!pattern.empty() && (pattern.back() == '\r' || pattern.back() == ' ')) pattern.pop_back();
  const bool directory_only = !pattern.empty() && pattern.back() == '/';
  while (!pattern.empty() && pattern.back() == '/') pattern.pop_back();
  if (pattern.empty() || pattern[0] == '#') return false;
  // A leading `**/` matches in every directory: `**/.env` is `.env` wherever it is; `**/logs/x`
  // is `logs/x` below any directory.
  bool any_depth = false;
  while (pattern.rfind("**/", 0) == 0) {
    pattern.erase(0, 3);
    any_depth = true;
  }
  if (pattern.find('/') != std::string::npos) {
    if (pattern.front() == '/') pattern.erase(0, 1);
    for (size_t from = 0; from != std::string::npos && from <= rel.size();) {
      const std::string tail = rel.substr(from);
      for (size_t cut = tail.size(); cut != std::string::npos && cut > 0; cut = tail.rfind('/', cut - 1)) {
        const bool whole = cut == tail.size();
        if (whole && directory_only) continue;
        if (path_matches(pattern, std::string_view(tail).substr(0, cut))) return true;
      }
      if (!any_depth) break;
      const size_t slash = rel.find('/', from);
      from = slash == std::string::npos ? std::string::npos : slash + 1;
    }
    return false;
  }
  size_t begin = 0;
  while (begin <= rel.size()) {
    const size_t end = std::min(rel.find('/', begin), rel.size());
    const bool last = end == rel.size();
    if ((!last || !directory_only) && fnmatch(pattern.c_str(), rel.substr(begin, end - begin).c_str(), 0) == 0) {
      return true;
    }
    begin = end + 1;
  }
  return false;
}

// What the .gitignore at `gitignore` says of `rel`: ignored (true), taken back by a `!pattern`
// (false), or nothing (no line matches). The last matching line decides. With `names_only`, only
// the lines that match a name wherever it is (no slash before their end, or a leading `**/`).
std::optional<bool> ignored_by(const FileSystem& fs, const std::string& gitignore, const std::string& rel,
                               bool names_only) {
  const auto text = fs.read(gitignore);
  if (!text) return std::nullopt;
  std::optional<bool> ignored;
  for (size_t pos = 0; pos < text->size();) {
    const size_t eol = std::min(text->find('\n', pos), text->size());
    std::string line = text->substr(pos, eol - pos);
    pos = eol + 1;
    const bool negated = !line.empty() && line.front() == '!';
    if (negated) line.erase(0, 1);
    const size_t slash = line.find('/');
    if (names_only && slash != std::string::npos && slash + 1 != line.size() && !line.starts_with("**/")) continue;
    if (ignores(line, rel)) ignored = !negated;
  }
  return ignored;
}

}  // namespace

bool git_ignored(const FileSystem& fs, const std::string& given, const std::string& root) {
  // The .gitignore of every directory from the file's up to root (and root's own).
  std::string top = path::normalize(root);
  std::string file = given;
  // A top named from the directory stacklint runs in (`..`, the repository's top level above
  // `docker/`) and a file named from there too (`overrides.yaml`): the walk up from the file meets
  // that top only as canonical paths (rw253 unstract: `docker/proxy_overrides.yaml` in the top's
  // .gitignore, linted from docker/).
  if (top == ".." || top.starts_with("../")) {
    top = canonical_path(top);
    file = canonical_path(file);
  }
  std::string dir = path::dirname(path::normalize(file));
  for (int depth = 0; depth < 64; ++depth) {
    const std::string rel = path::relative_to(path::normalize(file), dir);
    // The nearest .gitignore that says anything decides (git: a deeper file's lines override).
    if (!rel.starts_with("../")) {
      if (const std::optional<bool> said = ignored_by(fs, path::join(dir, ".gitignore"), rel, false)) return *said;
    }
    if (dir == top || dir == "." || dir == "/" || dir.empty()) break;
    const std::string up = path::dirname(dir);
    if (up == dir) break;
    dir = up;
  }
  // Root not on the way up: its .gitignore still speaks for the file's name.
  return dir != top && ignored_by(fs, path::join(top, ".gitignore"), path::basename(file), true).value_or(false);
}

bool written_by_setup(const FileSystem& fs, const std::string& file, const std::string& root, const std::string& top) {
  const std::string base = path::basename(file);
  const size_t dot = base.rfind('.');
  for (const std::string suffix : {".example", ".template", ".tmpl", ".tpl", ".sample", ".dist", ".j2", ".in"}) {
    if (fs.stat(file + suffix).status == OpenStatus::found) return true;
    if (dot == std::string::npos || dot == 0) continue;
    const std::string stem = path::join(path::dirname(file), base.substr(0, dot) + suffix + base.substr(dot));
    if (fs.stat(stem).status == OpenStatus::found) return true;
  }
  // The template named first (`sample.proxy_overrides.yaml`, rw253 unstract).
  for (const char* prefix : {"sample.", "example.", "template."}) {
    if (fs.stat(path::join(path::dirname(file), prefix + base)).status == OpenStatus::found) return true;
  }
  if (git_ignored(fs, file, top.empty() ? root : top)) return true;
  // A shell script or Makefile beside it or at the stack root that writes it (`sed ...
  // sentinel.conf.template > "sentinel-$i.conf"` before `docker compose up`, rw18 shophosting;
  // `envsubst < template.yml > prometheus.yml` in configs/env.sh, rw231 monitoring-stack).
  // Also a scripts/ or bin/ folder there or beside the file's folder (`infra/scripts/update-ips.sh`
  // writing `../nginx/cloudflare-ips.conf`, rw232 vitar).
  // Only for a file of the stack: nothing outside the root is listed (DESIGN's confinement).
  const std::string here = path::dirname(file);
  std::vector<std::string> dirs;
  if (!path::relative_to(path::normalize(file), path::normalize(root)).starts_with("../")) {
    dirs = {here, path::join(here, "scripts"), root, path::join(root, "scripts"), path::join(root, "bin")};
    if (path::normalize(here) != path::normalize(root)) dirs.push_back(path::join(path::dirname(here), "scripts"));
  }
  for (const std::string& dir : dirs) {
    for (const std::string& script : fs.list(dir)) {
      if (!script.ends_with(".sh") && !script.ends_with(".bash") && script != "Makefile") continue;
      const auto text = fs.read(path::join(dir, script));
      if (text && script_writes(*text, base)) return true;
    }
  }
  // `path = vendor/x` lines of .gitmodules: the submodule's directory and everything below it.
  // The repository's .gitmodules, and the stack root's (a stack that is a repository of its own).
  std::vector<std::string> repos{path::normalize(root)};
  if (!top.empty() && path::normalize(top) != repos.front()) repos.push_back(path::normalize(top));
  for (const std::string& repo : repos) {
    const auto modules = fs.read(path::join(repo, ".gitmodules"));
    if (!modules) continue;
    const std::string rel = path::relative_to(path::normalize(file), repo);
    for (size_t pos = 0; pos < modules->size();) {
      const size_t eol = std::min(modules->find('\n', pos), modules->size());
      std::string_view line(modules->data() + pos, eol - pos);
      pos = eol + 1;
      const size_t key = line.find_first_not_of(" \t");
      if (key == std::string_view::npos || line.substr(key, 4) != "path") continue;
      const size_t eq = line.find('=', key + 4);
      if (eq == std::string_view::npos ||
          line.substr(key + 4, eq - key - 4).find_first_not_of(" \t") != std::string_view::npos) {
        continue;
      }
      std::string_view value = line.substr(eq + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
        value.remove_suffix(1);
      }
      const std::string sub = path::normalize(std::string(value));
      if (!sub.empty() && (rel == sub || rel.starts_with(sub + "/"))) return true;
    }
  }
  return false;
}

namespace {

// Calls f(line, number) for each line of `text` (without its '\n'), numbered from 1.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  uint32_t number = 1;
  for (size_t pos = 0; pos < text.size(); ++number) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    f(text.substr(pos, eol - pos), number);
    pos = eol + 1;
  }
}

}  // namespace

std::vector<std::pair<std::string, uint32_t>> listed_in_comments(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> out;
  for_each_line(text, [&](std::string_view l, uint32_t line) {
    size_t i = l.find_first_not_of(" \t");
    if (i == std::string_view::npos || l[i] != '#') return;
    i = l.find_first_not_of(" \t#", i);
    if (i == std::string_view::npos || (l[i] != '-' && l[i] != '*') || i + 1 >= l.size() ||
        (l[i + 1] != ' ' && l[i + 1] != '\t'))
      return;
    l.remove_prefix(std::min(l.size(), l.find_first_not_of(" \t", i + 1)));
    if (!l.empty() && l.front() == '`') l.remove_prefix(1);
    size_t n = 0;
    bool underscore = false;
    while (n < l.size() && ((l[n] >= 'A' && l[n] <= 'Z') || l[n] == '_' || (n > 0 && l[n] >= '0' && l[n] <= '9'))) {
      underscore = underscore || l[n] == '_';
      ++n;
    }
    if (n == 0 || (!underscore && n < 4) || l.front() == '_') return;
    const bool prefix = n < l.size() && l[n] == '*';
    const size_t after = n + (prefix ? 1 : 0);
    // The name stands alone: the line ends, or a space, `(`, `:`, `` ` `` or `,` follows; not `=` (an assignment).
    if (after < l.size() && std::string_view(" \t(:`,\r").find(l[after]) == std::string_view::npos) return;
    out.emplace_back(std::string(l.substr(0, after)), line);
  });
  return out;
}

std::vector<std::pair<std::string, uint32_t>> commented_assignments(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> out;
  // The last line of prose in the current comment block says the settings below it are optional
  // ("### If using AWS KMS", "# Optional:", "uncomment to enable"), or required ("# Your API token
  // (required)").
  bool optional_block = false;
  bool required_block = false;
  const auto says_required = [](std::string_view prose) {
    std::string low(prose);
    std::transform(low.begin(), low.end(), low.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string_view w : {"required", "mandatory", "must", "you need", "needs to be set"}) {
      if (low.find(w) != std::string::npos) return true;
    }
    return false;
  };
  const auto says_optional = [](std::string_view prose) {
    std::string low(prose);
    std::transform(low.begin(), low.end(), low.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string_view w : {"optional", "if using", "if you use", "if you want", "leave empty", "leave blank",
                                     "uncomment", "only if", "only needed"}) {
      if (low.find(w) != std::string::npos) return true;
    }
    return false;
  };
  for_each_line(text, [&](std::string_view l, uint32_t line) {
    size_t i = l.find_first_not_of(" \t\r");
    if (i == std::string_view::npos || l[i] != '#') {
      optional_block = required_block = false;
      return;
    }
    i = l.find_first_not_of(" \t#", i);
    if (i == std::string_view::npos) return;
    l.remove_prefix(i);
    if (l.rfind("export ", 0) == 0) l.remove_prefix(std::min(l.size(), l.find_first_not_of(' ', 6)));
    const auto is_first = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; };
    size_t n = 0;
    while (n < l.size() && (is_first(l[n]) || (n > 0 && std::isdigit(static_cast<unsigned char>(l[n])) != 0))) ++n;
    if (n == 0 || n >= l.size() || l[n] != '=') {
      optional_block = says_optional(l);
      required_block = !optional_block && says_required(l);
      return;
    }
    // `# KEY=` with nothing after it, commented out, is a setting left off (rw41 MISP's template:
    // `# SES_REGION=` under "# aws region (e.g., us-east-1)"), unless the comment above it calls it
    // required: then it is a blank the user must fill in.
    const size_t value = n + 1;
    const bool has_value = value < l.size() && l.find_first_not_of(" \t\r\"'", value) != std::string_view::npos;
    if (has_value || optional_block || !required_block) out.emplace_back(std::string(l.substr(0, n)), line);
  });
  return out;
}

namespace {

// Whether `text` names the file `.env` itself at `at` (not `.env.example`, not `my.env`).
bool names_dotenv_at(std::string_view text, size_t at) {
  const size_t end = at + 4;
  const bool starts = at == 0 || text[at - 1] == ' ' || text[at - 1] == '/' || text[at - 1] == '`' ||
                      text[at - 1] == '"' || text[at - 1] == '\'';
  const bool ends = end == text.size() ||
                    (std::isalnum(static_cast<unsigned char>(text[end])) == 0 && text[end] != '.' && text[end] != '_' &&
                     text[end] != '-') ||
                    (text[end] == '.' && (end + 1 == text.size() || text[end + 1] == ' '));
  return starts && ends;
}

// Prose that introduces environment variables (`## Required Environment Variables`, "set these env
// vars:"): the block after it lists the variables the stack takes (rw33 AET-DevOps25's README).
bool names_environment_variables(std::string_view text) {
  const std::string lower = ascii_lower(text);
  return lower.find("environment variable") != std::string::npos || lower.find("env var") != std::string::npos;
}

bool mentions_dotenv(std::string_view text) {
  for (size_t at = text.find(".env"); at != std::string_view::npos; at = text.find(".env", at + 1)) {
    if (names_dotenv_at(text, at)) return true;
  }
  return false;
}

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != ';' && line[j] != '&' && line[j] != '|' &&
           line[j] != '`')
      ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string_view unquote(std::string_view w) {
  if (w.size() >= 2 && (w.front() == '"' || w.front() == '\'') && w.back() == w.front())
    return w.substr(1, w.size() - 2);
  return w;
}

}  // namespace

bool names_options(std::string_view name) {
  return name.ends_with("_OPTS") || name.ends_with("_OPTIONS") || name.ends_with("_ARGS") || name.ends_with("_FLAGS");
}

bool is_variable_name(std::string_view w) {
  if (w.empty() || (std::isalpha(static_cast<unsigned char>(w.front())) == 0 && w.front() != '_')) return false;
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

namespace {

// The variables one shell command line sets for what it runs: `export A B=1`, or the assignments
// before a docker command (`TAG=1 docker compose up`).
void command_exports(std::string_view l, uint32_t line, std::vector<std::pair<std::string, uint32_t>>& out) {
  const std::vector<std::string_view> w = words_of(l);
  if (w.empty() || w.front().front() == '#') return;
  const auto name_of = [](std::string_view word) {
    const size_t eq = word.find_first_of(":?+=");
    return word.substr(0, eq);
  };
  if (w.front() == "export") {
    for (size_t k = 1; k < w.size() && w[k].front() != '#'; ++k) {
      if (is_variable_name(name_of(w[k]))) out.emplace_back(std::string(name_of(w[k])), line);
      if (w[k].find('=') != std::string_view::npos) break;  // the value may hold spaces
    }
    return;
  }
  // `add_to_env POSTGRES_DB gitea`, `set_env KEY value`: a setup script's helper that writes the
  // variable into `.env` (rw28 OhMyMndy/homelab, whose helpers live in a shared functions.sh).
  if (w.size() >= 2 && w.front().find("env") != std::string_view::npos && w.front() != "env" &&
      w.front() != "envsubst" && w.front() != "printenv" && is_variable_name(w[1]) &&
      std::none_of(w[1].begin(), w[1].end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
      std::all_of(w.front().begin(), w.front().end(),
                  [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '-'; })) {
    out.emplace_back(std::string(w[1]), line);
    return;
  }
  // `echo "TRAEFIK_DASHBOARD_USERS=$HASHED" >> .env` (rw22 home-server-stack's setup script), also
  // after a test (`grep -q '^DB=' .env || echo "DB=app" >> .env`): the script writes the variable
  // into the `.env` compose reads.
  const auto echo = std::find_if(w.begin(), w.end(), [](std::string_view x) { return x == "echo" || x == "printf"; });
  if (echo != w.end()) {
    const size_t start = static_cast<size_t>(echo - w.begin());
    bool to_dotenv = false;
    for (size_t k = start + 1; k < w.size(); ++k) {
      std::string_view target = w[k];
      if (!target.starts_with(">")) continue;
      target.remove_prefix(target.starts_with(">>") ? 2 : 1);
      if (target.empty() && k + 1 < w.size()) target = w[k + 1];
      target = unquote(target);
      to_dotenv = target == ".env" || target.ends_with("/.env") || target.ends_with("/.env\"");
    }
    size_t k = start + 1;
    while (k < w.size() && w[k].starts_with("-")) ++k;  // echo -e, printf -- ...
    if (!to_dotenv || k >= w.size()) return;
    std::string_view first = w[k];
    if (first.starts_with("\"") || first.starts_with("'")) first.remove_prefix(1);
    const size_t eq = first.find('=');
    if (eq != std::string_view::npos && is_variable_name(first.substr(0, eq))) {
      out.emplace_back(std::string(first.substr(0, eq)), line);
    }
    return;
  }
  // `TAG=1 docker compose up`, also by podman-compose or `podman compose` (rw54 powa-podman).
  if (l.find("docker") == std::string_view::npos && l.find("compose") == std::string_view::npos) return;
  for (const std::string_view word : w) {
    const size_t eq = word.find('=');
    if (eq == std::string_view::npos || !is_variable_name(word.substr(0, eq))) break;
    out.emplace_back(std::string(word.substr(0, eq)), line);
  }
}

}  // namespace

namespace {

// A command continued over lines ending in `\` (`TAG=1 \` then `docker compose up`) as one line.
class Continued {
 public:
  // Adds a line; true when the command is complete (`text()` holds it, from line `first()`).
  bool add(std::string_view l, uint32_t line) {
    if (text_.empty()) first_ = line;
    const bool more = !l.empty() && l.back() == '\\';
    text_.append(l.substr(0, more ? l.size() - 1 : l.size()));
    text_ += ' ';
    return !more || text_.size() > 4096;
  }
  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] uint32_t first() const { return first_; }
  void clear() { text_.clear(); }

 private:
  std::string text_;
  uint32_t first_ = 0;
};

}  // namespace

namespace {

// Calls `f(command, first_line)` for each command of a shell script, continued lines joined.
template <class F>
void for_each_command(std::string_view text, F&& f) {
  Continued command;
  uint32_t line = 1;
  for (size_t pos = 0; pos < text.size(); ++line) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view l = text.substr(pos, eol - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    pos = eol + 1;
    if (!command.add(l, line)) continue;
    f(command.text(), command.first());
    command.clear();
  }
}

}  // namespace

namespace {

// `cat > .env <<EOF` (or `>> .env`, `<<'EOF'`, `<<-EOF`) and the `KEY=value` lines up to the
// terminator: a setup script that writes `.env` (rw33 setup.sh).
// The variables a script sets to a dotenv's path (`ENV_FILE=".env"`, `ENV_PATH=$APP_DIR/.env`), so
// that `cat > "$APP_DIR/$ENV_FILE" <<EOF` writes one (rw77 InstaladorV2's install.sh).
std::vector<std::string> dotenv_path_variables(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    if (l.starts_with("readonly ")) l.remove_prefix(9);
    if (l.starts_with("local ")) l.remove_prefix(6);
    const size_t eq = l.find('=');
    if (eq == std::string_view::npos || !is_variable_name(l.substr(0, eq))) continue;
    std::string_view value = l.substr(eq + 1);
    value = value.substr(0, std::min(value.find(" #"), value.size()));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == ';'))
      value.remove_suffix(1);
    value = unquote(value);
    if (value == ".env" || value.ends_with("/.env")) out.emplace_back(l.substr(0, eq));
  }
  return out;
}

void heredoc_dotenv_writes(std::string_view text, std::vector<std::pair<std::string, uint32_t>>& out) {
  const std::vector<std::string> path_variables = dotenv_path_variables(text);
  const auto names_dotenv = [&](std::string_view target) {
    if (target == ".env" || target.ends_with("/.env")) return true;
    return std::any_of(path_variables.begin(), path_variables.end(), [&](const std::string& v) {
      return target.ends_with("$" + v) || target.ends_with("${" + v + "}");
    });
  };
  std::string terminator;  // "" outside a heredoc into .env
  size_t pos = 0;
  for (uint32_t line = 1; pos < text.size(); ++line) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (!terminator.empty()) {
      std::string_view t = l;
      while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
      if (t == terminator) {
        terminator.clear();
        continue;
      }
      if (t.starts_with("export ")) t.remove_prefix(7);
      const size_t eq = t.find('=');
      if (eq != std::string_view::npos && is_variable_name(t.substr(0, eq)))
        out.emplace_back(std::string(t.substr(0, eq)), line);
      continue;
    }
    const size_t here = l.find("<<");
    if (here == std::string_view::npos || l.find('#') < here) continue;
    const std::vector<std::string_view> w = words_of(l);
    bool to_dotenv = false;
    for (size_t k = 0; k < w.size(); ++k) {
      std::string_view target = w[k];
      if (!target.starts_with(">") || target.starts_with(">&")) continue;
      target.remove_prefix(target.starts_with(">>") ? 2 : 1);
      if (target.empty() && k + 1 < w.size()) target = w[k + 1];
      target = unquote(target);
      to_dotenv = to_dotenv || names_dotenv(target);
    }
    if (!to_dotenv) continue;
    std::string_view marker = l.substr(here + 2);
    if (!marker.empty() && marker.front() == '-') marker.remove_prefix(1);
    while (!marker.empty() && marker.front() == ' ') marker.remove_prefix(1);
    size_t e = 0;
    while (e < marker.size() && marker[e] != ' ' && marker[e] != '>' && marker[e] != ';') ++e;
    terminator = std::string(unquote(marker.substr(0, e)));
  }
}

}  // namespace

namespace {

// A Makefile that refuses to run without a variable (`ifndef DD_API_KEY` then `$(error Please set
// ... export DD_API_KEY=...)` within the next lines, rw44 DataDog): the commands it runs have it from
// the environment.
void required_guards(std::string_view text, std::vector<std::pair<std::string, uint32_t>>& out) {
  std::string guarded;
  uint32_t guard_line = 0;
  for_each_line(text, [&](std::string_view l, uint32_t line) {
    const size_t b = l.find_first_not_of(" \t");
    if (b == std::string_view::npos) return;
    l.remove_prefix(b);
    if (l.starts_with("ifndef ")) {
      std::string_view name = l.substr(7);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\r')) name.remove_suffix(1);
      guarded = is_variable_name(name) ? std::string(name) : std::string();
      guard_line = line;
      return;
    }
    if (guarded.empty()) return;
    if (line > guard_line + 3 || l.starts_with("endif")) {
      guarded.clear();
      return;
    }
    if (l.find("$(error") != std::string_view::npos) {
      out.emplace_back(guarded, guard_line);
      guarded.clear();
    }
  });
}

}  // namespace

std::vector<std::pair<std::string, uint32_t>> script_exports(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> out;
  for_each_command(text, [&](const std::string& command, uint32_t first) { command_exports(command, first, out); });
  heredoc_dotenv_writes(text, out);
  required_guards(text, out);
  return out;
}

bool is_encrypted_env(std::string_view text) {
  using namespace std::string_view_literals;
  return text.starts_with("\0GITCRYPT\0"sv) || text.starts_with("$ANSIBLE_VAULT;");
}

bool is_unit_file_name(std::string_view name) {
  for (const std::string_view ext : {".service", ".service.tpl", ".service.j2", ".service.in", ".service.template"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) return true;
  }
  return false;
}

UnitFile read_unit_file(std::string_view text) {
  UnitFile out;
  for_each_line(text, [&](std::string_view l, uint32_t line) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    const size_t b = l.find_first_not_of(" \t");
    if (b == std::string_view::npos) return;
    l.remove_prefix(b);
    const size_t eq = l.find('=');
    if (eq == std::string_view::npos) return;
    std::string_view key = l.substr(0, eq);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    std::string_view value = l.substr(eq + 1);
    value.remove_prefix(std::min(value.size(), value.find_first_not_of(" \t")));
    if (key == "Environment") {
      // Space-separated assignments, each optionally in double quotes.
      size_t i = 0;
      while (i < value.size()) {
        while (i < value.size() && value[i] == ' ') ++i;
        const bool quoted = i < value.size() && value[i] == '"';
        const size_t start = quoted ? i + 1 : i;
        const size_t end = std::min(value.find(quoted ? '"' : ' ', start), value.size());
        const std::string_view assignment = value.substr(start, end - start);
        const size_t e = assignment.find('=');
        if (e != std::string_view::npos && is_variable_name(assignment.substr(0, e))) {
          out.environment.emplace_back(std::string(assignment.substr(0, e)), line);
        }
        i = end + 1;
      }
    } else if (key == "ExecStart" || key == "ExecStartPre" || key == "ExecReload") {
      value.remove_prefix(std::min(value.size(), value.find_first_not_of("-@:+!")));  // systemd's prefixes
      const size_t space = std::min(value.find(' '), value.size());
      const std::string_view program = value.substr(0, space);
      const size_t slash = program.rfind('/');
      out.commands += std::string(slash == std::string_view::npos ? program : program.substr(slash + 1));
      out.commands += std::string(value.substr(space));
      out.commands += '\n';
    }
  });
  return out;
}

namespace {

// The rest of a path a script names from its own directory, as scripts name it: `${__current_dir}/`,
// `$DIR/`, `${HERE}/../compose.yaml`; a variable named for the script's place (`__current_dir`,
// `SCRIPT_DIR`, `ROOT`, `BASEDIR`, `HERE`), not `$HOME`. nullopt for another variable.
std::optional<std::string_view> below_script_dir(std::string_view file) {
  const size_t slash = file.find('/');
  if (!file.starts_with("$") || slash == std::string_view::npos) return std::nullopt;
  const std::string_view head = file.substr(0, slash);
  const bool plain = head.starts_with("${") ? head.ends_with("}") && head.find('$', 1) == std::string_view::npos
                                            : head.find_first_of("(\"'$", 1) == std::string_view::npos;
  const std::string name = ascii_lower(head);
  const bool dir_var = plain && (name.find("dir") != std::string::npos || name.find("root") != std::string::npos ||
                                 name.find("base") != std::string::npos || name.find("here") != std::string::npos);
  if (!dir_var) return std::nullopt;
  return file.substr(slash + 1);
}

}  // namespace

std::vector<std::pair<std::string, uint32_t>> script_allexport_sources(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> out;
  bool allexport = false;
  for_each_command(text, [&](const std::string& command, uint32_t first) {
    const std::vector<std::string_view> w = words_of(command);
    for (size_t i = 0; i < w.size(); ++i) {
      if (w[i].front() == '#') break;
      if (w[i] == "set" && i + 1 < w.size()) {
        const std::string_view flag = w[i + 1];
        const bool option = (flag == "-o" || flag == "+o") && i + 2 < w.size() && w[i + 2] == "allexport";
        if (flag == "-a" || (option && flag == "-o")) allexport = true;
        if (flag == "+a" || (option && flag == "+o")) allexport = false;
        continue;
      }
      if ((w[i] != "source" && w[i] != ".") || i + 1 >= w.size() || !allexport) continue;
      std::string_view file = unquote(w[i + 1]);
      if (file.starts_with("$")) {
        const std::optional<std::string_view> rest = below_script_dir(file);
        if (!rest) continue;
        file = *rest;
      }
      if (file.starts_with("./")) file.remove_prefix(2);
      if (file.empty() || file.front() == '/' || file.front() == '~' || file.find('$') != std::string_view::npos ||
          file.find("..") != std::string_view::npos)
        continue;
      out.emplace_back(std::string(file), first);
    }
  });
  return out;
}

namespace {

// compose's global flags that take a separate value (`docker compose -p name -f file up`).
bool takes_value(std::string_view flag) {
  static constexpr std::array<std::string_view, 8> kFlags = {
      "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--progress", "--parallel"};
  return std::find(kFlags.begin(), kFlags.end(), flag) != kFlags.end();
}

}  // namespace

namespace {

// The directory `cd "$PROJECT_ROOT/sub"` moves to, relative to the script's own, when the variable
// is one of script_dir_variables; nullopt otherwise.
std::optional<std::string> script_dir_of(std::string_view dir,
                                         const std::map<std::string, std::string, std::less<>>& script_dirs) {
  if (!dir.starts_with("$")) return std::nullopt;
  std::string_view name = dir.substr(1);
  const bool braced = name.starts_with("{");
  if (braced) name.remove_prefix(1);
  size_t n = 0;
  while (n < name.size() && (std::isalnum(static_cast<unsigned char>(name[n])) != 0 || name[n] == '_')) ++n;
  if (braced && (n >= name.size() || name[n] != '}')) return std::nullopt;
  const std::string_view rest = name.substr(std::min(n + (braced ? 1 : 0), name.size()));
  const auto known = script_dirs.find(name.substr(0, n));
  if (known == script_dirs.end() || (!rest.empty() && rest.front() != '/') ||
      rest.find('$') != std::string_view::npos) {
    return std::nullopt;
  }
  return path::normalize(known->second + std::string(rest));
}

// The variables a script sets to its own directory or one relative to it, by that relative path:
// `SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"` is ".", `PROJECT_ROOT="$(cd "$SCRIPT_DIR/.." &&
// pwd)"` is ".." (rw49 supavisor's scripts/jit_dev_setup.sh, which then runs `cd "$PROJECT_ROOT"`).
std::map<std::string, std::string, std::less<>> script_dir_variables(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string line;
    for (const char c : text.substr(pos, eol - pos)) {
      if (c != '"') line += c;  // quotes do not change the path a line names
    }
    pos = eol + 1;
    // `$( cd "$( dirname "$0" )" && pwd )` as `$(cd $(dirname $0) && pwd)`
    for (size_t at = line.find("$( "); at != std::string::npos; at = line.find("$( ", at)) line.erase(at + 2, 1);
    for (size_t at = line.find(" )"); at != std::string::npos; at = line.find(" )", at)) line.erase(at, 1);
    std::string_view l = line;
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    for (const std::string_view keyword : {"export ", "local ", "readonly "}) {
      if (l.starts_with(keyword)) l.remove_prefix(keyword.size());
    }
    const size_t eq = l.find('=');
    if (eq == std::string_view::npos || !is_variable_name(l.substr(0, eq))) continue;
    std::string_view value = l.substr(eq + 1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
    if (!value.starts_with("$(") || !value.ends_with(")")) continue;
    value = value.substr(2, value.size() - 3);
    if (value.starts_with("cd ")) value.remove_prefix(3);
    for (const std::string_view tail : {" && pwd -P", " && pwd", "; pwd"}) {
      if (value.ends_with(tail)) value.remove_suffix(tail.size());
    }
    std::string base;
    for (const std::string_view own : {"$(dirname $0)", "$(dirname ${0})", "$(dirname ${BASH_SOURCE[0]})",
                                       "$(dirname $BASH_SOURCE)", "dirname $0"}) {
      if (value.starts_with(own)) {
        base = ".";
        value.remove_prefix(own.size());
        break;
      }
    }
    if (value.find_first_of(" ;&|") != std::string_view::npos) continue;
    if (base.empty()) {  // `$SCRIPT_DIR/..`: relative to a directory found before
      if (auto dir = script_dir_of(value, out)) out[std::string(l.substr(0, eq))] = std::move(*dir);
      continue;
    }
    if ((!value.empty() && value.front() != '/') || value.find('$') != std::string_view::npos) continue;
    out[std::string(l.substr(0, eq))] = path::normalize(base + std::string(value));
  }
  return out;
}

}  // namespace

namespace {

// `cd DIR` from `directory` (nullopt: somewhere unknown). An absolute directory or one a variable
// names leaves where the script is unknown; on a server, an absolute one is the checkout (rw132
// BB_monitoring's ssh-action script).
void move_to(std::optional<std::string>& directory, std::string_view dir, bool remote_checkout) {
  if (remote_checkout && dir.starts_with("/") && dir.find('$') == std::string_view::npos) {
    directory = std::string();
  } else if (!directory || dir.empty() || dir.find('$') != std::string_view::npos || dir.front() == '/' ||
             dir.front() == '~') {
    directory.reset();
  } else {
    directory = directory->empty() ? std::string(dir) : *directory + "/" + std::string(dir);
  }
}

}  // namespace

std::vector<ScriptComposeCommand> script_compose_commands(std::string_view text, bool remote_checkout) {
  std::vector<ScriptComposeCommand> out;
  const std::map<std::string, std::string, std::less<>> script_dirs = script_dir_variables(text);
  bool script_relative = false;
  std::optional<std::string> directory = std::string();  // nullopt: moved somewhere unknown
  // `local compose_file="docker-compose/cassandra/v$major_version/docker-compose.yaml"` (rw45 jaeger's
  // scripts/e2e, a function's `compose_file=$1` before it): what `-f "$compose_file"` may name, every
  // value the script assigns the name but a positional parameter, their own variables left for
  // runs_project to match.
  std::map<std::string, std::vector<std::string>, std::less<>> assigned;
  for_each_command(text, [&](const std::string& command, uint32_t) {
    const std::vector<std::string_view> w = words_of(command);
    for (size_t i = 0; i < w.size(); ++i) {
      const size_t eq = w[i].find('=');
      if (eq == std::string_view::npos || !is_variable_name(w[i].substr(0, eq)) ||
          (i > 0 && w[i - 1] != "local" && w[i - 1] != "export")) {
        continue;
      }
      const std::string value(unquote(w[i].substr(eq + 1)));
      const size_t digit = value.starts_with("${") ? 2 : 1;
      const bool positional =
          value.size() > digit && value[0] == '$' && std::isdigit(static_cast<unsigned char>(value[digit])) != 0;
      auto& values = assigned[std::string(w[i].substr(0, eq))];
      if (!value.empty() && !(positional && value.find('/') == std::string::npos) && values.size() < 4 &&
          std::find(values.begin(), values.end(), value) == values.end()) {
        values.push_back(value);
      }
    }
  });
  const auto named = [&assigned](std::string_view file) -> std::vector<std::string> {
    std::string_view name = file;
    if (name.starts_with("${") && name.ends_with("}")) {
      name = name.substr(2, name.size() - 3);
    } else if (name.starts_with("$")) {
      name.remove_prefix(1);
    } else {
      return {std::string(file)};
    }
    const auto it = is_variable_name(name) ? assigned.find(name) : assigned.end();
    if (it == assigned.end() || it->second.empty()) return {std::string(file)};
    return it->second;
  };
  for_each_command(text, [&](const std::string& command, uint32_t first) {
    const std::vector<std::string_view> w = words_of(command);
    int substitution = 0;  // inside `$(...)`: a subshell, whose `cd` leaves the script where it is
    for (size_t i = 0; i < w.size(); ++i) {
      if (w[i].front() == '#') break;
      const int opened = substitution;
      for (size_t at = w[i].find("$("); at != std::string_view::npos; at = w[i].find("$(", at + 2)) ++substitution;
      substitution -= static_cast<int>(std::count(w[i].begin(), w[i].end(), ')'));
      substitution = std::max(substitution, 0);
      // `HERE="$(cd "$(dirname "$0")" && pwd)"` (rw42 pgcat's dev/script/console).
      if (w[i] == "cd" && opened > 0) continue;
      if (w[i] == "cd" && i + 1 < w.size()) {
        const std::string_view dir = unquote(w[i + 1]);
        if (auto own = script_dir_of(dir, script_dirs)) {
          directory = std::move(own);
          script_relative = true;
          ++i;
          continue;
        }
        move_to(directory, dir, remote_checkout);
        ++i;
        continue;
      }
      const bool plugin = w[i] == "docker" && i + 1 < w.size() && w[i + 1] == "compose";
      if (!plugin && w[i] != "docker-compose") continue;
      if (!directory) continue;
      // `command -v docker-compose`, `which docker-compose`: a test for the program, which runs nothing
      // (rw44 AI4Bharat's deploy-dev script).
      if (i > 0 && (w[i - 1] == "which" || w[i - 1] == "type" || w[i - 1] == "hash" ||
                    (i > 1 && w[i - 2] == "command" && (w[i - 1] == "-v" || w[i - 1] == "-V")))) {
        continue;
      }
      ScriptComposeCommand c{
          .directory = *directory, .script_relative = script_relative, .files = {}, .subcommand = {}, .line = first};
      std::vector<std::vector<std::string>> files;  // each -f, with what a variable there may name
      for (size_t k = i + (plugin ? 2 : 1); k < w.size(); ++k) {
        const std::string_view a = w[k];
        if ((a == "-f" || a == "--file") && k + 1 < w.size()) {
          files.push_back(named(unquote(w[++k])));
        } else if (a.starts_with("--file=")) {
          files.push_back(named(unquote(a.substr(7))));
        } else if (takes_value(a) && k + 1 < w.size()) {
          ++k;  // `-p name`: the value is not the subcommand
        } else if (!a.starts_with("-") && a.find('=') == std::string_view::npos) {
          c.subcommand = std::string(a);
          i = k;
          break;  // the subcommand: its own flags follow
        }
      }
      // One command for each choice of the variables' values (a few: each has at most 4).
      std::vector<std::vector<std::string>> choices{{}};
      for (const std::vector<std::string>& alternatives : files) {
        std::vector<std::vector<std::string>> next;
        for (const std::vector<std::string>& done : choices) {
          for (const std::string& f : alternatives) {
            if (next.size() >= 8) break;
            next.push_back(done);
            next.back().push_back(f);
          }
        }
        choices = std::move(next);
      }
      for (std::vector<std::string>& chosen : choices) {
        ScriptComposeCommand one = c;
        one.files = std::move(chosen);
        out.push_back(std::move(one));
      }
    }
  });
  return out;
}

namespace {

// `sentinel-$i.conf` as the glob `sentinel-*.conf`: each `$NAME`, `${...}` or `$(...)` matches any run.
std::string as_glob(std::string_view target) {
  std::string out;
  for (size_t i = 0; i < target.size(); ++i) {
    const char c = target[i];
    if (c == '*' || c == '?' || c == '[') return {};  // the script's own glob: not a file it names
    if (c != '$') {
      out += c;
      continue;
    }
    if (i + 1 < target.size() && (target[i + 1] == '{' || target[i + 1] == '(')) {
      const size_t close = target.find(target[i + 1] == '{' ? '}' : ')', i + 2);
      if (close == std::string_view::npos) return {};
      i = close;
    } else {
      while (i + 1 < target.size() &&
             (std::isalnum(static_cast<unsigned char>(target[i + 1])) != 0 || target[i + 1] == '_')) {
        ++i;
      }
    }
    if (out.empty() || out.back() != '*') out += '*';
  }
  return out;
}

// The file name each variable of a script is assigned (`OUTPUT_FILE="$(dirname "$0")/.env"`: .env),
// from lines `NAME=value` (after `export`, `local` or `readonly`); the last assignment wins.
std::map<std::string, std::string, std::less<>> assigned_file_names(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    for (const std::string_view keyword : {"export ", "local ", "readonly "}) {
      if (line.starts_with(keyword)) line.remove_prefix(keyword.size());
    }
    const size_t eq = line.find('=');
    if (eq == 0 || eq == std::string_view::npos) continue;
    const std::string_view var = line.substr(0, eq);
    if (!std::all_of(var.begin(), var.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }))
      continue;
    std::string_view value = line.substr(eq + 1);
    value = value.substr(0, std::min(value.find(" #"), value.size()));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == ';'))
      value.remove_suffix(1);
    while (!value.empty() && (value.back() == '"' || value.back() == '\'' || value.back() == '\r'))
      value.remove_suffix(1);
    const size_t slash = value.rfind('/');
    if (slash != std::string_view::npos) value.remove_prefix(slash + 1);
    while (!value.empty() && (value.front() == '"' || value.front() == '\'')) value.remove_prefix(1);
    out[std::string(var)] = std::string(value);
  }
  return out;
}

}  // namespace

bool script_writes(std::string_view text, const std::string& name) {
  bool found = false;
  const auto assigned = assigned_file_names(text);
  const auto names_it = [&](std::string_view target) {
    target = unquote(target);
    // `> "$OUTPUT_FILE"`: the file the script assigned that variable.
    if (target.starts_with('$')) {
      std::string_view var = target.substr(1);
      if (var.starts_with('{') && var.ends_with('}')) var = var.substr(1, var.size() - 2);
      if (const auto it = assigned.find(var); it != assigned.end()) target = it->second;
    }
    // A file written into a folder of that name makes the folder too (`htpasswd -bc
    // ./nginx/auth/site.htpasswd`, rw259 sagarmemane135: the mounted `./nginx/auth`).
    for (size_t slash = target.find('/'); slash != std::string_view::npos && !found; slash = target.find('/')) {
      found = target.substr(0, slash) == name;
      target.remove_prefix(slash + 1);
    }
    const std::string glob = as_glob(target);
    // A pattern that starts with a variable (`$OUT`, `$name.conf`) could be any file.
    if (glob.empty() || glob.front() == '*') return;
    if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) found = true;
  };
  for_each_command(text, [&](const std::string& command, uint32_t) {
    const std::vector<std::string_view> w = words_of(command);
    for (size_t i = 0; i < w.size() && !found; ++i) {
      if (w[i].front() == '#') break;
      std::string_view word = w[i];
      if (word.starts_with("1>")) word.remove_prefix(1);
      if (word.front() == '>') {
        word.remove_prefix(word.starts_with(">>") ? 2 : 1);
        if (word.empty() && i + 1 < w.size()) word = w[++i];
        if (!word.empty() && word.front() != '&') names_it(word);
      } else if (word == "tee") {
        for (size_t k = i + 1; k < w.size() && w[k].front() != '>'; ++k) {
          if (w[k].front() != '-') names_it(w[k]);
        }
      } else if (word == "cp" || word == "mv") {
        size_t operand = 0;
        for (size_t k = i + 1; k < w.size() && w[k].front() != '>'; ++k) {
          if (w[k].front() == '-') continue;
          if (++operand == 2) names_it(w[k]);
        }
      } else if (word == "mkdir") {
        for (size_t k = i + 1; k < w.size() && w[k].front() != '>'; ++k) {
          if (w[k].front() != '-') names_it(w[k]);
        }
      } else if (word == "htpasswd") {
        // `htpasswd [-cbB] [-C cost] FILE USER`: FILE is written, unless -n prints to stdout.
        for (size_t k = i + 1; k < w.size() && w[k].front() != '>'; ++k) {
          if (w[k].front() != '-') {
            names_it(w[k]);
            break;
          }
          if (w[k].find('n') != std::string_view::npos) break;
          if (w[k] == "-C" || w[k] == "-r") ++k;
        }
      }
    }
  });
  return found;
}

bool script_tests_for(std::string_view text, const std::string& name) {
  bool found = false;
  for_each_command(text, [&](const std::string& command, uint32_t) {
    const std::vector<std::string_view> w = words_of(command);
    for (size_t i = 0; i + 1 < w.size() && !found; ++i) {
      if (w[i].front() == '#') break;
      if (w[i] != "-f" && w[i] != "-e" && w[i] != "-s" && w[i] != "-r") continue;
      if (i > 0 && (w[i - 1] == "rm" || w[i - 1] == "compose" || w[i - 1] == "docker-compose")) continue;
      std::string_view target = unquote(w[i + 1]);
      if (target.starts_with("./")) target.remove_prefix(2);
      found = target == name;
    }
  });
  return found;
}

bool is_default_compose_name(std::string_view name) {
  return name == "compose.yaml" || name == "compose.yml" || name == "docker-compose.yml" ||
         name == "docker-compose.yaml";
}

namespace {

// A path from the directory stacklint runs in, made absolute by the words alone: a workflow of the
// repository's top level names `deploy/compose.yaml` as `../deploy/compose.yaml` when stacklint runs
// in deploy/, where the stack's own file is `compose.yaml` (rw224 ampy-observability).
std::string from_root(const std::string& p) {
  static const std::string cwd = [] {
    std::error_code ec;
    return std::filesystem::current_path(ec).string();
  }();
  return path::normalize(path::is_absolute(p) || cwd.empty() ? p : path::join(cwd, p));
}

}  // namespace

bool runs_project(const std::vector<std::string>& files, const std::string& at, const std::vector<std::string>& given,
                  bool without_f) {
  if (given.empty()) return false;
  std::vector<std::string> ours;
  for (const std::string& f : given) ours.push_back(from_root(f));
  // `-f "$COMPOSE"` (rw24 hybrid-ops-lab's smoke-test.sh sets COMPOSE="$HERE/docker-compose.yml"): a
  // file a variable names reads as the directory's own compose file, as a command without -f does.
  const bool named_by_variables = !files.empty() && std::all_of(files.begin(), files.end(), [](const std::string& f) {
    return f.starts_with('$') && !below_script_dir(f);
  });
  if (files.empty() || named_by_variables) {
    return without_f && from_root(at) == path::dirname(ours.front()) &&
           is_default_compose_name(path::basename(ours.front()));
  }
  return std::any_of(files.begin(), files.end(), [&](const std::string& f) {
    // `-f "${HERE}/../docker-compose.yaml"`: from the script's own directory (rw42 pgcat).
    const std::string relative(f.starts_with('$') ? below_script_dir(f).value_or(std::string_view(f)) : f);
    const std::string full = from_root(path::join(at, relative));
    if (std::find(ours.begin(), ours.end(), full) != ours.end()) return true;
    // `docker-compose/cassandra/v$major_version/docker-compose.yaml`: a variable inside the path
    // matches any run of one directory's name.
    if (relative.find('$') == std::string::npos || relative.starts_with('$')) return false;
    const std::string glob = as_glob(full);
    return !glob.empty() && std::any_of(ours.begin(), ours.end(), [&](const std::string& o) {
      return fnmatch(glob.c_str(), o.c_str(), FNM_PATHNAME) == 0;
    });
  });
}

std::vector<std::pair<std::string, uint32_t>> readme_exports(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> out;
  Continued command;
  bool fenced = false;
  bool dotenv_block = false;  // a block the prose before it tells to put in `.env`
  std::string_view prose;     // the last line of prose
  uint32_t line = 1;
  for (size_t pos = 0; pos < text.size(); ++line) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t b = l.find_first_not_of(" \t");
    if (b != std::string_view::npos && (l.substr(b).starts_with("```") || l.substr(b).starts_with("~~~"))) {
      fenced = !fenced;
      dotenv_block = fenced && (mentions_dotenv(prose) || names_environment_variables(prose));
      command.clear();
      continue;
    }
    if (!fenced && b != std::string_view::npos && l.find_first_not_of(" \t\r") != std::string_view::npos) prose = l;
    if (fenced) {
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      // "Add to your root `.env` file:" and then `KOLIBRI_OAUTH_CLIENT_ID=...` (rw22 homelab): the
      // README documents the variable as the template of `.env` would.
      if (const size_t eq = l.find('='); dotenv_block && eq != std::string_view::npos) {
        std::string_view name = l.substr(0, eq);
        const size_t start = name.find_first_not_of(" \t");
        name.remove_prefix(std::min(start, name.size()));
        if (name.starts_with("export ")) name.remove_prefix(7);
        if (is_variable_name(name)) {
          out.emplace_back(std::string(name), line);
          continue;
        }
      }
      const size_t prompt = l.find_first_not_of(" \t$>");  // `$ TAG=1 docker compose up`
      if (!command.add(l.substr(std::min(prompt, l.size())), line)) continue;
      command_exports(command.text(), command.first(), out);
      command.clear();
      continue;
    }
    // Inline code of prose: "start it with `TAG=<tag> docker compose up`".
    for (size_t open = l.find('`'); open != std::string_view::npos; open = l.find('`', open + 1)) {
      const size_t close = l.find('`', open + 1);
      if (close == std::string_view::npos) break;
      command_exports(l.substr(open + 1, close - open - 1), line, out);
      open = close;
    }
  }
  return out;
}

bool says_copy_to_dotenv(std::string_view text) {
  size_t pos = 0;
  for (int n = 0; n < 40 && pos < text.size(); ++n) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t i = l.find_first_not_of(" \t\r");
    if (i == std::string_view::npos) continue;
    if (l[i] != '#') break;  // the leading comment block ends at the first setting
    const std::string low = ascii_lower(l);
    const bool verb = low.find("copy") != std::string::npos || low.find("rename") != std::string::npos ||
                      low.find("cp ") != std::string::npos || low.find("mv ") != std::string::npos;
    if (verb && mentions_dotenv(low)) return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> dotenv_copies(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.find(".env") == std::string_view::npos) continue;  // no destination .env on this line
    const std::vector<std::string_view> w = words_of(line);
    for (size_t k = 0; k < w.size(); ++k) {
      if (w[k] != "cp" && w[k] != "mv") continue;
      std::vector<std::string_view> args;
      for (size_t a = k + 1; a < w.size() && args.size() < 3; ++a) {
        if (w[a].front() == '-') continue;
        args.push_back(unquote(w[a]));
      }
      if (args.size() < 2) continue;
      const std::string_view dest = args[1];
      const bool to_dotenv = dest == ".env" || dest.ends_with("/.env");
      if (to_dotenv && args[0].find('$') == std::string_view::npos && args[0] != ".env")
        out.emplace_back(std::string(args[0]), std::string(dest));
    }
  }
  return out;
}

namespace {

// Whether a compose command line runs one of the files `runs_file` accepts: true without a `-f` /
// `--file` of its own, or when one of them is written with a variable (a path of the script's making).
bool runs_one_of(const std::vector<std::string_view>& w, const std::function<bool(std::string_view)>& runs_file) {
  bool named = false;
  for (size_t k = 0; k < w.size(); ++k) {
    std::string_view file;
    if ((w[k] == "-f" || w[k] == "--file") && k + 1 < w.size()) {
      file = unquote(w[k + 1]);
    } else if (w[k].starts_with("--file=")) {
      file = unquote(w[k].substr(7));
    } else {
      continue;
    }
    if (file.empty() || file.find('$') != std::string_view::npos || runs_file(file)) return true;
    named = true;
  }
  return !named;
}

}  // namespace

std::vector<std::string> env_file_arguments(std::string_view text,
                                            const std::function<bool(std::string_view)>& runs_file) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.find("--env-file") == std::string_view::npos) continue;
    if (line.find("docker compose") == std::string_view::npos && line.find("docker-compose") == std::string_view::npos)
      continue;
    const std::vector<std::string_view> w = words_of(line);
    if (runs_file && !runs_one_of(w, runs_file)) continue;
    for (size_t k = 0; k < w.size(); ++k) {
      std::string_view file;
      if (w[k] == "--env-file" && k + 1 < w.size()) {
        file = unquote(w[k + 1]);
      } else if (w[k].starts_with("--env-file=")) {
        file = unquote(w[k].substr(11));
      } else {
        continue;
      }
      if (!file.empty() && file.find('$') == std::string_view::npos && file != ".env") out.emplace_back(file);
    }
  }
  return out;
}

bool is_env_template_name(std::string_view name) {
  // The name's words, split at '.', '_' and '-'.
  std::vector<std::string_view> words;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.' || name[i] == '_' || name[i] == '-') {
      if (i > start) words.push_back(name.substr(start, i - start));
      start = i + 1;
    }
  }
  const auto is_template_word = [](std::string_view w) {
    return w == "example" || w == "sample" || w == "template" || w == "tmpl" || w == "dist";
  };
  if (words.size() < 2) return false;
  if (words.front() == "env" && (name.front() == '.' || name.front() == 'e')) {
    return std::any_of(words.begin() + 1, words.end(), is_template_word);
  }
  // `example.env`, and with a word before it: `docker-example.env` (rw71 go-dnscollector, whose docs
  // fetch it as .env).
  if (words.size() == 2) return words.back() == "env" && is_template_word(words.front()) && name.back() == 'v';
  return words.size() == 3 && words.back() == "env" && name.ends_with(".env") && is_template_word(words[1]);
}

namespace {

// The `compose:` files of the `docker_stack` tasks of an Ansible file: a line `docker_stack:` (the
// module, by any collection prefix), then, among the lines indented deeper, `compose:` with a flow
// list or with `- FILE` items below it.
void ansible_stack_files(std::string_view text, std::vector<std::pair<std::string, uint32_t>>& out) {
  const auto indent_of = [](std::string_view l) { return l.find_first_not_of(' '); };
  size_t module_indent = std::string_view::npos;  // the `docker_stack:` line's, while inside its task
  size_t list_indent = std::string_view::npos;    // the `compose:` key's, while reading its items
  uint32_t line = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    const size_t indent = indent_of(l);
    if (indent == std::string_view::npos || l[indent] == '#') continue;
    const std::string_view body = l.substr(indent);
    const size_t module_at = body.size() - std::min<size_t>(body.size(), 13);  // where `docker_stack:` starts
    if (body.ends_with("docker_stack:") &&
        (module_at == 0 || body[module_at - 1] == '.' || body[module_at - 1] == ' ')) {
      module_indent = indent;
      list_indent = std::string_view::npos;
      continue;
    }
    if (module_indent == std::string_view::npos) continue;
    if (indent <= module_indent) {
      module_indent = std::string_view::npos;
      continue;
    }
    if (list_indent != std::string_view::npos && indent >= list_indent && body.starts_with("- ")) {
      out.emplace_back(std::string(unquote(trim(body.substr(2)))), line);
      continue;
    }
    list_indent = std::string_view::npos;
    if (!body.starts_with("compose:")) continue;
    std::string_view rest = trim(body.substr(8));
    if (rest.empty()) {
      list_indent = indent;
    } else if (rest.front() == '[' && rest.back() == ']') {
      rest = rest.substr(1, rest.size() - 2);
      for (size_t b = 0; b <= rest.size();) {
        const size_t e = std::min(rest.find(',', b), rest.size());
        if (const std::string_view item = unquote(trim(rest.substr(b, e - b))); !item.empty()) {
          out.emplace_back(std::string(item), line);
        }
        b = e + 1;
      }
    } else {
      out.emplace_back(std::string(unquote(rest)), line);
    }
  }
}

}  // namespace

std::vector<std::string> sourced_scripts(std::string_view text) {
  std::vector<std::string> out;
  if (text.find("source ") == std::string_view::npos && text.find(". ") == std::string_view::npos) return out;
  const std::map<std::string, std::string, std::less<>> script_dirs = script_dir_variables(text);
  for_each_command(text, [&](const std::string& command, uint32_t) {
    const std::vector<std::string_view> w = words_of(command);
    if (w.size() < 2 || (w[0] != "source" && w[0] != ".")) return;
    const std::string_view named = unquote(w[1]);
    if (named.starts_with("$")) {
      if (auto p = script_dir_of(named, script_dirs)) out.push_back(std::move(*p));
    } else if (!named.empty() && named.front() != '/' && named.find('$') == std::string_view::npos) {
      out.push_back(path::normalize(std::string(named)));
    }
  });
  return out;
}

std::vector<std::pair<std::string, uint32_t>> stack_deploy_files(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> out;
  if (text.find("docker_stack") != std::string_view::npos) ansible_stack_files(text, out);
  if (text.find("stack deploy") == std::string_view::npos) return out;
  for_each_command(text, [&](const std::string& command, uint32_t first) {
    const std::vector<std::string_view> w = words_of(command);
    for (size_t i = 0; i + 2 < w.size(); ++i) {
      if (w[i] != "docker" || w[i + 1] != "stack" || (w[i + 2] != "deploy" && w[i + 2] != "up")) continue;
      for (size_t j = i + 3; j + 1 < w.size(); ++j) {
        if (w[j] == "-c" || w[j] == "--compose-file") out.emplace_back(std::string(unquote(w[j + 1])), first);
      }
      break;
    }
  });
  return out;
}

std::vector<std::string> ansible_env_templates(std::string_view text) {
  std::vector<std::string> out;
  std::string src;
  std::string dest;
  const auto flush = [&] {
    if (!src.empty() && (dest.ends_with("/.env") || dest == ".env")) out.push_back(src);
    src.clear();
    dest.clear();
  };
  for (size_t pos = 0; pos < text.size();) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t b = line.find_first_not_of(" \t");
    if (b == std::string_view::npos) continue;
    line.remove_prefix(b);
    if (line.starts_with("- ")) flush();  // a new task
    if (line.starts_with("- ")) line.remove_prefix(2);
    for (const auto& [key, value] :
         {std::pair{std::string_view("src:"), &src}, std::pair{std::string_view("dest:"), &dest}}) {
      if (!line.starts_with(key)) continue;
      std::string_view v = line.substr(key.size());
      v.remove_prefix(std::min(v.find_first_not_of(" \t"), v.size()));
      while (!v.empty() && (v.back() == ' ' || v.back() == '\r')) v.remove_suffix(1);
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
      *value = std::string(v);
    }
  }
  flush();
  return out;
}

}  // namespace stacklint::compose
