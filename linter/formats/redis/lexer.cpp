#include "linter/formats/redis/lexer.h"

#include <array>
#include <limits>

#include "linter/source/text.h"

namespace stacklint::redis {

namespace {

bool c_isspace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<std::vector<Arg>> split_args(std::string_view line) {
  const size_t nul = line.find('\0');
  if (nul != std::string_view::npos) line = line.substr(0, nul);
  // at(i) is the byte at i, or '\0' past the end (the C string's terminator).
  auto at = [&](size_t i) { return i < line.size() ? line[i] : '\0'; };
  std::vector<Arg> out;
  size_t p = 0;
  while (true) {
    while (p < line.size() && c_isspace(line[p])) ++p;
    if (p >= line.size()) return out;
    Arg arg{.begin = static_cast<uint32_t>(p)};
    bool in_double = false;
    bool in_single = false;
    bool done = false;
    while (!done) {
      const char c = at(p);
      if (in_double) {
        if (c == '\\' && at(p + 1) == 'x' && is_hex(at(p + 2)) && is_hex(at(p + 3))) {
          arg.value.push_back(static_cast<char>(hex_value(at(p + 2)) * 16 + hex_value(at(p + 3))));
          p += 3;
        } else if (c == '\\' && at(p + 1) != '\0') {
          ++p;
          switch (at(p)) {
            case 'n':
              arg.value.push_back('\n');
              break;
            case 'r':
              arg.value.push_back('\r');
              break;
            case 't':
              arg.value.push_back('\t');
              break;
            case 'b':
              arg.value.push_back('\b');
              break;
            case 'a':
              arg.value.push_back('\a');
              break;
            default:
              arg.value.push_back(at(p));
              break;
          }
        } else if (c == '"') {
          if (at(p + 1) != '\0' && !c_isspace(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;
        } else {
          arg.value.push_back(c);
        }
      } else if (in_single) {
        if (c == '\\' && at(p + 1) == '\'') {
          ++p;
          arg.value.push_back('\'');
        } else if (c == '\'') {
          if (at(p + 1) != '\0' && !c_isspace(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;
        } else {
          arg.value.push_back(c);
        }
      } else {
        switch (c) {
          case ' ':
          case '\n':
          case '\r':
          case '\t':
          case '\0':
            done = true;
            break;
          case '"':
            in_double = true;
            break;
          case '\'':
            in_single = true;
            break;
          default:
            arg.value.push_back(c);
            break;
        }
        if (done) {
          arg.end = static_cast<uint32_t>(p);
          out.push_back(std::move(arg));
          if (p < line.size()) ++p;
          break;
        }
      }
      if (done) {  // a closing quote: the argument ends after it
        arg.end = static_cast<uint32_t>(p + 1);
        out.push_back(std::move(arg));
        ++p;
        break;
      }
      if (p < line.size()) ++p;
    }
  }
}

std::string quote_arg(std::string_view arg) {
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out = "\"";
  for (const char c : arg) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f) {
          out.push_back(c);
        } else {
          out += "\\x";
          out.push_back(kHex[u >> 4U]);
          out.push_back(kHex[u & 15U]);
        }
      }
    }
  }
  out.push_back('"');
  return out;
}

std::optional<uint64_t> parse_memory(std::string_view text) {
  const size_t nul = text.find('\0');
  if (nul != std::string_view::npos) text = text.substr(0, nul);
  if (!text.empty() && text[0] == '-') return std::nullopt;
  size_t u = 0;
  while (u < text.size() && text[u] >= '0' && text[u] <= '9') ++u;
  const std::string_view unit = text.substr(u);
  uint64_t mul = 0;
  if (unit.empty() || iequals(unit, "b")) {
    mul = 1;
  } else if (iequals(unit, "k")) {
    mul = 1000;
  } else if (iequals(unit, "kb")) {
    mul = 1024;
  } else if (iequals(unit, "m")) {
    mul = 1000ULL * 1000;
  } else if (iequals(unit, "mb")) {
    mul = 1024ULL * 1024;
  } else if (iequals(unit, "g")) {
    mul = 1000ULL * 1000 * 1000;
  } else if (iequals(unit, "gb")) {
    mul = 1024ULL * 1024 * 1024;
  } else {
    return std::nullopt;
  }
  if (u >= 128) return std::nullopt;  // redis copies the digits into a 128-byte buffer
  // strtoull over the digits: no digits gives 0; overflow saturates at ULLONG_MAX.
  uint64_t val = 0;
  bool saturated = false;
  for (size_t i = 0; i < u; ++i) {
    const uint64_t d = static_cast<uint64_t>(text[i] - '0');
    if (saturated || val > (std::numeric_limits<uint64_t>::max() - d) / 10) {
      saturated = true;
      continue;
    }
    val = val * 10 + d;
  }
  if (saturated) val = std::numeric_limits<uint64_t>::max();
  if (val != 0 && mul > std::numeric_limits<uint64_t>::max() / val) return std::nullopt;
  return val * mul;
}

std::optional<int64_t> parse_ll(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  if (text.size() == 1 && text[0] == '0') return 0;
  size_t p = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    p = 1;
    if (text.size() == 1) return std::nullopt;
  }
  if (text[p] < '1' || text[p] > '9') return std::nullopt;
  uint64_t v = 0;
  for (; p < text.size(); ++p) {
    if (text[p] < '0' || text[p] > '9') return std::nullopt;
    const auto d = static_cast<uint64_t>(text[p] - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  if (negative) {
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) return std::nullopt;
    return v == static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1 ? std::numeric_limits<int64_t>::min()
                                                                               : -static_cast<int64_t>(v);
  }
  if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(v);
}

StrtollResult c_strtoll(std::string_view text, int base) {
  const size_t nul = text.find('\0');
  if (nul != std::string_view::npos) text = text.substr(0, nul);
  StrtollResult r;
  size_t p = 0;
  while (p < text.size() && c_isspace(text[p])) ++p;
  bool negative = false;
  if (p < text.size() && (text[p] == '+' || text[p] == '-')) {
    negative = text[p] == '-';
    ++p;
  }
  if (base == 16 && p + 1 < text.size() && text[p] == '0' && (text[p + 1] == 'x' || text[p + 1] == 'X')) p += 2;
  uint64_t v = 0;
  const uint64_t limit = negative ? static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1
                                  : static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  size_t q = p;
  for (; q < text.size(); ++q) {
    int d = -1;
    if (text[q] >= '0' && text[q] <= '9') d = text[q] - '0';
    if (text[q] >= 'a' && text[q] <= 'z') d = text[q] - 'a' + 10;
    if (text[q] >= 'A' && text[q] <= 'Z') d = text[q] - 'A' + 10;
    if (d < 0 || d >= base) break;
    if (!r.overflow && v > (limit - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) r.overflow = true;
    if (!r.overflow) v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  r.any_digits = q > p;
  if (!r.any_digits) {
    r.complete = text.empty();  // strtoll leaves end at the start when nothing was converted
    return r;
  }
  r.complete = q == text.size();
  if (r.overflow) v = limit;
  r.value = negative ? (v == static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1
                            ? std::numeric_limits<int64_t>::min()
                            : -static_cast<int64_t>(v))
                     : static_cast<int64_t>(v);
  return r;
}

}  // namespace stacklint::redis
