// One `stacklint check` of the seed stack (fixtures/stacks/seed-4gb, --host-memory 4GiB) inside the
// process: the work of a run without the exec, dynamic loading and page faults of starting the
// binary, which on a slow VM is most of the wall time (issue 15's seed target). The text report is
// written to /dev/null.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "linter/cli/commands.h"

namespace {

void check_seed(benchmark::State& state, const std::string& dir) {
  stacklint::CliOptions opts;
  opts.paths = {dir};
  opts.host_memory = "4GiB";
  opts.host_memory_given = true;
  opts.output = "/dev/null";
  opts.no_color = true;
  for (auto _ : state) {
    const int rc = stacklint::run_check(opts);
    if (rc != 1) state.SkipWithError("the seed stack's check did not exit 1 (findings)");
    benchmark::DoNotOptimize(rc);
  }
}

// The seed stack where it is, inside stacklint's own checkout: the run also reads the repository
// around it (the gauges its source declares, the READMEs above it).
void BM_SeedStackInCheckout(benchmark::State& state) {
  check_seed(state, STACKLINT_SOURCE_DIR "/fixtures/stacks/seed-4gb");
}
BENCHMARK(BM_SeedStackInCheckout)->Unit(benchmark::kMicrosecond);

// A copy of the seed stack in a directory of its own, as a user's repository holding only the stack.
void BM_SeedStackStandalone(benchmark::State& state) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("stacklint-seed-bench-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::copy(STACKLINT_SOURCE_DIR "/fixtures/stacks/seed-4gb", dir, fs::copy_options::recursive);
  check_seed(state, dir.string());
  fs::remove_all(dir);
}
BENCHMARK(BM_SeedStackStandalone)->Unit(benchmark::kMicrosecond);

}  // namespace
BENCHMARK_MAIN();
