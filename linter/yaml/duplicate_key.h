// A mapping key written twice in a YAML file (the yaml/duplicate-key rule reports them).
#pragma once

#include <string>

#include "linter/source/source.h"

namespace stacklint {

struct DuplicateKey {
  std::string key;
  Location first;
  Location second;
};

}  // namespace stacklint
