// The lexical layer of postgresql.conf, exactly as guc-file.l tokenizes it (flex: longest match,
// earlier rule on ties).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stacklint::postgres {

enum class TokenKind : uint8_t { id, qualified_id, string, unquoted_string, integer, real, equals, eol, error, eof };

struct Token {
  TokenKind kind = TokenKind::eof;
  uint32_t begin = 0;  // byte offsets into the text
  uint32_t end = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  // The next token; whitespace ([ \t\r]) and comments (# to the end of the line) are skipped.
  Token next();

 private:
  [[nodiscard]] size_t match_id(size_t p) const;
  [[nodiscard]] size_t match_unquoted(size_t p) const;
  [[nodiscard]] size_t match_string(size_t p) const;
  [[nodiscard]] size_t match_integer(size_t p) const;
  [[nodiscard]] size_t match_real(size_t p) const;
  std::string_view text_;
  size_t pos_ = 0;
};

// The value of a quoted token (quotes included) as DeescapeQuotedString gives it: '' is a quote,
// \b \f \n \r \t, \ooo (1-3 octal digits), \c = c. The result stops at a NUL byte like a C string.
std::string unquote(std::string_view token);

// Quotes a value so that unquote() gives it back (for generated configs and messages).
std::string quote(std::string_view value);

}  // namespace stacklint::postgres
