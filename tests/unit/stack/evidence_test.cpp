#include "linter/stack/evidence.h"

#include <catch2/catch.hpp>

#include "linter/model/grafana_config.h"
#include "linter/stack/assemble.h"

using namespace stacklint;

namespace {

std::string kind(const std::string& path, const std::string& content) {
  return std::string(to_string(kind_by_name_or_content(path, content).kind));
}

}  // namespace

TEST_CASE("evidence: a kind told by the name alone must agree with the content") {
  const auto agreed = [](const std::string& path, const std::string& content) {
    return agree_with_content(kind_by_name_or_content(path, std::nullopt), content);
  };
  // rw21: the host's stunnel config, named after the redis it fronts.
  const KindGuess stunnel = agreed("redis/stunnel/redis-cache.conf",
                                   "; TLS front\n[redis-cache]\naccept = 0.0.0.0:6381\nconnect = 127.0.0.1:6379\n");
  CHECK(stunnel.kind == FileKind::none);
  CHECK(stunnel.evidence == "named like a redis.conf, but no line of it is a redis directive");
  CHECK(agreed("redis.conf", "# comment\nbind 0.0.0.0\nfoo bar\n").kind == FileKind::redis);
  CHECK(agreed("redis.conf", "# only comments\n\n").kind == FileKind::redis);
  CHECK(agreed("keydb.conf", "server-threads 2\nmaxmemory 256mb\n").kind == FileKind::redis);
  CHECK(agreed("postgresql.conf", "max_connections = 50\n").kind == FileKind::postgres);
  CHECK(agreed("postgresql.conf", "pg_stat_statements.track = all\n").kind == FileKind::postgres);
  CHECK(agreed("postgresql.conf", "[main]\nhost = db\n").evidence ==
        "named like a postgresql.conf, but no line of it is a PostgreSQL parameter");
  CHECK(agreed("pg_hba.conf", "hostssl all all 0.0.0.0/0 scram-sha-256\n").kind == FileKind::pg_hba);
  CHECK(agreed("pg_hba.conf", "admin:x:1000\n").kind == FileKind::none);
  CHECK(agreed("pgbouncer.ini", "[PgBouncer]\nlisten_port = 6432\n").kind == FileKind::pgbouncer);
  CHECK(agreed("pgbouncer.ini", "listen_port = 6432\n").kind == FileKind::none);
  // Content evidence is not second-guessed.
  CHECK(agree_with_content({.kind = FileKind::redis, .evidence = "--kind"}, "[x]\n").kind == FileKind::redis);
}

TEST_CASE("evidence: kind by name, then content only that kind has") {
  CHECK(kind("x/postgresql.conf", "") == "postgres");
  CHECK(kind("redis-6380.conf", "") == "redis");
  CHECK(kind("valkey.conf", "") == "redis");
  CHECK(kind("pgbouncer.ini", "") == "pgbouncer");
  CHECK(kind("docker-compose.prod.yml", "") == "compose");
  CHECK(kind("alertmanager.yml", "route:\n  receiver: x\n") == "alertmanager");
  // A top-level `global:` alone is no Prometheus config (Helm values, Alertmanager).
  CHECK(kind("values.yaml", "global:\n  image: x\n").empty());
  CHECK(kind("config.yml", "global:\n  resolve_timeout: 5m\nroute:\n  receiver: a\nreceivers:\n  - name: a\n") ==
        "alertmanager");
  CHECK(kind("scrape.yml", "scrape_configs:\n  - job_name: a\n") == "prometheus");
  CHECK(kind("prometheus-local.yml", "global:\n  scrape_interval: 15s\n") == "prometheus");
  CHECK(kind("prometheus.web-config.yml", "basic_auth_users:\n  admin: x\n").empty());
  // A Helm values file named after Prometheus: its `global:` among other programs' keys.
  CHECK(kind("prometheus-operator-config.yaml", "global:\n  rbac: {}\ncrds:\n  enabled: true\ngrafana:\n  x: 1\n")
            .empty());
  CHECK(kind("prometheus.yml", "global:\n  scrape_interval: 15s\nscrape_configs: []\nx-extra: 1\n") == "prometheus");
  CHECK(kind("prometheus-rules.yml", "groups:\n  - name: a\n    rules: []\n") == "rules");
  CHECK(kind("alerts.rules", "groups:\n- name: a\n  rules:\n  - alert: A\n    expr: up == 0\n") == "rules");
  // `groups:` without rules is no rule file; Grafana alerting provisioning has apiVersion.
  CHECK(kind("teams.yml", "groups:\n  - name: a\n    members: [b]\n").empty());
  CHECK(kind("alerting.yml", "apiVersion: 1\ngroups:\n  - orgId: 1\n    rules: []\n") == "grafana");
  CHECK(kind("rule.yaml", "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n").empty());
  CHECK(kind("notes.txt", "groups:\n").empty());
  // Named after Alertmanager but another kind's content: Grafana's alertmanager datasource, rules.
  CHECK(kind("alertmanager.yml", "apiVersion: 1\ndatasources:\n  - name: am\n    type: alertmanager\n") == "grafana");
  CHECK(kind("alertmanager-rules.yml", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n") ==
        "rules");
  // Loki ruler files share the shape of rule files; their LogQL pipelines tell them apart.
  CHECK(kind("rules.yml",
             "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: "
             "sum(count_over_time({app=\"a\"} |= \"error\" [1m]))\n")
            .empty());
}

TEST_CASE("evidence: the service that mounts a file decides, before its name") {
  MemoryFileSystem fs;
  fs.add("/s/compose.yaml",
         "services:\n"
         "  vmagent:\n    image: victoriametrics/vmagent:v1\n"
         "    command: [\"--promscrape.config=/etc/prometheus/prometheus.yml\"]\n"
         "    volumes: [\"./prometheus.yml:/etc/prometheus/prometheus.yml\"]\n"
         "  alertmanager:\n    image: prom/alertmanager:v0.27.0\n"
         "    volumes: [\"./am:/etc/alertmanager\"]\n"
         "  grafana:\n    image: grafana/grafana:11.0.0\n"
         "    volumes: [\"./grafana:/etc/grafana/provisioning\"]\n"
         "  prometheus:\n    image: prom/prometheus:v3.1.0\n"
         "    volumes: [\"./prom:/etc/prometheus\"]\n");
  fs.add("/s/prometheus.yml", "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"a:1\"]\n");
  fs.add("/s/am/alertmanager.yml", "route:\n  receiver: a\nreceivers:\n  - name: a\n");
  fs.add("/s/grafana/datasources/ds.yml", "apiVersion: 1\ndatasources: []\n");
  fs.add("/s/prom/prometheus.yml", "rule_files: [\"rules.yml\"]\n");
  fs.add("/s/prom/rules.yml", "groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n");
  fs.add("/s/prom/other.yml", "groups:\n  - name: b\n    rules:\n      - record: b\n        expr: up\n");
  StackRequest req;
  req.paths = {"/s"};
  const StackLoad load = load_stack(fs, req);
  REQUIRE(load.usage_errors.empty());
  const Stack& s = load.stack;
  std::map<std::string, std::pair<std::string, std::string>> skipped;
  for (const SkippedFile& f : s.skipped_files) skipped[f.path] = {std::string(to_string(f.kind)), f.reason};
  CHECK(skipped.at("prometheus.yml") ==
        std::pair<std::string, std::string>{"",
                                            "read by service vmagent (victoriametrics/vmagent:v1) at "
                                            "/etc/prometheus/prometheus.yml (named by its command line); stacklint "
                                            "does not model what it reads there"});
  // Read by the Alertmanager and Grafana services that mount them: bound, not skipped.
  CHECK(skipped.count("am/alertmanager.yml") == 0);
  CHECK(skipped.count("grafana/datasources/ds.yml") == 0);
  // Read by the Prometheus service: bound, not skipped. Mounted but not loaded: its content decides.
  CHECK(skipped.count("prom/rules.yml") == 0);
  CHECK(skipped.count("prom/other.yml") == 0);
  CHECK(s.find_file("prom/rules.yml") != nullptr);
  CHECK(s.find_file("prom/other.yml") != nullptr);
  CHECK(s.find_file("prometheus.yml") == nullptr);
  const Service* am = s.find_service("alertmanager");
  REQUIRE(am != nullptr);
  CHECK(am->alertmanager != nullptr);
  const Service* grafana = s.find_service("grafana");
  REQUIRE(grafana != nullptr);
  REQUIRE(grafana->grafana != nullptr);
  CHECK(grafana->grafana->provisioning_files == std::vector<std::string>{"grafana/datasources/ds.yml"});
}

TEST_CASE("evidence: of two services that have a file mounted, the more specific mount names its reader") {
  MemoryFileSystem fs;
  fs.add("/s/compose.yaml",
         "services:\n"
         "  api:\n    image: node:22\n    volumes: [\".:/app\"]\n"
         "  loki:\n    image: grafana/loki:2.9.4\n"
         "    volumes: [\"./monitoring/loki-config.yml:/etc/loki/loki-config.yml:ro\"]\n");
  fs.add("/s/monitoring/loki-config.yml", "auth_enabled: false\nserver:\n  http_listen_port: 3100\n");
  StackRequest req;
  req.paths = {"/s"};
  const StackLoad load = load_stack(fs, req);
  REQUIRE(load.usage_errors.empty());
  const auto& skipped = load.stack.skipped_files;
  const auto it = std::find_if(skipped.begin(), skipped.end(),
                               [](const SkippedFile& f) { return f.path == "monitoring/loki-config.yml"; });
  REQUIRE(it != skipped.end());
  CHECK(it->reader == "loki");
}

TEST_CASE("evidence: a compose file with Jinja expressions is a template; Go templates are values") {
  MemoryFileSystem fs;
  // Valid YAML, but its values are Ansible's to give (rw29 ironicbadger/infra).
  fs.add(
      "/s/host1/compose.yaml",
      "services:\n  blog:\n    image: ghost:5-alpine\n    environment:\n"
      "      - \"url=https://{{ blog_domain }}\"\n      - \"DB_PASSWORD={{ vault_blog_db_pass | default('x') }}\"\n");
  // Docker's own Go templates: a logging tag and a swarm hostname.
  fs.add("/s/host2/compose.yaml",
         "services:\n  app:\n    image: nginx:1.27\n    hostname: \"{{.Node.Hostname}}\"\n"
         "    logging:\n      options:\n        tag: \"{{ index .ContainerLabels \\\"svc\\\" }}\"\n"
         "    # read by the gateway as ${{JWT_SECRET}}; see {{ docs }} for more\n"
         "    environment:\n      GATEWAY_KEY: \"${{GATEWAY_KEY}}\"\n");
  StackRequest req;
  req.paths = {"/s/host1"};
  StackLoad load = load_stack(fs, req);
  const auto& skipped = load.stack.skipped_files;
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].path == "compose.yaml");
  CHECK(skipped[0].reason == "a template: a template tag on line 5 is rendered by its project before compose reads it");
  CHECK(load.stack.services.empty());
  req.paths = {"/s/host2"};
  load = load_stack(fs, req);
  CHECK(load.stack.skipped_files.empty());
  REQUIRE(load.stack.services.size() == 1);
}

TEST_CASE("evidence: a config with Jinja statements is a template, not a file with a syntax error") {
  MemoryFileSystem fs;
  fs.add("/s/prometheus.yml",
         "scrape_configs:\n  - job_name: node\n    static_configs:\n"
         "{% for t in collector_hosts %}\n      - targets: ['{{ t.address }}:9100']\n{% endfor %}\n");
  fs.add("/s/rules.yml",
         "groups:\n  - name: a\n    rules:\n      - alert: Down\n        expr: up == 0\n"
         "        annotations:\n          summary: '{{ $labels.instance }} is down'\n");
  StackRequest req;
  req.paths = {"/s"};
  const StackLoad load = load_stack(fs, req);
  const auto& skipped = load.stack.skipped_files;
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].path == "prometheus.yml");
  CHECK(skipped[0].reason == "a template: Jinja statements ({% ... %}) are rendered before prometheus reads it");
  CHECK(load.stack.rule_files.size() == 1);  // Go templates in annotations are a rule file's own
}
