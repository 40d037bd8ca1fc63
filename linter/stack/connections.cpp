#include "linter/stack/connections.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "linter/formats/compose/dotenv.h"
#include "linter/formats/compose/image.h"
#include "linter/formats/compose/syntax.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/address.h"
#include "linter/model/am_config.h"
#include "linter/model/grafana_config.h"
#include "linter/model/pg_config.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/redis_config.h"
#include "linter/model/secrets.h"
#include "linter/model/written.h"
#include "linter/source/text.h"
#include "linter/stack/bind_monitoring.h"
#include "linter/stack/purpose.h"
#include "linter/stack/topology.h"

namespace stacklint {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

int default_port(const std::string& scheme) {
  if (scheme == "postgresql") return 5432;
  if (scheme == "redis") return 6379;
  if (scheme == "amqp") return 5672;
  if (scheme == "https") return 443;
  if (scheme == "http") return 80;
  return 0;
}

// scheme://[user[:password]@]host[:port][/...]
std::optional<ClientConnection> parse_url(std::string_view value) {
  const size_t sep = value.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  std::string scheme = ascii_lower(value.substr(0, sep));
  if (const size_t plus = scheme.find('+'); plus != std::string::npos) scheme.resize(plus);  // postgresql+asyncpg
  if (scheme == "postgres") scheme = "postgresql";
  if (scheme == "rediss" || scheme == "valkey" || scheme == "valkeys") scheme = "redis";
  if (scheme == "amqps") scheme = "amqp";
  if (default_port(scheme) == 0) return std::nullopt;
  ClientConnection c;
  c.scheme = scheme;
  std::string_view rest = value.substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (scheme == "postgresql" && authority.size() < rest.size() && rest[authority.size()] == '/') {
    const std::string_view path = rest.substr(authority.size() + 1);
    c.database = std::string(path.substr(0, path.find_first_of("/?#")));
  }
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const size_t colon = userinfo.find(':');
    c.user = std::string(userinfo.substr(0, colon));
    c.has_password = colon != std::string_view::npos && colon + 1 < userinfo.size();
    authority.remove_prefix(at + 1);
  }
  if (const size_t comma = authority.find(','); comma != std::string_view::npos) authority = authority.substr(0, comma);
  if (authority.empty()) return std::nullopt;
  const HostPort hp = split_host_port(authority, -1);
  // A wildcard is where a server binds (ASPNETCORE_URLS=http://*:8080), never where a client goes.
  if (hp.host.empty() || hp.host == "*" || hp.host == "+") return std::nullopt;
  // A port no URL parser accepts (`http://ip:port`, a template's instruction to fill in): no
  // address a client could connect to.
  if (hp.port == 0) return std::nullopt;
  c.host = hp.host;
  c.port_written = hp.port != -1;
  c.port = hp.port == -1 ? default_port(scheme) : hp.port;
  return c;
}

// Whether a DNS name or an IP address (v6 in brackets or not, with a zone) may be written so.
bool plausible_host(std::string_view host) {
  return !host.empty() && std::ranges::all_of(host, [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '-' || ch == '.' || ch == '_' || ch == ':' ||
           ch == '[' || ch == ']' || ch == '%';
  });
}

// libpq key=value: needs a host= key.
std::optional<ClientConnection> parse_dsn(std::string_view value) {
  if (value.find("host=") == std::string_view::npos) return std::nullopt;
  const auto hp = parse_postgres_dsn(value);
  if (!hp) return std::nullopt;
  ClientConnection c;
  c.scheme = "postgresql";
  c.host = hp->host;
  c.port = hp->port;
  c.port_written = value.find("port=") != std::string_view::npos;
  c.has_password = value.find("password=") != std::string_view::npos;
  return c;
}

const Located<std::string>* env_of(const Service& s, const std::string& name) {
  const auto it = s.environment.find(name);
  return it == s.environment.end() || it->second.value.empty() ? nullptr : &it->second;
}

// (HOST variable, PORT variable, scheme) pairs apps and libpq use.
void host_port_pairs(const Service& s, std::vector<ClientConnection>& out) {
  static constexpr std::array<std::array<const char*, 3>, 4> pairs = {{{"PGHOST", "PGPORT", "postgresql"},
                                                                       {"POSTGRES_HOST", "POSTGRES_PORT", "postgresql"},
                                                                       {"REDIS_HOST", "REDIS_PORT", "redis"},
                                                                       {"DB_HOST", "DB_PORT", "postgresql"}}};
  for (const auto& [host_var, port_var, scheme] : pairs) {
    const auto* h = env_of(s, host_var);
    if (h == nullptr || h->value.find('/') != std::string::npos) continue;
    ClientConnection c;
    c.variable = host_var;
    c.scheme = scheme;
    c.host = h->value;
    c.port = default_port(scheme);
    c.location = h->location;
    if (const auto* p = env_of(s, port_var)) {
      c.port = split_host_port(":" + p->value, 0).port;
      c.port_written = true;
      c.port_location = p->location;
    }
    out.push_back(std::move(c));
  }
}

// A variable beside the connection that gives its password: apps name it as they please
// (REDIS_PASSWORD, REDIS_AUTH, REDIS_PASS, DB_PASSWORD, PGPASSWORD, a *_FILE with a secret path):
// a name with a word of the server's kind and a word of a secret.
bool names_password(const std::string& name, const std::string& scheme) {
  static constexpr std::array<const char*, 4> kRedis = {"REDIS", "VALKEY", "CACHE", "KEYDB"};
  static constexpr std::array<const char*, 5> kPostgres = {"PG", "POSTGRES", "DB", "DATABASE", "SQL"};
  static constexpr std::array<const char*, 5> kSecret = {"PASS", "PWD", "AUTH", "SECRET", "TOKEN"};
  const auto has_any = [](const std::string& n, const auto& words) {
    return std::any_of(words.begin(), words.end(), [&](const char* w) { return n.find(w) != std::string::npos; });
  };
  const std::string u = upper(name);
  if (!has_any(u, kSecret)) return false;
  return (scheme == "redis" && has_any(u, kRedis)) || (scheme == "postgresql" && has_any(u, kPostgres));
}

bool companion_password(const Service& s, const std::string& scheme) {
  // An env_file this machine lacks (git-ignored `.env`, made from `.env.example` at setup) may give
  // the password (rw22 QJudge: DB_PASSWORD in the backend's git-ignored .env): unknown, not missing.
  if (!s.unread_env_files().empty()) return true;
  // Present is enough: an empty value may be a `${VAR}` set where it is deployed.
  return std::any_of(s.environment.begin(), s.environment.end(),
                     [&](const auto& entry) { return names_password(entry.first, scheme); });
}

// The app's own dotenv in a source directory the service mounts (Laravel's /var/www/html/.env, read
// by the app at start): a password variable there (or in its committed `.env.example`) reaches the
// client without compose (rw11 immo-guinee's scheduler).
// A source directory mounted from outside the stack root (`../backend:/var/www/html`, rw18
// immo-guinee's deploy/) cannot be read: its dotenv may give the password, so it is unknown.
bool app_dotenv_password(const FileSystem& fs, const Service& s, const std::string& scheme) {
  for (const Mount& m : s.mounts) {
    if (m.bind && !m.host_path.empty() && path::basename(m.host_path).find('.') == std::string::npos &&
        (m.source.rfind("../", 0) == 0 || fs.stat(m.host_path).status == OpenStatus::outside_root)) {
      return true;
    }
    if (!m.bind || !m.is_directory || m.host_path.empty()) continue;
    for (const char* name : {".env", ".env.example"}) {
      const FileRead read = fs.read_file(path::join(m.host_path, name), 256 * 1024);
      if (read.status != OpenStatus::found) continue;
      // Present is enough: the app reads it (its value is set where it runs).
      const compose::Dotenv env = compose::parse_dotenv(read.text, {});
      if (std::any_of(env.values.begin(), env.values.end(),
                      [&](const auto& kv) { return names_password(kv.first, scheme); })) {
        return true;
      }
    }
  }
  return false;
}

// An image a project built on top of a program (data/images.tsv family `other`), not the program's
// own or a known packager's: its defaults are its own.
bool project_image(const Service& s) {
  const knowledge::ImageFact* fact = compose::image_fact(s);
  return fact != nullptr && fact->family == knowledge::ImageFamily::other;
}

// The ports the image serves beside its server's (data/images.tsv `also`: redis/redis-stack's
// Redis Insight on 8001), when the server's are known.
void add_image_ports(const Service& s, ServerPorts& out) {
  if (out.ports.empty()) return;
  const knowledge::ImageFact* fact = compose::image_fact(s);
  if (fact == nullptr) return;
  for (const knowledge::ImagePort& p : fact->also) {
    if (std::find(out.ports.begin(), out.ports.end(), p.port) != out.ports.end()) continue;
    out.ports.push_back(p.port);
    out.what += "; " + std::to_string(p.port) + ": " + p.what + ", the image's";
  }
}

// A Bitnami image's server listens where its entrypoint writes the port from the environment:
// REDIS_PORT_NUMBER (VALKEY_PORT_NUMBER, POSTGRESQL_PORT_NUMBER), else the program's default; a
// `-cluster` image's node also on its cluster bus, that port + 10000 (rw164 docker-stack: six
// bitnami/redis-cluster nodes on 6381-6386 and 16381-16386). False for other images, and the ports
// unknown when the variable is no number written in the stack.
bool bitnami_ports(const Service& s, ServerPorts& out) {
  if (!s.image) return false;
  const std::string repository = compose::analyze_image(s.image->value).repository;
  const knowledge::ImageFact* fact = knowledge::find_image(repository);
  if (fact == nullptr || fact->family != knowledge::ImageFamily::bitnami) return false;
  const char* variable = fact->program == "valkey-server" ? "VALKEY_PORT_NUMBER"
                         : fact->program == "postgres"    ? "POSTGRESQL_PORT_NUMBER"
                                                          : "REDIS_PORT_NUMBER";
  int port = s.role == Role::postgres ? 5432 : 6379;
  out.what = "the image default";
  if (const auto it = s.environment.find(variable); it != s.environment.end()) {
    const std::string& value = it->second.value;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), port);
    // Not a number written here (set where it runs): unknown.
    if (error != std::errc() || end != value.data() + value.size() || port <= 0 || port > 65535) return true;
    out.location = it->second.location;
    out.what = variable;
  }
  out.ports = {port};
  if (repository.ends_with("-cluster") && port + 10000 <= 65535) {
    out.ports.push_back(port + 10000);
    out.what += " and the cluster bus";
  }
  return true;
}

}  // namespace

std::optional<ClientConnection> parse_connection(std::string_view variable, std::string_view value) {
  std::optional<ClientConnection> c;
  if (value.find("://") != std::string_view::npos) {
    c = parse_url(value);
  } else if (variable == "REDIS_ADDR") {
    if (const auto hp = parse_redis_addr(value)) {
      c = ClientConnection{.scheme = "redis",
                           .host = hp->host,
                           .port = hp->port,
                           .port_written = value.find(':') != std::string_view::npos};
    }
  } else if (variable == "DATA_SOURCE_URI") {
    if (const auto hp = parse_postgres_uri(value)) {
      c = ClientConnection{.scheme = "postgresql", .host = hp->host, .port = hp->port, .port_written = true};
    }
  } else {
    c = parse_dsn(value);
  }
  if (c) c->variable = std::string(variable);
  return c;
}

namespace {

// A server of the stack whose own configuration keeps it on loopback addresses (a mounted
// postgresql.conf without listen_addresses: postgres's default is localhost; a host's redis.conf with
// `bind 127.0.0.1 -::1`; pgbouncer's `listen_addr = 127.0.0.1`): no other container reaches it.
void loopback_listener(const Service& s, ServerPorts& out) {
  if (s.role == Role::postgres && s.postgres && listens_on_loopback_only(*s.postgres)) {
    const Location at = s.postgres->location_of("listen_addresses");
    // postgres's own default applies with the official image's entrypoint, which writes nothing into
    // the file; Bitnami's and other packagers' entrypoints may set the address themselves.
    if (!at.valid() && !compose::runs_official_entrypoint(s)) return;
    if (at.valid()) {
      out.loopback = "listen_addresses = '" + s.postgres->string("listen_addresses") + "'";
      out.loopback_location = at;
    } else {
      out.loopback = s.postgres->files.front() + " does not set listen_addresses, and postgres's default is '" +
                     s.postgres->string("listen_addresses") + "'";
      out.loopback_location = Location::whole_file(s.postgres->files.front());
    }
  } else if (s.role == Role::redis && s.redis && s.redis->starts) {
    const Setting* bind = s.redis->find("bind");
    if (bind != nullptr && loopback_only(bind->current.raw)) {
      out.loopback = "bind " + bind->current.raw;
      out.loopback_location = bind->current.location;
    }
  } else if (s.role == Role::pgbouncer && s.pgbouncer && s.pgbouncer->origin == "file") {
    const std::string addr = s.pgbouncer->text("listen_addr");
    if (loopback_only(addr)) {
      out.loopback = "listen_addr = " + addr;
      out.loopback_location = s.pgbouncer->location_of("listen_addr");
    }
  }
}

}  // namespace

namespace {

// Whether an exporter of an official image runs on its registered port: no `--web.listen-address`
// (`-web.listen-address` for redis_exporter) on its command line, no `*_LISTEN_ADDRESS` variable
// (PG_EXPORTER_WEB_LISTEN_ADDRESS, REDIS_EXPORTER_WEB_LISTEN_ADDRESS) in its environment.
bool exporter_on_default_port(const Service& s) {
  const knowledge::ImageFact* fact = compose::image_fact(s);
  if (fact == nullptr || fact->family != knowledge::ImageFamily::official) return false;
  if (s.command && std::ranges::any_of(s.command->value, [](const std::string& word) {
        return word.find("listen-address") != std::string::npos;
      })) {
    return false;
  }
  return std::ranges::none_of(s.environment,
                              [](const auto& kv) { return kv.first.find("LISTEN_ADDRESS") != std::string::npos; });
}

}  // namespace

ServerPorts listen_ports(const Service& s) {
  ServerPorts out;
  const auto setting = [&](int port, const Location& where, const std::string& what) {
    out.ports = {port};
    out.location = where;
    out.what = where.valid() ? what : "the image default";
  };
  if (s.role == Role::postgres && s.postgres) {
    setting(static_cast<int>(s.postgres->integer("port")), s.postgres->location_of("port"), "port");
    if (!out.location.valid() && !s.command && !s.entrypoint()) bitnami_ports(s, out);
  } else if (s.role == Role::redis && s.redis) {
    // `port 0` turns the plain listener off; `tls-port` adds the TLS one.
    const int port = static_cast<int>(s.redis->port());
    const int tls = static_cast<int>(s.redis->tls_port());
    setting(port, s.redis->location_of("port"), "port");
    if (tls > 0) {
      out.ports.erase(std::remove(out.ports.begin(), out.ports.end(), 0), out.ports.end());
      out.ports.push_back(tls);
      if (port == 0) out.location = s.redis->location_of("tls-port");
      out.what = port == 0 ? "tls-port" : "port and tls-port";
    }
    // A cluster node also listens on its cluster bus (rw24: `17001:17001` beside `7001:7001`).
    if (const int bus = static_cast<int>(s.redis->cluster_bus_port()); bus > 0) {
      out.ports.push_back(bus);
      out.what += " and the cluster bus";
    }
  } else if (s.role == Role::pgbouncer && s.pgbouncer && s.pgbouncer->listen_port() > 0) {
    const Location at = s.pgbouncer->location_of("listen_port");
    setting(static_cast<int>(s.pgbouncer->listen_port()), at, "listen_port");
    if (s.pgbouncer->origin != "file" && s.image && at == s.image->location) {
      out.what = s.pgbouncer->origin + "'s default; " +
                 (s.pgbouncer->origin == "bitnami/pgbouncer" ? "PGBOUNCER_PORT" : "LISTEN_PORT") + " sets it";
    }
  } else if (s.role == Role::prometheus) {
    setting(prometheus_listen_port(s), Location{}, "--web.listen-address");
  } else if (s.role == Role::alertmanager) {
    setting(alertmanager_listen_port(s), Location{}, "--web.listen-address");
    // Its cluster's gossip port too (rw155 agl-hostman: `9094:9094` beside
    // `--cluster.listen-address=0.0.0.0:9094`), unless the flag turns clustering off.
    if (const int cluster = alertmanager_cluster_port(s);
        cluster > 0 && std::find(out.ports.begin(), out.ports.end(), cluster) == out.ports.end()) {
      out.ports.push_back(cluster);
      out.what += " and its cluster port";
    }
  } else if (s.role == Role::grafana && s.grafana && s.grafana->http_port > 0 &&
             (s.grafana->http_port_location.valid() || !project_image(s))) {
    // A project's own Grafana image (sourcegraph/grafana) may serve another port than 3000 from
    // its baked-in grafana.ini or a proxy in front: only a port written in the stack is known.
    // Port 0: a mounted grafana.ini's http_port that Grafana expands from its environment.
    setting(static_cast<int>(s.grafana->http_port), s.grafana->http_port_location, s.grafana->http_port_setting);
  } else if (s.role == Role::cadvisor && !s.entrypoint()) {
    // The image's entrypoint runs cadvisor with the command's flags; -port moves it from 8080.
    if (const int port = cadvisor_listen_port(s); port > 0) {
      setting(port, port == 8080 || !s.command ? Location{} : s.command->location, "-port");
    }
  } else if ((s.role == Role::node_exporter || s.role == Role::redis_exporter || s.role == Role::postgres_exporter) &&
             !s.entrypoint() && exporter_on_default_port(s)) {
    // An exporter's official image listens on its registered port (9100, 9121, 9187) unless a flag
    // or its environment moves it (rw256 MGL870TP1: `dbbanque_exporter:9188` scraped, `9188:9187`).
    for (const knowledge::PortFact* f : knowledge::ports_of(s.role)) out.ports.push_back(f->port);
    out.what = "the image default";
  } else if ((s.role == Role::redis || s.role == Role::postgres) && !s.command && !s.entrypoint()) {
    // The image's own command runs its server; a command of its own (`sh -c ...`, redis-sentinel)
    // may run anything on any port: unknown.
    if (!bitnami_ports(s, out)) {
      for (const knowledge::PortFact* f : knowledge::ports_of(s.role)) out.ports.push_back(f->port);
      out.what = "the image default";
    }
  }
  add_image_ports(s, out);
  loopback_listener(s, out);
  return out;
}

namespace {

// Where a connection leads from `from`, and the ports the reached service listens on.
void resolve(const Stack& stack, const Service& from, ClientConnection& c) {
  const Endpoint e = resolve_endpoint(stack, from, c.host, c.port);
  c.service = e.service;
  c.resolved_by = e.resolved_by;
  c.external = e.external;
  c.unreachable_reason = e.unreachable_reason;
  // An env file from outside the stack's directory that another compose file of the tree shares
  // (a development stack reusing the deployment's `../config/prod.env`) carries that stack's URLs
  // too: a host only that stack names is its own, not one this service fails to find.
  if (c.service.empty() && !c.external && c.resolved_by.empty() && c.unreachable_reason.empty() &&
      c.location.file.str().starts_with("../")) {
    std::string h = c.host;
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (stack.surroundings.tree_names.count(h) > 0) c.resolved_by = "another compose file that shares this env file";
  }
  if (const Service* target = stack.find_service(c.service)) {
    c.listen_ports = target->listen.ports;
    c.listen_location = target->listen.location;
  }
}

}  // namespace

// A variable whose words say it is an address of the program itself: PUBLIC, ADMIN, BASE,
// EXTERNAL, ROOT, SELF, ADVERTISED (KRATOS_PUBLIC_URL), not another server's (API_BACKEND_URL).
bool names_own_address(std::string_view variable) {
  size_t start = variable.find('_');
  while (start != std::string_view::npos && start < variable.size()) {
    const size_t end = std::min(variable.find('_', start + 1), variable.size());
    const std::string word = upper(variable.substr(start + 1, end - start - 1));
    if (word == "PUBLIC" || word == "ADMIN" || word == "BASE" || word == "EXTERNAL" || word == "ROOT" ||
        word == "SELF" || word == "ADVERTISED" || word == "ADVERTISE") {
      return true;
    }
    start = end;
  }
  return false;
}

// An http URL a program sends the browser to, or its own issuer, not a server it dials: a word
// LOGIN, LOGOUT, CONSENT, REDIRECT, CALLBACK or RETURN in the name, or SELF with ISSUER (ory/hydra's
// URLS_LOGIN, URLS_CONSENT, URLS_SELF_ISSUER: rw104, four wrong findings). An OIDC_ISSUER alone is
// dialed: clients fetch its discovery document. So is a resource server's ISSUER_URI, but an
// authorization server's own issuer (Spring's SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER) is
// the name it writes into tokens. A FRONTEND URL of a backend is where it sends the browser after a
// login or in a mail (APP_FRONTEND_BASE_URL, rw162 portal-universe). An EXTERNAL address or URL is
// the one a server hands its clients (MINIO_EXTERNAL_ADDRESS for presigned links, rw196 openim-docker).
// A variable a frontend build inlines into the browser's bundle (VITE_, NEXT_PUBLIC_, REACT_APP_,
// VUE_APP_, NUXT_PUBLIC_, EXPO_PUBLIC_, GATSBY_) holds the address the browser calls: rw201 banxe's
// `VITE_API_URL: http://gmktec:3000`, the machine on the LAN.
bool names_browser_address(std::string_view variable) {
  const std::string name = upper(variable);
  for (const std::string_view prefix :
       {"VITE_", "NEXT_PUBLIC_", "REACT_APP_", "VUE_APP_", "NUXT_PUBLIC_", "EXPO_PUBLIC_", "GATSBY_"}) {
    if (name.starts_with(prefix)) return true;
  }
  const std::vector<std::string> words = lower_words(variable, "_");
  const auto has = [&](std::string_view w) { return std::find(words.begin(), words.end(), w) != words.end(); };
  return has("login") || has("logout") || has("consent") || has("redirect") || has("callback") || has("return") ||
         has("frontend") || (has("issuer") && (has("self") || has("authorizationserver"))) ||
         (has("external") && (has("address") || has("url"))) || has("externaladdress") || has("externalurl");
}

// An image that serves a web page and writes its http URLs into it for the browser to fetch: Swagger
// UI's URL and URLS (rw138 nginx-proxy-manager: `URL: http://npm:81/api/schema`), ReDoc's SPEC_URL.
// The container dials none of them.
bool serves_browser_page(const Service& s) {
  if (!s.image) return false;
  const std::string repository = compose::analyze_image(s.image->value).repository;
  return repository == "swaggerapi/swagger-ui" || repository == "swaggerapi/swagger-editor" ||
         repository == "redocly/redoc";
}

// A switch beside the variable that turns its feature off (`TRACING_ENABLED: false` beside
// `TRACING_ENDPOINT`, `PRESS_OTLP_TRACING_ENABLED` beside `OTLP_TRACING_ENDPOINT`): the words before
// ENABLED and the variable's words before its last one (ENDPOINT, URL...) end alike, one being the
// other with a prefix (DATABASE_SSL_ENABLED is no switch of DATABASE_URL), and it says false, 0, no or off.
// With the feature off the program never dials the URL (rw10: press-nexus's tracing default).
bool feature_disabled(const Service& s, const std::string& variable) {
  const auto words = [](std::string_view name) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= name.size()) {
      const size_t end = std::min(name.find('_', start), name.size());
      if (end > start) out.push_back(upper(name.substr(start, end - start)));
      start = end + 1;
    }
    return out;
  };
  std::vector<std::string> feature = words(variable);
  if (feature.size() < 2) return false;
  feature.pop_back();  // ENDPOINT, URL, HOST, ADDR...
  for (const auto& [name, value] : s.environment) {
    std::vector<std::string> w = words(name);
    if (w.size() < 2 || (w.back() != "ENABLED" && w.back() != "ENABLE")) continue;
    w.pop_back();
    const size_t n = std::min(w.size(), feature.size());
    if (!std::equal(w.end() - static_cast<std::ptrdiff_t>(n), w.end(),
                    feature.end() - static_cast<std::ptrdiff_t>(n))) {
      continue;
    }
    const std::string v = upper(value.value);
    if (v == "FALSE" || v == "0" || v == "NO" || v == "OFF") return true;
  }
  return false;
}

// The http(s) URLs an Alertmanager's receivers post to (webhook_configs url, slack api_url...): a
// client's connections like any app's (rw11 SisCoE: a webhook to a telegram-bridge no service runs).
// Placeholders are alertmanager/placeholder-url's.
void alertmanager_urls(const Service& s, std::vector<ClientConnection>& out) {
  if (!s.alertmanager) return;
  for (const AmReceiver& r : s.alertmanager->receivers) {
    for (const AmIntegration& in : r.integrations) {
      for (const auto& [field, url] : in.urls) {
        if (url_placeholder(url.value) || url.value.find("{{") != std::string::npos) continue;
        auto c = parse_url(url.value);
        if (!c || (c->scheme != "http" && c->scheme != "https")) continue;
        c->variable = field + " of receiver '" + r.name.value + "'";
        c->location = url.location;
        out.push_back(std::move(*c));
      }
      // The SMTP server an email receiver sends through (rw211 uptrace: `mailhog:1025` after the
      // stack's mail service became mailpit).
      if (in.smarthost && in.smarthost->value.find("{{") == std::string::npos &&
          in.smarthost->value.find("${") == std::string::npos) {
        const HostPort hp = split_host_port(in.smarthost->value, 25);
        if (hp.host.empty()) continue;
        ClientConnection c;
        c.variable = "smarthost of receiver '" + r.name.value + "'";
        c.scheme = "smtp";
        c.host = hp.host;
        c.port = hp.port;
        c.port_written = in.smarthost->value.find(':') != std::string::npos;
        c.location = in.smarthost->location;
        out.push_back(std::move(c));
      }
    }
  }
}

namespace {

// A server whose image is its program, which no variable of an application configures: Redis,
// PostgreSQL, Prometheus, Alertmanager, cAdvisor, node_exporter. Not exporters, pgBouncer or Grafana,
// whose images take their servers' addresses from the environment (DATA_SOURCE_NAME, DATABASE_URL,
// GF_DATABASE_URL).
bool reads_no_app_variables(const Service& s) {
  switch (s.role) {
    case Role::redis:
    case Role::postgres:
    case Role::prometheus:
    case Role::alertmanager:
    case Role::cadvisor:
    case Role::node_exporter:
      return true;
    default:
      return false;
  }
}

}  // namespace

void bind_connections(Stack& stack, const FileSystem& fs) {
  for (Service& s : stack.services) s.listen = listen_ports(s);
  for (Service& s : stack.services) {
    std::vector<ClientConnection> found;
    for (const auto& [name, value] : s.environment) {
      if (name.size() > 6 && name.compare(name.size() - 6, 6, "__FILE") == 0) continue;
      auto c = parse_connection(name, value.value);
      if (!c || feature_disabled(s, name)) continue;
      // A database, cache or monitoring server started by its own image reads none of an app's
      // variables: `env_file: .env.development.default` listed on every service of rw99 lago's dev
      // stack gives its redis and sentinels LAGO_DATA_API_URL, which they never dial. A variable
      // named for the image's program (bitnami's REDIS_MASTER_HOST) is the image's own.
      if (reads_no_app_variables(s) && !(s.image && knowledge::names_image_program(name, s.image->value))) continue;
      // An http URL named for the service's own program and for an address of its own
      // (KRATOS_ADMIN_URL, KRATOS_PUBLIC_URL on oryd/kratos) is where the program is reached, which
      // it advertises, not a server it dials (rw16 Alt).
      if ((c->scheme == "http" || c->scheme == "https") && s.image &&
          knowledge::names_image_program(name, s.image->value) && names_own_address(name)) {
        continue;
      }
      if ((c->scheme == "http" || c->scheme == "https") && (names_browser_address(name) || serves_browser_page(s))) {
        continue;
      }
      // A URL whose host is the image's own program (`AWS_ENDPOINT=http://localstack:4566` on a
      // localstack/localstack service named sqs, rw220 intuition-rs): the address the program
      // advertises to its clients under its usual name, not a server it dials.
      if (s.image && !c->host.empty() && stack.find_service(c->host) == nullptr &&
          ascii_lower(c->host) == ascii_lower(path::basename(compose::analyze_image(s.image->value).repository))) {
        continue;
      }
      // A variable named for tests (TEST_SINK_URL, rw111 rudder-server): the test suite's, which the
      // program it is given to does not read.
      if (names_test_variable(name)) continue;
      // A host that only the repository's `.env.example` supplies (`https://<beacon-node-url>`) is an
      // example the user replaces, not a host of the deployment (rw4: lidofinance).
      if (uses_template_variable(stack, value.location) &&
          written_text(stack, value.location).find(c->host) == std::string::npos) {
        continue;
      }
      c->location = value.location;
      found.push_back(std::move(*c));
    }
    host_port_pairs(s, found);
    alertmanager_urls(s, found);
    // A host no resolver accepts (`**********`, a redacted value; `<db-host>`, a fill-in): a
    // placeholder the user replaces, not an address (rw130 tracetest's Vercel example).
    std::erase_if(found, [](const ClientConnection& c) { return !plausible_host(c.host); });
    for (ClientConnection& c : found) {
      // The same server's URL with a password beside it (`REDIS_URI=redis://:${REDIS_PASSWORD}@cache:6379`
      // next to `REDIS_HOST=cache`): the split-out parts of that one connection (rw77 whaticket).
      const bool url_beside = std::any_of(found.begin(), found.end(), [&](const ClientConnection& o) {
        if (&o == &c || o.scheme != c.scheme || o.host != c.host) return false;
        return o.has_password || url_password_range(written_text(stack, o.location)).has_value();
      });
      if (!c.has_password) {
        c.has_password = url_beside || companion_password(s, c.scheme) || app_dotenv_password(fs, s, c.scheme);
      }
      resolve(stack, s, c);
    }
    if (!found.empty()) s.more().connections = std::move(found);
    if (s.grafana) {
      for (GrafanaDatasource& d : s.grafana->datasources) {
        if (!d.url || d.access == "direct") continue;  // direct: the browser connects, not the container
        auto c = parse_connection("url", d.url->value);
        if (!c || c->host.empty()) continue;
        c->location = d.url->location;
        resolve(stack, s, *c);
        d.target = std::move(*c);
      }
    }
    if (s.pgbouncer) {
      for (PgBouncerDatabase& d : s.pgbouncer->databases) {
        if (d.host.empty()) continue;  // the `*` entry too: it serves every database no entry names
        d.target_service = resolve_endpoint(stack, s, d.host, static_cast<int>(d.port)).service;
      }
    }
  }
}

}  // namespace stacklint
