#pragma once
#include <nlohmann/json.hpp>

#include "linter/source/source.h"

namespace stacklint {
// {"file", "line", "column", "end_line", "end_column"}: the location shape of every JSON output.
nlohmann::json location_json(const Location& l);
}  // namespace stacklint
