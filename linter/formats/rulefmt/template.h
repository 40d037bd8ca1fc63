// Go text/template syntax, as Prometheus parses alert labels and annotations (template.go's
// ParseTest): delimiters, actions, pipelines, control structures, variables declared before use
// (`$labels`, `$value`, `$externalLabels`, `$externalURL` are predeclared) and the functions
// Prometheus's template engine and Go's text/template define.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stacklint::rulefmt {

struct TemplateError {
  std::string message;  // Go's wording: `template: NAME:LINE: function "foo" not defined`
  uint32_t begin = 0;   // byte offsets into the template text
  uint32_t end = 0;
};

// nullopt when text/template would parse `text` (named `name`, e.g. `__alert_HighLoad`).
std::optional<TemplateError> check_template(std::string_view text, std::string_view name);

// Whether `name` is a function of Prometheus's template engine or a text/template builtin.
bool is_template_function(std::string_view name);

}  // namespace stacklint::rulefmt
