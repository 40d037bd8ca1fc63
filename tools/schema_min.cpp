// Writes the compose-spec schema without its annotations, as CBOR, for embedding into the binary
// (a third of the bytes, and no text to scan, at each run), and the names its `properties` list,
// one per line in byte order (read at each run instead of walking the schema):
// schema_min IN CBOR_OUT NAMES_OUT.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "linter/formats/compose/schema_prune.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: schema_min IN OUT NAMES_OUT\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const nlohmann::json schema = nlohmann::json::parse(text, nullptr, false);
  if (schema.is_discarded()) {
    std::cerr << "schema_min: " << argv[1] << " is not JSON\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(stacklint::compose::prune_schema(schema, nullptr));
  out.write(reinterpret_cast<const char*>(cbor.data()), static_cast<std::streamsize>(cbor.size()));
  std::ofstream names(argv[3], std::ios::binary);
  for (const std::string& name : stacklint::compose::schema_property_names(schema)) names << name << '\n';
  return out && names ? 0 : 1;
}
