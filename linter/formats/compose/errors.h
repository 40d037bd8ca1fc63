// The compose/syntax errors of a project, added as compose reports them.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "linter/source/source.h"

namespace stacklint::compose {

// Adds a compose error at `location`, unless that value already failed to interpolate: compose
// stops at a value it cannot interpolate, so nothing else of it is an error of its own (rw21:
// `"${MINIO_API_PORT:9000}:9000"` is not also an invalid port).
inline void add_error(std::vector<ParseIssue>& errors, std::string message, const Location& location) {
  if (std::any_of(errors.begin(), errors.end(), [&](const ParseIssue& e) {
        return e.location == location && e.message.starts_with("invalid interpolation format");
      })) {
    return;
  }
  errors.push_back(ParseIssue{.message = std::move(message), .location = location, .related = {}});
}

}  // namespace stacklint::compose
