// Prometheus as a service runs it: command-line flags, the config file resolved through the
// service's mounts, and the rule files its rule_files patterns match inside the container.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/formats/prometheus/glob.h"
#include "linter/formats/promql/functions.h"
#include "linter/formats/rulefmt/rulefmt.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

// For a service whose role is "prometheus": sets svc.prometheus (always, even when the config
// cannot be read: then `loaded` is false and the defaults apply).
void bind_prometheus(Stack& stack, Service& svc, const FileSystem& fs);

// A rule file read and parsed ahead of load_rule_file (in parallel with others, see
// prefetch_rule_files). Parsing is a pure function of the text and the options, so the result is
// the one load_rule_file would compute itself.
struct PrefetchedRuleFile {
  SourcePtr source;  // named by the stack-relative path, as load_rule_file would name it
  rulefmt::Options options;
  rulefmt::ParseOutput parsed;
};
using RuleFilePrefetch = std::map<std::string, PrefetchedRuleFile>;  // by normalized host path

// Reads the files (in order, through fs) and parses them on up to `threads` threads with the
// stack's default options (--prometheus-version, --enable-feature). Unreadable files are left out.
RuleFilePrefetch prefetch_rule_files(const Stack& stack, const FileSystem& fs,
                                     const std::vector<std::string>& host_paths, unsigned threads);

// Builds the PromQL trees of the deferred rule files (prefetched) that a Prometheus of the stack
// loads: the analyses of its alerts (alert routing, labels) read them outside the rules' pass.
void build_loaded_trees(Stack& stack);

// A prometheus.yml no service reads: rule_files resolve relative to the file's own directory.
// Rule files already in `prefetch` (parsed with the same options) are not parsed again.
std::shared_ptr<PromConfig> load_standalone_prometheus(Stack& stack, const FileSystem& fs, const std::string& host_path,
                                                       RuleFilePrefetch* prefetch = nullptr);

// Loads and parses a rule file once (stack.rule_files); nullptr when it cannot be read. Without
// options, the stack's --prometheus-version and --enable-feature apply. A prefetched parse made
// with the same options is used instead of reading and parsing again.
std::shared_ptr<RuleFile> load_rule_file(Stack& stack, const FileSystem& fs, const std::string& host_path,
                                         const std::optional<rulefmt::Options>& options = std::nullopt,
                                         RuleFilePrefetch* prefetch = nullptr);

// "2.45.0", "v2.45.0", "v3.1" -> major/minor; false when the text is no version.
bool parse_prometheus_version(std::string_view text, int& major, int& minor);

// The version assumed when neither the image nor --prometheus-version says: the release the PromQL
// function table was last brought up to.
inline constexpr int kDefaultPrometheusMajor = promql::kFunctionTableMajor;
inline constexpr int kDefaultPrometheusMinor = promql::kFunctionTableMinor;

}  // namespace stacklint
