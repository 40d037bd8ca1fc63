// PromQL parser: a hand-written recursive-descent / precedence-climbing port of the grammar of
// Prometheus's promql/parser (generated_parser.y), followed by Prometheus's type check (checkAST).
// Error texts and byte positions follow Prometheus so users recognize them.
//
//   ParseOptions opts{.major = 2, .minor = 42};
//   ParseResult r = parse("sum by (job) (rate(x_total[5m]))", opts);
//   if (r.ok()) walk(*r.root, [](const Node& n) { ... });
//   else for (const Error& e : r.errors) ... e.message, e.begin, e.end (byte offsets into the text)
//
// parse() never throws and never crashes; nesting deeper than 256 levels (parser.cpp's kMaxNesting)
// or a tree deeper than kMaxDepth is an error.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/formats/promql/ast.h"
#include "linter/source/arena.h"

namespace stacklint::promql {

struct ParseOptions {
  // Experimental functions (and limitk/limit_ratio): --enable-feature=promql-experimental-functions.
  bool experimental_functions = false;
  // Target Prometheus version: features newer than it are errors or unknown (for example quoted
  // UTF-8 metric names and `{"name"}` need 3.0, numbers as durations need 3.0, duration
  // expressions 3.4, anchored/smoothed 3.7, fill modifiers and </ >/ 3.8; approximate for the
  // newest ones). keep_firing_for is a rule-file field, not PromQL.
  int major = 3, minor = 99;
  // --enable-feature=promql-extended-range-selectors (anchored / smoothed).
  bool extended_range_selectors = false;
  // --enable-feature=promql-binop-fill-modifiers (fill / fill_left / fill_right).
  bool binop_fill_modifiers = false;
  // --enable-feature=promql-duration-expr (arithmetic, step(), range(), min_of/max_of in ranges
  // and offsets).
  bool duration_expressions = false;
};

struct Error {
  std::string message;
  uint32_t begin = 0, end = 0;  // byte offsets into the parsed text, end exclusive
};

struct ParseResult {
  const Node* root = nullptr;  // null when nothing could be parsed
  std::vector<Error> errors;   // in the order Prometheus reports them; the first is the one it shows
  // Holds every node, string and list of the tree (nothing in it needs a destructor; the trees of a
  // rule file share one), and the compiled regexes its matchers point to.
  std::shared_ptr<ByteArena> memory;
  std::vector<std::shared_ptr<const re2::RE2>> regexes;

  [[nodiscard]] bool ok() const { return errors.empty() && root != nullptr; }
};

inline constexpr int kMaxDepth = 1000;

ParseResult parse(std::string_view expr, const ParseOptions& opts);
// The same, with the tree made in `memory` (shared by the trees of a rule file: one block for all of
// them when sized with memory_estimate).
ParseResult parse(std::string_view expr, const ParseOptions& opts, std::shared_ptr<ByteArena> memory);
// About the bytes a tree of `expr_bytes` bytes of text takes in its ByteArena (a little more on average).
inline size_t memory_estimate(size_t expr_bytes) {
  return 96 + expr_bytes * 6;
}

// Go-compatible helpers, exposed for tests and other layers.
// model.ParseDuration: y w d h m s ms in descending order, "0" allowed. Returns false with a
// Prometheus error message on failure.
bool parse_duration(std::string_view text, int64_t& out_ms, std::string& error);
// model.Duration.String() of a millisecond duration ("1h30m", "0s").
std::string format_duration(int64_t ms);
// Unquotes a PromQL string literal token ("...", '...' or `...`) already validated by the lexer.
std::string unquote(std::string_view token);

}  // namespace stacklint::promql
