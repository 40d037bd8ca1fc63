// The include graph, read from the sources: who may include what (README, "Layout").
//
// linter/ is a stack of layers; a file may include its own folder and the layers below it, never
// one above (no arrow running back up, hence no cycle between the folders):
//
//   cli
//   config  report
//   engine
//   analysis
//   stack                  (assembly and binding: the only code that writes the Stack)
//   formats                (parsers: a file's text -> its part of the model, errors as data)
//   knowledge              (what no file says: data/*.tsv)
//   model
//   units  yaml
//   source
//
// Folders on one line are siblings and may not include each other. rules/ may include engine,
// analysis and the layers below stack, never stack itself: rules read the model and ask analysis/,
// they never assemble. No
// linter/ file includes rules/ or tests/. The parsers under formats/ may use each other (rulefmt
// parses PromQL) but not in a cycle, and no two files include each other, directly or not.
//
// known_violations.txt lists the violations this test found when it was written (one per line);
// each must disappear as the refactoring of issue 12 removes it: the test fails on any violation
// not in the list, and on a line of the list that is no longer a violation (delete that line).
// `PRINT_VIOLATIONS=1 build/dev/tests/test_unit_architecture` prints the violations found.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = fs::path(STACKLINT_SOURCE_DIR);
const fs::path kKnown = kRoot / "tests/unit/architecture/known_violations.txt";

// Layer of each top-level folder of linter/ (higher may include lower; equal only itself).
const std::map<std::string, int>& layers() {
  static const std::map<std::string, int> kLayers = {
      {"source", 0}, {"units", 1},    {"yaml", 1},   {"model", 2},  {"knowledge", 3}, {"formats", 4},
      {"stack", 5},  {"analysis", 6}, {"engine", 7}, {"config", 8}, {"report", 8},    {"cli", 9},
  };
  return kLayers;
}

// What rules/ may include from linter/.
const std::set<std::string>& rules_may_include() {
  static const std::set<std::string> kAllowed = {"source",  "units",     "yaml",     "model",
                                                 "formats", "knowledge", "analysis", "engine"};
  return kAllowed;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The i-th component of a relative path ("linter/formats/redis/parser.cpp", 1 -> "formats").
std::string part(const std::string& path, size_t i) {
  const fs::path p(path);
  size_t n = 0;
  for (const auto& c : p) {
    if (n++ == i) return c.string();
  }
  return {};
}

struct Include {
  std::string from;  // a source file, relative to the project root
  std::string to;    // the quoted include, also relative to the root
};

// Every quoted #include of every .h/.cpp under linter/, rules/ and tools/.
const std::vector<Include>& project_includes() {
  static const std::vector<Include> kIncludes = [] {
    std::vector<Include> out;
    const std::regex include_re(R"(^\s*#\s*include\s*"([^"]+)\")");
    for (const char* top : {"linter", "rules", "tools"}) {
      for (const auto& e : fs::recursive_directory_iterator(kRoot / top)) {
        const std::string ext = e.path().extension().string();
        if (!e.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
        const std::string from = fs::relative(e.path(), kRoot).generic_string();
        std::istringstream in(read(e.path()));
        std::string line;
        std::smatch m;
        while (std::getline(in, line)) {
          if (std::regex_search(line, m, include_re)) out.push_back({from, m[1].str()});
        }
      }
    }
    std::sort(out.begin(), out.end(),
              [](const Include& a, const Include& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
    return out;
  }();
  return kIncludes;
}

std::string edge(const Include& i) {
  return i.from + " -> " + i.to;
}

// The layering rules above, for one include; empty when it is allowed.
std::string layer_violation(const Include& i) {
  const std::string from_top = part(i.from, 0);
  const std::string to_top = part(i.to, 0);
  if (from_top == "linter" && (to_top == "rules" || to_top == "tests")) return "linter/ includes " + to_top + "/";
  if (to_top != "linter") return {};
  const std::string to = part(i.to, 1);
  if (layers().count(to) == 0) return "linter/" + to + "/ is in no layer (add it to the table of this test)";
  if (from_top == "rules") return rules_may_include().count(to) != 0 ? "" : "rules/ includes linter/" + to + "/";
  if (from_top != "linter") return {};
  const std::string from = part(i.from, 1);
  if (layers().count(from) == 0) return "linter/" + from + "/ is in no layer (add it to the table of this test)";
  if (from == to || layers().at(from) > layers().at(to)) return {};
  return "linter/" + from + "/ includes linter/" + to + "/, which is not below it";
}

// Strongly connected components of a graph (Tarjan); returns node -> component number.
std::map<std::string, int> components(const std::map<std::string, std::set<std::string>>& graph) {
  std::map<std::string, int> index, low, comp;
  std::vector<std::string> stack;
  std::set<std::string> on_stack;
  int next = 0, ncomp = 0;
  std::function<void(const std::string&)> visit = [&](const std::string& v) {
    index[v] = low[v] = next++;
    stack.push_back(v);
    on_stack.insert(v);
    const auto it = graph.find(v);
    if (it != graph.end()) {
      for (const std::string& w : it->second) {
        if (index.count(w) == 0) {
          visit(w);
          low[v] = std::min(low[v], low[w]);
        } else if (on_stack.count(w) != 0) {
          low[v] = std::min(low[v], index[w]);
        }
      }
    }
    if (low[v] == index[v]) {
      std::string w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack.erase(w);
        comp[w] = ncomp;
      } while (w != v);
      ++ncomp;
    }
  };
  for (const auto& [v, _] : graph) {
    if (index.count(v) == 0) visit(v);
  }
  return comp;
}

// Includes that close a cycle: between the parsers of formats/ (folder graph), or between files.
std::vector<std::string> cycle_violations() {
  std::map<std::string, std::set<std::string>> folders, files;
  for (const Include& i : project_includes()) {
    if (!fs::exists(kRoot / i.to)) continue;  // a system header in quotes, or generated
    files[i.from].insert(i.to);
    files[i.to];
    if (part(i.from, 1) == "formats" && part(i.to, 1) == "formats" && part(i.from, 2) != part(i.to, 2)) {
      folders["formats/" + part(i.from, 2)].insert("formats/" + part(i.to, 2));
      folders["formats/" + part(i.to, 2)];
    }
  }
  const auto folder_comp = components(folders);
  const auto file_comp = components(files);
  std::vector<std::string> out;
  for (const Include& i : project_includes()) {
    if (!fs::exists(kRoot / i.to)) continue;
    if (file_comp.at(i.from) == file_comp.at(i.to)) out.push_back(edge(i) + "  (files include each other)");
    if (part(i.from, 1) == "formats" && part(i.to, 1) == "formats" && part(i.from, 2) != part(i.to, 2)) {
      const std::string a = "formats/" + part(i.from, 2), b = "formats/" + part(i.to, 2);
      if (folder_comp.at(a) == folder_comp.at(b)) out.push_back(edge(i) + "  (parsers in a cycle)");
    }
  }
  return out;
}

std::set<std::string> known_violations() {
  std::set<std::string> out;
  std::istringstream in(read(kKnown));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') out.insert(line);
  }
  return out;
}

// Fails on any violation not in known_violations.txt, and on a listed one that is gone.
// PRINT_VIOLATIONS=1 prints the violations found, one per line, in the format of the list.
void check_against_known(const std::vector<std::string>& found, const std::string& kind) {
  if (const char* v = std::getenv("PRINT_VIOLATIONS"); v != nullptr && std::string(v) == "1") {
    for (const std::string& f : found) std::cout << f << '\n';
  }
  const std::set<std::string> known = known_violations();
  for (const std::string& v : found) {
    INFO(kind << ": " << v);
    CHECK(known.count(v) == 1);
  }
  const std::set<std::string> found_set(found.begin(), found.end());
  for (const std::string& k : known) {
    const bool same_kind = (kind == "cycle") == (k.find("  (") != std::string::npos);
    if (!same_kind) continue;
    INFO("no longer a violation, delete this line from " << kKnown.string() << ": " << k);
    CHECK(found_set.count(k) == 1);
  }
}

}  // namespace

TEST_CASE("the include graph is read from the sources") {
  // Guards the reader: a test over an empty graph would pass whatever the code does.
  const auto& all = project_includes();
  CHECK(all.size() > 300);
  CHECK(std::any_of(all.begin(), all.end(),
                    [](const Include& i) { return i.from == "rules/registry.cpp" && i.to == "linter/engine/rule.h"; }));
  CHECK(layer_violation({"linter/model/stack.h", "linter/stack/container.h"}) ==
        "linter/model/ includes linter/stack/, which is not below it");
  CHECK(layer_violation({"linter/stack/container.h", "linter/model/stack.h"}).empty());
  CHECK(layer_violation({"linter/units/size.h", "linter/yaml/yaml.h"}) ==
        "linter/units/ includes linter/yaml/, which is not below it");
  CHECK(layer_violation({"rules/x/y.cpp", "linter/stack/topology.h"}) == "rules/ includes linter/stack/");
  CHECK(layer_violation({"linter/engine/rule.cpp", "rules/rules.def"}) == "linter/ includes rules/");
  CHECK(layer_violation({"linter/newfolder/a.h", "linter/source/source.h"}) ==
        "linter/newfolder/ is in no layer (add it to the table of this test)");
  CHECK(components({{"a", {"b"}}, {"b", {"a"}}, {"c", {"a"}}}) ==
        std::map<std::string, int>{{"a", 0}, {"b", 0}, {"c", 1}});
}

TEST_CASE("no include runs up the layers of linter/") {
  std::vector<std::string> found;
  for (const Include& i : project_includes()) {
    if (!layer_violation(i).empty()) found.push_back(edge(i));
  }
  check_against_known(found, "include against the layers");
}

TEST_CASE("no include cycle between files or between the parsers of formats/") {
  check_against_known(cycle_violations(), "cycle");
}

TEST_CASE("tests read the shared corpus only through tests/support/shared.h") {
  // So that every such test skips (and says so) on a clone without ../shared.
  for (const auto& e : fs::recursive_directory_iterator(kRoot / "tests")) {
    const std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
    const std::string rel = fs::relative(e.path(), kRoot).generic_string();
    if (rel == "tests/support/shared.h") continue;
    const std::string macro = std::string("STACKLINT_") + "SHARED_DIR";  // split: this file is under tests/
    INFO(rel << " names " << macro << ": use stacklint::test::shared_path() instead");
    CHECK(read(e.path()).find(macro) == std::string::npos);
  }
}

TEST_CASE("only rules/registry.cpp names a rule's factory; everything else finds rules by id") {
  // A test that re-declares `const Rule& redis_syntax();` breaks when a rule is renamed or removed,
  // and hides from the registry: tests use stacklint::test::rule_by_id (tests/support/rules.h).
  const std::regex factory_re(R"((const\s+Rule&\s+[a-z0-9_]+\s*\(\s*\)\s*;)|(\brules::[a-z0-9_]+\s*\(\s*\)))");
  int files = 0;
  for (const char* top : {"linter", "tests", "tools", "fuzz", "bench"}) {
    if (!fs::is_directory(kRoot / top)) continue;
    for (const auto& e : fs::recursive_directory_iterator(kRoot / top)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
      if (e.path() == kRoot / "tests/unit/architecture/architecture_test.cpp") continue;  // its own examples
      ++files;
      const std::string text = read(e.path());
      std::smatch m;
      INFO(fs::relative(e.path(), kRoot).generic_string()
           << ": " << (std::regex_search(text, m, factory_re) ? m.str() : ""));
      CHECK_FALSE(std::regex_search(text, factory_re));
    }
  }
  CHECK(files > 100);
  CHECK(std::regex_search(std::string("namespace stacklint::rules {\nconst Rule& redis_syntax();\n}"), factory_re));
  CHECK(std::regex_search(std::string("run(rules::redis_syntax(), s)"), factory_re));
  CHECK_FALSE(std::regex_search(std::string("run(rule_by_id(\"redis/syntax\"), s)"), factory_re));
}
