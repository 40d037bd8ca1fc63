#include "linter/formats/redis/lexer.h"

#include <catch2/catch.hpp>

using stacklint::redis::parse_ll;
using stacklint::redis::parse_memory;
using stacklint::redis::quote_arg;
using stacklint::redis::split_args;

namespace {
std::vector<std::string> values(std::string_view line) {
  const auto r = split_args(line);
  REQUIRE(r.has_value());
  std::vector<std::string> out;
  for (const auto& a : *r) out.push_back(a.value);
  return out;
}
}  // namespace

TEST_CASE("split: blanks separate arguments; spans are byte offsets") {
  const auto r = split_args("maxmemory   256mb\t x");
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 3);
  CHECK((*r)[1].value == "256mb");
  CHECK((*r)[1].begin == 12);
  CHECK((*r)[1].end == 17);
  CHECK((*r)[2].begin == 19);
}

TEST_CASE("split: double quotes process escapes") {
  CHECK(values(R"(a "x\ny\r\t\b\a")") == std::vector<std::string>{"a", "x\ny\r\t\b\a"});
  CHECK(values(R"("\x41\x4a\x4B")") == std::vector<std::string>{"AJK"});
  CHECK(values(R"("\x4g")") == std::vector<std::string>{"x4g"});  // not hex: \x is x
  CHECK(values(R"("a\"b\\c\qd")") == std::vector<std::string>{"a\"b\\cqd"});
  CHECK(values(R"(requirepass "")") == std::vector<std::string>{"requirepass", ""});
}

TEST_CASE("split: single quotes know only \\'") {
  CHECK(values(R"('a\nb')") == std::vector<std::string>{"a\\nb"});
  CHECK(values(R"('it\'s')") == std::vector<std::string>{"it's"});
}

TEST_CASE("split: quotes glue onto an unquoted prefix, and '#' later on a line is an argument") {
  CHECK(values(R"(ab"c d"  'e')") == std::vector<std::string>{"abc d", "e"});
  CHECK(values("save 900 1 # comment") == std::vector<std::string>{"save", "900", "1", "#", "comment"});
}

TEST_CASE("split: a closing quote must be followed by a blank or the end") {
  CHECK_FALSE(split_args(R"("abc"def)").has_value());
  CHECK_FALSE(split_args(R"('abc'def)").has_value());
  CHECK_FALSE(split_args(R"("abc)").has_value());
  CHECK_FALSE(split_args(R"('abc)").has_value());
  CHECK(split_args(R"("abc" def)").has_value());
}

TEST_CASE("quote_arg round-trips through split") {
  const std::vector<std::string> samples = {"", "a b", "q\"\\", "\n\r\t\a\b", std::string("\x01\xff", 2), "plain"};
  for (const auto& s : samples) {
    const auto r = split_args(quote_arg(s));
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].value == s);
  }
}

TEST_CASE("memtoull: units, case, and the 256m trap") {
  CHECK(parse_memory("256m") == 256000000ULL);
  CHECK(parse_memory("256mb") == 268435456ULL);
  CHECK(parse_memory("256MB") == 268435456ULL);
  CHECK(parse_memory("256Mb") == 268435456ULL);
  CHECK(parse_memory("1k") == 1000ULL);
  CHECK(parse_memory("1K") == 1000ULL);
  CHECK(parse_memory("1kb") == 1024ULL);
  CHECK(parse_memory("2g") == 2000000000ULL);
  CHECK(parse_memory("2gb") == 2147483648ULL);
  CHECK(parse_memory("2GB") == 2147483648ULL);
  CHECK(parse_memory("7b") == 7ULL);
  CHECK(parse_memory("7B") == 7ULL);
  CHECK(parse_memory("0100") == 100ULL);
  CHECK(parse_memory("") == 0ULL);
  CHECK(parse_memory("mb") == 0ULL);
  for (const char* bad : {"1.5gb", "-1", "+1", "1 gb", " 1", "1t", "1tb", "1kib", "1gib", "1x", "0x10"}) {
    INFO(bad);
    CHECK_FALSE(parse_memory(bad).has_value());
  }
  CHECK_FALSE(parse_memory("20000000000gb").has_value());  // overflow
}

TEST_CASE("string2ll is strict") {
  CHECK(parse_ll("0") == 0);
  CHECK(parse_ll("-5") == -5);
  CHECK(parse_ll("9223372036854775807") == INT64_MAX);
  for (const char* bad : {"", "01", "+1", "-", "-0", " 1", "1 ", "1k", "9223372036854775808"}) {
    INFO(bad);
    CHECK_FALSE(parse_ll(bad).has_value());
  }
}
