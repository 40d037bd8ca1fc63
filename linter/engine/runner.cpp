#include "linter/engine/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>

#include "linter/engine/suppress.h"
#include "linter/formats/rulefmt/rulefmt.h"
#include "linter/model/rule_file.h"

namespace stacklint {

namespace {

// A stack whose rules take less time than starting a thread and waiting for it: a few files.
bool small(const Stack& stack) {
  constexpr size_t kSmallStackBytes = 64 * 1024;
  size_t bytes = 0;
  for (const StackFile& f : stack.files) bytes += f.source ? f.source->size() : 0;
  return bytes < kSmallStackBytes;
}

// Runs fn(i) for i in [0, n) on this thread and `threads - 1` workers started once: the rules go
// over the rule files a slice at a time, and a thread started per slice was 3 ms of the bench
// corpus's run (25 slices, 0.12 ms each) on the thread that hands out the work.
class Pool {
 public:
  explicit Pool(unsigned threads) {
    for (unsigned t = 1; t < threads; ++t) workers_.emplace_back([this] { serve(); });
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  Pool(Pool&&) = delete;
  Pool& operator=(Pool&&) = delete;
  ~Pool() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  template <class F>
  void parallel_for(size_t n, F&& fn) {
    std::atomic<size_t> next{0};
    const std::function<void()> work = [&] {
      for (size_t i = next++; i < n; i = next++) fn(i);
    };
    if (workers_.empty() || n < 2) {
      work();
      return;
    }
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      job_ = &work;
      ++round_;
      busy_ = workers_.size();
    }
    wake_.notify_all();
    // The workers hold `work` until they are through the round: wait for them even if fn throws.
    struct RoundEnd {
      Pool& pool;
      ~RoundEnd() {
        std::unique_lock<std::mutex> lock(pool.mutex_);
        pool.done_.wait(lock, [this] { return pool.busy_ == 0; });
        pool.job_ = nullptr;
      }
    } const end{*this};
    work();
  }

 private:
  void serve() {
    uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stop_ || round_ != seen; });
      if (stop_) return;
      seen = round_;
      const std::function<void()>* job = job_;
      lock.unlock();
      (*job)();
      lock.lock();
      if (--busy_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;  // a round to work on, or stop
  std::condition_variable done_;  // every worker is through the round
  const std::function<void()>* job_ = nullptr;
  uint64_t round_ = 0;
  size_t busy_ = 0;  // workers still in this round
  bool stop_ = false;
};

// One cause, one finding: rate() over a gauge (promql/rate-on-non-counter) goes with its range,
// so a finding about that range on the same call (promql/rate-range-too-short) repeats it at
// another severity (rw256 MGL870TP1: `rate(process_resident_memory_bytes[10s])`).
void drop_repeated_causes(std::vector<Diagnostic>& out) {
  std::vector<Location> gauges;
  for (const Diagnostic& d : out) {
    if (d.rule == "promql/rate-on-non-counter") gauges.push_back(d.location);
  }
  if (gauges.empty()) return;
  std::erase_if(out, [&](const Diagnostic& d) {
    return d.rule == "promql/rate-range-too-short" && std::ranges::any_of(gauges, [&](const Location& g) {
             return g.file == d.location.file && g.offset >= d.location.offset && g.end_offset <= d.location.end_offset;
           });
  });
}

}  // namespace

std::vector<Diagnostic> run_rules(const Stack& stack, const RulePolicy& policy) {
  static const RuleOptionValues no_options;
  struct Job {
    const Rule* rule;
    Severity severity;
    const RuleOptionValues* options;
    std::vector<Diagnostic> found;
    std::unique_ptr<Reporter> reporter;
    std::chrono::steady_clock::duration spent{};  // in the slices so far
  };
  std::vector<Job> jobs;
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    const std::string id(info.id);
    if (!rule_enabled(policy, id)) continue;
    Severity severity = info.severity;
    if (const auto it = policy.severity.find(id); it != policy.severity.end()) severity = *it->second;
    const auto opt = policy.options.find(id);
    jobs.push_back(Job{.rule = rule,
                       .severity = severity,
                       .options = opt == policy.options.end() ? &no_options : &opt->second,
                       .found = {},
                       .reporter = {}});
  }
  for (Job& j : jobs) j.reporter = std::make_unique<Reporter>(j.rule->info(), j.severity, *j.options, j.found);
  const unsigned threads = small(stack) ? 1U : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
  Pool pool(threads);
  // Rules only read the stack, each into its own list: run them on every core, then join the
  // lists in registry order so the result does not depend on the schedule.
  const auto run = [&](const std::vector<Job*>& todo) {
    pool.parallel_for(todo.size(), [&](size_t i) { todo[i]->rule->check(stack, *todo[i]->reporter); });
  };
  std::vector<Job*> per_file;
  std::vector<Job*> rest;
  const bool deferred = std::any_of(stack.rule_files.begin(), stack.rule_files.end(),
                                    [](const std::shared_ptr<RuleFile>& f) { return f && f->deferred; });
  for (Job& j : jobs) (deferred && j.rule->per_rule_file() ? per_file : rest).push_back(&j);
  if (deferred) {
    // The rules that walk PromQL trees go over the rule files a slice at a time, the trees of the
    // slice's deferred files built (on every core) before and dropped after: the trees of all the
    // files are never in memory at once. Slices follow stack.rule_files, so each rule reports in
    // the order it would over all the files. The next slice's trees are built while the rules go
    // over this one (rules look at no file out of view), so no core waits for the slowest rule.
    // Two slices' trees are then in memory: slices of 256 KiB of text keep the peak of one slice
    // of 512 KiB (the bench corpus: 21.8 MiB either way, 23.0 MiB with two slices of 512 KiB).
    // Each rule passes over every file of the stack in every slice (to find those in view): at
    // most kMaxSlices slices keep that linear in the files (12,100 files in 234 slices: 25M
    // looks at a file out of view).
    constexpr size_t kMinSliceBytes = 256 * 1024;
    constexpr size_t kMaxSlices = 32;
    size_t deferred_bytes = 0;
    for (const auto& f : stack.rule_files) {
      if (f) f->in_view = false;
      if (f && f->deferred && f->source) deferred_bytes += f->source->size();
    }
    const size_t slice_bytes = std::max(kMinSliceBytes, deferred_bytes / kMaxSlices);
    struct Slice {
      std::vector<RuleFile*> files;
      std::vector<RuleFile*> build;  // its deferred files
    };
    const auto slice_from = [&](size_t& begin) {
      Slice out;
      size_t bytes = 0;
      for (; begin < stack.rule_files.size() && (bytes < slice_bytes || out.files.empty()); ++begin) {
        RuleFile* f = stack.rule_files[begin].get();
        if (f == nullptr) continue;
        out.files.push_back(f);
        if (f->deferred) {
          out.build.push_back(f);
          bytes += f->source ? f->source->size() : 0;
        }
      }
      return out;
    };
    size_t next = 0;
    Slice now = slice_from(next);
    pool.parallel_for(now.build.size(), [&](size_t i) { rulefmt::build_trees(*now.build[i]); });
    while (!now.files.empty()) {
      Slice after = slice_from(next);
      for (RuleFile* f : now.files) f->in_view = true;
      // The slowest rules first, so the next slice's small builds fill the cores at the end of the
      // round instead of one rule started last keeping a core busy alone (counter-without-rate takes
      // a third of the rules' time on the bench corpus). Only the order of work changes: each rule
      // reports into its own list.
      std::stable_sort(per_file.begin(), per_file.end(),
                       [](const Job* a, const Job* b) { return a->spent > b->spent; });
      pool.parallel_for(per_file.size() + after.build.size(), [&](size_t i) {
        if (i < per_file.size()) {
          const auto start = std::chrono::steady_clock::now();
          per_file[i]->rule->check(stack, *per_file[i]->reporter);
          per_file[i]->spent += std::chrono::steady_clock::now() - start;
        } else {
          rulefmt::build_trees(*after.build[i - per_file.size()]);
        }
      });
      for (RuleFile* f : now.files) f->in_view = false;
      for (RuleFile* f : now.build) rulefmt::drop_trees(*f);
      now = std::move(after);
    }
    for (const auto& f : stack.rule_files) {
      if (f) f->in_view = true;
    }
  }
  run(rest);
  std::vector<Diagnostic> out;
  for (Job& j : jobs) {
    j.reporter->add_summaries();
    std::move(j.found.begin(), j.found.end(), std::back_inserter(out));
  }
  std::stable_sort(out.begin(), out.end(), diagnostic_less);
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.rule == b.rule && a.message == b.message && a.location == b.location;
                        }),
            out.end());
  drop_repeated_causes(out);
  return out;
}

bool has_failures(const std::vector<Diagnostic>& diags, std::optional<Severity> threshold) {
  if (!threshold) return false;
  return std::any_of(diags.begin(), diags.end(), [&](const Diagnostic& d) { return d.severity >= *threshold; });
}

}  // namespace stacklint
