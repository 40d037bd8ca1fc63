// "Did you mean" suggestions for misspelled names (keys, settings, flags).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacklint {

// Levenshtein distance (insert, delete, substitute; adjacent transposition counts as one edit).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` (case-insensitive), when it is close enough to be a plausible
// typo: at most 1 edit for words of up to 4 characters, 2 up to 8, else 3. Ties go to the first.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace stacklint
