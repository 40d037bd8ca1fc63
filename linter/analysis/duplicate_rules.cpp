#include "linter/analysis/duplicate_rules.h"

#include <map>
#include <string>
#include <utility>

namespace stacklint {

std::vector<DuplicateRule> duplicate_rules(const RuleFile& file) {
  std::vector<DuplicateRule> out;
  std::map<std::pair<std::string, std::map<std::string, std::string>>, size_t> seen;
  for (size_t i = 0; i < file.rules.size(); ++i) {
    std::map<std::string, std::string> labels;
    for (const RuleLabel& l : file.groups[file.rules[i].group_index].labels) labels[l.name.value] = l.value.value;
    for (const RuleLabel& l : file.rules[i].labels) labels[l.name.value] = l.value.value;
    auto [it, inserted] = seen.emplace(std::make_pair(file.rules[i].name.value, std::move(labels)), i);
    if (!inserted) out.push_back(DuplicateRule{.first = it->second, .second = i});
  }
  return out;
}

}  // namespace stacklint
