// UTF-8 encoding of one code point, shared by the lexers that cook escapes (YAML, PromQL).
#pragma once

#include <cstdint>
#include <string>

namespace stacklint {
// Appends the UTF-8 bytes of `code_point` (at most U+10FFFF; callers validate ranges).
void append_utf8(std::string& out, uint32_t code_point);
}  // namespace stacklint
