// Prometheus durations and byte sizes as prometheus/common's model.ParseDuration and
// alecthomas/units' Base2Bytes read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stacklint::prometheus {

// `0`, or one or more `<digits><unit>` groups, units y w d h m s ms, each at most once and from
// the largest to the smallest. Returns nanoseconds; on failure nullopt and *error is set to
// Prometheus's wording (`not a valid duration string: "1m1h"`).
std::optional<int64_t> parse_duration(std::string_view text, std::string* error);

// Seconds of a parsed duration (nanoseconds).
inline double duration_seconds(int64_t ns) {
  return static_cast<double>(ns) / 1e9;
}

// units.Base2Bytes: `<digits><unit>` groups with units B KB MB GB TB PB EB (and KiB...), binary
// multiples; a bare number is bytes. nullopt with *error on failure.
std::optional<int64_t> parse_base2_bytes(std::string_view text, std::string* error);

}  // namespace stacklint::prometheus
