// --postgres-version and [postgres] version: the rules applied to a postgresql.conf no versioned
// image runs, and the note saying which version was assumed when nothing said.
#include <catch2/catch.hpp>

#include "tests/support/run.h"

namespace fs = std::filesystem;
using namespace stacklint::test;

namespace {

// maintenance_work_mem's minimum is 1 MB up to PostgreSQL 16, 64 kB from 17 on.
const std::string kConf = "maintenance_work_mem = 128\n";
const std::string kRefused15 =
    "postgresql.conf:1:24: error: 128 kB is outside the valid range for parameter \"maintenance_work_mem\" (1024 .. "
    "2147483647) [postgres/syntax]";

RunResult lint(const fs::path& dir, const std::vector<std::string>& extra = {}) {
  return check_rule(dir, "postgres/syntax", extra);
}

}  // namespace

TEST_CASE("--postgres-version picks the rules for a lone postgresql.conf; bad values exit 2") {
  const TempDir dir;
  write_file(dir.path() / "postgresql.conf", kConf);
  CHECK(lint(dir.path()).exit_code == 0);  // the newest version's rules
  const RunResult v15 = lint(dir.path(), {"--postgres-version", "15"});
  CHECK(v15.exit_code == 1);
  CHECK(v15.out.find(kRefused15) != std::string::npos);
  CHECK(lint(dir.path(), {"--postgres-version", "16"}).exit_code == 1);
  CHECK(lint(dir.path(), {"--postgres-version", "17"}).exit_code == 0);
  for (const char* bad : {"14", "19", "abc", "15.2", ""}) {
    const RunResult r = lint(dir.path(), {"--postgres-version", bad});
    INFO("--postgres-version '" << bad << "': " << r.out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("--postgres-version") != std::string::npos);
  }
  CHECK(lint(dir.path(), {"--postgres-version"}).exit_code == 2);
}

TEST_CASE("the message says which version's rules applied when nothing gave the version") {
  const TempDir dir;
  write_file(dir.path() / "postgresql.conf", "work_mem = 1\n");
  const RunResult assumed = lint(dir.path());
  CHECK(assumed.exit_code == 1);
  CHECK(assumed.out.find("(64 .. 2147483647) (PostgreSQL 18 rules; pass --postgres-version) [postgres/syntax]") !=
        std::string::npos);
  const RunResult given = lint(dir.path(), {"--postgres-version", "18"});
  CHECK(given.exit_code == 1);
  CHECK(given.out.find("pass --postgres-version") == std::string::npos);
}

TEST_CASE("[postgres] version in .stacklint.toml; the flag wins; an image's version wins over both") {
  const TempDir dir;
  write_file(dir.path() / "postgresql.conf", kConf);
  write_file(dir.path() / ".stacklint.toml", "[postgres]\nversion = 15\n");
  const RunResult file = lint(dir.path());
  CHECK(file.exit_code == 1);
  CHECK(file.out.find(kRefused15) != std::string::npos);
  CHECK(lint(dir.path(), {"--postgres-version", "17"}).exit_code == 0);

  write_file(dir.path() / ".stacklint.toml", "[postgres]\nversion = 14\n");
  const RunResult bad = lint(dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find(".stacklint.toml:2:11: error: 'version' must be a PostgreSQL major version from 15 to 18") !=
        std::string::npos);
  write_file(dir.path() / ".stacklint.toml", "[postgres]\nversoin = 15\n");
  const RunResult typo = lint(dir.path());
  CHECK(typo.exit_code == 2);
  CHECK(typo.out.find("unknown key 'versoin' in [postgres] (did you mean 'version'?)") != std::string::npos);

  fs::remove(dir.path() / ".stacklint.toml");
  write_file(dir.path() / "compose.yaml",
             "services:\n  db:\n    image: postgres:15\n    command: [\"-c\", "
             "\"config_file=/etc/postgresql/postgresql.conf\"]\n    volumes:\n"
             "      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro\n");
  const RunResult image = lint(dir.path(), {"--postgres-version", "17"});
  CHECK(image.exit_code == 1);
  CHECK(image.out.find(kRefused15) != std::string::npos);
}
