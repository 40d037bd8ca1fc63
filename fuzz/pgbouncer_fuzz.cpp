// libFuzzer target: arbitrary bytes as a pgbouncer.ini (read as 1.18 and as 1.25), with one
// %include-able file made of the input's second half.
#include <cstddef>
#include <cstdint>
#include <string>

#include "linter/formats/pgbouncer/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const int minor : {18, 25}) {
    stacklint::MemoryIncludeResolver files("/etc/pgbouncer");
    files.add("/etc/pgbouncer/inc.ini", text.substr(text.size() / 2));
    stacklint::pgbouncer::Options options;
    options.version = stacklint::PgBouncerVersion{.major = 1, .minor = minor};
    options.resolver = &files;
    const auto config = stacklint::pgbouncer::parse_string(text, options);
    for (const auto& issue : config.errors) {
      if (issue.message.empty() || !issue.location.valid()) __builtin_trap();
    }
    (void)config.listen_port();
    (void)config.integer("default_pool_size");
  }
  return 0;
}
