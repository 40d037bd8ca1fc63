// A configuration setting as the owning program sees it: the normalized value, the raw text, where
// it was written, and the chain of earlier values it overrode (oldest first).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "linter/source/source.h"

namespace stacklint {

// bool for booleans, int64_t for integers and memory in bytes, double for reals and durations in
// seconds, std::string for enums and strings; monostate when the value could not be read.
using SettingValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

// Where a setting's value was written.
enum class SettingOrigin : uint8_t {
  none,          // not written anywhere (an empty entry)
  file,          // the main configuration file
  include,       // a file it includes
  command_line,  // the server's command line (compose `command`)
  environment,   // an environment variable (POSTGRES_INITDB_ARGS)
};
// "file", "include", "command line", "environment" ("" for none): as messages and the model say it.
std::string_view to_string(SettingOrigin origin);

struct SettingEntry {
  SettingValue value;
  std::string raw;    // the text as written (after unquoting)
  Location location;  // where it was written; for command-line values, the compose `command`
  SettingOrigin origin = SettingOrigin::none;
};

struct Setting {
  SettingEntry current;
  std::vector<SettingEntry> overrides;  // earlier values this one replaced, oldest first
  std::string unit;                     // "bytes", "seconds" or "" (the unit of `value`)

  // Records a new value; the current one moves to `overrides`.
  void set(SettingEntry entry) {
    if (!current.raw.empty() || current.location.valid()) overrides.push_back(std::move(current));
    current = std::move(entry);
  }
};

// Where a Prometheus duration came from: written in this place, inherited from `global:`,
// Prometheus's default, or the default timeout capped at the interval.
enum class DurationOrigin : uint8_t { default_value, file, global, capped };
// "default", "file", "global", "capped".
std::string_view to_string(DurationOrigin origin);

// Settings by canonical (lower-case, alias-resolved) name, sorted.
using Settings = std::map<std::string, Setting>;

}  // namespace stacklint
