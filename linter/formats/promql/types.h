// PromQL value types (Prometheus's parser.ValueType).
#pragma once

#include <cstdint>
#include <string_view>

namespace stacklint::promql {

enum class ValueType : uint8_t { none, scalar, vector, matrix, string };

// Prometheus's DocumentedType: "scalar", "instant vector", "range vector", "string".
std::string_view documented_type(ValueType t);
// Prometheus's ValueType.String(): "scalar", "vector", "matrix", "string", "none".
std::string_view value_type_name(ValueType t);

}  // namespace stacklint::promql
