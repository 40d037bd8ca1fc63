// The main of every test executable: Catch2's session, then the skip exit code when a test could
// not run here (tests/support/skip.h) and nothing failed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <iostream>

#include "tests/support/skip.h"

int main(int argc, char* argv[]) {
  const int result = Catch::Session().run(argc, argv);
  const auto& reasons = stacklint::test::skip_reasons();
  if (result != 0 || reasons.empty()) return result;
  for (const std::string& r : reasons) std::cout << "SKIPPED: " << r << '\n';
  return stacklint::test::kSkipExitCode;
}
