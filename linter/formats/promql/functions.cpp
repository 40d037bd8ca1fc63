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
Function since(Function f, int major, int minor, bool experimental = false) {
  f.since_major = major;
  f.since_minor = minor;
  f.experimental = experimental;
  return f;
}

const std::vector<Function>& table() {
  static const std::vector<Function> t = [] {
    std::vector<Function> v = {
        fn("abs", {V}),
        fn("absent", {V}),
        fn("absent_over_time", {M}),
        fn("acos", {V}),
        fn("acosh", {V}),
        fn("asin", {V}),
        fn("asinh", {V}),
        fn("atan", {V}),
        fn("atanh", {V}),
        fn("avg_over_time", {M}),
        fn("ceil", {V}),
        fn("changes", {M}),
        fn("clamp", {V, S, S}),
        fn("clamp_max", {V, S}),
        fn("clamp_min", {V, S}),
        fn("cos", {V}),
        fn("cosh", {V}),
        fn("count_over_time", {M}),
        fn("days_in_month", {V}, 1),
        fn("day_of_month", {V}, 1),
        fn("day_of_week", {V}, 1),
        fn("day_of_year", {V}, 1),
        fn("deg", {V}),
        fn("delta", {M}),
        fn("deriv", {M}),
        fn("exp", {V}),
        fn("floor", {V}),
        fn("histogram_count", {V}),
        fn("histogram_sum", {V}),
        fn("histogram_fraction", {S, S, V}),
        fn("histogram_quantile", {S, V}),
        fn("hour", {V}, 1),
        fn("idelta", {M}),
        fn("increase", {M}),
        fn("irate", {M}),
        fn("label_replace", {V, Str, Str, Str, Str}),
        fn("label_join", {V, Str, Str, Str}, -1),
        fn("last_over_time", {M}),
        fn("ln", {V}),
        fn("log10", {V}),
        fn("log2", {V}),
        fn("max_over_time", {M}),
        fn("min_over_time", {M}),
        fn("minute", {V}, 1),
        fn("month", {V}, 1),
        fn("pi", {}, 0, S),
        fn("predict_linear", {M, S}),
        fn("present_over_time", {M}),
        fn("quantile_over_time", {S, M}),
        fn("rad", {V}),
        fn("rate", {M}),
        fn("resets", {M}),
        fn("round", {V, S}, 1),
        fn("scalar", {V}, 0, S),
        fn("sgn", {V}),
        fn("sin", {V}),
        fn("sinh", {V}),
        fn("sort", {V}),
        fn("sort_desc", {V}),
        fn("sqrt", {V}),
        fn("stddev_over_time", {M}),
        fn("stdvar_over_time", {M}),
        fn("sum_over_time", {M}),
        fn("tan", {V}),
        fn("tanh", {V}),
        fn("time", {}, 0, S),
        fn("timestamp", {V}),
        fn("vector", {S}, 0, V),
        fn("year", {V}, 1),
    };
    // holt_winters was renamed double_exponential_smoothing (experimental) in 3.0.
    Function hw = fn("holt_winters", {M, S, S});
    hw.until_major = 3;
    v.push_back(hw);
    v.push_back(since(fn("histogram_stddev", {V}), 2, 50));
    v.push_back(since(fn("histogram_stdvar", {V}), 2, 50));
    v.push_back(since(fn("histogram_avg", {V}), 2, 53));
    v.push_back(since(fn("sort_by_label", {V, Str}, -1), 2, 49, true));
    v.push_back(since(fn("sort_by_label_desc", {V, Str}, -1), 2, 49, true));
    v.push_back(since(fn("mad_over_time", {M}), 2, 53, true));
    v.push_back(since(fn("double_exponential_smoothing", {M, S, S}), 3, 0, true));
    v.push_back(since(fn("info", {V, V}, 1), 3, 0, true));
    v.push_back(since(fn("ts_of_max_over_time", {M}), 3, 5, true));
    v.push_back(since(fn("ts_of_min_over_time", {M}), 3, 5, true));
    v.push_back(since(fn("ts_of_last_over_time", {M}), 3, 5, true));
    v.push_back(since(fn("ts_of_first_over_time", {M}), 3, 7, true));
    v.push_back(since(fn("first_over_time", {M}), 3, 7, true));
    v.push_back(since(fn("histogram_quantiles", {V, Str, S, S}, 9), 3, 9, true));
    v.push_back(since(fn("start_timestamp", {V}), 3, 9, true));
    // Duration-expression helpers, only callable inside duration expressions.
    v.push_back(since(fn("start", {}, 0, S), 3, 4, true));
    v.push_back(since(fn("end", {}, 0, S), 3, 4, true));
    v.push_back(since(fn("step", {}, 0, S), 3, 4, true));
    v.push_back(since(fn("range", {}, 0, S), 3, 4, true));
    v.push_back(since(fn("min_of", {S, S}, 0, S), 3, 4, true));
    v.push_back(since(fn("max_of", {S, S}, 0, S), 3, 4, true));
    return v;
  }();
  return t;
}

}  // namespace

std::span<const Function> all_functions() {
  return table();
}

const Function* find_function(std::string_view name, int major, int minor) {
  for (const auto& f : table()) {
    if (f.name != name) continue;
    const bool after_since = major > f.since_major || (major == f.since_major && minor >= f.since_minor);
    const bool before_until = major < f.until_major || (major == f.until_major && minor < f.until_minor);
    if (after_since && before_until) return &f;
  }
  return nullptr;
}

}  // namespace stacklint::promql
