// Writes the rule documentation generated from the registry: docs/rules/<domain>/<name>.md for
// every rule and docs/rules/README.md (the index), under the folder given (default: .).
// `make docs` runs it; tests/golden/docs fails when the committed pages differ from this output.
#include <filesystem>
#include <fstream>
#include <iostream>

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
    if (!write(root / stacklint::rule_doc_path(r->info()), stacklint::render_rule_doc(r->info()))) return 1;
    ++n;
  }
  if (!write(dir / "README.md", stacklint::render_rule_index())) return 1;
  std::cout << "gen_docs: wrote " << n << " rule pages and docs/rules/README.md under " << root.string() << '\n';
  return 0;
}
