// postgres/initdb-args-ignored: POSTGRES_INITDB_ARGS `-c` settings that the server never reads,
// because it is told to use a mounted config_file.
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PostgresInitdbArgsIgnored final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/initdb-args-ignored",
        .severity = Severity::warning,
        .summary =
            "`POSTGRES_INITDB_ARGS` passes `-c name=value` that the server never reads: it runs with a "
            "mounted config_file.",
        .rationale =
            "From PostgreSQL 16, initdb writes `-c` settings into the postgresql.conf it creates in the data "
            "directory. A service started with `-c config_file=/etc/postgresql/postgresql.conf` reads the mounted "
            "file instead, so the setting has no effect at all, while the compose file suggests it does. initdb "
            "also runs only once, on an empty data directory: changing the variable later changes nothing even "
            "without a mounted file. Put the setting into the mounted postgresql.conf (or the command line).",
        .bad_example = {{.path = "compose.yaml",
                         .content =
                             "services:\n  db:\n    image: postgres:16\n"
                             "    command: [\"postgres\", \"-c\", \"config_file=/etc/postgresql/postgresql.conf\"]\n"
                             "    environment:\n      POSTGRES_INITDB_ARGS: \"-c max_connections=20\"\n"
                             "    volumes:\n      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro\n"},
                        {.path = "postgresql.conf", .content = "max_connections = 50\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content =
                              "services:\n  db:\n    image: postgres:16\n"
                              "    command: [\"postgres\", \"-c\", \"config_file=/etc/postgresql/postgresql.conf\"]\n"
                              "    volumes:\n      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro\n"},
                         {.path = "postgresql.conf", .content = "max_connections = 20\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.postgres || s.postgres->major < 16 || s.postgres->initdb_settings.empty()) continue;
      const PgConfig& c = *s.postgres;
      if (c.initdb_settings_applied || c.config_file.empty()) continue;
      for (const auto& setting : c.initdb_settings) {
        const std::string name = setting.value.substr(0, setting.value.find('='));
        std::vector<Related> notes;
        if (const Setting* in_file = c.find(name)) {
          notes.push_back(Related{.message = "the server reads " + name + " = " + in_file->current.raw + " here (" +
                                             std::string(to_string(in_file->current.origin)) + ")",
                                  .location = in_file->current.location});
        }
        notes.push_back(Related{.message = "initdb runs only on an empty data directory: an existing volume keeps "
                                           "its postgresql.conf whatever this variable says",
                                .location = s.location});
        out.report("POSTGRES_INITDB_ARGS sets `" + setting.value +
                       "` in the postgresql.conf initdb writes into the data "
                       "directory, but service " +
                       s.name + " reads " + c.config_file + ", so " + name + " never takes effect from here",
                   setting.location, std::move(notes));
      }
    }
  }
};

}  // namespace

const Rule& postgres_initdb_args_ignored() {
  static const PostgresInitdbArgsIgnored r;
  return r;
}

}  // namespace stacklint::rules
