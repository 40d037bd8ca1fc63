// The count that ends a finding's notes when its cause has more places than it lists ("and 4 more
// places with the same value"): one wording for every rule that caps its notes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stacklint::rules {

// "1 more place", "3 more places": `n`, then `noun` when n is 1, else `plural` (`noun` with an s when
// empty). A noun with a verb gives both forms: more_of(n, "service reads it", "services read it").
inline std::string more_of(size_t n, std::string_view noun, std::string_view plural = {}) {
  std::string out = std::to_string(n) + " more ";
  if (n == 1) return out.append(noun);
  if (plural.empty()) return out.append(noun).append("s");
  return out.append(plural);
}

}  // namespace stacklint::rules
