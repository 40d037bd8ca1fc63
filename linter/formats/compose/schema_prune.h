// Pruning of the compose-spec JSON schema: the build embeds it without annotations
// (tools/schema_min.cpp), and each run compiles only the properties its files name.
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
// schema's `^x-` patternProperties match no key and are left out: valijson compiles a pattern's
// std::regex at every visit of its object (each service, each of its mappings).
inline constexpr std::string_view kExtensionKey = "x-";

// The schema `s` without its annotations (description, title) and, when `keys` is given, without
// the `properties` entries none of `keys` names and, unless `keys` holds kExtensionKey, without
// the `^x-` patternProperties. Validation only visits a property's subschema for a key the
// instance has, `additionalProperties` only asks whether an instance key is listed, and a pattern
// that matches no key of the instance takes part in nothing, so an instance whose mapping keys are
// all in `keys` validates the same against both.
nlohmann::json prune_schema(const nlohmann::json& s, const KeySet* keys);

// How a schema document is written: JSON text, or CBOR (RFC 8949), the binary form the build embeds
// (tools/schema_min): no text to scan, strings and containers prefixed by their length.
enum class SchemaFormat : uint8_t { json, cbor };

// prune_schema(json::parse(text), keys) in one pass: what pruning drops is never built (the run's
// compose schema is parsed pruned for its file's keys; the whole document is parsed only for the
// messages of an invalid file). A discarded value (is_discarded) when `text` is not a document
// of that format.
nlohmann::json parse_pruned(std::string_view text, const KeySet* keys, SchemaFormat format = SchemaFormat::json);

// Every name any `properties` of the schema `s` lists: the only mapping keys validation can look up.
// The build embeds them, one per line in byte order, as compose-spec-names.txt (tools/schema_min).
KeySet schema_property_names(const nlohmann::json& s);

}  // namespace stacklint::compose
