#include "linter/formats/postgres/hooks.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace stacklint::postgres {

namespace {

// The four settings whose sum is bounded, with the version's name for the autovacuum slots.
std::array<std::string_view, 4> process_settings(int major) {
  return {"max_connections", major >= 18 ? "autovacuum_worker_slots" : "autovacuum_max_workers", "max_worker_processes",
          "max_wal_senders"};
}

std::string invalid(std::string_view name, int64_t value) {
  return "invalid value for parameter \"" + std::string(name) + "\": " + std::to_string(value);
}

// check_max_connections and its three siblings (up to 17).
std::string max_backends_hook(const ParamDef& def, std::string_view name, int64_t value, const PgConfig& cfg) {
  const auto names = process_settings(cfg.major);
  int64_t sum = 1;  // the autovacuum launcher
  std::string others;
  bool involved = false;
  for (std::string_view n : names) {
    if (n == def.name) {
      involved = true;
      sum += value;
      continue;
    }
    const int64_t v = cfg.integer(n);
    sum += v;
    others += " + " + std::string(n) + " (" + std::to_string(v) + ")";
  }
  if (!involved || sum <= kMaxBackends) return "";
  return invalid(name, value) + " (" + std::string(def.name) + " (" + std::to_string(value) + ")" + others +
         " + 1 for the autovacuum launcher = " + std::to_string(sum) + " server processes; PostgreSQL " +
         std::to_string(cfg.major) + " allows at most " + std::to_string(kMaxBackends) + ")";
}

std::string stack_depth_hook(std::string_view name, int64_t kilobytes, const PgConfig& cfg) {
  constexpr int64_t kSlop = 512 * 1024;  // STACK_DEPTH_SLOP
  if (cfg.stack_limit <= 0 || kilobytes * 1024 <= cfg.stack_limit - kSlop) return "";
  const int64_t max_kb = (cfg.stack_limit - kSlop) / 1024;
  return invalid(name, kilobytes) + " (\"max_stack_depth\" must not exceed " + std::to_string(max_kb) +
         "kB: the stack limit is " + std::to_string(cfg.stack_limit / 1024) + "kB (" + cfg.stack_limit_origin +
         ") less 512kB; raise it with `ulimits: stack:` in the compose file, or lower max_stack_depth)";
}

std::string log_stats_hook(const ParamDef& def, std::string_view name, bool on, const PgConfig& cfg) {
  if (!on) return "";
  if (def.name == "log_statement_stats") {
    if (!cfg.boolean("log_parser_stats") && !cfg.boolean("log_planner_stats") && !cfg.boolean("log_executor_stats"))
      return "";
    return invalid(name, 1) +
           " (Cannot enable \"log_statement_stats\" when \"log_parser_stats\", \"log_planner_stats\", or "
           "\"log_executor_stats\" is true)";
  }
  if (!cfg.boolean("log_statement_stats")) return "";
  return invalid(name, 1) + " (Cannot enable parameter when \"log_statement_stats\" is true)";
}

}  // namespace

std::string check_hook(const ParamDef& def, std::string_view name, const ParsedValue& value, const PgConfig& cfg) {
  const std::string_view n = def.name;
  const auto base = static_cast<int64_t>(std::llround(value.base_value));
  if (cfg.major <= 17 && (n == "max_connections" || n == "autovacuum_max_workers" || n == "max_worker_processes" ||
                          n == "max_wal_senders")) {
    return max_backends_hook(def, name, base, cfg);
  }
  if (n == "max_stack_depth") return stack_depth_hook(name, base, cfg);
  const bool* on = std::get_if<bool>(&value.value);
  if (n == "bonjour" && on != nullptr && *on) {
    return "Bonjour is not supported by this build (the official postgres images and Debian's packages are built "
           "without Bonjour; set bonjour = off)";
  }
  if (on != nullptr && (n == "log_statement_stats" || n == "log_parser_stats" || n == "log_planner_stats" ||
                        n == "log_executor_stats")) {
    return log_stats_hook(def, name, *on, cfg);
  }
  return "";
}

std::vector<std::string_view> hook_reads(std::string_view param, int major) {
  std::vector<std::string_view> out;
  const auto names = process_settings(major);
  if (std::find(names.begin(), names.end(), param) != names.end()) {
    for (std::string_view n : names) {
      if (n != param) out.push_back(n);
    }
  } else if (param == "log_statement_stats") {
    out = {"log_parser_stats", "log_planner_stats", "log_executor_stats"};
  } else if (param == "log_parser_stats" || param == "log_planner_stats" || param == "log_executor_stats") {
    out = {"log_statement_stats"};
  }
  return out;
}

std::vector<Related> setting_notes(const PgConfig& cfg, const std::vector<std::string_view>& names) {
  std::vector<Related> out;
  for (std::string_view n : names) {
    const Setting* set = cfg.find(n);
    if (set == nullptr || !set->current.location.valid()) continue;
    out.push_back(Related{
        .message = std::string(n) + " = " + set->current.raw + " (" + std::string(to_string(set->current.origin)) + ")",
        .location = set->current.location});
  }
  return out;
}

void check_startup(PgConfig& cfg) {
  if (cfg.major < 17) return;
  const auto names = process_settings(cfg.major);
  int64_t sum = 0;
  int64_t largest = -1;
  std::string_view at;
  for (std::string_view n : names) {
    const int64_t v = cfg.integer(n);
    sum += v;
    if (cfg.find(n) != nullptr && cfg.location_of(n).valid() && v > largest) {
      largest = v;
      at = n;
    }
  }
  // NUM_SPECIAL_WORKER_PROCS: the autovacuum launcher and the slot sync worker.
  if (sum + 2 <= kMaxBackends || at.empty()) return;
  const auto value = [&](std::string_view n) { return std::to_string(cfg.integer(n)); };
  std::string message;
  if (cfg.major == 17) {
    message = "too many backends configured (" + std::string(names[0]) + " (" + value(names[0]) + ") + " +
              std::string(names[1]) + " (" + value(names[1]) + ") + " + std::string(names[2]) + " (" + value(names[2]) +
              ") + " + std::string(names[3]) + " (" + value(names[3]) +
              ") + 2 for the autovacuum launcher and the slot sync worker = " + std::to_string(sum + 2) +
              " server processes; PostgreSQL 17 allows at most " + std::to_string(kMaxBackends) + ")";
  } else {
    message = "too many server processes configured (\"" + std::string(names[0]) + "\" (" + value(names[0]) +
              ") plus \"" + std::string(names[1]) + "\" (" + value(names[1]) + ") plus \"" + std::string(names[2]) +
              "\" (" + value(names[2]) + ") plus \"" + std::string(names[3]) + "\" (" + value(names[3]) +
              ") must be less than " + std::to_string(kMaxBackends - 1) + ")";
  }
  std::vector<std::string_view> others;
  for (std::string_view n : names) {
    if (n != at) others.push_back(n);
  }
  cfg.startup_errors.push_back(ParseIssue{
      .message = std::move(message), .location = cfg.location_of(at), .related = setting_notes(cfg, others)});
}

}  // namespace stacklint::postgres
