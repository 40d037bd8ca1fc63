#include "rules/setting_comments.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

#include "linter/source/text.h"

namespace stacklint::rules {

namespace {

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

size_t indent_of(std::string_view line) {
  return std::min(line.find_first_not_of(" \t"), line.size());
}

// A comment that tells the reader to put their own value there (not "do not change"). `own_key`: the
// name of the setting the comment is read for, when known.
bool asks_to_replace(std::string_view comment, std::string_view own_key = {}) {
  const std::string c = ascii_lower(comment);
  // Also in Spanish, Portuguese, Italian, French, German, Russian and Chinese ("# Cambia esto", rw119
  // CFBC; "не меняйте").
  for (const std::string_view no :
       {"not change",   "n't change",   "never change", "not be changed", "no need to change",
        "not replace",  "n't replace",  "not modify",   "n't modify",     "no cambi",
        "no modifi",    "não alter",    "não mud",      "non cambi",      "non modific",
        "ne pas chang", "ne pas modif", "ne pas rempl", "nicht ändern",   "nicht verändern",
        "не измен",     "не мен",       "не замен",     "不要修改",       "请勿修改",
        "勿改"}) {
    if (c.find(no) != std::string::npos) return false;
  }
  // "# Set SLACK_WEBHOOK_URL in .env for real alerts" (rw94 vitar): set, then a variable's name.
  for (size_t at = c.find("set "); at != std::string::npos; at = c.find("set ", at + 1)) {
    const std::string_view after = comment.substr(at + 4);
    const size_t end = std::min(after.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"), after.size());
    // Another variable's (`# To enable the slim mode only, set COMPOSE_PROFILES=slim` heading the
    // block of getsentry's .env, rw209): an option of that one, not a blank of this one.
    if (end >= 3 && std::isupper(static_cast<unsigned char>(after[0])) != 0 &&
        after.substr(0, end).find('_') != std::string_view::npos &&
        (own_key.empty() || after.substr(0, end) == own_key)) {
      return true;
    }
  }
  // ("# placeholder: replace with your incident webhook", "# black hole until you set your Slack webhook
  // here", "# Set the webhook URL below before deploying", rw92 and rw94; "## TBD: token slack" above a
  // Slack URL cut at /services/.)
  for (const std::string_view ask :
       {"change",   "replace",   "adjust",      "generat",       "random",    "pwgen",    "openssl rand", "your own",
        "modify",   "fill in",   "update this", "update the",    "update it", "set your", "set the",      "set this",
        "override", "overwrite", "placeholder", "before deploy", "tbd",       "todo",     "dummy",        "cambia",
        "reemplaz", "sustitu",   "alterar",     "altere",        "mudar",     "substitu", "troque",       "sostitu",
        "remplace", "remplacer", "ändern",      "ersetze",       "anpassen",  "измени",   "замени",       "поменя",
        "修改",     "替换",      "更改",        "교체",          "변경",      "置き換",   "変更"}) {
    // At the start of a word: `# MQTT (unchanged)` and "exchange" ask nothing (rw227 ambulant-plus-core).
    for (size_t at = c.find(ask); at != std::string::npos; at = c.find(ask, at + 1)) {
      if (at == 0 || std::isalpha(static_cast<unsigned char>(c[at - 1])) == 0) return true;
    }
  }
  return false;
}

}  // namespace

std::string_view comment_of(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(i + 1);
    }
  }
  return {};
}

bool comment_only(std::string_view line) {
  const size_t b = line.find_first_not_of(" \t");
  return b != std::string_view::npos && line[b] == '#';
}

std::vector<std::string_view> setting_comments(const Stack& stack, const Location& loc) {
  std::vector<std::string_view> out;
  if (!loc.valid() || loc.line == 0) return out;
  const StackFile* f = stack.find_file(loc.file);
  if (f == nullptr || !f->source) return out;
  const SourceFile& src = *f->source;
  const std::string_view at = src.line_text(loc.line);
  if (const std::string_view own = comment_of(at); !own.empty()) out.push_back(own);
  constexpr uint32_t kGroup = 8;
  bool in_comments = false;
  for (uint32_t l = loc.line - 1, seen = 0; l >= 1 && seen < kGroup; --l, ++seen) {
    const std::string_view line = src.line_text(l);
    if (blank(line)) break;
    if (comment_only(line)) {
      in_comments = true;
      out.push_back(comment_of(line));
      continue;
    }
    if (in_comments || indent_of(line) != indent_of(at)) break;
  }
  return out;
}

bool comment_asks_to_replace(std::string_view comment) {
  return asks_to_replace(comment);
}

bool value_asks_to_replace(std::string_view value) {
  // Words between blanks, `_` or `-`: `your_jwt_secret_key_change_this` (rw126 rhinometric) as
  // `random string ... just type random characters here!`.
  std::string words(value);
  std::replace_if(
      words.begin(), words.end(), [](char c) { return c == '_' || c == '-'; }, ' ');
  return std::count(words.begin(), words.end(), ' ') >= 3 && asks_to_replace(words);
}

namespace {

// The name of the setting written on a line (`KEY=value`, `- KEY=value`, `KEY: value`, `export KEY=`),
// upper case with an `_` as variables are; "" when the line starts with none.
std::string_view key_of_line(std::string_view line) {
  size_t b = std::min(line.find_first_not_of(" \t"), line.size());
  if (line.substr(b).starts_with("- ")) b = std::min(line.find_first_not_of(" \t", b + 2), line.size());
  if (line.substr(b).starts_with("export ")) b = std::min(line.find_first_not_of(" \t", b + 7), line.size());
  if (b < line.size() && (line[b] == '"' || line[b] == '\'')) ++b;
  size_t e = b;
  while (e < line.size() && (std::isupper(static_cast<unsigned char>(line[e])) != 0 ||
                             std::isdigit(static_cast<unsigned char>(line[e])) != 0 || line[e] == '_')) {
    ++e;
  }
  if (e == b || e == line.size() || (line[e] != '=' && line[e] != ':' && line[e] != '"' && line[e] != '\'')) return {};
  return line.substr(b, e - b);
}

}  // namespace

bool marked_for_replacement(const Stack& stack, const Location& loc) {
  const StackFile* f = loc.valid() && loc.line != 0 ? stack.find_file(loc.file) : nullptr;
  const std::string_view own_key = f != nullptr && f->source ? key_of_line(f->source->line_text(loc.line)) : "";
  const std::vector<std::string_view> comments = setting_comments(stack, loc);
  if (std::ranges::any_of(comments, [&](std::string_view c) { return asks_to_replace(c, own_key); })) return true;
  if (f == nullptr) return false;
  // A file the README tells the reader to edit ("Edit `prometheus/alertmanager.yml` to add your Slack
  // credentials", rw133): its values are the reader's to put in.
  if (stack.purpose.readme_edits.contains(f->path)) return true;
  if (!f->source) return false;
  const SourceFile& src = *f->source;
  // The header comment of an env file (`# Change these settings`) speaks of all of it, and so does an
  // Alertmanager config's (`# set the webhook URL below before deploying`, rw92 dominus).
  if (f->kind != FileKind::env && f->kind != FileKind::alertmanager) return false;
  for (uint32_t l = 1; l < loc.line; ++l) {
    const std::string_view line = src.line_text(l);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (!comment_only(line)) break;
    if (asks_to_replace(comment_of(line))) return true;
  }
  return false;
}

namespace {
constexpr uint32_t kOwnBlock = 3;
}  // namespace

bool holds_fill_in(std::string_view value) {
  static constexpr std::array<std::string_view, 24> kHtml = {
      "a",   "b",    "i",     "u",  "s",  "p",  "br", "hr", "em", "strong", "code", "pre",
      "div", "span", "table", "tr", "td", "th", "ul", "ol", "li", "small",  "img",  "blockquote"};
  for (size_t open = value.find('<'); open != std::string_view::npos; open = value.find('<', open + 1)) {
    const size_t close = value.find_first_of("<>", open + 1);
    if (close == std::string_view::npos) return false;
    if (value[close] == '<') continue;
    // A regular expression's named group (`(?P<name>...)`, `(?<name>...)`) is none.
    if (open > 0 && (value[open - 1] == '?' || (open > 1 && value[open - 1] == 'P' && value[open - 2] == '?')))
      continue;
    const std::string_view inner = trim_blanks(value.substr(open + 1, close - open - 1));
    if (inner.empty() || inner.size() > 40) continue;
    const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || (c & 0x80) != 0; };
    if (!letter(inner.front())) continue;
    const bool name = std::all_of(inner.begin(), inner.end(), [&letter](char c) {
      return letter(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == '_' || c == '-' ||
             c == '.';
    });
    const std::string lower = ascii_lower(inner);
    if (name && std::find(kHtml.begin(), kHtml.end(), lower) == kHtml.end() &&
        !(lower.size() == 2 && lower[0] == 'h' && lower[1] >= '1' && lower[1] <= '6')) {
      return true;
    }
  }
  return false;
}

bool stack_is_template(const Stack& stack, const Location& at) {
  if (stack.purpose.fill_in.valid()) return true;
  int lines = 0;
  for (const StackFile& f : stack.files) {
    if (!f.source || f.kind == FileKind::rules || f.kind == FileKind::none) continue;
    const SourceFile& src = *f.source;
    const bool same = f.path == at.file.str();
    for (uint32_t l = 1; l <= src.line_count(); ++l) {
      // The lines around the value are its own block (a Slack receiver's `<webhook-id>` and
      // `#<channel-name>`, rw118 znndNode): one blank, not a template.
      if (same && l + kOwnBlock >= at.line && l <= at.line + kOwnBlock) continue;
      const std::string_view line = src.line_text(l);
      if (!comment_only(line) && holds_fill_in(line) && ++lines >= 2) return true;
    }
  }
  return false;
}

Location commented_out_service(const Stack& stack, std::string_view name) {
  for (const StackFile& f : stack.files) {
    if (f.kind != FileKind::compose || !f.source) continue;
    const std::string_view text = f.source->text();
    for (size_t pos = 0; pos < text.size();) {
      const size_t eol = std::min(text.find('\n', pos), text.size());
      std::string_view line = text.substr(pos, eol - pos);
      const size_t begin = pos;
      pos = eol + 1;
      const size_t hash = line.find_first_not_of(" \t");
      if (hash == std::string_view::npos || line[hash] != '#') continue;
      line.remove_prefix(hash + 1);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
      if (line.size() == name.size() + 1 && line.back() == ':' && line.starts_with(name)) {
        return f.source->span(static_cast<uint32_t>(begin + hash), static_cast<uint32_t>(eol));
      }
    }
  }
  return {};
}

}  // namespace stacklint::rules
