// Output hygiene: text that came from a file (a message quoting a value, an excerpt line, a path)
// must not drive the terminal or the CI log that shows it.
//
//   escape_controls("a\x1b[2Jb") == "a\\x1b[2Jb"
//   defuse_log_commands("  ::error file=x::y") == "  \\x3a:error file=x::y"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stacklint {

// One piece of escaped text and how many bytes of the input it stands for.
struct EscapedUnit {
  std::string text;   // what to print
  size_t length = 0;  // input bytes consumed (>= 1)
  bool escaped = false;
};

// The unit starting at s[i]: a valid UTF-8 sequence as is, except C0 controls other than tab, DEL
// and C1 controls (U+0080..U+009F), which become \xNN / \u00NN; an invalid byte becomes \xNN.
EscapedUnit escape_unit(std::string_view s, size_t i);

// escape_unit applied to the whole string. Also makes the result valid UTF-8.
std::string escape_controls(std::string_view s);

// Makes every line of a text report inert for CI log parsers: GitHub's runner reads a line whose
// first non-blank characters are `::` as a workflow command (the first ':' becomes \x3a), and
// `##[` anywhere in a line as a legacy one (becomes `##\x5b`).
std::string defuse_log_commands(std::string_view text);

}  // namespace stacklint
