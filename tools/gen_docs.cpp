// Writes the rule documentation generated from the registry: docs/rules/<domain>/<name>.md for
// every rule, docs/rules/README.md (the index) and the rule table of README.md (between its
// markers), under the folder given (default: .).
// `make docs` runs it; tests/golden/docs fails when the committed pages differ from this output.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "linter/cli/example.h"
#include "linter/engine/docs.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(".");
  auto write = [](const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) {
      std::cerr << "gen_docs: cannot write " << p.string() << '\n';
      return false;
    }
    return true;
  };
  // Pages of rules that no longer exist are removed.
  const fs::path dir = root / "docs" / "rules";
  std::error_code ec;
  if (fs::is_directory(dir)) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".md") fs::remove(e.path(), ec);
    }
  }
  int n = 0;
  for (const stacklint::Rule* r : stacklint::all_rules()) {
    if (!write(root / stacklint::rule_doc_path(r->info()), stacklint::render_rule_page(r->info()))) return 1;
    ++n;
  }
  if (!write(dir / "README.md", stacklint::render_rule_index())) return 1;
  const fs::path readme = root / "README.md";
  std::ifstream in(readme, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto updated = stacklint::replace_readme_rule_table(text);
  if (!updated) {
    std::cerr << "gen_docs: " << readme.string() << " has no rule table markers\n";
    return 1;
  }
  if (*updated != text && !write(readme, *updated)) return 1;
  std::cout << "gen_docs: wrote " << n << " rule pages, docs/rules/README.md and README.md's rule table under "
            << root.string() << '\n';
  return 0;
}
