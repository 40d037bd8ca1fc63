// Binding the new services into the stack: pgbouncer from a mounted ini or the image's environment,
// Alertmanager to the Prometheus that sends to it, Grafana datasources, and client connection
// strings resolved to the service and the port its server listens on.
#include "linter/stack/connections.h"

#include <catch2/catch.hpp>

#include "linter/model/am_config.h"
#include "linter/model/grafana_config.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/stack/assemble.h"

using namespace stacklint;

namespace {

Stack load(const std::map<std::string, std::string>& files) {
  MemoryFileSystem fs;
  for (const auto& [path, text] : files) fs.add("/s/" + path, text);
  StackRequest req;
  req.paths = {"/s"};
  StackLoad r = load_stack(fs, req);
  REQUIRE(r.usage_errors.empty());
  return std::move(r.stack);
}

}  // namespace

TEST_CASE("connections: URLs, DSNs and exporter addresses are parsed") {
  const auto url = parse_connection("DATABASE_URL", "postgresql+asyncpg://app:pw@pgbouncer:6432/app?ssl=false");
  REQUIRE(url);
  CHECK(url->scheme == "postgresql");
  CHECK(url->host == "pgbouncer");
  CHECK(url->port == 6432);
  CHECK(url->user == "app");
  CHECK(url->has_password);
  const auto redis = parse_connection("REDIS_URL", "redis://redis/0");
  REQUIRE(redis);
  CHECK(redis->port == 6379);
  CHECK_FALSE(redis->port_written);
  CHECK_FALSE(redis->has_password);
  const auto dsn = parse_connection("DATA_SOURCE_NAME", "host=db port=5433 user=x password=y sslmode=disable");
  REQUIRE(dsn);
  CHECK(dsn->host == "db");
  CHECK(dsn->port == 5433);
  CHECK(dsn->has_password);
  const auto addr = parse_connection("REDIS_ADDR", "cache:6380");
  REQUIRE(addr);
  CHECK(addr->port == 6380);
  CHECK_FALSE(parse_connection("LOG_LEVEL", "debug"));
  CHECK_FALSE(parse_connection("HOME_PAGE", "ftp://x"));
}

TEST_CASE("binding: edoburu's generated ini, with its default listen port 5432") {
  const Stack s = load({{"compose.yaml",
                         "services:\n  api:\n    image: example/api:1\n    environment:\n"
                         "      DATABASE_URL: postgres://app:pw@pgbouncer:6432/app\n  pgbouncer:\n"
                         "    image: edoburu/pgbouncer:1.21.0-p2\n    environment:\n"
                         "      DATABASE_URL: postgres://app:pw@postgres:5432/app\n      DEFAULT_POOL_SIZE: \"15\"\n"
                         "  postgres:\n    image: postgres:16\n"}});
  const Service* b = s.find_service("pgbouncer");
  REQUIRE(b != nullptr);
  REQUIRE(b->pgbouncer);
  const PgBouncerConfig& c = *b->pgbouncer;
  CHECK(c.errors.empty());
  CHECK(c.origin == "edoburu/pgbouncer");
  CHECK(c.version.minor == 21);
  CHECK(c.listen_port() == 5432);
  CHECK(c.integer("default_pool_size") == 15);
  CHECK(c.location_of("default_pool_size").line == 10);  // the variable
  REQUIRE(c.databases.size() == 1);
  CHECK(c.databases[0].name.value == "app");
  CHECK(c.databases[0].host == "postgres");
  CHECK(c.databases[0].auth_user == "app");
  const Service* api = s.find_service("api");
  REQUIRE(api->connections().size() == 1);
  CHECK(api->connections()[0].service == "pgbouncer");
  CHECK(api->connections()[0].listen_ports == std::vector<int>{5432});
}

TEST_CASE("binding: a mounted ini wins over the environment") {
  const Stack s = load({{"compose.yaml",
                         "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:latest\n    environment:\n"
                         "      DATABASE_URL: postgres://app:pw@postgres:5432/app\n      POOL_SIZE: \"20\"\n"
                         "    volumes:\n      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro\n"},
                        {"pgbouncer.ini", "[databases]\napp = host=postgres\n[pgbouncer]\nlisten_port = 6432\n"}});
  const auto& c = *s.find_service("pgbouncer")->pgbouncer;
  CHECK(c.errors.empty());  // POOL_SIZE is not written into a mounted ini
  CHECK(c.origin == "file");
  CHECK(c.listen_port() == 6432);
  CHECK(c.files == std::vector<std::string>{"pgbouncer.ini"});
}

TEST_CASE("binding: Alertmanager to the Prometheus that sends to it, Grafana datasources") {
  const Stack s =
      load({{"compose.yaml",
             "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n"
             "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n  am:\n    image: prom/alertmanager:v0.27.0\n"
             "    command: ['--config.file=/config/am.yml', '--web.listen-address=:9094']\n    volumes:\n"
             "      - ./am.yml:/config/am.yml:ro\n  grafana:\n    image: grafana/grafana:11.0.0\n    environment:\n"
             "      GF_SERVER_HTTP_PORT: \"3001\"\n      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/admin\n"
             "      PROM: prometheus:9090\n    volumes:\n      - ./grafana:/etc/grafana/provisioning:ro\n"},
            {"prometheus.yml", "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['am:9094']\n"},
            {"am.yml", "route:\n  receiver: a\nreceivers:\n  - name: a\n"},
            {"grafana/datasources/ds.yaml",
             "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n"
             "    url: http://${PROM}\n"}});
  const Service* am = s.find_service("am");
  REQUIRE(am->alertmanager);
  CHECK(am->alertmanager->version.minor == 27);
  CHECK(am->alertmanager->errors.empty());
  CHECK(am->alert_senders() == std::vector<std::string>{"prometheus"});
  CHECK(listen_ports(*am).ports == std::vector<int>{9094});
  const Service* g = s.find_service("grafana");
  REQUIRE(g->grafana);
  CHECK(g->grafana->http_port == 3001);
  const auto* pw = g->grafana->find("security", "admin_password");
  REQUIRE(pw != nullptr);
  CHECK(pw->from_file);
  REQUIRE(g->grafana->datasources.size() == 1);
  CHECK(g->grafana->datasources[0].url->value == "http://prometheus:9090");
}

TEST_CASE("binding: datasource files mounted one by one, and where their URLs lead") {
  const Stack s =
      load({{"compose.yaml",
             "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n"
             "    image: grafana/grafana:11.0.0\n    volumes:\n"
             "      - ./ds/prom.yml:/etc/grafana/provisioning/datasources/prom.yml:ro\n"
             "      - ./ds/notes.txt:/etc/grafana/provisioning/datasources/notes.txt:ro\n"},
            {"ds/prom.yml", "datasources:\n  - name: P\n    type: prometheus\n    url: http://prometheus:9091\n"},
            {"ds/notes.txt", "not yaml"}});
  const Service* g = s.find_service("grafana");
  REQUIRE(g->grafana);
  CHECK(g->grafana->provisioning_files == std::vector<std::string>{"ds/prom.yml"});
  REQUIRE(g->grafana->datasources.size() == 1);
  const auto& target = g->grafana->datasources[0].target;
  REQUIRE(target);
  CHECK(target->service == "prometheus");
  CHECK(target->port == 9091);
  CHECK(target->listen_ports == std::vector<int>{9090});
}
