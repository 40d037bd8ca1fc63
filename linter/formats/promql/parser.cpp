#include "linter/formats/promql/parser.h"

#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <memory_resource>
#include <optional>
#include <span>
#include <unordered_map>

#include "linter/source/utf8.h"

namespace stacklint::promql {
namespace {

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int prec(Tok t) {
  switch (t) {
    case Tok::lor:
      return 1;
    case Tok::land:
    case Tok::lunless:
      return 2;
    case Tok::eqlc:
    case Tok::neq:
    case Tok::lte:
    case Tok::lss:
    case Tok::gte:
    case Tok::gtr:
    case Tok::trim_upper:
    case Tok::trim_lower:
      return 3;
    case Tok::add:
    case Tok::sub:
      return 4;
    case Tok::mul:
    case Tok::div:
    case Tok::mod:
    case Tok::atan2:
      return 5;
    case Tok::pow:
      return 6;
    default:
      return 0;
  }
}

int de_prec(Tok t) {
  switch (t) {
    case Tok::add:
    case Tok::sub:
      return 4;
    case Tok::mul:
    case Tok::div:
    case Tok::mod:
      return 5;
    case Tok::pow:
      return 6;
    default:
      return 0;
  }
}

bool is_metric_identifier(Tok t) {
  switch (t) {
    case Tok::avg:
    case Tok::bottomk:
    case Tok::by:
    case Tok::count:
    case Tok::count_values:
    case Tok::fill:
    case Tok::fill_left:
    case Tok::fill_right:
    case Tok::group:
    case Tok::identifier:
    case Tok::land:
    case Tok::lor:
    case Tok::lunless:
    case Tok::max:
    case Tok::metric_identifier:
    case Tok::min:
    case Tok::offset:
    case Tok::quantile:
    case Tok::stddev:
    case Tok::stdvar:
    case Tok::sum:
    case Tok::topk:
    case Tok::without:
    case Tok::start:
    case Tok::end:
    case Tok::limitk:
    case Tok::limit_ratio:
    case Tok::step:
    case Tok::range:
    case Tok::anchored:
    case Tok::smoothed:
    case Tok::max_of:
    case Tok::min_of:
      return true;
    default:
      return false;
  }
}

bool is_maybe_label(Tok t) {
  if (t == Tok::kw_bool || t == Tok::group_left || t == Tok::group_right || t == Tok::ignoring || t == Tok::on ||
      t == Tok::atan2)
    return true;
  return t != Tok::without && is_metric_identifier(t);
}

bool valid_legacy_label(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Go's strconv.ParseInt(s, 0, 64) followed by ParseFloat(s, 64), as Prometheus's parser.number.
bool parse_number(std::string_view s, double& out, std::string& err) {
  std::string clean;
  const bool has_underscore = s.find('_') != std::string_view::npos;
  const bool is_hex = s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  bool is_int = true;
  for (size_t i = is_hex ? 2 : 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') continue;
    if (!(std::isxdigit(static_cast<unsigned char>(c)) && (is_hex || (c >= '0' && c <= '9')))) is_int = false;
  }
  if (is_int && !s.empty()) {
    for (char c : s) {
      if (c != '_') clean += c;
    }
    int base = 10;
    std::string_view digits = clean;
    if (is_hex) {
      base = 16;
      digits.remove_prefix(2);
    } else if (digits.size() > 1 && digits[0] == '0') {
      base = 8;
      digits.remove_prefix(1);
    }
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (!digits.empty() && ec == std::errc() && p == digits.data() + digits.size() &&
        v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      out = static_cast<double>(static_cast<int64_t>(v));
      return true;
    }
    if (is_hex && ec == std::errc::result_out_of_range) {
      out = 0;
      for (char c : digits)
        out = out * 16 + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
      return true;
    }
  }
  if (has_underscore || is_hex) {
    err = "strconv.ParseFloat: parsing " + go_quote(s) + ": invalid syntax";
    return false;
  }
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // Overflow is an error in Go; underflow rounds to zero.
    const auto e = s.find_first_of("eE");
    const bool neg_exp = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    if (neg_exp) {
      out = 0;
      return true;
    }
    err = "strconv.ParseFloat: parsing " + go_quote(s) + ": value out of range";
    return false;
  }
  if (ec != std::errc() || p != s.data() + s.size()) {
    err = "strconv.ParseFloat: parsing " + go_quote(s) + ": invalid syntax";
    return false;
  }
  out = v;
  return true;
}

std::string regex_error_text(const RE2& re) {
  std::string what;
  switch (re.error_code()) {
    case RE2::ErrorMissingParen:
      what = "missing closing )";
      break;
    case RE2::ErrorUnexpectedParen:
      what = "unexpected )";
      break;
    case RE2::ErrorMissingBracket:
      what = "missing closing ]";
      break;
    case RE2::ErrorBadEscape:
      what = "invalid escape sequence";
      break;
    case RE2::ErrorRepeatArgument:
      what = "missing argument to repetition operator";
      break;
    case RE2::ErrorRepeatSize:
      what = "invalid repeat count";
      break;
    case RE2::ErrorRepeatOp:
      what = "invalid nested repetition operator";
      break;
    case RE2::ErrorBadCharRange:
      what = "invalid character class range";
      break;
    case RE2::ErrorBadCharClass:
      what = "invalid character class";
      break;
    case RE2::ErrorBadPerlOp:
      what = "invalid or unsupported Perl syntax";
      break;
    case RE2::ErrorBadNamedCapture:
      what = "invalid named capture";
      break;
    case RE2::ErrorBadUTF8:
      what = "invalid UTF-8";
      break;
    case RE2::ErrorTrailingBackslash:
      what = "trailing backslash at end of expression";
      break;
    case RE2::ErrorPatternTooLarge:
      what = "expression too large";
      break;
    default:
      what = re.error();
      break;
  }
  return "error parsing regexp: " + what + ": `" + re.error_arg() + "`";
}

// Compiles ^(?s:pattern)$ once per thread and pattern: rule files repeat the same regexes.
std::shared_ptr<const RE2> compile_regex(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::shared_ptr<const RE2>> cache;
  if (auto it = cache.find(pattern); it != cache.end()) return it->second;
  RE2::Options ro;
  ro.set_log_errors(false);
  auto re = std::make_shared<const RE2>("^(?s:" + pattern + ")$", ro);
  if (cache.size() >= 4096) cache.clear();
  cache.emplace(pattern, re);
  return re;
}

std::string format_float_f(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[512];
  std::snprintf(buf, sizeof buf, "%f", v);
  return buf;
}

// The recursive descent's own limit (the tree's depth, kMaxDepth, is checked without recursion):
// each nesting level (a parenthesis, a function argument, a unary operand) costs three frames
// (parse_expr, parse_unary, parse_primary), and 1000 levels overflowed the 8 MB stack of an ASan
// build. 256 keeps the parse well under 1 MB of stack in any build.
constexpr int kMaxNesting = 256;

// A node found below `limit` levels (depth first, last child first), or null; iterative, so any
// depth is safe.
const Node* deeper_than(const Node& root, int limit) {
  std::vector<std::pair<const Node*, int>> todo{{&root, 1}};
  while (!todo.empty()) {
    const auto [n, depth] = todo.back();
    todo.pop_back();
    if (depth > limit) return n;
    for_each_child(*n, [&, d = depth](const Node& c) { todo.emplace_back(&c, d + 1); });
  }
  return nullptr;
}

class Parser {
 public:
  Parser(std::string_view in, const ParseOptions& o, ParseResult& result)
      : in_(in),
        o_(o),
        lex_(in, LexOptions{o.major, o.minor}),
        mem_(*result.memory),
        regexes_(result.regexes),
        errors_(result.errors) {}

  const Node* parse_top() {
    if (peek().type == Tok::eof && !failed_) {
      add_error(0, 0, "no expression found in input");
      return nullptr;
    }
    Node* root = parse_expr(1);
    if (!failed_ && peek().type != Tok::eof) unexpected();
    if (root == nullptr) return nullptr;
    // Every later walker (type check, printer, walk(), the rules) recurses along the tree: a
    // tree deeper than kMaxDepth (`up + up + ...` with 20,000 terms) is refused here instead.
    if (const Node* deep = deeper_than(*root, kMaxDepth)) {
      add_error(deep->begin, deep->end,
                "expression nested deeper than " + std::to_string(kMaxDepth) +
                    " levels (operators, calls, parentheses); stacklint does not analyze it");
      return nullptr;
    }
    if (errors_.empty()) check(*root);
    return root;
  }

 private:
  // ---- tokens -------------------------------------------------------------------------------
  struct Ctx {
    const char* context;
    const char* expected;
  };

  const Token& peek(int k = 0) {
    while (count_ <= k) {
      Token& t = la_[(head_ + count_) % 2];
      do {
        lex_.next(t);
      } while (t.type == Tok::comment);
      if (t.type == Tok::error && !lex_error_seen_) {
        lex_error_seen_ = true;
        lex_error_index_ = count_;
      }
      ++count_;
    }
    return la_[(head_ + k) % 2];
  }
  Token take() {
    peek();
    Token t = std::move(la_[head_]);
    head_ = (head_ + 1) % 2;
    --count_;
    if (t.type == Tok::right_brace || t.type == Tok::right_paren || t.type == Tok::right_bracket ||
        t.type == Tok::duration || t.type == Tok::number)
      last_closing_ = t.end;
    last_end_ = t.end;
    return t;
  }
  bool v3() const { return o_.major >= 3; }
  bool at_least(int major, int minor) const { return o_.major > major || (o_.major == major && o_.minor >= minor); }
  std::string_view text(const Token& t) const { return in_.substr(t.pos, t.end - t.pos); }

  void add_error(uint32_t b, uint32_t e, std::string msg) {
    errors_.push_back(Error{.message = std::move(msg), .begin = b, .end = e});
  }

  std::string describe(const Token& t) const {
    const std::string_view val = text(t);
    switch (t.type) {
      case Tok::eof:
        return "end of input";
      case Tok::identifier:
        return "identifier " + go_quote(val);
      case Tok::metric_identifier:
        return "metric identifier " + go_quote(val);
      case Tok::number:
      case Tok::duration:
      case Tok::string: {
        std::string q = go_quote(val);
        if (val.size() > 10) q = go_quote(val.substr(0, 10)) + "...";
        const char* kind = t.type == Tok::number ? "number " : t.type == Tok::duration ? "duration " : "string ";
        return kind + q;
      }
      default:
        break;
    }
    if (is_keyword(t.type)) return "<" + std::string(val) + ">";
    if (is_operator(t.type)) return "<op:" + std::string(val) + ">";
    if (is_aggregator(t.type)) return "<aggr:" + std::string(val) + ">";
    return go_quote(val);
  }

  // A syntax error at the lookahead token: reported once, then parsing stops.
  void unexpected(const char* context = nullptr, const char* expected = nullptr) {
    if (failed_) return;
    failed_ = true;
    const Token& t = peek();
    if (t.type == Tok::error) {
      add_error(t.pos, t.end, t.message);
      return;
    }
    if (context == nullptr && !ctx_.empty()) {
      context = ctx_.back().context;
      expected = ctx_.back().expected;
    }
    std::string msg = "unexpected " + describe(t);
    if (context != nullptr && *context != '\0') msg += std::string(" in ") + context;
    if (expected != nullptr && *expected != '\0') msg += std::string(", expected ") + expected;
    add_error(t.pos, t.end, std::move(msg));
  }
  bool expect(Tok type, const char* context = nullptr, const char* expected = nullptr) {
    if (failed_) return false;
    if (peek().type != type) {
      unexpected(context, expected);
      return false;
    }
    take();
    return true;
  }

  // ---- the tree's memory (nodes, strings and lists are trivially destructible) ---------------
  Node* make(NodeKind k, uint32_t b, uint32_t e) {
    Node* n = new (mem_.allocate(sizeof(Node), alignof(Node))) Node();
    n->kind = k;
    n->begin = b;
    n->end = e;
    if (k == NodeKind::binary) n->set_matching(nullptr);
    return n;
  }
  std::string_view store(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(mem_.allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }
  template <class T>
  std::span<const T> store_list(const std::vector<T>& items) {
    if (items.empty()) return {};
    T* p = std::pmr::polymorphic_allocator<T>(&mem_).allocate(items.size());
    std::uninitialized_copy(items.begin(), items.end(), p);
    return {p, items.size()};
  }
  template <class T>
  T* make_record(const T& value) {
    return new (mem_.allocate(sizeof(T), alignof(T))) T(value);
  }
  // The modifiers record of a vector selector or subquery, made on first write.
  Modifiers& own_modifiers(Node& n) {
    auto* m = make_record(n.modifiers());
    n.set_modifiers(m);
    return *m;
  }

  // ---- expressions --------------------------------------------------------------------------
  Node* parse_expr(int min_prec) {
    if (failed_) return nullptr;
    if (++depth_ > kMaxNesting) {
      failed_ = true;
      add_error(peek().pos, peek().end, "expression nesting too deep");
      --depth_;
      return nullptr;
    }
    Node* lhs = parse_unary();
    while (lhs != nullptr && !failed_) {
      const Tok op = peek().type;
      const int p = prec(op);
      if (p == 0 || p < min_prec) break;
      if ((op == Tok::trim_upper || op == Tok::trim_lower) && !at_least(3, 8)) break;
      take();
      Node* bin = make(NodeKind::binary, lhs->begin, lhs->end);
      bin->op = op;
      if (!parse_bin_modifiers(*bin)) {
        lhs = nullptr;
        break;
      }
      Node* rhs = parse_expr(op == Tok::pow ? p : p + 1);
      if (rhs == nullptr) {
        lhs = nullptr;
        break;
      }
      bin->set_lhs(lhs);
      bin->set_rhs(rhs);
      bin->end = rhs->end;
      if (!o_.binop_fill_modifiers && (bin->matching().has_fill_lhs || bin->matching().has_fill_rhs))
        add_error(bin->begin, bin->end, "binop fill modifiers are experimental and not enabled");
      lhs = bin;
    }
    --depth_;
    return lhs;
  }

  Node* parse_unary() {
    const Token& t = peek();
    if (t.type != Tok::add && t.type != Tok::sub) return parse_postfix(parse_primary());
    const Token op = take();
    Node* operand = parse_expr(prec(Tok::pow));
    if (operand == nullptr) return nullptr;
    if (operand->kind == NodeKind::number_literal) {
      if (op.type == Tok::sub) operand->set_value(-operand->value());
      operand->begin = op.pos;
      return operand;
    }
    Node* u = make(NodeKind::unary, op.pos, operand->end);
    u->op = op.type;
    u->set_expr(operand);
    return u;
  }

  bool parse_grouping(std::vector<std::string_view>& out) {
    if (failed_) return false;
    if (peek().type != Tok::left_paren) {
      unexpected("grouping opts", "\"(\"");
      return false;
    }
    take();
    if (peek().type == Tok::right_paren) {
      take();
      return true;
    }
    for (;;) {
      const Token& t = peek();
      if (is_maybe_label(t.type)) {
        const std::string_view name = text(t);
        const bool valid = v3() ? valid_utf8(name) : valid_legacy_label(name);
        if (!valid) add_error(t.pos, t.end, "invalid label name for grouping: " + go_quote(name));
        out.push_back(store(name));
        take();
      } else if (t.type == Tok::string && v3()) {
        std::string name = unquote(text(t));
        if (name.empty() || !valid_utf8(name))
          add_error(t.pos, t.end, "invalid label name for grouping: " + go_quote(name));
        out.push_back(store(name));
        take();
      } else {
        unexpected("grouping opts", "label");
        return false;
      }
      if (peek().type == Tok::right_paren) {
        take();
        return true;
      }
      if (peek().type != Tok::comma) {
        unexpected("grouping opts", "\",\" or \")\"");
        return false;
      }
      take();
      if (peek().type == Tok::right_paren) {
        take();
        return true;
      }
    }
  }

  bool parse_fill_value(double& out) {
    if (!expect(Tok::left_paren)) return false;
    double sign = 1;
    if (peek().type == Tok::add || peek().type == Tok::sub) sign = take().type == Tok::sub ? -1 : 1;
    Node* lit = parse_number_literal();
    if (lit == nullptr) return false;
    out = sign * lit->value();
    return expect(Tok::right_paren);
  }

  // bool, on/ignoring, group_left/right and fill: a matching record only when one is written.
  bool parse_bin_modifiers(Node& bin) {
    bin.has_matching = true;
    VectorMatching vm;
    std::vector<std::string_view> labels;
    std::vector<std::string_view> include;
    const bool ok = parse_bin_modifiers(bin, vm, labels, include);
    if (vm.on || !labels.empty() || vm.card != Cardinality::one_to_one || vm.has_fill_lhs || vm.has_fill_rhs) {
      vm.labels = store_list(labels);
      vm.include = store_list(include);
      bin.set_matching(make_record(vm));
    }
    return ok;
  }
  bool parse_bin_modifiers(Node& bin, VectorMatching& vm, std::vector<std::string_view>& labels,
                           std::vector<std::string_view>& include) {
    if (peek().type == Tok::kw_bool) {
      take();
      bin.return_bool = true;
    }
    if (peek().type == Tok::on || peek().type == Tok::ignoring) {
      vm.on = take().type == Tok::on;
      if (!parse_grouping(labels)) return false;
      if (peek().type == Tok::group_left || peek().type == Tok::group_right) {
        vm.card = take().type == Tok::group_left ? Cardinality::many_to_one : Cardinality::one_to_many;
        if (peek().type == Tok::left_paren && !parse_grouping(include)) return false;
      }
    }
    for (int i = 0; i < 2; ++i) {
      const Tok t = peek().type;
      if (t == Tok::fill && i == 0) {
        take();
        double v = 0;
        if (!parse_fill_value(v)) return false;
        vm.has_fill_lhs = vm.has_fill_rhs = true;
        vm.fill_lhs = vm.fill_rhs = v;
        break;
      }
      if ((t == Tok::fill_left && !vm.has_fill_lhs) || (t == Tok::fill_right && !vm.has_fill_rhs)) {
        take();
        double v = 0;
        if (!parse_fill_value(v)) return false;
        if (t == Tok::fill_left) {
          vm.has_fill_lhs = true;
          vm.fill_lhs = v;
        } else {
          vm.has_fill_rhs = true;
          vm.fill_rhs = v;
        }
        continue;
      }
      break;
    }
    return !failed_;
  }

  Node* parse_number_literal() {
    if (failed_) return nullptr;
    const Token& t = peek();
    if (t.type == Tok::number) {
      const Token tok = take();
      Node* n = make(NodeKind::number_literal, tok.pos, tok.end);
      std::string err;
      double v = 0;
      if (!parse_number(text(tok), v, err)) add_error(tok.pos, tok.end, "error parsing number: " + err);
      n->set_value(v);
      return n;
    }
    if (t.type == Tok::duration && v3()) {
      const Token tok = take();
      Node* n = make(NodeKind::number_literal, tok.pos, tok.end);
      n->is_duration = true;
      int64_t ms = 0;
      std::string err;
      if (!parse_duration(text(tok), ms, err)) add_error(tok.pos, tok.end, err);
      n->set_value(static_cast<double>(ms) / 1000.0);
      return n;
    }
    unexpected();
    return nullptr;
  }

  Node* parse_primary() {
    if (failed_) return nullptr;
    const Token& t = peek();
    switch (t.type) {
      case Tok::number:
      case Tok::duration:
        return parse_number_literal();
      case Tok::string: {
        const Token tok = take();
        Node* n = make(NodeKind::string_literal, tok.pos, tok.end);
        n->set_text(store(unquote(text(tok))));
        return n;
      }
      case Tok::left_paren: {
        const Token open = take();
        Node* inner = parse_expr(1);
        if (inner == nullptr) return nullptr;
        if (!expect(Tok::right_paren)) return nullptr;
        Node* n = make(NodeKind::paren, open.pos, last_end_);
        n->set_expr(inner);
        return n;
      }
      case Tok::left_brace:
        return parse_vector_selector(nullptr);
      default:
        break;
    }
    if (is_aggregator(t.type)) {
      const Tok next = peek(1).type;
      if (next == Tok::left_paren || next == Tok::by || next == Tok::without) return parse_aggregate();
    }
    if (t.type == Tok::identifier && peek(1).type == Tok::left_paren) return parse_call();
    // start() end() step() range() max_of() min_of() are functions where the version's table has them.
    if ((t.type == Tok::start || t.type == Tok::end || t.type == Tok::step || t.type == Tok::range ||
         t.type == Tok::max_of || t.type == Tok::min_of) &&
        peek(1).type == Tok::left_paren && find_function(tok_spelling(t.type), o_.major, o_.minor) != nullptr)
      return parse_call();
    if (is_metric_identifier(t.type)) {
      const Token name = take();
      return parse_vector_selector(&name);
    }
    unexpected();
    return nullptr;
  }

  bool parse_call_args(std::vector<const Node*>& args) {
    if (!expect(Tok::left_paren)) return false;
    if (peek().type == Tok::right_paren) {
      take();
      return true;
    }
    for (;;) {
      Node* a = parse_expr(1);
      if (a == nullptr) return false;
      args.push_back(a);
      if (peek().type == Tok::comma) {
        const Token comma = take();
        if (peek().type == Tok::right_paren) {
          add_error(comma.pos, comma.end, "trailing commas not allowed in function call args");
          take();
          return true;
        }
        continue;
      }
      return expect(Tok::right_paren);
    }
  }

  Node* parse_call() {
    const Token name = take();
    const std::string_view fname = text(name);
    std::vector<const Node*> args;
    if (!parse_call_args(args)) return nullptr;
    Node* n = make(NodeKind::call, name.pos, last_end_);
    n->set_func(find_function(fname, o_.major, o_.minor));
    if (n->func() == nullptr) {
      add_error(name.pos, name.end, "unknown function with name " + go_quote(fname));
    } else if (is_experimental(*n->func(), o_.major, o_.minor) && !o_.experimental_functions) {
      add_error(name.pos, name.end, "function " + go_quote(fname) + " is not enabled");
    }
    n->set_args(store_list(args));
    return n;
  }

  Node* parse_aggregate() {
    const Token op = take();
    Node* n = make(NodeKind::aggregate, op.pos, op.end);
    n->op = op.type;
    ctx_.push_back(Ctx{"aggregation", ""});
    bool ok = true;
    bool modifier_first = false;
    std::vector<std::string_view> grouping;
    if (peek().type == Tok::by || peek().type == Tok::without) {
      modifier_first = true;
      n->without = take().type == Tok::without;
      ok = parse_grouping(grouping);
    }
    std::vector<const Node*> args;
    if (ok) ok = parse_call_args(args);
    uint32_t end = last_end_;
    if (ok && !modifier_first && (peek().type == Tok::by || peek().type == Tok::without)) {
      n->without = take().type == Tok::without;
      ok = parse_grouping(grouping);
      end = last_end_;
    }
    ctx_.pop_back();
    n->set_grouping(store_list(grouping));
    if (!ok) return nullptr;
    n->end = end;
    if (args.empty()) {
      add_error(n->begin, n->end, "no arguments for aggregate expression provided");
      return n;
    }
    size_t desired = 1;
    const Tok a = n->op;
    if (a == Tok::topk || a == Tok::bottomk || a == Tok::count_values || a == Tok::quantile || a == Tok::limitk ||
        a == Tok::limit_ratio) {
      if (!o_.experimental_functions && (a == Tok::limitk || a == Tok::limit_ratio)) {
        add_error(n->begin, n->end,
                  std::string(tok_spelling(a)) +
                      "() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
        return n;
      }
      desired = 2;
      n->set_param(args[0]);
    }
    if (args.size() != desired) {
      add_error(n->begin, n->end,
                "wrong number of arguments for aggregate expression provided, expected " + std::to_string(desired) +
                    ", got " + std::to_string(args.size()));
      return n;
    }
    n->set_expr(args[desired - 1]);
    return n;
  }

  void add_matcher(std::vector<Matcher>& out, const Token& name_tok, std::string_view name, MatchOp op,
                   const Token& value_tok) {
    Matcher m;
    m.name = name;
    m.op = op;
    const std::string value = unquote(text(value_tok));
    m.value = store(value);
    m.begin = name_tok.pos;
    m.end = value_tok.end;
    if (op == MatchOp::regex || op == MatchOp::not_regex) {
      auto re = compile_regex(value);
      if (!re->ok()) {
        add_error(m.begin, m.end, regex_error_text(*re));
      } else {
        m.regex = re.get();
        regexes_.push_back(std::move(re));
      }
    }
    out.push_back(m);
  }

  static bool match_op(Tok t, MatchOp& op) {
    switch (t) {
      case Tok::eql:
        op = MatchOp::equal;
        return true;
      case Tok::neq:
        op = MatchOp::not_equal;
        return true;
      case Tok::eql_regex:
        op = MatchOp::regex;
        return true;
      case Tok::neq_regex:
        op = MatchOp::not_regex;
        return true;
      default:
        return false;
    }
  }

  Node* parse_vector_selector(const Token* name) {
    Node* vs = make(NodeKind::vector_selector, name != nullptr ? name->pos : peek().pos,
                    name != nullptr ? name->end : peek().end);
    vs->type = ValueType::vector;
    if (name != nullptr) vs->set_text(store(text(*name)));
    if (peek().type != Tok::left_brace) return vs;
    take();
    std::vector<Matcher> matchers;
    const char* lm = "label matching";
    bool first = true;
    for (;;) {
      const Token& t = peek();
      if (t.type == Tok::right_brace) {
        take();
        break;
      }
      if (!first) {
        if (t.type != Tok::comma) {
          unexpected(lm, "\",\" or \"}\"");
          return nullptr;
        }
        take();
        if (peek().type == Tok::right_brace) {
          take();
          break;
        }
      }
      first = false;
      const Token& lt = peek();
      if (lt.type == Tok::identifier || (lt.type == Tok::string && v3())) {
        const Token label = take();
        const bool quoted = label.type == Tok::string;
        const std::string_view lname = store(quoted ? unquote(text(label)) : std::string(text(label)));
        MatchOp op{};
        if (!match_op(peek().type, op)) {
          if (quoted) {
            // {"metric_name"}: a __name__ equality matcher.
            Matcher m;
            m.name = "__name__";
            m.value = lname;
            m.begin = label.pos;
            m.end = label.end;
            matchers.push_back(m);
            continue;
          }
          unexpected(lm, "label matching operator");
          return nullptr;
        }
        take();
        if (peek().type != Tok::string) {
          unexpected(lm, "string");
          return nullptr;
        }
        const Token value = take();
        add_matcher(matchers, label, lname, op, value);
        continue;
      }
      unexpected(lm, "identifier or \"}\"");
      return nullptr;
    }
    vs->set_matchers(store_list(matchers));
    vs->end = last_end_;
    return vs;
  }

  // ---- postfix: ranges, subqueries, offset, @, anchored/smoothed ----------------------------
  Node* parse_postfix(Node* e) {
    while (e != nullptr && !failed_) {
      switch (peek().type) {
        case Tok::left_bracket:
          e = parse_bracket(e);
          break;
        case Tok::offset:
          e = parse_offset(e);
          break;
        case Tok::at:
          e = parse_at(e);
          break;
        case Tok::anchored:
        case Tok::smoothed:
          set_anchored_smoothed(e, take());
          break;
        default:
          return e;
      }
    }
    return e;
  }

  // The vector selector a modifier applies to, Prometheus's rules for offset/@.
  Node* modifier_target(Node* e, const char* what, bool& is_matrix) {
    is_matrix = false;
    if (e->kind == NodeKind::vector_selector || e->kind == NodeKind::subquery) return e;
    if (e->kind == NodeKind::matrix_selector) {
      if (e->expr()->kind != NodeKind::vector_selector) {
        add_error(e->begin, e->end, "ranges only allowed for vector selectors");
        return nullptr;
      }
      is_matrix = true;
      return const_cast<Node*>(e->expr());
    }
    add_error(e->begin, e->end,
              std::string(what) +
                  " modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    return nullptr;
  }

  void set_anchored_smoothed(Node* e, const Token& t) {
    const bool anchored = t.type == Tok::anchored;
    const std::string name = anchored ? "anchored" : "smoothed";
    if (!o_.extended_range_selectors) {
      add_error(e->begin, e->end, name + " modifier is experimental and not enabled");
      return;
    }
    Node* vs = nullptr;
    if (e->kind == NodeKind::vector_selector)
      vs = e;
    else if (e->kind == NodeKind::matrix_selector) {
      if (e->expr()->kind != NodeKind::vector_selector) return;
      vs = const_cast<Node*>(e->expr());
    } else if (e->kind == NodeKind::subquery) {
      add_error(e->begin, e->end, name + " modifier is not supported for subqueries");
      return;
    } else {
      add_error(e->begin, e->end, name + " modifier not implemented");
      return;
    }
    (anchored ? vs->anchored : vs->smoothed) = true;
    if (vs->anchored && vs->smoothed)
      add_error(e->begin, e->end, "anchored and smoothed modifiers cannot be used together");
  }

  Node* parse_offset(Node* e) {
    take();
    ctx_.push_back(Ctx{"offset", v3() ? "number, duration, step(), or range()" : "duration"});
    Node* d = parse_offset_duration();
    ctx_.pop_back();
    if (d == nullptr) return nullptr;
    bool is_matrix = false;
    Node* target = modifier_target(e, "offset", is_matrix);
    if (target == nullptr) return e;
    if (target->offset_ms() != 0 || target->offset_expr() != nullptr) {
      add_error(e->begin, e->end, "offset may not be set multiple times");
    } else if (d->kind == NodeKind::number_literal) {
      own_modifiers(*target).offset_ms = std::llround(d->value() * 1000.0);
    } else {
      own_modifiers(*target).offset_expr = d;
    }
    e->end = last_closing_;
    return e;
  }

  Node* duration_literal_checked(Node* lit, uint32_t err_begin, uint32_t err_end) {
    if (lit->value() > 9223372036.854775807 || lit->value() < -9223372036.854775808) {
      add_error(err_begin, err_end, "duration out of range");
      lit->set_value(0);
    }
    return lit;
  }

  Node* parse_offset_duration() {
    if (failed_) return nullptr;
    if (!v3()) {
      // Prometheus 2.x: offset [-]<duration>.
      bool neg = false;
      uint32_t b = peek().pos;
      if (peek().type == Tok::sub) {
        take();
        neg = true;
      }
      if (peek().type != Tok::duration) {
        unexpected();
        return nullptr;
      }
      const Token t = take();
      Node* n = make(NodeKind::number_literal, b, t.end);
      n->is_duration = true;
      int64_t ms = 0;
      std::string err;
      if (!parse_duration(text(t), ms, err))
        add_error(t.pos, t.end, err);
      else if (ms == 0)
        add_error(t.pos, t.end, "duration must be greater than 0");
      n->set_value(static_cast<double>(neg ? -ms : ms) / 1000.0);
      return n;
    }
    const Token& t = peek();
    if (t.type == Tok::number || t.type == Tok::duration) {
      Node* lit = parse_number_literal();
      return lit == nullptr ? nullptr : duration_literal_checked(lit, lit->begin, lit->end);
    }
    if (t.type == Tok::add || t.type == Tok::sub) {
      const Token op = take();
      const Tok nt = peek().type;
      if (nt == Tok::number || nt == Tok::duration) {
        Node* lit = parse_number_literal();
        if (lit == nullptr) return nullptr;
        if (op.type == Tok::sub) lit->set_value(-lit->value());
        duration_literal_checked(lit, op.pos, op.end);
        lit->begin = op.pos;
        return lit;
      }
      if (nt == Tok::step || nt == Tok::range || nt == Tok::max_of || nt == Tok::min_of) {
        Node* inner = parse_de_call();
        if (inner == nullptr) return nullptr;
        Node* de = make(NodeKind::duration_expr, op.pos, inner->end);
        de->op = op.type;
        de->set_rhs(inner);
        experimental_de(de);
        return de;
      }
      if (nt == Tok::left_paren) {
        Node* inner = parse_de_paren();
        if (inner == nullptr) return nullptr;
        return apply_unary_de(op, inner);
      }
      unexpected();
      return nullptr;
    }
    if (t.type == Tok::step || t.type == Tok::range || t.type == Tok::max_of || t.type == Tok::min_of)
      return parse_de_call();
    if (t.type == Tok::left_paren) {
      Node* p = parse_de_paren();
      return p == nullptr ? nullptr : parse_de_binary(p, 1);
    }
    unexpected();
    return nullptr;
  }

  Node* parse_at(Node* e) {
    take();
    ctx_.push_back(Ctx{"@", "timestamp"});
    const Tok t = peek().type;
    if (t == Tok::start || t == Tok::end) {
      const Tok which = take().type;
      if (!expect(Tok::left_paren) || !expect(Tok::right_paren)) {
        ctx_.pop_back();
        return nullptr;
      }
      ctx_.pop_back();
      bool is_matrix = false;
      Node* target = at_target(e, is_matrix);
      if (target == nullptr) return e;
      target->at = which == Tok::start ? AtModifier::start : AtModifier::end;
      e->end = last_closing_;
      return e;
    }
    double sign = 1;
    if (t == Tok::add || t == Tok::sub) sign = take().type == Tok::sub ? -1 : 1;
    Node* lit = parse_number_literal();
    ctx_.pop_back();
    if (lit == nullptr) return nullptr;
    const double ts = sign * lit->value();
    if (std::isnan(ts) || std::isinf(ts) || ts >= 9.2233720368547758e18 || ts <= -9.2233720368547758e18)
      add_error(e->begin, e->end, "timestamp out of bounds for @ modifier: " + format_float_f(ts));
    bool is_matrix = false;
    Node* target = at_target(e, is_matrix);
    if (target == nullptr) return e;
    target->at = AtModifier::timestamp;
    const double ms = std::round(ts * 1000.0);
    own_modifiers(*target).at_ms = (std::isfinite(ms) && std::fabs(ms) < 9.2e18) ? static_cast<int64_t>(ms) : 0;
    e->end = last_closing_;
    return e;
  }

  Node* at_target(Node* e, bool& is_matrix) {
    Node* target = modifier_target(e, "@", is_matrix);
    if (target == nullptr) return nullptr;
    if (target->at != AtModifier::none) {
      add_error(e->begin, e->end, "@ <timestamp> may not be set multiple times");
      return nullptr;
    }
    return target;
  }

  Node* parse_bracket(Node* e) {
    const Token open = take();
    ctx_.push_back(Ctx{"subquery or range selector", v3() ? "number, duration, step(), or range()" : "duration"});
    Node* range = parse_positive_duration();
    if (range == nullptr) {
      ctx_.pop_back();
      return nullptr;
    }
    ctx_.back() = Ctx{"subquery or range", "\":\" or \"]\""};
    if (peek().type == Tok::right_bracket) {
      const Token close = take();
      ctx_.pop_back();
      const char* msg = nullptr;
      if (e->kind != NodeKind::vector_selector)
        msg = "ranges only allowed for vector selectors";
      else if (e->offset_ms() != 0 || e->offset_expr() != nullptr)
        msg = "no offset modifiers allowed before range";
      else if (e->at != AtModifier::none)
        msg = "no @ modifiers allowed before range";
      if (msg != nullptr) add_error(open.pos, close.end, msg);
      Node* m = make(NodeKind::matrix_selector, e->begin, close.end);
      m->set_expr(e);
      set_range(*m, range);
      return m;
    }
    if (peek().type != Tok::colon) {
      unexpected();
      ctx_.pop_back();
      return nullptr;
    }
    take();
    ctx_.back() = Ctx{"subquery selector", v3() ? "number, duration, step(), range(), or \"]\"" : "duration or \"]\""};
    Node* step = nullptr;
    if (peek().type != Tok::right_bracket) {
      step = parse_positive_duration();
      if (step == nullptr) {
        ctx_.pop_back();
        return nullptr;
      }
      ctx_.back() = Ctx{"subquery selector", "\"]\""};
    }
    if (!expect(Tok::right_bracket)) {
      ctx_.pop_back();
      return nullptr;
    }
    ctx_.pop_back();
    Node* s = make(NodeKind::subquery, e->begin, last_end_);
    s->set_expr(e);
    set_range(*s, range);
    if (step != nullptr) {
      if (step->kind == NodeKind::number_literal)
        own_modifiers(*s).step_ms = std::llround(step->value() * 1000.0);
      else
        own_modifiers(*s).step_expr = step;
    }
    return s;
  }

  static void set_range(Node& n, Node* range) {
    if (range->kind == NodeKind::number_literal)
      n.set_range_ms(std::llround(range->value() * 1000.0));
    else
      n.set_range_expr(range);
  }

  Node* parse_positive_duration() {
    if (failed_) return nullptr;
    if (!v3()) {
      if (peek().type != Tok::duration) {
        unexpected();
        return nullptr;
      }
      const Token t = take();
      Node* n = make(NodeKind::number_literal, t.pos, t.end);
      n->is_duration = true;
      int64_t ms = 0;
      std::string err;
      if (!parse_duration(text(t), ms, err))
        add_error(t.pos, t.end, err);
      else if (ms == 0)
        add_error(t.pos, t.end, "duration must be greater than 0");
      n->set_value(static_cast<double>(ms) / 1000.0);
      return n;
    }
    Node* d = parse_de(1);
    if (d == nullptr) return nullptr;
    if (d->kind == NodeKind::number_literal && d->value() <= 0) {
      add_error(d->begin, d->end, "duration must be greater than 0");
      d->set_value(0);
    }
    return d;
  }

  // ---- duration expressions (3.x) -----------------------------------------------------------
  void experimental_de(const Node* e) {
    if (!o_.duration_expressions) add_error(e->begin, e->end, "experimental duration expression is not enabled");
  }

  Node* apply_unary_de(const Token& op, Node* e) {
    if (e->kind == NodeKind::duration_expr) {
      if (op.type == Tok::sub) {
        Node* de = make(NodeKind::duration_expr, op.pos, e->end);
        de->op = Tok::sub;
        de->set_rhs(e);
        return de;
      }
      return e;
    }
    if (op.type == Tok::sub) e->set_value(-e->value());
    duration_literal_checked(e, op.pos, op.end);
    e->begin = op.pos;
    return e;
  }

  Node* parse_de_paren() {
    const Token open = take();
    Node* inner = parse_de(1);
    if (inner == nullptr || !expect(Tok::right_paren)) return nullptr;
    experimental_de(inner);
    if (inner->kind == NodeKind::duration_expr) {
      inner->wrapped = true;
      inner->begin = open.pos;
      inner->end = last_end_;
      return inner;
    }
    Node* de = make(NodeKind::duration_expr, open.pos, last_end_);
    de->op = Tok::add;
    de->set_rhs(inner);
    de->wrapped = true;
    return de;
  }

  Node* parse_de_call() {
    const Token kw = take();
    if (!expect(Tok::left_paren)) return nullptr;
    Node* de = make(NodeKind::duration_expr, kw.pos, kw.end);
    de->op = kw.type;
    if (kw.type == Tok::max_of || kw.type == Tok::min_of) {
      Node* a = parse_de(1);
      if (a == nullptr || !expect(Tok::comma)) return nullptr;
      Node* b = parse_de(1);
      if (b == nullptr) return nullptr;
      de->set_lhs(a);
      de->set_rhs(b);
    }
    if (!expect(Tok::right_paren)) return nullptr;
    de->end = last_end_;
    experimental_de(de);
    return de;
  }

  Node* parse_de_primary() {
    if (failed_) return nullptr;
    if (++depth_ > kMaxNesting) {
      failed_ = true;
      add_error(peek().pos, peek().end, "expression nesting too deep");
      return nullptr;
    }
    Node* r = nullptr;
    const Tok t = peek().type;
    if (t == Tok::number || t == Tok::duration) {
      Node* lit = parse_number_literal();
      r = lit == nullptr ? nullptr : duration_literal_checked(lit, lit->begin, lit->end);
    } else if (t == Tok::add || t == Tok::sub) {
      const Token op = take();
      Node* operand = parse_de(6);
      r = operand == nullptr ? nullptr : apply_unary_de(op, operand);
    } else if (t == Tok::step || t == Tok::range || t == Tok::max_of || t == Tok::min_of) {
      r = parse_de_call();
    } else if (t == Tok::left_paren) {
      r = parse_de_paren();
    } else {
      unexpected();
    }
    --depth_;
    return r;
  }

  Node* parse_de(int min_prec) { return parse_de_binary(parse_de_primary(), min_prec); }

  Node* parse_de_binary(Node* lhs, int min_prec) {
    while (lhs != nullptr && !failed_) {
      const Tok op = peek().type;
      const int p = de_prec(op);
      if (p == 0 || p < min_prec) break;
      const Token optok = take();
      Node* rhs = parse_de(op == Tok::pow ? p : p + 1);
      if (rhs == nullptr) return nullptr;
      experimental_de(lhs);
      if ((op == Tok::div || op == Tok::mod) && rhs->kind == NodeKind::number_literal && rhs->value() == 0) {
        add_error(optok.pos, optok.end, op == Tok::div ? "division by zero" : "modulo by zero");
        Node* zero = make(NodeKind::number_literal, lhs->begin, rhs->end);
        lhs = zero;
        continue;
      }
      Node* de = make(NodeKind::duration_expr, lhs->begin, rhs->end);
      de->op = op;
      de->set_lhs(lhs);
      de->set_rhs(rhs);
      lhs = de;
    }
    return lhs;
  }

  // ---- type check (Prometheus's checkAST) ---------------------------------------------------
  void err_at(const Node& n, std::string msg) { add_error(n.begin, n.end, std::move(msg)); }

  ValueType expect_type(const Node& n, ValueType want, const char* context) {
    const ValueType t = check(n);
    if (t != want)
      err_at(n, "expected type " + std::string(documented_type(want)) + " in " + context + ", got " +
                    std::string(documented_type(t)));
    return t;
  }

  ValueType check(const Node& cn) {
    Node& n = const_cast<Node&>(cn);
    switch (n.kind) {
      case NodeKind::number_literal:
      case NodeKind::duration_expr:
        n.type = ValueType::scalar;
        break;
      case NodeKind::string_literal:
        n.type = ValueType::string;
        break;
      case NodeKind::paren:
        n.type = check(*n.expr());
        break;
      case NodeKind::aggregate:
        n.type = ValueType::vector;
        expect_type(*n.expr(), ValueType::vector, "aggregation expression");
        if (n.op == Tok::topk || n.op == Tok::bottomk || n.op == Tok::quantile || n.op == Tok::limitk ||
            n.op == Tok::limit_ratio)
          expect_type(*n.param(), ValueType::scalar, "aggregation parameter");
        if (n.op == Tok::count_values) expect_type(*n.param(), ValueType::string, "aggregation parameter");
        break;
      case NodeKind::binary:
        check_binary(n);
        break;
      case NodeKind::call:
        check_call(n);
        break;
      case NodeKind::unary: {
        const ValueType t = check(*n.expr());
        n.type = t;
        if (t != ValueType::scalar && t != ValueType::vector)
          err_at(n, "unary expression only allowed on expressions of type scalar or instant vector, got " +
                        go_quote(documented_type(t)));
        break;
      }
      case NodeKind::subquery: {
        n.type = ValueType::matrix;
        const ValueType t = check(*n.expr());
        if (t != ValueType::vector)
          err_at(n, "subquery is only allowed on instant vector, got " + std::string(value_type_name(t)) + " instead");
        break;
      }
      case NodeKind::matrix_selector:
        n.type = ValueType::matrix;
        check(*n.expr());
        break;
      case NodeKind::vector_selector:
        n.type = ValueType::vector;
        check_selector(n);
        break;
    }
    return n.type;
  }

  void check_selector(Node& n) {
    if (!n.text().empty()) {
      for (const auto& m : n.matchers()) {
        if (m.name == "__name__")
          err_at(n, "metric name must not be set twice: " + go_quote(n.text()) + " or " + go_quote(m.value));
      }
      return;
    }
    if (n.bypass_empty_matcher_check) return;
    for (const auto& m : n.matchers()) {
      if (!m.matches("")) return;
    }
    err_at(n, "vector selector must contain at least one non-empty matcher");
  }

  std::pair<uint32_t, uint32_t> op_range(const Node& n) const {
    uint32_t s = n.lhs()->end;
    while (s < in_.size() && is_space_byte(in_[s])) ++s;
    uint32_t e = n.rhs()->begin > 0 ? n.rhs()->begin - 1 : 0;
    while (e > s && is_space_byte(in_[e])) --e;
    return {s, e};
  }

  void check_binary(Node& n) {
    const ValueType lt = check(*n.lhs());
    const ValueType rt = check(*n.rhs());
    n.type = (lt == ValueType::scalar && rt == ValueType::scalar) ? ValueType::scalar : ValueType::vector;
    const std::string opname(tok_spelling(n.op));
    if (n.return_bool && !is_comparison(n.op)) {
      auto [b, e] = op_range(n);
      add_error(b, e, "bool modifier can only be used on comparison operators");
    }
    if (is_comparison(n.op) && !n.return_bool && lt == ValueType::scalar && rt == ValueType::scalar) {
      auto [b, e] = op_range(n);
      add_error(b, e, "comparisons between scalars must use BOOL modifier");
    }
    if (is_set_operator(n.op) && n.matching().card == Cardinality::one_to_one) {
      VectorMatching* many = make_record(n.matching());
      many->card = Cardinality::many_to_many;
      n.set_matching(many);
    }
    const VectorMatching& vm = n.matching();
    if (vm.on) {
      for (const auto& l1 : vm.labels) {
        for (const auto& l2 : vm.include) {
          if (l1 == l2) {
            auto [b, e] = op_range(n);
            add_error(b, e, "label " + go_quote(l1) + " must not occur in ON and GROUP clause at once");
          }
        }
      }
    }
    if (lt != ValueType::scalar && lt != ValueType::vector)
      err_at(*n.lhs(), "binary expression must contain only scalar and instant vector types");
    if (rt != ValueType::scalar && rt != ValueType::vector)
      err_at(*n.rhs(), "binary expression must contain only scalar and instant vector types");
    if (lt != ValueType::vector || rt != ValueType::vector) {
      if (!vm.labels.empty()) err_at(n, "vector matching only allowed between instant vectors");
      if (vm.has_fill_lhs || vm.has_fill_rhs)
        err_at(n, "filling in missing series only allowed between instant vectors");
      n.has_matching = false;
    } else if (is_set_operator(n.op)) {
      if (vm.card == Cardinality::one_to_many || vm.card == Cardinality::many_to_one)
        err_at(n, "no grouping allowed for " + go_quote(opname) + " operation");
      if (vm.card != Cardinality::many_to_many) err_at(n, "set operations must always be many-to-many");
      if (vm.has_fill_lhs || vm.has_fill_rhs) err_at(n, "filling in missing series not allowed for set operators");
    }
    if ((lt == ValueType::scalar || rt == ValueType::scalar) && is_set_operator(n.op))
      err_at(n, "set operator " + go_quote(opname) + " not allowed in binary scalar expression");
  }

  void check_call(Node& n) {
    const Function& f = *n.func();
    n.type = f.return_type;
    const size_t nargs = f.arg_types.size();
    const std::string qname = go_quote(f.name);
    if (f.variadic == 0) {
      if (nargs != n.args().size())
        err_at(n, "expected " + std::to_string(nargs) + " argument(s) in call to " + qname + ", got " +
                      std::to_string(n.args().size()));
    } else {
      const size_t na = nargs - 1;
      if (na > n.args().size()) {
        err_at(n, "expected at least " + std::to_string(na) + " argument(s) in call to " + qname + ", got " +
                      std::to_string(n.args().size()));
      } else if (f.variadic > 0 && na + static_cast<size_t>(f.variadic) < n.args().size()) {
        err_at(n, "expected at most " + std::to_string(na + static_cast<size_t>(f.variadic)) +
                      " argument(s) in call to " + qname + ", got " + std::to_string(n.args().size()));
      }
    }
    if (f.name == "info" && n.args().size() > 1) {
      Node& a1 = const_cast<Node&>(*n.args()[1]);
      const ValueType t1 = static_type(a1);
      if (t1 != ValueType::vector)
        err_at(n, "expected type instant vector in call to function " + qname + ", got " +
                      std::string(documented_type(t1)));
      if (a1.kind == NodeKind::vector_selector && !a1.text().empty()) {
        err_at(a1, "expected label selectors only, got vector selector instead");
      } else if (a1.kind == NodeKind::vector_selector) {
        a1.bypass_empty_matcher_check = true;
      } else {
        err_at(a1, "expected label selectors only");
      }
    }
    for (size_t i = 0; i < n.args().size(); ++i) {
      size_t k = i;
      if (k >= nargs) {
        if (f.variadic == 0 || nargs == 0) break;
        k = nargs - 1;
      }
      const ValueType t = check(*n.args()[i]);
      if (t != f.arg_types[k])
        err_at(*n.args()[i], "expected type " + std::string(documented_type(f.arg_types[k])) + " in call to function " +
                                 qname + ", got " + std::string(documented_type(t)));
    }
  }

  // Prometheus's Expr.Type() without checking (used by the info() check before recursion).
  static ValueType static_type(const Node& n) {
    switch (n.kind) {
      case NodeKind::number_literal:
      case NodeKind::duration_expr:
        return ValueType::scalar;
      case NodeKind::string_literal:
        return ValueType::string;
      case NodeKind::vector_selector:
      case NodeKind::aggregate:
        return ValueType::vector;
      case NodeKind::matrix_selector:
      case NodeKind::subquery:
        return ValueType::matrix;
      case NodeKind::call:
        return n.func() != nullptr ? n.func()->return_type : ValueType::none;
      case NodeKind::paren:
      case NodeKind::unary:
        return static_type(*n.expr());
      case NodeKind::binary:
        return static_type(*n.lhs()) == ValueType::scalar && static_type(*n.rhs()) == ValueType::scalar
                   ? ValueType::scalar
                   : ValueType::vector;
    }
    return ValueType::none;
  }

  std::string_view in_;
  const ParseOptions& o_;
  Lexer lex_;
  std::pmr::memory_resource& mem_;
  std::vector<std::shared_ptr<const RE2>>& regexes_;
  std::vector<Error>& errors_;
  Token la_[2];
  int head_ = 0;
  int count_ = 0;
  bool lex_error_seen_ = false;
  int lex_error_index_ = 0;
  bool failed_ = false;
  int depth_ = 0;
  uint32_t last_closing_ = 0;
  uint32_t last_end_ = 0;
  std::vector<Ctx> ctx_;
};

}  // namespace

bool parse_duration(std::string_view s, int64_t& out_ms, std::string& error) {
  out_ms = 0;
  if (s == "0") return true;
  if (s.empty()) {
    error = "empty duration string";
    return false;
  }
  struct Unit {
    std::string_view name;
    int pos;
    uint64_t mult_ms;
  };
  static constexpr Unit kUnits[] = {{"y", 1, 365ULL * 24 * 3600 * 1000},
                                    {"w", 2, 7ULL * 24 * 3600 * 1000},
                                    {"d", 3, 24ULL * 3600 * 1000},
                                    {"h", 4, 3600ULL * 1000},
                                    {"m", 5, 60ULL * 1000},
                                    {"s", 6, 1000},
                                    {"ms", 7, 1}};
  const std::string invalid = "not a valid duration string: " + go_quote(s);
  std::string_view rest = s;
  int last = 0;
  uint64_t total = 0;  // milliseconds
  while (!rest.empty()) {
    size_t i = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i == 0) {
      error = invalid;
      return false;
    }
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + i, v);
    if (ec != std::errc()) {
      error = invalid;
      return false;
    }
    rest.remove_prefix(i);
    size_t j = 0;
    while (j < rest.size() && !(rest[j] >= '0' && rest[j] <= '9')) ++j;
    if (j == 0) {
      error = invalid;
      return false;
    }
    const std::string_view u = rest.substr(0, j);
    rest.remove_prefix(j);
    const Unit* unit = nullptr;
    for (const auto& k : kUnits) {
      if (k.name == u) unit = &k;
    }
    if (unit == nullptr) {
      error = "unknown unit " + go_quote(u) + " in duration " + go_quote(s);
      return false;
    }
    if (unit->pos <= last) {
      error = invalid;
      return false;
    }
    last = unit->pos;
    // Go counts nanoseconds in an int64.
    const uint64_t max_ms = (1ULL << 63) / 1000000ULL;
    if (v > max_ms / unit->mult_ms) {
      error = "duration out of range";
      return false;
    }
    total += v * unit->mult_ms;
    if (total > max_ms) {
      error = "duration out of range";
      return false;
    }
  }
  out_ms = static_cast<int64_t>(total);
  return true;
}

std::string format_duration(int64_t ms) {
  if (ms == 0) return "0s";
  std::string r;
  uint64_t v = 0;
  if (ms < 0) {
    r = "-";
    v = static_cast<uint64_t>(-(ms + 1)) + 1;
  } else {
    v = static_cast<uint64_t>(ms);
  }
  auto f = [&](const char* unit, uint64_t mult, bool exact) {
    if (exact && v % mult != 0) return;
    if (const uint64_t q = v / mult; q > 0) {
      r += std::to_string(q);
      r += unit;
      v -= q * mult;
    }
  };
  f("y", 1000ULL * 60 * 60 * 24 * 365, true);
  f("w", 1000ULL * 60 * 60 * 24 * 7, true);
  f("d", 1000ULL * 60 * 60 * 24, false);
  f("h", 1000ULL * 60 * 60, false);
  f("m", 1000ULL * 60, false);
  f("s", 1000ULL, false);
  f("ms", 1, false);
  return r;
}

std::string unquote(std::string_view tok) {
  if (tok.size() < 2) return std::string(tok);
  const char q = tok.front();
  std::string_view body = tok.substr(1, tok.size() - 2);
  if (q == '`') return std::string(body);
  std::string out;
  out.reserve(body.size());
  auto hex = [](char c) -> uint32_t {
    if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<uint32_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<uint32_t>(c - 'A' + 10);
    return 0;
  };
  auto utf8 = [&](uint32_t r) { append_utf8(out, r); };
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        const size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t v = 0;
        for (size_t k = 0; k < n && i + 1 < body.size(); ++k) v = v * 16 + hex(body[++i]);
        if (e == 'x')
          out += static_cast<char>(v);
        else
          utf8(v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          uint32_t v = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2 && i + 1 < body.size(); ++k) v = v * 8 + static_cast<uint32_t>(body[++i] - '0');
          out += static_cast<char>(v);
        } else {
          out += e;
        }
        break;
    }
  }
  return out;
}

ParseResult parse(std::string_view expr, const ParseOptions& opts) {
  // A node (72 bytes) per 16 bytes of text or so, plus its strings: one block for most expressions.
  return parse(expr, opts, std::make_shared<ByteArena>(128 + memory_estimate(expr.size())));
}

ParseResult parse(std::string_view expr, const ParseOptions& opts, std::shared_ptr<ByteArena> memory) {
  ParseResult r;
  r.memory = std::move(memory);
  if (expr.size() >= std::numeric_limits<uint32_t>::max()) {
    r.errors.push_back(Error{.message = "expression too long", .begin = 0, .end = 0});
    return r;
  }
  Parser p(expr, opts, r);
  r.root = p.parse_top();
  return r;
}

}  // namespace stacklint::promql
