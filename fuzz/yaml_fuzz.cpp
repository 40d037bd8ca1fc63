// libFuzzer target for the YAML layer: load arbitrary bytes, walk the tree, map scalar offsets.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_set>

#include "linter/yaml/yaml.h"

namespace {
// Visits each node once: aliases share nodes, and an alias bomb must stay linear here too.
void walk(const stacklint::yaml::Stream& s, const stacklint::yaml::Node* n, int depth,
          std::unordered_set<const stacklint::yaml::Node*>& seen) {
  if (n == nullptr || depth > 300 || !seen.insert(n).second) return;
  if (n->is_scalar()) {
    (void)s.value_location(*n, 0, static_cast<uint32_t>(n->value.size()));
    (void)stacklint::yaml::resolve_type(*n);
  }
  for (const auto* item : n->items) walk(s, item, depth + 1, seen);
  for (const auto& p : n->pairs) {
    // Every scalar key is found again by get (the sorted index of a large mapping included).
    if (p.key->is_scalar() && n->get(p.key->value) != p.value) std::abort();
    walk(s, p.value, depth + 1, seen);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto src =
      std::make_shared<stacklint::SourceFile>("fuzz.yml", std::string(reinterpret_cast<const char*>(data), size));
  auto stream = stacklint::yaml::load(src);
  std::unordered_set<const stacklint::yaml::Node*> seen;
  for (const auto& doc : stream->documents()) walk(*stream, doc.root, 0, seen);
  return 0;
}
