// Config lines that carry a comment after their value (`port 6379  # default`,
// `server_idle_timeout = 600  ;; ten minutes`): redis and pgbouncer read the comment as part of the
// value, and refuse the line. A file that does it once usually does it on every line: one finding
// at the first such error, the others as notes (rw33 Megawatts: 68 redis findings for one habit).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

// Whether `line` holds one of `marks` after its first word, preceded by a blank and outside quotes.
bool has_trailing_comment(std::string_view line, std::string_view marks);

// Reports `errors` (of files of `stack`): those on lines with a trailing comment as one finding per
// file, its message followed by `why`, the others as notes; the rest one finding each.
void report_with_trailing_comments(const Stack& stack, const std::vector<const ParseIssue*>& errors,
                                   std::string_view marks, const std::string& why, Reporter& out);

}  // namespace stacklint::rules
