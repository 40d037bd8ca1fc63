// libFuzzer target: the whole compose loader (YAML, interpolation, schema, merge, extends, model)
// on one arbitrary file, plus an override, an extended file, a CI workflow and a script derived from
// the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "linter/formats/compose/compose.h"
#include "linter/stack/compose.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  stacklint::MemoryFileSystem fs;
  fs.add("/p/compose.yaml", text);
  // The second half doubles as an override file and as a file named by `extends`.
  fs.add("/p/compose.override.yaml", text.substr(size / 2));
  fs.add("/p/base.yaml", text.substr(size / 2));
  fs.add("/p/.env", text.substr(0, size / 3));
  // The same bytes as a CI workflow and a script: read when the compose file leaves a variable unset.
  fs.add("/p/.github/workflows/ci.yml", text);
  fs.add("/p/up.sh", text);
  stacklint::Stack stack;
  stack.root = "/p";
  stacklint::ComposeOptions options{.files = {"/p/compose.yaml", "/p/compose.override.yaml"},
                                    .profiles = {"debug"},
                                    .environment = {{"HOME", "/home/u"}, {"A", "1"}}};
  stacklint::load_compose(stack, fs, options);
  return 0;
}
