// postgres/config-not-loaded: a postgresql.conf (or pg_hba.conf) mounted into a postgres service that
// reads another file, so none of its settings (or rules) apply.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint::rules {

namespace {

class PostgresConfigNotLoaded final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/config-not-loaded",
        .severity = Severity::warning,
        .summary =
            "A postgresql.conf or pg_hba.conf mounted into a postgres service that reads another one: none of "
            "its settings or rules apply.",
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
            "command. Fix: add `-c config_file=...` to the command, or remove the mount.\n\n"
            "The same holds for a pg_hba.conf: the server reads the one in its data directory unless `hba_file` "
            "(in the postgresql.conf it reads, or `-c hba_file=...`) names another, so a pg_hba.conf mounted at "
            "/etc/postgresql/pg_hba.conf without it leaves the image's own rules in force (`host all all all "
            "scram-sha-256`): the address restrictions the file writes never apply. A data directory's "
            "`postgresql.auto.conf` (ALTER SYSTEM's) is read from there after postgresql.conf: not reported.",
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
    std::vector<Finding> configs = unloaded(stack, FileKind::postgres);
    std::vector<Finding> hbas = unloaded(stack, FileKind::pg_hba);
    // A pg_hba.conf beside a postgresql.conf that is not read either is a note of that finding: one
    // fix for one service (the command names the postgresql.conf, which may name the pg_hba.conf).
    for (Finding& h : hbas) {
      const auto conf = std::find_if(configs.begin(), configs.end(),
                                     [&](const Finding& c) { return c.unloaded.service == h.unloaded.service; });
      if (conf == configs.end()) continue;
      conf->related.push_back(Related{
          .message = h.unloaded.file->path + " is mounted at " + h.unloaded.container_path +
                     " and not read either: the server reads the pg_hba.conf hba_file names, else its data directory's",
          .location = h.unloaded.mount->location});
      h.message.clear();
    }
    for (std::vector<Finding>* list : {&configs, &hbas}) {
      for (Finding& f : *list) {
        if (!f.message.empty()) out.report(std::move(f.message), f.unloaded.mount->location, std::move(f.related));
      }
    }
  }

 private:
  struct Finding {
    UnloadedConfig unloaded;
    std::string message;
    std::vector<Related> related;
  };

  static std::vector<Finding> unloaded(const Stack& stack, FileKind kind) {
    std::vector<Finding> out;
    for (const UnloadedConfig& u : unloaded_configs(stack, kind, Role::postgres)) {
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
      // ALTER SYSTEM's postgresql.auto.conf of a mounted data directory: the server reads it after
      // postgresql.conf, whatever config_file says (rw190 instalador_oplanov2final).
      if (path::basename(u.container_path) == "postgresql.auto.conf") continue;
      const bool hba = kind == FileKind::pg_hba;
      const std::string named = hba ? s.postgres->string("hba_file") : s.postgres->config_file;
      const std::string reads = !named.empty() ? named
                                               : std::string("the ") + (hba ? "pg_hba.conf" : "postgresql.conf") +
                                                     " initdb writes into its data directory";
      out.push_back(Finding{
          .unloaded = u,
          .message = u.file->path + " is mounted at " + u.container_path + " in service '" + s.name +
                     "', but its server reads " + reads +
                     (hba ? ", so none of its rules apply; " : ", so none of its settings apply; ") +
                     "start it with `postgres -c " + (hba ? "hba_file=" : "config_file=") + u.container_path + "`",
          .related = {Related{.message = hba ? "the file's rules, never read" : "the file's settings, never read",
                              .location = Location::whole_file(u.file->path)}}});
    }
    return out;
  }
};

}  // namespace

const Rule& postgres_config_not_loaded() {
  static const PostgresConfigNotLoaded r;
  return r;
}

}  // namespace stacklint::rules
