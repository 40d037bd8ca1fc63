// Human-readable byte counts for messages.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace stacklint {

// Binary units with at most one decimal, trailing ".0" dropped: "500 B", "256 MiB", "1.1 GiB".
// Negative values keep their sign.
std::string format_bytes(int64_t bytes);

// Two different sizes compared in one message ("worst case X > limit Y"): format_bytes of each, or,
// when both round to the same text ("2 GiB > limit 2 GiB"), whole numbers of the largest unit that
// tells them apart ("2099 MiB", "2048 MiB").
std::pair<std::string, std::string> format_bytes_apart(int64_t a, int64_t b);

}  // namespace stacklint
