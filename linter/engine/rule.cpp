#include "linter/engine/rule.h"

#include <algorithm>
#include <cstdlib>

namespace stacklint {

double Reporter::number_option(std::string_view name) const {
  const auto it = options_.find(std::string(name));
  if (it != options_.end()) return std::strtod(it->second.c_str(), nullptr);
  for (const auto& o : info_.options) {
    if (o.name == name) return std::strtod(std::string(o.default_value).c_str(), nullptr);
  }
  return 0;
}

void Reporter::add_summaries() {
  if (!dropped_) return;
  for (const auto& [file, count] : per_file_) {
    if (count <= kMaxPerFile) continue;
    const size_t more = count - kMaxPerFile;
    sink_.push_back(Diagnostic{.rule = std::string(info_.id),
                               .severity = severity_,
                               .message = std::to_string(more) + (more == 1 ? " more finding" : " more findings") +
                                          " of this rule in this file not shown (stacklint shows at most " +
                                          std::to_string(kMaxPerFile) + " per rule and file)",
                               .location = Location{.file = file}});
  }
}

const Rule* find_rule(std::string_view id) {
  const auto& rules = all_rules();
  const auto it = std::lower_bound(rules.begin(), rules.end(), id,
                                   [](const Rule* r, std::string_view v) { return r->info().id < v; });
  return it != rules.end() && (*it)->info().id == id ? *it : nullptr;
}

}  // namespace stacklint
