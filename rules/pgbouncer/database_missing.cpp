// pgbouncer/database-missing: a [databases] entry that asks a PostgreSQL service of the stack for a
// database the image never creates (only POSTGRES_DB, else POSTGRES_USER, and `postgres`), where no
// init script could create more: every client of the entry gets `database "x" does not exist`.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/formats/compose/syntax.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/stack.h"
#include "linter/model/written.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"

namespace stacklint::rules {

namespace {

// The compose file of both examples.
constexpr const char* kExampleCompose = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_DB: app
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}
  pgbouncer:
    image: edoburu/pgbouncer:v1.24.1-p1
    volumes:
      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro
)";

// Images whose entrypoint is the official postgres image's (POSTGRES_DB, POSTGRES_USER, initdb.d).
bool official_entrypoint(const Service& s) {
  if (!s.image) return false;
  const std::string repo = compose::analyze_image(s.image->value).repository;
  static constexpr std::array<std::string_view, 6> kFamilies = {
      "postgres",       "postgis/postgis", "pgvector/pgvector", "timescale/timescaledb", "pgautoupgrade/pgautoupgrade",
      "ankane/pgvector"};
  return std::ranges::find(kFamilies, repo) != kFamilies.end();
}

// Whether something of the stack may create databases beyond the image's: an init folder or script
// mounted into the server, a build of its own, another entrypoint, a copy of a primary (`pg_basebackup`),
// or a service whose command runs `createdb` or `CREATE DATABASE`.
bool may_create_databases(const Stack& stack, const Service& server) {
  if (server.build() || server.entrypoint()) return true;
  // A replica its command copies from a primary (`pg_basebackup -h db ...`, rw247 Wisdoverse) has
  // every database the primary has.
  if (server.command && std::ranges::any_of(server.command->value, [](const std::string& w) {
        return w.find("pg_basebackup") != std::string::npos;
      })) {
    return true;
  }
  for (const Mount& m : server.mounts) {
    if (path::normalize(m.target).starts_with("/docker-entrypoint-initdb.d")) return true;
  }
  for (const Service& s : stack.services) {
    for (const auto* words :
         {s.command ? &s.command->value : nullptr, s.entrypoint() ? &s.entrypoint()->value : nullptr}) {
      if (words == nullptr) continue;
      for (const std::string& w : *words) {
        const std::string lower = ascii_lower(w);
        if (lower.find("createdb") != std::string::npos || lower.find("create database") != std::string::npos) {
          return true;
        }
      }
    }
  }
  return false;
}

// The value of an environment variable of the server when it is written literally; nullptr when
// unset; `unknown` when it interpolates (the shell's, a template's).
const Located<std::string>* literal_env(const Stack& stack, const Service& s, const char* name, bool& unknown) {
  const auto it = s.environment.find(name);
  if (it == s.environment.end()) return nullptr;
  if (!value_is_judgeable(stack, it->second.location)) unknown = true;
  return &it->second;
}

class PgbouncerDatabaseMissing final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "pgbouncer/database-missing",
        .severity = Severity::warning,
        .summary =
            "A pgBouncer [databases] entry that asks PostgreSQL for a database its image never creates: every "
            "client of the entry gets 'database does not exist'.",
        .rationale =
            "pgBouncer forwards a client of a `[databases]` entry to the server database its connect string "
            "names (`dbname=`, else the entry's own name). The postgres image creates one database at its first "
            "start: `POSTGRES_DB`, else `POSTGRES_USER`, else `postgres` (beside `postgres` and the templates); "
            "more come only from scripts in `/docker-entrypoint-initdb.d`. An entry that asks for another one "
            "(`app = host=db dbname=appdb` beside `POSTGRES_DB: app`) fails every login with `FATAL: database "
            "\"appdb\" does not exist`. Reported only where nothing could create it: the server runs the "
            "postgres image (or postgis, pgvector, timescaledb, pgautoupgrade) without a build, an entrypoint of "
            "its own or an init folder, no service runs `createdb` or `CREATE DATABASE`, and the image's "
            "variables are written out (not taken from the shell). A warning, not an error: a data volume from an "
            "earlier start may hold a database created by hand. Name the database the server creates, or create "
            "the other one in an init script.",
        .bad_example = {{.path = "compose.yaml", .content = kExampleCompose},
                        {.path = "pgbouncer.ini", .content = R"([databases]
app = host=db port=5432 dbname=appdb

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
auth_type = scram-sha-256
auth_file = /etc/pgbouncer/userlist.txt
)"}},
        .good_example = {{.path = "compose.yaml", .content = kExampleCompose},
                         {.path = "pgbouncer.ini", .content = R"([databases]
app = host=db port=5432 dbname=app

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
auth_type = scram-sha-256
auth_file = /etc/pgbouncer/userlist.txt
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& bouncer : stack.services) {
      if (!bouncer.enabled || !bouncer.pgbouncer || !bouncer.pgbouncer->errors.empty()) continue;
      for (const PgBouncerDatabase& d : bouncer.pgbouncer->databases) {
        if (d.fallback || d.dbname.empty() || d.target_service.empty()) continue;
        // An entry an image generated from its variables: located at the variable, which may interpolate.
        if (const StackFile* f = stack.find_file(d.location.file); f == nullptr || f->kind != FileKind::pgbouncer) {
          continue;
        }
        const Service* server = stack.find_service(d.target_service);
        if (server == nullptr || !server->enabled || server->role != Role::postgres || !official_entrypoint(*server) ||
            may_create_databases(stack, *server)) {
          continue;
        }
        bool unknown = false;
        const Located<std::string>* db = literal_env(stack, *server, "POSTGRES_DB", unknown);
        const Located<std::string>* user = literal_env(stack, *server, "POSTGRES_USER", unknown);
        if (unknown) continue;
        const Located<std::string>* named = db != nullptr && !db->value.empty() ? db : user;
        const std::string created = named != nullptr && !named->value.empty() ? named->value : "postgres";
        if (d.dbname == created || d.dbname == "postgres" || d.dbname.starts_with("template")) continue;
        std::vector<Related> notes;
        if (named != nullptr && !named->value.empty()) {
          notes.push_back(
              Related{.message = std::string(named == db ? "POSTGRES_DB" : "POSTGRES_USER (no POSTGRES_DB)") +
                                 " of service " + server->name + " names the database it creates",
                      .location = named->location});
        } else {
          notes.push_back(Related{.message = "service " + server->name +
                                             " sets no POSTGRES_DB or POSTGRES_USER: it creates only 'postgres'",
                                  .location = server->location});
        }
        out.report("entry '" + d.name.value + "' asks service " + server->name + " for database '" + d.dbname +
                       "', which its image never creates: it creates '" + created +
                       "' (and 'postgres') at its first start and no init script creates more, so every client of '" +
                       d.name.value + "' gets `database \"" + d.dbname + "\" does not exist`",
                   d.location, std::move(notes));
      }
    }
  }
};

}  // namespace

const Rule& pgbouncer_database_missing() {
  static const PgbouncerDatabaseMissing r;
  return r;
}

}  // namespace stacklint::rules
