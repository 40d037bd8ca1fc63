// Writes the compose-spec schema without its annotations, compact, for embedding into the binary
// (a third of the bytes to parse at each run), and the names its `properties` list, one per line in
// byte order (read at each run instead of walking the schema): schema_min IN OUT NAMES_OUT.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

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
  out << stacklint::compose::prune_schema(schema, nullptr).dump();
  std::ofstream names(argv[3], std::ios::binary);
  for (const std::string& name : stacklint::compose::schema_property_names(schema)) names << name << '\n';
  return out && names ? 0 : 1;
}
