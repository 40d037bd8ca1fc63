// Conformance of the PromQL parser with Prometheus's own parser test table (parse_test.go of
// Prometheus 3.x, see shared/corpus/promql-conformance/README.md): same verdict on every case and,
// for rejections, the same first error start offset and message.
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "linter/formats/promql/parser.h"
#include "linter/formats/promql/printer.h"
#include "tests/support/shared.h"

namespace {

using stacklint::promql::parse;
using stacklint::promql::ParseOptions;

// The dump of the table decoded Go string bytes as Latin-1: a raw 0xFF byte in the upstream input
// arrives here as U+00FF. Cases expecting "invalid UTF-8 rune" get their bytes back.
std::string restore_latin1(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0xBF) {
      out += static_cast<char>(0xC0 + (static_cast<unsigned char>(s[i + 1]) - 0x80));
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Deliberate differences, by input. Each has a reason; everything else must agree exactly.
const std::set<std::string>& deliberate_differences() {
  static const std::set<std::string> kList = {};
  return kList;
}

}  // namespace

TEST_CASE("PromQL parser agrees with Prometheus's parse_test table") {
  const auto cases = stacklint::test::shared_path("corpus/promql-conformance/parse_cases.jsonl");
  if (!cases) return;
  std::ifstream in(*cases);
  REQUIRE(in.good());
  // Upstream runs the table with these features on.
  const ParseOptions opts{.experimental_functions = true,
                          .extended_range_selectors = true,
                          .binop_fill_modifiers = false,
                          .duration_expressions = true};
  int total = 0, agree = 0, skipped = 0;
  std::string line;
  std::vector<std::string> failures;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto c = nlohmann::json::parse(line);
    std::string input = c.at("input").get<std::string>();
    const bool fail = c.at("fail").get<bool>();
    const std::string error = c.at("error").is_null() ? "" : c.at("error").get<std::string>();
    if (error == "invalid UTF-8 rune") input = restore_latin1(input);
    ++total;
    const auto r = parse(input, opts);
    bool same = r.ok() != fail;
    std::string got = r.errors.empty() ? "(accepted)" : r.errors.front().message;
    if (same && fail) {
      const auto start = c.at("start").get<uint32_t>();
      same = r.errors.front().begin == start && r.errors.front().message == error;
      got += " @" + std::to_string(r.errors.front().begin);
    }
    if (same) {
      ++agree;
      continue;
    }
    if (deliberate_differences().count(input) != 0) {
      ++skipped;
      continue;
    }
    failures.push_back("input: " + input +
                       "\n  want: " + (fail ? error + " @" + std::to_string(c.at("start").get<int>()) : "(accepted)") +
                       "\n  got:  " + got);
  }
  std::cout << "PromQL conformance: " << agree << "/" << total << " agree, " << skipped << " deliberate differences\n";
  for (const auto& f : failures) std::cout << f << "\n";
  CHECK(failures.empty());
  CHECK(total == 353);
}
