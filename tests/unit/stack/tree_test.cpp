#include "linter/stack/tree.h"

#include <catch2/catch.hpp>

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

TEST_CASE("tree: default and override, overlays layered, alternatives alone, includes belong to their includer") {
  MemoryFileSystem fs;
  fs.add("/s/docker-compose.yml", std::string(kDb) + "include:\n  - compose.extra.yml\n");
  fs.add("/s/docker-compose.override.yml", "services:\n  app:\n    ports: [\"8080:80\"]\n");
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
  REQUIRE(stacks.size() == 5);
  const Files base = {"/s/docker-compose.yml", "/s/docker-compose.override.yml"};
  CHECK(stacks[0].compose_files == base);
  CHECK(stacks[0].nested_roots == Files{"/s/sub"});
  CHECK(stacks[1].compose_files ==
        Files{"/s/docker-compose.yml", "/s/docker-compose.override.yml", "/s/compose-vm-single.yml"});
  CHECK(stacks[2].compose_files ==
        Files{"/s/docker-compose.yml", "/s/docker-compose.override.yml", "/s/docker-compose.monitoring.yml"});
  CHECK(stacks[3].compose_files == Files{"/s/docker-compose.timescale.yml"});
  CHECK(stacks[4].dir == "/s/sub");
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
