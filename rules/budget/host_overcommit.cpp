// budget/host-overcommit: the memory limits of the enabled services exceed what the host has.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"
#include "linter/units/size.h"

namespace stacklint::rules {

namespace {

class BudgetHostOvercommit final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "budget/host-overcommit",
        .severity = Severity::error,
        .summary = "The memory limits of the enabled services add up to more than the host can give.",
        .rationale =
            "Only checked when `--host-memory` is given. The budget is the host memory minus the reserve "
            "(`--reserve`, default 512 MiB, kept for the kernel, the page cache and the container runtime). "
            "A limit is a promise the kernel cannot keep when the sum is larger than the budget: under load "
            "every container may grow to its limit and the OOM killer ends one of them. The finding points at "
            "the `services:` key of the first compose file, with one note per service and its limit; services "
            "disabled by profiles and services without a limit are not counted (see "
            "`compose/memory-limit-missing`).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    mem_limit: 3g
  api:
    image: nginx:1.27
    mem_limit: 1g
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    mem_limit: 2g
  api:
    image: nginx:1.27
    mem_limit: 1g
)"}},
        .example_args = {"--host-memory", "4GiB"},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.host.memory || !stack.compose) return;
    const int64_t host = stack.host.memory->value;
    const int64_t available = std::max<int64_t>(0, host - stack.host.reserve);
    int64_t total = 0;
    int count = 0;
    std::vector<Related> notes;
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.memory_limit) continue;
      total = saturating_add(total, s.memory_limit->value);
      ++count;
      notes.push_back(Related{.message = "'" + s.name + "' may use up to " + format_bytes(s.memory_limit->value),
                              .location = s.memory_limit->location});
    }
    if (total <= available) return;
    out.report("memory limits of " + std::to_string(count) + (count == 1 ? " service" : " services") + " add up to " +
                   format_bytes(total) + ", above the " + format_bytes(available) + " available (host " +
                   format_bytes(host) + " - reserve " + format_bytes(stack.host.reserve) + ")",
               stack.compose->services_key, std::move(notes));
  }
};

}  // namespace

const Rule& budget_host_overcommit() {
  static const BudgetHostOvercommit r;
  return r;
}

}  // namespace stacklint::rules
