#include "linter/units/format.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace stacklint {

std::string format_bytes(int64_t bytes) {
  if (bytes < 0) {
    if (bytes == INT64_MIN) return "-8 EiB";
    return "-" + format_bytes(-bytes);
  }
  static constexpr std::array<const char*, 7> units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < units.size()) {
    value /= 1024.0;
    ++unit;
  }
  const double rounded = std::round(value * 10.0) / 10.0;
  std::array<char, 32> buf{};
  if (rounded == std::floor(rounded)) {
    std::snprintf(buf.data(), buf.size(), "%.0f %s", rounded, units[unit]);
  } else {
    std::snprintf(buf.data(), buf.size(), "%.1f %s", rounded, units[unit]);
  }
  return buf.data();
}

}  // namespace stacklint
