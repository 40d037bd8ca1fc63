// Text helpers every layer shares.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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

// The words of `text`, lower-cased (ascii_lower), split at any byte of `separators`; no empty word.
inline std::vector<std::string> lower_words(std::string_view text, std::string_view separators) {
  std::vector<std::string> words;
  std::string w;
  for (const char c : text) {
    if (separators.find(c) != std::string_view::npos) {
      if (!w.empty()) words.push_back(std::move(w));
      w.clear();
    } else {
      w.push_back(ascii_lower(c));
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

}  // namespace stacklint
