// libFuzzer target: prometheus.yml parser (schema, durations, validations) and the file_sd target
// file parser on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "linter/formats/prometheus/config.h"
#include "linter/formats/prometheus/duration.h"
#include "linter/formats/prometheus/file_sd.h"

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
  // The same bytes as a file_sd target file, in both formats: every error located, no target
  // kept from a file with errors.
  for (const auto format : {stacklint::prometheus::FileSdFormat::json, stacklint::prometheus::FileSdFormat::yaml}) {
    auto sd = stacklint::prometheus::parse_file_sd(source, format, size % 2 == 0);
    for (const auto& e : sd.errors) {
      if (!e.location.valid()) __builtin_trap();
    }
    if (!sd.errors.empty() && !sd.groups.empty()) __builtin_trap();
  }
  std::string err;
  (void)stacklint::prometheus::parse_duration(text.substr(0, 64), &err);
  (void)stacklint::prometheus::parse_base2_bytes(text.substr(0, 64), &err);
  return 0;
}
