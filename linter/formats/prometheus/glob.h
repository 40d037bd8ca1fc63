// Go's filepath.Match, as Prometheus expands `rule_files` and file_sd globs.
#pragma once

#include <string_view>

namespace stacklint {

// Go's filepath.Match on one path segment: `*`, `?`, `[...]` (ranges, `^` negation), `\` escapes.
bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace stacklint
