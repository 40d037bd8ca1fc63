// Runs the registered rules over a Stack and applies the severity policy.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint {

struct RulePolicy {
  std::set<std::string> only;                       // when non-empty: run only these rules
  std::map<std::string, std::optional<Severity>> severity;  // nullopt = off
  std::map<std::string, RuleOptionValues> options;  // [rules."id"] tables
};

// Every finding of every enabled rule, sorted (file, line, column, rule, message), duplicates removed.
std::vector<Diagnostic> run_rules(const Stack& stack, const RulePolicy& policy);

// Findings at or above `threshold` (nullopt: none count).
bool has_failures(const std::vector<Diagnostic>& diags, std::optional<Severity> threshold);

}  // namespace stacklint
