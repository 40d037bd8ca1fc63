#include "linter/stack/purpose.h"

#include <catch2/catch.hpp>

#include "linter/stack/assemble.h"

using namespace stacklint;

namespace {

const char* const kDb = "services:\n  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n";

StackPurpose purpose_of(MemoryFileSystem& fs, const std::string& dir, const std::string& search_root,
                        const std::optional<Located<bool>>& configured = std::nullopt) {
  StackRequest req;
  req.paths = {dir};
  req.search_root = search_root;
  req.deployed = configured;
  const StackLoad load = load_stack(fs, req);
  REQUIRE(load.usage_errors.empty());
  return load.stack.purpose;
}

// A stack judged not deployed, by this evidence, said there (detail) on this line.
void check_development(const StackPurpose& p, StackPurpose::Evidence evidence, const std::string& detail,
                       uint32_t line) {
  INFO(detail);
  CHECK_FALSE(p.deployed);
  CHECK(p.evidence == evidence);
  CHECK(p.detail == detail);
  CHECK(p.location.line == line);
}

}  // namespace

TEST_CASE("purpose: words of directory and file names, split at - _ and .") {
  CHECK(is_development_word("tests"));
  CHECK(is_development_word("dev"));
  CHECK(is_development_word("examples"));
  CHECK_FALSE(is_development_word("contest"));
  CHECK_FALSE(is_development_word("prod"));
  CHECK_FALSE(is_development_word("docker"));
}

TEST_CASE("purpose: a directory between the directory given and the stack, a compose file's name") {
  MemoryFileSystem fs;
  fs.add("/r/integration-tests/compose.yaml", kDb);
  fs.add("/r/deploy/compose.yaml", kDb);
  fs.add("/r/deploy/docker-compose.dev.yml", kDb);
  fs.add("/dev/r/compose.yaml", kDb);

  const StackPurpose tests = purpose_of(fs, "/r/integration-tests", "/r");
  CHECK_FALSE(tests.deployed);
  CHECK(tests.evidence == StackPurpose::Evidence::directory);
  CHECK(tests.detail == "integration-tests");
  CHECK(tests.location.file == "compose.yaml");

  CHECK(purpose_of(fs, "/r/deploy", "/r").deployed);
  // Where the checkout lives says nothing: only the directories below the one given count.
  CHECK(purpose_of(fs, "/dev/r", "/dev/r").deployed);
  CHECK(purpose_of(fs, "/r/integration-tests", "/r/integration-tests").deployed);

  StackRequest req;
  req.compose_files = {"/r/deploy/docker-compose.dev.yml"};
  req.search_root = "/r";
  const StackLoad load = load_stack(fs, req);
  CHECK_FALSE(load.stack.purpose.deployed);
  CHECK(load.stack.purpose.evidence == StackPurpose::Evidence::file_name);
  CHECK(load.stack.purpose.detail == "docker-compose.dev.yml");
}

TEST_CASE(
    "purpose: a framework environment written as development, literally or as the fallback; the config decides first") {
  MemoryFileSystem fs;
  fs.add("/a/compose.yaml", "services:\n  api:\n    image: node:22\n    environment:\n      NODE_ENV: development\n");
  fs.add("/b/compose.yaml", "services:\n  api:\n    image: node:22\n    environment:\n      NODE_ENV: production\n");
  fs.add("/c/compose.yaml",
         "services:\n  api:\n    image: node:22\n    environment:\n      NODE_ENV: ${NODE_ENV:-development}\n");

  const StackPurpose a = purpose_of(fs, "/a", "/a");
  check_development(a, StackPurpose::Evidence::framework_environment, "NODE_ENV of service 'api'", 5);
  CHECK(a.location.column == 17);
  CHECK(purpose_of(fs, "/b", "/b").deployed);
  // The authors' fallback is what runs when nothing sets another (rw32 OSM-Notes); a committed .env
  // that sets production replaces it.
  check_development(purpose_of(fs, "/c", "/c"), StackPurpose::Evidence::framework_environment,
                    "NODE_ENV of service 'api'", 5);
  fs.add("/d/compose.yaml",
         "services:\n  api:\n    image: node:22\n    environment:\n      NODE_ENV: ${NODE_ENV:-development}\n");
  fs.add("/d/.env", "NODE_ENV=production\n");
  CHECK(purpose_of(fs, "/d", "/d").deployed);

  const StackPurpose configured = purpose_of(
      fs, "/a", "/a", Located<bool>{.value = true, .location = Location{.file = ".stacklint.toml", .line = 2}});
  CHECK(configured.deployed);
  CHECK(configured.evidence == StackPurpose::Evidence::configured);
}

TEST_CASE("purpose: a subfolder's README, a source package, a test-named service or a mail catcher") {
  MemoryFileSystem fs;
  fs.add("/r/keycloak/compose.yaml", kDb);
  fs.add("/r/keycloak/readme.md", "\n# Docker-compose example:\n\nRun it with docker compose up.\n");
  fs.add("/r/prod/compose.yaml", kDb);
  fs.add("/r/prod/README.md",
         "# Production\n\nThe deployment of app.example.org.\nIt runs on one host.\nBackups run nightly.\nAlerts go to "
         "the on-call.\nSee the examples below.\n");
  fs.add("/r/pkg/clickhouse_provider/compose.yaml", kDb);
  fs.add("/r/pkg/clickhouse_provider/__init__.py", "");
  fs.add("/r/pkg/clickhouse_provider/secure/compose.yaml", kDb);
  fs.add("/r/app/__init__.py", "");
  fs.add("/r/app/sub/compose.yaml", kDb);
  fs.add("/r/local/compose.yaml",
         "services:\n  db:\n    image: postgres:16\n  postgres-test:\n    image: postgres:16\n");
  fs.add("/r/mail/compose.yaml",
         "services:\n  db:\n    image: postgres:16\n  mail:\n    image: mailhog/mailhog:v1.0.1\n");
  fs.add("/r/caddy/compose.yaml", kDb);
  fs.add(
      "/r/caddy/README.md",
      "# app-docker-caddy\n\nGet up and running on the following platforms:\n\n* [DigitalOcean tutorial](https://x)\n");
  fs.add("/r/elk/compose.yaml", kDb);
  fs.add("/r/elk/README.md", "[![badge](b.svg)](x)\n# ELK integration\n\nUseful if you want to test log shipping.\n");

  const StackPurpose readme = purpose_of(fs, "/r/keycloak", "/r");
  check_development(readme, StackPurpose::Evidence::readme, "readme.md: \"example\"", 2);
  // Only the first five lines speak of the folder's purpose; the stack at the root has the
  // repository's README, which describes more than the stack.
  CHECK(purpose_of(fs, "/r/prod", "/r").deployed);
  CHECK(purpose_of(fs, "/r/keycloak", "/r/keycloak").deployed);

  const StackPurpose package = purpose_of(fs, "/r/pkg/clickhouse_provider", "/r");
  CHECK(package.evidence == StackPurpose::Evidence::source_package);
  CHECK(package.detail == "__init__.py");
  // A folder between the stack and the directory given counts; the directory given does not (a
  // repository's top level is often a package too).
  const StackPurpose nested = purpose_of(fs, "/r/pkg/clickhouse_provider/secure", "/r");
  CHECK(nested.evidence == StackPurpose::Evidence::source_package);
  CHECK(nested.detail == "../__init__.py");
  CHECK(purpose_of(fs, "/r/app/sub", "/r/app").deployed);

  const StackPurpose test_service = purpose_of(fs, "/r/local", "/r/local");
  CHECK(test_service.evidence == StackPurpose::Evidence::service);
  CHECK(test_service.detail == "service 'postgres-test'");
  // A mail catcher keeps a developer's mail on the machine (rw100 stacker.news, rw101 fn-ts and
  // backend-init: mailhog beside published databases, all judged development stacks). rw5 rejected
  // it for Penpot's deployment file, whose header now calls it a demo anyway.
  const StackPurpose mail = purpose_of(fs, "/r/mail", "/r/mail");
  CHECK_FALSE(mail.deployed);
  CHECK(mail.evidence == StackPurpose::Evidence::service);
  CHECK(mail.detail == "image 'mailhog' of service 'mail', a mail catcher");
  // Link text names another page; the heading and the first line of prose speak of the folder.
  CHECK(purpose_of(fs, "/r/caddy", "/r").deployed);
  const StackPurpose elk = purpose_of(fs, "/r/elk", "/r");
  CHECK(elk.evidence == StackPurpose::Evidence::readme);
  CHECK(elk.detail == "README.md: \"test\"");
  CHECK(elk.location.line == 4);
}

TEST_CASE("purpose: the compose file's first line, a comment, calls it a development setup") {
  MemoryFileSystem fs;
  fs.add("/r/a/compose.yaml", std::string("# This configuration file is for the **development** setup.\n") + kDb);
  fs.add("/r/b/compose.yaml", std::string("# Production stack; for development use compose.dev.yaml\n") + kDb);
  fs.add("/r/c/compose.yaml", std::string("# Example: docker compose -f compose.test.yml up\n") + kDb);
  fs.add("/r/d/compose.yaml", std::string("# Not for local testing\n") + kDb);
  fs.add("/r/e/compose.yaml", std::string(kDb) + "# local development\n");
  const StackPurpose dev = purpose_of(fs, "/r/a", "/r/a");
  check_development(dev, StackPurpose::Evidence::header_comment, "compose.yaml: \"development\"", 1);
  CHECK(purpose_of(fs, "/r/b", "/r/b").deployed);  // speaks of production too
  CHECK(purpose_of(fs, "/r/c", "/r/c").deployed);  // a label and names, no description
  CHECK(purpose_of(fs, "/r/d", "/r/d").deployed);  // negated
  CHECK(purpose_of(fs, "/r/e", "/r/e").deployed);  // not the first line
}

TEST_CASE("purpose: of several compose files the last one's comment speaks first") {
  MemoryFileSystem fs;
  fs.add("/o/docker-compose.yml", std::string("# Local development stack\n") + kDb);
  fs.add("/o/compose.production.yaml", std::string("# Production overrides\n") + kDb);
  fs.add("/d/docker-compose.yml", std::string("# Production stack\n") + kDb);
  fs.add("/d/compose.override.yaml", std::string("# Local development overrides\n") + kDb);
  const auto purpose = [&](const std::string& dir, const std::string& overlay) {
    StackRequest req;
    req.paths = {dir};
    req.compose_files = {dir + "/docker-compose.yml", dir + "/" + overlay};
    req.search_root = dir;
    const StackLoad load = load_stack(fs, req);
    REQUIRE(load.usage_errors.empty());
    return load.stack.purpose;
  };
  CHECK(purpose("/o", "compose.production.yaml").deployed);
  const StackPurpose dev = purpose("/d", "compose.override.yaml");
  check_development(dev, StackPurpose::Evidence::header_comment, "compose.override.yaml: \"local\"", 1);
}

TEST_CASE("purpose: a license header before the compose file's first comment is passed over") {
  MemoryFileSystem fs;
  const std::string license =
      "# Licensed to the Foundation under one or more\n# contributor agreements.\n#\n"
      "#     https://example.org/licenses/LICENSE-2.0\n#\n# Unless required by applicable law, software\n"
      "# is distributed under the License AS IS.\n";
  fs.add("/r/a/compose.yaml", license + "\n# This compose file is for locally testing datasources.\n\n" + kDb);
  fs.add("/r/b/compose.yaml", license + "#\n# Local development stack.\n" + kDb);
  fs.add("/r/c/compose.yaml", license + kDb + "# local development\n");
  fs.add("/r/d/compose.yaml", "# Copyright 2024 Example\n\n\n# Production stack\n" + std::string(kDb));
  fs.add("/r/e/compose.yaml", "# Stack\n\n# Local development stack.\n" + std::string(kDb));
  const StackPurpose after_blank = purpose_of(fs, "/r/a", "/r/a");
  check_development(after_blank, StackPurpose::Evidence::header_comment, "compose.yaml: \"testing\"", 9);
  CHECK(after_blank.location.column == 1);
  check_development(purpose_of(fs, "/r/b", "/r/b"), StackPurpose::Evidence::header_comment, "compose.yaml: \"local\"",
                    9);
  CHECK(purpose_of(fs, "/r/c", "/r/c").deployed);  // no comment after the license
  CHECK(purpose_of(fs, "/r/d", "/r/d").deployed);  // the comment after it speaks of production
  CHECK(purpose_of(fs, "/r/e", "/r/e").deployed);  // no license: the first block alone speaks
}

TEST_CASE("purpose: the README's opening says the compose files run a local instance") {
  MemoryFileSystem fs;
  fs.add("/t/docker-compose.yml", kDb);
  fs.add("/t/README.md",
         "# Server compose files\n> [!WARNING]\n> Archived.\n\nThis repository provides docker-compose files that "
         "enable you to run a local instance of the Server.\n\n## How to use\n\n```\ndocker compose up\n```\n");
  fs.add("/p/compose.yaml", kDb);
  fs.add("/p/README.md",
         "# Deployment\n\nThe production stack. For local development use docker compose -f compose.dev.yaml up.\n");
  fs.add("/q/compose.yaml", kDb);
  fs.add("/q/README.md", "# App\n\nThe app.\n\n## Later\n\nRun it locally with docker compose up.\n");
  fs.add("/s/compose.yaml", kDb);
  fs.add("/s/README.md", "# App\n\nA chat server you can run locally or on a server.\n");

  const StackPurpose local = purpose_of(fs, "/t", "/t");
  check_development(local, StackPurpose::Evidence::readme, "README.md: \"local instance\"", 5);
  CHECK(local.location.column == 1);
  CHECK(purpose_of(fs, "/p", "/p").deployed);  // speaks of another compose file
  CHECK(purpose_of(fs, "/q", "/q").deployed);  // not the opening section
  CHECK(purpose_of(fs, "/s", "/s").deployed);  // not about the compose files
}

TEST_CASE("purpose: the README's opening calls the project a development environment") {
  MemoryFileSystem fs;
  const std::string badges =
      "<p align=\"center\">\n  <img src=\"logo.png\" alt=\"Logo\"/>\n</p>\n\nLanguages: English\n\n";
  const std::vector<std::pair<std::string, std::string>> readmes = {
      {"/l", badges + "## Overview\n\n**Lara is a full PHP development environment for Docker.** Clone it into any "
                      "project.\n"},
      {"/n", "# App\n\nApp is not a development environment for Docker.\n"},
      {"/o", "# App\n\nApp is a chat server. Its development environment runs without Docker.\n"},
      {"/w", "# App\n\nApp is a dev environment manager written in Go.\n"}};
  for (const auto& [dir, readme] : readmes) {
    fs.add(dir + "/docker-compose.yml", kDb);
    fs.add(dir + "/README.md", readme);
  }
  const StackPurpose lara = purpose_of(fs, "/l", "/l");
  check_development(lara, StackPurpose::Evidence::readme, "README.md: \"development environment\"", 9);
  CHECK(lara.location.column == 1);
  CHECK(purpose_of(fs, "/n", "/n").deployed);  // negated
  CHECK(purpose_of(fs, "/o", "/o").deployed);  // not what the project is
  CHECK(purpose_of(fs, "/w", "/w").deployed);  // says nothing of Docker or compose
}

TEST_CASE("purpose: every environment label of the scrape targets says development") {
  MemoryFileSystem fs;
  const std::string compose =
      "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n"
      "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n";
  const std::string dev_job =
      "  - job_name: a\n    static_configs:\n      - targets: [\"a:9100\"]\n        labels:\n          env: dev\n";
  fs.add("/d/compose.yaml", compose);
  fs.add("/d/prometheus.yml", "scrape_configs:\n" + dev_job);
  fs.add("/m/compose.yaml", compose);
  fs.add("/m/prometheus.yml", "scrape_configs:\n" + dev_job +
                                  "  - job_name: b\n    static_configs:\n      - targets: [\"b:9100\"]\n"
                                  "        labels:\n          env: production\n");
  const StackPurpose dev = purpose_of(fs, "/d", "/d");
  CHECK_FALSE(dev.deployed);
  CHECK(dev.detail == "target labels of service 'prometheus'");
  CHECK(dev.location.file == "prometheus.yml");
  CHECK(dev.location.line == 6);
  CHECK(purpose_of(fs, "/m", "/m").deployed);  // one job is production's
}

TEST_CASE("purpose: the files the README tells the reader to edit") {
  MemoryFileSystem fs;
  fs.add("/t/docker-compose.yml",
         "services:\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    volumes:\n"
         "      - ./alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml\n");
  fs.add("/t/alertmanager/alertmanager.yml", "route:\n  receiver: x\nreceivers:\n  - name: x\n");
  fs.add("/t/README.md",
         "# Stack\n\n```\nedit alertmanager.yml\n```\n\nSee `alertmanager.yml`. Then edit the compose file.\n\n"
         "3. To get alerts: Edit `alertmanager/alertmanager.yml` to add your **Slack** credentials.\n");
  StackRequest req;
  req.paths = {"/t"};
  req.search_root = "/t";
  const StackLoad load = load_stack(fs, req);
  const auto& edits = load.stack.purpose.readme_edits;
  REQUIRE(edits.size() == 1);
  const auto it = edits.find("alertmanager/alertmanager.yml");
  REQUIRE(it != edits.end());
  // Not the code block (line 4), not "See `alertmanager.yml`." before the verb (line 7): line 9.
  CHECK(it->second.file == "README.md");
  CHECK(it->second.line == 9);
  CHECK(it->second.column == 24);  // the backtick before the path
}

TEST_CASE("purpose: a stack in a .devcontainer folder, run from inside it") {
  // rw239 maybe-finance: `stacklint check .` in .devcontainer/ judged its published Redis as deployed.
  MemoryFileSystem fs;
  fs.add("/r/.devcontainer/docker-compose.yml", kDb);
  fs.add("/r/devcontainer-notes/docker-compose.yml", kDb);
  check_development(purpose_of(fs, "/r/.devcontainer", "/r/.devcontainer"), StackPurpose::Evidence::directory,
                    ".devcontainer", 1);
  // Only the whole name: a folder about devcontainers is no development container.
  CHECK(purpose_of(fs, "/r/devcontainer-notes", "/r/devcontainer-notes").deployed);
}
