#include "linter/formats/compose/syntax.h"

#include <catch2/catch.hpp>

using namespace stacklint::compose;
using V = std::vector<std::string>;

TEST_CASE("command lines split like a shell, without expansion") {
  CHECK(*split_shell("postgres -c max_connections=200", nullptr) == V{"postgres", "-c", "max_connections=200"});
  CHECK(*split_shell("  redis-server   --maxmemory 1gb ", nullptr) == V{"redis-server", "--maxmemory", "1gb"});
  CHECK(*split_shell("sh -c 'echo $HOME && ls'", nullptr) == V{"sh", "-c", "echo $HOME && ls"});
  CHECK(*split_shell("a \"b \\\"c\\\" d\" e", nullptr) == V{"a", "b \"c\" d", "e"});
  CHECK(*split_shell("a\\ b c", nullptr) == V{"a b", "c"});
  CHECK(*split_shell("x''y \"\"", nullptr) == V{"xy", ""});
  CHECK(split_shell("", nullptr)->empty());
  std::string err;
  CHECK_FALSE(split_shell("echo 'open", &err));
  CHECK(err == "unterminated single quote");
  CHECK_FALSE(split_shell("echo \"open", &err));
}

TEST_CASE("port specs") {
  auto p = parse_port_spec("8080:80", nullptr);
  REQUIRE(p);
  CHECK(p->published == "8080");
  CHECK(p->target == "80");
  CHECK(p->protocol == "tcp");
  p = parse_port_spec("127.0.0.1:5432:5432/udp", nullptr);
  REQUIRE(p);
  CHECK(p->host_ip == "127.0.0.1");
  CHECK(p->protocol == "udp");
  p = parse_port_spec("9090", nullptr);
  CHECK(p->target == "9090");
  CHECK(p->published.empty());
  p = parse_port_spec("[::1]:8080:80", nullptr);
  CHECK(p->host_ip == "::1");
  CHECK(p->published == "8080");
  p = parse_port_spec("127.0.0.1::80", nullptr);
  CHECK(p->host_ip == "127.0.0.1");
  CHECK(p->published.empty());
  p = parse_port_spec("3000-3005:3000-3005", nullptr);
  CHECK(p->target == "3000-3005");
  std::string err;
  CHECK_FALSE(parse_port_spec("80:http", &err));
  CHECK(err == "invalid port '80:http': the container port must be a number or a range");
  CHECK_FALSE(parse_port_spec("80/xyz", &err));
  p = parse_port_spec("::1:8080:80", nullptr);  // a bare IPv6 address: everything before the last two parts
  REQUIRE(p);
  CHECK(p->host_ip == "::1");
  CHECK_FALSE(parse_port_spec("8080::8080", &err));
  CHECK(err ==
        "invalid port '8080::8080': '8080' is no IP address (with two colons the first part is the host IP; write "
        "HOST_PORT:CONTAINER_PORT)");
  CHECK_FALSE(parse_port_spec("localhost:8080:80", &err));
  CHECK(err == "invalid port 'localhost:8080:80': 'localhost' is no IP address");
}

TEST_CASE("volume specs") {
  auto v = parse_volume_spec("./prom:/etc/prometheus:ro", nullptr);
  REQUIRE(v);
  CHECK(v->bind);
  CHECK(v->read_only);
  CHECK(v->source == "./prom");
  CHECK(v->target == "/etc/prometheus");
  v = parse_volume_spec("pgdata:/var/lib/postgresql/data", nullptr);
  CHECK_FALSE(v->bind);
  CHECK(v->source == "pgdata");
  v = parse_volume_spec("/data", nullptr);
  CHECK(v->source.empty());
  CHECK(v->target == "/data");
  v = parse_volume_spec("~/x:/x:rw,z", nullptr);
  CHECK(v->bind);
  CHECK_FALSE(v->read_only);
  CHECK(v->options == V{"rw", "z"});
  v = parse_volume_spec("C:\\data:/data", nullptr);
  CHECK(v->bind);
  CHECK(v->source == "C:\\data");
  std::string err;
  CHECK_FALSE(parse_volume_spec("a:b:c:d", &err));
  CHECK(err == "invalid volume 'a:b:c:d': too many colons");
}

TEST_CASE("image role and version") {
  auto r = [](const char* image) { return std::string(to_string(analyze_image(image).role)); };
  auto v = [](const char* image) { return analyze_image(image).version; };
  CHECK(r("postgres:15-alpine") == "postgres");
  CHECK(v("postgres:15-alpine") == "15");
  CHECK(r("docker.io/library/postgres:16.3") == "postgres");
  CHECK(v("docker.io/library/postgres:16.3") == "16.3");
  CHECK(r("bitnami/postgresql:15.4.0-debian-11-r10") == "postgres");
  CHECK(v("bitnami/postgresql:15.4.0-debian-11-r10") == "15.4.0");
  CHECK(r("redis:7.2-alpine") == "redis");
  CHECK(v("redis:7.2-alpine") == "7.2");
  CHECK(r("bitnami/redis") == "redis");
  CHECK(v("bitnami/redis") == "");
  CHECK(r("prom/prometheus:v2.53.0") == "prometheus");
  CHECK(v("prom/prometheus:v2.53.0") == "2.53.0");
  CHECK(r("quay.io/prometheus/prometheus:latest") == "prometheus");
  CHECK(v("quay.io/prometheus/prometheus:latest") == "");
  CHECK(r("grafana/grafana:10.4.2") == "grafana");
  CHECK(r("prom/alertmanager") == "alertmanager");
  CHECK(r("prom/node-exporter:v1.8.1") == "node-exporter");
  CHECK(r("quay.io/prometheus/node-exporter") == "node-exporter");
  CHECK(r("oliver006/redis_exporter:v1.61.0") == "redis-exporter");
  CHECK(r("prometheuscommunity/postgres-exporter") == "postgres-exporter");
  CHECK(r("wrouesnel/postgres_exporter") == "postgres-exporter");
  CHECK(r("gcr.io/cadvisor/cadvisor:v0.49.1") == "cadvisor");
  CHECK(r("google/cadvisor") == "cadvisor");
  CHECK(r("edoburu/pgbouncer:1.22") == "pgbouncer");
  // Families of data/images.tsv beyond the official names.
  CHECK(r("valkey/valkey:8.1-alpine") == "redis");
  CHECK(r("ghcr.io/valkey-io/valkey:9") == "redis");
  CHECK(r("eqalpha/keydb") == "redis");
  CHECK(r("bitnamilegacy/redis-cluster:7.0.10") == "redis");
  CHECK(r("redis/redis-stack-server:7.2.0-v10") == "redis");
  CHECK(r("timescale/timescaledb-ha:pg14-latest") == "postgres");
  CHECK(r("pgautoupgrade/pgautoupgrade:16-alpine") == "postgres");
  CHECK(r("supabase/postgres:15.1.0.147") == "postgres");
  CHECK(r("zulip/zulip-postgresql:14") == "postgres");
  CHECK(r("prodrigestivill/postgres-backup-local") == "app");
  CHECK(r("redislabs/client-libs-test:8.0") == "app");
  CHECK(r("bitnami/pgbouncer") == "pgbouncer");
  CHECK(r("localhost:5000/postgres:15") == "postgres");
  CHECK(v("localhost:5000/postgres:15") == "15");
  CHECK(r("nginx:1.27") == "app");
  CHECK(r("postgres@sha256:abcd") == "postgres");
  CHECK(v("postgres@sha256:abcd") == "");
}
