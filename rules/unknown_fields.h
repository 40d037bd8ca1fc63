// Unknown fields of one block, as Go's YAML decoder reports them (Prometheus, Alertmanager): one
// edit fixes them all.
#pragma once

#include <vector>

#include "linter/source/source.h"

namespace stacklint::rules {

// `field retention.time not found in type config.plain` on three lines of one mapping (rw140: a
// `storage.tsdb` block written as command-line flags) is one mistake, a misplaced or misspelt block.
// Each run of such errors (same file, same type, same column, no other error between them) becomes
// its first, naming the others, which become its notes. An error at the very location of the one
// before it joins that one as a note (the same spot read twice). Other errors pass through in order.
std::vector<ParseIssue> fold_unknown_fields(const std::vector<ParseIssue>& errors);

}  // namespace stacklint::rules
