// Text helpers every layer shares.
#pragma once

#include <string>
#include <string_view>

namespace stacklint {

// `c` with A-Z folded to a-z; every other byte as it is (no locale: UTF-8 bytes stay intact).
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with A-Z folded to a-z: how the programs stacklint models compare names and keywords without
// case (postgres parameter names, redis directives, compose's project name, Dockerfile keywords).
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace stacklint
