#include "linter/engine/suppress.h"

#include <algorithm>
#include <map>

#include "linter/source/suggest.h"

namespace stacklint {

namespace {

constexpr std::string_view kUnusedRule = "stacklint/unused-suppression";

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// Parses the directive that starts at `pos` in `line` (just after "stacklint "), line `n`.
void parse_directive(const SourceFile& src, const std::string& file, uint32_t n, std::string_view line, size_t pos,
                     std::vector<Suppression>& out) {
  const uint32_t base = src.line_offset(n);
  auto span = [&](size_t b, size_t e) {
    Location l = src.span(base + static_cast<uint32_t>(b), base + static_cast<uint32_t>(e));
    l.file = file;
    return l;
  };
  size_t eq = pos;
  while (eq < line.size() && line[eq] != '=' && !is_space(line[eq])) ++eq;
  const std::string_view verb = line.substr(pos, eq - pos);
  Suppression s;
  s.location = span(pos, eq);
  if (verb == "disable-line") {
    s.scope = SuppressionScope::line;
    s.target_line = n;
  } else if (verb == "disable-next-line") {
    s.scope = SuppressionScope::next_line;
    s.target_line = n + 1;
  } else if (verb == "disable-file") {
    s.scope = SuppressionScope::file;
  } else {
    if (verb.rfind("disable", 0) != 0 && verb.rfind("enable", 0) != 0) return;  // prose, not a directive
    s.problem = "unknown stacklint directive '" + std::string(verb) + "'";
    const auto hint = did_you_mean(verb, {"disable-line", "disable-next-line", "disable-file"});
    if (hint) s.problem += " (did you mean '" + *hint + "'?)";
    out.push_back(std::move(s));
    return;
  }
  if (eq >= line.size() || line[eq] != '=') {
    s.problem = "'" + std::string(verb) + "' needs rule ids: " + std::string(verb) + "=RULE[,RULE]";
    out.push_back(std::move(s));
    return;
  }
  size_t i = eq + 1;
  size_t end = i;
  while (end < line.size() && !is_space(line[end])) ++end;
  while (i < end) {
    size_t comma = line.find(',', i);
    if (comma == std::string_view::npos || comma > end) comma = end;
    if (comma > i) {
      s.ids.push_back(SuppressionId{.id = std::string(line.substr(i, comma - i)), .location = span(i, comma)});
    }
    i = comma + 1;
  }
  s.location = span(pos, end);
  if (s.ids.empty()) s.problem = "'" + std::string(verb) + "' needs rule ids: " + std::string(verb) + "=RULE[,RULE]";
  out.push_back(std::move(s));
}

bool covers(const Suppression& s, uint32_t line) {
  return s.problem.empty() && (s.scope == SuppressionScope::file || s.target_line == line);
}

std::vector<std::string> all_rule_ids() {
  std::vector<std::string> ids;
  for (const Rule* r : all_rules()) ids.emplace_back(r->info().id);
  return ids;
}

}  // namespace

std::vector<Suppression> parse_suppressions(const SourceFile& src, const std::string& file) {
  std::vector<Suppression> out;
  // Every directive names the tool: most files hold none, and are not scanned line by line.
  if (!src.mentions_stacklint()) return out;
  for (uint32_t n = 1; n <= src.line_count(); ++n) {
    const std::string_view line = src.line_text(n);
    size_t hash = line.find('#');
    while (hash != std::string_view::npos) {
      if (hash == 0 || is_space(line[hash - 1])) {
        size_t p = hash + 1;
        while (p < line.size() && is_space(line[p])) ++p;
        constexpr std::string_view kWord = "stacklint";
        if (line.substr(p, kWord.size()) == kWord && p + kWord.size() < line.size() &&
            is_space(line[p + kWord.size()])) {
          p += kWord.size();
          while (p < line.size() && is_space(line[p])) ++p;
          parse_directive(src, file, n, line, p, out);
          break;
        }
      }
      hash = line.find('#', hash + 1);
    }
  }
  return out;
}

bool rule_enabled(const RulePolicy& policy, std::string_view id) {
  const std::string key(id);
  if (!policy.only.empty() && policy.only.count(key) == 0) return false;
  const auto it = policy.severity.find(key);
  if (it != policy.severity.end()) return it->second.has_value();
  const Rule* rule = find_rule(id);
  return rule == nullptr || rule->info().on_by_default || policy.only.count(key) > 0;
}

std::vector<Diagnostic> apply_suppressions(const Stack& stack, std::vector<Diagnostic> diags,
                                           const RulePolicy& policy) {
  std::map<std::string, std::vector<Suppression>> by_file;
  for (const StackFile& f : stack.files) {
    if (f.source == nullptr) continue;
    auto list = parse_suppressions(*f.source, f.path);
    if (!list.empty()) by_file[f.path] = std::move(list);
  }
  if (by_file.empty()) return diags;

  std::vector<Diagnostic> kept;
  for (Diagnostic& d : diags) {
    bool suppressed = false;
    if (const auto it = by_file.find(d.location.file); it != by_file.end()) {
      for (Suppression& s : it->second) {
        if (!covers(s, d.location.line)) continue;
        for (SuppressionId& id : s.ids) {
          if (id.id == d.rule || id.id == "all") {
            id.used = true;
            suppressed = true;
          }
        }
      }
    }
    if (!suppressed) kept.push_back(std::move(d));
  }

  if (!rule_enabled(policy, kUnusedRule)) return kept;
  const Rule* unused_rule = find_rule(kUnusedRule);
  if (unused_rule == nullptr) return kept;
  Severity severity = unused_rule->info().severity;
  if (const auto it = policy.severity.find(std::string(kUnusedRule)); it != policy.severity.end() && it->second) {
    severity = *it->second;
  }
  static const std::vector<std::string> ids = all_rule_ids();
  auto report = [&](std::string message, const Location& location) {
    kept.push_back(Diagnostic{
        .rule = std::string(kUnusedRule), .severity = severity, .message = std::move(message), .location = location});
  };
  for (const auto& entry : by_file) {
    const std::vector<Suppression>& list = entry.second;
    // Suppressions of the unused-suppression findings themselves.
    auto silenced = [&](uint32_t line) {
      return std::any_of(list.begin(), list.end(), [&](const Suppression& s) {
        return covers(s, line) &&
               std::any_of(s.ids.begin(), s.ids.end(), [](const SuppressionId& i) { return i.id == kUnusedRule; });
      });
    };
    for (const Suppression& s : list) {
      if (!s.problem.empty()) {
        if (!silenced(s.location.line)) report(s.problem, s.location);
        continue;
      }
      for (const SuppressionId& id : s.ids) {
        if (id.used || id.id == kUnusedRule || silenced(id.location.line)) continue;
        if (id.id == "all") {
          report("this suppression of all rules matches no finding; remove it", id.location);
        } else if (find_rule(id.id) == nullptr) {
          std::string message = "unknown rule '" + id.id + "' in suppression";
          if (const auto hint = did_you_mean(id.id, ids)) message += " (did you mean '" + *hint + "'?)";
          report(message, id.location);
        } else if (rule_enabled(policy, id.id)) {
          report("this suppression of '" + id.id + "' matches no finding; remove it", id.location);
        }
      }
    }
  }
  std::stable_sort(kept.begin(), kept.end(), diagnostic_less);
  return kept;
}

}  // namespace stacklint
