#include "linter/formats/compose/schema_prune.h"

#include <catch2/catch.hpp>

#include "linter/source/embedded.h"

using namespace stacklint::compose;
using nlohmann::json;

namespace {

// parse_pruned must build exactly what prune_schema makes of the whole document.
void check_same(std::string_view text, const KeySet* keys) {
  const json whole = json::parse(text);
  const json pruned = parse_pruned(text, keys);
  REQUIRE_FALSE(pruned.is_discarded());
  CHECK(pruned == prune_schema(whole, keys));
}

// Annotations, a property named like a keyword, schemas in arrays and in objects, an extension
// pattern, data that looks like a schema (an enum of objects, a default mapping).
constexpr std::string_view kSchema = R"({
  "title": "t", "description": "d", "type": "object",
  "properties": {
    "description": {"type": "string", "description": "a property named description"},
    "properties": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"title": "x"}}},
    "services": {"patternProperties": {"^x-": {}, "^[a-z]+$": {"$ref": "#/definitions/service"}},
                 "additionalProperties": false},
    "list": {"items": [{"properties": {"a": {}, "c": {}}}, {"type": "string"}]},
    "one": {"oneOf": [{"properties": {"a": {}}}, {"not": {"properties": {"c": {}}}}], "default": {"properties": 1}},
    "e": {"enum": [{"properties": {"z": 1}}, "description"]}
  },
  "definitions": {"service": {"properties": {"image": {"type": "string"}, "ports": {"items": {"type": "string"}}},
                              "additionalProperties": {"description": "gone"}}},
  "required": ["services"]
})";

}  // namespace

TEST_CASE("parse_pruned equals prune_schema of the parsed document") {
  const KeySet none;
  const KeySet some{"services", "image", "a"};
  const KeySet extension{"services", "x-", "list", "c", "properties", "description"};
  const KeySet all{"description", "properties", "services", "list", "one", "e", "a", "b", "c", "image", "ports", "x-"};
  for (const KeySet* keys : {static_cast<const KeySet*>(nullptr), &none, &some, &extension, &all}) {
    check_same(kSchema, keys);
  }
  const json pruned = parse_pruned(kSchema, &some);
  CHECK_FALSE(pruned.contains("title"));
  CHECK(pruned["properties"].size() == 1);
  CHECK(pruned["properties"]["services"]["patternProperties"].size() == 1);
  CHECK(pruned["definitions"]["service"]["properties"].contains("image"));
  CHECK_FALSE(pruned["definitions"]["service"]["properties"].contains("ports"));
  CHECK(parse_pruned(kSchema, &extension)["properties"]["services"]["patternProperties"].contains("^x-"));
}

TEST_CASE("parse_pruned equals prune_schema on the embedded compose schema") {
  const std::string_view text = stacklint::embedded_file("compose-spec.json");
  const KeySet seed{"services", "image",  "command",     "ports", "volumes",    "environment", "deploy",   "resources",
                    "limits",   "memory", "healthcheck", "test",  "depends_on", "condition",   "networks", "x-"};
  const KeySet none;
  for (const KeySet* keys : {static_cast<const KeySet*>(nullptr), &none, &seed}) check_same(text, keys);
}

TEST_CASE("parse_pruned of text that is no JSON is discarded") {
  CHECK(parse_pruned("{\"properties\": {", nullptr).is_discarded());
  CHECK(parse_pruned("", nullptr).is_discarded());
}
