// Human-readable byte counts for messages.
#pragma once

#include <cstdint>
#include <string>

namespace stacklint {

// Binary units with at most one decimal, trailing ".0" dropped: "500 B", "256 MiB", "1.1 GiB".
// Negative values keep their sign.
std::string format_bytes(int64_t bytes);

}  // namespace stacklint
