// postgres/config-not-loaded: a postgresql.conf mounted into a postgres service that reads another
// config file, so none of its settings apply.
#include <algorithm>

#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PostgresConfigNotLoaded final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/config-not-loaded",
        .severity = Severity::warning,
        .summary =
            "A postgresql.conf mounted into a postgres service that reads another config file: none of its "
            "settings apply.",
        .rationale =
            "The official postgres image (and postgis, timescaledb, pgvector) runs the server on the "
            "postgresql.conf that initdb writes into the data directory. A postgresql.conf mounted elsewhere, "
            "such as /etc/postgresql/postgresql.conf, is read only when the server is told so: `postgres -c "
            "config_file=/etc/postgresql/postgresql.conf`. Without it, its shared_buffers, max_connections and "
            "every other setting have no effect, while the repository says otherwise (and stacklint judges "
            "memory and connections by the defaults the server really uses).\n\n"
            "stacklint reports a file of the stack that no server reads and that is bind-mounted into a postgres "
            "service of an official image, unless the service's command or entrypoint names it, or a shell "
            "script (or a folder) is mounted into /docker-entrypoint-initdb.d (it may copy the file into the data "
            "directory; an `.sql` file cannot), or compose builds the image (`build:`) and runs its Dockerfile's "
            "command. Fix: add `-c config_file=...` to the command, or remove the mount.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db
    volumes:
      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro
)"},
                        {.path = "postgresql.conf", .content = "max_connections = 50\n"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    command: ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf"]
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db
    volumes:
      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro
)"},
                         {.path = "postgresql.conf", .content = "max_connections = 50\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const UnloadedConfig& u : unloaded_configs(stack, FileKind::postgres, Role::postgres)) {
      // The official images (and valkey's) read no config but the one the command names.
      if (u.family != knowledge::ImageFamily::official && u.family != knowledge::ImageFamily::valkey) continue;
      const Service& s = *u.service;
      if (!s.postgres) continue;
      const bool init_scripts = std::any_of(s.mounts.begin(), s.mounts.end(), [](const Mount& m) {
        // A shell script there, or a folder of them, may copy the file; an `.sql` one cannot (rw33
        // Megawatts: init.sql beside a postgresql.conf no server reads).
        return m.target.rfind("/docker-entrypoint-initdb.d", 0) == 0 && !m.target.ends_with(".sql") &&
               !m.target.ends_with(".sql.gz");
      });
      if (init_scripts) continue;
      const std::string reads = s.postgres->config_file.empty()
                                    ? "the postgresql.conf initdb writes into its data directory"
                                    : s.postgres->config_file;
      out.report(
          u.file->path + " is mounted at " + u.container_path + " in service '" + s.name + "', but its server reads " +
              reads + ", so none of its settings apply; start it with `postgres " +
              "-c config_file=" + u.container_path + "`",
          u.mount->location,
          {Related{.message = "the file's settings, never read", .location = Location::whole_file(u.file->path)}});
    }
  }
};

}  // namespace

const Rule& postgres_config_not_loaded() {
  static const PostgresConfigNotLoaded r;
  return r;
}

}  // namespace stacklint::rules
