// Fingerprints and the baseline file.
#include "linter/engine/baseline.h"

#include <catch2/catch.hpp>

using namespace stacklint;

namespace {

Stack stack_with(const std::string& text) {
  Stack s;
  s.add_file(StackFile{.path = "c.yaml", .source = std::make_shared<SourceFile>("c.yaml", text)});
  return s;
}

Diagnostic at(uint32_t line) {
  return Diagnostic{.rule = "yaml/duplicate-key",
                    .severity = Severity::error,
                    .message = "duplicate key 'image'",
                    .location = Location{.file = "c.yaml", .line = line, .column = 5}};
}

}  // namespace

TEST_CASE("a fingerprint survives lines moving above the finding and indentation changes") {
  const Stack before = stack_with("a:\n  image: x\n");
  const Stack after = stack_with("# new comment\n\nb: 1\na:\n    image: x\n");
  const std::string fp = fingerprint(before, at(2));
  CHECK(fp.size() == 16);
  CHECK(fingerprint(after, at(5)) == fp);
}

TEST_CASE("a fingerprint changes with the rule, the line's text or the message") {
  const Stack s = stack_with("a:\n  image: x\n  image: y\n");
  const std::string fp = fingerprint(s, at(2));
  CHECK(fingerprint(s, at(3)) != fp);
  Diagnostic other = at(2);
  other.rule = "compose/syntax";
  CHECK(fingerprint(s, other) != fp);
  other = at(2);
  other.message += "!";
  CHECK(fingerprint(s, other) != fp);
}

TEST_CASE("the baseline round-trips and drops as many findings as it recorded") {
  const Stack s = stack_with("a:\n  image: x\n  image: x\n");
  const std::string text = render_baseline(s, {at(2)});
  CHECK(text.find("\"fingerprint\": \"" + fingerprint(s, at(2)) + "\"") != std::string::npos);
  std::string error;
  const auto b = parse_baseline(text, &error);
  REQUIRE(b);
  // Lines 2 and 3 have the same text, rule and message: one is recorded, one stays.
  const auto left = filter_baseline(s, {at(2), at(3)}, *b);
  REQUIRE(left.size() == 1);
}

TEST_CASE("a file that is not a baseline is an error") {
  std::string error;
  CHECK_FALSE(parse_baseline("not json", &error));
  CHECK(error == "not a stacklint baseline (expected a JSON object with a \"findings\" array)");
  CHECK_FALSE(parse_baseline(R"({"findings": [{"rule": "x"}]})", &error));
  CHECK(error == "every baseline finding needs a \"fingerprint\" string");
}
