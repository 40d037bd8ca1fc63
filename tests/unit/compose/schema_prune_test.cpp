#include "linter/formats/compose/schema_prune.h"

#include <catch2/catch.hpp>

#include "linter/formats/compose/schema_table.h"

using namespace stacklint::compose;
using nlohmann::json;

namespace {

// The table of a document, viewed pruned for `keys`, must be exactly what prune_schema makes of
// the document.
void check_same(std::string_view text, const KeySet* keys) {
  const json whole = json::parse(text);
  const SchemaTableData data = build_schema_table(whole);
  CHECK(to_json(SchemaView(data.table(), keys, true)) == prune_schema(whole, keys));
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

TEST_CASE("a pruned view of a schema table equals prune_schema of the document") {
  const KeySet none;
  const KeySet some{"services", "image", "a"};
  const KeySet extension{"services", "x-", "list", "c", "properties", "description"};
  const KeySet all{"description", "properties", "services", "list", "one", "e", "a", "b", "c", "image", "ports", "x-"};
  for (const KeySet* keys : {static_cast<const KeySet*>(nullptr), &none, &some, &extension, &all}) {
    check_same(kSchema, keys);
  }
  const SchemaTableData data = build_schema_table(json::parse(kSchema));
  const json pruned = to_json(SchemaView(data.table(), &some, true));
  CHECK_FALSE(pruned.contains("title"));
  CHECK(pruned["properties"].size() == 1);
  CHECK(pruned["properties"]["services"]["patternProperties"].size() == 1);
  CHECK(pruned["definitions"]["service"]["properties"].contains("image"));
  CHECK_FALSE(pruned["definitions"]["service"]["properties"].contains("ports"));
  CHECK(to_json(SchemaView(data.table(), &extension, true))["properties"]["services"]["patternProperties"].contains(
      "^x-"));
  CHECK(to_json(SchemaView(data.table())) == json::parse(kSchema));  // unpruned: the document itself
}

TEST_CASE("the compose schema's table is the schema without annotations, pruned as prune_schema prunes") {
  const json whole = to_json(SchemaView(compose_schema_table()));
  CHECK(whole.contains("definitions"));
  CHECK(whole["definitions"]["service"].contains("properties"));
  CHECK_FALSE(whole["definitions"]["service"].contains("description"));  // the build drops annotations
  const KeySet seed{"services", "image",  "command",     "ports", "volumes",    "environment", "deploy",   "resources",
                    "limits",   "memory", "healthcheck", "test",  "depends_on", "condition",   "networks", "x-"};
  const KeySet none;
  for (const KeySet* keys : {static_cast<const KeySet*>(nullptr), &none, &seed}) {
    CHECK(to_json(SchemaView(compose_schema_table(), keys, true)) == prune_schema(whole, keys));
  }
}

TEST_CASE("a view without uniqueItems leaves out every uniqueItems member") {
  const json doc = json::parse(R"({"properties": {"a": {"type": "array", "uniqueItems": true}}, "uniqueItems": 1})");
  const SchemaTableData data = build_schema_table(doc);
  CHECK(to_json(SchemaView(data.table(), nullptr, false)) ==
        json::parse(R"({"properties": {"a": {"type": "array"}}})"));
  CHECK(to_json(SchemaView(data.table(), nullptr, true)) == doc);
}

TEST_CASE("a schema table keeps every JSON type and each string once") {
  const json doc = json::parse(R"({"a": [null, true, false, -3, 2.5, "x", "x", {}, []], "x": 9007199254740993})");
  const SchemaTableData data = build_schema_table(doc);
  CHECK(to_json(SchemaView(data.table())) == doc);
  CHECK(data.text == "ax");  // keys and strings share the text, each distinct one once
  CHECK(data.nodes.size() == 12);
}
