#include "linter/formats/rulefmt/span.h"

#include "linter/yaml/yaml.h"

namespace stacklint::rulefmt {

Location expr_span_location(const RuleFile& file, const PromRule& rule, uint32_t begin, uint32_t end) {
  if (!file.yaml || rule.expr_node == nullptr) return rule.expr.location;
  return file.yaml->value_location(*rule.expr_node, begin, end);
}

}  // namespace stacklint::rulefmt
