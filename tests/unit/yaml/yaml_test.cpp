#include "linter/yaml/yaml.h"

#include <catch2/catch.hpp>
#include <chrono>

using namespace stacklint;
using namespace stacklint::yaml;

namespace {
std::unique_ptr<Stream> parse(std::string text) {
  return load(std::make_shared<SourceFile>("t.yml", std::move(text)));
}
}  // namespace

TEST_CASE("nodes carry start and end marks and styles") {
  auto s = parse("a: 1\nb:\n  - 'x'\n  - \"y\"\nc: |\n  lit\n");
  REQUIRE(s->errors().empty());
  const Node* root = s->root();
  REQUIRE(root != nullptr);
  REQUIRE(root->is_mapping());
  const Node* b = root->get("b");
  REQUIRE(b->is_sequence());
  CHECK(b->items[0]->style == ScalarStyle::single_quoted);
  CHECK(s->location(*b->items[0]).line == 3);
  CHECK(s->location(*b->items[0]).column == 5);
  CHECK(b->items[0]->start.offset == 12);
  CHECK(b->items[1]->style == ScalarStyle::double_quoted);
  CHECK(root->get("c")->style == ScalarStyle::literal);
  CHECK(root->get("c")->value == "lit\n");
  const Location l = s->location(*root->get("a"));
  CHECK(l.line == 1);
  CHECK(l.column == 4);
  CHECK(l.end_column == 5);
}

TEST_CASE("duplicate keys are reported with both locations, the later wins") {
  auto s = parse("a: 1\nb: 2\na: 3\n");
  REQUIRE(s->duplicates().size() == 1);
  CHECK(s->duplicates()[0].key == "a");
  CHECK(s->duplicates()[0].first.line == 1);
  CHECK(s->duplicates()[0].second.line == 3);
  CHECK(s->root()->get("a")->value == "3");
  CHECK(s->root()->pairs.size() == 2);
}

TEST_CASE("merge keys, single and list form; explicit keys win") {
  auto s = parse(
      "base: &b {x: 1, y: 2}\nother: &o {y: 9, z: 3}\n"
      "m1:\n  <<: *b\n  x: 5\nm2:\n  <<: [*b, *o]\n");
  REQUIRE(s->errors().empty());
  const Node* m1 = s->root()->get("m1");
  CHECK(m1->get("x")->value == "5");
  CHECK(m1->get("y")->value == "2");
  CHECK(m1->get("<<") == nullptr);
  const Node* m2 = s->root()->get("m2");
  CHECK(m2->get("y")->value == "2");
  CHECK(m2->get("z")->value == "3");
  CHECK(s->duplicates().empty());
}

TEST_CASE("a key tagged !!merge merges in any style; a quoted untagged <<, a plain one tagged !!str, are keys") {
  auto s = parse(
      "base: &b {x: 1}\nm1:\n  !!merge <<: *b\nm2:\n  !!merge \"<<\": *b\nm3:\n  \"<<\": *b\n"
      "m4:\n  !!str <<: *b\n");
  REQUIRE(s->errors().empty());
  CHECK(s->root()->get("m1")->get("x")->value == "1");
  CHECK(s->root()->get("m1")->get("<<") == nullptr);
  CHECK(s->root()->get("m2")->get("x")->value == "1");
  CHECK(s->root()->get("m3")->get("x") == nullptr);
  CHECK(s->root()->get("m3")->get("<<") != nullptr);
  CHECK(s->root()->get("m4")->get("<<") != nullptr);
}

TEST_CASE("an alias bomb loads in linear time") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 30; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
    text += "]\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto s = parse(text);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  CHECK(s->errors().empty());
  CHECK(s->root()->get("a29")->items.size() == 10);
  CHECK(ms < 1000);
}

TEST_CASE("depth limit is a located error") {
  std::string text(100000, '[');
  auto s = parse(text);
  REQUIRE(s->errors().size() == 1);
  CHECK(s->errors()[0].message == "nesting deeper than 256 levels");
  CHECK(s->errors()[0].location.column == 257);
}

TEST_CASE("syntax errors are located: tabs, unterminated quotes, invalid UTF-8") {
  auto tab = parse("a:\n\tb: 1\n");
  REQUIRE(tab->errors().size() == 1);
  CHECK(tab->errors()[0].location.line == 2);
  CHECK(tab->errors()[0].message.find("tab") != std::string::npos);
  auto quote = parse("a: \"open\nb: 1\n");
  REQUIRE(quote->errors().size() == 1);
  CHECK(quote->errors()[0].message.find("unexpected end of stream") != std::string::npos);
  auto bad = parse("a: b\nc: \xff\xfe\n");
  REQUIRE(bad->errors().size() == 1);
  CHECK(bad->errors()[0].location.line == 2);
  CHECK(bad->errors()[0].location.column == 4);
  CHECK(bad->errors()[0].message.find("invalid leading UTF-8 octet") != std::string::npos);
}

TEST_CASE("multi-document streams, BOM and CRLF") {
  auto s = parse(
      "\xEF\xBB\xBF"
      "a: 1\r\nb: x\r\n---\nc: 2\n");
  REQUIRE(s->errors().empty());
  REQUIRE(s->documents().size() == 2);
  const Node* b = s->root()->get("b");
  CHECK(s->location(*b).line == 2);
  CHECK(s->location(*b).column == 4);
  CHECK(s->source().text().substr(b->start.offset, 1) == "x");
  CHECK(s->documents()[1].root->get("c")->value == "2");
}

TEST_CASE("the size limit is a located error") {
  LoadOptions o;
  o.max_bytes = 10;
  auto s = load(std::make_shared<SourceFile>("t.yml", "a: 123456789\n"), o);
  REQUIRE(s->errors().size() == 1);
  CHECK(s->errors()[0].location.line == 1);
}

TEST_CASE("scalar types resolve like the YAML 1.2 core schema") {
  auto s = parse("a: 12\nb: '12'\nc: 0x1f\nd: 1.5\ne: true\nf: yes\ng: ~\nh: 1e3\n");
  const Node* r = s->root();
  CHECK(resolve_type(*r->get("a")) == ScalarType::integer);
  CHECK(resolve_type(*r->get("b")) == ScalarType::string);
  CHECK(as_integer(*r->get("c")) == 31);
  CHECK(resolve_type(*r->get("d")) == ScalarType::floating);
  CHECK(resolve_type(*r->get("e")) == ScalarType::boolean);
  CHECK(resolve_type(*r->get("f")) == ScalarType::string);
  CHECK(resolve_type(*r->get("g")) == ScalarType::null);
  CHECK(resolve_type(*r->get("h")) == ScalarType::floating);
}

TEST_CASE("value offsets map into plain, quoted and block scalars") {
  auto s = parse(
      "p: rate(x[5m]) > 1\n"
      "d: \"a\\\"b\\tc\"\n"
      "q: 'it''s x'\n"
      "l: |\n  sum(\n    y)\n"
      "f: >\n  foo\n  bar\n"
      "m: one\n  two\n");
  REQUIRE(s->errors().empty());
  const Node* r = s->root();
  Location l = s->value_location(*r->get("p"), 5, 9);  // "x[5m"
  CHECK(l.line == 1);
  CHECK(l.column == 9);
  CHECK(l.end_column == 13);
  l = s->value_location(*r->get("d"), 4, 5);  // 'c' after "a\"b\t"
  CHECK(l.column == 11);
  l = s->value_location(*r->get("q"), 5, 6);  // 'x'
  CHECK(l.line == 3);
  CHECK(l.column == 11);
  l = s->value_location(*r->get("l"), 7, 8);  // "y" on the second content line
  CHECK(l.line == 6);
  CHECK(l.column == 5);
  l = s->value_location(*r->get("f"), 4, 7);  // "bar" after folding
  CHECK(l.line == 9);
  CHECK(l.column == 3);
  l = s->value_location(*r->get("m"), 4, 7);  // "two" in a multi-line plain scalar
  CHECK(l.line == 11);
  CHECK(l.column == 3);
}

TEST_CASE("scalar values are read from the file text when written as is, cooked otherwise") {
  auto s = parse("a: plain text\nb: 'it''s'\nc: \"tab\\there\"\nd: \"q\"\ne: folded\n  plain\nf: >\n  x\n  y\n");
  REQUIRE(s->errors().empty());
  const std::string& text = s->source().text();
  const auto in_file = [&](const Node* n) {
    return n->value.data() >= text.data() && n->value.data() < text.data() + text.size();
  };
  const Node* root = s->root();
  CHECK(root->get("a")->value == "plain text");
  CHECK(in_file(root->get("a")));
  CHECK(root->get("b")->value == "it's");
  CHECK_FALSE(in_file(root->get("b")));
  CHECK(root->get("c")->value == "tab\there");
  CHECK(root->get("d")->value == "q");
  CHECK(in_file(root->get("d")));
  CHECK(root->get("e")->value == "folded plain");
  CHECK(root->get("f")->value == "x y\n");
  CHECK(root->pairs.size() == 6);
}

TEST_CASE("a duplicate key replaces the earlier pair in place and each later one names the previous") {
  auto s = parse("a: 1\nb: 2\na: 3\na: 4\n");
  REQUIRE(s->errors().empty());
  const Node* root = s->root();
  REQUIRE(root->pairs.size() == 2);
  CHECK(root->pairs[0].key->value == "a");
  CHECK(root->pairs[0].value->value == "4");
  REQUIRE(s->duplicates().size() == 2);
  CHECK(s->duplicates()[0].first.line == 1);
  CHECK(s->duplicates()[0].second.line == 3);
  CHECK(s->duplicates()[1].first.line == 3);
  CHECK(s->duplicates()[1].second.line == 4);
}

TEST_CASE("a large mapping answers get through its sorted index: every key, merged, quoted, repeated, absent") {
  std::string text = "base: &b {m1: merged, k3: from-merge}\nbig:\n  <<: *b\n  [seq, key]: not-a-scalar-key\n";
  for (int i = 0; i < 40; ++i) text += "  k" + std::to_string(i) + ": v" + std::to_string(i) + "\n";
  text += "  \"k7\": quoted-repeat\n  '': empty\n";
  auto s = parse(text);
  REQUIRE(s->errors().empty());
  const Node* big = s->root()->get("big");
  REQUIRE(big != nullptr);
  REQUIRE(big->pairs.size() >= kSortedIndexFrom);
  CHECK(big->indexed);
  CHECK_FALSE(s->root()->indexed);
  for (int i = 0; i < 40; ++i) {
    const Node* v = big->get("k" + std::to_string(i));
    REQUIRE(v != nullptr);
    CHECK(v->value == (i == 7 ? std::string("quoted-repeat") : "v" + std::to_string(i)));
  }
  CHECK(big->get("m1")->value == "merged");
  CHECK(big->get("k3")->value == "v3");  // the explicit key wins over the merged one
  CHECK(big->get("")->value == "empty");
  CHECK(big->get("k40") == nullptr);
  CHECK(big->get("<<") == nullptr);
  CHECK(big->get("seq") == nullptr);
  CHECK(big->find_pair("k12") == &big->pairs[13]);  // the pair itself, in written order after the complex key
}

namespace {
// Keeps `keep` whole, `seen` as presence only, drops every other top-level key.
Keep test_filter(std::span<const std::string_view> keys) {
  if (keys.size() > 1) return Keep::all;
  if (keys[0] == "keep") return Keep::all;
  return keys[0] == "seen" ? Keep::presence : Keep::none;
}
std::unique_ptr<Stream> parse_filtered(std::string text) {
  return load(std::make_shared<SourceFile>("t.yml", std::move(text)), LoadOptions{.filter = test_filter});
}
}  // namespace

TEST_CASE("a key filter builds only what it keeps; errors, depth and anchors as a whole load") {
  auto s = parse_filtered("drop: {a: [1, 2, {b: c}]}\nseen: [x, y]\nkeep: {a: 1, b: [2]}\ndrop2: z\n");
  REQUIRE(s->errors().empty());
  const Node* root = s->root();
  REQUIRE(root->pairs.size() == 2);
  CHECK(root->get("drop") == nullptr);
  CHECK(root->get("drop2") == nullptr);
  REQUIRE(root->get("seen") != nullptr);
  CHECK(root->get("seen")->is_null());
  CHECK(root->get("keep")->get("b")->items[0]->value == "2");
  // A syntax error or the depth limit inside a left-out value: the same error as a whole load.
  for (const std::string& text : {std::string("drop: {a: [1, 2}\n"), "drop: " + std::string(300, '[')}) {
    auto whole = parse(text);
    auto part = parse_filtered(text);
    REQUIRE(whole->errors().size() == 1);
    REQUIRE(part->errors().size() == 1);
    CHECK(part->errors()[0].message == whole->errors()[0].message);
    CHECK(part->errors()[0].location.offset == whole->errors()[0].location.offset);
  }
  auto alias = parse_filtered("drop: *nowhere\nkeep: 1\n");
  REQUIRE(alias->errors().size() == 1);
  CHECK(alias->errors()[0].message == "found undefined alias \"nowhere\"");
  // Anchors need the whole tree: a file with one is built whole.
  auto anchored = parse_filtered("drop: &d {a: 1}\nkeep: *d\n");
  REQUIRE(anchored->errors().empty());
  CHECK(anchored->root()->get("drop") != nullptr);
  CHECK(anchored->root()->get("keep")->get("a")->value == "1");
  // So do merge keys: an invalid `<<` inside a left-out value is an error of the whole load (found by
  // yaml_fuzz: `service db:\n   <<:\n`).
  for (const std::string text : {"seen:\n  <<:\n", "drop:\n  <<: 1\nkeep: 1\n"}) {
    auto whole = parse(text);
    auto part = parse_filtered(text);
    REQUIRE(whole->errors().size() == 1);
    REQUIRE(part->errors().size() == 1);
    CHECK(part->errors()[0].message == whole->errors()[0].message);
  }
}
