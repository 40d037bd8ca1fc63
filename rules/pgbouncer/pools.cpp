#include "rules/pgbouncer/pools.h"

#include <algorithm>
#include <set>
#include <utility>

namespace stacklint::rules {

namespace {

// The (database, user) pairs clients of this pgbouncer connect with (from their connection strings;
// database "" when a string names none): pgbouncer opens one pool per pair it is asked for.
std::set<std::pair<std::string, std::string>> client_pairs(const Stack& stack, const Service& bouncer) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const Service& s : stack.services) {
    if (!s.enabled) continue;
    for (const ClientConnection& c : s.connections()) {
      if (c.service == bouncer.name && c.scheme == "postgresql" && !c.user.empty()) pairs.emplace(c.database, c.user);
    }
  }
  return pairs;
}

// The users that reach entry `name`: those of clients naming it, and of clients naming no database
// (they may ask for any).
std::set<std::string> users_of(const std::set<std::pair<std::string, std::string>>& pairs, const std::string& name) {
  std::set<std::string> users;
  for (const auto& [database, user] : pairs) {
    if (database == name || database.empty()) users.insert(user);
  }
  return users;
}

// The pairs whose database no named entry of `databases` serves: the `*` entry's pools.
size_t unnamed_pairs(const std::set<std::pair<std::string, std::string>>& pairs,
                     const std::vector<PgBouncerDatabase>& databases) {
  return static_cast<size_t>(std::count_if(pairs.begin(), pairs.end(), [&](const auto& pair) {
    return !pair.first.empty() && std::none_of(databases.begin(), databases.end(), [&](const PgBouncerDatabase& d) {
      return !d.fallback && d.name.value == pair.first;
    });
  }));
}

}  // namespace

std::map<std::string, std::vector<const PgBouncerDatabase*>> entries_by_server(const Stack& stack, const Service& b) {
  std::map<std::string, std::vector<const PgBouncerDatabase*>> by_target;
  for (const PgBouncerDatabase& d : b.pgbouncer->databases) {
    if (d.target_service.empty()) continue;
    const Service* pg = stack.find_service(d.target_service);
    if (pg != nullptr && pg->role == Role::postgres && pg->postgres) by_target[pg->name].push_back(&d);
  }
  return by_target;
}

ServerPools server_pools(const Stack& stack, const Service& b, const std::vector<const PgBouncerDatabase*>& dbs) {
  const PgBouncerConfig& c = *b.pgbouncer;
  const int64_t default_pool = c.integer("default_pool_size");
  const int64_t reserve_global = c.integer("reserve_pool_size");
  const bool reserve_used = c.seconds("reserve_pool_timeout") > 0;
  const int64_t max_db_global = c.integer("max_db_connections");
  const std::set<std::pair<std::string, std::string>> pairs = client_pairs(stack, b);
  ServerPools out;
  std::set<std::string> users;
  bool users_known = true;
  for (const PgBouncerDatabase* d : dbs) {
    const int64_t size = d->pool_size.value_or(default_pool);
    const int64_t reserve = reserve_used ? d->reserve_pool_size.value_or(reserve_global) : 0;
    // The `*` entry opens a pool for each pair whose database no entry names (rw78
    // EnterpriseDataPlatform: `* = host=postgres`, a dozen clients): none asked, none opened.
    const size_t fallback_pairs = d->fallback ? unnamed_pairs(pairs, b.pgbouncer->databases) : 0;
    if (d->fallback && fallback_pairs == 0) {
      out.unknown = true;
      continue;
    }
    if (size <= 0) {
      out.unlimited = true;
      return out;
    }
    // Pools per (database, user) pair clients ask for (rw78 EnterpriseDataPlatform: five clients, each
    // with its own database and user, open five pools, not five users in each database).
    const size_t n_users = d->fallback        ? fallback_pairs
                           : !d->user.empty() ? 1
                                              : std::max<size_t>(1, users_of(pairs, d->name.value).size());
    // The users these pools serve, for max_user_connections below.
    if (!d->user.empty()) {
      users.insert(d->user);
    } else {
      std::set<std::string> known;
      if (d->fallback) {
        for (const auto& pair : pairs) known.insert(pair.second);
      } else {
        known = users_of(pairs, d->name.value);
      }
      users_known = users_known && !known.empty();
      users.insert(known.begin(), known.end());
    }
    int64_t db_total = static_cast<int64_t>(n_users) * (size + reserve);
    const int64_t cap = d->max_db_connections.value_or(0) > 0 ? *d->max_db_connections : max_db_global;
    if (cap > 0) db_total = std::min(db_total, cap);
    out.total += db_total;
    const std::string unit = d->fallback ? " database/user pair" : " user";
    out.parts +=
        (out.parts.empty() ? "" : ", ") + std::string("database ") + d->name.value + ": " + std::to_string(n_users) +
        unit + (n_users == 1 ? "" : "s") + " x (pool " + std::to_string(size) +
        (reserve > 0 ? " + reserve " + std::to_string(reserve) : "") + ")" +
        (cap > 0 && cap < static_cast<int64_t>(n_users) * (size + reserve) ? " capped at " + std::to_string(cap) : "");
    out.notes.push_back(Related{.message = d->fallback ? "pools of the * entry -> " + d->host + ":" +
                                                             std::to_string(d->port) + " (each client's database)"
                                                       : "pool of database " + d->name.value + " -> " + d->host + ":" +
                                                             std::to_string(d->port) + "/" + d->dbname,
                                .location = d->location});
  }
  if (users_known) out.users = users;
  // max_user_connections caps each user's server connections over all its pools (rw171 nodeAdmin:
  // one user, two database aliases of 100 each, max_user_connections = 100).
  const int64_t max_user = c.integer("max_user_connections");
  if (max_user > 0 && users_known && !users.empty()) {
    const int64_t cap = static_cast<int64_t>(users.size()) * max_user;
    if (cap < out.total) {
      out.total = cap;
      out.parts += "; " + std::to_string(users.size()) + " user" + (users.size() == 1 ? "" : "s") +
                   " capped at max_user_connections " + std::to_string(max_user);
    }
  }
  return out;
}

}  // namespace stacklint::rules
