#include "linter/formats/prometheus/duration.h"

#include <array>
#include <limits>

namespace stacklint::prometheus {

namespace {

struct Unit {
  std::string_view name;
  int pos;
  uint64_t mult;
};

constexpr uint64_t kMs = 1000000ULL;
constexpr uint64_t kS = 1000 * kMs;
constexpr uint64_t kM = 60 * kS;
constexpr uint64_t kH = 60 * kM;
constexpr uint64_t kD = 24 * kH;
constexpr std::array<Unit, 7> kUnits = {
    {{"y", 1, 365 * kD}, {"w", 2, 7 * kD}, {"d", 3, kD}, {"h", 4, kH}, {"m", 5, kM}, {"s", 6, kS}, {"ms", 7, kMs}}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::optional<int64_t> parse_duration(std::string_view text, std::string* error) {
  if (text == "0") return 0;
  if (text.empty()) {
    if (error != nullptr) *error = "empty duration string";
    return std::nullopt;
  }
  const std::string invalid = "not a valid duration string: " + quote(text);
  std::string_view s = text;
  uint64_t total = 0;
  int last_pos = 0;
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == 0) {
      if (error != nullptr) *error = invalid;
      return std::nullopt;
    }
    uint64_t v = 0;
    for (size_t k = 0; k < i; ++k) {
      const auto d = static_cast<uint64_t>(s[k] - '0');
      if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) {
        if (error != nullptr) *error = invalid;
        return std::nullopt;
      }
      v = v * 10 + d;
    }
    s.remove_prefix(i);
    size_t j = 0;
    while (j < s.size() && !is_digit(s[j])) ++j;
    if (j == 0) {
      if (error != nullptr) *error = invalid;
      return std::nullopt;
    }
    const std::string_view u = s.substr(0, j);
    s.remove_prefix(j);
    const Unit* unit = nullptr;
    for (const Unit& cand : kUnits) {
      if (cand.name == u) unit = &cand;
    }
    if (unit == nullptr) {
      if (error != nullptr) *error = "unknown unit " + quote(u) + " in duration " + quote(text);
      return std::nullopt;
    }
    if (unit->pos <= last_pos) {
      if (error != nullptr) *error = invalid;
      return std::nullopt;
    }
    last_pos = unit->pos;
    if (v > (kMax + 1) / unit->mult) {
      if (error != nullptr) *error = "duration out of range";
      return std::nullopt;
    }
    total += v * unit->mult;
    if (total > kMax) {
      if (error != nullptr) *error = "duration out of range";
      return std::nullopt;
    }
  }
  return static_cast<int64_t>(total);
}

std::optional<int64_t> parse_base2_bytes(std::string_view text, std::string* error) {
  // alecthomas/units ParseUnit: groups of <digits><unit>; units are B, KB/KiB, MB/MiB, ... (1024^n).
  struct SizeUnit {
    std::string_view name;
    int64_t mult;
  };
  static constexpr std::array<SizeUnit, 15> kSizes = {{{"B", 1},
                                                       {"KB", 1LL << 10},
                                                       {"KiB", 1LL << 10},
                                                       {"MB", 1LL << 20},
                                                       {"MiB", 1LL << 20},
                                                       {"GB", 1LL << 30},
                                                       {"GiB", 1LL << 30},
                                                       {"TB", 1LL << 40},
                                                       {"TiB", 1LL << 40},
                                                       {"PB", 1LL << 50},
                                                       {"PiB", 1LL << 50},
                                                       {"EB", 1LL << 60},
                                                       {"EiB", 1LL << 60},
                                                       {"", 1},
                                                       {"", 1}}};
  const std::string bad = "units: unknown unit in " + std::string(text);
  if (text.empty()) {
    if (error != nullptr) *error = "units: invalid size " + quote(text);
    return std::nullopt;
  }
  std::string_view s = text;
  int64_t total = 0;
  while (!s.empty()) {
    size_t i = 0;
    int64_t v = 0;
    while (i < s.size() && is_digit(s[i])) {
      if (v > (std::numeric_limits<int64_t>::max() - 9) / 10) {
        if (error != nullptr) *error = "units: size out of range";
        return std::nullopt;
      }
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == 0) {
      if (error != nullptr) *error = "units: invalid size " + quote(text);
      return std::nullopt;
    }
    s.remove_prefix(i);
    size_t j = 0;
    while (j < s.size() && !is_digit(s[j])) ++j;
    const std::string_view u = s.substr(0, j);
    s.remove_prefix(j);
    const SizeUnit* unit = nullptr;
    for (const SizeUnit& cand : kSizes) {
      if (cand.name == u) unit = &cand;
    }
    if (unit == nullptr) {
      if (error != nullptr) *error = bad;
      return std::nullopt;
    }
    if (v > std::numeric_limits<int64_t>::max() / unit->mult ||
        total > std::numeric_limits<int64_t>::max() - v * unit->mult) {
      if (error != nullptr) *error = "units: size out of range";
      return std::nullopt;
    }
    total += v * unit->mult;
  }
  return total;
}

}  // namespace stacklint::prometheus
