// The parameter table of PostgreSQL (guc_tables.c): every parameter's type, base unit, default and
// range, by major version, and the value parsing of guc.c (parse_bool, parse_int, parse_real,
// convert_to_base_unit, config_enum_lookup_by_name).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/setting.h"

namespace stacklint::postgres {

enum class ParamType : uint8_t { boolean, integer, real, enumeration, string };

// The base unit of a numeric parameter: a unitless number is in this unit.
enum class ParamUnit : uint8_t { none, bytes, kilobytes, megabytes, blocks, milliseconds, seconds, minutes };

struct ParamDef {
  std::string_view name;  // as postgres spells it ("TimeZone")
  ParamType type = ParamType::string;
  ParamUnit unit = ParamUnit::none;
  std::string_view boot;  // the default, as SHOW prints it in the base unit
  double min = 0;
  double max = 0;
  std::string_view enum_values;  // the visible values, comma separated
  bool internal = false;         // PGC_INTERNAL: "cannot be changed"
  int since = 0;                 // first major version with this parameter (0 = any)
  int until = 0;                 // last major version with it (0 = still present)
};

// The newest major version stacklint models (used when the image has no version).
inline constexpr int kNewestMajor = 18;
// The oldest: the table has no row for a parameter older versions had and 15 no longer has
// (wal_keep_segments, removed in 13), so an older server's unknown names are not judged.
inline constexpr int kOldestMajor = 15;

// The parameter `name` (case-insensitive, aliases resolved: sort_mem, vacuum_mem) in `major`.
const ParamDef* find_param(std::string_view name, int major);
// Range of an integer or real parameter in `major` (maintenance_work_mem's minimum is 1 MB before 17).
double param_min(const ParamDef& def, int major);
double param_max(const ParamDef& def, int major);
// The default of a parameter in `major`, as text in the base unit.
std::string param_default(const ParamDef& def, int major);
// A parameter's default in `major`, parsed for its type (PgDefaults for PgConfig::defaults); empty
// for an unknown name.
SettingValue default_value(std::string_view name, int major);
// The closest known name, for "did you mean"; "" when nothing is close.
std::string suggest_param(std::string_view name, int major);

// Bytes per base unit (memory units) or seconds per base unit (time units); 0 when none.
double unit_bytes(ParamUnit u);
double unit_seconds(ParamUnit u);
// The unit as postgres names it in messages ("8kB", "kB", "ms"), "" when none.
std::string_view unit_name(ParamUnit u);

// A value after parsing and validation: normalized for the model (memory in bytes, time in seconds;
// negative sentinels such as -1 are kept as written) plus the base-unit value postgres stores.
struct ParsedValue {
  SettingValue value;
  std::string unit;       // "bytes", "seconds" or ""
  double base_value = 0;  // integers and reals: the value in the parameter's base unit
};

// Parses `text` for `def` exactly as set_config_option does; on failure returns nullopt and sets
// *error to postgres's message (with the hint in parentheses). `name` is the name as written.
std::optional<ParsedValue> parse_value(const ParamDef& def, std::string_view name, std::string_view text, int major,
                                       std::string* error);

// postgres's parse_bool: unique prefixes of true/false/yes/no, on/off, 1/0, case-insensitive.
std::optional<bool> parse_bool(std::string_view text);

}  // namespace stacklint::postgres
