// libFuzzer target: rule-file parser (rulefmt, Go templates, PromQL mapping) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "linter/formats/rulefmt/rulefmt.h"
#include "linter/formats/rulefmt/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto source = std::make_shared<const stacklint::SourceFile>("rules.yml", text);
  auto r =
      stacklint::rulefmt::parse(source, stacklint::rulefmt::Options{.major = 3, .minor = 8, .enabled_features = {}});
  for (const auto& rule : r.file->rules) {
    for (const auto& e : rule.promql_errors) {
      if (e.location.offset > text.size() || e.location.end_offset > text.size()) __builtin_trap();
    }
  }
  (void)stacklint::rulefmt::check_template(text, "__alert_fuzz");
  return 0;
}
