// Where a YAML scalar was written, without its tree: a parser keeps this for a value it will need
// to point into later (a rule's `expr`), and drops the tree itself.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "linter/source/source.h"

namespace stacklint::yaml {

enum class ScalarStyle : uint8_t { none, plain, single_quoted, double_quoted, literal, folded };

struct ScalarSpan {
  uint32_t begin = 0, end = 0;  // byte offsets of the scalar as written (quotes, block header included)
  ScalarStyle style = ScalarStyle::none;
};

// For each byte of a scalar's cooked `value`, the byte offset in the file it came from, plus one
// final entry for the end. Empty when the raw text cannot be matched to the value.
std::vector<uint32_t> cooked_to_raw_offsets(const SourceFile& file, ScalarSpan scalar, std::string_view value);

// The location of bytes [begin, end) of a scalar's cooked `value`, mapped back into the file through
// the scalar's style (quotes, escapes, block indentation, folding). When the mapping cannot be
// rebuilt exactly, the whole scalar's location is returned.
Location value_location(const SourceFile& file, ScalarSpan scalar, std::string_view value, uint32_t begin,
                        uint32_t end);

}  // namespace stacklint::yaml
