#include "linter/analysis/duplicate_rules.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

namespace stacklint {

namespace {

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

// A rule's labels as Prometheus sets them, the group's then the rule's (a later value of a name
// wins), sorted by name.
void labels_of(const RuleFile& file, const PromRule& rule, Labels& out) {
  out.clear();
  for (const RuleLabel& l : file.groups[rule.group_index].labels) out.emplace_back(l.name.value, l.value.value);
  for (const RuleLabel& l : rule.labels) out.emplace_back(l.name.value, l.value.value);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t kept = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i + 1 < out.size() && out[i + 1].first == out[i].first) continue;
    out[kept++] = out[i];
  }
  out.resize(kept);
}

size_t hash_of(std::string_view name, const Labels& labels) {
  const std::hash<std::string_view> hash;
  size_t h = hash(name);
  for (const auto& [n, v] : labels) {
    h = (h * 1000003U) ^ hash(n);
    h = (h * 1000003U) ^ hash(v);
  }
  return h;
}

}  // namespace

// Rules are grouped by a hash of their name and labels (no copy of either), and compared only
// within a group.
std::vector<DuplicateRule> duplicate_rules(const RuleFile& file) {
  std::vector<std::pair<size_t, size_t>> keyed;  // (hash, rule index)
  keyed.reserve(file.rules.size());
  Labels labels;
  for (size_t i = 0; i < file.rules.size(); ++i) {
    labels_of(file, file.rules[i], labels);
    keyed.emplace_back(hash_of(file.rules[i].name.value, labels), i);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<DuplicateRule> out;
  Labels other;
  std::vector<size_t> firsts;  // of one hash: the first rule of each distinct name and labels
  for (size_t run = 0; run < keyed.size();) {
    size_t end = run + 1;
    while (end < keyed.size() && keyed[end].first == keyed[run].first) ++end;
    firsts.clear();
    for (size_t k = run; k < end; ++k) {  // in rule order
      const size_t i = keyed[k].second;
      bool repeated = false;
      if (end - run > 1) labels_of(file, file.rules[i], labels);
      for (const size_t j : firsts) {
        if (file.rules[j].name.value != file.rules[i].name.value) continue;
        labels_of(file, file.rules[j], other);
        if (other == labels) {
          out.push_back(DuplicateRule{.first = j, .second = i});
          repeated = true;
          break;
        }
      }
      if (!repeated) firsts.push_back(i);
    }
    run = end;
  }
  std::sort(out.begin(), out.end(), [](const DuplicateRule& a, const DuplicateRule& b) { return a.second < b.second; });
  return out;
}

}  // namespace stacklint
