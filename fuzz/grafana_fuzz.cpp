// libFuzzer target: arbitrary bytes as a Grafana datasource provisioning file, with an environment.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "linter/formats/grafana/provisioning.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = std::make_shared<stacklint::SourceFile>("datasources.yml",
                                                            std::string(reinterpret_cast<const char*>(data), size));
  const stacklint::grafana::Environment env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "PROM") return std::string("prometheus:9090");
    return std::nullopt;
  };
  const auto parsed = stacklint::grafana::parse_datasources(file, env);
  for (const auto& d : parsed.datasources) {
    if (d.url && d.url->value.size() > size * 16 + 64) __builtin_trap();
  }
  return 0;
}
