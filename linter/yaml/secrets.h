// The secrets of a YAML file (linter/model/secrets.h's predicate): values of secret keys
// (`password:`, `bearer_token:`, `credentials:`), `KEY=value` list items with a secret key, the
// argument after `--requirepass` / `--masterauth` in a list, and URL passwords in any scalar.
#pragma once

#include "linter/model/stack.h"
#include "linter/yaml/yaml.h"

namespace stacklint::yaml {

// Records them with add_secret. Values holding `$` are left alone (compose interpolates them; the
// environment values are redacted on their own).
void add_secrets(Stack& stack, const Stream& stream);

}  // namespace stacklint::yaml
