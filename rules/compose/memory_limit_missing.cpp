// compose/memory-limit-missing: with a host budget, every enabled service should have a limit.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class ComposeMemoryLimitMissing final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/memory-limit-missing",
        .severity = Severity::warning,
        .summary = "A service without a memory limit on a host with a known memory budget.",
        .rationale =
            "Only checked when `--host-memory` is given. A container without `mem_limit` or "
            "`deploy.resources.limits.memory` may use all the host's memory, so the budget check "
            "(`budget/host-overcommit`) cannot account for it, and when memory runs out the kernel's OOM killer "
            "picks a victim, often the database. Services disabled by their profiles are skipped.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    mem_limit: 256m
)"}},
        .example_args = {"--host-memory", "4GiB"},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.host.memory) return;
    for (const Service& s : stack.services) {
      if (!s.enabled || s.memory_limit) continue;
      out.report(
          "service '" + s.name +
              "' has no memory limit; set mem_limit or deploy.resources.limits.memory so it fits the host budget",
          s.location);
    }
  }
};

}  // namespace

const Rule& compose_memory_limit_missing() {
  static const ComposeMemoryLimitMissing r;
  return r;
}

}  // namespace stacklint::rules
