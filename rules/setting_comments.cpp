#include "rules/setting_comments.h"

#include <algorithm>
#include <cstdint>

namespace stacklint::rules {

namespace {

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

size_t indent_of(std::string_view line) {
  return std::min(line.find_first_not_of(" \t"), line.size());
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

}  // namespace stacklint::rules
