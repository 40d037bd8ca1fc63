#include "linter/stack/tree.h"

#include <catch2/catch.hpp>
#include <set>

using namespace stacklint;

namespace {

using Files = std::vector<std::string>;

const char* const kDb = "services:\n  db:\n    image: postgres:16\n  app:\n    image: nginx:1.27\n";

}  // namespace

TEST_CASE("tree: every directory with a compose file is a stack, subfolders included") {
  MemoryFileSystem fs;
  fs.add("/r/README.md", "x");
  fs.add("/r/docker/compose.yaml", kDb);
  fs.add("/r/deploy/prod/docker-compose.yml", kDb);
  fs.add("/r/node_modules/x/compose.yaml", kDb);
  fs.add("/r/charts/app/Chart.yaml", "name: app\n");
  fs.add("/r/charts/app/docker-compose.yml", kDb);
  const auto stacks = discover_stacks(fs, "/r");
  REQUIRE(stacks.size() == 2);
  CHECK(stacks[0].dir == "/r/deploy/prod");
  CHECK(stacks[0].compose_files == Files{"/r/deploy/prod/docker-compose.yml"});
  CHECK(stacks[1].dir == "/r/docker");
}

TEST_CASE("tree: directories the authors retired are not entered") {
  MemoryFileSystem fs;
  fs.add("/r/compose.yaml", kDb);
  fs.add("/r/legacy_postgresql_tools/deployment/production-docker-compose.yml", kDb);
  fs.add("/r/Deprecated-Stack/compose.yaml", kDb);
  fs.add("/r/archive/compose.yaml", kDb);
  fs.add("/r/attic/compose.yaml", kDb);
  fs.add("/r/retired/docker/compose.yaml", kDb);       // kept "only as historical reference" (rw158)
  fs.add("/r/examples_archive/ha/compose.yaml", kDb);  // archived last: retired as well
  fs.add("/r/temp/ha/compose.yaml", kDb);              // a scratch copy
  fs.add("/r/tmp/compose.yaml", kDb);
  fs.add("/r/monitoring.dockerapp/docker-compose.yml", kDb);  // docker app renders it elsewhere
  // Only a retired word alone or before `_`/`-` counts: these are live stacks.
  fs.add("/r/archiver/compose.yaml", kDb);
  fs.add("/r/legacyapp/compose.yaml", kDb);
  const auto stacks = discover_stacks(fs, "/r");
  std::vector<std::string> dirs;
  for (const auto& s : stacks) dirs.push_back(s.dir);
  CHECK(dirs == Files{"/r", "/r/archiver", "/r/legacyapp"});
  CHECK(skipped_directory("legacy"));
  CHECK(skipped_directory("test_deprecated"));
  CHECK(skipped_directory("Config-Obsolete"));
  CHECK_FALSE(skipped_directory("undeprecated"));
  CHECK_FALSE(skipped_directory("db_backup"));  // a live backup stack, not a copy kept before an edit
  CHECK_FALSE(skipped_directory("legacyapp"));
  CHECK(skipped_directory("Monitoring.DockerApp"));
  CHECK_FALSE(skipped_directory("dockerapp-tools"));
  CHECK(skipped_directory("examples_archive"));
  CHECK(skipped_directory("Retired"));
  CHECK_FALSE(skipped_directory("retiredness"));
  CHECK_FALSE(skipped_directory("template"));
  CHECK_FALSE(skipped_directory("temperature"));
}

TEST_CASE("tree: of three or more release snapshots, only the newest is a stack") {
  MemoryFileSystem fs;
  for (const char* release : {"lake-v0.9.0", "lake-v0.10.0-beta1", "lake-v0.10.0", "lake-v0.9.1"}) {
    fs.add(std::string("/r/releases/") + release + "/docker-compose.yml", kDb);
  }
  fs.add("/r/releases/lake-v0.11.0-rc1/docker-compose.yml", kDb);  // a pre-release sorts below 0.11.0
  fs.add("/r/releases/lake-v0.11.0/docker-compose.yml", kDb);
  // Two versions are no family; version-like names glued to a word are no release.
  fs.add("/r/api/v1.0/compose.yaml", kDb);
  fs.add("/r/api/v2.0/compose.yaml", kDb);
  fs.add("/r/py/python3.11/compose.yaml", kDb);
  fs.add("/r/py/python3.12/compose.yaml", kDb);
  fs.add("/r/py/python3.13/compose.yaml", kDb);
  const auto stacks = discover_stacks(fs, "/r");
  std::vector<std::string> dirs;
  for (const auto& s : stacks) dirs.push_back(s.dir);
  CHECK(dirs == Files{"/r/api/v1.0", "/r/api/v2.0", "/r/py/python3.11", "/r/py/python3.12", "/r/py/python3.13",
                      "/r/releases/lake-v0.11.0"});
}

TEST_CASE("tree: default and override, overlays layered, alternatives alone, includes belong to their includer") {
  MemoryFileSystem fs;
  fs.add("/s/docker-compose.yml", std::string(kDb) + "include:\n  - compose.extra.yml\n");
  fs.add("/s/docker-compose.override.yml",
         "services:\n  app:\n    ports: [\"8080:80\"]\n  mail:\n    image: axllent/mailpit:v1.21\n");
  // Changes a service only the override defines: run as `-f base -f override -f overlay`.
  fs.add("/s/docker-compose.mail.yml", "services:\n  mail:\n    ports: [\"8025:8025\"]\n");
  // Changes `app` and adds a service: an overlay of the default.
  fs.add("/s/docker-compose.monitoring.yml",
         "services:\n  app:\n    environment: {A: b}\n  prometheus:\n    image: prom/prometheus:v3.1.0\n");
  // Redefines `db` in full: an alternative stack.
  fs.add("/s/docker-compose.timescale.yml", "services:\n  db:\n    image: timescale/timescaledb:latest-pg16\n");
  // Another name for a compose file; it adds a service: layered on the default too.
  fs.add("/s/compose-vm-single.yml", "services:\n  vm:\n    image: victoriametrics/victoria-metrics:v1\n");
  // Included by the default file: part of it.
  fs.add("/s/compose.extra.yml", "services:\n  cache:\n    image: redis:7\n");
  // Changes a service defined nowhere here: needs -f with its base.
  fs.add("/s/docker-compose.cache.volumes.yml", "services:\n  valkey:\n    volumes: [\"v:/data\"]\n");
  // Named like compose, but not one.
  fs.add("/s/docker-compose-notes.yml", "notes: [a]\n");
  // Rancher 1.x's companion file: services with scale and start_on_create, read by rancher-compose.
  fs.add("/s/rancher-compose.yml", "services:\n  app:\n    scale: 2\n    start_on_create: true\n");
  fs.add("/s/sub/compose.yaml", kDb);
  const auto stacks = discover_stacks(fs, "/s");
  REQUIRE(stacks.size() == 6);
  const Files base = {"/s/docker-compose.yml", "/s/docker-compose.override.yml"};
  CHECK(stacks[0].compose_files == base);
  CHECK(stacks[0].nested_roots == Files{"/s/sub"});
  // An overlay is run with -f, which leaves the override out.
  CHECK(stacks[1].compose_files == Files{"/s/docker-compose.yml", "/s/compose-vm-single.yml"});
  CHECK(stacks[2].compose_files ==
        Files{"/s/docker-compose.yml", "/s/docker-compose.override.yml", "/s/docker-compose.mail.yml"});
  CHECK(stacks[3].compose_files == Files{"/s/docker-compose.yml", "/s/docker-compose.monitoring.yml"});
  CHECK(stacks[4].compose_files == Files{"/s/docker-compose.timescale.yml"});
  CHECK(stacks[5].dir == "/s/sub");
}

TEST_CASE("tree: without a default file, every compose file is a stack of its own") {
  MemoryFileSystem fs;
  fs.add("/v/compose-vm-single.yml", "services:\n  vm:\n    image: victoriametrics/victoria-metrics:v1\n");
  fs.add("/v/compose-vm-cluster.yml", "services:\n  vmselect:\n    image: victoriametrics/vmselect:v1\n");
  const auto stacks = discover_stacks(fs, "/v");
  REQUIRE(stacks.size() == 2);
  CHECK(stacks[0].compose_files == Files{"/v/compose-vm-cluster.yml"});
  CHECK(stacks[1].compose_files == Files{"/v/compose-vm-single.yml"});
}

TEST_CASE("tree: a compose file whose services depend on services it does not define is layered on the base above") {
  MemoryFileSystem fs;
  fs.add("/k/docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n");
  // Layered after the root file by a script (-f docker-compose.yml -f docker/docker-compose.ci.yml).
  // A base above that lacks the service leaves the file alone: compose refuses it, and stacklint
  // does not guess its base.
  fs.add("/k/jobs/compose.worker.yml", "services:\n  worker:\n    image: busybox:1.36\n    depends_on: [queue]\n");
  fs.add("/k/docker/docker-compose.ci.yml",
         "services:\n  test:\n    image: busybox:1.36\n    env_file: .env-test\n    depends_on: [web]\n");
  // Its own dependencies, or those of a file it includes: a stack.
  fs.add("/k/tools/compose.jobs.yml",
         "services:\n  job:\n    image: busybox:1.36\n    depends_on:\n      cache:\n        condition: "
         "service_started\n  cache:\n    image: redis:7\n");
  fs.add("/k/more/compose.extra.yml",
         "include: [../base.yml]\nservices:\n  extra:\n    image: busybox:1.36\n    depends_on: [web]\n");
  const auto stacks = discover_stacks(fs, "/k");
  for (const auto& s : stacks) INFO(s.dir << ": " << s.compose_files.size());
  REQUIRE(stacks.size() == 4);
  CHECK(stacks[0].compose_files == Files{"/k/docker-compose.yml"});
  CHECK(stacks[1].dir == "/k");  // compose's project directory: the first file's
  CHECK(stacks[1].compose_files == Files{"/k/docker-compose.yml", "/k/docker/docker-compose.ci.yml"});
  CHECK(stacks[2].compose_files == Files{"/k/more/compose.extra.yml"});
  CHECK(stacks[3].compose_files == Files{"/k/tools/compose.jobs.yml"});
}

TEST_CASE("tree: surroundings: sibling projects, shared networks, overlays") {
  MemoryFileSystem fs;
  // Two files of one directory, each started with its own -f: one project name, shared networks.
  fs.add("/t/compose.monitoring.yml",
         "services:\n  prometheus:\n    image: prom/prometheus:v3.1.0\n    networks: [mon]\nnetworks:\n  mon:\n");
  fs.add("/t/compose.app.yml",
         "services:\n  App:\n    image: nginx:1.27\n    container_name: web-1\n    hostname: www\n    networks:\n"
         "      mon:\n        aliases: [front]\nnetworks:\n  mon:\n");
  // A project of its own (top-level name:), and one on an external network.
  fs.add("/t/compose.other.yml", "name: other\nservices:\n  lonely:\n    image: busybox:1\n");
  fs.add("/t/ext/compose.yaml",
         "services:\n  shipper:\n    image: fluentd:v1\n    networks: [logs]\n"
         "networks:\n  logs:\n    external: true\n  own:\n    name: fixed\n");
  // An overlay in a subfolder: a service without image, a network it does not declare.
  fs.add("/t/tracing/compose.yaml",
         "services:\n  jaeger:\n    image: jaegertracing/all-in-one:1.60\n    networks: [mon]\n"
         "  prometheus:\n    environment: {A: b}\n");
  const auto stacks = discover_stacks(fs, "/t");
  const auto find = [&](const std::string& file) {
    for (const StackRoot& s : stacks) {
      if (s.compose_files == Files{file}) return s.surroundings;
    }
    FAIL("no stack of " << file);
    return ComposeSurroundings{};
  };
  const ComposeSurroundings mon = find("/t/compose.monitoring.yml");
  CHECK(mon.sibling_names == std::set<std::string>{"app", "web-1", "www", "front"});
  CHECK_FALSE(mon.overlay);
  CHECK(mon.shared_networks.empty());
  const ComposeSurroundings ext = find("/t/ext/compose.yaml");
  CHECK(ext.sibling_names.empty());
  CHECK(ext.shared_networks == std::set<std::string>{"logs"});  // `own` has a fixed name no other file joins
  const ComposeSurroundings overlay = find("/t/tracing/compose.yaml");
  CHECK(overlay.overlay);
  CHECK(overlay.tree_names.count("prometheus") == 1);
  CHECK(overlay.tree_names.count("lonely") == 1);
}

TEST_CASE("tree: a file whose own comment runs it after the default is an overlay, even in full") {
  MemoryFileSystem fs;
  fs.add("/s/docker-compose.yml", kDb);
  // Image digests of a release, documented as an overlay over two continued comment lines.
  fs.add(
      "/s/docker-compose.release.yml",
      "# Usage:\n#   docker compose -f docker/docker-compose.yml \\\n#     -f docker/docker-compose.release.yml up\n" +
          std::string(kDb));
  // The same shape, documented on its own: an alternative.
  fs.add("/s/docker-compose.pg17.yml", "# Usage: docker compose -f docker-compose.pg17.yml up\n" + std::string(kDb));
  const auto stacks = discover_stacks(fs, "/s");
  REQUIRE(stacks.size() == 3);
  CHECK(stacks[0].compose_files == Files{"/s/docker-compose.yml"});
  CHECK(stacks[1].compose_files == Files{"/s/docker-compose.pg17.yml"});
  CHECK(stacks[2].compose_files == Files{"/s/docker-compose.yml", "/s/docker-compose.release.yml"});
}

TEST_CASE("tree: an override whose comment says it is used together with other files layers on them") {
  MemoryFileSystem fs;
  fs.add("/s/docker-compose.yml", kDb);
  fs.add("/s/docker-compose.infra.yml", "services:\n  db:\n    image: postgres:16\n");
  fs.add("/s/docker-compose.app.yml", "services:\n  app:\n    image: nginx:1.27\n");
  // rw205 ticketing-system: not the default file, the two it names.
  fs.add("/s/docker-compose.prod.yml",
         "# EC2 override\n# - Use this together with docker-compose.infra.yml and docker-compose.app.yml.\n"
         "services:\n  app:\n    environment: {MODE: prod}\n");
  const auto stacks = discover_stacks(fs, "/s");
  const auto prod = std::find_if(stacks.begin(), stacks.end(), [](const StackRoot& r) {
    return !r.compose_files.empty() && r.compose_files.back() == "/s/docker-compose.prod.yml";
  });
  REQUIRE(prod != stacks.end());
  CHECK(prod->compose_files ==
        Files{"/s/docker-compose.infra.yml", "/s/docker-compose.app.yml", "/s/docker-compose.prod.yml"});
}
