#include "linter/stack/purpose.h"

#include <catch2/catch.hpp>

#include "linter/stack/assemble.h"

using namespace stacklint;

namespace {

const char* const kDb = "services:\n  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n";

StackPurpose purpose_of(MemoryFileSystem& fs, const std::string& dir, const std::string& search_root,
                        const std::optional<Located<bool>>& configured = std::nullopt) {
  StackRequest req;
  req.paths = {dir};
  req.search_root = search_root;
  req.deployed = configured;
  const StackLoad load = load_stack(fs, req);
  REQUIRE(load.usage_errors.empty());
  return load.stack.purpose;
}

}  // namespace

TEST_CASE("purpose: words of directory and file names, split at - _ and .") {
  CHECK(is_development_word("tests"));
  CHECK(is_development_word("dev"));
  CHECK(is_development_word("examples"));
  CHECK_FALSE(is_development_word("contest"));
  CHECK_FALSE(is_development_word("prod"));
  CHECK_FALSE(is_development_word("docker"));
}

TEST_CASE("purpose: a directory between the directory given and the stack, a compose file's name") {
  MemoryFileSystem fs;
  fs.add("/r/integration-tests/compose.yaml", kDb);
  fs.add("/r/deploy/compose.yaml", kDb);
  fs.add("/r/deploy/docker-compose.dev.yml", kDb);
  fs.add("/dev/r/compose.yaml", kDb);

  const StackPurpose tests = purpose_of(fs, "/r/integration-tests", "/r");
  CHECK_FALSE(tests.deployed);
  CHECK(tests.evidence == StackPurpose::Evidence::directory);
  CHECK(tests.detail == "integration-tests");
  CHECK(tests.location.file == "compose.yaml");

  CHECK(purpose_of(fs, "/r/deploy", "/r").deployed);
  // Where the checkout lives says nothing: only the directories below the one given count.
  CHECK(purpose_of(fs, "/dev/r", "/dev/r").deployed);
  CHECK(purpose_of(fs, "/r/integration-tests", "/r/integration-tests").deployed);

  StackRequest req;
  req.compose_files = {"/r/deploy/docker-compose.dev.yml"};
  req.search_root = "/r";
  const StackLoad load = load_stack(fs, req);
  CHECK_FALSE(load.stack.purpose.deployed);
  CHECK(load.stack.purpose.evidence == StackPurpose::Evidence::file_name);
  CHECK(load.stack.purpose.detail == "docker-compose.dev.yml");
}

TEST_CASE("purpose: a framework environment written as development, literally; the config decides first") {
  MemoryFileSystem fs;
  fs.add("/a/compose.yaml", "services:\n  api:\n    image: node:22\n    environment:\n      NODE_ENV: development\n");
  fs.add("/b/compose.yaml", "services:\n  api:\n    image: node:22\n    environment:\n      NODE_ENV: production\n");
  fs.add("/c/compose.yaml",
         "services:\n  api:\n    image: node:22\n    environment:\n      NODE_ENV: ${NODE_ENV:-development}\n");

  const StackPurpose a = purpose_of(fs, "/a", "/a");
  CHECK_FALSE(a.deployed);
  CHECK(a.evidence == StackPurpose::Evidence::framework_environment);
  CHECK(a.detail == "NODE_ENV of service 'api'");
  CHECK(a.location.line == 5);
  CHECK(a.location.column == 17);
  CHECK(purpose_of(fs, "/b", "/b").deployed);
  // A default the deployment's environment replaces is no statement of purpose.
  CHECK(purpose_of(fs, "/c", "/c").deployed);

  const StackPurpose configured = purpose_of(
      fs, "/a", "/a", Located<bool>{.value = true, .location = Location{.file = ".stacklint.toml", .line = 2}});
  CHECK(configured.deployed);
  CHECK(configured.evidence == StackPurpose::Evidence::configured);
}
