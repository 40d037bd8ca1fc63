// budget/reservation-above-limit: a reservation above its own limit, or reservations above the host.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"
#include "linter/units/size.h"

namespace stacklint::rules {

namespace {

class BudgetReservationAboveLimit final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "budget/reservation-above-limit",
        .severity = Severity::error,
        .summary =
            "A memory reservation larger than the service's own limit, or reservations that add up to "
            "more than the host budget.",
        .rationale =
            "A reservation (`mem_reservation`, `deploy.resources.reservations.memory`) is the memory a "
            "container is promised; the limit is the most it may use. Docker refuses to start a container "
            "whose reservation is above its limit (`Minimum memory limit can not be less than memory "
            "reservation limit`). With `--host-memory`, the reservations of the enabled services must also "
            "fit in the host memory minus the reserve, or the promises cannot all be kept.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    mem_limit: 256m
    mem_reservation: 512m
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    mem_limit: 512m
    mem_reservation: 256m
)"}},
        .example_args = {"--host-memory", "4GiB"},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    int64_t total = 0;
    int count = 0;
    std::vector<Related> notes;
    for (const Service& s : stack.services) {
      if (!s.memory_reservation()) continue;
      if (s.memory_limit && s.memory_reservation()->value > s.memory_limit->value) {
        out.report("memory reservation of service '" + s.name + "' (" + format_bytes(s.memory_reservation()->value) +
                       ") is above its limit (" + format_bytes(s.memory_limit->value) + "); docker refuses to start it",
                   s.memory_reservation()->location,
                   {Related{.message = "the limit is set here", .location = s.memory_limit->location}});
      }
      if (!s.enabled) continue;
      total = saturating_add(total, s.memory_reservation()->value);
      ++count;
      notes.push_back(Related{.message = "'" + s.name + "' reserves " + format_bytes(s.memory_reservation()->value),
                              .location = s.memory_reservation()->location});
    }
    if (!stack.host.memory || !stack.compose) return;
    const int64_t host = stack.host.memory->value;
    const int64_t available = std::max<int64_t>(0, host - stack.host.reserve);
    if (total <= available) return;
    out.report("memory reservations of " + std::to_string(count) + (count == 1 ? " service" : " services") +
                   " add up to " + format_bytes(total) + ", above the " + format_bytes(available) +
                   " available (host " + format_bytes(host) + " - reserve " + format_bytes(stack.host.reserve) + ")",
               stack.compose->services_key, std::move(notes));
  }
};

}  // namespace

const Rule& budget_reservation_above_limit() {
  static const BudgetReservationAboveLimit r;
  return r;
}

}  // namespace stacklint::rules
