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

std::pair<std::string, std::string> format_bytes_apart(int64_t a, int64_t b) {
  std::string fa = format_bytes(a);
  std::string fb = format_bytes(b);
  if (fa != fb || a == b || a < 0 || b < 0) return {std::move(fa), std::move(fb)};
  static constexpr std::array<const char*, 4> units = {"GiB", "MiB", "KiB", "B"};
  static constexpr std::array<int64_t, 4> sizes = {int64_t{1} << 30, int64_t{1} << 20, int64_t{1} << 10, 1};
  for (size_t i = 0; i < units.size(); ++i) {
    const int64_t qa = (a + sizes[i] / 2) / sizes[i];
    const int64_t qb = (b + sizes[i] / 2) / sizes[i];
    if (qa != qb || i + 1 == units.size()) {
      return {std::to_string(qa) + " " + units[i], std::to_string(qb) + " " + units[i]};
    }
  }
  return {std::move(fa), std::move(fb)};
}

}  // namespace stacklint
