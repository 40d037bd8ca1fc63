// The server connections a pgbouncer's pools may open to one PostgreSQL service: what
// pgbouncer/pool-over-max-connections compares with max_connections, and postgres/memory-over-limit
// takes as the busy backends when every client goes through the pooler.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "linter/model/pgbouncer_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

// The [databases] entries of pgbouncer service `b` by the PostgreSQL service each reaches.
std::map<std::string, std::vector<const PgBouncerDatabase*>> entries_by_server(const Stack& stack, const Service& b);

struct ServerPools {
  int64_t total = 0;       // server connections the pools may open
  bool unlimited = false;  // a pool of size 0: pgbouncer sets no bound
  // the `*` entry when no client's (database, user) pair is known: it opens a pool for each pair it is
  // asked for, none counted in `total`
  bool unknown = false;        // a pool of size 0: pgbouncer sets no bound
  std::string parts;           // "database app: 2 users x (pool 20 + reserve 5)", one per entry
  std::vector<Related> notes;  // each entry's pool, at its line
  // The users the pools log in as, when every pool's user is known (empty otherwise).
  std::set<std::string> users;
};

// The pools entries `dbs` of pgbouncer service `b` open: one per (database, user) pair its clients
// ask for, each default_pool_size (or the entry's pool_size) plus reserve_pool_size when the reserve
// is used, capped by max_db_connections.
ServerPools server_pools(const Stack& stack, const Service& b, const std::vector<const PgBouncerDatabase*>& dbs);

}  // namespace stacklint::rules
