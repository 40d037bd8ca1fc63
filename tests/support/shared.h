// Test support: the shared corpus beside the project (../shared, or -DSTACKLINT_SHARED_DIR=...).
// A plain clone has no ../shared. Every test that reads it gets its path from shared_path(): when
// the path is absent the test returns early, the reason is recorded, and the test executable ends
// with the skip exit code, so ctest shows it as skipped. Where the corpus is present (CI, the
// project's machines) the tests run in full. Tests never name STACKLINT_SHARED_DIR themselves
// (tests/unit/architecture checks it).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "tests/support/skip.h"

namespace stacklint::test {

// STACKLINT_SHARED_DIR/<relative> when it exists; otherwise nullopt, and the test is skipped.
inline std::optional<std::filesystem::path> shared_path(std::string_view relative) {
  const std::filesystem::path p = std::filesystem::path(STACKLINT_SHARED_DIR) / relative;
  std::error_code ec;
  if (std::filesystem::exists(p, ec)) return p;
  const std::string reason = p.string() + " is absent (the shared corpus is not beside this clone)";
  for (const std::string& r : skip_reasons()) {
    if (r == reason) return std::nullopt;
  }
  skip_reasons().push_back(reason);
  return std::nullopt;
}

}  // namespace stacklint::test
