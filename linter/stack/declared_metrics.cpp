#include "linter/stack/declared_metrics.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <vector>

#include "linter/formats/promql/ast.h"
#include "linter/formats/promql/parser.h"
#include "linter/knowledge/knowledge.h"
#include "linter/source/text.h"
#include "linter/stack/tree.h"

namespace stacklint {

namespace {

constexpr size_t kMaxFolders = 400;
constexpr size_t kMaxSources = 1500;
constexpr uint64_t kMaxSourceBytes = 1024 * 1024;

bool metric_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':';
}

// The last place in `window` (case folded) where one of `words` starts, or npos.
size_t last_of_words(const std::string& window, std::initializer_list<std::string_view> words) {
  size_t best = std::string::npos;
  for (const std::string_view w : words) {
    const size_t at = window.rfind(w);
    if (at != std::string::npos && (best == std::string::npos || at > best)) best = at;
  }
  return best;
}

// Folders of tests and documentation: their code declares no metric the deployment exports.
bool test_or_docs(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kNames = {"test",     "tests", "__tests__", "spec", "specs",
                                                             "fixtures", "docs",  "doc",       "e2e"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

bool source_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kExtensions = {".py", ".go", ".js", ".mjs", ".ts",  ".java",
                                                                   ".kt", ".rb", ".rs", ".cs",  ".php", ".ex"};
  return std::any_of(kExtensions.begin(), kExtensions.end(), [&](std::string_view e) { return name.ends_with(e); });
}

}  // namespace

std::set<std::string> gauge_totals_declared(std::string_view source) {
  std::set<std::string> out;
  constexpr std::string_view kSuffix = "_total";
  for (size_t at = source.find(kSuffix); at != std::string_view::npos; at = source.find(kSuffix, at + 1)) {
    const size_t end = at + kSuffix.size();
    size_t begin = at;
    while (begin > 0 && metric_char(source[begin - 1])) --begin;
    // The exposition format written by the code itself: `# TYPE x_total gauge` (rw204 pachanin-demo's
    // health controller, a template string of its /metrics).
    if (begin >= 7 && source.substr(begin - 7, 7) == "# TYPE " && source.substr(end).starts_with(" gauge")) {
      out.emplace(source.substr(begin, end - begin));
      continue;
    }
    // A quoted name: `"x_total"` or `'x_total'`.
    if (end >= source.size() || (source[end] != '"' && source[end] != '\'')) continue;
    if (begin == 0 || begin == at || source[begin - 1] != source[end]) continue;
    // The text from two lines above the name up to it, case folded; two lines more when those name
    // a namespace or subsystem (Go's `GaugeOpts{Namespace: ..., Subsystem: ..., Name: "count_total"}`):
    // the name is then the last part of the metric's.
    size_t from = begin;
    const auto up = [&](int count) {
      for (int lines = 0; lines < count && from > 0; ++lines) {
        const size_t nl = source.rfind('\n', from - 1);
        from = nl == std::string_view::npos ? 0 : nl;
      }
    };
    up(3);
    std::string window = ascii_lower(source.substr(from, begin - from));
    const bool prefixed =
        window.find("namespace") != std::string::npos || window.find("subsystem") != std::string::npos;
    if (prefixed) {
      up(2);
      window = ascii_lower(source.substr(from, begin - from));
    }
    const size_t gauge = window.rfind("gauge");
    if (gauge == std::string::npos) continue;
    const size_t other = last_of_words(window, {"counter", "histogram", "summary"});
    if (other != std::string::npos && other > gauge) continue;
    out.emplace(source.substr(begin, end - begin));
    if (prefixed) out.emplace("*" + std::string(source.substr(begin, end - begin)));
  }
  return out;
}

std::set<std::string> find_declared_gauge_totals(const FileSystem& fs, const std::string& top) {
  std::set<std::string> out;
  std::vector<std::string> level = {top};
  size_t folders = kMaxFolders;
  size_t sources = kMaxSources;
  while (!level.empty()) {
    std::vector<std::string> next;
    for (const std::string& dir : level) {
      for (const ListedEntry& entry : fs.list_entries(dir)) {
        const std::string p = path::join(dir, entry.name);
        if (fs.is_directory(p, entry)) {
          if (skipped_directory(entry.name) || test_or_docs(entry.name) || folders == 0) continue;
          --folders;
          next.push_back(p);
          continue;
        }
        if (!source_name(entry.name)) continue;
        if (sources == 0) return out;
        --sources;
        const FileRead read = fs.read_file(p, kMaxSourceBytes);
        if (read.status != OpenStatus::found || read.text.find("_total") == std::string::npos) continue;
        out.merge(gauge_totals_declared(read.text));
      }
    }
    level = std::move(next);
  }
  return out;
}

bool selects_unknown_total(const RuleFile& file) {
  const auto unknown_total = [](std::string_view name) {
    return name.ends_with("_total") && knowledge::find_metric(name) == nullptr;
  };
  for (const PromRule& r : file.rules) {
    bool found = false;
    if (r.parsed && r.parsed->ok()) {
      promql::walk(*r.parsed->root, [&](const promql::Node& n) {
        found = found || (n.is(promql::NodeKind::vector_selector) && unknown_total(n.metric_name()));
      });
    } else {
      // A file whose trees are built only while the rules walk it (RuleFile::deferred): every word of
      // the expression that may be a metric's name, label names and strings too (asking more often
      // than needed only costs the walk).
      const std::string_view expr = r.expr.value;
      for (size_t i = 0; i < expr.size() && !found;) {
        if (!metric_char(expr[i])) {
          ++i;
          continue;
        }
        size_t end = i;
        while (end < expr.size() && metric_char(expr[end])) ++end;
        found = unknown_total(expr.substr(i, end - i));
        i = end;
      }
    }
    if (found) return true;
  }
  return false;
}

}  // namespace stacklint
