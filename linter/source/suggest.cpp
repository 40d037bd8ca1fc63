#include "linter/source/suggest.h"

#include <algorithm>
#include <cctype>

#include "linter/source/text.h"

namespace stacklint {

size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance, three rolling rows.
  std::vector<size_t> prev2(b.size() + 1);
  std::vector<size_t> prev(b.size() + 1);
  std::vector<size_t> cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

// What two names differ in, once their common start and end are set aside, is two letters or more
// on both sides and shares none: a different word behind a shared prefix (`amani-api` and
// `amani-loki`: "ap" and "lok"; `pool_size` and `pool_mode`), not a typo (`promethues`: "eu" and
// "ue"; `postgress`: "s" and ""; `volumz`: "z" and "es").
bool unrelated_cores(std::string_view a, std::string_view b) {
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  if (a.size() < 2 || b.size() < 2) return false;  // one letter typed for another: `volumz`, `node_exporter`
  return std::none_of(a.begin(), a.end(), [&](char ch) { return b.find(ch) != std::string_view::npos; });
}

}  // namespace

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string w = ascii_lower(word);
  const size_t limit = w.size() <= 4 ? 1 : (w.size() <= 8 ? 2 : 3);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c == word) continue;
    const std::string lc = ascii_lower(c);
    const size_t d = edit_distance(w, lc);
    if (d < best_distance && !unrelated_cores(w, lc)) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace stacklint
