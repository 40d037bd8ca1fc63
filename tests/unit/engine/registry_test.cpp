// The registry: sorted, unique, well-formed ids, every rule documented and with golden fixtures,
// every rule one file named after its id.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

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

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The names a rule's id gives its source: "redis/fork-headroom" -> rules/redis/fork_headroom.cpp,
// class RedisForkHeadroom, factory redis_fork_headroom (what tools/new-rule writes).
struct RuleNames {
  std::string file, class_name, factory;
};

RuleNames names_of(std::string_view id) {
  RuleNames n;
  const std::string domain(id.substr(0, id.find('/')));
  std::string stem(id.substr(id.find('/') + 1));
  std::replace(stem.begin(), stem.end(), '-', '_');
  n.file = "rules/" + domain + "/" + stem + ".cpp";
  n.factory = domain + "_" + stem;
  bool upper = true;
  for (const char c : n.factory) {
    if (c == '_') {
      upper = true;
    } else {
      n.class_name += upper ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
  }
  return n;
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

TEST_CASE("the registry's order is the order of rules/rules.def") {
  // all_rules() does not sort: the list is sorted in the source, and a line out of order fails above.
  const std::string def = read(std::filesystem::path(STACKLINT_SOURCE_DIR) / "rules/rules.def");
  std::vector<std::string> factories;
  const std::regex line_re(R"(STACKLINT_RULE\((\w+)\))");
  for (std::sregex_iterator it(def.begin(), def.end(), line_re), end; it != end; ++it) factories.push_back((*it)[1]);
  REQUIRE(factories.size() == all_rules().size());
  for (size_t i = 0; i < factories.size(); ++i) CHECK(factories[i] == names_of(all_rules()[i]->info().id).factory);
}

TEST_CASE("every rule is one file, class and factory named after its id") {
  namespace fs = std::filesystem;
  const fs::path root(STACKLINT_SOURCE_DIR);
  std::set<std::string> rule_files;
  for (const Rule* r : all_rules()) {
    const RuleNames n = names_of(r->info().id);
    rule_files.insert(n.file);
    INFO(r->info().id << " in " << n.file);
    REQUIRE(fs::is_regular_file(root / n.file));
    const std::string text = read(root / n.file);
    CHECK(text.find("class " + n.class_name + " final : public Rule {") != std::string::npos);
    CHECK(text.find("const Rule& " + n.factory + "() {") != std::string::npos);
    CHECK(text.find(".id = \"" + std::string(r->info().id) + "\",") != std::string::npos);
  }
  // And no other file under rules/ defines a rule (one that is not registered, or a second one).
  for (const auto& e : fs::recursive_directory_iterator(root / "rules")) {
    if (!e.is_regular_file() || e.path().extension() != ".cpp") continue;
    const std::string rel = fs::relative(e.path(), root).generic_string();
    const std::string text = read(e.path());
    size_t classes = 0;
    for (size_t at = text.find(": public Rule {"); at != std::string::npos; at = text.find(": public Rule {", at + 1)) {
      ++classes;
    }
    INFO(rel);
    CHECK(classes == (rule_files.count(rel) != 0 ? 1U : 0U));
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
