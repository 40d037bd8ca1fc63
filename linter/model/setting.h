// A configuration setting as the owning program sees it: the normalized value, the raw text, where
// it was written, and the chain of earlier values it overrode (oldest first).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "linter/source/source.h"

namespace stacklint {

// bool for booleans, int64_t for integers and memory in bytes, double for reals and durations in
// seconds, std::string for enums and strings; monostate when the value could not be read.
using SettingValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

struct SettingEntry {
  SettingValue value;
  std::string raw;       // the text as written (after unquoting)
  Location location;     // where it was written; for command-line values, the compose `command`
  std::string origin;    // "file", "include", "command line", "environment", ...
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

// Settings by canonical (lower-case, alias-resolved) name, sorted.
using Settings = std::map<std::string, Setting>;

}  // namespace stacklint
