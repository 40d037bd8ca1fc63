// Maps byte offsets of a scalar's cooked value back into the file, by re-reading the scalar's raw
// text the way YAML cooks it (quotes, escapes, line folding, block indentation). The rebuilt value
// is compared with libyaml's; on any mismatch no mapping is returned (callers fall back to the
// node's start), so a mapping is either exact or absent.
#include <algorithm>
#include <string>

#include "linter/source/utf8.h"
#include "linter/yaml/yaml.h"

namespace stacklint::yaml {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_break(char c) { return c == '\n' || c == '\r'; }

struct Cooker {
  const std::string& raw;
  std::string out;
  std::vector<uint32_t> map;

  void emit(char c, uint32_t at) {
    out.push_back(c);
    map.push_back(at);
  }
  // Skips a line break at i (\r\n, \r or \n); returns the index after it.
  size_t skip_break(size_t i) const {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') return i + 2;
    return i + 1;
  }
};

// Flow scalars (plain, single- and double-quoted): fold line breaks, trim blanks around them.
bool cook_flow(Cooker& c, size_t begin, size_t end, ScalarStyle style) {
  const std::string& r = c.raw;
  size_t i = begin;
  char quote = 0;
  if (style == ScalarStyle::single_quoted || style == ScalarStyle::double_quoted) {
    quote = r[i];
    ++i;
    --end;  // the closing quote
  }
  while (i < end) {
    const char ch = r[i];
    if (is_blank(ch) || is_break(ch)) {
      // A run of blanks and breaks: blanks before a break are dropped; one break is a space,
      // n > 1 breaks are n - 1 newlines.
      size_t j = i;
      while (j < end && is_blank(r[j])) ++j;
      if (j >= end || !is_break(r[j])) {
        for (size_t k = i; k < j; ++k) c.emit(r[k], static_cast<uint32_t>(k));
        i = j;
        continue;
      }
      const size_t first_break = j;
      int breaks = 0;
      while (j < end && (is_blank(r[j]) || is_break(r[j]))) {
        if (is_break(r[j])) {
          ++breaks;
          j = c.skip_break(j);
        } else {
          ++j;
        }
      }
      if (breaks == 1) {
        c.emit(' ', static_cast<uint32_t>(first_break));
      } else {
        for (int k = 1; k < breaks; ++k) c.emit('\n', static_cast<uint32_t>(first_break));
      }
      i = j;
      continue;
    }
    if (quote == '\'' && ch == '\'' && i + 1 < end && r[i + 1] == '\'') {
      c.emit('\'', static_cast<uint32_t>(i));
      i += 2;
      continue;
    }
    if (quote == '"' && ch == '\\' && i + 1 < end) {
      const auto at = static_cast<uint32_t>(i);
      const char e = r[i + 1];
      if (is_break(e)) {  // escaped line break: joins lines without a space
        size_t j = c.skip_break(i + 1);
        while (j < end && is_blank(r[j])) ++j;
        i = j;
        continue;
      }
      auto hex = [&](size_t n) -> bool {
        if (i + 2 + n > end) return false;
        uint32_t cp = 0;
        for (size_t k = 0; k < n; ++k) {
          const char h = r[i + 2 + k];
          cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(h)) != 0 ? h - '0'
                                                : (std::tolower(static_cast<unsigned char>(h)) - 'a' + 10));
        }
        std::string utf8;
        append_utf8(utf8, cp);
        for (const char u : utf8) c.emit(u, at);
        i += 2 + n;
        return true;
      };
      char simple = 0;
      switch (e) {
        case '0': simple = '\0'; break;
        case 'a': simple = '\a'; break;
        case 'b': simple = '\b'; break;
        case 't': case '\t': simple = '\t'; break;
        case 'n': simple = '\n'; break;
        case 'v': simple = '\v'; break;
        case 'f': simple = '\f'; break;
        case 'r': simple = '\r'; break;
        case 'e': simple = '\x1b'; break;
        case ' ': simple = ' '; break;
        case '"': simple = '"'; break;
        case '/': simple = '/'; break;
        case '\\': simple = '\\'; break;
        case 'x': if (!hex(2)) return false; continue;
        case 'u': if (!hex(4)) return false; continue;
        case 'U': if (!hex(8)) return false; continue;
        default: return false;  // NEL, NBSP, LS, PS: rare; no mapping
      }
      c.emit(simple, at);
      i += 2;
      continue;
    }
    c.emit(ch, static_cast<uint32_t>(i));
    ++i;
  }
  return true;
}

// Block scalars: `|` keeps line breaks, `>` folds them between equally indented non-empty lines.
bool cook_block(Cooker& c, size_t begin, size_t end, ScalarStyle style) {
  const std::string& r = c.raw;
  size_t i = begin + 1;  // after '|' or '>'
  int explicit_indent = 0;
  char chomp = 0;
  while (i < end && !is_break(r[i]) && r[i] != '#') {
    if (r[i] == '-' || r[i] == '+') chomp = r[i];
    if (r[i] >= '1' && r[i] <= '9') explicit_indent = r[i] - '0';
    ++i;
  }
  while (i < end && !is_break(r[i])) ++i;  // comment after the header
  if (i >= end) return true;
  i = c.skip_break(i);
  // Collect the lines.
  struct Line {
    size_t start, end;
  };
  std::vector<Line> lines;
  while (i < end) {
    size_t j = i;
    while (j < end && !is_break(r[j])) ++j;
    lines.push_back({i, j});
    i = j < end ? c.skip_break(j) : j;
  }
  (void)chomp;
  // Indentation: explicit, else that of the first non-empty line.
  size_t indent = 0;
  if (explicit_indent > 0) {
    // Relative to the parent's indentation: unknown here; take the first line's leading spaces.
    explicit_indent = 0;
  }
  for (const auto& l : lines) {
    size_t k = l.start;
    while (k < l.end && r[k] == ' ') ++k;
    if (k < l.end) {
      indent = k - l.start;
      break;
    }
  }
  bool prev_content = false;   // previous line was a non-empty, non-more-indented line
  size_t pending_breaks = 0;   // line breaks not yet emitted
  uint32_t pending_at = 0;
  bool first = true;
  for (const auto& l : lines) {
    const size_t content = std::min(l.start + indent, l.end);
    const bool empty = content >= l.end;
    const bool more_indented = !empty && is_blank(r[content]);
    if (empty) {
      ++pending_breaks;
      continue;
    }
    if (!first) {
      if (style == ScalarStyle::folded && prev_content && !more_indented && pending_breaks == 1) {
        c.emit(' ', pending_at);
      } else {
        const size_t n = style == ScalarStyle::folded && prev_content && !more_indented ? pending_breaks - 1
                                                                                       : pending_breaks;
        for (size_t k = 0; k < n; ++k) c.emit('\n', pending_at);
      }
    } else {
      for (size_t k = 0; k < pending_breaks; ++k) c.emit('\n', static_cast<uint32_t>(l.start));
    }
    for (size_t k = content; k < l.end; ++k) c.emit(r[k], static_cast<uint32_t>(k));
    first = false;
    prev_content = !more_indented;
    pending_breaks = 1;
    pending_at = static_cast<uint32_t>(l.end);
  }
  // Trailing line breaks depend on chomping; the caller compares only the common prefix.
  return true;
}

}  // namespace

std::vector<uint32_t> cooked_to_raw_offsets(const SourceFile& file, ScalarSpan scalar, std::string_view value) {
  if (scalar.end <= scalar.begin) return {};
  Cooker c{.raw = file.text(), .out = {}, .map = {}};
  c.out.reserve(value.size());
  bool ok = false;
  switch (scalar.style) {
    case ScalarStyle::plain:
    case ScalarStyle::single_quoted:
    case ScalarStyle::double_quoted:
      ok = cook_flow(c, scalar.begin, scalar.end, scalar.style);
      break;
    case ScalarStyle::literal:
    case ScalarStyle::folded:
      ok = cook_block(c, scalar.begin, scalar.end, scalar.style);
      // Block scalars end with chomped line breaks the raw walk does not model: compare without them.
      while (!c.out.empty() && c.out.back() == '\n' && c.out.size() > value.size()) {
        c.out.pop_back();
        c.map.pop_back();
      }
      if (ok && c.out.size() < value.size() && value.compare(0, c.out.size(), c.out) == 0) {
        // Kept trailing breaks (`|+`, clip): map them to the end of the scalar.
        while (c.out.size() < value.size()) c.emit(value[c.out.size()], scalar.end);
      }
      break;
    case ScalarStyle::none:
      break;
  }
  if (!ok || c.out != value) return {};
  uint32_t end_offset = scalar.end;
  if (scalar.style == ScalarStyle::single_quoted || scalar.style == ScalarStyle::double_quoted) --end_offset;
  if (!c.map.empty() && (scalar.style == ScalarStyle::literal || scalar.style == ScalarStyle::folded)) {
    end_offset = c.map.back() + 1;
  }
  c.map.push_back(end_offset);
  return std::move(c.map);
}

std::vector<uint32_t> cooked_to_raw_offsets(const SourceFile& file, const Node& scalar) {
  if (!scalar.is_scalar()) return {};
  return cooked_to_raw_offsets(file, scalar.span(), scalar.value);
}

Location value_location(const SourceFile& file, ScalarSpan scalar, std::string_view value, uint32_t begin,
                        uint32_t end) {
  const std::vector<uint32_t> map = cooked_to_raw_offsets(file, scalar, value);
  if (map.empty()) return file.span(scalar.begin, scalar.end);
  begin = std::min<uint32_t>(begin, static_cast<uint32_t>(map.size() - 1));
  end = std::min<uint32_t>(std::max(begin, end), static_cast<uint32_t>(map.size() - 1));
  // The end maps through the last byte of the range (so a range never swallows a folded break).
  const uint32_t raw_end = end > begin ? map[end - 1] + 1 : map[begin];
  return file.span(map[begin], std::max(map[begin], raw_end));
}

Location Stream::value_location(const Node& scalar, uint32_t begin, uint32_t end) const {
  if (!scalar.is_scalar()) return location(scalar);
  return yaml::value_location(*source_, scalar.span(), scalar.value, begin, end);
}

}  // namespace stacklint::yaml
