#include "linter/formats/pgbouncer/image_env.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "linter/formats/pgbouncer/params.h"
#include "linter/source/text.h"

namespace stacklint::pgbouncer {

namespace {

// edoburu's entrypoint.sh: each variable, when set and non-empty, writes `ascii_lower(VAR) = value` into
// [pgbouncer] (in this order). POOL_SIZE and TIMEZONE write keys pgbouncer does not know.
constexpr std::array<std::string_view, 66> kEdoburuVars = {
    "AUTH_HBA_FILE",
    "AUTH_TYPE",
    "AUTH_USER",
    "AUTH_QUERY",
    "AUTH_DBNAME",
    "POOL_MODE",
    "MAX_CLIENT_CONN",
    "POOL_SIZE",
    "DEFAULT_POOL_SIZE",
    "MIN_POOL_SIZE",
    "RESERVE_POOL_SIZE",
    "RESERVE_POOL_TIMEOUT",
    "MAX_DB_CONNECTIONS",
    "MAX_USER_CONNECTIONS",
    "SERVER_ROUND_ROBIN",
    "IGNORE_STARTUP_PARAMETERS",
    "DISABLE_PQEXEC",
    "APPLICATION_NAME_ADD_HOST",
    "TIMEZONE",
    "MAX_PREPARED_STATEMENTS",
    "LOG_CONNECTIONS",
    "LOG_DISCONNECTIONS",
    "LOG_POOLER_ERRORS",
    "LOG_STATS",
    "STATS_PERIOD",
    "VERBOSE",
    "ADMIN_USERS",
    "STATS_USERS",
    "LOGFILE",
    "SERVER_RESET_QUERY",
    "SERVER_RESET_QUERY_ALWAYS",
    "SERVER_CHECK_DELAY",
    "SERVER_CHECK_QUERY",
    "SERVER_LIFETIME",
    "SERVER_IDLE_TIMEOUT",
    "SERVER_CONNECT_TIMEOUT",
    "SERVER_LOGIN_RETRY",
    "CLIENT_LOGIN_TIMEOUT",
    "AUTODB_IDLE_TIMEOUT",
    "DNS_MAX_TTL",
    "DNS_NXDOMAIN_TTL",
    "CLIENT_TLS_SSLMODE",
    "CLIENT_TLS_KEY_FILE",
    "CLIENT_TLS_CERT_FILE",
    "CLIENT_TLS_CA_FILE",
    "CLIENT_TLS_PROTOCOLS",
    "CLIENT_TLS_CIPHERS",
    "CLIENT_TLS_ECDHCURVE",
    "CLIENT_TLS_DHEPARAMS",
    "SERVER_TLS_SSLMODE",
    "SERVER_TLS_CA_FILE",
    "SERVER_TLS_KEY_FILE",
    "SERVER_TLS_CERT_FILE",
    "SERVER_TLS_PROTOCOLS",
    "SERVER_TLS_CIPHERS",
    "QUERY_TIMEOUT",
    "QUERY_WAIT_TIMEOUT",
    "CLIENT_IDLE_TIMEOUT",
    "IDLE_TRANSACTION_TIMEOUT",
    "PKT_BUF",
    "MAX_PACKET_SIZE",
    "LISTEN_BACKLOG",
    "SBUF_LOOPCNT",
    "SUSPEND_TIMEOUT",
    "TCP_KEEPALIVE",
    "TCP_USER_TIMEOUT",
};

class Writer {
 public:
  Writer(const std::map<std::string, Located<std::string>>& env, Location image) : env_(env), image_(image) {}

  [[nodiscard]] const Located<std::string>* var(const std::string& name) const {
    const auto it = env_.find(name);
    return it == env_.end() || it->second.value.empty() ? nullptr : &it->second;
  }
  // `${NAME:-fallback}`: the value and where it came from.
  [[nodiscard]] std::pair<std::string, Location> value(const std::string& name, const std::string& fallback) const {
    if (const auto* v = var(name)) return {v->value, v->location};
    return {fallback, image_};
  }
  void line(const std::string& text, const Location& from) {
    out_.text += text + "\n";
    out_.line_origin.push_back(from);
  }
  GeneratedIni& result() { return out_; }

 private:
  const std::map<std::string, Located<std::string>>& env_;
  Location image_;
  GeneratedIni out_;
};

// edoburu's parse_url: proto://user:pass@host:port/name (shell `cut` semantics).
struct UrlParts {
  std::string user, host, port, name;
  bool has_password = false;
};
UrlParts parse_edoburu_url(const std::string& url) {
  UrlParts p;
  std::string rest = url;
  if (const size_t proto = rest.find("://"); proto != std::string::npos) rest = rest.substr(proto + 3);
  std::string userpass;
  if (const size_t at = rest.rfind('@'); at != std::string::npos) {
    userpass = rest.substr(0, at);
    rest = rest.substr(at + 1);
  }
  if (const size_t colon = userpass.find(':'); colon != std::string::npos) {
    p.user = userpass.substr(0, colon);
    p.has_password = true;
  } else {
    p.user = userpass;
  }
  const size_t slash = rest.find('/');
  const std::string hostport = rest.substr(0, slash);
  if (slash != std::string::npos) p.name = rest.substr(slash + 1);
  if (const size_t colon = hostport.find(':'); colon != std::string::npos) {
    p.host = hostport.substr(0, colon);
    const size_t next = hostport.find(':', colon + 1);
    p.port = hostport.substr(colon + 1, next == std::string::npos ? std::string::npos : next - colon - 1);
  } else {
    p.host = hostport;
  }
  return p;
}

void edoburu_database(Writer& w, const UrlParts& p, const Location& from) {
  const std::string name = p.name.empty() ? "*" : p.name;
  w.line(name + " = host=" + p.host + " port=" + (p.port.empty() ? "5432" : p.port) +
             " auth_user=" + (p.user.empty() ? "postgres" : p.user),
         from);
}

GeneratedIni edoburu(const std::map<std::string, Located<std::string>>& env, const Location& image) {
  Writer w(env, image);
  w.line("[databases]", image);
  std::vector<std::pair<UrlParts, Location>> dbs;
  if (const auto* urls = w.var("DATABASE_URLS")) {
    size_t start = 0;
    while (start <= urls->value.size()) {
      const size_t comma = urls->value.find(',', start);
      const std::string one = urls->value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!one.empty()) dbs.emplace_back(parse_edoburu_url(one), urls->location);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else if (const auto* url = w.var("DATABASE_URL")) {
    dbs.emplace_back(parse_edoburu_url(url->value), url->location);
  } else {
    UrlParts p;
    p.host = w.value("DB_HOST", "").first;
    p.port = w.value("DB_PORT", "").first;
    p.user = w.value("DB_USER", "").first;
    p.name = w.value("DB_NAME", "").first;
    dbs.emplace_back(p, w.var("DB_HOST") != nullptr ? w.var("DB_HOST")->location : image);
  }
  for (const auto& [p, from] : dbs) {
    if (p.host.empty()) {
      w.result().error =
          "edoburu/pgbouncer's entrypoint stops: \"Setup pgbouncer config error! You must set DB_HOST env\"";
      w.result().error_location = from;
      return w.result();
    }
    edoburu_database(w, p, from);
    if (const auto* enc = w.var("CLIENT_ENCODING")) w.line("client_encoding = " + enc->value, enc->location);
  }
  w.line("[pgbouncer]", image);
  for (const auto& [key, var, fallback] : std::array<std::tuple<const char*, const char*, const char*>, 2>{
           {{"listen_addr", "LISTEN_ADDR", "0.0.0.0"}, {"listen_port", "LISTEN_PORT", "5432"}}}) {
    const auto [v, from] = w.value(var, fallback);
    w.line(std::string(key) + " = " + v, from);
  }
  w.line("user = postgres", image);
  const auto [auth_type, auth_from] = w.value("AUTH_TYPE", "md5");
  w.line("auth_type = " + auth_type, auth_from);
  for (std::string_view var : kEdoburuVars) {
    if (var == "AUTH_TYPE") continue;
    if (var == "IGNORE_STARTUP_PARAMETERS" || var == "ADMIN_USERS") {
      const auto [v, from] = w.value(std::string(var), var == "ADMIN_USERS" ? "postgres" : "extra_float_digits");
      w.line(ascii_lower(var) + " = " + v, from);
      continue;
    }
    if (const auto* v = w.var(std::string(var))) w.line(ascii_lower(var) + " = " + v->value, v->location);
  }
  return w.result();
}

GeneratedIni bitnami(const std::map<std::string, Located<std::string>>& env, const Location& image) {
  Writer w(env, image);
  w.line("[databases]", image);
  const auto [db, db_from] = w.value("PGBOUNCER_DATABASE", "postgres");
  const auto [host, host_from] = w.value("POSTGRESQL_HOST", "postgresql");
  const auto [port, port_from] = w.value("POSTGRESQL_PORT", "5432");
  std::string entry = db + " = host=" + host + " port=" + port;
  if (const auto* name = w.var("POSTGRESQL_DATABASE")) entry += " dbname=" + name->value;
  // An error of the line is in its key when the database name is no word pgbouncer reads unquoted
  // (`- PGBOUNCER_DATABASE="appdb"` keeps its double quotes, rw84 p2ptradehelper): located there.
  const bool plain_key = !db.empty() && std::all_of(db.begin(), db.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-' || c == '*';
  });
  w.line(entry, w.var("POSTGRESQL_HOST") != nullptr && plain_key ? host_from : db_from);
  w.line("[pgbouncer]", image);
  const auto [listen, listen_from] = w.value("PGBOUNCER_PORT", "6432");
  w.line("listen_port = " + listen, listen_from);
  const auto [auth, auth_from] = w.value("PGBOUNCER_AUTH_TYPE", "scram-sha-256");
  w.line("auth_type = " + auth, auth_from);
  // PGBOUNCER_<KEY> for the [pgbouncer] parameters bitnami maps (unknown ones it ignores).
  const PgBouncerVersion newest;
  for (const auto& [name, value] : env) {
    if (name.rfind("PGBOUNCER_", 0) != 0 || value.value.empty()) continue;
    const std::string key = ascii_lower(std::string_view(name).substr(10));
    if (key == "port" || key == "auth_type" || key == "database" || find_param(key, newest) == nullptr) continue;
    w.line(key + " = " + value.value, value.location);
  }
  return w.result();
}

// The [databases] options pgbouncer/pgbouncer's entrypoint adds to its one `*` entry, each from
// DATABASES_<OPTION> when set and non-empty, in this order.
constexpr std::array<std::string_view, 12> kSportsruDatabaseOptions = {
    "user",      "password",           "dbname",          "auth_user", "pool_size", "reserve_pool", "connect_query",
    "pool_mode", "max_db_connections", "client_encoding", "datestyle", "timezone"};

// The [pgbouncer] keys it writes from PGBOUNCER_<KEY> when set and non-empty (listen_addr,
// auth_type, ignore_startup_parameters and admin_users always, with its own defaults).
constexpr std::array<std::string_view, 77> kSportsruKeys = {
    "logfile",
    "pidfile",
    "listen_addr",
    "listen_port",
    "unix_socket_dir",
    "unix_socket_mode",
    "unix_socket_group",
    "user",
    "auth_file",
    "auth_hba_file",
    "auth_type",
    "auth_user",
    "auth_query",
    "pool_mode",
    "max_client_conn",
    "default_pool_size",
    "min_pool_size",
    "reserve_pool_size",
    "reserve_pool_timeout",
    "max_db_connections",
    "max_user_connections",
    "server_round_robin",
    "ignore_startup_parameters",
    "disable_pqexec",
    "application_name_add_host",
    "conffile",
    "job_name",
    "syslog",
    "syslog_ident",
    "syslog_facility",
    "log_connections",
    "log_disconnections",
    "log_pooler_errors",
    "stats_period",
    "verbose",
    "admin_users",
    "stats_users",
    "server_reset_query",
    "server_reset_query_always",
    "server_check_delay",
    "server_check_query",
    "server_lifetime",
    "server_idle_timeout",
    "server_connect_timeout",
    "server_login_retry",
    "client_login_timeout",
    "autodb_idle_timeout",
    "dns_max_ttl",
    "dns_nxdomain_ttl",
    "client_tls_sslmode",
    "client_tls_key_file",
    "client_tls_cert_file",
    "client_tls_ca_file",
    "client_tls_protocols",
    "client_tls_ciphers",
    "client_tls_ecdhcurve",
    "client_tls_dheparams",
    "server_tls_sslmode",
    "server_tls_ca_file",
    "server_tls_key_file",
    "server_tls_cert_file",
    "server_tls_protocols",
    "server_tls_ciphers",
    "query_timeout",
    "query_wait_timeout",
    "client_idle_timeout",
    "idle_transaction_timeout",
    "pkt_buf",
    "max_packet_size",
    "listen_backlog",
    "sbuf_loopcnt",
    "suspend_timeout",
    "tcp_defer_accept",
    "tcp_keepalive",
    "tcp_keepcnt",
    "tcp_keepidle",
    "tcp_keepintvl",
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

GeneratedIni sportsru(const std::map<std::string, Located<std::string>>& env, const Location& image) {
  Writer w(env, image);
  const Located<std::string>* host = w.var("DATABASES_HOST");
  if (host == nullptr) {
    w.result().error =
        "pgbouncer/pgbouncer's entrypoint stops: \"You have to set the DATABASES_HOST Environment variable at the "
        "very least\"";
    if (w.var("DB_HOST") != nullptr || w.var("DATABASE_URL") != nullptr) {
      w.result().error += " (DB_HOST and DATABASE_URL are edoburu/pgbouncer's names; this image reads DATABASES_*)";
    }
    w.result().error_location = image;
    return w.result();
  }
  w.line("[databases]", image);
  const auto [name, name_from] = w.value("DATABASES_CLIENT_SIDE_DBNAME", "*");
  const auto [port, port_from] = w.value("DATABASES_PORT", "5432");
  std::string entry = name + " = host=" + host->value + " port=" + port;
  for (const std::string_view option : kSportsruDatabaseOptions) {
    if (const auto* v = w.var("DATABASES_" + upper(option))) entry += " " + std::string(option) + "=" + v->value;
  }
  w.line(entry, host->location);
  w.line("[pgbouncer]", image);
  for (const std::string_view key : kSportsruKeys) {
    const std::string var = "PGBOUNCER_" + upper(key);
    std::string fallback;
    if (key == "listen_addr") fallback = "0.0.0.0";
    if (key == "auth_type") fallback = "any";
    if (key == "ignore_startup_parameters") fallback = "extra_float_digits";
    if (key == "admin_users") fallback = "postgres";
    if (fallback.empty() && w.var(var) == nullptr) continue;
    const auto [v, from] = w.value(var, fallback);
    w.line(std::string(key) + " = " + v, from);
  }
  return w.result();
}

}  // namespace

GeneratedIni generate_ini(ImageFamily family, const std::map<std::string, Located<std::string>>& env,
                          const Location& image_location) {
  if (family == ImageFamily::bitnami) return bitnami(env, image_location);
  if (family == ImageFamily::sportsru) return sportsru(env, image_location);
  return edoburu(env, image_location);
}

}  // namespace stacklint::pgbouncer
