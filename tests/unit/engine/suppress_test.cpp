// Inline suppressions: parsing the directives, dropping findings, reporting unused ones.
#include "linter/engine/suppress.h"

#include <catch2/catch.hpp>

using namespace stacklint;

namespace {

Stack stack_with(const std::string& path, const std::string& text) {
  Stack s;
  s.root = ".";
  s.add_file(StackFile{
      .path = path, .host_path = path, .kind = FileKind::compose, .source = std::make_shared<SourceFile>(path, text)});
  return s;
}

Diagnostic finding(const std::string& rule, const std::string& file, uint32_t line) {
  return Diagnostic{.rule = rule,
                    .severity = Severity::error,
                    .message = "m",
                    .location = Location{.file = file, .line = line, .column = 3, .end_line = line, .end_column = 5}};
}

}  // namespace

TEST_CASE("the three directives are parsed with ids and locations") {
  const SourceFile src("c.yaml",
                       "a: 1  # stacklint disable-line=yaml/duplicate-key,compose/syntax -- reason\n"
                       "# stacklint disable-next-line=all\n"
                       "b: 2\n"
                       "#stacklint disable-file=compose/syntax\n"
                       "c: \"text#stacklint disable-line=x\"\n");
  const auto list = parse_suppressions(src, "c.yaml");
  REQUIRE(list.size() == 3);
  CHECK(list[0].scope == SuppressionScope::line);
  CHECK(list[0].target_line == 1);
  REQUIRE(list[0].ids.size() == 2);
  CHECK(list[0].ids[0].id == "yaml/duplicate-key");
  CHECK(list[0].ids[0].location.line == 1);
  CHECK(list[0].ids[0].location.column == 32);
  CHECK(list[0].ids[1].id == "compose/syntax");
  CHECK(list[1].scope == SuppressionScope::next_line);
  CHECK(list[1].target_line == 3);
  CHECK(list[1].ids[0].id == "all");
  CHECK(list[2].scope == SuppressionScope::file);
  CHECK(list[2].problem.empty());
}

TEST_CASE("a misspelled directive is a problem with a suggestion; prose is ignored") {
  const SourceFile src("r.conf", "# stacklint disable-nextline=x\n# stacklint is great\n# stacklint disable-line\n");
  const auto list = parse_suppressions(src, "r.conf");
  REQUIRE(list.size() == 2);
  CHECK(list[0].problem == "unknown stacklint directive 'disable-nextline' (did you mean 'disable-next-line'?)");
  CHECK(list[1].problem == "'disable-line' needs rule ids: disable-line=RULE[,RULE]");
}

TEST_CASE("findings on a suppressed line are dropped, others kept") {
  const Stack s = stack_with("c.yaml", "a: 1\n# stacklint disable-next-line=yaml/duplicate-key -- ok\nb: 2\nc: 3\n");
  const RulePolicy policy;
  const auto out = apply_suppressions(
      s, {finding("yaml/duplicate-key", "c.yaml", 3), finding("yaml/duplicate-key", "c.yaml", 4)}, policy);
  REQUIRE(out.size() == 1);
  CHECK(out[0].location.line == 4);
}

TEST_CASE("disable-file covers every line of that file only") {
  Stack s = stack_with("c.yaml", "# stacklint disable-file=yaml/duplicate-key\na: 1\n");
  s.add_file(StackFile{.path = "d.yaml", .source = std::make_shared<SourceFile>("d.yaml", "a: 1\n")});
  const RulePolicy policy;
  const auto out = apply_suppressions(
      s, {finding("yaml/duplicate-key", "c.yaml", 2), finding("yaml/duplicate-key", "d.yaml", 1)}, policy);
  REQUIRE(out.size() == 1);
  CHECK(out[0].location.file.str() == "d.yaml");
}

TEST_CASE("an unused suppression and an unknown id are reported at the id") {
  const Stack s = stack_with("c.yaml", "a: 1  # stacklint disable-line=yaml/duplicate-key,yaml/duplicate-kye\n");
  const RulePolicy policy;
  const auto out = apply_suppressions(s, {}, policy);
  REQUIRE(out.size() == 2);
  CHECK(out[0].rule == "stacklint/unused-suppression");
  CHECK(out[0].severity == Severity::warning);
  CHECK(out[0].message == "this suppression of 'yaml/duplicate-key' matches no finding; remove it");
  CHECK(out[0].location.line == 1);
  CHECK(out[0].location.column == 32);
  CHECK(out[0].location.end_column == 50);
  CHECK(out[1].message == "unknown rule 'yaml/duplicate-kye' in suppression (did you mean 'yaml/duplicate-key'?)");
  CHECK(out[1].location.column == 51);
}

TEST_CASE("suppressions of rules that did not run are not reported") {
  const Stack s = stack_with("c.yaml", "a: 1  # stacklint disable-line=yaml/duplicate-key\n");
  RulePolicy only;
  only.only = {"stacklint/unused-suppression", "compose/syntax"};
  CHECK(apply_suppressions(s, {}, only).empty());
  RulePolicy off;
  off.severity["yaml/duplicate-key"] = std::nullopt;
  CHECK(apply_suppressions(s, {}, off).empty());
  RulePolicy unused_off;
  unused_off.severity["stacklint/unused-suppression"] = std::nullopt;
  CHECK(apply_suppressions(s, {}, unused_off).empty());
}

TEST_CASE("unused-suppression findings can themselves be suppressed") {
  const Stack s = stack_with(
      "c.yaml", "# stacklint disable-file=stacklint/unused-suppression\na: 1  # stacklint disable-line=all\n");
  CHECK(apply_suppressions(s, {}, RulePolicy{}).empty());
}
