// libFuzzer target: the PromQL parser and printer on arbitrary bytes, for both the 3.x and 2.42
// grammars. Any crash, sanitizer report or hang is a bug; a printed tree must parse again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "linter/formats/promql/parser.h"
#include "linter/formats/promql/printer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using stacklint::promql::ParseOptions;
  const ParseOptions v3{.experimental_functions = true,
                        .extended_range_selectors = true,
                        .binop_fill_modifiers = true,
                        .duration_expressions = true};
  const ParseOptions v242{.major = 2, .minor = 42};
  for (const ParseOptions& o : {v3, v242}) {
    const auto r = stacklint::promql::parse(text, o);
    for (const auto& e : r.errors) {
      if (e.begin > size || e.end > size) __builtin_trap();
    }
    if (r.ok()) {
      const std::string printed = stacklint::promql::to_string(*r.root);
      (void)stacklint::promql::parse(printed, o);
    }
  }
  return 0;
}
