#include "linter/formats/prometheus/glob.h"

#include <cstddef>

namespace stacklint {

bool glob_match(std::string_view pattern, std::string_view name) {
  size_t p = 0;
  size_t n = 0;
  size_t star_p = std::string_view::npos;
  size_t star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = p++;
      star_n = n;
      continue;
    }
    bool matched = false;
    size_t next_p = p;
    if (p < pattern.size() && name[n] != '/') {
      const char c = pattern[p];
      if (c == '?') {
        matched = true;
        next_p = p + 1;
      } else if (c == '[') {
        size_t q = p + 1;
        bool negate = false;
        if (q < pattern.size() && pattern[q] == '^') {
          negate = true;
          ++q;
        }
        bool in = false;
        bool first = true;
        while (q < pattern.size() && (first || pattern[q] != ']')) {
          first = false;
          char lo = pattern[q];
          if (lo == '\\' && q + 1 < pattern.size()) lo = pattern[++q];
          char hi = lo;
          if (q + 2 < pattern.size() && pattern[q + 1] == '-' && pattern[q + 2] != ']') {
            hi = pattern[q + 2];
            if (hi == '\\' && q + 3 < pattern.size()) hi = pattern[++q + 2];
            q += 2;
          }
          if (name[n] >= lo && name[n] <= hi) in = true;
          ++q;
        }
        if (q >= pattern.size()) return false;  // malformed class: ErrBadPattern
        matched = in != negate;
        next_p = q + 1;
      } else if (c == '\\' && p + 1 < pattern.size()) {
        matched = pattern[p + 1] == name[n];
        next_p = p + 2;
      } else {
        matched = c == name[n];
        next_p = p + 1;
      }
    }
    if (matched) {
      p = next_p;
      ++n;
      continue;
    }
    if (star_p == std::string_view::npos || name[star_n] == '/') return false;
    p = star_p + 1;
    n = ++star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace stacklint
