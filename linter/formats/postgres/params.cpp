#include "linter/formats/postgres/params.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <utility>
#include <vector>

#include "linter/source/text.h"

namespace stacklint::postgres {

namespace {

constexpr ParamDef kParams[] = {
#include "linter/formats/postgres/param_table.inc"
};

// a < b, names compared case-insensitively.
constexpr bool name_less(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return ascii_lower(a[i]) < ascii_lower(b[i]);
  }
  return a.size() < b.size();
}

// The table's rows by case-folded name, in table order within a name (one row per version range),
// sorted when the program is compiled: a lookup is a binary search, with no index built per run.
constexpr auto kIndex = [] {
  std::array<uint16_t, std::size(kParams)> idx{};
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<uint16_t>(i);
  std::sort(idx.begin(), idx.end(), [](uint16_t a, uint16_t b) {
    if (name_less(kParams[a].name, kParams[b].name)) return true;
    return !name_less(kParams[b].name, kParams[a].name) && a < b;  // table order within a name
  });
  return idx;
}();

bool in_version(const ParamDef& d, int major) {
  return (d.since == 0 || major >= d.since) && (d.until == 0 || major <= d.until);
}

// Hidden enum spellings (guc_tables.c marks them hidden): alias -> the value postgres then shows.
std::string_view enum_alias(std::string_view param, const std::string& value_lower) {
  static const std::map<std::string_view, std::vector<std::pair<std::string_view, std::string_view>>> kAliases = [] {
    const std::vector<std::pair<std::string_view, std::string_view>> boolish = {
        {"true", "on"}, {"yes", "on"}, {"1", "on"}, {"false", "off"}, {"no", "off"}, {"0", "off"}};
    std::map<std::string_view, std::vector<std::pair<std::string_view, std::string_view>>> m;
    for (std::string_view p :
         {"archive_mode", "backslash_quote", "compute_query_id", "constraint_exclusion", "force_parallel_mode",
          "debug_parallel_query", "huge_pages", "recovery_prefetch", "synchronous_commit"}) {
      m[p] = boolish;
    }
    m["wal_compression"] = {{"true", "pglz"}, {"yes", "pglz"}, {"1", "pglz"}, {"on", "pglz"},
                            {"false", "off"}, {"no", "off"},   {"0", "off"}};
    m["wal_level"] = {{"archive", "replica"}, {"hot_standby", "replica"}};
    return m;
  }();
  const auto it = kAliases.find(param);
  if (it == kAliases.end()) return {};
  for (const auto& [alias, canonical] : it->second) {
    if (alias == value_lower) return canonical;
  }
  return {};
}

struct UnitConversion {
  std::string_view unit;
  ParamUnit base;
  double multiplier;
};

// guc.c's memory_unit_conversion_table and time_unit_conversion_table (BLCKSZ = XLOG_BLCKSZ = 8192).
constexpr double kBlock = 8192.0;
constexpr UnitConversion kMemoryUnits[] = {
    {"TB", ParamUnit::bytes, 1024.0 * 1024.0 * 1024.0 * 1024.0},
    {"GB", ParamUnit::bytes, 1024.0 * 1024.0 * 1024.0},
    {"MB", ParamUnit::bytes, 1024.0 * 1024.0},
    {"kB", ParamUnit::bytes, 1024.0},
    {"B", ParamUnit::bytes, 1.0},
    {"TB", ParamUnit::kilobytes, 1024.0 * 1024.0 * 1024.0},
    {"GB", ParamUnit::kilobytes, 1024.0 * 1024.0},
    {"MB", ParamUnit::kilobytes, 1024.0},
    {"kB", ParamUnit::kilobytes, 1.0},
    {"B", ParamUnit::kilobytes, 1.0 / 1024.0},
    {"TB", ParamUnit::megabytes, 1024.0 * 1024.0},
    {"GB", ParamUnit::megabytes, 1024.0},
    {"MB", ParamUnit::megabytes, 1.0},
    {"kB", ParamUnit::megabytes, 1.0 / 1024.0},
    {"B", ParamUnit::megabytes, 1.0 / (1024.0 * 1024.0)},
    {"TB", ParamUnit::blocks, (1024.0 * 1024.0 * 1024.0 * 1024.0) / kBlock},
    {"GB", ParamUnit::blocks, (1024.0 * 1024.0 * 1024.0) / kBlock},
    {"MB", ParamUnit::blocks, (1024.0 * 1024.0) / kBlock},
    {"kB", ParamUnit::blocks, 1024.0 / kBlock},
    {"B", ParamUnit::blocks, 1.0 / kBlock},
};
constexpr UnitConversion kTimeUnits[] = {
    {"d", ParamUnit::milliseconds, 1000.0 * 60 * 60 * 24},
    {"h", ParamUnit::milliseconds, 1000.0 * 60 * 60},
    {"min", ParamUnit::milliseconds, 1000.0 * 60},
    {"s", ParamUnit::milliseconds, 1000.0},
    {"ms", ParamUnit::milliseconds, 1.0},
    {"us", ParamUnit::milliseconds, 1.0 / 1000},
    {"d", ParamUnit::seconds, 60.0 * 60 * 24},
    {"h", ParamUnit::seconds, 60.0 * 60},
    {"min", ParamUnit::seconds, 60.0},
    {"s", ParamUnit::seconds, 1.0},
    {"ms", ParamUnit::seconds, 1.0 / 1000},
    {"us", ParamUnit::seconds, 1.0 / (1000 * 1000)},
    {"d", ParamUnit::minutes, 60.0 * 24},
    {"h", ParamUnit::minutes, 60.0},
    {"min", ParamUnit::minutes, 1.0},
    {"s", ParamUnit::minutes, 1.0 / 60},
    {"ms", ParamUnit::minutes, 1.0 / (1000 * 60)},
    {"us", ParamUnit::minutes, 1.0 / (1000 * 1000 * 60)},
};

bool is_memory(ParamUnit u) {
  return u == ParamUnit::bytes || u == ParamUnit::kilobytes || u == ParamUnit::megabytes || u == ParamUnit::blocks;
}

bool c_isspace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// convert_to_base_unit: `unit` is the rest of the text after the number (whitespace skipped).
std::optional<double> convert_to_base_unit(double value, const char* unit, ParamUnit base) {
  std::string unitstr;
  while (*unit != '\0' && !c_isspace(*unit) && unitstr.size() < 3) unitstr.push_back(*unit++);
  while (c_isspace(*unit)) ++unit;
  if (*unit != '\0') return std::nullopt;
  const bool memory = is_memory(base);
  const UnitConversion* table = memory ? kMemoryUnits : kTimeUnits;
  const size_t n = memory ? std::size(kMemoryUnits) : std::size(kTimeUnits);
  for (size_t i = 0; i < n; ++i) {
    if (table[i].base != base || unitstr != table[i].unit) continue;
    double cvalue = value * table[i].multiplier;
    if (i + 1 < n && table[i + 1].base == base) {
      cvalue = std::rint(cvalue / table[i + 1].multiplier) * table[i + 1].multiplier;
    }
    return cvalue;
  }
  return std::nullopt;
}

constexpr std::string_view kMemoryHint = R"(Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".)";
constexpr std::string_view kTimeHint = R"(Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".)";

// parse_int: nullopt on failure with *hint set when postgres gives one.
std::optional<int64_t> parse_int(const std::string& value, ParamUnit unit, std::string_view* hint) {
  const char* s = value.c_str();
  char* end = nullptr;
  errno = 0;
  double val = static_cast<double>(std::strtol(s, &end, 0));
  if (*end == '.' || *end == 'e' || *end == 'E' || errno == ERANGE) {
    errno = 0;
    val = std::strtod(s, &end);
  }
  if (end == s || errno == ERANGE) return std::nullopt;
  if (std::isnan(val)) return std::nullopt;
  while (c_isspace(*end)) ++end;
  if (*end != '\0') {
    if (unit == ParamUnit::none) return std::nullopt;
    auto converted = convert_to_base_unit(val, end, unit);
    if (!converted) {
      *hint = is_memory(unit) ? kMemoryHint : kTimeHint;
      return std::nullopt;
    }
    val = *converted;
  }
  val = std::rint(val);
  if (val > INT_MAX || val < INT_MIN) {
    *hint = "Value exceeds integer range.";
    return std::nullopt;
  }
  return static_cast<int64_t>(val);
}

std::optional<double> parse_real(const std::string& value, ParamUnit unit, std::string_view* hint) {
  const char* s = value.c_str();
  char* end = nullptr;
  errno = 0;
  double val = std::strtod(s, &end);
  if (end == s || errno == ERANGE) return std::nullopt;
  if (std::isnan(val)) return std::nullopt;
  while (c_isspace(*end)) ++end;
  if (*end != '\0') {
    if (unit == ParamUnit::none) return std::nullopt;
    auto converted = convert_to_base_unit(val, end, unit);
    if (!converted) {
      *hint = is_memory(unit) ? kMemoryHint : kTimeHint;
      return std::nullopt;
    }
    val = *converted;
  }
  return val;
}

std::string format_g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string invalid_value(std::string_view name, std::string_view text, std::string_view hint) {
  std::string m = "invalid value for parameter \"" + std::string(name) + "\": \"" + std::string(text) + "\"";
  if (!hint.empty()) {
    if (hint.back() == '.') hint.remove_suffix(1);
    m += " (" + std::string(hint) + ")";
  }
  return m;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

SettingValue default_value(std::string_view name, int major) {
  const ParamDef* def = find_param(name, major);
  if (def == nullptr) return {};
  std::string error;
  auto parsed = parse_value(*def, def->name, param_default(*def, major), major, &error);
  return parsed ? parsed->value : SettingValue{};
}

const ParamDef* find_param(std::string_view name, int major) {
  std::string key = ascii_lower(name);
  if (key == "sort_mem") key = "work_mem";
  if (key == "vacuum_mem") key = "maintenance_work_mem";
  const std::string_view k = key;
  const auto* first = std::lower_bound(kIndex.begin(), kIndex.end(), k, [](uint16_t row, std::string_view n) {
    return name_less(kParams[row].name, n);
  });
  const auto* last = std::upper_bound(first, kIndex.end(), k,
                                      [](std::string_view n, uint16_t row) { return name_less(n, kParams[row].name); });
  for (const auto* it = first; it != last; ++it) {
    if (in_version(kParams[*it], major)) return &kParams[*it];
  }
  return nullptr;
}

double param_min(const ParamDef& def, int major) {
  if (def.name == "maintenance_work_mem") return major >= 17 ? 64 : 1024;
  return def.min;
}

double param_max(const ParamDef& def, int /*major*/) {
  return def.max;
}

std::string param_default(const ParamDef& def, int major) {
  if (def.name == "vacuum_buffer_usage_limit" && major >= 17) return "2048";
  if ((def.name == "effective_io_concurrency" || def.name == "maintenance_io_concurrency") && major >= 18) return "16";
  return std::string(def.boot);
}

std::string suggest_param(std::string_view name, int major) {
  const std::string key = ascii_lower(name);
  std::string best;
  size_t best_distance = std::min<size_t>(3, std::max<size_t>(1, key.size() / 3)) + 1;
  if (key.size() > 64) return best;  // no parameter name is that long
  for (const ParamDef& d : kParams) {
    if (!in_version(d, major)) continue;
    const size_t gap = d.name.size() > key.size() ? d.name.size() - key.size() : key.size() - d.name.size();
    if (gap >= best_distance) continue;
    const std::string candidate = ascii_lower(d.name);
    const size_t dist = edit_distance(key, candidate);
    if (dist < best_distance) {
      best_distance = dist;
      best = candidate;
    }
  }
  return best;
}

double unit_bytes(ParamUnit u) {
  switch (u) {
    case ParamUnit::bytes:
      return 1;
    case ParamUnit::kilobytes:
      return 1024;
    case ParamUnit::megabytes:
      return 1024.0 * 1024.0;
    case ParamUnit::blocks:
      return kBlock;
    default:
      return 0;
  }
}

double unit_seconds(ParamUnit u) {
  switch (u) {
    case ParamUnit::milliseconds:
      return 0.001;
    case ParamUnit::seconds:
      return 1;
    case ParamUnit::minutes:
      return 60;
    default:
      return 0;
  }
}

std::string_view unit_name(ParamUnit u) {
  switch (u) {
    case ParamUnit::bytes:
      return "B";
    case ParamUnit::kilobytes:
      return "kB";
    case ParamUnit::megabytes:
      return "MB";
    case ParamUnit::blocks:
      return "8kB";
    case ParamUnit::milliseconds:
      return "ms";
    case ParamUnit::seconds:
      return "s";
    case ParamUnit::minutes:
      return "min";
    default:
      return "";
  }
}

std::optional<bool> parse_bool(std::string_view v) {
  if (v.empty()) return std::nullopt;
  const std::string l = ascii_lower(v);
  auto prefix_of = [&](std::string_view word) { return l.size() <= word.size() && word.substr(0, l.size()) == l; };
  switch (l[0]) {
    case 't':
      if (prefix_of("true")) return true;
      break;
    case 'f':
      if (prefix_of("false")) return false;
      break;
    case 'y':
      if (prefix_of("yes")) return true;
      break;
    case 'n':
      if (prefix_of("no")) return false;
      break;
    case 'o':
      if (l.size() >= 2 && prefix_of("on")) return true;
      if (l.size() >= 2 && prefix_of("off")) return false;
      break;
    case '1':
      if (l.size() == 1) return true;
      break;
    case '0':
      if (l.size() == 1) return false;
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<ParsedValue> parse_value(const ParamDef& def, std::string_view name, std::string_view text, int major,
                                       std::string* error) {
  const std::string value(text.substr(0, text.find('\0')));
  std::string_view hint;
  switch (def.type) {
    case ParamType::boolean: {
      auto b = parse_bool(value);
      if (!b) {
        *error = "parameter \"" + std::string(name) + "\" requires a Boolean value";
        return std::nullopt;
      }
      return ParsedValue{.value = *b};
    }
    case ParamType::integer: {
      auto i = parse_int(value, def.unit, &hint);
      if (!i) {
        *error = invalid_value(name, value, hint);
        return std::nullopt;
      }
      int64_t v = *i;
      const auto lo = static_cast<int64_t>(param_min(def, major));
      const auto hi = static_cast<int64_t>(param_max(def, major));
      if (v < lo || v > hi) {
        const std::string unit(unit_name(def.unit));
        *error = std::to_string(v) + (unit.empty() ? "" : " " + unit) + " is outside the valid range for parameter \"" +
                 std::string(name) + "\" (" + std::to_string(lo) + " .. " + std::to_string(hi) + ")";
        return std::nullopt;
      }
      // Check hooks that clamp instead of refusing.
      if (def.name == "autovacuum_work_mem" && v != -1) v = std::max<int64_t>(v, major >= 17 ? 64 : 1024);
      if (def.name == "wal_buffers" && v != -1) v = std::max<int64_t>(v, 4);
      ParsedValue out{.base_value = static_cast<double>(v)};
      if (unit_bytes(def.unit) > 0) {
        out.value = v < 0 ? v : v * static_cast<int64_t>(unit_bytes(def.unit));
        out.unit = "bytes";
      } else if (unit_seconds(def.unit) > 0) {
        out.value = v < 0 ? static_cast<double>(v) : static_cast<double>(v) * unit_seconds(def.unit);
        out.unit = "seconds";
      } else {
        out.value = v;
      }
      return out;
    }
    case ParamType::real: {
      auto r = parse_real(value, def.unit, &hint);
      if (!r) {
        *error = invalid_value(name, value, hint);
        return std::nullopt;
      }
      const double lo = param_min(def, major);
      const double hi = param_max(def, major);
      if (*r < lo || *r > hi) {
        const std::string unit(unit_name(def.unit));
        *error = format_g(*r) + (unit.empty() ? "" : " " + unit) + " is outside the valid range for parameter \"" +
                 std::string(name) + "\" (" + format_g(lo) + " .. " + format_g(hi) + ")";
        return std::nullopt;
      }
      ParsedValue out{.base_value = *r};
      if (unit_seconds(def.unit) > 0) {
        out.value = *r < 0 ? *r : *r * unit_seconds(def.unit);
        out.unit = "seconds";
      } else {
        out.value = *r;
      }
      return out;
    }
    case ParamType::enumeration: {
      const std::string l = ascii_lower(value);
      std::string_view values = def.enum_values;
      std::vector<std::string_view> visible;
      while (true) {
        const size_t comma = values.find(',');
        visible.push_back(values.substr(0, comma));
        if (comma == std::string_view::npos) break;
        values.remove_prefix(comma + 1);
      }
      if (auto canonical = enum_alias(def.name, l); !canonical.empty()) {
        return ParsedValue{.value = std::string(canonical)};
      }
      for (std::string_view v : visible) {
        if (ascii_lower(v) == l) return ParsedValue{.value = std::string(v)};
      }
      std::string available = "Available values: ";
      for (size_t i = 0; i < visible.size(); ++i) available += (i ? ", " : "") + std::string(visible[i]);
      *error = invalid_value(name, value, available + ".");
      return std::nullopt;
    }
    case ParamType::string:
      return ParsedValue{.value = value};
  }
  return std::nullopt;
}

}  // namespace stacklint::postgres
