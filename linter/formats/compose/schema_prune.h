// Pruning of the compose-spec JSON schema: the build embeds it without annotations
// (tools/schema_min.cpp), and each run compiles only the properties its files name.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace stacklint::compose {

using KeySet = std::set<std::string, std::less<>>;

// The schema `s` without its annotations (description, title) and, when `keys` is given, without
// the `properties` entries none of `keys` names. Validation only visits a property's subschema for
// a key the instance has, and `additionalProperties` only asks whether an instance key is listed,
// so an instance whose mapping keys are all in `keys` validates the same against both.
nlohmann::json prune_schema(const nlohmann::json& s, const KeySet* keys);

// Every name any `properties` of the schema `s` lists: the only mapping keys validation can look up.
// The build embeds them, one per line in byte order, as compose-spec-names.txt (tools/schema_min).
KeySet schema_property_names(const nlohmann::json& s);

}  // namespace stacklint::compose
