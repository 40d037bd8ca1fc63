// pgbouncer/config-not-loaded: a pgbouncer.ini mounted into a pgbouncer service at a path its image
// never reads, so none of its settings apply.
#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PgbouncerConfigNotLoaded final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "pgbouncer/config-not-loaded",
        .severity = Severity::warning,
        .summary =
            "A pgbouncer.ini mounted into a pgbouncer service at a path its image never reads: none of its "
            "settings apply.",
        .rationale =
            "Each pgbouncer image reads its ini from one place: edoburu/pgbouncer and the official image from "
            "/etc/pgbouncer/pgbouncer.ini (or the `.ini` its command names), bitnami/pgbouncer from "
            "/bitnami/pgbouncer/conf/pgbouncer.ini, which it copies over the one it writes from its environment "
            "variables. An ini mounted anywhere else is never read: the pools, auth_type and limits it sets have "
            "no effect, and the image runs on the ini it generates instead (from variables such as DB_HOST or "
            "POSTGRESQL_HOST). Mount the file where the image reads it, or name it in the command.\n\n"
            "stacklint reports a pgbouncer.ini of the stack that no service reads and that is bind-mounted into "
            "a service of a pgbouncer image it knows, unless the service's command or entrypoint names it or compose "
            "builds the image (`build:`: its Dockerfile's command runs). Its "
            "syntax is then not judged either: no pgbouncer reads it.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  pgbouncer:
    image: bitnami/pgbouncer:1.23.1
    environment:
      POSTGRESQL_HOST: db
      POSTGRESQL_PASSWORD_FILE: /run/secrets/db
    volumes:
      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro
)"},
                        {.path = "pgbouncer.ini",
                         .content = "[databases]\napp = host=db dbname=app\n[pgbouncer]\n"
                                    "listen_port = 6432\npool_mode = transaction\n"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  pgbouncer:
    image: bitnami/pgbouncer:1.23.1
    environment:
      POSTGRESQL_HOST: db
      POSTGRESQL_PASSWORD_FILE: /run/secrets/db
    volumes:
      - ./pgbouncer.ini:/bitnami/pgbouncer/conf/pgbouncer.ini:ro
)"},
                         {.path = "pgbouncer.ini",
                          .content = "[databases]\napp = host=db dbname=app\n[pgbouncer]\n"
                                     "listen_port = 6432\npool_mode = transaction\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const UnloadedConfig& u : unloaded_configs(stack, FileKind::pgbouncer, Role::pgbouncer)) {
      const Service& s = *u.service;
      if (!s.pgbouncer || s.entrypoint()) continue;  // the image's own start does not run: unknown
      std::string reads;
      if (u.family == knowledge::ImageFamily::bitnami) {
        reads =
            "the ini it writes from its environment variables, or one mounted at "
            "/bitnami/pgbouncer/conf/pgbouncer.ini";
      } else if (u.family == knowledge::ImageFamily::edoburu || u.family == knowledge::ImageFamily::official) {
        reads = s.pgbouncer->files.empty() ? "the ini it writes from its environment variables, or one mounted at "
                                             "/etc/pgbouncer/pgbouncer.ini"
                                           : s.pgbouncer->files.front();
      } else {
        continue;
      }
      out.report(
          u.file->path + " is mounted at " + u.container_path + " in service '" + s.name + "', but " + u.image +
              " reads " + reads + ", so none of its settings apply",
          u.mount->location,
          {Related{.message = "the file's settings, never read", .location = Location::whole_file(u.file->path)}});
    }
  }
};

}  // namespace

const Rule& pgbouncer_config_not_loaded() {
  static const PgbouncerConfigNotLoaded r;
  return r;
}

}  // namespace stacklint::rules
