#include "linter/formats/postgres/lexer.h"

#include <algorithm>

namespace stacklint::postgres {

namespace {

bool is_letter(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}
bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_letter_or_digit(unsigned char c) {
  return is_letter(c) || is_digit(c);
}
bool is_hex(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_unit_letter(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

// ID: {LETTER}{LETTER_OR_DIGIT}*  (returns the end offset, or p when no match)
size_t Lexer::match_id(size_t p) const {
  const size_t n = text_.size();
  if (p >= n || !is_letter(static_cast<unsigned char>(text_[p]))) return p;
  size_t i = p + 1;
  while (i < n && is_letter_or_digit(static_cast<unsigned char>(text_[i]))) ++i;
  return i;
}

// UNQUOTED_STRING: {LETTER}({LETTER_OR_DIGIT}|[-._:/])*
size_t Lexer::match_unquoted(size_t p) const {
  const size_t n = text_.size();
  if (p >= n || !is_letter(static_cast<unsigned char>(text_[p]))) return p;
  size_t i = p + 1;
  while (i < n) {
    const auto c = static_cast<unsigned char>(text_[i]);
    if (!is_letter_or_digit(c) && c != '-' && c != '.' && c != '_' && c != ':' && c != '/') break;
    ++i;
  }
  return i;
}

// STRING: \'([^'\\\n]|\\.|\'\')*\'  (the longest prefix that is a whole string)
size_t Lexer::match_string(size_t p) const {
  const size_t n = text_.size();
  if (p >= n || text_[p] != '\'') return p;
  size_t longest = p;
  size_t i = p + 1;
  while (i < n) {
    const char c = text_[i];
    if (c == '\n') break;
    if (c == '\\') {
      if (i + 1 < n && text_[i + 1] != '\n') {
        i += 2;
        continue;
      }
      break;
    }
    if (c == '\'') {
      longest = i + 1;
      if (i + 1 < n && text_[i + 1] == '\'') {
        i += 2;
        continue;
      }
      break;
    }
    ++i;
  }
  return longest;
}

// INTEGER: {SIGN}?({DIGIT}+|0x{HEXDIGIT}+){UNIT_LETTER}*
size_t Lexer::match_integer(size_t p) const {
  const size_t n = text_.size();
  size_t i = p;
  if (i < n && (text_[i] == '-' || text_[i] == '+')) ++i;
  auto units = [&](size_t j) {
    while (j < n && is_unit_letter(static_cast<unsigned char>(text_[j]))) ++j;
    return j;
  };
  size_t best = p;
  size_t j = i;
  while (j < n && is_digit(static_cast<unsigned char>(text_[j]))) ++j;
  if (j > i) best = units(j);
  if (i + 2 < n && text_[i] == '0' && text_[i + 1] == 'x' && is_hex(static_cast<unsigned char>(text_[i + 2]))) {
    size_t k = i + 2;
    while (k < n && is_hex(static_cast<unsigned char>(text_[k]))) ++k;
    best = std::max(best, units(k));
  }
  return best;
}

// REAL: {SIGN}?{DIGIT}*"."{DIGIT}*{EXPONENT}?  with EXPONENT [Ee]{SIGN}?{DIGIT}+
size_t Lexer::match_real(size_t p) const {
  const size_t n = text_.size();
  size_t i = p;
  if (i < n && (text_[i] == '-' || text_[i] == '+')) ++i;
  while (i < n && is_digit(static_cast<unsigned char>(text_[i]))) ++i;
  if (i >= n || text_[i] != '.') return p;
  ++i;
  while (i < n && is_digit(static_cast<unsigned char>(text_[i]))) ++i;
  if (i < n && (text_[i] == 'e' || text_[i] == 'E')) {
    size_t j = i + 1;
    if (j < n && (text_[j] == '-' || text_[j] == '+')) ++j;
    const size_t digits = j;
    while (j < n && is_digit(static_cast<unsigned char>(text_[j]))) ++j;
    if (j > digits) i = j;
  }
  return i;
}

Token Lexer::next() {
  const size_t n = text_.size();
  while (pos_ < n) {
    const char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == '#') {
      while (pos_ < n && text_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
  const auto begin = static_cast<uint32_t>(pos_);
  if (pos_ >= n) return Token{.kind = TokenKind::eof, .begin = begin, .end = begin};
  if (text_[pos_] == '\n') {
    ++pos_;
    return Token{.kind = TokenKind::eol, .begin = begin, .end = begin + 1};
  }
  // Candidates in rule order; the longest wins, the earlier rule on ties.
  const size_t ends[] = {match_id(pos_),
                         [&] {
                           const size_t e = match_id(pos_);
                           if (e == pos_ || e >= n || text_[e] != '.') return pos_;
                           const size_t e2 = match_id(e + 1);
                           return e2 == e + 1 ? pos_ : e2;
                         }(),
                         match_string(pos_),
                         match_unquoted(pos_),
                         match_integer(pos_),
                         match_real(pos_),
                         text_[pos_] == '=' ? pos_ + 1 : pos_};
  constexpr TokenKind kinds[] = {
      TokenKind::id,      TokenKind::qualified_id, TokenKind::string, TokenKind::unquoted_string,
      TokenKind::integer, TokenKind::real,         TokenKind::equals};
  size_t best = pos_;
  TokenKind kind = TokenKind::error;
  for (size_t i = 0; i < std::size(ends); ++i) {
    if (ends[i] > best) {
      best = ends[i];
      kind = kinds[i];
    }
  }
  if (kind == TokenKind::error) best = pos_ + 1;
  pos_ = best;
  return Token{.kind = kind, .begin = begin, .end = static_cast<uint32_t>(best)};
}

std::string unquote(std::string_view s) {
  std::string out;
  if (s.size() < 2) return out;
  const size_t len = s.size();
  for (size_t i = 1; i < len - 1; ++i) {
    if (s[i] == '\\') {
      ++i;
      const char c = s[i];
      switch (c) {
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
          int value = 0;
          size_t k = 0;
          while (k < 3 && i + k < len && s[i + k] >= '0' && s[i + k] <= '7') {
            value = (value << 3) + (s[i + k] - '0');
            ++k;
          }
          i += k - 1;
          out.push_back(static_cast<char>(value));
          break;
        }
        default:
          out.push_back(c);
          break;
      }
    } else if (s[i] == '\'' && i + 1 < len && s[i + 1] == '\'') {
      out.push_back('\'');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  const size_t nul = out.find('\0');
  if (nul != std::string::npos) out.resize(nul);
  return out;
}

std::string quote(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

}  // namespace stacklint::postgres
