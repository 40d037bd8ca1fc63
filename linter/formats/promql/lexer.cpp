#include "linter/formats/promql/lexer.h"

#include <array>
#include <cstdio>

#include "linter/source/text.h"
#include "linter/source/utf8.h"

namespace stacklint::promql {
namespace {

bool is_space(int32_t r) {
  return r == ' ' || r == '\t' || r == '\n' || r == '\r';
}
bool is_digit(int32_t r) {
  return r >= '0' && r <= '9';
}
bool is_alpha(int32_t r) {
  return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
}
bool is_alnum(int32_t r) {
  return is_alpha(r) || is_digit(r);
}

bool contains(std::string_view set, int32_t r) {
  return r >= 0 && r < 128 && set.find(static_cast<char>(r)) != std::string_view::npos;
}

// Decodes one UTF-8 rune like Go's utf8.DecodeRuneInString: invalid input yields U+FFFD, width 1.
int32_t decode_rune(std::string_view s, uint32_t& width) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) {
    width = 1;
    return b0;
  }
  auto cont = [&](size_t i) { return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; };
  auto cb = [&](size_t i) { return static_cast<int32_t>(static_cast<unsigned char>(s[i]) & 0x3F); };
  width = 1;
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    width = 2;
    return ((b0 & 0x1F) << 6) | cb(1);
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    const int32_t r = ((b0 & 0x0F) << 12) | (cb(1) << 6) | cb(2);
    if (r < 0x800 || (r >= 0xD800 && r < 0xE000)) return 0xFFFD;
    width = 3;
    return r;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    const int32_t r = ((b0 & 0x07) << 18) | (cb(1) << 12) | (cb(2) << 6) | cb(3);
    if (r < 0x10000 || r > 0x10FFFF) return 0xFFFD;
    width = 4;
    return r;
  }
  return 0xFFFD;
}

void append_utf8(std::string& out, int32_t r) {
  stacklint::append_utf8(out, static_cast<uint32_t>(r));
}

bool printable(int32_t r) {
  return r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0) && r != 0xFFFD;
}

void append_escaped_rune(std::string& out, int32_t r, char quote) {
  char buf[16];
  switch (r) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    case '\\':
      out += "\\\\";
      return;
    default:
      break;
  }
  if (r == quote) {
    out += '\\';
    out += quote;
    return;
  }
  if (printable(r)) {
    append_utf8(out, r);
  } else if (r < 0x80) {
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(r));
    out += buf;
  } else if (r < 0x10000) {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(r));
    out += buf;
  } else {
    std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(r));
    out += buf;
  }
}

struct Keyword {
  std::string_view word;
  Tok tok;
  int major, minor;  // first version with the keyword
};

constexpr std::array kKeywords = {
    Keyword{"and", Tok::land, 0, 0},
    Keyword{"or", Tok::lor, 0, 0},
    Keyword{"unless", Tok::lunless, 0, 0},
    Keyword{"atan2", Tok::atan2, 2, 16},
    Keyword{"sum", Tok::sum, 0, 0},
    Keyword{"avg", Tok::avg, 0, 0},
    Keyword{"count", Tok::count, 0, 0},
    Keyword{"min", Tok::min, 0, 0},
    Keyword{"max", Tok::max, 0, 0},
    Keyword{"group", Tok::group, 2, 20},
    Keyword{"stddev", Tok::stddev, 0, 0},
    Keyword{"stdvar", Tok::stdvar, 0, 0},
    Keyword{"topk", Tok::topk, 0, 0},
    Keyword{"bottomk", Tok::bottomk, 0, 0},
    Keyword{"count_values", Tok::count_values, 0, 0},
    Keyword{"quantile", Tok::quantile, 0, 0},
    Keyword{"limitk", Tok::limitk, 2, 54},
    Keyword{"limit_ratio", Tok::limit_ratio, 2, 54},
    Keyword{"offset", Tok::offset, 0, 0},
    Keyword{"smoothed", Tok::smoothed, 3, 7},
    Keyword{"anchored", Tok::anchored, 3, 7},
    Keyword{"by", Tok::by, 0, 0},
    Keyword{"without", Tok::without, 0, 0},
    Keyword{"on", Tok::on, 0, 0},
    Keyword{"ignoring", Tok::ignoring, 0, 0},
    Keyword{"group_left", Tok::group_left, 0, 0},
    Keyword{"group_right", Tok::group_right, 0, 0},
    Keyword{"fill", Tok::fill, 3, 8},
    Keyword{"fill_left", Tok::fill_left, 3, 8},
    Keyword{"fill_right", Tok::fill_right, 3, 8},
    Keyword{"bool", Tok::kw_bool, 0, 0},
    Keyword{"start", Tok::start, 2, 25},
    Keyword{"end", Tok::end, 2, 25},
    Keyword{"step", Tok::step, 3, 6},
    Keyword{"range", Tok::range, 3, 10},
    Keyword{"max_of", Tok::max_of, 3, 13},
    Keyword{"min_of", Tok::min_of, 3, 13},
};

bool version_at_least(LexOptions o, int major, int minor) {
  return o.major > major || (o.major == major && o.minor >= minor);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != b[i]) return false;
  }
  return true;
}

bool duration_keyword(std::string_view word, LexOptions o, Tok& out) {
  if (!version_at_least(o, 3, 4)) return false;
  if (iequals(word, "step"))
    out = Tok::step;
  else if (iequals(word, "range"))
    out = Tok::range;
  else if (iequals(word, "max_of"))
    out = Tok::max_of;
  else if (iequals(word, "min_of"))
    out = Tok::min_of;
  else
    return false;
  return true;
}

bool is_duration_keyword_start(int32_t r, LexOptions o) {
  if (!version_at_least(o, 3, 4)) return false;
  return r == 's' || r == 'S' || r == 'r' || r == 'R' || r == 'm' || r == 'M';
}

}  // namespace

bool is_operator(Tok t) {
  return t >= Tok::add && t <= Tok::lunless;
}
bool is_aggregator(Tok t) {
  return t >= Tok::avg && t <= Tok::limit_ratio;
}
bool is_keyword(Tok t) {
  return t >= Tok::kw_bool && t <= Tok::without;
}
bool is_comparison(Tok t) {
  return t == Tok::eqlc || t == Tok::neq || t == Tok::lte || t == Tok::lss || t == Tok::gte || t == Tok::gtr;
}
bool is_set_operator(Tok t) {
  return t == Tok::land || t == Tok::lor || t == Tok::lunless;
}

std::string_view tok_spelling(Tok t) {
  switch (t) {
    case Tok::left_paren:
      return "(";
    case Tok::right_paren:
      return ")";
    case Tok::left_brace:
      return "{";
    case Tok::right_brace:
      return "}";
    case Tok::left_bracket:
      return "[";
    case Tok::right_bracket:
      return "]";
    case Tok::comma:
      return ",";
    case Tok::eql:
      return "=";
    case Tok::colon:
      return ":";
    case Tok::add:
      return "+";
    case Tok::sub:
      return "-";
    case Tok::mul:
      return "*";
    case Tok::div:
      return "/";
    case Tok::mod:
      return "%";
    case Tok::pow:
      return "^";
    case Tok::eqlc:
      return "==";
    case Tok::neq:
      return "!=";
    case Tok::lte:
      return "<=";
    case Tok::lss:
      return "<";
    case Tok::gte:
      return ">=";
    case Tok::gtr:
      return ">";
    case Tok::trim_upper:
      return "</";
    case Tok::trim_lower:
      return ">/";
    case Tok::eql_regex:
      return "=~";
    case Tok::neq_regex:
      return "!~";
    case Tok::at:
      return "@";
    default:
      break;
  }
  for (const auto& k : kKeywords) {
    if (k.tok == t) return k.word;
  }
  return {};
}

bool lookup_keyword(std::string_view word, LexOptions opts, Tok& out) {
  if (word.size() == 3 && (iequals(word, "inf") || iequals(word, "nan"))) {
    out = Tok::number;
    return true;
  }
  if (word.size() < 2 || word.size() > 12) return false;
  for (const auto& k : kKeywords) {
    if (iequals(word, k.word)) {
      if (!version_at_least(opts, k.major, k.minor)) return false;
      out = k.tok;
      return true;
    }
  }
  return false;
}

std::string go_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    uint32_t w = 1;
    const int32_t r = decode_rune(s.substr(i), w);
    if (r == 0xFFFD && w == 1) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
      out += buf;
    } else {
      append_escaped_rune(out, r, '"');
    }
    i += w;
  }
  out += '"';
  return out;
}

std::string go_quote_rune(int32_t r) {
  std::string out = "'";
  if (r < 0 || r > 0x10FFFF) r = 0xFFFD;
  if (r == 0xFFFD) {
    append_utf8(out, r);
  } else {
    append_escaped_rune(out, r, '\'');
  }
  out += '\'';
  return out;
}

int32_t Lexer::next_rune() {
  if (pos_ >= in_.size()) {
    width_ = 0;
    return kEof;
  }
  const auto c = static_cast<unsigned char>(in_[pos_]);
  if (c < 0x80) {
    width_ = 1;
    ++pos_;
    return c;
  }
  uint32_t w = 1;
  const int32_t r = decode_rune(in_.substr(pos_), w);
  width_ = w;
  pos_ += w;
  return r;
}

int32_t Lexer::peek_rune() {
  const int32_t r = next_rune();
  backup();
  return r;
}

bool Lexer::accept(std::string_view valid) {
  if (contains(valid, next_rune())) return true;
  backup();
  return false;
}

void Lexer::accept_run(std::string_view valid) {
  while (contains(valid, next_rune())) {
  }
  backup();
}

void Lexer::emit(Token& out, Tok t) {
  out.type = t;
  out.pos = start_;
  out.end = pos_;
  start_ = pos_;
}

void Lexer::error(Token& out, std::string msg) {
  out.type = Tok::error;
  out.pos = start_;
  out.end = static_cast<uint32_t>(in_.size());
  out.message = std::move(msg);
  state_ = State::done;
}

void Lexer::skip_spaces() {
  while (is_space(peek_rune())) next_rune();
  start_ = pos_;
}

void Lexer::next(Token& out) {
  for (;;) {
    bool emitted = false;
    switch (state_) {
      case State::done:
        start_ = pos_;
        out.type = Tok::eof;
        out.pos = out.end = static_cast<uint32_t>(in_.size());
        return;
      case State::statements:
        emitted = brace_open_ ? lex_inside_braces(out) : lex_statements(out);
        break;
      case State::inside_braces:
        emitted = lex_inside_braces(out);
        break;
      case State::duration_expr:
        emitted = lex_duration_expr(out);
        break;
    }
    if (emitted) return;
  }
}

bool Lexer::lex_statements(Token& out) {
  if (pos_ < in_.size() && in_[pos_] == '#') {
    while (pos_ < in_.size() && in_[pos_] != '\n' && in_[pos_] != '\r') ++pos_;
    emit(out, Tok::comment);
    return true;
  }
  const int32_t r = next_rune();
  if (r == kEof) {
    if (paren_depth_ != 0) {
      error(out, "unclosed left parenthesis");
    } else if (bracket_open_) {
      error(out, "unclosed left bracket");
    } else {
      emit(out, Tok::eof);
      state_ = State::done;
    }
    return true;
  }
  if (is_space(r)) {
    skip_spaces();
    return false;
  }
  if (const std::optional<Tok> t = single_rune_operator(r)) {
    emit(out, *t);
    return true;
  }
  switch (r) {
    case '=':
    case '!':
    case '<':
    case '>':
      return lex_comparison(out, r);
    case '"':
    case '\'':
      return lex_string(out, r);
    case '`':
      return lex_raw_string(out);
    case '(':
    case ')':
    case '{':
    case '[':
    case ']':
      return lex_bracket(out, r);
    default:
      break;
  }
  if (is_digit(r) || (r == '.' && is_digit(peek_rune()))) {
    backup();
    return lex_number_or_duration(out);
  }
  if (is_alpha(r) || r == ':') {
    if (!bracket_open_) {
      backup();
      return lex_keyword_or_identifier(out);
    }
    return lex_in_brackets(out, r);
  }
  error(out, "unexpected character: " + go_quote_rune(r));
  return true;
}

std::optional<Tok> Lexer::single_rune_operator(int32_t r) {
  switch (r) {
    case ',':
      return Tok::comma;
    case '*':
      return Tok::mul;
    case '/':
      return Tok::div;
    case '%':
      return Tok::mod;
    case '+':
      return Tok::add;
    case '-':
      return Tok::sub;
    case '^':
      return Tok::pow;
    case '@':
      return Tok::at;
    default:
      return std::nullopt;
  }
}

// `=`, `==`, `!=`, `<`, `<=`, `>`, `>=` and (from Prometheus 3.8) the trim operators `</` and `>/`.
bool Lexer::lex_comparison(Token& out, int32_t r) {
  if (r == '=') {
    const int32_t t = peek_rune();
    if (t == '=') {
      next_rune();
      emit(out, Tok::eqlc);
    } else if (t == '~') {
      error(out, "unexpected character after '=': " + go_quote_rune(t));
    } else {
      emit(out, Tok::eql);
    }
    return true;
  }
  if (r == '!') {
    const int32_t t = next_rune();
    if (t != '=') {
      error(out, "unexpected character after '!': " + go_quote_rune(t));
    } else {
      emit(out, Tok::neq);
    }
    return true;
  }
  const bool trim = version_at_least(LexOptions{opts_.major, opts_.minor}, 3, 8);
  const int32_t t = peek_rune();
  if (t == '=') {
    next_rune();
    emit(out, r == '<' ? Tok::lte : Tok::gte);
  } else if (t == '/' && trim) {
    next_rune();
    emit(out, r == '<' ? Tok::trim_upper : Tok::trim_lower);
  } else {
    emit(out, r == '<' ? Tok::lss : Tok::gtr);
  }
  return true;
}

// `(`, `)`, `{`, `[` and `]`: the nesting they open and close.
bool Lexer::lex_bracket(Token& out, int32_t r) {
  switch (r) {
    case '(':
      emit(out, Tok::left_paren);
      ++paren_depth_;
      return true;
    case ')':
      emit(out, Tok::right_paren);
      if (--paren_depth_ < 0) error(out, "unexpected right parenthesis " + go_quote_rune(r));
      return true;
    case '{':
      emit(out, Tok::left_brace);
      brace_open_ = true;
      return true;
    case '[':
      if (bracket_open_) {
        error(out, "unexpected left bracket " + go_quote_rune(r));
        return true;
      }
      got_colon_ = false;
      emit(out, Tok::left_bracket);
      if (is_space(peek_rune())) skip_spaces();
      bracket_open_ = true;
      state_ = State::duration_expr;
      return true;
    default:  // ']'
      if (!bracket_open_) {
        error(out, "unexpected right bracket " + go_quote_rune(r));
        return true;
      }
      emit(out, Tok::right_bracket);
      bracket_open_ = false;
      return true;
  }
}

// A letter or `:` inside `[...]`: the subquery colon or a duration keyword.
bool Lexer::lex_in_brackets(Token& out, int32_t r) {
  if (r == ':') {
    if (got_colon_) {
      error(out, "unexpected colon " + go_quote_rune(r));
      return true;
    }
    emit(out, Tok::colon);
    got_colon_ = true;
    return true;
  }
  if (is_duration_keyword_start(r, opts_) && scan_duration_keyword(out)) return true;
  error(out, "unexpected character: " + go_quote_rune(r) + ", expected ':'");
  return true;
}

bool Lexer::scan_duration_keyword(Token& out) {
  for (;;) {
    const int32_t r = next_rune();
    if (is_alpha(r)) continue;
    backup();
    Tok t{};
    if (duration_keyword(in_.substr(start_, pos_ - start_), opts_, t)) {
      emit(out, t);
      return true;
    }
    return false;
  }
}

bool Lexer::lex_inside_braces(Token& out) {
  if (pos_ < in_.size() && in_[pos_] == '#') {
    while (pos_ < in_.size() && in_[pos_] != '\n' && in_[pos_] != '\r') ++pos_;
    emit(out, Tok::comment);
    return true;
  }
  const int32_t r = next_rune();
  if (r == kEof) {
    error(out, "unexpected end of input inside braces");
    return true;
  }
  if (is_space(r)) {
    skip_spaces();
    return false;
  }
  if (is_alpha(r)) {
    backup();
    return lex_identifier(out);
  }
  switch (r) {
    case ',':
      emit(out, Tok::comma);
      return true;
    case '"':
    case '\'':
      return lex_string(out, r);
    case '`':
      return lex_raw_string(out);
    case '=':
      if (next_rune() == '~') {
        emit(out, Tok::eql_regex);
      } else {
        backup();
        emit(out, Tok::eql);
      }
      return true;
    case '!': {
      const int32_t nr = next_rune();
      if (nr == '~') {
        emit(out, Tok::neq_regex);
      } else if (nr == '=') {
        emit(out, Tok::neq);
      } else {
        error(out, "unexpected character after '!' inside braces: " + go_quote_rune(nr));
      }
      return true;
    }
    case '{':
      error(out, "unexpected left brace " + go_quote_rune(r));
      return true;
    case '}':
      emit(out, Tok::right_brace);
      brace_open_ = false;
      state_ = State::statements;
      return true;
    default:
      error(out, "unexpected character inside braces: " + go_quote_rune(r));
      return true;
  }
}

bool Lexer::lex_duration_expr(Token& out) {
  const int32_t r = next_rune();
  if (r == kEof) {
    error(out, "unexpected end of input in duration expression");
    return true;
  }
  switch (r) {
    case ']':
      emit(out, Tok::right_bracket);
      bracket_open_ = false;
      got_colon_ = false;
      state_ = State::statements;
      return true;
    case ':':
      emit(out, Tok::colon);
      if (!got_duration_) {
        error(out, "unexpected colon before duration in duration expression");
      } else if (got_colon_) {
        error(out, "unexpected repeated colon in duration expression");
      }
      got_colon_ = true;
      return true;
    case '(':
      emit(out, Tok::left_paren);
      ++paren_depth_;
      return true;
    case ')':
      emit(out, Tok::right_paren);
      if (--paren_depth_ < 0) error(out, "unexpected right parenthesis " + go_quote_rune(r));
      return true;
    case '+':
      emit(out, Tok::add);
      return true;
    case '-':
      emit(out, Tok::sub);
      return true;
    case '*':
      emit(out, Tok::mul);
      return true;
    case '/':
      emit(out, Tok::div);
      return true;
    case '%':
      emit(out, Tok::mod);
      return true;
    case '^':
      emit(out, Tok::pow);
      return true;
    case ',':
      emit(out, Tok::comma);
      return true;
    default:
      break;
  }
  if (is_space(r)) {
    skip_spaces();
    return false;
  }
  if (is_duration_keyword_start(r, opts_)) {
    if (scan_duration_keyword(out)) return true;
    error(out, "unexpected character in duration expression: " + go_quote_rune(r));
    return true;
  }
  if (is_digit(r) || (r == '.' && is_digit(peek_rune()))) {
    backup();
    got_duration_ = true;
    state_ = State::statements;
    return lex_number_or_duration(out);
  }
  error(out, "unexpected character in duration expression: " + go_quote_rune(r));
  return true;
}

bool Lexer::lex_escape(Token& out, int32_t quote) {
  int n = 0;
  uint32_t base = 0;
  uint32_t max_val = 0;
  int32_t ch = next_rune();
  switch (ch) {
    case 'a':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case '\\':
      return true;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
      n = 3, base = 8, max_val = 255;
      break;
    case 'x':
      ch = next_rune();
      n = 2, base = 16, max_val = 255;
      break;
    case 'u':
      ch = next_rune();
      n = 4, base = 16, max_val = 0x10FFFF;
      break;
    case 'U':
      ch = next_rune();
      n = 8, base = 16, max_val = 0x10FFFF;
      break;
    case kEof:
      error(out, "escape sequence not terminated");
      return false;
    default:
      if (ch == quote) return true;
      {
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(ch));
        std::string msg = std::string("unknown escape sequence ") + buf;
        if (printable(ch)) msg += " " + go_quote_rune(ch);
        error(out, msg);
      }
      return false;
  }
  uint32_t x = 0;
  while (n > 0) {
    uint32_t d = 16;
    if (ch >= '0' && ch <= '9')
      d = static_cast<uint32_t>(ch - '0');
    else if (ch >= 'a' && ch <= 'f')
      d = static_cast<uint32_t>(ch - 'a' + 10);
    else if (ch >= 'A' && ch <= 'F')
      d = static_cast<uint32_t>(ch - 'A' + 10);
    if (d >= base) {
      if (ch == kEof) {
        error(out, "escape sequence not terminated");
        return false;
      }
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(ch));
      std::string msg = std::string("illegal character ") + buf;
      if (printable(ch)) msg += " " + go_quote_rune(ch);
      error(out, msg + " in escape sequence");
      return false;
    }
    x = x * base + d;
    if (--n > 0) ch = next_rune();
  }
  if (x > max_val || (x >= 0xD800 && x < 0xE000)) {
    error(out, "escape sequence is an invalid Unicode code point");
    return false;
  }
  return true;
}

bool Lexer::lex_string(Token& out, int32_t quote) {
  for (;;) {
    const int32_t r = next_rune();
    if (r == '\\') {
      if (!lex_escape(out, quote)) return true;
      continue;
    }
    if (r == 0xFFFD) {
      error(out, "invalid UTF-8 rune");
      return true;
    }
    if (r == kEof || r == '\n') {
      error(out, "unterminated quoted string");
      return true;
    }
    if (r == quote) break;
  }
  emit(out, Tok::string);
  return true;
}

bool Lexer::lex_raw_string(Token& out) {
  for (;;) {
    const int32_t r = next_rune();
    if (r == 0xFFFD) {
      error(out, "invalid UTF-8 rune");
      return true;
    }
    if (r == kEof) {
      error(out, "unterminated raw string");
      return true;
    }
    if (r == '`') break;
  }
  emit(out, Tok::string);
  return true;
}

bool Lexer::lex_number_or_duration(Token& out) {
  if (scan_number()) {
    emit(out, Tok::number);
    return true;
  }
  if (accept_remaining_duration()) {
    backup();
    emit(out, Tok::duration);
    return true;
  }
  error(out, "bad number or duration syntax: " + go_quote(in_.substr(start_, pos_ - start_)));
  return true;
}

bool Lexer::accept_remaining_duration() {
  if (!accept("smhdwy")) return false;
  accept("s");
  while (accept("0123456789")) {
    while (accept("0123456789")) {
    }
    if (!accept("smhdw")) return false;
    accept("s");
  }
  return !is_alnum(next_rune());
}

bool Lexer::scan_number() {
  if (opts_.major < 3) {
    // Prometheus 2.x: no digit separators.
    std::string_view legacy_digits = "0123456789";
    if (accept("0") && accept("xX")) legacy_digits = "0123456789abcdefABCDEF";
    accept_run(legacy_digits);
    if (accept(".")) accept_run(legacy_digits);
    if (accept("eE")) {
      accept("+-");
      accept_run("0123456789");
    }
    return !is_alnum(peek_rune());
  }
  const uint32_t initial = pos_;
  std::string_view digits = "0123456789";
  if (accept("0") && accept("xX")) {
    accept("_");
    digits = "0123456789abcdefABCDEF";
  }
  accept(".");
  accept(digits);
  bool dot = false;
  bool exponent = false;
  auto is_next = [&](std::string_view set) { return contains(set, peek_rune()); };
  while (is_next(digits) || is_next("._eE")) {
    if (is_next(".") && dot) {
      accept(".");
      return false;
    }
    if (is_next("eE") && exponent) {
      accept("eE");
      return false;
    }
    if (accept(".")) {
      dot = true;
      if (accept("_.")) return false;
      if (digits.size() > 10) return false;
      continue;
    }
    if (accept("eE")) {
      exponent = true;
      accept("+-");
      if (accept("._eE") || peek_rune() == kEof) return false;
      continue;
    }
    if (accept("_")) {
      if (accept("._eE") || peek_rune() == kEof) return false;
      continue;
    }
    accept_run(digits);
  }
  if (pos_ == initial) return false;
  return !is_alnum(peek_rune());
}

bool Lexer::lex_identifier(Token& out) {
  while (is_alnum(next_rune())) {
  }
  backup();
  emit(out, Tok::identifier);
  return true;
}

bool Lexer::lex_keyword_or_identifier(Token& out) {
  for (;;) {
    const int32_t r = next_rune();
    if (is_alnum(r) || r == ':') continue;
    backup();
    break;
  }
  const std::string_view word = in_.substr(start_, pos_ - start_);
  Tok kw{};
  if (lookup_keyword(word, opts_, kw)) {
    if (kw == Tok::fill || kw == Tok::fill_left || kw == Tok::fill_right) {
      uint32_t p = pos_;
      while (p < in_.size() && is_space(static_cast<unsigned char>(in_[p]))) ++p;
      if (p >= in_.size() || in_[p] != '(') kw = Tok::identifier;
    }
    emit(out, kw);
  } else if (word.find(':') == std::string_view::npos) {
    emit(out, Tok::identifier);
  } else {
    emit(out, Tok::metric_identifier);
  }
  return true;
}

}  // namespace stacklint::promql
