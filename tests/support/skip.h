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

}  // namespace stacklint::test
