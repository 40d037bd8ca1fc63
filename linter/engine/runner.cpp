#include "linter/engine/runner.h"

#include <algorithm>

namespace stacklint {

std::vector<Diagnostic> run_rules(const Stack& stack, const RulePolicy& policy) {
  std::vector<Diagnostic> out;
  static const RuleOptionValues no_options;
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    const std::string id(info.id);
    if (!policy.only.empty() && policy.only.count(id) == 0) continue;
    Severity severity = info.severity;
    if (const auto it = policy.severity.find(id); it != policy.severity.end()) {
      if (!it->second) continue;
      severity = *it->second;
    }
    const auto opt = policy.options.find(id);
    Reporter reporter(info, severity, opt == policy.options.end() ? no_options : opt->second, out);
    rule->check(stack, reporter);
  }
  std::stable_sort(out.begin(), out.end(), diagnostic_less);
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.rule == b.rule && a.message == b.message && a.location == b.location;
                        }),
            out.end());
  return out;
}

bool has_failures(const std::vector<Diagnostic>& diags, std::optional<Severity> threshold) {
  if (!threshold) return false;
  return std::any_of(diags.begin(), diags.end(), [&](const Diagnostic& d) { return d.severity >= *threshold; });
}

}  // namespace stacklint
