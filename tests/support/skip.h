// Test support: tests that cannot run here (the shared corpus is absent) record why; the test
// main (tests/catch_main.cpp) then prints the reasons and exits with kSkipExitCode, which ctest
// reports as "Skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt), never as passed.
#pragma once

#include <string>
#include <vector>

namespace stacklint::test {

inline constexpr int kSkipExitCode = 77;

inline std::vector<std::string>& skip_reasons() {
  static std::vector<std::string> reasons;
  return reasons;
}

// Records why a test cannot run here (a program it compares with is not installed); the test
// returns early and the executable ends with kSkipExitCode.
inline void skip_because(const std::string& reason) {
  for (const std::string& r : skip_reasons()) {
    if (r == reason) return;
  }
  skip_reasons().push_back(reason);
}

}  // namespace stacklint::test
