// yaml/duplicate-key: a key repeated in one mapping.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class YamlDuplicateKey final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "yaml/duplicate-key",
        .severity = Severity::error,
        .summary =
            "A key repeated in one YAML mapping: the later value silently wins, or the program refuses the file.",
        .rationale =
            "YAML requires the keys of a mapping to be unique. Decoders disagree on what to do when they are not: "
            "Compose, Prometheus, Alertmanager and Grafana refuse the file (`mapping key already defined`, "
            "`field X already set`), others keep the last value; the message says what the program that reads "
            "the file does. Either way the first value is dead text that a reader takes for real "
            "configuration. The keys repeated in one mapping (a block pasted twice) are one finding, at the first "
            "repeat, the others its notes.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    image: nginx:1.25
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    std::vector<const DuplicateKey*> dups;
    for (const DuplicateKey& d : stack.duplicate_keys) dups.push_back(&d);
    std::stable_sort(dups.begin(), dups.end(), [](const DuplicateKey* a, const DuplicateKey* b) {
      return std::tie(a->second.file, a->second.line) < std::tie(b->second.file, b->second.line);
    });
    for (size_t i = 0; i < dups.size();) {
      const DuplicateKey& d = *dups[i];
      const StackFile* f = stack.find_file(d.second.file);
      // The repeats that follow it in its mapping: mostly one block pasted twice, one cause.
      size_t end = i + 1;
      while (end < dups.size() && same_block(f, *dups[end - 1], *dups[end])) ++end;
      std::vector<Related> notes{Related{.message = "first '" + d.key + "' is here", .location = d.first}};
      std::vector<std::string> names{d.key};  // the keys repeated, each once, in order
      for (size_t k = i + 1; k < end; ++k) {
        if (std::find(names.begin(), names.end(), dups[k]->key) == names.end()) names.push_back(dups[k]->key);
        if (k - i <= kMaxNotes) {
          notes.push_back(Related{.message = "'" + dups[k]->key + "' again here", .location = dups[k]->second});
        }
      }
      if (end - i - 1 > kMaxNotes) {
        notes.push_back(Related{.message = "and " + std::to_string(end - i - 1 - kMaxNotes) + " more repeats",
                                .location = d.second});
      }
      out.report(message(end - i, names) + consequence(f == nullptr ? FileKind::none : f->kind), d.second,
                 std::move(notes));
      i = end;
    }
  }

 private:
  static constexpr size_t kMaxNotes = 3;
  static constexpr size_t kMaxNames = 5;

  // `duplicate key 'image'`; `5 duplicate keys in one mapping, 'image', 'ports' and 'volumes'`;
  // `3000 duplicate keys in one mapping, 'image' repeated` (at most five names).
  static std::string message(size_t count, const std::vector<std::string>& names) {
    if (count == 1) return "duplicate key '" + names.front() + "'";
    std::string keys;
    const size_t shown = std::min(names.size(), kMaxNames);
    for (size_t k = 0; k < shown; ++k) {
      keys += (k == 0 ? "'" : k + 1 == shown && shown == names.size() ? " and '" : ", '") + names[k] + "'";
    }
    if (names.size() > shown) keys += " and " + std::to_string(names.size() - shown) + " more";
    if (names.size() == 1) keys += " repeated";
    return std::to_string(count) + " duplicate keys in one mapping, " + keys;
  }

  // Whether `b` repeats a key after `a` in the same mapping: the same file and column, and no line
  // between them that starts left of that column (the mapping's end). rw126 rhinometric: tempo's
  // image, container_name, ports, volumes and networks pasted into cadvisor's service were five
  // findings, one paste.
  static bool same_block(const StackFile* f, const DuplicateKey& a, const DuplicateKey& b) {
    if (f == nullptr || !f->source || a.second.file != b.second.file || a.second.column != b.second.column ||
        b.second.line <= a.second.line) {
      return false;
    }
    for (uint32_t line = a.second.line + 1; line < b.second.line; ++line) {
      const std::string_view text = f->source->line_text(line);
      const size_t first = text.find_first_not_of(" \t\r");
      if (first == std::string_view::npos || text[first] == '#') continue;
      if (first + 1 < b.second.column) return false;
    }
    return true;
  }

  // What the program that reads the file does with it (rw20 ihrauto-crm: `logging` twice in a
  // compose file, which compose refuses, was said to keep the later value).
  static std::string consequence(FileKind kind) {
    switch (kind) {
      case FileKind::compose:
        return ": compose refuses the file (mapping key already defined)";
      case FileKind::prometheus:
        return ": Prometheus refuses the file and exits";
      case FileKind::rules:
        return ": Prometheus refuses the rule file";
      case FileKind::alertmanager:
        return ": Alertmanager refuses the file and exits";
      case FileKind::grafana:
        return ": Grafana refuses the provisioning file";
      default:
        return " (a decoder that accepts it keeps the later value)";
    }
  }
};

}  // namespace

const Rule& yaml_duplicate_key() {
  static const YamlDuplicateKey r;
  return r;
}

}  // namespace stacklint::rules
