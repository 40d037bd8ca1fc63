// .stacklint.toml: every section, and errors with file:line:col and a suggestion.
#include "linter/config/config.h"

#include <catch2/catch.hpp>

using namespace stacklint;

TEST_CASE("a full config is read") {
  const ConfigLoad c = parse_config(R"([host]
memory = "4GiB"
reserve = "256m"
[rules]
"yaml/duplicate-key" = "off"
"compose/syntax" = "warning"
[services.db]
role = "postgres"
[paths]
include = ["**/*.yaml"]
exclude = ["vendor/**"]
)",
                                    "x.toml");
  REQUIRE(c.errors.empty());
  REQUIRE(c.config.host_memory);
  CHECK(c.config.host_memory->value == 4LL << 30);
  CHECK(c.config.host_memory->location.line == 2);
  CHECK(c.config.reserve->value == 256LL << 20);
  CHECK_FALSE(c.config.severity.at("yaml/duplicate-key").has_value());
  CHECK(c.config.severity.at("compose/syntax") == Severity::warning);
  CHECK(c.config.roles.at("db").value == Role::postgres);
  CHECK(path_selected(c.config, "a/b.yaml"));
  CHECK_FALSE(path_selected(c.config, "vendor/b.yaml"));
  CHECK_FALSE(path_selected(c.config, "redis.conf"));
}

TEST_CASE("unknown keys and bad values are errors with locations and suggestions") {
  const ConfigLoad c = parse_config(R"([hots]
[host]
memroy = "4GiB"
reserve = "lots"
[rules]
"yaml/duplicate-kye" = "off"
"compose/syntax" = "fatal"
[services.db]
role = "postgress"
)",
                                    "x.toml");
  REQUIRE(c.errors.size() == 6);
  CHECK(c.errors[0].message == "unknown key 'hots' in the top level (did you mean 'host'?)");
  CHECK(c.errors[0].location.line == 1);
  CHECK(c.errors[0].location.column == 2);
  CHECK(c.errors[1].message == "unknown key 'memroy' in [host] (did you mean 'memory'?)");
  CHECK(c.errors[1].location.line == 3);
  CHECK(c.errors[2].location.line == 4);
  CHECK(c.errors[2].message.find("(expected a size such as \"4GiB\" or \"512m\")") != std::string::npos);
  CHECK(c.errors[3].message ==
        "unknown key 'yaml/duplicate-kye' in [rules] (not a rule id; see `stacklint rules`) (did you mean "
        "'yaml/duplicate-key'?)");
  CHECK(c.errors[4].location.line == 7);
  CHECK(c.errors[4].message.find("unknown severity 'fatal'") == 0);
  CHECK(c.errors[5].location.line == 9);
  CHECK(c.errors[5].message.find("unknown role 'postgress'") == 0);
  CHECK(c.errors[5].message.find("(did you mean 'postgres'?)") != std::string::npos);
}

TEST_CASE("[stack] deployed: a boolean that overrides the stack's purpose") {
  const ConfigLoad yes = parse_config("[stack]\ndeployed = true\n", "x.toml");
  REQUIRE(yes.errors.empty());
  REQUIRE(yes.config.deployed);
  CHECK(yes.config.deployed->value);
  CHECK(yes.config.deployed->location.line == 2);
  CHECK(yes.config.deployed->location.column == 12);
  const ConfigLoad bad = parse_config("[stack]\ndeployed = \"yes\"\ndeploy = false\n", "x.toml");
  REQUIRE(bad.errors.size() == 2);
  CHECK(bad.errors[0].message ==
        "'deployed' must be true (judge the stack as deployed) or false (a developer's stack)");
  CHECK(bad.errors[0].location.line == 2);
  CHECK(bad.errors[1].message == "unknown key 'deploy' in [stack] (did you mean 'deployed'?)");
}

TEST_CASE("options of a rule without options are rejected") {
  const ConfigLoad c = parse_config("[rules.\"yaml/duplicate-key\"]\nfactor = 2.0\nseverity = \"note\"\n", "x.toml");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].message == "unknown key 'factor' in [rules.\"yaml/duplicate-key\"] (this rule has no options)");
  CHECK(c.errors[0].location.line == 2);
  CHECK(c.config.severity.at("yaml/duplicate-key") == Severity::note);
}

TEST_CASE("a TOML syntax error is one error with its position") {
  const ConfigLoad c = parse_config("[host\nmemory = 1\n", "x.toml");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].location.line == 1);
}

TEST_CASE("globs") {
  CHECK(paths_glob_match("*.yaml", "a.yaml"));
  CHECK_FALSE(paths_glob_match("*.yaml", "d/a.yaml"));
  CHECK(paths_glob_match("**/*.yaml", "a.yaml"));
  CHECK(paths_glob_match("**/*.yaml", "d/e/a.yaml"));
  CHECK(paths_glob_match("d/**", "d/e/a.yaml"));
  CHECK(paths_glob_match("redis?.conf", "redis2.conf"));
  CHECK_FALSE(paths_glob_match("redis?.conf", "redis.conf"));
}
