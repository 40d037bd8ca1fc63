#pragma once
#include <nlohmann/json.hpp>

#include "linter/model/stack.h"

namespace stacklint {
// `stacklint model --format json`: the shape documented in docs/model.md.
nlohmann::json model_json(const Stack& stack);
nlohmann::json settings_json(const Settings& settings);
}  // namespace stacklint
