#include "linter/source/include_resolver.h"

#include <catch2/catch.hpp>

using namespace stacklint;

TEST_CASE("include resolver: relative paths are the program's working directory's") {
  MemoryIncludeResolver r("/data");
  r.add("/data/inc/a.conf", "x 1\n");
  CHECK(r.absolute("inc/a.conf") == "/data/inc/a.conf");
  CHECK(r.absolute("/etc/../data/./inc/a.conf") == "/data/inc/a.conf");
  const OpenResult found = r.open("inc/a.conf", {});
  REQUIRE(found.status == OpenStatus::found);
  CHECK(found.program_path == "/data/inc/a.conf");
  CHECK(found.source->path() == "data/inc/a.conf");
  CHECK(found.source->text() == "x 1\n");
  CHECK(r.open("inc/b.conf", {}).status == OpenStatus::not_found);
  CHECK(r.open("/data/inc", {}).status == OpenStatus::is_directory);
  CHECK(r.opened() == std::vector<std::string>{"/data/inc/a.conf", "/data/inc/b.conf", "/data/inc"});
}

TEST_CASE("include resolver: a refused path is never found, whatever the file holds") {
  MemoryIncludeResolver r;
  r.add("/etc/passwd", "root:x:0:0");
  r.refuse("/etc/passwd", OpenStatus::outside_root);
  r.refuse("/stack/fifo", OpenStatus::not_regular);
  const Reference ref{.directive = "include", .written = "/etc/passwd", .location = Location::whole_file("a.conf")};
  const OpenResult out = r.open("/etc/passwd", ref);
  CHECK(out.status == OpenStatus::outside_root);
  CHECK(out.source == nullptr);
  CHECK(r.open("/stack/fifo", ref).status == OpenStatus::not_regular);
  REQUIRE(r.refusals().size() == 2);
  CHECK(r.refusals()[0].reference.location == ref.location);
  CHECK(describe_refusal(r.refusals()[0]) ==
        "include '/etc/passwd' points outside the stack root; stacklint does not read it");
  CHECK(r.open("/stack/missing", ref).status == OpenStatus::not_found);
  CHECK(r.refusals().size() == 2);  // not found is the program's to report
}

TEST_CASE("include resolver: the budget counts every open, files and bytes") {
  MemoryIncludeResolver r;
  r.budget().max_files = 3;
  r.budget().max_bytes = 12;
  r.add("/a", "12345");
  r.add("/b", "123456");
  r.add("/c", "1");
  const Reference ref{.directive = "include", .written = "x", .location = {}};
  const OpenResult first = r.open("/a", {});
  CHECK(first.status == OpenStatus::found);
  const OpenResult again = r.open("/a", {});  // a file included twice is expanded twice
  CHECK(again.status == OpenStatus::found);
  CHECK(again.source == first.source);
  CHECK(r.open("/b", ref).status == OpenStatus::budget_exhausted);  // 16 bytes
  CHECK(r.open("/c", {}).status == OpenStatus::found);
  CHECK(r.open("/c", ref).status == OpenStatus::budget_exhausted);  // a fourth file
  CHECK(r.budget().files == 3);
  CHECK(r.budget().bytes == 11);
  CHECK(r.refusals().size() == 2);
  CHECK(r.open("/c", {}).status == OpenStatus::budget_exhausted);  // a probe: not recorded
  CHECK(r.refusals().size() == 2);
}

TEST_CASE("include resolver: listings are sorted by name and mark directories") {
  MemoryIncludeResolver r;
  r.add("/conf.d/b.conf", "");
  r.add("/conf.d/a.conf", "");
  r.add("/conf.d/a/x.conf", "");
  const ListResult l = r.list("/conf.d", {});
  REQUIRE(l.status == OpenStatus::found);
  REQUIRE(l.entries.size() == 3);
  CHECK(l.entries[0].name == "a");
  CHECK(l.entries[0].is_directory);
  CHECK(l.entries[1].name == "a.conf");
  CHECK_FALSE(l.entries[1].is_directory);
  CHECK(l.entries[2].name == "b.conf");
  CHECK(r.list("/nope", {}).status == OpenStatus::not_found);
  CHECK(r.list("/conf.d/a.conf", {}).status == OpenStatus::not_found);
}

TEST_CASE("glob: glob(3) and filepath.Glob over the resolver") {
  MemoryIncludeResolver r("/data");
  r.add("/data/inc/b.conf", "");
  r.add("/data/inc/a.conf", "");
  r.add("/data/inc/.hidden.conf", "");
  r.add("/data/inc/c.txt", "");
  r.add("/data/inc/sub/d.conf", "");
  r.add("/data/x1/e.conf", "");
  r.add("/data/x2/e.conf", "");
  CHECK(glob(r, "inc/*.conf", GlobStyle::posix, {}) ==
        std::vector<std::string>{"/data/inc/a.conf", "/data/inc/b.conf"});
  CHECK(glob(r, "inc/*.conf", GlobStyle::go, {}) ==
        std::vector<std::string>{"/data/inc/.hidden.conf", "/data/inc/a.conf", "/data/inc/b.conf"});
  CHECK(glob(r, "/data/x?/e.conf", GlobStyle::posix, {}) ==
        std::vector<std::string>{"/data/x1/e.conf", "/data/x2/e.conf"});
  CHECK(glob(r, "/data/inc/[ab].conf", GlobStyle::posix, {}) ==
        std::vector<std::string>{"/data/inc/a.conf", "/data/inc/b.conf"});
  CHECK(glob(r, "/data/inc/[!a]*", GlobStyle::posix, {}) ==
        std::vector<std::string>{"/data/inc/b.conf", "/data/inc/c.txt", "/data/inc/sub"});
  CHECK(glob(r, "/data/inc/a.conf", GlobStyle::posix, {}) == std::vector<std::string>{"/data/inc/a.conf"});
  CHECK(glob(r, "/data/none/*.conf", GlobStyle::posix, {}).empty());
}

TEST_CASE("fnmatch on one segment") {
  CHECK(fnmatch_segment("*.conf", "a.conf"));
  CHECK_FALSE(fnmatch_segment("*.conf", "a.confx"));
  CHECK(fnmatch_segment("a\\*", "a*"));
  CHECK_FALSE(fnmatch_segment("a\\*", "ab"));
  CHECK(fnmatch_segment("[a-c]x", "bx"));
  CHECK_FALSE(fnmatch_segment("[!a-c]x", "bx"));
  CHECK(fnmatch_segment("[x", "[x"));  // an unclosed '[' matches itself
  CHECK(fnmatch_segment("*a*b*", "xxaxxbxx"));
}
