#include "linter/stack/compose.h"

#include <utility>

#include "linter/stack/resolver.h"

namespace stacklint {

void load_compose(Stack& stack, const FileSystem& fs, const ComposeOptions& options) {
  StackIncludeResolver compose_files(stack, fs, nullptr, ".", FileKind::compose);
  StackIncludeResolver env_files(stack, fs, nullptr, ".", FileKind::env);
  ComposeLoad load =
      load_compose(ComposeFiles{.compose = &compose_files, .env = &env_files, .root = stack.root, .fs = &fs}, options);
  stack.compose = std::move(load.project);
  if (stack.services.empty()) {
    stack.services = std::move(load.services);  // the records themselves, not a second copy of each
  } else {
    stack.services.reserve(stack.services.size() + load.services.size());
    for (Service& s : load.services) stack.services.push_back(std::move(s));
  }
  for (DuplicateKey& d : load.duplicate_keys) stack.duplicate_keys.push_back(std::move(d));
  for (const HiddenValue& h : load.hidden) add_hidden_value(stack, h);
}

}  // namespace stacklint
