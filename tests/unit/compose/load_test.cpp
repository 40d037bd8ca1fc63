#include <catch2/catch.hpp>
#include <chrono>

#include "linter/formats/compose/compose.h"
#include "linter/stack/compose.h"

using namespace stacklint;

namespace {

Stack load(const MemoryFileSystem& fs, std::vector<std::string> files, ComposeOptions options = {}) {
  Stack s;
  s.root = "/p";
  options.files = std::move(files);
  load_compose(s, fs, options);
  return s;
}

std::string errors(const Stack& s) {
  std::string out;
  for (const auto& e : s.compose->errors) {
    out += e.location.file + ":" + std::to_string(e.location.line) + ":" + std::to_string(e.location.column) + ": " +
           e.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("memory fields, conflicts and the service model") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml",
         "version: '3.8'\n"
         "services:\n"
         "  db:\n"
         "    image: postgres:15-alpine\n"
         "    mem_limit: 1g\n"
         "    mem_reservation: 536870912\n"
         "    command: postgres -c 'max_connections=200'\n"
         "    cpus: 1.5\n"
         "  api:\n"
         "    image: nginx:1.27\n"
         "    mem_limit: 512m\n"
         "    deploy:\n"
         "      resources:\n"
         "        limits: {memory: 1g, cpus: '2'}\n"
         "        reservations:\n"
         "          memory: 512m\n"
         "    entrypoint: [\"/bin/sh\", \"-c\"]\n"
         "x-common: &c {a: 1}\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  CHECK(errors(s).empty());
  REQUIRE(s.services.size() == 2);
  const Service& db = s.services[0];
  CHECK(db.role == Role::postgres);
  CHECK(db.version == "15");
  REQUIRE(db.memory_limit);
  CHECK(db.memory_limit->value == 1073741824);
  CHECK(db.memory_limit->location.line == 5);
  CHECK(db.memory_limit->location.column == 16);
  CHECK(db.memory_reservation()->value == 536870912);
  CHECK(db.cpus()->value == 1.5);
  CHECK(db.command->value == std::vector<std::string>{"postgres", "-c", "max_connections=200"});
  CHECK(db.command->location.line == 7);
  const Service& api = s.services[1];
  CHECK(api.entrypoint()->value == std::vector<std::string>{"/bin/sh", "-c"});
  CHECK(api.memory_reservation()->value == 512LL << 20);
  REQUIRE(s.compose->conflicts.size() == 1);
  const auto& c = s.compose->conflicts[0];
  CHECK(c.service == "api");
  CHECK(c.kind == ComposeProject::ConflictKind::memory_limit);
  CHECK(c.first.line == 11);
  CHECK(c.second.line == 14);
  CHECK(c.first_value == 512LL << 20);
  CHECK(c.second_value == 1LL << 30);
  REQUIRE(s.compose->version_keys.size() == 1);
  CHECK(s.compose->version_keys.front().line == 1);
  CHECK(s.compose->services_key.line == 2);
  CHECK(s.compose->services_key.column == 1);
  CHECK(s.compose->files == std::vector<std::string>{"compose.yaml"});
  REQUIRE(s.files.size() == 1);
  CHECK(s.files[0].kind == FileKind::compose);
}

TEST_CASE("equal values on both sides are not a conflict; invalid sizes are errors") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml",
         "services:\n"
         "  a:\n"
         "    image: x\n"
         "    mem_limit: 1024m\n"
         "    deploy: {resources: {limits: {memory: 1g}}}\n"
         "  b:\n"
         "    image: x\n"
         "    mem_limit: 32bm\n"
         "    shm_size: 1x\n"
         "    memswap_limit: -1\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  CHECK(s.compose->conflicts.empty());
  CHECK(errors(s) ==
        "compose.yaml:8:16: invalid 'mem_limit' in service 'b': invalid suffix: 'bm'\n"
        "compose.yaml:9:15: invalid 'shm_size' in service 'b': invalid suffix: 'x'\n");
}

TEST_CASE("interpolation from the process env, --env-file and .env; unset and :? reported") {
  MemoryFileSystem fs;
  fs.add("/p/.env", "PG_VERSION=15\nAPI_MEM=256m\nTAG=from-dotenv\n");
  fs.add("/p/other.env", "TAG=from-env-file\n");
  fs.add("/p/compose.yaml",
         "services:\n"
         "  db:\n"
         "    image: postgres:${PG_VERSION}\n"
         "    mem_limit: ${API_MEM}\n"
         "    environment:\n"
         "      PASSWORD: \"${MISSING}\"\n"
         "      HOME_DIR: $$HOME\n"
         "      ${KEY}: kept\n"
         "  api:\n"
         "    image: app:${TAG:-x}\n"
         "    command: run ${REQUIRED:?set REQUIRED}\n");
  ComposeOptions o;
  o.environment = {{"PG_VERSION", "16"}};
  Stack s = load(fs, {"/p/compose.yaml"}, o);
  CHECK(s.services[0].image->value == "postgres:16");
  CHECK(s.services[0].memory_limit->value == 256LL << 20);
  CHECK(s.services[0].environment.at("PASSWORD").value.empty());
  CHECK(s.services[0].environment.at("HOME_DIR").value == "$HOME");
  CHECK(s.services[0].environment.count("${KEY}") == 1);  // keys are never interpolated
  CHECK(s.services[1].image->value == "app:from-dotenv");
  REQUIRE(s.compose->unset_variables.size() == 2);
  CHECK(s.compose->unset_variables[0].name == "MISSING");
  CHECK_FALSE(s.compose->unset_variables[0].required);
  CHECK(s.compose->unset_variables[0].location.line == 6);
  CHECK(s.compose->unset_variables[0].location.column == 18);
  CHECK(s.compose->unset_variables[1].name == "REQUIRED");
  CHECK(s.compose->unset_variables[1].required);
  CHECK(s.compose->unset_variables[1].location.line == 11);
  CHECK(s.compose->unset_variables[1].location.column == 18);  // the `${...}` inside the value
  CHECK(errors(s).empty());

  o.env_files = {"/p/other.env"};
  s = load(fs, {"/p/compose.yaml"}, o);
  CHECK(s.services[1].image->value == "app:from-env-file");
  CHECK(s.services[0].image->value == "postgres:16");  // process env first
  CHECK_FALSE(s.services[0].memory_limit);             // .env is not read with --env-file: API_MEM is unset
}

TEST_CASE("a variable a script exports is set, unknown: no unset use, no error from its empty value") {
  MemoryFileSystem fs;
  fs.add("/p/settings.conf", "SHOP_MEM=1g\n");
  fs.add("/p/install.sh", "#!/bin/sh\nset -a; . ./settings.conf; set +a\ndocker compose up -d\n");
  fs.add("/p/compose.yaml",
         "services:\n"
         "  shop:\n"
         "    image: x\n"
         "    mem_limit: ${SHOP_MEM}\n"
         "    shm_size: ${OTHER}\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  REQUIRE(s.compose->unset_variables.size() == 1);
  CHECK(s.compose->unset_variables[0].name == "OTHER");
  CHECK(s.compose->template_variables.at("SHOP_MEM").file == "settings.conf");
  CHECK(s.compose->template_variables.at("SHOP_MEM").line == 1);
  // The error of the still unset OTHER stays for compose/syntax to weigh; SHOP_MEM's is gone.
  CHECK(errors(s) == "compose.yaml:5:15: invalid 'shm_size' in service 'shop': invalid size: ''\n");
}

TEST_CASE("COMPOSE_PROJECT_NAME is the project's name unless the environment sets it") {
  MemoryFileSystem fs;
  fs.add("/p/My.Shop/compose.yaml", "services:\n  db:\n    image: x\n    container_name: ${COMPOSE_PROJECT_NAME}_db\n");
  fs.add("/p/named/compose.yaml",
         "name: \"shop-prod\"\nservices:\n  db:\n    image: x\n    container_name: ${COMPOSE_PROJECT_NAME}_db\n");
  Stack s = load(fs, {"/p/My.Shop/compose.yaml"});
  CHECK(s.compose->unset_variables.empty());
  CHECK(s.services[0].container_name()->value == "myshop_db");
  s = load(fs, {"/p/named/compose.yaml"});
  CHECK(s.services[0].container_name()->value == "shop-prod_db");
  ComposeOptions o;
  o.environment = {{"COMPOSE_PROJECT_NAME", "given"}};
  s = load(fs, {"/p/named/compose.yaml"}, o);
  CHECK(s.services[0].container_name()->value == "given_db");
}

TEST_CASE("environment as map or list, env_file, bare keys from the environment") {
  MemoryFileSystem fs;
  fs.add("/p/app.env", "FROM_FILE=1\nOVERRIDDEN=file\n");
  fs.add("/p/compose.yaml",
         "services:\n"
         "  a:\n"
         "    image: x\n"
         "    env_file: app.env\n"
         "    environment:\n"
         "      - OVERRIDDEN=list\n"
         "      - FROM_SHELL\n"
         "      - NOT_SET\n"
         "  b:\n"
         "    image: x\n"
         "    env_file: [missing.env]\n");
  ComposeOptions o;
  o.environment = {{"FROM_SHELL", "sh"}};
  const Stack s = load(fs, {"/p/compose.yaml"}, o);
  const auto& env = s.services[0].environment;
  CHECK(env.at("FROM_FILE").value == "1");
  CHECK(env.at("OVERRIDDEN").value == "list");
  CHECK(env.at("FROM_SHELL").value == "sh");
  CHECK(env.count("NOT_SET") == 0);
  CHECK(errors(s) == "compose.yaml:11:16: env file missing.env not found\n");
  CHECK(s.find_file("app.env") != nullptr);
}

TEST_CASE("volumes short and long syntax map host paths") {
  MemoryFileSystem fs;
  fs.add("/p/prom/prometheus.yml", "global: {}\n");
  fs.add("/p/redis.conf", "maxmemory 1gb\n");
  fs.add("/p/compose.yaml",
         "services:\n"
         "  prom:\n"
         "    image: prom/prometheus\n"
         "    volumes:\n"
         "      - ./prom:/etc/prometheus:ro\n"
         "      - promdata:/prometheus\n"
         "      - /var/run/docker.sock:/var/run/docker.sock\n"
         "      - ~/x:/x\n"
         "      - type: bind\n"
         "        source: ./redis.conf\n"
         "        target: /usr/local/etc/redis/redis.conf\n"
         "        read_only: true\n"
         "      - /anon\n");
  ComposeOptions o;
  o.environment = {{"HOME", "/home/me"}};
  const Stack s = load(fs, {"/p/compose.yaml"}, o);
  CHECK(errors(s).empty());
  const auto& m = s.services[0].mounts;
  REQUIRE(m.size() == 6);
  CHECK(m[0].bind);
  CHECK(m[0].read_only);
  CHECK(m[0].source == "prom");
  CHECK(m[0].host_path == "/p/prom");
  CHECK(m[0].target == "/etc/prometheus");
  CHECK(m[0].is_directory);
  CHECK(m[0].location.line == 5);
  CHECK_FALSE(m[1].bind);
  CHECK(m[1].source == "promdata");
  CHECK(m[2].host_path == "/var/run/docker.sock");
  CHECK(m[3].host_path == "/home/me/x");
  CHECK(m[4].bind);
  CHECK(m[4].read_only);
  CHECK(m[4].source == "redis.conf");
  CHECK(m[4].host_path == "/p/redis.conf");
  CHECK_FALSE(m[4].is_directory);
  CHECK(m[5].source.empty());
  CHECK(m[5].target == "/anon");
}

TEST_CASE("ports, networks, network_mode, container_name") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml",
         "services:\n"
         "  a:\n"
         "    image: x\n"
         "    container_name: alpha\n"
         "    ports:\n"
         "      - 8080:80\n"
         "      - 9090\n"
         "      - target: 5432\n"
         "        published: '15432'\n"
         "        host_ip: 127.0.0.1\n"
         "    networks:\n"
         "      front:\n"
         "        aliases: [web, www]\n"
         "      back:\n"
         "  b:\n"
         "    image: x\n"
         "    network_mode: service:a\n"
         "  c:\n"
         "    image: x\n"
         "    networks: [back]\n"
         "  d:\n"
         "    image: x\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  CHECK(errors(s).empty());
  const Service& a = s.services[0];
  REQUIRE(a.ports.size() == 3);
  CHECK(a.ports[0].published == "8080");
  CHECK(a.ports[0].target == "80");
  CHECK(a.ports[1].target == "9090");
  CHECK(a.ports[2].published == "15432");
  CHECK(a.ports[2].host_ip == "127.0.0.1");
  CHECK(a.networks == std::vector<std::string>{"front", "back"});
  CHECK(a.network_aliases().at("front") == std::vector<std::string>{"web", "www"});
  CHECK(a.container_name()->value == "alpha");
  CHECK(s.services[1].network_mode()->value == "service:a");
  CHECK(s.services[1].networks.empty());
  CHECK(s.services[2].networks == std::vector<std::string>{"back"});
  CHECK(s.services[3].networks == std::vector<std::string>{"default"});
}

TEST_CASE("profiles enable services") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml",
         "services:\n"
         "  always: {image: x}\n"
         "  debug: {image: x, profiles: [debug]}\n"
         "  tools: {image: x, profiles: [tools, ops]}\n");
  Stack s = load(fs, {"/p/compose.yaml"});
  CHECK(s.services[0].enabled);
  // With no profile given, a service of a development profile is not judged; one of another profile
  // is, as a deployment that names the profile runs it (rw36 the-dmz's `monitoring`). This reverses
  // an earlier decision, under which `tools` stayed off.
  CHECK_FALSE(s.services[1].enabled);
  CHECK(s.services[2].enabled);
  ComposeOptions o;
  o.profiles = {"ops"};
  s = load(fs, {"/p/compose.yaml"}, o);
  CHECK_FALSE(s.services[1].enabled);
  CHECK(s.services[2].enabled);
  CHECK(s.services[2].profiles() == std::vector<std::string>{"tools", "ops"});
  o.profiles = {};
  o.environment = {{"COMPOSE_PROFILES", "debug"}};
  s = load(fs, {"/p/compose.yaml"}, o);
  CHECK(s.services[1].enabled);
  CHECK_FALSE(s.services[2].enabled);  // a profile given: only its services run
}

TEST_CASE("several files merge in order") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml",
         "services:\n"
         "  a:\n"
         "    image: x:1\n"
         "    command: run --old\n"
         "    environment: [A=1, B=1]\n"
         "    ports: ['8080:80', '9000:9000']\n"
         "    volumes: ['./a:/data', 'v:/v']\n"
         "    dns: [1.1.1.1]\n"
         "    healthcheck: {test: [CMD, old], interval: 5s}\n"
         "    mem_limit: 1g\n"
         "    labels: {keep: 'yes', drop: 'yes'}\n");
  fs.add("/p/override.yaml",
         "services:\n"
         "  a:\n"
         "    image: x:2\n"
         "    command: [run, --new]\n"
         "    environment: {B: 2, C: 3}\n"
         "    ports: ['8080:80', '8443:443']\n"
         "    volumes: ['./b:/data']\n"
         "    dns: [8.8.8.8]\n"
         "    healthcheck: {test: [CMD, new]}\n"
         "    mem_limit: !reset null\n"
         "    labels: !override {only: 'yes'}\n"
         "  b:\n"
         "    image: y\n");
  const Stack s = load(fs, {"/p/compose.yaml", "/p/override.yaml"});
  CHECK(errors(s).empty());
  REQUIRE(s.services.size() == 2);
  const Service& a = s.services[0];
  CHECK(a.image->value == "x:2");
  CHECK(a.image->location.file.str() == "override.yaml");
  CHECK(a.command->value == std::vector<std::string>{"run", "--new"});
  CHECK(a.environment.at("A").value == "1");
  CHECK(a.environment.at("B").value == "2");
  CHECK(a.environment.at("C").value == "3");
  REQUIRE(a.ports.size() == 3);
  CHECK(a.ports[2].published == "8443");
  REQUIRE(a.mounts.size() == 2);
  CHECK(a.mounts[0].source == "b");
  CHECK(a.mounts[1].source == "v");
  CHECK_FALSE(a.memory_limit);
  CHECK(s.compose->files == std::vector<std::string>{"compose.yaml", "override.yaml"});
}

TEST_CASE("merge: dns appends, healthcheck.test replaced, labels overridden") {
  MemoryFileSystem fs;
  fs.add("/p/a.yaml", "services:\n  s:\n    image: x\n    dns: [1.1.1.1]\n    labels: {keep: 'y'}\n");
  fs.add("/p/b.yaml", "services:\n  s:\n    dns: [8.8.8.8]\n    labels: !override {only: 'y'}\n");
  fs.add("/p/c.yaml", "services:\n  s:\n    dns: !reset []\n");
  // Observed through the schema-free parts of the model: these keys are checked via errors only.
  const Stack s = load(fs, {"/p/a.yaml", "/p/b.yaml", "/p/c.yaml"});
  CHECK(errors(s).empty());
  REQUIRE(s.services.size() == 1);
  CHECK(s.services[0].image->value == "x");
}

TEST_CASE("merge: !reset removes a service in place, later keys keep their order, new ones are appended") {
  MemoryFileSystem fs;
  fs.add("/p/a.yaml",
         "services:\n"
         "  a: {image: a, environment: [X=1, Y=1, X=2], ports: ['80:80', '81:81']}\n"
         "  b: {image: b}\n"
         "  c: {image: c}\n");
  fs.add("/p/b.yaml",
         "services:\n"
         "  d: {image: d}\n"
         "  b: !reset null\n"
         "  a: {image: a2, environment: {Y: 3, Z: 4}, ports: ['81:81', '82:82', '80:80']}\n"
         "  e: {image: e}\n");
  const Stack s = load(fs, {"/p/a.yaml", "/p/b.yaml"});
  CHECK(errors(s).empty());
  std::vector<std::string> names;
  for (const Service& svc : s.services) names.push_back(svc.name);
  CHECK(names == std::vector<std::string>{"a", "c", "d", "e"});
  const Service& a = s.services[0];
  CHECK(a.image->value == "a2");
  CHECK(a.environment.at("X").value == "2");  // the later of a list's repeated keys
  CHECK(a.environment.at("Y").value == "3");
  CHECK(a.environment.at("Z").value == "4");
  std::vector<std::string> published;
  for (const PortMapping& p : a.ports) published.push_back(p.published);
  CHECK(published == std::vector<std::string>{"80", "81", "82"});
}

TEST_CASE("extends: same file, other file, chains and cycles") {
  MemoryFileSystem fs;
  fs.add("/p/base/common.yaml",
         "services:\n"
         "  base:\n"
         "    image: postgres:16\n"
         "    mem_limit: 1g\n"
         "    volumes: ['./conf:/etc/conf']\n"
         "    environment: {A: base}\n");
  fs.add("/p/compose.yaml",
         "services:\n"
         "  db:\n"
         "    extends: {file: base/common.yaml, service: base}\n"
         "    environment: {B: db}\n"
         "  replica:\n"
         "    extends: db\n"
         "    mem_limit: 2g\n"
         "  x:\n"
         "    image: a\n"
         "    extends: y\n"
         "  y:\n"
         "    image: b\n"
         "    extends: x\n"
         "  z:\n"
         "    extends: nope\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  REQUIRE(s.services.size() == 5);
  const Service& db = s.services[0];
  CHECK(db.image->value == "postgres:16");
  CHECK(db.role == Role::postgres);
  CHECK(db.memory_limit->value == 1LL << 30);
  CHECK(db.environment.at("A").value == "base");
  CHECK(db.environment.at("B").value == "db");
  REQUIRE(db.mounts.size() == 1);
  CHECK(db.mounts[0].host_path == "/p/base/conf");  // relative to the extended file
  CHECK(db.location.line == 2);
  const Service& replica = s.services[1];
  CHECK(replica.image->value == "postgres:16");
  CHECK(replica.memory_limit->value == 2LL << 30);
  CHECK(replica.environment.at("B").value == "db");
  CHECK(errors(s) ==
        "compose.yaml:10:5: 'extends' cycle in service 'x': x -> y -> x\n"
        "compose.yaml:15:5: service 'z' extends 'nope', which is not defined\n");
  CHECK(s.compose->files == std::vector<std::string>{"compose.yaml"});
  CHECK(s.find_file("base/common.yaml") != nullptr);
}

TEST_CASE("schema errors: unknown keys with did-you-mean, wrong shapes, at the node") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml",
         "services:\n"
         "  api:\n"
         "    image: nginx\n"
         "    mem_limt: 512m\n"
         "    deploy:\n"
         "      resources:\n"
         "        limits: 500M\n"
         "    ports:\n"
         "      - targt: 80\n"
         "    restart: [always]\n"
         "  bad name:\n"
         "    image: x\n"
         "x-anything: {whatever: 1}\n"
         "volumz: {}\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  CHECK(errors(s) ==
        "compose.yaml:4:5: unknown key 'mem_limt' in service 'api'; did you mean 'mem_limit'?\n"
        "compose.yaml:7:17: 'deploy.resources.limits' of service 'api' must be a mapping, got a string '500M'\n"
        "compose.yaml:9:9: unknown key 'targt' in 'ports[0]' of service 'api'; did you mean 'target'?\n"
        "compose.yaml:10:14: 'restart' of service 'api' must be a string, got a list\n"
        "compose.yaml:11:3: invalid service name 'bad name': only letters, digits, '.', '_' and '-' are allowed\n"
        "compose.yaml:14:1: unknown key 'volumz' at the top level; did you mean 'volumes'?\n");
}

TEST_CASE("schema: extension keys are allowed where the spec allows them, also when only a later file has them") {
  // The schema is pruned to a file's keys; its `^x-` patterns are left out for a file without an
  // `x-` key, and a later file with one is checked against a schema that has them.
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml", "services:\n  api:\n    image: nginx:1.27\n    bogus: 1\n");
  fs.add("/p/compose.override.yaml",
         "services:\n"
         "  api:\n"
         "    x-note: {anything: [1]}\n"
         "    networks:\n"
         "      front: {x-alias: 1}\n"
         "    x-bogus2: 2\n"
         "networks:\n"
         "  front: {x-owner: me}\n"
         "x-top: 1\n");
  const Stack s = load(fs, {"/p/compose.yaml", "/p/compose.override.yaml"});
  CHECK(errors(s) == "compose.yaml:4:5: unknown key 'bogus' in service 'api'\n");
  fs.add("/p/plain.yaml", "services:\n  api:\n    image: nginx:1.27\n    xnote: 1\n");
  CHECK(errors(load(fs, {"/p/plain.yaml"})) == "plain.yaml:4:5: unknown key 'xnote' in service 'api'\n");
}

TEST_CASE("interpolated values are strings, as compose sees them before its casts") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml", "services:\n  a:\n    image: x\n    read_only: ${RO:-true}\n    cpus: ${CPUS:-0.5}\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  CHECK(errors(s).empty());
  CHECK(s.services[0].cpus()->value == 0.5);
}

TEST_CASE("hostile input: alias bombs, non-mappings, empty files") {
  MemoryFileSystem fs;
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'l'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + prev;
    bomb += "]\n";
    prev = c;
  }
  bomb += "services:\n  s:\n    image: x\n    command: *l\n";
  fs.add("/p/bomb.yaml", bomb);
  fs.add("/p/list.yaml", "- a\n- b\n");
  fs.add("/p/empty.yaml", "");
  const auto start = std::chrono::steady_clock::now();
  Stack s = load(fs, {"/p/bomb.yaml"});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE_FALSE(s.compose->errors.empty());
  CHECK(s.compose->errors[0].message.find("too many nodes") != std::string::npos);
  s = load(fs, {"/p/list.yaml"});
  CHECK(errors(s) == "list.yaml:1:1: a compose file must be a mapping at the top level\n");
  s = load(fs, {"/p/empty.yaml"});
  CHECK(errors(s) == "empty.yaml:1:1: the compose file is empty\n");
}

TEST_CASE("default compose files") {
  MemoryFileSystem fs;
  fs.add("/a/docker-compose.yml", "services: {}\n");
  fs.add("/a/docker-compose.override.yml", "services: {}\n");
  fs.add("/b/compose.yaml", "services: {}\n");
  fs.add("/b/docker-compose.yml", "services: {}\n");
  fs.add("/b/compose.override.yaml", "services: {}\n");
  CHECK(default_compose_files(fs, "/a") ==
        std::vector<std::string>{"/a/docker-compose.yml", "/a/docker-compose.override.yml"});
  CHECK(default_compose_files(fs, "/b") == std::vector<std::string>{"/b/compose.yaml", "/b/compose.override.yaml"});
  CHECK(default_compose_files(fs, "/c").empty());
}

TEST_CASE("duplicate keys are collected for yaml/duplicate-key") {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml", "services:\n  a:\n    image: x\n    image: y\n");
  const Stack s = load(fs, {"/p/compose.yaml"});
  REQUIRE(s.duplicate_keys.size() == 1);
  CHECK(s.duplicate_keys[0].key == "image");
}

TEST_CASE("the Docker network each network key names") {
  MemoryFileSystem fs;
  fs.add("/p/My.Stack/compose.yaml",
         "services:\n"
         "  app: {image: nginx:1.27, networks: [dvnode, default, edge, legacy]}\n"
         "networks:\n"
         "  dvnode:\n"
         "  default:\n"
         "    name: charon-node_dvnode\n"
         "    external: true\n"
         "  edge: {name: edge_net, external: true}\n"
         "  legacy: {external: {name: edge_net}}\n"
         "  other: {name: shared_elsewhere, external: true}\n");
  const Stack s = load(fs, {"/p/My.Stack/compose.yaml"});
  CHECK(errors(s).empty());
  const auto& names = s.compose->network_names;
  CHECK(names.at("dvnode") == "mystack_dvnode");
  CHECK(names.at("default") == "mystack_dvnode");  // <prefix>_dvnode: the project's own dvnode
  CHECK(names.at("edge") == "edge_net");
  CHECK(names.at("legacy") == "edge_net");
  CHECK(names.at("other") == "shared_elsewhere");  // no network `elsewhere` here: another project's

  fs.add("/p/x/compose.yaml", "name: Web\nservices:\n  app: {image: nginx:1.27}\n");
  CHECK(load(fs, {"/p/x/compose.yaml"}).compose->network_names.at("default") == "web_default");
}
