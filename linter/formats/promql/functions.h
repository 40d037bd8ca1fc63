// The PromQL function table (Prometheus's promql/parser/functions.go): names, argument types,
// variadic counts, return types, whether the function is experimental, and the releases that know it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "linter/formats/promql/types.h"

namespace stacklint::promql {

// The upstream commit the table was last brought up to (its release line), in one place: the next
// update diffs promql/parser/functions.go from this commit to the new one, and moves these.
inline constexpr std::string_view kFunctionTableCommit = "d15adb9ad7";
inline constexpr int kFunctionTableMajor = 3;
inline constexpr int kFunctionTableMinor = 14;

struct Function {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types.size() arguments; n > 0: the last argument may repeat up to n times
  // or be left out (arg_types.size()-1 .. arg_types.size()-1+n args); -1: unlimited repeats.
  int variadic = 0;
  ValueType return_type = ValueType::vector;
  // Experimental (behind --enable-feature=promql-experimental-functions) from `since` until the
  // release `stable_major.stable_minor` (99.0: still experimental).
  bool experimental = false;
  int stable_major = 99, stable_minor = 0;
  // Range of Prometheus versions that know the function: [since, until).
  int since_major = 0, since_minor = 0;
  int until_major = 99, until_minor = 0;
};

// Every function known to any supported Prometheus version.
std::span<const Function> all_functions();
// The function with that (case-sensitive) name known to version major.minor, or nullptr.
const Function* find_function(std::string_view name, int major, int minor);
// Whether `f` needs the experimental-functions feature flag in version major.minor.
bool is_experimental(const Function& f, int major, int minor);

}  // namespace stacklint::promql
