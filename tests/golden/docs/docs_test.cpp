// docs/rules/ is generated from the rules' metadata, and each rule's documented examples are run:
// the bad one must fire the rule, the good one must not.
#include "linter/engine/docs.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "linter/cli/example.h"
#include "tests/support/run.h"

namespace fs = std::filesystem;
using namespace stacklint;
using namespace stacklint::test;

namespace {

const fs::path kRoot = fs::path(STACKLINT_SOURCE_DIR);
constexpr const char* kHint =
    "docs/rules or README.md's rule table is stale: run `make docs` (or build the gen_docs target and run "
    "`build/<preset>/gen_docs .`) and commit the result";

RunResult run_example(const RuleInfo& info, const std::vector<ExampleFile>& files) {
  const TempDir dir;
  for (const ExampleFile& f : files) write_file(dir.path() / std::string(f.path), std::string(f.content));
  std::vector<std::string> args = {"check", dir.path().string(), "--rule", std::string(info.id), "--no-color"};
  for (const auto a : info.example_args) args.emplace_back(a);
  return run_stacklint(args, true);
}

}  // namespace

TEST_CASE("the committed rule pages are what the code generates") {
  std::set<fs::path> expected;
  for (const Rule* r : all_rules()) {
    const fs::path page = kRoot / rule_doc_path(r->info());
    expected.insert(page);
    INFO(page.string() << ": " << kHint);
    REQUIRE(fs::exists(page));
    CHECK(read_file(page) == render_rule_page(r->info()));
  }
  const fs::path index = kRoot / "docs" / "rules" / "README.md";
  expected.insert(index);
  INFO(index.string() << ": " << kHint);
  REQUIRE(fs::exists(index));
  CHECK(read_file(index) == render_rule_index());
  for (const auto& e : fs::recursive_directory_iterator(kRoot / "docs" / "rules")) {
    if (!e.is_regular_file()) continue;
    INFO("page of no rule: " << e.path().string() << ": " << kHint);
    CHECK(expected.count(e.path()) == 1);
  }
}

TEST_CASE("README.md's rule table is the generated one") {
  const fs::path readme = kRoot / "README.md";
  const std::string text = read_file(readme);
  const auto updated = replace_readme_rule_table(text);
  INFO(readme.string() << ": the rule table between its markers is stale: " << kHint);
  REQUIRE(updated.has_value());
  CHECK(*updated == text);
}

TEST_CASE("every rule's bad example fires it and its good example does not") {
  for (const Rule* r : all_rules()) {
    const RuleInfo& info = r->info();
    const std::string tag = "[" + std::string(info.id) + "]";
    const RunResult bad = run_example(info, info.bad_example);
    INFO(info.id << " bad example output:\n" << bad.out);
    CHECK(bad.out.find(tag) != std::string::npos);
    CHECK(bad.exit_code != 2);
    // The page shows the in-process run of the same example: it must be what the binary prints.
    const ExampleRun page = lint_example(info, info.bad_example);
    CHECK(page.output == bad.out);
    CHECK(page.exit_code == bad.exit_code);
    const RunResult good = run_example(info, info.good_example);
    INFO(info.id << " good example output:\n" << good.out);
    CHECK(good.out.find(tag) == std::string::npos);
    CHECK(good.exit_code != 2);
  }
}

TEST_CASE("`stacklint explain` prints the generated page") {
  const Rule* r = all_rules().front();
  const RunResult out = run_stacklint({"explain", std::string(r->info().id)});
  CHECK(out.exit_code == 0);
  CHECK(out.out == render_rule_page(r->info()));
}
