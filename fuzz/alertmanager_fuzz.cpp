// libFuzzer target: arbitrary bytes as an alertmanager.yml, read as 0.25 and as 0.34.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "linter/formats/alertmanager/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto source = std::make_shared<stacklint::SourceFile>("alertmanager.yml",
                                                              std::string(reinterpret_cast<const char*>(data), size));
  for (const int minor : {25, 34}) {
    const auto parsed = stacklint::alertmanager::parse(
        source, stacklint::alertmanager::Options{.version = stacklint::AmVersion{.major = 0, .minor = minor}});
    for (const auto& issue : parsed.config->errors) {
      if (issue.message.empty()) __builtin_trap();
    }
  }
  return 0;
}
