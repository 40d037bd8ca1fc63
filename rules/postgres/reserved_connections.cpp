// postgres/reserved-connections: superuser_reserved_connections + reserved_connections >= max_connections.
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PostgresReservedConnections final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/reserved-connections",
        .severity = Severity::error,
        .summary =
            "Reserved connection slots (superuser_reserved_connections + reserved_connections) not below "
            "max_connections: postgres will not start.",
        .rationale =
            "postgres keeps `superuser_reserved_connections` (and from 16 on `reserved_connections`) of its "
            "`max_connections` slots for privileged roles, and refuses to start unless the reserved slots are fewer "
            "than `max_connections`. Lowering `max_connections` for a small container (often with `-c` on the "
            "command line) while the file still reserves more is the usual way to get there.",
        .bad_example = {{.path = "postgresql.conf", .content = R"(max_connections = 5
superuser_reserved_connections = 5
)"}},
        .good_example = {{.path = "postgresql.conf", .content = R"(max_connections = 20
superuser_reserved_connections = 3
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (s.enabled && s.postgres) check_config(*s.postgres, out);
    }
    for (const auto& c : stack.standalone_postgres) {
      if (c) check_config(*c, out);
    }
  }

 private:
  static void check_config(const PgConfig& c, Reporter& out) {
    const int64_t superuser = c.integer("superuser_reserved_connections");
    const int64_t reserved = c.major >= 16 ? c.integer("reserved_connections") : 0;
    const int64_t max = c.integer("max_connections");
    if (superuser + reserved < max) return;
    std::string message = "superuser_reserved_connections (" + std::to_string(superuser) + ")";
    if (c.major >= 16) message += " plus reserved_connections (" + std::to_string(reserved) + ")";
    message += " must be less than max_connections (" + std::to_string(max) + "): postgres will not start";
    std::vector<Related> related;
    Location at;
    for (const char* name : {"max_connections", "superuser_reserved_connections", "reserved_connections"}) {
      const Setting* set = c.find(name);
      if (set == nullptr || !set->current.location.valid()) continue;
      if (!at.valid()) {
        at = set->current.location;
        continue;
      }
      related.push_back(Related{.message = std::string(name) + " = " + set->current.raw + " (" +
                                           std::string(to_string(set->current.origin)) + ")",
                                .location = set->current.location});
    }
    if (!at.valid()) return;
    out.report(std::move(message), at, std::move(related));
  }
};

}  // namespace

const Rule& postgres_reserved_connections() {
  static const PostgresReservedConnections r;
  return r;
}

}  // namespace stacklint::rules
