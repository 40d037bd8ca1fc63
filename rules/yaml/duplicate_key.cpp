// yaml/duplicate-key: a key repeated in one mapping.
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
            "configuration.",
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
    for (const DuplicateKey& d : stack.duplicate_keys) {
      const StackFile* f = stack.find_file(d.second.file);
      out.report("duplicate key '" + d.key + "'" + consequence(f == nullptr ? FileKind::none : f->kind), d.second,
                 {Related{.message = "first '" + d.key + "' is here", .location = d.first}});
    }
  }

 private:
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
