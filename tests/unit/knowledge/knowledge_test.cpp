#include "linter/knowledge/knowledge.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "linter/source/embedded.h"

using stacklint::Role;
using stacklint::knowledge::find_metric;
using stacklint::knowledge::metric_type;
using stacklint::knowledge::MetricFact;
using stacklint::knowledge::MetricType;
using stacklint::knowledge::parse_metric_table;
using stacklint::knowledge::parse_port_table;
using stacklint::knowledge::PortFact;
using stacklint::knowledge::Relation;

namespace {

std::vector<std::string> metric_errors(const std::string& text) {
  std::vector<std::string> errors;
  (void)parse_metric_table(text, errors);
  return errors;
}

std::vector<std::string> port_errors(const std::string& text) {
  std::vector<std::string> errors;
  (void)parse_port_table(text, errors);
  return errors;
}

using Errors = std::vector<std::string>;

}  // namespace

TEST_CASE("knowledge: a metric row is parsed into every field") {
  std::vector<std::string> errors;
  const auto rows = parse_metric_table(
      "# comment\n"
      "\n"
      "pg_stat_activity_count\tgauge\tpostgres-exporter\tpostgres.max_connections\tat-most\t"
      "postgres.autovacuum_max_workers+postgres.max_worker_processes\t-\t-\n"
      "pg_stat_statements_*\t-\tpostgres-exporter\t-\t-\t-\tpostgres.shared_preload_libraries~pg_stat_statements\t-\r\n"
      "redis_evicted_keys_total\tcounter\tredis-exporter\t-\t-\t-\t-\tredis.maxmemory-policy=noeviction\n",
      errors);
  CHECK(errors.empty());
  REQUIRE(rows.size() == 3);

  const MetricFact& a = rows[0];
  CHECK(a.line == 3);
  CHECK(a.metric == "pg_stat_activity_count");
  CHECK_FALSE(a.prefix);
  CHECK(a.type == MetricType::gauge);
  CHECK(a.exporter == Role::postgres_exporter);
  CHECK(a.bound.text() == "postgres.max_connections");
  CHECK(a.relation == Relation::at_most);
  REQUIRE(a.slack.size() == 2);
  CHECK(a.slack[0].text() == "postgres.autovacuum_max_workers");
  CHECK(a.slack[1].text() == "postgres.max_worker_processes");
  CHECK(a.requires_condition.empty());
  CHECK(a.silent_when.empty());

  const MetricFact& b = rows[1];  // a prefix row, CRLF line ending
  CHECK(b.line == 4);
  CHECK(b.metric == "pg_stat_statements_");
  CHECK(b.prefix);
  CHECK(b.type == MetricType::unknown);
  CHECK(b.bound.empty());
  CHECK(b.relation == Relation::none);
  CHECK(b.requires_condition.setting.text() == "postgres.shared_preload_libraries");
  CHECK(b.requires_condition.contains);
  CHECK(b.requires_condition.value == "pg_stat_statements");
  CHECK(b.silent_when.empty());

  const MetricFact& c = rows[2];
  CHECK(c.type == MetricType::counter);
  CHECK(c.silent_when.setting.text() == "redis.maxmemory-policy");
  CHECK_FALSE(c.silent_when.contains);
  CHECK(c.silent_when.value == "noeviction");
}

TEST_CASE("knowledge: bad metric rows are reported with their line and skipped") {
  CHECK(metric_errors("up\tgauge\tany\n") == Errors{"line 1: expected 8 tab-separated fields, got 3"});
  CHECK(metric_errors("up\tgauge\tany\t-\t-\t-\t-\t-\t-\n") ==
        Errors{"line 1: expected 8 tab-separated fields, got 9"});
  CHECK(metric_errors("# header\nup\tcountr\tany\t-\t-\t-\t-\t-\n") == Errors{"line 2: unknown type 'countr'"});
  CHECK(metric_errors("-\tgauge\tany\t-\t-\t-\t-\t-\n") == Errors{"line 1: empty metric name"});
  CHECK(metric_errors("up\tgauge\t-\t-\t-\t-\t-\t-\n") == Errors{"line 1: an exporter is required"});
  CHECK(metric_errors("up\tgauge\tnode\t-\t-\t-\t-\t-\n") == Errors{"line 1: unknown exporter role 'node'"});
  CHECK(metric_errors("x\tgauge\tany\tmysql.max_connections\tat-most\t-\t-\t-\n") ==
        Errors{"line 1: bad bound 'mysql.max_connections'"});
  CHECK(metric_errors("x\tgauge\tany\tredis.maxmemory\tbelow\t-\t-\t-\n") == Errors{"line 1: bad relation 'below'"});
  CHECK(metric_errors("x\tgauge\tany\tredis.maxmemory\t-\t-\t-\t-\n") ==
        Errors{"line 1: bound and relation go together"});
  CHECK(metric_errors("x\tgauge\tany\t-\tlimit\t-\t-\t-\n") == Errors{"line 1: bound and relation go together"});
  CHECK(metric_errors("x\tgauge\tany\tredis.maxmemory\tlimit\tredis.a+nodot\t-\t-\n") ==
        Errors{"line 1: bad slack setting 'nodot'"});
  CHECK(metric_errors("x\tgauge\tany\t-\t-\t-\tpostgres.x\t-\n") ==
        Errors{"line 1: bad requires condition 'postgres.x'"});
  CHECK(metric_errors("x\tgauge\tany\t-\t-\t-\t-\tredis.policy=\n") ==
        Errors{"line 1: bad silent condition 'redis.policy='"});

  std::vector<std::string> errors;
  const auto rows = parse_metric_table(
      "up\tgauge\tany\t-\t-\t-\t-\t-\n"
      "redis_*\t-\tredis-exporter\t-\t-\t-\t-\t-\n"
      "up\tcounter\tany\t-\t-\t-\t-\t-\n"
      "redis_*\t-\tredis-exporter\t-\t-\t-\t-\t-\n"
      "redis_\t-\tredis-exporter\t-\t-\t-\t-\t-\n",
      errors);
  CHECK(errors == Errors{"line 3: duplicate row for 'up'", "line 4: duplicate row for 'redis_*'"});
  REQUIRE(rows.size() == 3);  // an exact row and a prefix row of the same text are different rows
  CHECK(rows[2].metric == "redis_");
  CHECK_FALSE(rows[2].prefix);
}

TEST_CASE("knowledge: port rows and their errors") {
  std::vector<std::string> errors;
  const auto rows = parse_port_table(
      "# role\tport\n"
      "redis-exporter\t9121\tyes\t/metrics\tredis_exporter\n"
      "redis\t6379\tno\t-\tthe Redis protocol (RESP)\n",
      errors);
  CHECK(errors.empty());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].role == Role::redis_exporter);
  CHECK(rows[0].port == 9121);
  CHECK(rows[0].metrics);
  CHECK(rows[0].path == "/metrics");
  CHECK(rows[0].what == "redis_exporter");
  CHECK_FALSE(rows[1].metrics);
  CHECK(rows[1].path.empty());

  CHECK(port_errors("redis\t6379\tno\n") == Errors{"line 1: expected 5 tab-separated fields, got 3"});
  CHECK(port_errors("redis\tabc\tno\t-\tx\n") == Errors{"line 1: bad port 'abc'"});
  CHECK(port_errors("redis\t0\tno\t-\tx\n") == Errors{"line 1: bad port '0'"});
  CHECK(port_errors("redis\t65536\tno\t-\tx\n") == Errors{"line 1: bad port '65536'"});
  CHECK(port_errors("redis\t6379x\tno\t-\tx\n") == Errors{"line 1: bad port '6379x'"});
  CHECK(port_errors("redis\t6379\tmaybe\t-\tx\n") == Errors{"line 1: metrics must be yes or no"});
  CHECK(port_errors("redis\t6379\tno\t/metrics\tx\n") == Errors{"line 1: a metrics port needs a path, others none"});
  CHECK(port_errors("redis-exporter\t9121\tyes\t-\tx\n") == Errors{"line 1: a metrics port needs a path, others none"});
  CHECK(port_errors("exporter\t9121\tyes\t/metrics\tx\n") == Errors{"line 1: unknown role 'exporter'"});
}

TEST_CASE("knowledge: the embedded tables load without errors") {
  std::vector<std::string> errors;
  const auto metrics = parse_metric_table(stacklint::embedded_file("metrics.tsv"), errors);
  CHECK(errors.empty());
  CHECK(metrics.size() == stacklint::knowledge::metric_facts().size());
  CHECK(metrics.size() > 20);
  const auto ports = parse_port_table(stacklint::embedded_file("ports.tsv"), errors);
  CHECK(errors.empty());
  CHECK(ports.size() == stacklint::knowledge::port_facts().size());

  // Facts SEMANTICS.md lists for the well-known exporters.
  CHECK(stacklint::knowledge::metrics_port(Role::redis_exporter) == 9121);
  CHECK(stacklint::knowledge::metrics_port(Role::postgres_exporter) == 9187);
  CHECK(stacklint::knowledge::metrics_port(Role::node_exporter) == 9100);
  CHECK(stacklint::knowledge::metrics_port(Role::cadvisor) == 8080);
  CHECK(stacklint::knowledge::metrics_port(Role::redis) == 0);
  CHECK(stacklint::knowledge::metrics_port(Role::app) == 0);
  const auto redis = stacklint::knowledge::ports_of(Role::redis);
  REQUIRE(redis.size() == 1);
  CHECK(redis[0]->port == 6379);
  CHECK_FALSE(redis[0]->metrics);
  CHECK(stacklint::knowledge::ports_of(Role::app).empty());
  CHECK(find_metric("redis_memory_used_bytes")->exporter == Role::redis_exporter);
  CHECK(find_metric("pg_up")->exporter == Role::postgres_exporter);
  REQUIRE(find_metric("up") != nullptr);
  CHECK_FALSE(find_metric("up")->exporter.has_value());  // `any`: every target has it
  CHECK(find_metric("my_app_requests_total") == nullptr);
}

TEST_CASE("knowledge: find_metric prefers an exact row, then the longest prefix") {
  const MetricFact* exact = find_metric("redis_memory_used_bytes");
  REQUIRE(exact != nullptr);
  CHECK_FALSE(exact->prefix);
  CHECK(exact->metric == "redis_memory_used_bytes");
  CHECK(exact->bound.text() == "redis.maxmemory");

  const MetricFact* prefix = find_metric("redis_commands_processed_total");
  REQUIRE(prefix != nullptr);
  CHECK(prefix->prefix);
  CHECK(prefix->metric == "redis_");

  const MetricFact* longest = find_metric("pg_stat_bgwriter_buffers_alloc");
  REQUIRE(longest != nullptr);
  CHECK(longest->metric == "pg_stat_bgwriter_");  // not pg_
  CHECK(longest->type == MetricType::counter);

  const MetricFact* exact_over_prefix = find_metric("pg_stat_statements_calls_total");
  REQUIRE(exact_over_prefix != nullptr);
  CHECK_FALSE(exact_over_prefix->prefix);
  CHECK(exact_over_prefix->requires_condition.value == "pg_stat_statements");

  CHECK(find_metric("my_app_requests_total") == nullptr);
  CHECK(find_metric("") == nullptr);
  CHECK(find_metric("redis") == nullptr);  // shorter than the prefix `redis_`
}

TEST_CASE("knowledge: metric_type from the table, else the naming convention") {
  // The table wins over the suffix: pg_stat_activity_count is a gauge despite `_count`, and
  // pg_stat_database_xact_commit is a counter without `_total`.
  CHECK(metric_type("pg_stat_activity_count") == MetricType::gauge);
  CHECK(metric_type("pg_stat_database_xact_commit") == MetricType::counter);
  CHECK(metric_type("pg_stat_bgwriter_checkpoints_timed") == MetricType::counter);  // typed prefix row
  CHECK(metric_type("up") == MetricType::gauge);
  CHECK(metric_type("container_last_seen") == MetricType::gauge);

  // Untyped prefix rows fall back to the convention.
  CHECK(metric_type("redis_commands_processed_total") == MetricType::counter);
  CHECK(metric_type("redis_mem_fragmentation_bytes") == MetricType::gauge);
  CHECK(metric_type("redis_blocked_clients") == MetricType::unknown);

  CHECK(metric_type("http_requests_total") == MetricType::counter);
  CHECK(metric_type("http_request_duration_seconds_count") == MetricType::counter);
  CHECK(metric_type("http_request_duration_seconds_sum") == MetricType::counter);
  CHECK(metric_type("http_request_duration_seconds_bucket") == MetricType::counter);
  CHECK(metric_type("process_cpu_seconds_total") == MetricType::counter);
  CHECK(metric_type("build_info") == MetricType::info);
  CHECK(metric_type("container_last_seen_timestamp") == MetricType::gauge);
  CHECK(metric_type("backup_last_success_timestamp_seconds") == MetricType::gauge);
  CHECK(metric_type("queue_size_bytes") == MetricType::gauge);
  CHECK(metric_type("http_request_duration_seconds") == MetricType::gauge);
  CHECK(metric_type("cache_hit_ratio") == MetricType::gauge);
  CHECK(metric_type("http_requests") == MetricType::unknown);
  CHECK(metric_type("total") == MetricType::unknown);  // no `_total` suffix, just the word
  CHECK(metric_type("") == MetricType::unknown);
}

TEST_CASE("knowledge: image rows, their checks, and the first match wins") {
  using stacklint::knowledge::find_image;
  using stacklint::knowledge::ImageFamily;
  using stacklint::knowledge::parse_image_table;
  std::vector<std::string> errors;
  const auto rows = parse_image_table(
      "# comment\nbitnami/redis\tredis\tbitnami\tredis-server\t/opt/bitnami/redis/etc/redis.conf\t-\n"
      "*/redis\tredis\tother\tredis-server\t-\t8001=Redis Insight,9000=x\n",
      errors);
  CHECK(errors.empty());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 2);
  CHECK(rows[0].family == ImageFamily::bitnami);
  CHECK(rows[0].config == "/opt/bitnami/redis/etc/redis.conf");
  CHECK(rows[1].config.empty());
  CHECK(rows[0].also.empty());
  REQUIRE(rows[1].also.size() == 2);
  CHECK(rows[1].also[0].port == 8001);
  CHECK(rows[1].also[0].what == "Redis Insight");
  CHECK(rows[1].also[1].port == 9000);

  auto image_errors = [](const std::string& text) {
    std::vector<std::string> errs;
    (void)parse_image_table(text, errs);
    return errs;
  };
  CHECK(image_errors("redis\tredis\tofficial\tredis-server\t-\n") ==
        Errors{"line 1: expected 6 tab-separated fields, got 5"});
  CHECK(image_errors("redis\tcache\tofficial\tredis-server\t-\t-\n") == Errors{"line 1: unknown role 'cache'"});
  CHECK(image_errors("redis\tredis\tdistro\tredis-server\t-\t-\n") == Errors{"line 1: unknown family 'distro'"});
  CHECK(image_errors("redis\tredis\tofficial\t-\t-\t-\n") == Errors{"line 1: a row needs the program the image runs"});
  CHECK(image_errors("redis\tredis\tofficial\tredis-server\tredis.conf\t-\n") ==
        Errors{"line 1: config must be an absolute container path"});
  for (const char* also : {"8001", "8001=", "x=Insight", "70000=x", "8001=x,"}) {
    CHECK(image_errors(std::string("redis\tredis\tofficial\tredis-server\t-\t") + also + "\n") ==
          Errors{"line 1: also must be `port=what` entries separated by `,`, or `-`"});
  }
  CHECK(image_errors("redis\tredis\tofficial\tredis-server\t-\t-\nredis\tredis\tofficial\tredis-server\t-\t-\n") ==
        Errors{"line 2: duplicate row for 'redis'"});

  // The embedded table: exact rows before patterns.
  REQUIRE(find_image("valkey/valkey") != nullptr);
  CHECK(find_image("valkey/valkey")->family == ImageFamily::valkey);
  CHECK(find_image("valkey/valkey")->program == "valkey-server");
  CHECK(find_image("bitnami/postgresql")->family == ImageFamily::bitnami);
  CHECK(find_image("bitnami/postgresql")->config == "/opt/bitnami/postgresql/conf/postgresql.conf");
  CHECK(find_image("edoburu/pgbouncer")->family == ImageFamily::edoburu);
  CHECK(find_image("acme/redis")->family == ImageFamily::other);
  CHECK(find_image("acme/pgbouncer-custom")->role == Role::pgbouncer);
  // An exporter of pgBouncer is no pgBouncer (rw10 pgbunker: its version is the exporter's).
  CHECK(find_image("prometheuscommunity/pgbouncer-exporter")->role == Role::app);
  CHECK(find_image("spreaker/prometheus-pgbouncer-exporter")->role == Role::app);
  CHECK(find_image("jbub/pgbouncer_exporter")->role == Role::app);
  CHECK(find_image("redislabs/redis")->role == Role::app);  // Redis Enterprise: no redis-server of its own
  CHECK(find_image("nginx") == nullptr);
  REQUIRE(find_image("redis/redis-stack") != nullptr);
  REQUIRE(find_image("redis/redis-stack")->also.size() == 1);
  CHECK(find_image("redis/redis-stack")->also[0].port == 8001);
  CHECK(find_image("redis/redis-stack-server")->also.empty());
}

TEST_CASE("knowledge: renamed metric rows, their errors, and the embedded table") {
  using stacklint::knowledge::parse_renamed_table;
  std::vector<std::string> errors;
  const auto rows =
      parse_renamed_table("# old\tnew\nnode_cpu\tnode_cpu_seconds_total\tnode-exporter\t0.16.0\n", errors);
  CHECK(errors.empty());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].metric == "node_cpu");
  CHECK(rows[0].new_name == "node_cpu_seconds_total");
  CHECK(rows[0].exporter == Role::node_exporter);
  CHECK(rows[0].since == "0.16.0");
  CHECK(rows[0].line == 2);

  const auto errors_of = [](std::string_view text) {
    std::vector<std::string> e;
    (void)parse_renamed_table(text, e);
    return e;
  };
  CHECK(errors_of("a\tb\tnode-exporter\n") == Errors{"line 1: expected 4 tab-separated fields, got 3"});
  CHECK(errors_of("a\ta\tnode-exporter\t1.0\n") == Errors{"line 1: an old and a different new name are required"});
  CHECK(errors_of("a\tb\tnode\t1.0\n") == Errors{"line 1: unknown exporter role 'node'"});
  CHECK(errors_of("a\tb\tnode-exporter\tv1\n") == Errors{"line 1: bad release 'v1'"});

  const auto embedded = parse_renamed_table(stacklint::embedded_file("renamed_metrics.tsv"), errors);
  CHECK(errors.empty());
  CHECK(embedded.size() == 79);  // node_exporter 0.16: stat, cpu, diskstats, filesystem, memory, network, more
  REQUIRE(stacklint::knowledge::find_renamed("node_memory_MemTotal") != nullptr);
  CHECK(stacklint::knowledge::find_renamed("node_memory_MemTotal")->new_name == "node_memory_MemTotal_bytes");
  CHECK(stacklint::knowledge::find_renamed("node_memory_MemTotal_bytes") == nullptr);
  CHECK(stacklint::knowledge::find_renamed("node_load1") == nullptr);
}
