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
            "Prometheus and Compose refuse the file (`field X already set`, `mapping key already defined`), "
            "others keep the last value. Either way the first value is dead text that a reader takes for real "
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
      out.report("duplicate key '" + d.key + "' (the later value wins)", d.second,
                 {Related{.message = "first '" + d.key + "' is here", .location = d.first}});
    }
  }
};

}  // namespace

const Rule& yaml_duplicate_key() {
  static const YamlDuplicateKey r;
  return r;
}

}  // namespace stacklint::rules
