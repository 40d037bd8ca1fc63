// libFuzzer target for the YAML layer: load arbitrary bytes, walk the tree, map scalar offsets.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
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
// A key filter as a partial reader uses one: top-level keys kept, dropped or kept without their value.
stacklint::yaml::Keep filter(std::span<const std::string_view> keys) {
  if (keys.size() > 1 || keys[0].empty()) return stacklint::yaml::Keep::all;
  return keys[0].size() % 3 == 0
             ? stacklint::yaml::Keep::none
             : (keys[0].size() % 3 == 1 ? stacklint::yaml::Keep::presence : stacklint::yaml::Keep::all);
}

// A filtered load reports what a whole load does (errors, documents), and keeps only keys it has.
void check_filtered(const stacklint::SourcePtr& src, const stacklint::yaml::Stream& whole) {
  auto part = stacklint::yaml::load(src, stacklint::yaml::LoadOptions{.filter = filter});
  if (part->errors().size() != whole.errors().size() || part->documents().size() != whole.documents().size()) {
    std::abort();
  }
  for (size_t i = 0; i < part->errors().size(); ++i) {
    if (part->errors()[i].message != whole.errors()[i].message) std::abort();
  }
  const auto* root = part->root();
  if (root == nullptr || !root->is_mapping() || whole.root() == nullptr) return;
  for (const auto& p : root->pairs) {
    if (p.key->is_scalar() && whole.root()->get(p.key->value) == nullptr) std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto src =
      std::make_shared<stacklint::SourceFile>("fuzz.yml", std::string(reinterpret_cast<const char*>(data), size));
  auto stream = stacklint::yaml::load(src);
  std::unordered_set<const stacklint::yaml::Node*> seen;
  for (const auto& doc : stream->documents()) walk(*stream, doc.root, 0, seen);
  check_filtered(src, *stream);
  return 0;
}
