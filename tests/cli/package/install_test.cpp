// `cmake --install` puts a working binary and the docs under the prefix; `cpack -G DEB` (about 10 s)
// builds a .deb with /usr/bin/stacklint and the docs.
#include <catch2/catch.hpp>

#include "tests/support/run.h"
#include "tests/support/skip.h"

namespace fs = std::filesystem;
using namespace stacklint::test;

TEST_CASE("cmake --install gives a working stacklint and the docs") {
  const fs::path build = fs::path(STACKLINT_BINARY).parent_path();
  const TempDir prefix;
  const RunResult install = run_command(
      "cmake --install " + shell_quote(build.string()) + " --prefix " + shell_quote(prefix.path().string()), true);
  INFO(install.out);
  REQUIRE(install.exit_code == 0);
  const RunResult version = run_command(shell_quote((prefix.path() / "bin" / "stacklint").string()) + " --version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("stacklint ", 0) == 0);
  CHECK(fs::exists(prefix.path() / "share" / "doc" / "stacklint" / "rules" / "README.md"));
  CHECK(fs::exists(prefix.path() / "share" / "doc" / "stacklint" / "integration.md"));
}

TEST_CASE("cpack builds a .deb with /usr/bin/stacklint and the docs") {
  if (run_command("command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null").exit_code != 0) {
    stacklint::test::skip_because(
        "dpkg-deb or dpkg-shlibdeps (dpkg-dev) is missing: the .deb was not built; run scripts/setup.sh "
        "--with-oracles");
    return;
  }
  const fs::path build = fs::path(STACKLINT_BINARY).parent_path();
  const TempDir out;
  const RunResult pack = run_command(
      "cd " + shell_quote(build.string()) + " && cpack -G DEB -B " + shell_quote(out.path().string()), true);
  INFO(pack.out);
  REQUIRE(pack.exit_code == 0);
  fs::path deb;
  for (const auto& e : fs::directory_iterator(out.path())) {
    if (e.path().extension() == ".deb") deb = e.path();
  }
  REQUIRE_FALSE(deb.empty());
  const RunResult contents = run_command("dpkg-deb -c " + shell_quote(deb.string()));
  CHECK(contents.out.find("./usr/bin/stacklint") != std::string::npos);
  CHECK(contents.out.find("./usr/share/doc/stacklint/rules/README.md") != std::string::npos);
}
