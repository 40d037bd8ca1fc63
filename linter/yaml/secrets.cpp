#include "linter/yaml/secrets.h"

#include <unordered_set>

#include "linter/model/secrets.h"

namespace stacklint::yaml {

namespace {

bool interpolated(const Node& n) {
  return n.value.find('$') != std::string::npos;
}

void add_ranges(Stack& stack, const Stream& stream, const Node& n, std::string_view name, size_t offset) {
  const std::string_view value = std::string_view(n.value).substr(offset);
  for (const auto& [b, e] : secret_ranges(name, value)) {
    add_secret(stack, stream.value_location(n, static_cast<uint32_t>(offset + b), static_cast<uint32_t>(offset + e)),
               value.substr(b, e - b));
  }
}

// A scalar on its own (a list item or a value of an ordinary key).
void scalar(Stack& stack, const Stream& stream, const Node& n) {
  if (interpolated(n)) return;
  const size_t eq = n.value.find('=');
  if (eq != std::string::npos && eq > 0 && n.value.find_first_of(" \t") > eq) {
    add_ranges(stack, stream, n, std::string_view(n.value).substr(0, eq), eq + 1);  // KEY=value
  } else {
    add_ranges(stack, stream, n, "", 0);
  }
}

void sequence(Stack& stack, const Stream& stream, const Node& n) {
  for (size_t i = 0; i + 1 < n.items.size(); ++i) {
    const Node& flag = *n.items[i];
    const Node& arg = *n.items[i + 1];
    if (!flag.is_scalar() || !arg.is_scalar() || interpolated(arg)) continue;
    if (flag.value == "--requirepass" || flag.value == "--masterauth") add_ranges(stack, stream, arg, "requirepass", 0);
  }
}

}  // namespace

void add_secrets(Stack& stack, const Stream& stream) {
  std::vector<const Node*> todo;
  std::unordered_set<const Node*> seen;  // aliases share nodes: each is visited once
  for (const Document& d : stream.documents()) {
    if (d.root != nullptr) todo.push_back(d.root);
  }
  while (!todo.empty()) {
    const Node* n = todo.back();
    todo.pop_back();
    if (!seen.insert(n).second) continue;
    if (n->is_sequence()) {
      sequence(stack, stream, *n);
      for (const Node* item : n->items) {
        if (item->is_scalar()) scalar(stack, stream, *item);
        todo.push_back(item);
      }
    } else if (n->is_mapping()) {
      for (const Pair& p : n->pairs) {
        if (p.value->is_scalar() && p.key->is_scalar() && !interpolated(*p.value)) {
          add_ranges(stack, stream, *p.value, p.key->value, 0);
        } else {
          todo.push_back(p.value);
        }
      }
    }
  }
}

}  // namespace stacklint::yaml
