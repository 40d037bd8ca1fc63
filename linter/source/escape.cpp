#include "linter/source/escape.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace stacklint {

namespace {

constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

std::string hex_escape(std::string_view prefix, uint32_t v) {
  std::string out(prefix);
  if (prefix == "\\u") out += "00";
  out += kHex[(v >> 4U) & 0xfU];
  out += kHex[v & 0xfU];
  return out;
}

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
size_t utf8_length(std::string_view s, size_t i, uint32_t& code_point) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  uint32_t min = 0;
  if (c < 0x80U) {
    code_point = c;
    return 1;
  }
  if (c >= 0xC2U && c <= 0xDFU) {
    n = 2;
    code_point = c & 0x1fU;
    min = 0x80;
  } else if (c >= 0xE0U && c <= 0xEFU) {
    n = 3;
    code_point = c & 0x0fU;
    min = 0x800;
  } else if (c >= 0xF0U && c <= 0xF4U) {
    n = 4;
    code_point = c & 0x07U;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0U) != 0x80U) return 0;
    code_point = (code_point << 6U) | (cc & 0x3fU);
  }
  if (code_point < min || code_point > 0x10FFFFU || (code_point >= 0xD800U && code_point <= 0xDFFFU)) return 0;
  return n;
}

// Length of the white space at s[i] as .NET's Char.IsWhiteSpace sees it (what the runner's
// TrimStart removes), 0 when none. C0/C1 controls are escaped before this runs.
size_t space_length(std::string_view s, size_t i) {
  const std::string_view r = s.substr(i);
  if (!r.empty() && (r[0] == ' ' || r[0] == '\t')) return 1;
  if (r.substr(0, 2) == "\xc2\xa0") return 2;
  if (r.size() < 3) return 0;
  const auto b1 = static_cast<unsigned char>(r[1]);
  const auto b2 = static_cast<unsigned char>(r[2]);
  switch (static_cast<unsigned char>(r[0])) {
    case 0xE1U:
      return b1 == 0x9AU && b2 == 0x80U ? 3 : 0;  // U+1680
    case 0xE2U:
      if (b1 == 0x80U && (b2 <= 0x8AU || b2 == 0xA8U || b2 == 0xA9U || b2 == 0xAFU)) return 3;  // U+2000..
      return b1 == 0x81U && b2 == 0x9FU ? 3 : 0;                                                // U+205F
    case 0xE3U:
      return b1 == 0x80U && b2 == 0x80U ? 3 : 0;  // U+3000
    default:
      return 0;
  }
}

}  // namespace

EscapedUnit escape_unit(std::string_view s, size_t i) {
  uint32_t cp = 0;
  const size_t n = utf8_length(s, i, cp);
  if (n == 0) return {.text = hex_escape("\\x", static_cast<unsigned char>(s[i])), .length = 1, .escaped = true};
  if ((cp < 0x20U && cp != '\t') || cp == 0x7fU) return {.text = hex_escape("\\x", cp), .length = 1, .escaped = true};
  if (cp >= 0x80U && cp <= 0x9fU) return {.text = hex_escape("\\u", cp), .length = n, .escaped = true};
  return {.text = std::string(s.substr(i, n)), .length = n, .escaped = false};
}

std::string escape_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  const auto printable = [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20U && c < 0x7fU;
  };
  while (i < s.size()) {
    // The common case: a run of printable ASCII, appended at once.
    const auto run = std::find_if_not(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), printable);
    const auto n = static_cast<size_t>(run - s.begin()) - i;
    if (n > 0) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    const EscapedUnit u = escape_unit(s, i);
    out += u.text;
    i += u.length;
  }
  return out;
}

std::string defuse_log_commands(std::string_view text) {
  // Most reports hold neither `::` nor `##[`: nothing to defuse.
  if (text.find("::") == std::string_view::npos && text.find("##[") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view line = text.substr(start, end - start);
    size_t first = 0;
    while (first < line.size()) {
      const size_t n = space_length(line, first);
      if (n == 0) break;
      first += n;
    }
    for (size_t i = 0; i < line.size(); ++i) {
      if (i == first && line.substr(i, 2) == "::") {
        out += "\\x3a";
      } else if (line[i] == '[' && i >= 2 && line[i - 1] == '#' && line[i - 2] == '#') {
        out += "\\x5b";
      } else {
        out += line[i];
      }
    }
    start = end;
  }
  return out;
}

}  // namespace stacklint
