#include "linter/engine/runner.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <thread>

namespace stacklint {

namespace {

// A stack whose rules take less time than starting a thread and waiting for it: a few files.
bool small(const Stack& stack) {
  constexpr size_t kSmallStackBytes = 64 * 1024;
  size_t bytes = 0;
  for (const StackFile& f : stack.files) bytes += f.source ? f.source->text().size() : 0;
  return bytes < kSmallStackBytes;
}

}  // namespace

std::vector<Diagnostic> run_rules(const Stack& stack, const RulePolicy& policy) {
  static const RuleOptionValues no_options;
  struct Job {
    const Rule* rule;
    Severity severity;
    const RuleOptionValues* options;
    std::vector<Diagnostic> found;
  };
  std::vector<Job> jobs;
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    const std::string id(info.id);
    if (!policy.only.empty() && policy.only.count(id) == 0) continue;
    Severity severity = info.severity;
    if (const auto it = policy.severity.find(id); it != policy.severity.end()) {
      if (!it->second) continue;
      severity = *it->second;
    }
    const auto opt = policy.options.find(id);
    jobs.push_back(Job{.rule = rule,
                       .severity = severity,
                       .options = opt == policy.options.end() ? &no_options : &opt->second,
                       .found = {}});
  }
  // Rules only read the stack, each into its own list: run them on every core, then join the
  // lists in registry order so the result does not depend on the schedule.
  std::atomic<size_t> next{0};
  const auto worker = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      Job& j = jobs[i];
      Reporter reporter(j.rule->info(), j.severity, *j.options, j.found);
      j.rule->check(stack, reporter);
      reporter.add_summaries();
    }
  };
  const unsigned threads = small(stack) ? 1U : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < jobs.size(); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::vector<Diagnostic> out;
  for (Job& j : jobs) std::move(j.found.begin(), j.found.end(), std::back_inserter(out));
  std::stable_sort(out.begin(), out.end(), diagnostic_less);
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.rule == b.rule && a.message == b.message && a.location == b.location;
                        }),
            out.end());
  return out;
}

bool has_failures(const std::vector<Diagnostic>& diags, std::optional<Severity> threshold) {
  if (!threshold) return false;
  return std::any_of(diags.begin(), diags.end(), [&](const Diagnostic& d) { return d.severity >= *threshold; });
}

}  // namespace stacklint
