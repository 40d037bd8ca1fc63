#include "tests/support/rules.h"

#include <catch2/catch.hpp>

#include "linter/engine/rule.h"
#include "linter/formats/compose/compose.h"
#include "linter/stack/compose.h"

using stacklint::test::rule_by_id;

using namespace stacklint;

namespace {

std::vector<Diagnostic> run(const Rule& rule, const std::string& compose, std::optional<int64_t> host = std::nullopt) {
  MemoryFileSystem fs;
  fs.add("/p/compose.yaml", compose);
  Stack s;
  s.root = "/p";
  if (host) s.host.memory = Located<int64_t>{.value = *host};
  load_compose(s, fs, ComposeOptions{.files = {"/p/compose.yaml"}});
  std::vector<Diagnostic> out;
  const RuleOptionValues options;
  Reporter reporter(rule.info(), rule.info().severity, options, out);
  rule.check(s, reporter);
  return out;
}

constexpr int64_t GiB = 1LL << 30;

}  // namespace

TEST_CASE("budget/host-overcommit sums the enabled services' limits") {
  const std::string compose =
      "services:\n"
      "  db: {image: postgres:16, mem_limit: 2g}\n"
      "  cache: {image: redis:7.2, mem_limit: 512m}\n"
      "  api: {image: nginx, deploy: {resources: {limits: {memory: 1g}}}}\n"
      "  worker: {image: nginx, mem_limit: 256m}\n"
      "  proxy: {image: nginx, mem_limit: 64m}\n"
      "  nolimit: {image: nginx}\n"
      "  debug: {image: busybox, mem_limit: 8g, profiles: [debug]}\n";
  auto d = run(rule_by_id("budget/host-overcommit"), compose, 4 * GiB);
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "memory limits of 5 services add up to 3.8 GiB, above the 3.5 GiB available (host 4 GiB - reserve 512 MiB)");
  CHECK(d[0].location.line == 1);
  REQUIRE(d[0].related.size() == 5);
  CHECK(d[0].related[0].message == "'db' may use up to 2 GiB");
  CHECK(d[0].related[0].location.line == 2);
  CHECK(d[0].related[2].location.line == 4);
  CHECK(run(rule_by_id("budget/host-overcommit"), compose, 8 * GiB).empty());
  CHECK(run(rule_by_id("budget/host-overcommit"), compose).empty());
}

TEST_CASE("budget/reservation-above-limit") {
  auto d = run(rule_by_id("budget/reservation-above-limit"),
               "services:\n  api:\n    image: nginx\n    mem_limit: 256m\n    mem_reservation: 512m\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "memory reservation of service 'api' (512 MiB) is above its limit (256 MiB); docker refuses to start it");
  CHECK(d[0].location.line == 5);
  CHECK(d[0].related.at(0).location.line == 4);
  d = run(rule_by_id("budget/reservation-above-limit"),
          "services:\n  db: {image: postgres, mem_reservation: 3g}\n  api: {image: nginx, mem_reservation: 1g}\n",
          4 * GiB);
  REQUIRE(d.size() == 1);
  CHECK(
      d[0].message ==
      "memory reservations of 2 services add up to 4 GiB, above the 3.5 GiB available (host 4 GiB - reserve 512 MiB)");
  CHECK(run(rule_by_id("budget/reservation-above-limit"),
            "services:\n  api: {image: nginx, mem_limit: 512m, mem_reservation: 256m}\n", 4 * GiB)
            .empty());
}

TEST_CASE("compose/conflicting-memory-limits") {
  auto d = run(rule_by_id("compose/conflicting-memory-limits"),
               "services:\n  api:\n    image: nginx\n    mem_limit: 512m\n    deploy:\n      resources:\n"
               "        limits:\n          memory: 1g\n");
  REQUIRE(d.size() == 1);
  CHECK(
      d[0].message ==
      "services.api: can't set distinct values on 'mem_limit' (512 MiB) and 'deploy.resources.limits.memory' (1 GiB); "
      "compose refuses the project");
  CHECK(d[0].location.line == 8);
  CHECK(d[0].related.at(0).location.line == 4);
  d = run(rule_by_id("compose/conflicting-memory-limits"),
          "services:\n  api:\n    image: nginx\n    cpus: 0.5\n    deploy: {resources: {limits: {cpus: '1.5'}}}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "services.api: can't set distinct values on 'cpus' (0.5) and 'deploy.resources.limits.cpus' (1.5); compose "
        "refuses the project");
  CHECK(run(rule_by_id("compose/conflicting-memory-limits"),
            "services:\n  api: {image: nginx, mem_limit: 1024m, deploy: {resources: {limits: {memory: 1g}}}}\n")
            .empty());
}

TEST_CASE("compose/memory-limit-missing only with a budget and for enabled services") {
  const std::string compose =
      "services:\n  api: {image: nginx}\n  ok: {image: nginx, mem_limit: 1g}\n  dbg: {image: x, profiles: [debug]}\n";
  auto d = run(rule_by_id("compose/memory-limit-missing"), compose, 4 * GiB);
  REQUIRE(d.size() == 1);
  CHECK(
      d[0].message ==
      "service 'api' has no memory limit; set mem_limit or deploy.resources.limits.memory so it fits the host budget");
  CHECK(d[0].location.line == 2);
  CHECK(d[0].location.column == 3);
  CHECK(run(rule_by_id("compose/memory-limit-missing"), compose).empty());
}

TEST_CASE("compose/obsolete-version and compose/unset-variable") {
  auto d = run(rule_by_id("compose/obsolete-version"), "version: '3'\nservices:\n  a: {image: x}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].message == "the top-level 'version' is obsolete and ignored by compose; remove it");
  CHECK(d[0].location.line == 1);
  CHECK(run(rule_by_id("compose/obsolete-version"), "services:\n  a: {image: x}\n").empty());
  d = run(rule_by_id("compose/unset-variable"), "services:\n  a:\n    image: postgres:${PG_VERSION}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].message == "variable 'PG_VERSION' is not set and has no default; compose substitutes an empty string");
  CHECK(d[0].location.line == 3);
  CHECK(d[0].location.column == 21);
  CHECK(run(rule_by_id("compose/unset-variable"), "services:\n  a:\n    image: postgres:${PG_VERSION:-16}\n").empty());
  // Required (`?`, `:?`): compose refuses to start and says why; a plain use of a variable the
  // stack requires elsewhere never runs empty either. Other unset variables are still reported.
  d = run(rule_by_id("compose/unset-variable"),
          "services:\n  a:\n    image: x:${TAG:?set TAG}\n    labels:\n      - r.${ROUTER?no router}\n"
          "      - r.${ROUTER}.x=${SITE}\n");
  REQUIRE(d.size() == 1);
  // Two required variables: the file marks the ones it needs, so SITE is optional (a note).
  CHECK(d[0].message ==
        "variable 'SITE' is not set and has no default; compose substitutes an empty string; the file marks the "
        "variables it requires with ${VAR:?...}, so it leaves these empty on purpose");
  CHECK(d[0].severity == Severity::note);
  CHECK(d[0].location.line == 6);
  CHECK(d[0].location.column == 23);
  d = run(rule_by_id("compose/unset-variable"), "services:\n  a:\n    image: x:${TAG:?set TAG}\n    labels:\n"
                                                "      - r.${SITE}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].message == "variable 'SITE' is not set and has no default; compose substitutes an empty string");
  CHECK(d[0].severity == Severity::warning);
}
