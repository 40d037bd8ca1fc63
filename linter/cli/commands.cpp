#include "linter/cli/commands.h"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "linter/engine/docs.h"
#include "linter/engine/runner.h"
#include "linter/report/model_json.h"
#include "linter/report/report.h"
#include "linter/stack/assemble.h"
#include "linter/units/size.h"

extern char** environ;

namespace stacklint {

namespace {

int usage_error(const std::string& message) {
  std::cerr << "stacklint: error: " << message << '\n';
  return 2;
}

bool parse_size_flag(const std::string& flag, const std::string& text, std::optional<Located<int64_t>>& out) {
  if (text.empty()) return true;
  std::string error;
  const auto v = parse_docker_size(text, &error);
  if (!v) {
    std::cerr << "stacklint: error: " << flag << ": " << error << " (expected a size such as 4GiB or 512m)\n";
    return false;
  }
  out = Located<int64_t>{.value = *v, .location = {}};
  return true;
}

// Builds the request from the flags; returns false (after printing) on a usage error.
bool make_request(const CliOptions& opts, StackRequest& req) {
  req.paths = opts.paths;
  req.compose_files = opts.compose_files;
  req.env_files = opts.env_files;
  req.profiles = opts.profiles;
  req.prometheus_version = opts.prometheus_version;
  req.enabled_features = opts.features;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string kv = *e;
    const auto eq = kv.find('=');
    if (eq != std::string::npos) req.environment[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const std::string& k : opts.kinds) {
    const auto eq = k.rfind('=');
    const std::string kind = eq == std::string::npos ? "" : k.substr(eq + 1);
    if (kind != "compose" && kind != "postgres" && kind != "redis" && kind != "prometheus" && kind != "rules") {
      usage_error("--kind expects FILE=KIND with KIND one of compose, postgres, redis, prometheus, rules; got '" + k +
                  "'");
      return false;
    }
    req.kinds[path::normalize(k.substr(0, eq))] = kind;
  }
  return parse_size_flag("--host-memory", opts.host_memory, req.host_memory) &&
         parse_size_flag("--reserve", opts.reserve, req.reserve);
}

std::optional<Severity> threshold(const std::string& fail_on) {
  Severity s = Severity::error;
  if (fail_on == "none" || !parse_severity(fail_on, s)) return std::nullopt;
  return s;
}

int emit(const CliOptions& opts, const std::string& text) {
  if (opts.output.empty()) {
    std::cout << text;
    std::cout.flush();
    return 0;
  }
  std::ofstream out(opts.output, std::ios::binary);
  out << text;
  if (!out) return usage_error("cannot write '" + opts.output + "'");
  return 0;
}

}  // namespace

int run_check(const CliOptions& opts) {
  StackRequest req;
  if (!make_request(opts, req)) return 2;
  for (const std::string& id : opts.only_rules) {
    if (find_rule(id) == nullptr) return usage_error("unknown rule '" + id + "' (see `stacklint rules`)");
  }
  const DiskFileSystem fs;
  StackLoad load = load_stack(fs, req);
  if (!load.usage_errors.empty()) {
    for (const auto& e : load.usage_errors) std::cerr << "stacklint: error: " << e << '\n';
    return 2;
  }
  RulePolicy policy;
  policy.only.insert(opts.only_rules.begin(), opts.only_rules.end());
  std::vector<Diagnostic> diags = run_rules(load.stack, policy);

  std::string text;
  if (opts.format == "json") {
    text = render_json(diags);
  } else if (opts.format == "text") {
    text = render_text(load.stack, diags, ReportOptions{.color = opts.color});
  } else {
    return usage_error("--format " + opts.format + " is not available yet");
  }
  if (const int rc = emit(opts, text); rc != 0) return rc;
  return has_failures(diags, threshold(opts.fail_on)) ? 1 : 0;
}

int run_model(const CliOptions& opts) {
  StackRequest req;
  if (!make_request(opts, req)) return 2;
  const DiskFileSystem fs;
  StackLoad load = load_stack(fs, req);
  if (!load.usage_errors.empty()) {
    for (const auto& e : load.usage_errors) std::cerr << "stacklint: error: " << e << '\n';
    return 2;
  }
  return emit(opts, model_json(load.stack).dump(2) + "\n");
}

int run_rules_list(const CliOptions& opts) {
  if (opts.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const Rule* r : all_rules()) {
      out.push_back({{"id", r->info().id}, {"severity", to_string(r->info().severity)}, {"summary", r->info().summary}});
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  for (const Rule* r : all_rules()) {
    const RuleInfo& i = r->info();
    std::string id(i.id);
    id.resize(std::max<size_t>(id.size(), 44), ' ');
    std::string sev(to_string(i.severity));
    sev.resize(8, ' ');
    std::cout << id << ' ' << sev << ' ' << i.summary << '\n';
  }
  return 0;
}

int run_explain(const CliOptions& opts) {
  const Rule* r = find_rule(opts.rule_id);
  if (r == nullptr) return usage_error("unknown rule '" + opts.rule_id + "' (see `stacklint rules`)");
  std::cout << render_rule_doc(r->info());
  return 0;
}

}  // namespace stacklint
