// PromQL lexer: turns an expression into tokens the way Prometheus's promql/parser lexer does
// (same states, same number/duration rules, same error texts). Tokens are views into the input;
// nothing is allocated per token except the message of an error token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stacklint::promql {

enum class Tok : uint8_t {
  eof,
  error,
  comment,
  identifier,
  metric_identifier,
  number,
  duration,
  string,
  left_paren,
  right_paren,
  left_brace,
  right_brace,
  left_bracket,
  right_bracket,
  comma,
  eql,  // '=' (label matching)
  colon,
  // Operators.
  add,
  sub,
  mul,
  div,
  mod,
  pow,
  eqlc,
  neq,
  lte,
  lss,
  gte,
  gtr,
  trim_upper,
  trim_lower,
  eql_regex,
  neq_regex,
  at,
  atan2,
  land,
  lor,
  lunless,
  // Aggregators.
  avg,
  bottomk,
  count,
  count_values,
  group,
  max,
  min,
  quantile,
  stddev,
  stdvar,
  sum,
  topk,
  limitk,
  limit_ratio,
  // Keywords.
  kw_bool,
  by,
  group_left,
  group_right,
  fill,
  fill_left,
  fill_right,
  ignoring,
  offset,
  smoothed,
  anchored,
  on,
  without,
  // Preprocessors / duration keywords.
  start,
  end,
  step,
  range,
  max_of,
  min_of,
};

[[nodiscard]] bool is_operator(Tok t);
[[nodiscard]] bool is_aggregator(Tok t);
[[nodiscard]] bool is_keyword(Tok t);
[[nodiscard]] bool is_comparison(Tok t);
[[nodiscard]] bool is_set_operator(Tok t);
// The spelling Prometheus prints for a token type ("+", "sum", "group_left"); empty if none.
[[nodiscard]] std::string_view tok_spelling(Tok t);

struct Token {
  Tok type = Tok::eof;
  uint32_t pos = 0;     // byte offset of the first byte
  uint32_t end = 0;     // byte offset past the last byte
  std::string message;  // only for Tok::error
};

// Which keywords exist depends on the targeted Prometheus version.
struct LexOptions {
  int major = 3;
  int minor = 99;
};

class Lexer {
 public:
  Lexer(std::string_view input, LexOptions opts) : in_(input), opts_(opts) {}
  // The next token (comments included). After an error or EOF, keeps returning EOF.
  void next(Token& out);
  // Position where the current token started (Prometheus's lexer `start`).
  [[nodiscard]] uint32_t start() const { return start_; }
  [[nodiscard]] std::string_view input() const { return in_; }

 private:
  enum class State : uint8_t { statements, inside_braces, duration_expr, done };
  static constexpr int32_t kEof = -1;

  int32_t next_rune();
  int32_t peek_rune();
  void backup() { pos_ -= width_; }
  bool accept(std::string_view valid);
  void accept_run(std::string_view valid);
  void emit(Token& out, Tok t);
  void error(Token& out, std::string msg);

  bool lex_statements(Token& out);
  static std::optional<Tok> single_rune_operator(int32_t r);
  bool lex_comparison(Token& out, int32_t r);
  bool lex_bracket(Token& out, int32_t r);
  bool lex_in_brackets(Token& out, int32_t r);
  bool lex_inside_braces(Token& out);
  bool lex_duration_expr(Token& out);
  bool lex_string(Token& out, int32_t quote);
  bool lex_raw_string(Token& out);
  bool lex_escape(Token& out, int32_t quote);
  bool lex_number_or_duration(Token& out);
  bool lex_keyword_or_identifier(Token& out);
  bool lex_identifier(Token& out);
  bool scan_number();
  bool accept_remaining_duration();
  bool scan_duration_keyword(Token& out);
  void skip_spaces();

  std::string_view in_;
  LexOptions opts_;
  State state_ = State::statements;
  uint32_t pos_ = 0;
  uint32_t start_ = 0;
  uint32_t width_ = 0;
  int paren_depth_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  bool got_colon_ = false;
  bool got_duration_ = false;
};

// Looks up a keyword (case-insensitive) for the given version. Returns false for identifiers.
// "inf" and "nan" map to Tok::number.
bool lookup_keyword(std::string_view word, LexOptions opts, Tok& out);

// Go's strconv.Quote-like quoting used in messages (%q).
std::string go_quote(std::string_view s);
// Go's %q of a single rune: 'x'.
std::string go_quote_rune(int32_t r);

}  // namespace stacklint::promql
