// The compose schema's table, as the build generates it (tools/schema_min; kept apart from
// schema_table.cpp, which that tool links).
#include <array>
#include <cstdint>
#include <string_view>

#include "linter/formats/compose/schema_table.h"

namespace stacklint::compose {

namespace {

#include "compose_schema_table.inc"

constexpr SchemaTable kComposeSchema{kSchemaNodes, kSchemaMembers, kSchemaItems, kSchemaText};

}  // namespace

const SchemaTable& compose_schema_table() {
  return kComposeSchema;
}

}  // namespace stacklint::compose
