// The compose project read into the Stack (the parser, linter/formats/compose, reads through
// include resolvers and returns its part; this puts it in place).
#pragma once

#include "linter/formats/compose/compose.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

// Fills stack.compose (errors, conflicts, unset variables, `version:` and `services:` keys),
// stack.services, stack.files (kind "compose", plus the env files read) and stack.duplicate_keys.
// The schema checks still under way (ComposeOptions::background_schema): finish them with
// finish_schema_checks(*stack.compose, ...) before the stack's compose errors are read.
std::vector<SchemaCheck> load_compose(Stack& stack, const FileSystem& fs, const ComposeOptions& options);

}  // namespace stacklint
