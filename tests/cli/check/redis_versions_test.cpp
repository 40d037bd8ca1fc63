// --redis-version and [redis] version: the release whose directives apply to a redis.conf no
// versioned image runs, and the note saying which release was assumed when nothing said.
#include <catch2/catch.hpp>

#include "tests/support/run.h"

namespace fs = std::filesystem;
using namespace stacklint::test;

namespace {

// hide-user-data-from-log is read from Redis 7.4 on.
const std::string kConf = "hide-user-data-from-log yes\n";
const std::string kRefused72 =
    "redis.conf:1:1: error: Bad directive or wrong number of arguments: 'hide-user-data-from-log' (added in Redis "
    "7.4; Redis 7.2 rules) [redis/syntax]";

RunResult lint(const fs::path& dir, const std::vector<std::string>& extra = {}) {
  return check_rule(dir, "redis/syntax", extra);
}

}  // namespace

TEST_CASE("--redis-version picks the directives for a lone redis.conf; bad values exit 2") {
  const TempDir dir;
  write_file(dir.path() / "redis.conf", kConf);
  CHECK(lint(dir.path()).exit_code == 0);  // the newest release's directives
  const RunResult v72 = lint(dir.path(), {"--redis-version", "7.2"});
  CHECK(v72.exit_code == 1);
  CHECK(v72.out.find(kRefused72) != std::string::npos);
  CHECK(lint(dir.path(), {"--redis-version", "7.4"}).exit_code == 0);
  for (const char* bad : {"5.0", "6.1", "7.5", "8.0", "7", "abc", "7.2.x", ""}) {
    const RunResult r = lint(dir.path(), {"--redis-version", bad});
    INFO("--redis-version '" << bad << "': " << r.out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("--redis-version") != std::string::npos);
  }
}

TEST_CASE("a directive a release no longer reads names the release assumed") {
  const TempDir dir;
  write_file(dir.path() / "redis.conf", "gopher-enabled no\n");
  const RunResult assumed = lint(dir.path());
  CHECK(assumed.exit_code == 1);
  CHECK(assumed.out.find("'gopher-enabled' (removed in Redis 7.0; Redis 7.4 rules; pass --redis-version)") !=
        std::string::npos);
  CHECK(lint(dir.path(), {"--redis-version", "6.2"}).exit_code == 0);
}

TEST_CASE("[redis] version in .stacklint.toml; the flag wins") {
  const TempDir dir;
  write_file(dir.path() / "redis.conf", kConf);
  write_file(dir.path() / ".stacklint.toml", "[redis]\nversion = \"7.2\"\n");
  const RunResult file = lint(dir.path());
  CHECK(file.exit_code == 1);
  CHECK(file.out.find(kRefused72) != std::string::npos);
  CHECK(lint(dir.path(), {"--redis-version", "7.4"}).exit_code == 0);
  write_file(dir.path() / ".stacklint.toml", "[redis]\nversion = 7.2\n");
  const RunResult bad = lint(dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find(".stacklint.toml:2:11: error: 'version' must be a Redis release from 6.0 to 7.4") !=
        std::string::npos);
}
