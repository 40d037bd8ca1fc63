// Pruning of the compose-spec JSON schema: the build embeds it without annotations
// (tools/schema_min.cpp), and each run compiles only the properties its files name (SchemaView,
// schema_table.h, prunes the embedded table as prune_schema prunes a document).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

namespace stacklint::compose {

using KeySet = std::set<std::string, std::less<>>;

// In a KeySet: some mapping key of the instance starts with `x-` (an extension). Without it, the
// schema's `^x-` patternProperties match no key and are left out: less to compile, and no pattern
// to search at each visit of their objects (each service, each of its mappings).
inline constexpr std::string_view kExtensionKey = "x-";

// The schema `s` without its annotations (description, title) and, when `keys` is given, without
// the `properties` entries none of `keys` names and, unless `keys` holds kExtensionKey, without
// the `^x-` patternProperties. Validation only visits a property's subschema for a key the
// instance has, `additionalProperties` only asks whether an instance key is listed, and a pattern
// that matches no key of the instance takes part in nothing, so an instance whose mapping keys are
// all in `keys` validates the same against both.
nlohmann::json prune_schema(const nlohmann::json& s, const KeySet* keys);

// Every name any `properties` of the schema `s` lists: the only mapping keys validation can look up.
// The build embeds them, one per line in byte order, as compose-spec-names.txt (tools/schema_min).
KeySet schema_property_names(const nlohmann::json& s);

}  // namespace stacklint::compose
