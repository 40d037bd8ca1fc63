// libFuzzer target: prometheus.yml parser (schema, durations, validations) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "linter/formats/prometheus/config.h"
#include "linter/formats/prometheus/duration.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto source = std::make_shared<const stacklint::SourceFile>("prometheus.yml", text);
  for (int major : {2, 3}) {
    auto r =
        stacklint::prometheus::parse_config(source, stacklint::prometheus::ConfigOptions{.major = major, .minor = 8});
    for (const auto& e : r.errors) {
      if (e.location.line == 0 && !e.location.file.empty()) __builtin_trap();
    }
  }
  std::string err;
  (void)stacklint::prometheus::parse_duration(text.substr(0, 64), &err);
  (void)stacklint::prometheus::parse_base2_bytes(text.substr(0, 64), &err);
  return 0;
}
