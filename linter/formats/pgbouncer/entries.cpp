#include "linter/formats/pgbouncer/entries.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "linter/formats/pgbouncer/params.h"
#include "linter/formats/pgbouncer/parser.h"
#include "linter/source/text.h"

namespace stacklint::pgbouncer {

namespace {

void fail(PgBouncerConfig& config, std::string message, const Location& at) {
  config.errors.push_back(ParseIssue{.message = std::move(message), .location = at, .related = {}});
}

// The location of a pair inside the entry's value (single-line values: columns shift by the offset).
Location pair_location(const Location& value_at, const Pair& p, bool value_only = false) {
  Location l = value_at;
  const size_t begin = value_only ? p.value_begin : p.begin;
  if (l.line == l.end_line && l.end_offset >= l.offset) {
    l.column = value_at.column + static_cast<uint32_t>(begin);
    l.end_column = value_at.column + static_cast<uint32_t>(p.end);
    l.offset = value_at.offset + static_cast<uint32_t>(begin);
    l.end_offset = value_at.offset + static_cast<uint32_t>(p.end);
  }
  return l;
}

bool lookup_ok(std::string_view v, std::initializer_list<std::string_view> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](std::string_view a) {
    return a.size() == v.size() && std::equal(a.begin(), a.end(), v.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  });
}

// The pairs, or false after recording pgbouncer's error.
bool pairs_of(std::string_view value, const Location& value_at, const std::string& what, PgBouncerConfig& config,
              std::vector<Pair>& out) {
  PairList list = split_pairs(value);
  if (!list.ok) {
    Pair at{.key = "", .value = "", .begin = list.error_at, .end = value.size()};
    fail(config,
         "syntax error in " + what +
             ": expected `key=value` pairs separated by spaces (quote values with spaces as 'a b'; "
             "empty values are refused)",
         pair_location(value_at, at));
    return false;
  }
  out = std::move(list.pairs);
  return true;
}

}  // namespace

int64_t c_atoi(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  int64_t n = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) != 0) {
    n = std::min<int64_t>(n * 10 + (s[i++] - '0'), std::numeric_limits<int32_t>::max());
  }
  return neg ? -n : n;
}

PairList split_pairs(std::string_view t) {
  PairList out;
  size_t p = 0;
  const auto skip_ws = [&] {
    while (p < t.size() && t[p] == ' ') ++p;
  };
  while (true) {
    skip_ws();
    if (p >= t.size()) return out;
    Pair pair;
    pair.begin = p;
    const size_t key = p;
    while (p < t.size() && t[p] != '=' && t[p] != ' ') ++p;
    const size_t key_end = p;
    skip_ws();
    if (p >= t.size() || t[p] != '=' || key_end == key) {
      out.ok = false;
      out.error_at = key;
      return out;
    }
    ++p;
    skip_ws();
    pair.key = std::string(t.substr(key, key_end - key));
    pair.value_begin = p;
    if (p < t.size() && t[p] == '\'') {
      ++p;
      bool closed = false;
      while (p < t.size()) {
        if (t[p] == '\'') {
          if (p + 1 < t.size() && t[p + 1] == '\'') {
            pair.value.push_back('\'');
            p += 2;
            continue;
          }
          closed = true;
          ++p;
          break;
        }
        pair.value.push_back(t[p++]);
      }
      if (!closed) {
        out.ok = false;
        out.error_at = key;
        return out;
      }
    } else {
      const size_t v = p;
      while (p < t.size() && t[p] != ' ') ++p;
      pair.value = std::string(t.substr(v, p - v));
    }
    pair.end = p;
    if (p < t.size()) ++p;  // the character after the value is cut (cstr_get_value)
    if (pair.value.empty()) {
      out.ok = false;
      out.error_at = key;
      return out;
    }
    out.pairs.push_back(std::move(pair));
  }
}

void read_database(const std::string& name, const Location& name_at, std::string_view value, const Location& value_at,
                   const Location& line_at, const PgBouncerVersion& version, PgBouncerConfig& config) {
  if (name == "pgbouncer") {
    fail(config, "database name \"pgbouncer\" is reserved (the admin console)", name_at);
    return;
  }
  PgBouncerDatabase db;
  db.name = Located<std::string>{.value = name, .location = name_at};
  db.location = line_at;
  db.dbname = name;
  db.fallback = name == "*";
  std::vector<Pair> pairs;
  if (db.fallback) {
    pairs = split_pairs(value).pairs;  // the fallback entry is not validated at load
  } else if (!pairs_of(value, value_at, "database \"" + name + "\"", config, pairs)) {
    return;
  }
  for (const Pair& p : pairs) {
    const Location at = pair_location(value_at, p);
    const auto problem = [&](const std::string& m) {
      if (!db.fallback) fail(config, m + " in database \"" + name + "\"", at);
      return !db.fallback;
    };
    if (!database_key_known(p.key, version)) {
      if (problem("unrecognized connection parameter: " + p.key + " (pgbouncer " + version.text() + ")")) return;
      continue;
    }
    if (p.key == "dbname") db.dbname = p.value;
    if (p.key == "host") db.host = p.value;
    if (p.key == "user") db.user = p.value;
    if (p.key == "auth_user") db.auth_user = p.value;
    if (p.key == "password")
      db.password = Located<std::string>{.value = p.value, .location = pair_location(value_at, p, true)};
    if (p.key == "port") {
      db.port = c_atoi(p.value);
      if (db.port == 0 && problem("invalid port: " + p.value)) return;
    }
    if (p.key == "pool_size") db.pool_size = c_atoi(p.value);
    if (p.key == "min_pool_size") db.min_pool_size = c_atoi(p.value);
    if (p.key == "reserve_pool" || p.key == "reserve_pool_size") db.reserve_pool_size = c_atoi(p.value);
    if (p.key == "max_db_connections") db.max_db_connections = c_atoi(p.value);
    if (p.key == "pool_mode") {
      if (!lookup_ok(p.value, {"session", "transaction", "statement"}) && problem("invalid pool mode: " + p.value)) {
        return;
      }
      db.pool_mode = ascii_lower(p.value);
    }
    if (p.key == "load_balance_hosts" && !lookup_ok(p.value, {"disable", "round-robin"}) &&
        problem("invalid load_balance_hosts: " + p.value)) {
      return;
    }
  }
  // A later entry of the same name replaces the earlier one.
  std::erase_if(config.databases, [&](const PgBouncerDatabase& d) { return d.name.value == name; });
  config.databases.push_back(std::move(db));
}

void read_user(const std::string& name, const Location& name_at, std::string_view value, const Location& value_at,
               const PgBouncerVersion& version, PgBouncerConfig& config) {
  PgBouncerUser user;
  user.name = Located<std::string>{.value = name, .location = name_at};
  std::vector<Pair> pairs;
  if (!pairs_of(value, value_at, "user settings of \"" + name + "\"", config, pairs)) return;
  for (const Pair& p : pairs) {
    const Location at = pair_location(value_at, p);
    if (!user_key_known(p.key, version)) {
      fail(config,
           "unrecognized user parameter: " + p.key + " in user \"" + name + "\" (pgbouncer " + version.text() + ")",
           at);
      return;
    }
    if (p.key == "pool_mode") {
      if (!lookup_ok(p.value, {"session", "transaction", "statement"})) {
        fail(config, "invalid pool mode: " + p.value + " in user \"" + name + "\"", at);
        return;
      }
      user.pool_mode = ascii_lower(p.value);
    }
    if (p.key == "pool_size") user.pool_size = c_atoi(p.value);
    if (p.key == "reserve_pool_size") user.reserve_pool_size = c_atoi(p.value);
    if (p.key == "max_user_connections") user.max_user_connections = c_atoi(p.value);
  }
  std::erase_if(config.users, [&](const PgBouncerUser& u) { return u.name.value == name; });
  config.users.push_back(std::move(user));
}

void read_peer(const std::string& name, const Location& name_at, std::string_view value, const Location& value_at,
               PgBouncerConfig& config) {
  // strtonum(name, 1, 65535): the whole name is a number in range.
  const bool numeric = !name.empty() && name.size() <= 5 &&
                       std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  const int64_t id = numeric ? c_atoi(name) : 0;
  if (id < 1 || id > 65535) {
    fail(config, "ids of peers must be a number larger than 0 and at most 65535, not \"" + name + "\"", name_at);
    return;
  }
  std::vector<Pair> pairs;
  if (!pairs_of(value, value_at, "peer " + name, config, pairs)) return;
  bool host = false;
  for (const Pair& p : pairs) {
    const Location at = pair_location(value_at, p);
    if (p.key != "host" && p.key != "port" && p.key != "pool_size") {
      fail(config, "unrecognized connection parameter: " + p.key + " in peer " + name, at);
      return;
    }
    host = host || p.key == "host";
    if (p.key == "port" && c_atoi(p.value) == 0) {
      fail(config, "invalid port: " + p.value + " in peer " + name, at);
      return;
    }
  }
  if (!host) fail(config, "host was not provided for peer " + name, value_at);
}

}  // namespace stacklint::pgbouncer
