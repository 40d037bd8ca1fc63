// Canonical text of a PromQL syntax tree, like Prometheus's Expr.String(): keywords lower case,
// single spaces around binary operators, `sum by (job) (x)`, durations as model.Duration.
#pragma once

#include <string>

#include "linter/formats/promql/ast.h"

namespace stacklint::promql {

std::string to_string(const Node& n);

}  // namespace stacklint::promql
