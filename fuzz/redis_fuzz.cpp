// libFuzzer target: arbitrary bytes as a redis.conf, the first line also as command-line options;
// the same bytes are also two files under /data/inc, so `include inc/*.conf` and cycles are reached.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "linter/formats/redis/lexer.h"
#include "linter/formats/redis/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> options;
  if (const auto args = stacklint::redis::split_args(text.substr(0, text.find('\n')))) {
    for (const auto& a : *args) options.push_back(a.value);
  }
  stacklint::MemoryIncludeResolver files("/data");
  files.add("/data/inc/a.conf", text);
  files.add("/data/inc/b.conf", "include inc/*.conf\n" + text);
  const auto parsed = stacklint::redis::parse_redis_string(text, options, &files);
  for (const auto& issue : parsed.issues()) {
    if (issue.message.empty()) __builtin_trap();
  }
  (void)parsed.config->maxmemory();
  (void)parsed.config->persistence_enabled();
  return 0;
}
