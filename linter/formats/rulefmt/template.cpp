#include "linter/formats/rulefmt/template.h"

#include <algorithm>
#include <array>
#include <vector>

namespace stacklint::rulefmt {

namespace {

constexpr std::array<std::string_view, 52> kFunctions = {
    // text/template builtins.
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq",
    "ge", "gt", "le", "lt", "ne",
    // Prometheus template.go.
    "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title", "toUpper",
    "toLower", "graphLink", "tableLink", "sortByLabel", "humanize", "humanize1024", "humanizeDuration",
    "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration", "now", "pathPrefix", "externalURL",
    "parseDuration", "stripPort", "stripDomain", "urlQueryEscape", "pathEscape", "queryEscape", "formatTime", "since"};

enum class T : uint8_t {
  space,
  field,     // .Name
  variable,  // $name or $
  dot,       // .
  ident,
  keyword,
  string,
  number,
  lparen,
  rparen,
  pipe,
  declare,
  assign,
  comma,
  chr,  // another printable ASCII character (the parser rejects it)
  end_action,
};

struct Tok {
  T type;
  std::string_view text;
  uint32_t pos;
};

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_keyword(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kw = {"block", "break", "continue", "define",   "else", "end",
                                                          "if",    "range", "nil",      "template", "with", "else"};
  return std::find(kw.begin(), kw.end(), w) != kw.end();
}

constexpr int kMaxParenDepth = 1000;

struct Frame {
  std::string_view kind;  // if, range, with, define, block
  size_t vars = 0;        // variable count to restore at {{end}}
  bool has_else = false;
};

class Checker {
 public:
  Checker(std::string_view text, std::string_view name) : text_(text), name_(name) {
    vars_ = {"$", "$labels", "$externalLabels", "$externalURL", "$value"};
  }

  std::optional<TemplateError> run() {
    size_t pos = 0;
    while (pos < text_.size()) {
      const size_t open = text_.find("{{", pos);
      if (open == std::string_view::npos) break;
      size_t p = open + 2;
      if (p + 1 < text_.size() && text_[p] == '-' && is_space(text_[p + 1])) p += 2;
      // Comments.
      size_t q = p;
      if (text_.compare(q, 2, "/*") == 0) {
        const size_t close = text_.find("*/", q + 2);
        if (close == std::string_view::npos) return fail(open, "unclosed comment");
        size_t r = close + 2;
        if (text_.compare(r, 4, " -}}") == 0) r += 2;
        if (text_.compare(r, 2, "}}") != 0) return fail(open, "comment ends before closing delimiter");
        pos = r + 2;
        continue;
      }
      std::vector<Tok> toks;
      size_t after = 0;
      if (!lex_action(p, toks, after)) return error_;
      if (auto e = parse_action(toks, open)) return e;
      if (unclosed_) return fail(*unclosed_ - 2, "unclosed action");
      pos = after;
    }
    if (!frames_.empty()) return fail(static_cast<uint32_t>(text_.size()), "unexpected EOF");
    return std::nullopt;
  }

 private:
  std::optional<TemplateError> fail(size_t pos, const std::string& msg) {
    uint32_t line = 1;
    for (size_t i = 0; i < pos && i < text_.size(); ++i) {
      if (text_[i] == '\n') ++line;
    }
    const auto b = static_cast<uint32_t>(std::min(pos, text_.size()));
    error_ = TemplateError{.message = "template: " + std::string(name_) + ":" + std::to_string(line) + ": " + msg,
                           .begin = b,
                           .end = std::min<uint32_t>(b + 2, static_cast<uint32_t>(text_.size()))};
    return error_;
  }

  // Tokens of one action starting at `p` (just after `{{` and a trim marker); `after` is the
  // offset just past the closing `}}`.
  bool lex_action(size_t p, std::vector<Tok>& toks, size_t& after) {
    int parens = 0;
    const size_t start = p;
    while (true) {
      if (p >= text_.size()) {
        // Go lexes while it parses: an earlier token error wins over the missing `}}`.
        unclosed_ = start;
        after = p;
        toks.push_back(Tok{T::end_action, "", static_cast<uint32_t>(p)});
        return true;
      }
      if (text_.compare(p, 4, " -}}") == 0 || text_.compare(p, 2, "}}") == 0) {
        if (parens > 0) {
          fail(p, "unclosed left paren");
          return false;
        }
        after = p + (text_[p] == ' ' ? 4 : 2);
        toks.push_back(Tok{T::end_action, "}}", static_cast<uint32_t>(p)});
        return true;
      }
      const char c = text_[p];
      const auto at = static_cast<uint32_t>(p);
      if (is_space(c)) {
        size_t e = p;
        while (e < text_.size() && is_space(text_[e]) && text_.compare(e, 4, " -}}") != 0) ++e;
        if (e == p) e = p + 1;
        toks.push_back(Tok{T::space, text_.substr(p, e - p), at});
        p = e;
      } else if (c == '=') {
        toks.push_back(Tok{T::assign, "=", at});
        ++p;
      } else if (c == ':') {
        if (p + 1 >= text_.size() || text_[p + 1] != '=') {
          fail(p, "expected :=");
          return false;
        }
        toks.push_back(Tok{T::declare, ":=", at});
        p += 2;
      } else if (c == '|') {
        toks.push_back(Tok{T::pipe, "|", at});
        ++p;
      } else if (c == ',') {
        toks.push_back(Tok{T::comma, ",", at});
        ++p;
      } else if (c == '(') {
        ++parens;
        toks.push_back(Tok{T::lparen, "(", at});
        ++p;
      } else if (c == ')') {
        if (--parens < 0) {
          fail(p, "unexpected right paren");
          return false;
        }
        toks.push_back(Tok{T::rparen, ")", at});
        ++p;
      } else if (c == '"' || c == '\'') {
        size_t e = p + 1;
        while (e < text_.size() && text_[e] != c && text_[e] != '\n') {
          if (text_[e] == '\\') ++e;
          ++e;
        }
        if (e >= text_.size() || text_[e] != c) {
          fail(p, c == '"' ? "unterminated quoted string" : "unterminated character constant");
          return false;
        }
        toks.push_back(Tok{c == '"' ? T::string : T::number, text_.substr(p, e + 1 - p), at});
        p = e + 1;
      } else if (c == '`') {
        const size_t e = text_.find('`', p + 1);
        if (e == std::string_view::npos) {
          fail(p, "unterminated raw quoted string");
          return false;
        }
        toks.push_back(Tok{T::string, text_.substr(p, e + 1 - p), at});
        p = e + 1;
      } else if (c == '$' || (c == '.' && !(p + 1 < text_.size() && text_[p + 1] >= '0' && text_[p + 1] <= '9'))) {
        size_t e = p + 1;
        while (e < text_.size() && is_alnum(text_[e])) ++e;
        const T type = c == '$' ? T::variable : (e == p + 1 ? T::dot : T::field);
        toks.push_back(Tok{type, text_.substr(p, e - p), at});
        p = e;
      } else if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        size_t e = p + 1;
        while (e < text_.size() &&
               (is_alnum(text_[e]) || text_[e] == '.' ||
                ((text_[e] == '+' || text_[e] == '-') &&
                 (text_[e - 1] == 'e' || text_[e - 1] == 'E' || text_[e - 1] == 'p' || text_[e - 1] == 'P')))) {
          ++e;
        }
        const std::string_view num = text_.substr(p, e - p);
        if (!valid_number(num)) {
          fail(p, "bad number syntax: \"" + std::string(num) + "\"");
          return false;
        }
        toks.push_back(Tok{T::number, num, at});
        p = e;
      } else if (is_alnum(c)) {
        size_t e = p;
        while (e < text_.size() && is_alnum(text_[e])) ++e;
        const std::string_view w = text_.substr(p, e - p);
        toks.push_back(Tok{is_keyword(w) ? T::keyword : T::ident, w, at});
        p = e;
      } else if (c >= 0x21 && c <= 0x7E) {
        toks.push_back(Tok{T::chr, text_.substr(p, 1), at});
        ++p;
      } else {
        fail(p, "unrecognized character in action: U+" + hex(static_cast<unsigned char>(c)) + " '" + std::string(1, c) +
                    "'");
        return false;
      }
    }
  }

  static std::string hex(unsigned v) {
    static constexpr std::string_view digits = "0123456789ABCDEF";
    std::string s;
    for (int i = 12; i >= 0; i -= 4) s += digits[(v >> static_cast<unsigned>(i)) & 0xFU];
    return s;
  }

  static bool valid_number(std::string_view n) {
    size_t i = 0;
    if (i < n.size() && (n[i] == '+' || n[i] == '-')) ++i;
    if (i >= n.size()) return false;
    bool digits = false;
    for (; i < n.size(); ++i) {
      const char c = n[i];
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == '_' ||
          c == 'x' || c == 'X' || c == 'o' || c == 'O' || c == 'p' || c == 'P' || c == '+' || c == '-' || c == 'i') {
        if (c >= '0' && c <= '9') digits = true;
        continue;
      }
      return false;
    }
    return digits;
  }

  // --- parsing one action ---
  const Tok& peek() {
    while (toks_[i_].type == T::space) ++i_;
    return toks_[i_];
  }
  const Tok& next() {
    const Tok& t = peek();
    if (t.type != T::end_action) ++i_;
    return t;
  }

  std::optional<TemplateError> parse_action(const std::vector<Tok>& toks, size_t open) {
    toks_ = toks;
    i_ = 0;
    const Tok& first = peek();
    if (first.type == T::keyword && first.text != "nil") {
      next();
      return keyword(first, open);
    }
    if (auto e = pipeline("command", false)) return e;
    return expect_end("command");
  }

  std::optional<TemplateError> expect_end(std::string_view ctx) {
    const Tok& t = peek();
    if (t.type != T::end_action) return fail(t.pos, "unexpected " + describe(t) + " in " + std::string(ctx));
    return std::nullopt;
  }

  static std::string describe(const Tok& t) {
    if (t.type == T::end_action) return "\"}}\"";
    if (t.type == T::rparen) return "\")\"";
    if (t.type == T::lparen) return "\"(\"";
    if (t.type == T::string) return "quoted string";
    if (t.type == T::chr) return "\"" + std::string(t.text) + "\"";
    return "<" + std::string(t.text) + ">";
  }

  std::optional<TemplateError> keyword(const Tok& kw, size_t open) {
    const std::string_view k = kw.text;
    if (k == "end") {
      if (frames_.empty()) return fail(open, "unexpected {{end}}");
      vars_.resize(frames_.back().vars);
      frames_.pop_back();
      return expect_end("end");
    }
    if (k == "else") {
      if (frames_.empty() || frames_.back().kind == "define" || frames_.back().kind == "block") {
        return fail(open, "unexpected {{else}}");
      }
      if (frames_.back().has_else) return fail(open, "expected end; found {{else}}");
      const Tok& t = peek();
      if (t.type == T::keyword && (t.text == "if" || t.text == "with")) {
        next();
        vars_.resize(frames_.back().vars);
        return pipeline(t.text, true).has_value() ? error_ : expect_end(t.text);
      }
      frames_.back().has_else = true;
      vars_.resize(frames_.back().vars);
      return expect_end("else");
    }
    if (k == "if" || k == "with" || k == "range") {
      frames_.push_back(Frame{.kind = k, .vars = vars_.size()});
      if (auto e = pipeline(k, true)) return e;
      return expect_end(k);
    }
    if (k == "break" || k == "continue") {
      const bool in_range =
          std::any_of(frames_.begin(), frames_.end(), [](const Frame& f) { return f.kind == "range"; });
      if (!in_range) return fail(open, "{{" + std::string(k) + "}} outside {{range}}");
      return expect_end(k);
    }
    if (k == "define" || k == "block" || k == "template") {
      const Tok& nm = next();
      if (nm.type != T::string) return fail(nm.pos, "unexpected " + describe(nm) + " in " + std::string(k) + " clause");
      if (k == "define") {
        frames_.push_back(Frame{.kind = k, .vars = vars_.size()});
        return expect_end("define clause");
      }
      if (peek().type != T::end_action) {
        if (auto e = pipeline(k, false)) return e;
      }
      if (k == "block") frames_.push_back(Frame{.kind = k, .vars = vars_.size()});
      return expect_end(k);
    }
    return fail(kw.pos, "unexpected " + describe(kw) + " in command");
  }

  bool defined(std::string_view var) const { return std::find(vars_.begin(), vars_.end(), var) != vars_.end(); }

  // A pipeline: optional declaration, then commands separated by `|`.
  std::optional<TemplateError> pipeline(std::string_view ctx, bool allow_decl) {
    // Declarations: $x := / $x = / $i, $e :=
    std::vector<std::string_view> declared;
    const size_t save = i_;
    if (peek().type == T::variable) {
      const Tok v = next();
      const Tok& op = peek();
      if (op.type == T::declare || op.type == T::assign) {
        next();
        if (op.type == T::assign && !defined(v.text))
          return fail(v.pos, "undefined variable \"" + std::string(v.text) + "\"");
        declared.push_back(v.text);
      } else if (op.type == T::comma && allow_decl && ctx == "range") {
        next();
        const Tok v2 = next();
        if (v2.type != T::variable) return fail(v2.pos, "range can only initialize variables");
        const Tok& op2 = next();
        if (op2.type != T::declare && op2.type != T::assign) return fail(op2.pos, "expected :=");
        declared.push_back(v.text);
        declared.push_back(v2.text);
      } else {
        i_ = save;
      }
    }
    bool any = false;
    while (true) {
      const Tok& t = peek();
      if (t.type == T::end_action || t.type == T::rparen) {
        if (!any) return fail(t.pos, "missing value for " + std::string(ctx));
        break;
      }
      if (auto e = command()) return e;
      any = true;
      if (peek().type == T::pipe) {
        next();
        const Tok& after = peek();
        if (after.type == T::end_action || after.type == T::rparen) return fail(after.pos, "missing value for command");
        continue;
      }
      break;
    }
    for (auto d : declared) vars_.push_back(d);
    return std::nullopt;
  }

  std::optional<TemplateError> command() {
    bool any = false;
    while (true) {
      const Tok& t = peek();
      if (t.type == T::end_action || t.type == T::rparen || t.type == T::pipe) {
        if (!any) return fail(t.pos, "missing value for command");
        return std::nullopt;
      }
      if (auto e = operand()) return e;
      any = true;
      // Operands are separated by spaces.
      const Tok& raw = toks_[i_];
      if (raw.type != T::space && raw.type != T::end_action && raw.type != T::rparen && raw.type != T::pipe) {
        return fail(raw.pos, "unexpected " + describe(raw) + " in operand");
      }
    }
  }

  std::optional<TemplateError> operand() {
    const Tok& t = next();
    switch (t.type) {
      case T::ident:
        if (t.text != "true" && t.text != "false" && !is_template_function(t.text)) {
          return fail(t.pos, "function \"" + std::string(t.text) + "\" not defined");
        }
        break;
      case T::variable:
        if (!defined(t.text)) return fail(t.pos, "undefined variable \"" + std::string(t.text) + "\"");
        break;
      case T::keyword:
        if (t.text != "nil") return fail(t.pos, "unexpected " + describe(t) + " in operand");
        break;
      case T::dot:
      case T::field:
      case T::string:
      case T::number:
        break;
      case T::lparen: {
        // Go stops at 10,000 nested parentheses; the C++ stack stops earlier, so does stacklint.
        if (paren_depth_ >= kMaxParenDepth) {
          return fail(t.pos, "parenthesized pipelines nested deeper than " + std::to_string(kMaxParenDepth) +
                                 " levels; stacklint does not check deeper");
        }
        ++paren_depth_;
        auto e = pipeline("parenthesized pipeline", false);
        --paren_depth_;
        if (e) return e;
        const Tok& close = next();
        if (close.type != T::rparen) return fail(close.pos, "unclosed left paren");
        break;
      }
      default:
        return fail(t.pos, "unexpected " + describe(t) + " in operand");
    }
    // Field chains glued to the term: $x.a.b, (pipeline).Field
    while (toks_[i_].type == T::field) ++i_;
    return std::nullopt;
  }

  std::string_view text_;
  std::string_view name_;
  std::vector<std::string_view> vars_;
  std::vector<Frame> frames_;
  std::vector<Tok> toks_;
  size_t i_ = 0;
  int paren_depth_ = 0;
  std::optional<TemplateError> error_;
  std::optional<size_t> unclosed_;
};

}  // namespace

bool is_template_function(std::string_view name) {
  return std::find(kFunctions.begin(), kFunctions.end(), name) != kFunctions.end();
}

std::optional<TemplateError> check_template(std::string_view text, std::string_view name) {
  if (text.find("{{") == std::string_view::npos) return std::nullopt;
  Checker c(text, name);
  return c.run();
}

}  // namespace stacklint::rulefmt
