// pgbouncer/pool-over-max-connections: the server connections pgBouncer may open to a PostgreSQL
// service, plus the other direct clients of that service, exceed what PostgreSQL accepts for
// ordinary users (max_connections - superuser_reserved_connections - reserved_connections).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/stack.h"
#include "rules/pgbouncer/pools.h"

namespace stacklint::rules {

namespace {

// The setting's value and the note that says where it is set.
int64_t setting_note(const PgBouncerConfig& c, const char* name, std::vector<Related>& notes) {
  const int64_t v = c.integer(name);
  const Location at = c.location_of(name);
  notes.push_back(Related{.message = std::string(name) + " = " + std::to_string(v) + (at.valid() ? "" : " (default)"),
                          .location = at.valid() ? at : Location{}});
  return v;
}

class PgbouncerPoolOverMaxConnections final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "pgbouncer/pool-over-max-connections",
        .severity = Severity::error,
        .summary =
            "pgBouncer may open more server connections to PostgreSQL, with the other direct clients, "
            "than PostgreSQL accepts for ordinary users.",
        .rationale =
            "pgBouncer opens one pool per (database, user); each pool grows to its pool size (the user's "
            "`pool_size`, else the database entry's, else `default_pool_size`, 20 by default) plus "
            "`reserve_pool_size` when clients wait longer than `reserve_pool_timeout`, capped by "
            "`max_db_connections` / `max_user_connections` when set. PostgreSQL accepts `max_connections - "
            "superuser_reserved_connections - reserved_connections` ordinary connections (17 for max_connections "
            "20); pools that all log in as the image's superuser (`POSTGRES_USER`, else `postgres`) may use all "
            "max_connections. When the pools, plus the services that connect to PostgreSQL directly (exporters, "
            "migrations), "
            "can exceed that, connections fail under load with `FATAL: sorry, too many clients already` exactly "
            "when pgBouncer should absorb the burst. Formula: the sum over databases of min(max_db_connections, "
            "sum over users of (pool size + reserve)); users are the entry's forced `user=`, else those of the "
            "clients' connection strings that name this database or none (at least one). The `*` entry opens a "
            "pool for each (database, user) pair of the clients whose database no entry names. When every entry's "
            "users are known, `max_user_connections` caps the total at their number times it. Lower the pool sizes, "
            "set `max_db_connections`, or "
            "raise max_connections in the file PostgreSQL reads.",
        .bad_example = {{.path = "compose.yaml",
                         .content = "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:v1.24.1-p1\n"
                                    "    environment:\n      DATABASE_URL: postgres://app:secret@db:5432/app\n"
                                    "      DEFAULT_POOL_SIZE: \"20\"\n      RESERVE_POOL_SIZE: \"5\"\n"
                                    "  db:\n    image: postgres:16\n    command: [\"-c\", \"max_connections=20\"]\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content = "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:v1.24.1-p1\n"
                                     "    environment:\n      DATABASE_URL: postgres://app:secret@db:5432/app\n"
                                     "      DEFAULT_POOL_SIZE: \"12\"\n      RESERVE_POOL_SIZE: \"3\"\n"
                                     "  db:\n    image: postgres:16\n    command: [\"-c\", \"max_connections=20\"]\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& b : stack.services) {
      if (!b.enabled || !b.pgbouncer || !b.pgbouncer->errors.empty()) continue;
      const auto by_target = entries_by_server(stack, b);
      for (const auto& [name, dbs] : by_target) one(stack, b, *stack.find_service(name), dbs, out);
    }
  }

 private:
  static void one(const Stack& stack, const Service& b, const Service& pg,
                  const std::vector<const PgBouncerDatabase*>& dbs, Reporter& out) {
    const PgBouncerConfig& c = *b.pgbouncer;
    std::vector<Related> notes;
    // default_pool_size matters (and locates the finding) only when a database takes it.
    const bool uses_default =
        std::any_of(dbs.begin(), dbs.end(), [](const PgBouncerDatabase* d) { return !d->pool_size; });
    std::vector<Related> unused;
    setting_note(c, "default_pool_size", uses_default ? notes : unused);
    const int64_t reserve_global = c.integer("reserve_pool_size");
    if (reserve_global > 0 || c.location_of("reserve_pool_size").valid()) setting_note(c, "reserve_pool_size", notes);
    const ServerPools pools = server_pools(stack, b, dbs);
    if (pools.unlimited) return;  // a pool without a size: no bound to compare
    const int64_t total = pools.total;
    const std::string& parts = pools.parts;
    notes.insert(notes.end(), pools.notes.begin(), pools.notes.end());
    const PgConfig& p = *pg.postgres;
    const int64_t max = p.integer("max_connections");
    const int64_t superuser = p.integer("superuser_reserved_connections");
    const int64_t reserved = p.major >= 16 ? p.integer("reserved_connections") : 0;
    // The image's POSTGRES_USER (else `postgres`) is a superuser, which also takes the reserved slots:
    // pools that all log in as it may open max_connections (rw218 simple-microservice-ecommerce).
    const auto pg_user = pg.environment.find("POSTGRES_USER");
    const std::string su =
        pg_user == pg.environment.end() || pg_user->second.value.empty() ? "postgres" : pg_user->second.value;
    const bool all_superuser =
        !pools.users.empty() && std::ranges::all_of(pools.users, [&](const std::string& u) { return u == su; });
    const int64_t available = all_superuser ? max : max - superuser - reserved;
    // Other services that connect to this PostgreSQL directly: at least one connection each.
    std::vector<std::string> direct;
    for (const Service& s : stack.services) {
      if (!s.enabled || s.name == b.name || s.name == pg.name) continue;
      const bool connects = std::any_of(s.connections().begin(), s.connections().end(),
                                        [&](const ClientConnection& cc) { return cc.service == pg.name; });
      if (connects || s.observes() == pg.name) direct.push_back(s.name);
    }
    const int64_t need = total + static_cast<int64_t>(direct.size());
    if (need <= available) return;
    for (const char* name : {"max_connections", "superuser_reserved_connections", "reserved_connections"}) {
      const Setting* s = p.find(name);
      if (s == nullptr || !s->current.location.valid()) continue;
      notes.push_back(Related{.message = std::string(name) + " = " + s->current.raw + " (" +
                                         std::string(to_string(s->current.origin)) + ")",
                              .location = s->current.location});
    }
    std::string msg = "pgbouncer service " + b.name + " may open " + std::to_string(total) + " server connections to " +
                      pg.name + " (" + parts + ")";
    if (!direct.empty()) {
      msg += " and " + std::to_string(direct.size()) + " other service" + (direct.size() == 1 ? "" : "s") + " connect" +
             (direct.size() == 1 ? "s" : "") + " directly (";
      for (size_t i = 0; i < direct.size(); ++i) msg += (i > 0 ? ", " : "") + direct[i];
      msg += ")";
    }
    msg += ", but " + pg.name + " accepts " + std::to_string(available) + " (max_connections " + std::to_string(max) +
           (all_superuser ? std::string(", for the image's superuser (POSTGRES_USER), whom every pool logs in as")
                          : " - superuser_reserved_connections " + std::to_string(superuser) +
                                (reserved > 0 ? " - reserved_connections " + std::to_string(reserved) : "")) +
           "): clients get `sorry, too many clients already` under load";
    Location at = uses_default ? c.location_of("default_pool_size") : Location{};
    if (!at.valid()) at = dbs.front()->location;
    std::erase_if(notes, [&](const Related& r) { return !r.location.valid() || r.location == at; });
    out.report(std::move(msg), at, std::move(notes));
  }
};

}  // namespace

const Rule& pgbouncer_pool_over_max_connections() {
  static const PgbouncerPoolOverMaxConnections r;
  return r;
}

}  // namespace stacklint::rules
