// How a service starts, as rules that judge its mounted files need it.
#pragma once

#include <string>

#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint::rules {

// An entrypoint of its own, or a shell command: a script may render a mounted file before the
// program reads it (`envsubst < prometheus.tmpl > prometheus.yml`), so `${NAME}` in it may be
// substituted after all.
inline bool may_render_config(const Service& s) {
  if (s.entrypoint()) return true;
  if (!s.command || s.command->value.empty()) return false;
  const std::string program = path::basename(s.command->value.front());
  return program == "sh" || program == "bash" || program == "ash" || program == "dash";
}

}  // namespace stacklint::rules
