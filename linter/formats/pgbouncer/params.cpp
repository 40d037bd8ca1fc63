#include "linter/formats/pgbouncer/params.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace stacklint::pgbouncer {

namespace {

using T = ParamType;

// From pgbouncer's src/main.c of each release: names, types, defaults, first release.
constexpr Param kParams[] = {
    {"admin_users", T::string, "", 18},
    {"application_name_add_host", T::integer, "0", 18},
    {"auth_dbname", T::auth_dbname, std::nullopt, 19},
    {"auth_file", T::string, std::nullopt, 18},
    {"auth_hba_file", T::string, "", 18},
    {"auth_ident_file", T::string, std::nullopt, 23},
    {"auth_ldap_options", T::string, std::nullopt, 25},
    {"auth_query", T::string, "SELECT rolname, ...", 18},
    {"auth_type", T::auth_type, "md5", 18},
    {"auth_user", T::string, std::nullopt, 18},
    {"autodb_idle_timeout", T::seconds, "3600", 18},
    {"cancel_wait_timeout", T::seconds, "10", 19},
    {"client_idle_timeout", T::seconds, "0", 18},
    {"client_login_timeout", T::seconds, "60", 18},
    {"client_tls13_ciphers", T::string, std::nullopt, 25},
    {"client_tls_ca_file", T::string, "", 18},
    {"client_tls_cert_file", T::string, "", 18},
    {"client_tls_ciphers", T::string, "default", 18},
    {"client_tls_dheparams", T::string, "auto", 18},
    {"client_tls_ecdhcurve", T::string, "auto", 18},
    {"client_tls_key_file", T::string, "", 18},
    {"client_tls_protocols", T::string, "secure", 18},
    {"client_tls_sslmode", T::sslmode, "disable", 18},
    {"conffile", T::string, std::nullopt, 18},
    {"default_pool_size", T::integer, "20", 18},
    {"disable_pqexec", T::integer, "0", 18},
    {"dns_max_ttl", T::seconds, "15", 18},
    {"dns_nxdomain_ttl", T::seconds, "15", 18},
    {"dns_zone_check_period", T::seconds, "0", 18},
    {"idle_transaction_timeout", T::seconds, "0", 18},
    {"ignore_startup_parameters", T::string, "", 18},
    {"job_name", T::string, "pgbouncer", 18},
    {"listen_addr", T::string, "", 18},
    {"listen_backlog", T::integer, "128", 18},
    {"listen_port", T::integer, "6432", 18},
    {"log_connections", T::integer, "1", 18},
    {"log_disconnections", T::integer, "1", 18},
    {"log_pooler_errors", T::integer, "1", 18},
    {"log_stats", T::integer, "1", 18},
    {"logfile", T::string, "", 18},
    {"max_client_conn", T::integer, "100", 18},
    {"max_db_client_connections", T::integer, "0", 24},
    {"max_db_connections", T::integer, "0", 18},
    {"max_packet_size", T::unsigned_integer, "2147483647", 18},
    {"max_prepared_statements", T::integer, "200", 21},
    {"max_user_client_connections", T::integer, "0", 24},
    {"max_user_connections", T::integer, "0", 18},
    {"min_pool_size", T::integer, "0", 18},
    {"peer_id", T::integer, "0", 19},
    {"pidfile", T::string, "", 18},
    {"pkt_buf", T::integer, "4096", 18},
    {"pool_mode", T::pool_mode, "session", 18},
    {"query_timeout", T::seconds, "0", 18},
    {"query_wait_notify", T::integer, "5", 25},
    {"query_wait_timeout", T::seconds, "120", 18},
    {"reserve_pool_size", T::integer, "0", 18},
    {"reserve_pool_timeout", T::seconds, "5", 18},
    {"resolv_conf", T::string, "", 18},
    {"sbuf_loopcnt", T::integer, "5", 18},
    {"scram_iterations", T::integer, "4096", 25},
    {"server_check_delay", T::seconds, "30", 18},
    {"server_check_query", T::string, "<empty>", 18},
    {"server_connect_timeout", T::seconds, "15", 18},
    {"server_fast_close", T::integer, "0", 18},
    {"server_idle_timeout", T::seconds, "600", 18},
    {"server_lifetime", T::seconds, "3600", 18},
    {"server_login_retry", T::seconds, "15", 18},
    {"server_reset_query", T::string, "DISCARD ALL", 18},
    {"server_reset_query_always", T::integer, "0", 18},
    {"server_round_robin", T::integer, "0", 18},
    {"server_tls13_ciphers", T::string, std::nullopt, 25},
    {"server_tls_ca_file", T::string, "", 18},
    {"server_tls_cert_file", T::string, "", 18},
    {"server_tls_ciphers", T::string, "default", 18},
    {"server_tls_key_file", T::string, "", 18},
    {"server_tls_protocols", T::string, "secure", 18},
    {"server_tls_sslmode", T::sslmode, "prefer", 18},
    {"so_reuseport", T::integer, "0", 18},
    {"stats_period", T::integer, "60", 18},
    {"stats_users", T::string, "", 18},
    {"suspend_timeout", T::seconds, "10", 18},
    {"syslog", T::integer, "0", 18},
    {"syslog_facility", T::string, "daemon", 18},
    {"syslog_ident", T::string, "pgbouncer", 18},
    {"tcp_defer_accept", T::integer, "1", 18},
    {"tcp_keepalive", T::integer, "1", 18},
    {"tcp_keepcnt", T::integer, "0", 18},
    {"tcp_keepidle", T::integer, "0", 18},
    {"tcp_keepintvl", T::integer, "0", 18},
    {"tcp_socket_buffer", T::integer, "0", 18},
    {"tcp_user_timeout", T::integer, "0", 18},
    {"track_extra_parameters", T::string, "IntervalStyle", 20},
    {"transaction_timeout", T::seconds, "0", 25},
    {"unix_socket_dir", T::string, "/tmp", 18},
    {"unix_socket_group", T::string, "", 18},
    {"unix_socket_mode", T::integer, "0777", 18},
    {"user", T::string, std::nullopt, 18},
    {"verbose", T::integer, std::nullopt, 18},
};

struct EntryKey {
  std::string_view name;
  int since_minor;
};

// src/loader.c parse_database, per release.
constexpr std::array<EntryKey, 22> kDatabaseKeys = {{
    {"dbname", 18},
    {"host", 18},
    {"port", 18},
    {"user", 18},
    {"password", 18},
    {"auth_user", 18},
    {"client_encoding", 18},
    {"datestyle", 18},
    {"timezone", 18},
    {"pool_size", 18},
    {"min_pool_size", 18},
    {"reserve_pool", 18},
    {"max_db_connections", 18},
    {"pool_mode", 18},
    {"connect_query", 18},
    {"application_name", 18},
    {"auth_dbname", 19},
    {"auth_query", 22},
    {"server_lifetime", 23},
    {"reserve_pool_size", 24},
    {"max_db_client_connections", 24},
    {"load_balance_hosts", 24},
}};

// src/loader.c parse_user, per release.
constexpr std::array<EntryKey, 9> kUserKeys = {{
    {"pool_mode", 18},
    {"max_user_connections", 18},
    {"pool_size", 23},
    {"reserve_pool_size", 24},
    {"idle_transaction_timeout", 24},
    {"query_timeout", 24},
    {"client_idle_timeout", 24},
    {"max_user_client_connections", 24},
    {"transaction_timeout", 25},
}};

bool known(std::string_view key, int minor, const auto& table) {
  return std::any_of(table.begin(), table.end(),
                     [&](const EntryKey& k) { return k.name == key && minor >= k.since_minor; });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The tables start at 1.18: an older release (pgbouncer/pgbouncer:1.15.0, rw200 amazra-api) is read
// as 1.18. Its keys were all there by then; reading it as older than the tables know made every key
// unknown ("unknown parameter: pgbouncer/listen_addr", 9 wrong errors).
constexpr int kOldestMinor = 18;

int minor_of(const PgBouncerVersion& v) {
  return v.major > 1 ? 99 : std::max(v.minor, kOldestMinor);
}

}  // namespace

const Param* find_param(std::string_view name, const PgBouncerVersion& version) {
  const int minor = minor_of(version);
  for (const Param& p : kParams) {
    if (p.name == name) return minor >= p.since_minor ? &p : nullptr;
  }
  return nullptr;
}

std::vector<std::string_view> param_names(const PgBouncerVersion& version) {
  std::vector<std::string_view> out;
  for (const Param& p : kParams) {
    if (minor_of(version) >= p.since_minor) out.push_back(p.name);
  }
  return out;
}

bool valid_lookup(ParamType type, std::string_view value, const PgBouncerVersion& version) {
  static constexpr std::array<std::string_view, 3> pool_modes = {"session", "transaction", "statement"};
  static constexpr std::array<std::string_view, 6> sslmodes = {"disable", "allow",     "prefer",
                                                               "require", "verify-ca", "verify-full"};
  // pam needs a build with PAM (Debian's and the images' have it); ldap 1.25+ with LDAP.
  static constexpr std::array<std::string_view, 8> auth_types = {"any",  "trust", "plain", "md5",
                                                                 "cert", "hba",   "pam",   "scram-sha-256"};
  const auto in = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](std::string_view v) { return iequals(v, value); });
  };
  switch (type) {
    case ParamType::pool_mode:
      return in(pool_modes);
    case ParamType::sslmode:
      return in(sslmodes);
    case ParamType::auth_type:
      return in(auth_types) || (version.at_least(1, 25) && iequals(value, "ldap"));
    default:
      return true;
  }
}

bool database_key_known(std::string_view key, const PgBouncerVersion& version) {
  return known(key, minor_of(version), kDatabaseKeys);
}

bool user_key_known(std::string_view key, const PgBouncerVersion& version) {
  return known(key, minor_of(version), kUserKeys);
}

std::optional<PgBouncerVersion> parse_version(std::string_view tag) {
  if (!tag.empty() && (tag[0] == 'v' || tag[0] == 'V')) tag.remove_prefix(1);
  size_t i = 0;
  const auto number = [&](int& out) {
    const size_t start = i;
    out = 0;
    while (i < tag.size() && std::isdigit(static_cast<unsigned char>(tag[i])) != 0 && i - start < 4) {
      out = out * 10 + (tag[i] - '0');
      ++i;
    }
    return i > start;
  };
  PgBouncerVersion v;
  if (!number(v.major) || i >= tag.size() || tag[i] != '.') return std::nullopt;
  ++i;
  if (!number(v.minor)) return std::nullopt;
  if (v.major != 1) return std::nullopt;
  return v;
}

}  // namespace stacklint::pgbouncer
