// Roles and file kinds: each name read back is the value written, the names are the ones
// the tables, .stacklint.toml and `stacklint model` use.
#include "linter/model/kinds.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "linter/knowledge/knowledge.h"

using stacklint::FileKind;
using stacklint::Role;

TEST_CASE("kinds: every role has one name, read back as itself") {
  std::set<std::string> names;
  for (size_t i = 0; i < stacklint::kAllRoles.size(); ++i) {
    const Role r = stacklint::kAllRoles[i];
    CHECK(static_cast<size_t>(r) == i);  // every value listed, in order
    const std::string name(stacklint::to_string(r));
    CHECK(stacklint::role_from_string(name) == r);
    CHECK(names.insert(name).second);
  }
  CHECK(stacklint::to_string(Role::redis_exporter) == "redis-exporter");
  CHECK(stacklint::to_string(Role::app) == "app");
  CHECK_FALSE(stacklint::role_from_string("redis_exporter").has_value());
  CHECK_FALSE(stacklint::role_from_string("").has_value());
  // Every role the image table gives is a service role.
  for (const auto& f : stacklint::knowledge::image_facts()) CHECK(names.count(std::string(to_string(f.role))) == 1);
}

TEST_CASE("kinds: every file kind has one name, read back as itself") {
  std::set<std::string> names;
  for (auto k = static_cast<uint8_t>(FileKind::compose); k <= static_cast<uint8_t>(FileKind::pg_hba); ++k) {
    const auto kind = static_cast<FileKind>(k);
    const std::string name(stacklint::to_string(kind));
    CHECK_FALSE(name.empty());
    CHECK(stacklint::file_kind_from_string(name) == kind);
    CHECK(names.insert(name).second);
  }
  CHECK(stacklint::to_string(FileKind::none).empty());
  CHECK_FALSE(stacklint::file_kind_from_string("").has_value());
  CHECK(stacklint::to_string(FileKind::grafana_datasources) == "grafana-datasources");
  CHECK(stacklint::to_string(FileKind::pg_hba) == "pg-hba");
  CHECK(stacklint::is_linted_kind(FileKind::alertmanager));
  CHECK(stacklint::is_linted_kind(FileKind::pg_hba));
  CHECK_FALSE(stacklint::is_linted_kind(FileKind::env));
  CHECK_FALSE(stacklint::is_linted_kind(FileKind::grafana));
}
