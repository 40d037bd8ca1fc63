#include "linter/formats/postgres/lexer.h"

#include <catch2/catch.hpp>

using stacklint::postgres::Lexer;
using stacklint::postgres::TokenKind;
using stacklint::postgres::unquote;

namespace {

std::vector<std::pair<TokenKind, std::string>> tokens(std::string_view text) {
  Lexer lex(text);
  std::vector<std::pair<TokenKind, std::string>> out;
  for (auto t = lex.next(); t.kind != TokenKind::eof; t = lex.next()) {
    out.emplace_back(t.kind, std::string(text.substr(t.begin, t.end - t.begin)));
  }
  return out;
}

}  // namespace

TEST_CASE("lexer: integers keep their glued unit, reals stop before it") {
  CHECK(tokens("128MB") == decltype(tokens("")){{TokenKind::integer, "128MB"}});
  CHECK(tokens("0x1F") == decltype(tokens("")){{TokenKind::integer, "0x1F"}});
  CHECK(tokens("-1") == decltype(tokens("")){{TokenKind::integer, "-1"}});
  CHECK(tokens("1.5GB") == decltype(tokens("")){{TokenKind::real, "1.5"}, {TokenKind::id, "GB"}});
  CHECK(tokens("1e2") == decltype(tokens("")){{TokenKind::integer, "1e"}, {TokenKind::integer, "2"}});
  CHECK(tokens(".5e3") == decltype(tokens("")){{TokenKind::real, ".5e3"}});
}

TEST_CASE("lexer: identifiers, qualified names, unquoted strings") {
  CHECK(tokens("on") == decltype(tokens("")){{TokenKind::id, "on"}});
  CHECK(tokens("a.b") == decltype(tokens("")){{TokenKind::qualified_id, "a.b"}});
  CHECK(tokens("a.b.c") == decltype(tokens("")){{TokenKind::unquoted_string, "a.b.c"}});
  CHECK(tokens("en_US.UTF-8") == decltype(tokens("")){{TokenKind::unquoted_string, "en_US.UTF-8"}});
  CHECK(tokens("/x") == decltype(tokens("")){{TokenKind::error, "/"}, {TokenKind::id, "x"}});
}

TEST_CASE("lexer: comments, whitespace and line ends") {
  CHECK(tokens("a = 1 # c 'x'\n") ==
        decltype(tokens("")){
            {TokenKind::id, "a"}, {TokenKind::equals, "="}, {TokenKind::integer, "1"}, {TokenKind::eol, "\n"}});
  CHECK(tokens("a\f") == decltype(tokens("")){{TokenKind::id, "a"}, {TokenKind::error, "\f"}});
}

TEST_CASE("lexer: quoted strings with doubled quotes and escapes") {
  CHECK(tokens("'it''s'") == decltype(tokens("")){{TokenKind::string, "'it''s'"}});
  CHECK(tokens("'a\\'b'") == decltype(tokens("")){{TokenKind::string, "'a\\'b'"}});
  CHECK(tokens("'open") == decltype(tokens("")){{TokenKind::error, "'"}, {TokenKind::id, "open"}});
  CHECK(unquote("'it''s'") == "it's");
  CHECK(unquote("'a\\tb\\n'") == "a\tb\n");
  CHECK(unquote("'\\101\\7x'") == "A\ax");
  CHECK(unquote("'\\q'") == "q");
  CHECK(unquote("'ab\\0cd'") == "ab");
}
