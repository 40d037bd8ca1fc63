// libFuzzer target: a whole stack through assembly, topology and every rule. The input is split
// at "\n---8<---\n" markers into a compose file, a prometheus.yml, a rule file, a postgresql.conf,
// a redis.conf that the compose file may mount, and an application's source file whose declared
// metrics are read (seeded with the fixture stacks), so the cross-file code (target resolution,
// exporter addresses, bound analysis) sees arbitrary models.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/runner.h"
#include "linter/stack/assemble.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  constexpr std::string_view kCut = "\n---8<---\n";
  size_t start = 0;
  while (parts.size() < 5) {
    const size_t p = text.find(kCut, start);
    if (p == std::string_view::npos) break;
    parts.emplace_back(text.substr(start, p - start));
    start = p + kCut.size();
  }
  parts.emplace_back(text.substr(start));
  parts.resize(6);
  stacklint::MemoryFileSystem fs;
  fs.add("/s/compose.yaml", parts[0]);
  fs.add("/s/prometheus/prometheus.yml", parts[1].empty() ? std::string("rule_files: [alerts.yml]\n") : parts[1]);
  fs.add("/s/prometheus/alerts.yml", parts[2]);
  fs.add("/s/postgres/postgresql.conf", parts[3]);
  fs.add("/s/redis/redis.conf", parts[4]);
  fs.add("/s/app/metrics.py", parts[5]);
  stacklint::StackRequest req;
  req.paths = {"/s"};
  req.host_memory = stacklint::Located<int64_t>{.value = 4LL << 30, .location = {}};
  stacklint::StackLoad load = stacklint::load_stack(fs, req);
  if (load.usage_errors.empty()) (void)stacklint::run_rules(load.stack, stacklint::RulePolicy{});
  return 0;
}
