// compose/conflicting-memory-limits: mem_limit and deploy.resources.limits.memory disagree.
#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"

namespace stacklint::rules {

namespace {

// The two spellings of a conflicting field, as compose names them in its error.
struct Fields {
  const char* legacy;
  const char* deploy;
};
Fields fields_of(ComposeProject::ConflictKind kind) {
  switch (kind) {
    case ComposeProject::ConflictKind::memory_limit:
      return {"mem_limit", "deploy.resources.limits.memory"};
    case ComposeProject::ConflictKind::memory_reservation:
      return {"mem_reservation", "deploy.resources.reservations.memory"};
    case ComposeProject::ConflictKind::cpus:
      return {"cpus", "deploy.resources.limits.cpus"};
    case ComposeProject::ConflictKind::pids_limit:
      return {"pids_limit", "deploy.resources.limits.pids"};
  }
  return {"", ""};
}

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
    using Kind = ComposeProject::ConflictKind;
    for (const auto& c : stack.compose->conflicts) {
      const Fields f = fields_of(c.kind);
      const std::string legacy = f.legacy;
      const std::string deploy = f.deploy;
      std::string a;
      std::string b;
      if (c.kind == Kind::memory_limit || c.kind == Kind::memory_reservation) {
        a = format_bytes(c.first_value);
        b = format_bytes(c.second_value);
      } else if (c.kind == Kind::cpus) {
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
