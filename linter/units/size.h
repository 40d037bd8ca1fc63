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
// When the size is well formed but above INT64_MAX bytes, *too_large (if given) is set too: callers
// that must not lose the value (a memory limit still counts against the host budget) saturate.
std::optional<int64_t> parse_docker_size(std::string_view text, std::string* error, bool* too_large = nullptr);

// Saturating arithmetic on byte counts: past INT64_MAX (or below INT64_MIN) the result stays there
// instead of wrapping, so a huge value can never turn a sum negative.
int64_t saturating_add(int64_t a, int64_t b);
int64_t saturating_mul(int64_t a, int64_t b);
// A double rounded toward zero and clamped to the int64 range (NaN: 0).
int64_t saturating_cast(double v);

}  // namespace stacklint
