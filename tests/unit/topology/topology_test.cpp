#include "linter/stack/topology.h"

#include <catch2/catch.hpp>

#include "linter/model/prom_config.h"
#include "linter/stack/assemble.h"

using namespace stacklint;

namespace {

const std::string kPromMount = "    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n";

// A stack at /s with that compose file and a prometheus.yml whose one job scrapes `targets`.
Stack load(const std::string& compose, const std::vector<std::string>& targets) {
  MemoryFileSystem fs;
  fs.add("/s/compose.yaml", compose);
  std::string prom = "scrape_configs:\n  - job_name: j\n    static_configs:\n      - targets:\n";
  for (const auto& t : targets) prom += "          - '" + t + "'\n";
  fs.add("/s/prometheus.yml", prom);
  StackRequest req;
  req.paths = {"/s"};
  StackLoad r = load_stack(fs, req);
  REQUIRE(r.usage_errors.empty());
  return std::move(r.stack);
}

const ScrapeTarget& target(const Stack& s, size_t i, const std::string& prom = "prometheus") {
  const Service* p = s.find_service(prom);
  REQUIRE(p != nullptr);
  REQUIRE(p->prometheus);
  REQUIRE(p->prometheus->jobs.size() == 1);
  REQUIRE(p->prometheus->jobs[0].targets.size() > i);
  return p->prometheus->jobs[0].targets[i];
}

// "service|resolved_by|external" of a target, compact for CHECKs.
std::string where(const ScrapeTarget& t) {
  return t.service + "|" + t.resolved_by + "|" + (t.external ? "external" : "");
}

Stack exporters(const std::string& env_lines, const std::string& image, const std::string& extra = "") {
  MemoryFileSystem fs;
  fs.add("/s/compose.yaml",
         "services:\n  redis:\n    image: redis:7.2\n  postgres:\n    image: postgres:16\n"
         "  exp:\n    image: " +
             image + "\n" + extra + (env_lines.empty() ? "" : "    environment:\n" + env_lines));
  StackRequest req;
  req.paths = {"/s"};
  StackLoad r = load_stack(fs, req);
  REQUIRE(r.usage_errors.empty());
  return std::move(r.stack);
}

const Service& exporter(const Stack& s) {
  return *s.find_service("exp");
}

// "host:port", or "none" when the address names no TCP host.
std::string hp(const std::optional<HostPort>& h) {
  return h ? h->host + ":" + std::to_string(h->port) : "none";
}

}  // namespace

TEST_CASE("topology: host and port are split, the scheme's port applies when none is written") {
  CHECK(split_host_port("redis:6379", 80).host == "redis");
  CHECK(split_host_port("redis:6379", 80).port == 6379);
  CHECK(split_host_port("redis", 443).port == 443);
  CHECK(split_host_port("[::1]:9090", 80).host == "::1");
  CHECK(split_host_port("[::1]:9090", 80).port == 9090);
  CHECK(split_host_port("[fd00::1]", 80).port == 80);
  CHECK(split_host_port("redis:http", 80).port == 0);
}

TEST_CASE("topology: targets by service name, container_name and case-insensitive names") {
  const Stack s = load("services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n" + kPromMount +
                           "  node-exporter:\n    image: prom/node-exporter:v1.8.1\n    container_name: node\n",
                       {"node-exporter:9100", "node:9100", "NODE-EXPORTER:9100", "nodeexporter:9100"});
  CHECK(where(target(s, 0)) == "node-exporter|service name|");
  CHECK(target(s, 0).host == "node-exporter");
  CHECK(target(s, 0).port == 9100);
  CHECK(where(target(s, 1)) == "node-exporter|container_name|");
  CHECK(where(target(s, 2)) == "node-exporter|service name|");
  CHECK(where(target(s, 3)) == "||");  // unresolved
}

TEST_CASE("topology: a network alias resolves only on its network; names on other networks do not") {
  const Stack s = load(
      "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    networks: [mon]\n" + kPromMount +
          "  exporter:\n    image: oliver006/redis_exporter\n    networks:\n      mon:\n        aliases: [metrics]\n"
          "      back:\n        aliases: [back-only]\n"
          "  redis:\n    image: redis:7.2\n    networks: [back]\nnetworks:\n  mon:\n  back:\n",
      {"metrics:9121", "back-only:9121", "redis:6379", "exporter:9121"});
  CHECK(where(target(s, 0)) == "exporter|network alias|");
  CHECK(where(target(s, 1)) == "||");
  CHECK(where(target(s, 2)) == "||");
  CHECK(where(target(s, 3)) == "exporter|service name|");
  const Service& prom = *s.find_service("prometheus");
  const Endpoint e = resolve_endpoint(s, prom, "redis", 6379);
  CHECK(e.unreachable_service == "redis");
  CHECK(e.unreachable_reason ==
        "\"redis\" is service redis, which is only on network back, and prometheus is on "
        "network mon");
  const Endpoint alias = resolve_endpoint(s, prom, "back-only", 9121);
  CHECK(alias.unreachable_reason ==
        "\"back-only\" is the network alias of exporter, which is only on network back, and prometheus is on "
        "network mon");
}

TEST_CASE("topology: services without networks share `default`") {
  const Stack s = load("services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n" + kPromMount +
                           "  app:\n    image: myapp\n  other:\n    image: x\n    networks: [private]\n"
                           "networks:\n  private:\n",
                       {"app:8000", "other:8000"});
  CHECK(where(target(s, 0)) == "app|service name|");
  CHECK(where(target(s, 1)) == "||");
}

TEST_CASE("topology: localhost is the Prometheus container; IPs and dotted names are external") {
  const Stack s = load("services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n" + kPromMount,
                       {"localhost:9090", "127.0.0.1:9100", "[::1]:9100", "10.1.2.3:9100", "host.docker.internal:9100",
                        "db.example.com:5432", "[fd00::1]:9100"});
  CHECK(where(target(s, 0)) == "prometheus|localhost|");
  CHECK(where(target(s, 1)) == "prometheus|localhost|");
  CHECK(where(target(s, 2)) == "prometheus|localhost|");
  CHECK(target(s, 2).host == "::1");
  CHECK(where(target(s, 3)) == "||external");
  CHECK(where(target(s, 4)) == "||external");
  CHECK(where(target(s, 5)) == "||external");
  CHECK(where(target(s, 6)) == "||external");
}

TEST_CASE("topology: network_mode host: localhost is the host, names do not resolve") {
  const Stack s =
      load("services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    network_mode: host\n" + kPromMount +
               "  node:\n    image: prom/node-exporter\n    network_mode: host\n"
               "  cadvisor:\n    image: gcr.io/cadvisor/cadvisor\n    ports: ['8080:8080']\n"
               "  web:\n    image: nginx\n    ports: ['127.0.0.1:8000-8010:80']\n",
           {"localhost:9100", "localhost:8080", "localhost:9090", "localhost:8005", "localhost:7777", "cadvisor:8080"});
  CHECK(where(target(s, 0)) == "node|host network|");
  CHECK(where(target(s, 1)) == "cadvisor|host network|");
  CHECK(where(target(s, 2)) == "prometheus|host network|");
  CHECK(where(target(s, 3)) == "web|host network|");
  CHECK(where(target(s, 4)) == "|host network|");
  CHECK(where(target(s, 5)) == "||");
  const Endpoint e = resolve_endpoint(s, *s.find_service("prometheus"), "cadvisor", 8080);
  CHECK(e.unreachable_reason ==
        "\"cadvisor\" is service cadvisor, but prometheus runs with network_mode: host, where compose names do not "
        "resolve (use localhost and a published port)");
}

TEST_CASE("topology: network_mode service:X shares X's namespace and networks") {
  const Stack s = load("services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    network_mode: service:vpn\n" +
                           kPromMount +
                           "  vpn:\n    image: wireguard\n    networks: [mon]\n"
                           "  node:\n    image: prom/node-exporter\n    networks: [mon]\n"
                           "  redis:\n    image: redis:7.2\n    networks: [mon]\n"
                           "  sidecar:\n    image: oliver006/redis_exporter\n    network_mode: service:redis\n"
                           "networks:\n  mon:\n",
                       {"localhost:9090", "localhost:8080", "node:9100", "sidecar:9121", "redis:9121"});
  CHECK(where(target(s, 0)) == "prometheus|localhost|");
  CHECK(where(target(s, 1)) == "vpn|localhost|");
  CHECK(where(target(s, 2)) == "node|service name|");
  CHECK(where(target(s, 3)) == "||");  // a service:X container has no name of its own
  CHECK(where(target(s, 4)) == "redis|service name|");
}

TEST_CASE("topology: localhost reaches the sidecars that share Prometheus's namespace") {
  const Stack s = load("services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n" + kPromMount +
                           "  node:\n    image: prom/node-exporter\n    network_mode: service:prometheus\n"
                           "  app:\n    image: myapp\n    network_mode: service:prometheus\n",
                       {"localhost:9100", "localhost:8000", "localhost:9090"});
  CHECK(where(target(s, 0)) == "node|localhost|");
  CHECK(where(target(s, 1)) == "app|localhost|");  // its ports are unknown: it may serve 8000
  CHECK(where(target(s, 2)) == "prometheus|localhost|");
}

TEST_CASE("topology: --web.listen-address sets the port Prometheus serves") {
  Service p;
  p.role = Role::prometheus;
  CHECK(prometheus_listen_port(p) == 9090);
  p.command = Located<std::vector<std::string>>{.value = {"--web.listen-address=:9091"}, .location = {}};
  CHECK(prometheus_listen_port(p) == 9091);
  p.command = Located<std::vector<std::string>>{.value = {"--web.listen-address", "0.0.0.0:9500"}, .location = {}};
  CHECK(prometheus_listen_port(p) == 9500);
}

TEST_CASE("topology: REDIS_ADDR forms") {
  CHECK(hp(parse_redis_addr("redis://redis:6379")) == "redis:6379");
  CHECK(hp(parse_redis_addr("rediss://user:pw@cache:6380/0")) == "cache:6380");
  CHECK(hp(parse_redis_addr("redis://redis")) == "redis:6379");
  CHECK(hp(parse_redis_addr("redis:6379")) == "redis:6379");
  CHECK(hp(parse_redis_addr("redis")) == "redis:6379");
  CHECK(hp(parse_redis_addr("redis://:pw@localhost:6379")) == "localhost:6379");
  CHECK(hp(parse_redis_addr("unix:///tmp/redis.sock")) == "none");

  const Stack url = exporters("      REDIS_ADDR: redis://redis:6379\n", "oliver006/redis_exporter:v1.62.0");
  CHECK(exporter(url).observes() == "redis");
  CHECK(exporter(url).observes_location().line == 9);
  const Stack plain = exporters("      - REDIS_ADDR=redis:6379\n", "oliver006/redis_exporter:v1.62.0");
  CHECK(exporter(plain).observes() == "redis");
  // The default redis://localhost:6379 is the exporter itself, unless it shares redis's namespace.
  const Stack def = exporters("", "oliver006/redis_exporter:v1.62.0");
  CHECK(exporter(def).observes().empty());
  CHECK_FALSE(exporter(def).observes_location().valid());
  const Stack side = exporters("", "oliver006/redis_exporter:v1.62.0", "    network_mode: service:redis\n");
  CHECK(exporter(side).observes() == "redis");
  // --redis.addr in the command wins over the environment.
  const Stack cmd = exporters("      REDIS_ADDR: redis://nowhere:6379\n", "oliver006/redis_exporter:v1.62.0",
                              "    command: ['--redis.addr=redis://redis:6379']\n");
  CHECK(exporter(cmd).observes() == "redis");
  CHECK(exporter(cmd).observes_location().line == 8);
  const Stack other = exporters("      REDIS_ADDR: redis://elsewhere:6379\n", "oliver006/redis_exporter:v1.62.0");
  CHECK(exporter(other).observes().empty());
}

TEST_CASE("topology: DATA_SOURCE_NAME (URL and key=value) and DATA_SOURCE_URI") {
  CHECK(hp(parse_postgres_dsn("postgresql://u:p@db:5433/app?sslmode=disable")) == "db:5433");
  CHECK(hp(parse_postgres_dsn("postgres://db/app")) == "db:5432");
  CHECK(hp(parse_postgres_dsn("postgresql://u@h1:5432,h2:5433/app")) == "h1:5432");
  CHECK(hp(parse_postgres_dsn("postgresql:///app?host=pg")) == "pg:5432");
  CHECK(hp(parse_postgres_dsn("postgresql://u:p@/app?host=pg&port=6432")) == "pg:6432");
  CHECK(hp(parse_postgres_dsn("postgresql:///app?host=/var/run/postgresql")) == "none");
  CHECK(hp(parse_postgres_dsn("host=pg port=6432 user=u password='a b' sslmode=disable")) == "pg:6432");
  CHECK(hp(parse_postgres_dsn("user=u dbname=x")) == "localhost:5432");
  CHECK(hp(parse_postgres_dsn("host=/tmp user=u")) == "none");
  CHECK(hp(parse_postgres_uri("postgres:5432/postgres?sslmode=disable")) == "postgres:5432");
  CHECK(hp(parse_postgres_uri("db/postgres")) == "db:5432");

  const std::string image = "quay.io/prometheuscommunity/postgres-exporter:v0.15.0";
  auto observes = [&image](const std::string& env) { return exporter(exporters(env, image)).observes(); };
  CHECK(observes("      DATA_SOURCE_NAME: postgresql://u:p@postgres:5432/db?sslmode=disable\n") == "postgres");
  CHECK(observes("      DATA_SOURCE_NAME: host=postgres user=u sslmode=disable\n") == "postgres");
  CHECK(observes("      DATA_SOURCE_URI: postgres:5432/db?sslmode=disable\n") == "postgres");
  // DATA_SOURCE_NAME wins over DATA_SOURCE_URI.
  CHECK(observes("      DATA_SOURCE_NAME: host=redis user=u\n      DATA_SOURCE_URI: postgres:5432/db\n") == "redis");
  CHECK(observes("      DATA_SOURCE_NAME: host=typo user=u\n").empty());
  CHECK(observes("").empty());
}
