#include "rules/setting_comments.h"

#include <algorithm>
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

// A comment that tells the reader to put their own value there (not "do not change").
bool asks_to_replace(std::string_view comment) {
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
    if (end >= 3 && std::isupper(static_cast<unsigned char>(after[0])) != 0 &&
        after.substr(0, end).find('_') != std::string_view::npos) {
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
        "修改",     "替换",      "更改"}) {
    if (c.find(ask) != std::string::npos) return true;
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

bool value_asks_to_replace(std::string_view value) {
  // Words between blanks, `_` or `-`: `your_jwt_secret_key_change_this` (rw126 rhinometric) as
  // `random string ... just type random characters here!`.
  std::string words(value);
  std::replace_if(words.begin(), words.end(), [](char c) { return c == '_' || c == '-'; }, ' ');
  return std::count(words.begin(), words.end(), ' ') >= 3 && asks_to_replace(words);
}

bool marked_for_replacement(const Stack& stack, const Location& loc) {
  const std::vector<std::string_view> comments = setting_comments(stack, loc);
  if (std::ranges::any_of(comments, asks_to_replace)) return true;
  const StackFile* f = loc.valid() && loc.line != 0 ? stack.find_file(loc.file) : nullptr;
  if (f == nullptr || !f->source) return false;
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

}  // namespace stacklint::rules
