// postgres/memory-over-limit: PostgreSQL's worst-case memory above its container's memory limit.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"
#include "linter/units/size.h"
#include "rules/pgbouncer/pools.h"
#include "rules/under_load.h"

namespace stacklint::rules {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Whether a service of the stack connects to service `to` by a connection string stacklint reads: a
// pooler whose clients it does not see (their settings in files of their own) may stand beside direct
// clients it does not see either.
bool has_clients(const Stack& stack, const Service& to) {
  return std::any_of(stack.services.begin(), stack.services.end(), [&](const Service& s) {
    return s.enabled && std::any_of(s.connections().begin(), s.connections().end(),
                                    [&](const ClientConnection& c) { return c.service == to.name; });
  });
}

// The backends PostgreSQL service `pg` can have busy when every client reaches it through pgbouncer:
// the server connections the pools open (pgbouncer/pools.h) plus one for each service that observes
// it directly (an exporter) and for each migration URL; nullopt when an application connects
// directly, or a pool has no bound.
std::optional<int64_t> pooled_backends(const Stack& stack, const Service& pg) {
  int64_t total = 0;
  bool pooled = false;
  for (const Service& s : stack.services) {
    if (!s.enabled || &s == &pg) continue;
    if (s.pgbouncer && s.pgbouncer->errors.empty()) {
      const auto by_server = entries_by_server(stack, s);
      if (const auto it = by_server.find(pg.name); it != by_server.end()) {
        const ServerPools pools = server_pools(stack, s, it->second);
        if (pools.unlimited || pools.unknown || !has_clients(stack, s)) return std::nullopt;
        total += pools.total;
        pooled = true;
        continue;
      }
    }
    // A migration runner's own URL beside the pooled one (MIGRATIONS_DATABASE_URL, rw87 opentracker:
    // schema changes go around the pooler) holds one connection while it runs.
    size_t direct = 0;
    bool pooled_app = false;
    for (const ClientConnection& c : s.connections()) {
      if (c.service != pg.name) continue;
      if (c.variable.find("MIGRAT") == std::string::npos) pooled_app = true;
      ++direct;
    }
    if (s.observes() == pg.name || s.role == Role::postgres_exporter) {
      total += direct > 0 || s.observes() == pg.name ? 1 : 0;
    } else if (pooled_app) {
      return std::nullopt;
    } else {
      total += static_cast<int64_t>(direct);
    }
  }
  if (!pooled) return std::nullopt;
  return total;
}

// How far above the limit the estimate may go before it is reported when max_connections is the default.
constexpr double kDefaultConnectionsSlack = 1.25;
// How far above the limit the estimate may go and be a note: the worst case counts every backend
// sorting with 1.5 x work_mem while every autovacuum worker holds its full memory, a sum a few
// percent past the limit is not a load anyone sized for (rw141 HRISystem 2%, rw142 ivd_deploy 3%;
// rw152 and rw154: 20% past a 1 GiB limit with max_connections = 100 set, each judged noise, while
// the six judged right were far past it or past it without any backend).
constexpr double kMarginalSlack = 1.25;

class PostgresMemoryOverLimit final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/memory-over-limit",
        .severity = Severity::warning,
        .summary = "PostgreSQL's worst-case memory is above its container's memory limit.",
        .rationale =
            "PostgreSQL allocates shared memory once (shared_buffers, wal_buffers) and private memory per backend: "
            "each sort or hash step of a query may use work_mem (hash steps up to hash_mem_multiplier times it), and "
            "each autovacuum worker up to autovacuum_work_mem (or maintenance_work_mem). When all connections are "
            "busy the sum can pass the container's limit and the cgroup OOM killer ends a backend, which makes the "
            "postmaster restart every session. stacklint uses the postgresqltuner estimate:\n\n"
            "worst case = shared_buffers + wal_buffers + max_connections x work_mem x 1.5 + autovacuum_max_workers "
            "x (autovacuum_work_mem or maintenance_work_mem) + max_connections x 2 MiB backend overhead\n\n"
            "with every value as the server really sees it: the file, its includes, then `-c` on the command line; "
            "a unitless shared_buffers is in 8 kB pages, and wal_buffers -1 is shared_buffers/32 (64 kB .. 16 MB). "
            "The finding is placed at the largest contributor that is set explicitly (where the fix most likely "
            "goes), else at the memory limit; notes point at every other setting involved and at the limit.\n\n"
            "With max_connections at its default (100, a ceiling nobody sized for this container), an estimate "
            "less than 25% above the limit is not reported: it needs a hundred busy backends, each sorting with a "
            "full work_mem, that the stack's clients rarely open; nor is one whose fixed part is within the limit: "
            "shared_buffers + wal_buffers, plus the autovacuum workers' memory when autovacuum_work_mem or "
            "maintenance_work_mem is set (the default 64 MB is a ceiling for tables with millions of dead rows). "
            "When every "
            "client reaches the server through a pgbouncer of the stack (an exporter and a migration URL aside, one "
            "connection each), the busy backends are at most what its pools open (default_pool_size plus "
            "reserve_pool_size for each database and user its clients use, capped by max_db_connections), not "
            "max_connections. An estimate less than 25% above the limit is a note: every backend sorting while "
            "every autovacuum worker holds its full memory is a bound, and a little past the limit is no "
            "load the stack is likely to see.\n\n"
            "A development, test or example stack (`stacklint model` shows the evidence as `purpose`) runs a "
            "handful of sessions unless it runs a load generator (`locust`, `k6`, a `load-generator` service): there "
            "only shared memory (shared_buffers + wal_buffers) above the limit is "
            "reported, a server that cannot start (set `[stack] deployed = true` to judge the worst case)."
            " Such a service is judged the same way when its heading comment calls it a demo or sample, or test or dev "
            "only (`# Target database (demo only)`).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    mem_limit: 512m
    command: ["-c", "max_connections=100", "-c", "shared_buffers=256MB", "-c", "work_mem=16MB"]
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    mem_limit: 2g
    command: ["-c", "max_connections=100", "-c", "shared_buffers=256MB", "-c", "work_mem=4MB"]
)"}},
        .options = {{.name = "work_mem_factor",
                     .type = "number",
                     .default_value = "1.5",
                     .description = "work_mem allocations counted per connection"},
                    {.name = "backend_overhead_mib",
                     .type = "number",
                     .default_value = "2",
                     .description = "private memory of each backend besides work_mem, in MiB"}},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    const double factor = out.number_option("work_mem_factor");
    const int64_t overhead = saturating_cast(out.number_option("backend_overhead_mib") * 1024 * 1024);
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.postgres || !s.memory_limit) continue;
      const PgConfig& c = *s.postgres;
      const int64_t shared = c.memory_bytes("shared_buffers");
      const int64_t wal = c.memory_bytes("wal_buffers");
      const int64_t max_connections = c.integer("max_connections");
      const std::optional<int64_t> pooled = pooled_backends(stack, s);
      const int64_t conns = pooled ? std::min(max_connections, *pooled) : max_connections;
      const int64_t work = c.memory_bytes("work_mem");
      const int64_t workers = c.integer("autovacuum_max_workers");
      const int64_t vacuum = c.memory_bytes("autovacuum_work_mem");
      // Saturating: hash_mem_multiplier-sized factors or huge options must not wrap the sum.
      const int64_t work_total = saturating_cast(static_cast<double>(conns) * static_cast<double>(work) * factor);
      const int64_t vacuum_total = saturating_mul(workers, vacuum);
      const int64_t overhead_total = saturating_mul(conns, overhead);
      const int64_t worst = saturating_add(
          saturating_add(saturating_add(shared, wal), saturating_add(work_total, vacuum_total)), overhead_total);
      const int64_t limit = s.memory_limit->value;
      if (worst <= limit) continue;
      if (!service_judged_under_load(stack, s) && saturating_add(shared, wal) <= limit) continue;
      const bool default_connections =
          c.find("max_connections") == nullptr || !c.location_of("max_connections").valid();
      if (default_connections && static_cast<double>(worst) <= static_cast<double>(limit) * kDefaultConnectionsSlack) {
        continue;
      }
      // max_connections at the image's default: a hundred backends each sorting with a full work_mem is
      // no load its authors sized, and stock PostgreSQL runs in small containers (judged noise on 7
      // stacks of rw86-rw91, and with work_mem set on rw254 Megawatts and rw261 CyberVPN); its fixed
      // memory above the limit still is reported. The autovacuum workers' only when their memory is
      // set: the default 64 MB is a ceiling for tables with millions of dead rows (rw260
      // observability-stack's demo database).
      const auto is_set = [&](const char* name) { return c.find(name) != nullptr && c.location_of(name).valid(); };
      const bool vacuum_sized = is_set("autovacuum_work_mem") || is_set("maintenance_work_mem");
      if (default_connections &&
          saturating_add(saturating_add(shared, wal), vacuum_sized ? vacuum_total : 0) <= limit) {
        continue;
      }

      const bool own_vacuum_mem = c.integer("autovacuum_work_mem") != -1;
      const auto [worst_text, limit_text] = format_bytes_apart(worst, limit);
      std::string message =
          "worst case " + worst_text + " = shared_buffers " + format_bytes(shared) + " + wal_buffers " +
          format_bytes(wal) + " + " + std::to_string(conns) +
          (conns < max_connections ? " connections (what pgbouncer's pools open, of max_connections " +
                                         std::to_string(max_connections) + ")"
                                   : std::string(" connections")) +
          " x work_mem " + format_bytes(work) + " x " + number(factor) + " + " + std::to_string(workers) +
          " autovacuum workers x " + format_bytes(vacuum) + " + " + std::to_string(conns) + " x " +
          format_bytes(overhead) + " backend overhead > limit " + limit_text;
      // With max_connections at its default, the finding is its fixed part: say that first (rw260
      // observability-stack: a worst case the rule does not judge led the message).
      if (default_connections) {
        const int64_t fixed = saturating_add(saturating_add(shared, wal), vacuum_sized ? vacuum_total : 0);
        message = "shared_buffers " + format_bytes(shared) + " + wal_buffers " + format_bytes(wal) +
                  (vacuum_sized ? " + " + std::to_string(workers) + " autovacuum workers x " + format_bytes(vacuum)
                                : std::string()) +
                  " = " + format_bytes_apart(fixed, limit).first + " > limit " + limit_text +
                  " before any connection (with the default max_connections " + std::to_string(max_connections) +
                  " all busy, the worst case is " + worst_text + ")";
      }

      // Where the fix most likely goes: the largest contributor that was set explicitly.
      struct Part {
        int64_t bytes;
        std::vector<const char*> names;
      };
      const std::vector<Part> parts = {
          {shared, {"shared_buffers"}},
          {wal, {"wal_buffers"}},
          {work_total, {"work_mem", "max_connections"}},
          {vacuum_total, {own_vacuum_mem ? "autovacuum_work_mem" : "maintenance_work_mem", "autovacuum_max_workers"}},
          {overhead_total, {"max_connections"}},
      };
      Location at;
      std::string at_name;
      int64_t best = -1;
      for (const Part& p : parts) {
        for (const char* n : p.names) {
          if (c.find(n) != nullptr && c.location_of(n).valid() && p.bytes > best) {
            best = p.bytes;
            at = c.location_of(n);
            at_name = n;
            break;
          }
        }
      }
      std::vector<Related> related;
      for (const char* n : {"shared_buffers", "wal_buffers", "max_connections", "work_mem", "autovacuum_max_workers",
                            own_vacuum_mem ? "autovacuum_work_mem" : "maintenance_work_mem"}) {
        const Setting* set = c.find(n);
        if (set == nullptr || !set->current.location.valid() || n == at_name) continue;
        related.push_back(Related{.message = std::string(n) + " = " + set->current.raw + " (" +
                                             std::string(to_string(set->current.origin)) + ")",
                                  .location = set->current.location});
      }
      if (at.valid()) {
        related.push_back(Related{.message = "the container's memory limit " + format_bytes(limit),
                                  .location = s.memory_limit->location});
      } else {
        at = s.memory_limit->location;
      }
      if (static_cast<double>(worst) <= static_cast<double>(limit) * kMarginalSlack) {
        out.report_demoted(Severity::note,
                           message + " (less than 25% above it: a worst case no load is likely to reach)", at,
                           std::move(related));
      } else {
        out.report(std::move(message), at, std::move(related));
      }
    }
  }
};

}  // namespace

const Rule& postgres_memory_over_limit() {
  static const PostgresMemoryOverLimit r;
  return r;
}

}  // namespace stacklint::rules
