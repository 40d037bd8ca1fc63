// Parse throughput of the PromQL front end over every `expr:` of the corpus rule files
// (shared/corpus/*/**.yml|yaml). Expressions are extracted with a small line scan (single-line
// plain or quoted scalars and `|`/`>` blocks), independent of the YAML layer.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "linter/formats/promql/parser.h"

#ifndef STACKLINT_SHARED_DIR
#define STACKLINT_SHARED_DIR "../shared"
#endif

namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> load_exprs() {
  std::vector<std::string> out;
  const std::filesystem::path root = std::filesystem::path(STACKLINT_SHARED_DIR) / "corpus";
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto ext = it->path().extension().string();
    if (ext != ".yml" && ext != ".yaml") continue;
    std::ifstream in(it->path());
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    for (size_t i = 0; i < lines.size(); ++i) {
      const auto pos = lines[i].find("expr:");
      if (pos == std::string::npos || trim(lines[i].substr(0, pos)).find_first_not_of("- ") != std::string::npos)
        continue;
      std::string v = trim(lines[i].substr(pos + 5));
      if (v == "|" || v == ">" || v == "|-" || v == ">-") {
        const size_t indent = lines[i].find_first_not_of(" -");
        std::string block;
        for (size_t j = i + 1; j < lines.size(); ++j) {
          const auto ind = lines[j].find_first_not_of(' ');
          if (!trim(lines[j]).empty() && (ind == std::string::npos || ind <= indent)) break;
          block += trim(lines[j]) + "\n";
        }
        out.push_back(block);
      } else if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        out.push_back(v.substr(1, v.size() - 2));
      } else if (!v.empty()) {
        out.push_back(v);
      }
    }
  }
  return out;
}

void BM_ParseCorpusExprs(benchmark::State& state) {
  static const std::vector<std::string> exprs = load_exprs();
  const stacklint::promql::ParseOptions opts{};
  size_t bytes = 0;
  for (const auto& e : exprs) bytes += e.size();
  for (auto _ : state) {
    for (const auto& e : exprs) {
      auto r = stacklint::promql::parse(e, opts);
      benchmark::DoNotOptimize(r.root);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  state.counters["exprs"] = static_cast<double>(exprs.size());
}
BENCHMARK(BM_ParseCorpusExprs);

}  // namespace

BENCHMARK_MAIN();
