// postgres/file-variable-conflict: a variable and its _FILE twin both set, which the official
// image's entrypoint refuses at every start.
#include <array>
#include <string>
#include <string_view>

#include "linter/engine/rule.h"
#include "linter/formats/compose/image.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// The variables the official entrypoint reads through file_env (docker-entrypoint.sh's
// docker_setup_env): each may come from `<VAR>_FILE` instead, never from both.
constexpr std::array<std::string_view, 4> kFileVariables = {"POSTGRES_PASSWORD", "POSTGRES_USER", "POSTGRES_DB",
                                                            "POSTGRES_INITDB_ARGS"};

class PostgresFileVariableConflict final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/file-variable-conflict",
        .severity = Severity::error,
        .summary =
            "A variable and its `_FILE` twin both set (`POSTGRES_PASSWORD` and `POSTGRES_PASSWORD_FILE`): "
            "the official image's entrypoint exits at every start.",
        .rationale =
            "The official postgres image (and the images built on it: postgis, pgvector, timescaledb) reads "
            "POSTGRES_PASSWORD, POSTGRES_USER, POSTGRES_DB and POSTGRES_INITDB_ARGS either from the variable or "
            "from the file its `_FILE` twin names (a Docker secret). With both set to a value it prints `error: "
            "both POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE are set (but are exclusive)` and exits, on every "
            "start, not only the first. It happens most when an overlay adds the secret file "
            "(`POSTGRES_PASSWORD_FILE: /run/secrets/db`) and compose merges its environment with the base "
            "file's inline password. Keep one: remove the variable, or clear it in the overlay "
            "(`POSTGRES_PASSWORD: \"\"`: an empty value counts as unset). Not checked for images with an "
            "entrypoint of their own (`entrypoint:`, Bitnami's, a `build:`).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: devpass
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
secrets:
  db_password:
    file: ./db_password.txt
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
secrets:
  db_password:
    file: ./db_password.txt
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (!s.enabled || s.role != Role::postgres || !compose::runs_official_entrypoint(s) ||
          compose::image_fact(s)->role != Role::postgres)
        continue;
      for (const std::string_view name : kFileVariables) {
        const auto plain = s.environment.find(std::string(name));
        const auto file = s.environment.find(std::string(name) + "_FILE");
        if (plain == s.environment.end() || file == s.environment.end()) continue;
        if (plain->second.value.empty() || file->second.value.empty()) continue;
        out.report(file->first + " and " + plain->first + " are both set for service '" + s.name +
                       "': the postgres image's entrypoint refuses both (\"are exclusive\") and exits at every "
                       "start; keep one (an empty " +
                       plain->first + " counts as unset)",
                   file->second.location,
                   {Related{.message = plain->first + " is set here", .location = plain->second.location}});
      }
    }
  }
};

}  // namespace

const Rule& postgres_file_variable_conflict() {
  static const PostgresFileVariableConflict r;
  return r;
}

}  // namespace stacklint::rules
