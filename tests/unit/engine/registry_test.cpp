// The registry: sorted, unique, well-formed ids, every rule documented and with golden fixtures.
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "linter/engine/rule.h"

using namespace stacklint;

namespace {

bool kebab_id(std::string_view id) {
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == id.size()) return false;
  if (id.find('/', slash + 1) != std::string_view::npos) return false;
  for (const char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/')) return false;
  }
  return id.front() != '-' && id.back() != '-';
}

}  // namespace

TEST_CASE("rules are sorted by id and unique") {
  const auto& rules = all_rules();
  REQUIRE_FALSE(rules.empty());
  for (size_t i = 1; i < rules.size(); ++i) {
    INFO(rules[i - 1]->info().id << " then " << rules[i]->info().id);
    CHECK(rules[i - 1]->info().id < rules[i]->info().id);
  }
}

TEST_CASE("every rule id is domain/kebab-name and find_rule finds it") {
  for (const Rule* r : all_rules()) {
    INFO(r->info().id);
    CHECK(kebab_id(r->info().id));
    CHECK(find_rule(r->info().id) == r);
  }
  CHECK(find_rule("no/such-rule") == nullptr);
}

TEST_CASE("every rule is documented with examples") {
  for (const Rule* r : all_rules()) {
    const RuleInfo& i = r->info();
    INFO(i.id);
    CHECK_FALSE(i.summary.empty());
    CHECK_FALSE(i.rationale.empty());
    CHECK_FALSE(i.bad_example.empty());
    CHECK_FALSE(i.good_example.empty());
    for (const RuleOption& o : i.options) {
      INFO("option " << o.name);
      CHECK((o.type == "number" || o.type == "string" || o.type == "bool"));
      CHECK_FALSE(o.description.empty());
    }
  }
}

TEST_CASE("every rule has golden fixtures") {
  namespace fs = std::filesystem;
  for (const Rule* r : all_rules()) {
    const fs::path dir = fs::path(STACKLINT_SOURCE_DIR) / "fixtures" / std::string(r->info().id);
    INFO(dir.string());
    CHECK(fs::is_directory(dir));
  }
}
