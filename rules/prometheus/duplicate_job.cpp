// prometheus/duplicate-job: two scrape configs with one job_name.
#include <set>
#include <tuple>

#include "linter/engine/rule.h"
#include "linter/model/prom_config.h"
#include "linter/model/stack.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

class PrometheusDuplicateJob final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/duplicate-job",
        .severity = Severity::error,
        .summary = "Two scrape configs with the same job_name: Prometheus refuses the configuration.",
        .rationale =
            "`job_name` identifies a scrape config and becomes the `job` label of every series it scrapes. "
            "Prometheus rejects a file where two scrape configs share one (`found multiple scrape configs with job "
            "name \"x\"`). It usually happens when a block is copied to add a target: put the targets in one "
            "job's static_configs, or give the second job its own name. Prometheus stops at the first repeated name: "
            "the "
            "others of the config (a job list pasted twice) are notes of that one finding.",
        .bad_example = {{.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node1:9100']
  - job_name: node
    static_configs:
      - targets: ['node2:9100']
)"}},
        .good_example = {{.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node1:9100', 'node2:9100']
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    std::set<std::tuple<std::string, uint32_t>> seen;
    // Prometheus refuses the config at its first repeated job; the others are the same mistake (a
    // job list pasted twice, rw168 multi-agent: seven errors): one finding, the others its notes.
    auto one = [&](const PromConfig& c) {
      const DuplicateJob* first = nullptr;
      std::vector<Related> related;
      size_t more = 0;
      for (const DuplicateJob& d : c.duplicate_jobs) {
        if (!seen.emplace(c.path, d.second.offset).second) continue;
        if (first == nullptr) {
          first = &d;
          related.push_back(
              Related{.message = "first scrape config with job name \"" + d.job_name + "\"", .location = d.first});
        } else if (++more <= kMaxNotes) {
          related.push_back(
              Related{.message = "job name \"" + d.job_name + "\" is repeated here too", .location = d.second});
        }
      }
      if (first == nullptr) return;
      if (more > kMaxNotes) {
        related.push_back(
            Related{.message = "and " + more_of(more - kMaxNotes, "repeated job"), .location = first->second});
      }
      out.report("found multiple scrape configs with job name \"" + first->job_name + "\"" +
                     (more > 0 ? "; " + more_of(more, "job name") + " of this config " + (more == 1 ? "is" : "are") +
                                     " repeated too"
                               : std::string()),
                 first->second, std::move(related));
    };
    for (const Service& s : stack.services) {
      if (s.prometheus) one(*s.prometheus);
    }
    for (const auto& c : stack.standalone_prometheus) {
      if (c) one(*c);
    }
  }

 private:
  static constexpr size_t kMaxNotes = 3;
};

}  // namespace

const Rule& prometheus_duplicate_job() {
  static const PrometheusDuplicateJob r;
  return r;
}

}  // namespace stacklint::rules
