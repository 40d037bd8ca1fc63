// postgres/initdb-args-unsupported: POSTGRES_INITDB_ARGS with -c on an image older than 16.
#include <string>

#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PostgresInitdbArgsUnsupported final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/initdb-args-unsupported",
        .severity = Severity::error,
        .summary = "`POSTGRES_INITDB_ARGS` passes `-c name=value`, which initdb accepts only from PostgreSQL 16.",
        .rationale =
            "The official image runs `initdb $POSTGRES_INITDB_ARGS` on the first start. `initdb -c name=value` "
            "(write a setting into the new postgresql.conf) exists only from PostgreSQL 16; older initdb stops with "
            "`invalid option -- 'c'`, so the container never initializes. On older images pass the setting to the "
            "server instead (`command: [\"-c\", \"name=value\"]`) or mount a postgresql.conf.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:15
    environment:
      POSTGRES_INITDB_ARGS: "-c max_connections=200"
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:15
    command: ["-c", "max_connections=200"]
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.postgres || s.version.empty() || s.postgres->major >= 16) continue;
      if (s.postgres->initdb_settings.empty()) continue;
      const auto& first = s.postgres->initdb_settings.front();
      out.report("POSTGRES_INITDB_ARGS passes `-c " + first.value +
                     "`, but initdb accepts -c only from "
                     "PostgreSQL 16 (service '" +
                     s.name + "' runs " + std::to_string(s.postgres->major) +
                     "): initdb fails and the container does not start",
                 first.location,
                 s.image ? std::vector<Related>{Related{.message = "image " + s.image->value + " runs PostgreSQL " +
                                                                   std::to_string(s.postgres->major),
                                                        .location = s.image->location}}
                         : std::vector<Related>{});
    }
  }
};

}  // namespace

const Rule& postgres_initdb_args_unsupported() {
  static const PostgresInitdbArgsUnsupported r;
  return r;
}

}  // namespace stacklint::rules
