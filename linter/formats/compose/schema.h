// Validation of one compose file against the compose-spec JSON schema compiled into the binary,
// with errors mapped back to the offending node and phrased for people.
#pragma once

#include <vector>

#include "linter/formats/compose/tree.h"
#include "linter/source/source.h"

namespace stacklint::compose {

// At most `max_errors` issues, ordered by position. Values that went through interpolation are
// strings here, as in compose-go before its type casts, so a type error on them is not reported
// where the schema wants a number or boolean.
std::vector<ParseIssue> validate_schema(const CNode& root, size_t max_errors = 50);

}  // namespace stacklint::compose
