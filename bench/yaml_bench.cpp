// YAML load throughput (libyaml events + our tree) over every YAML file of ../shared/corpus,
// repeated to about 6 MB.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "linter/yaml/yaml.h"

namespace {

std::vector<std::shared_ptr<stacklint::SourceFile>> corpus() {
  std::vector<std::shared_ptr<stacklint::SourceFile>> files;
  size_t total = 0;
  std::vector<std::string> texts;
  for (const auto& e : std::filesystem::recursive_directory_iterator(STACKLINT_SHARED_DIR "/corpus")) {
    const auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".yml" && ext != ".yaml")) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  while (total < 6U * 1000 * 1000 && !texts.empty()) {
    for (const auto& t : texts) {
      files.push_back(std::make_shared<stacklint::SourceFile>("f.yml", t));
      total += t.size();
    }
  }
  return files;
}

void BM_YamlLoad(benchmark::State& state) {
  const auto files = corpus();
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& f : files) {
      auto s = stacklint::yaml::load(f);
      benchmark::DoNotOptimize(s->root());
      bytes += static_cast<int64_t>(f->text().size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.counters["files"] = static_cast<double>(files.size());
}
BENCHMARK(BM_YamlLoad)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
