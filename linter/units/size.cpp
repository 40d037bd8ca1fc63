#include "linter/units/size.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace stacklint {

std::optional<int64_t> parse_docker_size(std::string_view text, std::string* error, bool* too_large) {
  auto fail = [&](std::string msg) -> std::optional<int64_t> {
    if (error != nullptr) *error = std::move(msg);
    return std::nullopt;
  };
  const std::string s(text);
  // The number ends at the last digit, '.', or space.
  const size_t sep = s.find_last_of("0123456789. ");
  if (sep == std::string::npos) return fail("invalid size: '" + s + "'");
  std::string num = s.substr(0, s[sep] == ' ' ? sep : sep + 1);
  std::string sfx = s.substr(sep + 1);
  // A space only separates the number from a suffix (no trailing spaces).
  if (s[sep] == ' ' && sfx.empty()) return fail("invalid size: '" + s + "'");
  // A decimal: digits with at most one '.'; no sign, no exponent (SEMANTICS.md).
  size_t i = 0;
  size_t digits = 0;
  while (i < num.size() && std::isdigit(static_cast<unsigned char>(num[i])) != 0) ++i, ++digits;
  if (i < num.size() && num[i] == '.') {
    ++i;
    while (i < num.size() && std::isdigit(static_cast<unsigned char>(num[i])) != 0) ++i, ++digits;
  }
  if (digits == 0 || i != num.size()) return fail("invalid size: '" + s + "'");
  double size = std::strtod(num.c_str(), nullptr);
  if (!sfx.empty()) {
    if (sfx.size() > 3) return fail("invalid suffix: '" + sfx + "'");
    for (char& c : sfx) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (sfx[0] == 'b') {
      if (sfx.size() > 1) return fail("invalid suffix: '" + sfx + "'");
    } else {
      const std::string_view units = "kmgtp";
      const size_t u = units.find(sfx[0]);
      if (u == std::string_view::npos) return fail("invalid suffix: '" + sfx + "'");
      if (sfx.size() == 2 && sfx[1] == 'i') {
        // Kubernetes' `512Mi`: not a unit of docker's (rw181).
        const std::string unit(1, sfx[0]);
        return fail("invalid suffix: '" + sfx + "' (a Kubernetes unit: compose takes '" + unit + "', '" + unit +
                    "b' or '" + unit + "ib')");
      }
      if ((sfx.size() == 2 && sfx[1] != 'b') || (sfx.size() == 3 && sfx.substr(1) != "ib")) {
        return fail("invalid suffix: '" + sfx + "'");
      }
      size *= std::pow(1024.0, static_cast<double>(u + 1));
    }
  }
  // int64 overflow: go would wrap silently; we refuse.
  if (!(size < 9223372036854775808.0)) {
    if (too_large != nullptr) *too_large = true;
    return fail("invalid size: '" + s + "' (too large)");
  }
  return static_cast<int64_t>(size);
}

int64_t saturating_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

int64_t saturating_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (!__builtin_mul_overflow(a, b, &r)) return r;
  return (a < 0) == (b < 0) ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

int64_t saturating_cast(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9223372036854775808.0) return std::numeric_limits<int64_t>::max();
  if (v < -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

}  // namespace stacklint
