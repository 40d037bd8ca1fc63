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
  const std::string_view bytes = stacklint::embedded_file("compose-spec.cbor");
  REQUIRE_FALSE(bytes.empty());
  const json whole = json::from_cbor(bytes.begin(), bytes.end());
  CHECK(whole.contains("definitions"));
  CHECK_FALSE(whole["definitions"]["service"].contains("description"));  // the build drops annotations
  const std::string text = whole.dump();
  const KeySet seed{"services", "image",  "command",     "ports", "volumes",    "environment", "deploy",   "resources",
                    "limits",   "memory", "healthcheck", "test",  "depends_on", "condition",   "networks", "x-"};
  const KeySet none;
  for (const KeySet* keys : {static_cast<const KeySet*>(nullptr), &none, &seed}) {
    check_same(text, keys);
    const json from_cbor = parse_pruned(bytes, keys, SchemaFormat::cbor);
    REQUIRE_FALSE(from_cbor.is_discarded());
    CHECK(from_cbor == prune_schema(whole, keys));
  }
}

TEST_CASE("parse_pruned of text that is no JSON is discarded") {
  CHECK(parse_pruned("{\"properties\": {", nullptr).is_discarded());
  CHECK(parse_pruned("", nullptr).is_discarded());
  CHECK(parse_pruned("\xa1\x61", nullptr, SchemaFormat::cbor).is_discarded());  // a map cut short
  CHECK(parse_pruned("", nullptr, SchemaFormat::cbor).is_discarded());
}
