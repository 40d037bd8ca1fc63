// Byte sizes in Docker's dialect (docker/go-units RAMInBytes, used by compose for memory fields).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stacklint {

// A decimal number (fractions allowed: 0.5g), one optional space, then an optional
// case-insensitive suffix of at most 3 characters: none or `b` = bytes; k m g t p = 1024^n,
// optionally followed by `b` or `ib`. Always binary. The result is truncated to an integer.
// On failure returns nullopt and sets *error to go-units' wording ("invalid size: '...'").
std::optional<int64_t> parse_docker_size(std::string_view text, std::string* error);

}  // namespace stacklint
