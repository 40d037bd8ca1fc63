#include "linter/formats/rulefmt/span.h"

#include "linter/yaml/scalar_span.h"

namespace stacklint::rulefmt {

Location expr_span_location(const RuleFile& file, const PromRule& rule, uint32_t begin, uint32_t end) {
  if (!file.source || rule.expr_span.style == yaml::ScalarStyle::none) return rule.expr.location;
  return yaml::value_location(*file.source, rule.expr_span, rule.expr.value, begin, end);
}

}  // namespace stacklint::rulefmt
