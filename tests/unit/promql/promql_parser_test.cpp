// Unit tests of the PromQL lexer/parser/type checker/printer.
#include <catch2/catch.hpp>
#include <string>

#include "linter/formats/promql/parser.h"
#include "linter/formats/promql/printer.h"

using namespace stacklint::promql;

namespace {

const ParseOptions kOpts{};

std::string print(std::string_view expr, const ParseOptions& o = kOpts) {
  auto r = parse(expr, o);
  if (!r.ok()) return "ERROR: " + (r.errors.empty() ? std::string("no root") : r.errors.front().message);
  return to_string(*r.root);
}

Error first_error(std::string_view expr, const ParseOptions& o = kOpts) {
  auto r = parse(expr, o);
  REQUIRE_FALSE(r.errors.empty());
  return r.errors.front();
}

}  // namespace

TEST_CASE("precedence and associativity") {
  auto r = parse("a + b * c ^ d ^ e", kOpts);
  REQUIRE(r.ok());
  const Node& add = *r.root;
  REQUIRE(add.kind == NodeKind::binary);
  CHECK(add.op == Tok::add);
  const Node& mul = *add.rhs();
  CHECK(mul.op == Tok::mul);
  const Node& pow1 = *mul.rhs();
  CHECK(pow1.op == Tok::pow);
  CHECK(pow1.lhs()->text() == "c");
  CHECK(pow1.rhs()->op == Tok::pow);  // right associative: c ^ (d ^ e)

  auto l = parse("a - b - c", kOpts);
  REQUIRE(l.ok());
  CHECK(l.root->lhs()->kind == NodeKind::binary);  // left associative: (a - b) - c
  CHECK(l.root->rhs()->text() == "c");

  auto s = parse("a or b and c unless d == e + f", kOpts);
  REQUIRE(s.ok());
  CHECK(s.root->op == Tok::lor);
  CHECK(s.root->rhs()->op == Tok::lunless);
  CHECK(s.root->rhs()->lhs()->op == Tok::land);
}

TEST_CASE("unary minus binds like multiplication") {
  auto r = parse("-1^2", kOpts);
  REQUIRE(r.ok());
  CHECK(r.root->kind == NodeKind::unary);  // -(1^2)
  CHECK(r.root->expr()->op == Tok::pow);
  auto m = parse("-1*2", kOpts);
  REQUIRE(m.ok());
  CHECK(m.root->op == Tok::mul);
  CHECK(m.root->lhs()->kind == NodeKind::number_literal);
  CHECK(m.root->lhs()->value() == -1);
  CHECK(m.root->lhs()->begin == 0);
  auto v = parse("-foo offset 5m", kOpts);
  REQUIRE(v.ok());
  CHECK(v.root->kind == NodeKind::unary);
  CHECK(v.root->expr()->offset_ms() == 300000);
}

TEST_CASE("keywords are case-insensitive, function names are not") {
  CHECK(print("SUM BY (job) (rate(x[5m]))") == "sum by (job) (rate(x[5m]))");
  CHECK(print("a AND ON(x) b") == "a and on (x) b");
  CHECK(print("foo OFFSET 1h30m") == "foo offset 1h30m");
  CHECK(first_error("RATE(x[5m])").message == "unknown function with name \"RATE\"");
}

TEST_CASE("string escapes") {
  auto r = parse(R"("a\tb\x41\u00e9\101")", kOpts);
  REQUIRE(r.ok());
  CHECK(r.root->text() ==
        "a\tbA\xc3\xa9"
        "A");
  auto raw = parse(R"(`a\tb`)", kOpts);
  REQUIRE(raw.ok());
  CHECK(raw.root->text() == "a\\tb");
  const Error e = first_error(R"("\c")");
  CHECK(e.message == "unknown escape sequence U+0063 'c'");
  CHECK(e.begin == 0);
  CHECK(first_error("'abc").message == "unterminated quoted string");
}

TEST_CASE("durations") {
  int64_t ms = 0;
  std::string err;
  CHECK(parse_duration("1h30m", ms, err));
  CHECK(ms == 5400000);
  CHECK(parse_duration("1y2w3d4h5m6s7ms", ms, err));
  CHECK_FALSE(parse_duration("5m1h", ms, err));
  CHECK(err == "not a valid duration string: \"5m1h\"");
  CHECK_FALSE(parse_duration("5y1hs", ms, err));
  CHECK(err == "unknown unit \"hs\" in duration \"5y1hs\"");
  CHECK(format_duration(5400000) == "1h30m");
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(7LL * 24 * 3600 * 1000) == "1w");
  CHECK(format_duration(8LL * 24 * 3600 * 1000) == "8d");
  // A number glued to a unit letter is a duration; anything else glued is an error.
  CHECK(print("foo[90s]") == "foo[1m30s]");
  CHECK(first_error("foo[5mm]").message == "bad number or duration syntax: \"5mm\"");
  CHECK(print("foo offset -7m") == "foo offset -7m");
}

TEST_CASE("spans of nodes") {
  const std::string q = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) > 0.5";
  auto r = parse(q, kOpts);
  REQUIRE(r.ok());
  const Node& cmp = *r.root;
  CHECK(cmp.begin == 0);
  CHECK(cmp.end == q.size());
  const Node& agg = *cmp.lhs();
  CHECK(q.substr(agg.begin, agg.end - agg.begin) == "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))");
  const Node& call = *agg.expr();
  CHECK(q.substr(call.begin, call.end - call.begin) == "rate(http_requests_total{code=~\"5..\"}[5m])");
  const Node& ms = *call.args()[0];
  CHECK(ms.kind == NodeKind::matrix_selector);
  CHECK(ms.range_ms() == 300000);
  const Node& vs = *ms.expr();
  CHECK(q.substr(vs.begin, vs.end - vs.begin) == "http_requests_total{code=~\"5..\"}");
  REQUIRE(vs.matchers().size() == 1);
  CHECK(vs.matchers()[0].matches("503"));
  CHECK_FALSE(vs.matchers()[0].matches("5030"));  // anchored
  CHECK(cmp.rhs()->value() == 0.5);
  CHECK(cmp.type == ValueType::vector);
  CHECK(children(cmp).size() == 2);
  int count = 0;
  walk(cmp, [&](const Node&) { ++count; });
  CHECK(count == 6);
}

TEST_CASE("spans and texts of errors") {
  Error e = first_error("rate(some_metric)");
  CHECK(e.message == "expected type range vector in call to function \"rate\", got instant vector");
  CHECK(e.begin == 5);
  CHECK(e.end == 16);
  e = first_error("foo{a=~\"(\"}");
  CHECK(e.message.rfind("error parsing regexp: missing closing )", 0) == 0);
  CHECK(e.begin == 4);
  CHECK(e.end == 10);
  e = first_error("sum(x) by (a");
  CHECK(e.message == "unclosed left parenthesis");
  e = first_error("1 == 1");
  CHECK(e.message == "comparisons between scalars must use BOOL modifier");
  CHECK(e.begin == 2);
  e = first_error("{x=\"\"}");
  CHECK(e.message == "vector selector must contain at least one non-empty matcher");
  CHECK(first_error("foo and 1").message == "set operator \"and\" not allowed in binary scalar expression");
  CHECK(first_error("topk(x, y)").message == "expected type scalar in aggregation parameter, got instant vector");
}

TEST_CASE("version gates") {
  const ParseOptions v242{.major = 2, .minor = 42};
  CHECK(parse("{\"foo\"}", v242).errors.size() == 1);
  CHECK(parse("{\"foo\"}", kOpts).ok());
  CHECK(parse("foo[5]", v242).errors.size() == 1);
  CHECK(parse("foo[5]", kOpts).ok());
  CHECK(parse("holt_winters(x[5m], 0.5, 0.5)", v242).ok());
  CHECK_FALSE(parse("holt_winters(x[5m], 0.5, 0.5)", kOpts).ok());
  CHECK(first_error("limitk(1, x)").message ==
        "limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
  CHECK(first_error("foo[5m+1m]").message == "experimental duration expression is not enabled");
}

TEST_CASE("printer round trips") {
  const char* cases[] = {
      "sum by (job) (rate(x_total[5m]))",
      "a + on (b) group_left (c) d",
      "a / ignoring (x) b",
      "foo{a=\"b\", c!~\"d.*\"}",
      "foo[5m:1m] @ 100.000 offset 1h",
      "topk(5, x)",
      "-foo",
      "(a + b) * c",
      "x > bool 1",
      "count_values(\"v\", x)",
      "absent(up{job=\"a\"} offset -5m)",
      "max_over_time(rate(x[1m])[10m:])",
      "{\"my.metric\"}",
  };
  for (const char* c : cases) {
    INFO(c);
    const std::string once = print(c);
    CHECK(once == c);
    CHECK(print(once) == once);
  }
  CHECK(print("sum(x) without (a)") == "sum without (a) (x)");
  CHECK(print("1e3") == "1000");
  CHECK(print("0x10") == "16");
}

TEST_CASE("deep nesting is an error, not a crash") {
  std::string deep(5000, '(');
  deep += "1";
  deep += std::string(5000, ')');
  auto r = parse(deep, kOpts);
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors.front().message == "expression nesting too deep");
  std::string ok(200, '(');
  ok += "1";
  ok += std::string(200, ')');
  CHECK(parse(ok, kOpts).ok());
}
