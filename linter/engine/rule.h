// The rule interface: a rule is one file with a RuleInfo and a check over the whole Stack.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/source.h"

namespace stacklint {

struct Stack;

// One file of a documented example: a tiny stack that is written to a temporary folder and linted
// by the docs test (the bad example must fire the rule, the good one must not).
struct ExampleFile {
  std::string_view path;
  std::string_view content;
};

struct RuleOption {
  std::string_view name;
  std::string_view type;           // "number", "string", "bool"
  std::string_view default_value;  // as text
  std::string_view description;
};

struct RuleInfo {
  std::string_view id;  // domain/kebab-name, never reused
  Severity severity = Severity::warning;
  std::string_view summary;    // one line: what it finds
  std::string_view rationale;  // why it matters (markdown paragraphs)
  std::vector<ExampleFile> bad_example;
  std::vector<ExampleFile> good_example;
  std::vector<RuleOption> options;
  std::vector<std::string_view> example_args;  // extra CLI args for the examples (e.g. --host-memory)
  // Off unless asked for (`--rule ID`, or a severity for it in .stacklint.toml): a finding most
  // repositories would not act on, and that another tool already reports.
  bool on_by_default = true;
};

// Rule options as configured in .stacklint.toml ([rules."id"] tables), already validated.
using RuleOptionValues = std::map<std::string, std::string>;

// Collects a rule's findings. The engine fills in rule id and severity.
class Reporter {
 public:
  Reporter(const RuleInfo& info, Severity severity, const RuleOptionValues& options, std::vector<Diagnostic>& sink)
      : info_(info), severity_(severity), options_(options), sink_(sink) {}

  // At most kMaxPerFile findings per file are kept; the rest are counted (see summaries()).
  static constexpr size_t kMaxPerFile = 1000;

  void report(std::string message, Location location, std::vector<Related> related = {}) {
    if (++per_file_[location.file] > kMaxPerFile) {
      dropped_ = true;
      return;
    }
    sink_.push_back(Diagnostic{.rule = std::string(info_.id),
                               .severity = severity_,
                               .message = std::move(message),
                               .location = location,
                               .related = std::move(related)});
  }
  // A finding of lower weight than the rule's (a rule that is an error in general and only a note in
  // a borderline case): reported at `at_most`, or at the configured severity when that is lower.
  void report_demoted(Severity at_most, std::string message, Location location, std::vector<Related> related = {}) {
    const size_t before = sink_.size();
    report(std::move(message), location, std::move(related));
    if (sink_.size() > before && at_most < sink_.back().severity) sink_.back().severity = at_most;
  }
  // One finding per file that had more than kMaxPerFile, saying how many were left out.
  void add_summaries();
  // A numeric option: configured value, else the default from the RuleInfo.
  [[nodiscard]] double number_option(std::string_view name) const;

 private:
  const RuleInfo& info_;
  Severity severity_;
  const RuleOptionValues& options_;
  std::vector<Diagnostic>& sink_;
  std::map<std::string, size_t> per_file_;
  bool dropped_ = false;
};

class Rule {
 public:
  Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;
  Rule(Rule&&) = delete;
  Rule& operator=(Rule&&) = delete;
  virtual ~Rule() = default;
  [[nodiscard]] virtual const RuleInfo& info() const = 0;
  virtual void check(const Stack& stack, Reporter& out) const = 0;
  // A rule that walks the PromQL trees of stack.rule_files, one file at a time, looking only at the
  // files `in_view` and at nothing else of them: what it finds in all the files is what it finds in
  // each on its own, in their order. The runner may run it over a few rule files at a time, with the
  // trees of only those built (RuleFile::deferred).
  [[nodiscard]] virtual bool per_rule_file() const { return false; }
};

// Every rule, sorted by id (rules/registry.cpp).
const std::vector<const Rule*>& all_rules();
const Rule* find_rule(std::string_view id);

}  // namespace stacklint
