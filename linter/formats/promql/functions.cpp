#include "linter/formats/promql/functions.h"

#include <string_view>

namespace stacklint::promql {
namespace {

constexpr ValueType S = ValueType::scalar;
constexpr ValueType V = ValueType::vector;
constexpr ValueType M = ValueType::matrix;
constexpr ValueType Str = ValueType::string;

Function fn(std::string_view name, std::vector<ValueType> args, int variadic = 0, ValueType ret = V) {
  return Function{.name = name, .arg_types = std::move(args), .variadic = variadic, .return_type = ret};
}
// The first release with the function (functions.go's history).
Function since(Function f, int major, int minor) {
  f.since_major = major;
  f.since_minor = minor;
  return f;
}
// Experimental from its first release, optionally until a stable release.
Function experimental(Function f, int major, int minor, int stable_major = 99, int stable_minor = 0) {
  f = since(std::move(f), major, minor);
  f.experimental = true;
  f.stable_major = stable_major;
  f.stable_minor = stable_minor;
  return f;
}

// Rows as of kFunctionTableCommit. Functions without a version are older than 2.16.
const std::vector<Function>& table() {
  static const std::vector<Function> t = [] {
    std::vector<Function> v = {
        fn("abs", {V}),
        fn("absent", {V}),
        since(fn("absent_over_time", {M}), 2, 16),
        since(fn("acos", {V}), 2, 31),
        since(fn("acosh", {V}), 2, 31),
        since(fn("asin", {V}), 2, 31),
        since(fn("asinh", {V}), 2, 31),
        since(fn("atan", {V}), 2, 31),
        since(fn("atanh", {V}), 2, 31),
        fn("avg_over_time", {M}),
        fn("ceil", {V}),
        fn("changes", {M}),
        since(fn("clamp", {V, S, S}), 2, 26),
        fn("clamp_max", {V, S}),
        fn("clamp_min", {V, S}),
        since(fn("cos", {V}), 2, 31),
        since(fn("cosh", {V}), 2, 31),
        fn("count_over_time", {M}),
        fn("days_in_month", {V}, 1),
        fn("day_of_month", {V}, 1),
        fn("day_of_week", {V}, 1),
        since(fn("day_of_year", {V}, 1), 2, 36),
        since(fn("deg", {V}), 2, 31),
        fn("delta", {M}),
        fn("deriv", {M}),
        experimental(fn("double_exponential_smoothing", {M, S, S}), 3, 0),
        experimental(fn("end", {}, 0, S), 3, 12),
        fn("exp", {V}),
        experimental(fn("first_over_time", {M}), 3, 7, 3, 14),
        fn("floor", {V}),
        since(fn("histogram_avg", {V}), 2, 51),
        since(fn("histogram_count", {V}), 2, 40),
        since(fn("histogram_fraction", {S, S, V}), 2, 40),
        fn("histogram_quantile", {S, V}),
        experimental(fn("histogram_quantiles", {V, Str, S, S}, 9), 3, 11),
        since(fn("histogram_stddev", {V}), 2, 47),
        since(fn("histogram_stdvar", {V}), 2, 47),
        since(fn("histogram_sum", {V}), 2, 40),
        fn("hour", {V}, 1),
        fn("idelta", {M}),
        fn("increase", {M}),
        experimental(fn("info", {V, V}, 1), 2, 55),
        fn("irate", {M}),
        fn("label_join", {V, Str, Str, Str}, -1),
        fn("label_replace", {V, Str, Str, Str, Str}),
        since(fn("last_over_time", {M}), 2, 26),
        fn("ln", {V}),
        fn("log10", {V}),
        fn("log2", {V}),
        experimental(fn("mad_over_time", {M}), 2, 49),
        experimental(fn("max_of", {S, S}, 0, S), 3, 13),
        fn("max_over_time", {M}),
        experimental(fn("min_of", {S, S}, 0, S), 3, 13),
        fn("min_over_time", {M}),
        fn("minute", {V}, 1),
        fn("month", {V}, 1),
        since(fn("pi", {}, 0, S), 2, 31),
        fn("predict_linear", {M, S}),
        since(fn("present_over_time", {M}), 2, 29),
        fn("quantile_over_time", {S, M}),
        since(fn("rad", {V}), 2, 31),
        experimental(fn("range", {}, 0, S), 3, 12),
        fn("rate", {M}),
        fn("resets", {M}),
        fn("round", {V, S}, 1),
        fn("scalar", {V}, 0, S),
        since(fn("sgn", {V}), 2, 26),
        since(fn("sin", {V}), 2, 31),
        since(fn("sinh", {V}), 2, 31),
        fn("sort", {V}),
        experimental(fn("sort_by_label", {V, Str}, -1), 2, 49),
        experimental(fn("sort_by_label_desc", {V, Str}, -1), 2, 49),
        fn("sort_desc", {V}),
        fn("sqrt", {V}),
        experimental(fn("start", {}, 0, S), 3, 12),
        experimental(fn("start_timestamp", {V}), 3, 14),
        experimental(fn("step", {}, 0, S), 3, 12),
        fn("stddev_over_time", {M}),
        fn("stdvar_over_time", {M}),
        fn("sum_over_time", {M}),
        since(fn("tan", {V}), 2, 31),
        since(fn("tanh", {V}), 2, 31),
        fn("time", {}, 0, S),
        fn("timestamp", {V}),
        experimental(fn("ts_of_first_over_time", {M}), 3, 7),
        experimental(fn("ts_of_last_over_time", {M}), 3, 5),
        experimental(fn("ts_of_max_over_time", {M}), 3, 5),
        experimental(fn("ts_of_min_over_time", {M}), 3, 5),
        fn("vector", {S}),
        fn("year", {V}, 1),
    };
    // Removed in 3.0 (double_exponential_smoothing replaced it).
    Function hw = fn("holt_winters", {M, S, S});
    hw.until_major = 3;
    v.push_back(hw);
    return v;
  }();
  return t;
}

bool at_least(int major, int minor, int want_major, int want_minor) {
  return major > want_major || (major == want_major && minor >= want_minor);
}

}  // namespace

std::span<const Function> all_functions() {
  return table();
}

const Function* find_function(std::string_view name, int major, int minor) {
  for (const auto& f : table()) {
    if (f.name != name) continue;
    if (at_least(major, minor, f.since_major, f.since_minor) && !at_least(major, minor, f.until_major, f.until_minor))
      return &f;
  }
  return nullptr;
}

bool is_experimental(const Function& f, int major, int minor) {
  return f.experimental && !at_least(major, minor, f.stable_major, f.stable_minor);
}

}  // namespace stacklint::promql
