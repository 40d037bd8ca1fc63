// compose/conflicting-memory-limits: mem_limit and deploy.resources.limits.memory disagree.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"

namespace stacklint::rules {

namespace {

class ComposeConflictingMemoryLimits final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/conflicting-memory-limits",
        .severity = Severity::error,
        .summary =
            "`mem_limit` and `deploy.resources.limits.memory` (or the reservations, cpus, pids) set to "
            "different values.",
        .rationale =
            "A service can state its limits twice: the legacy `mem_limit`, `mem_reservation`, `cpus` and "
            "`pids_limit`, and the `deploy.resources` block. When both are set and differ, compose refuses the "
            "project: `services.api: can't set distinct values on 'mem_limit' and "
            "'deploy.resources.limits.memory'`. Equal values are accepted. Keep one of the two.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    mem_limit: 512m
    deploy:
      resources:
        limits:
          memory: 1g
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    deploy:
      resources:
        limits:
          memory: 1g
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.compose) return;
    for (const auto& c : stack.compose->conflicts) {
      std::string legacy = "mem_limit";
      std::string deploy = "deploy.resources.limits.memory";
      std::string a;
      std::string b;
      if (c.what == "memory reservation") {
        legacy = "mem_reservation";
        deploy = "deploy.resources.reservations.memory";
      } else if (c.what == "cpus") {
        legacy = "cpus";
        deploy = "deploy.resources.limits.cpus";
      } else if (c.what == "pids limit") {
        legacy = "pids_limit";
        deploy = "deploy.resources.limits.pids";
      }
      if (c.what == "memory limit" || c.what == "memory reservation") {
        a = format_bytes(c.first_value);
        b = format_bytes(c.second_value);
      } else if (c.what == "cpus") {
        a = std::to_string(static_cast<double>(c.first_value) / 1e9);
        b = std::to_string(static_cast<double>(c.second_value) / 1e9);
        a.erase(a.find_last_not_of('0') + 1);
        b.erase(b.find_last_not_of('0') + 1);
        if (a.back() == '.') a.pop_back();
        if (b.back() == '.') b.pop_back();
      } else {
        a = std::to_string(c.first_value);
        b = std::to_string(c.second_value);
      }
      out.report("services." + c.service + ": can't set distinct values on '" + legacy + "' (" + a + ") and '" +
                     deploy + "' (" + b + "); compose refuses the project",
                 c.second, {Related{.message = "'" + legacy + "' is set to " + a + " here", .location = c.first}});
    }
  }
};

}  // namespace

const Rule& compose_conflicting_memory_limits() {
  static const ComposeConflictingMemoryLimits r;
  return r;
}

}  // namespace stacklint::rules
