// The PromQL function table (Prometheus's promql/parser/functions.go): names, argument types,
// variadic counts, return types and whether the function is experimental.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "linter/formats/promql/types.h"

namespace stacklint::promql {

struct Function {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types.size() arguments; n > 0: the last argument may repeat up to n times
  // or be left out (arg_types.size()-1 .. arg_types.size()-1+n args); -1: unlimited repeats.
  int variadic = 0;
  ValueType return_type = ValueType::vector;
  bool experimental = false;
  // Range of Prometheus versions that know the function: [since, until).
  int since_major = 0, since_minor = 0;
  int until_major = 99, until_minor = 0;
};

// Every function known to any supported Prometheus version.
std::span<const Function> all_functions();
// The function with that (case-sensitive) name known to version major.minor, or nullptr.
const Function* find_function(std::string_view name, int major, int minor);

}  // namespace stacklint::promql
