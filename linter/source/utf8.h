// UTF-8: encoding one code point (the lexers that cook escapes: YAML, PromQL) and validating text
// (label names, JSON output).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stacklint {
// Appends the UTF-8 bytes of `code_point` (at most U+10FFFF; callers validate ranges).
void append_utf8(std::string& out, uint32_t code_point);
// Go's utf8.ValidString: well-formed UTF-8 without overlong forms, surrogates or code points
// above U+10FFFF.
bool valid_utf8(std::string_view text);
}  // namespace stacklint
