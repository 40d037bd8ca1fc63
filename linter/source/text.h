// Text helpers every layer shares.
#pragma once

#include <algorithm>
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

// The words of `text` split at any byte of `separators`, as views into it; no empty word.
inline std::vector<std::string_view> split_words(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    const size_t b = text.find_first_not_of(separators, i);
    if (b == std::string_view::npos) break;
    const size_t e = std::min(text.find_first_of(separators, b), text.size());
    words.push_back(text.substr(b, e - b));
    i = e;
  }
  return words;
}

// `s` without the spaces, tabs and carriage returns around it.
constexpr std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The lines of `text`, without their line feeds (a last line without one included).
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find('\n', at), text.size());
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

}  // namespace stacklint
