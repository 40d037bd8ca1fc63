#include "linter/source/source.h"

#include <catch2/catch.hpp>

#include "linter/source/fs.h"

using namespace stacklint;

TEST_CASE("mark_at counts lines and code points") {
  const SourceFile f("a.yml", "ab\nc\xc3\xa9x\r\nz");
  CHECK(f.line_count() == 3);
  auto m = f.mark_at(0);
  CHECK((m.line == 1 && m.column == 1));
  m = f.mark_at(6);  // 'x' after a two-byte e-acute
  CHECK((m.line == 2 && m.column == 3));
  m = f.mark_at(9);
  CHECK((m.line == 3 && m.column == 1));
  CHECK(f.line_text(2) == "c\xc3\xa9x");
}

TEST_CASE("a lone CR ends a line") {
  const SourceFile f("a", "a\rb");
  CHECK(f.line_count() == 2);
  CHECK(f.mark_at(2).line == 2);
}

TEST_CASE("path helpers") {
  CHECK(path::normalize("./a//b/../c") == "a/c");
  CHECK(path::normalize("/a/../..") == "/");
  // Already normal: given back as it is; one segment away from it: normalized.
  for (const char* same : {".", "/", "a", "/a/b", "../a", "../../a/b", "..", "a..b/.c"})
    CHECK(path::normalize(same) == same);
  CHECK(path::normalize("") == ".");
  CHECK(path::normalize("a/") == "a");
  CHECK(path::normalize("/..") == "/");
  CHECK(path::normalize("../a/../b") == "../b");
  CHECK(path::normalize("a/..") == ".");
  CHECK(path::normalize("a/./b") == "a/b");
  CHECK(path::join("/etc/prometheus", "rules/a.yml") == "/etc/prometheus/rules/a.yml");
  CHECK(path::join("/etc", "/x") == "/x");
  CHECK(path::dirname("a/b.yml") == "a");
  CHECK(path::dirname("b.yml") == ".");
  CHECK(path::relative_to("/s/a/b", "/s") == "a/b");
  CHECK(path::relative_to("/t/a", "/s") == "/t/a");
  CHECK(path::relative_to("config/prod.env", "dev") == "../config/prod.env");
  CHECK(path::relative_to("a/config/x.env", "a/dev/sub") == "../../config/x.env");
  CHECK(path::relative_to("/r/config/x.env", "/r/dev") == "../config/x.env");
  CHECK(path::relative_to("a", "a/dev") == "..");
  CHECK(path::relative_to("x", "../dev") == "x");
}

TEST_CASE("memory file system lists directories") {
  MemoryFileSystem fs;
  fs.add("/d/b.conf", "x");
  fs.add("/d/a.conf", "y");
  fs.add("/d/sub/c.conf", "z");
  CHECK(fs.list("/d") == std::vector<std::string>{"a.conf", "b.conf", "sub"});
  CHECK(fs.is_directory("/d/sub"));
  CHECK_FALSE(fs.is_directory("/d/a.conf"));
  CHECK(fs.read("/d/a.conf") == "y");
  CHECK_FALSE(fs.read("/d/none").has_value());
}

TEST_CASE("release_text: the text is read again once, when asked") {
  const std::string text = "a: 1\n# stacklint disable-line\nb: \xc3\xa9x\n";
  const SourceFile f("a.yml", text);
  int reads = 0;
  f.release_text([&] {
    ++reads;
    return std::optional<std::string>(text);
  });
  CHECK(f.size() == text.size());
  CHECK(f.line_count() == 4);
  CHECK(f.mentions_stacklint());
  CHECK(reads == 0);
  CHECK(f.mark_at(13).line == 2);
  CHECK(reads == 1);
  CHECK(f.line_text(3) == "b: \xc3\xa9x");
  CHECK(f.mark_at(text.size() - 2).column == 5);
  CHECK(f.text() == text);
  CHECK(reads == 1);
}

TEST_CASE("release_text: a file that changed or went away reads as blanks with the same lines") {
  const SourceFile gone("a.yml", "ab\ncd\n");
  gone.release_text([] { return std::optional<std::string>(); });
  CHECK_FALSE(gone.mentions_stacklint());
  CHECK(gone.text() == "  \n  \n");
  const SourceFile changed("b.yml", "ab\ncd\n");
  changed.release_text([] { return std::optional<std::string>("abc\n"); });
  CHECK(changed.line_text(2) == "  ");
  CHECK(changed.mark_at(4).line == 2);
}

TEST_CASE("source: a UTF-16 text with a byte order mark is read as UTF-8, located by its characters") {
  using std::string_literals::operator""s;
  // "a: é\n" + U+1F600 (a surrogate pair) + "\n", little-endian, then big-endian.
  const std::string le =
      "\xFF\xFE"
      "a\0:\0 \0\xE9\0\n\0"s
      "\x3D\xD8\x00\xDE"
      "\n\0"s;
  CHECK(decode_utf16_bom(le) == "a: \xC3\xA9\n\xF0\x9F\x98\x80\n");
  const std::string be =
      "\xFE\xFF"
      "\0a\0:\0 \0\xE9\0\n"s;
  CHECK(decode_utf16_bom(be) == "a: \xC3\xA9\n");
  const SourceFile f("compose.yaml", le);
  CHECK(f.line_count() == 3);
  CHECK(f.line_text(2) == "\xF0\x9F\x98\x80");
  // An unpaired surrogate and an odd last byte are U+FFFD; text without the mark is left alone,
  // and so is a UTF-32LE mark.
  CHECK(decode_utf16_bom("\xFF\xFE\x00\xD8x"s) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(decode_utf16_bom("plain: text\n") == "plain: text\n");
  CHECK(decode_utf16_bom("\xFF\xFE\0\0a\0\0\0"s) == "\xFF\xFE\0\0a\0\0\0"s);
}
