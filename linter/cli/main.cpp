// stacklint's command line (CLI11). Exit codes: 0 no finding at or above --fail-on, 1 findings,
// 2 usage error, unreadable input or invalid .stacklint.toml.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string_view>

#include "linter/cli/commands.h"
#include "linter/cli/heap.h"

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STACKLINT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define STACKLINT_ASAN 1
#endif

// Ends a check run: its output flushed, the process exits without running the destructors of the
// tables and compiled schemas built on first use (the OS takes the memory back at once). Sanitizer
// builds return normally so the leak check still runs.
int finish(int rc) {
#ifdef STACKLINT_ASAN
  return rc;
#else
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(rc);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  using namespace stacklint;
  prefer_huge_pages();
  CliOptions opts;
  CLI::App app{
      "stacklint: lint a whole deployment stack (compose, postgresql.conf, redis.conf, prometheus.yml, rule files)",
      "stacklint"};
  app.set_version_flag("--version", std::string("stacklint ") + STACKLINT_VERSION);
  app.require_subcommand(1);

  auto add_load_options = [&](CLI::App* cmd) {
    cmd->add_option("paths", opts.paths, "A directory (default .), a compose file, or config files");
    cmd->add_option("-f,--file", opts.compose_files, "Compose file (repeatable, merged in order)")
        ->allow_extra_args(false);
    cmd->add_option("--host-memory", opts.host_memory, "Host memory budget, e.g. 4GiB")->each([&](const std::string&) {
      opts.host_memory_given = true;
    });
    cmd->add_option("--reserve", opts.reserve, "Memory kept for the OS and page cache (default 512MiB)");
    cmd->add_option("--config", opts.config, "Path of .stacklint.toml (default: <stack root>/.stacklint.toml)");
    cmd->add_option("--env-file", opts.env_files, "Compose env file (repeatable)")->allow_extra_args(false);
    cmd->add_option("--profile", opts.profiles, "Compose profile to enable (repeatable)")->allow_extra_args(false);
    cmd->add_option("--kind", opts.kinds,
                    "Force the kind of a file: FILE=KIND (compose, postgres, pg-hba, redis, prometheus, rules, "
                    "pgbouncer, alertmanager); repeatable")
        ->allow_extra_args(false);
    cmd->add_option("--enable-feature", opts.features, "Prometheus feature flag for rule files no service configures")
        ->allow_extra_args(false);
    cmd->add_option("--prometheus-version", opts.prometheus_version, "Prometheus version X.Y when no image says");
    cmd->add_flag("--allow-outside-root", opts.allow_outside_root,
                  "Read files the stack names outside its root (git work tree, else the directory given): trusted "
                  "trees only");
    cmd->add_option("--postgres-version", opts.postgres_version, "PostgreSQL major version (15-18) when no image says")
        ->check(CLI::Range(15, 18));
    cmd->add_option("--redis-version", opts.redis_version, "Redis release X.Y (6.0-7.4) when no image says")
        ->check(CLI::Validator([](std::string& s) { return redis_version_error(s); }, "X.Y"));
  };

  // The load options (a dozen, each built with its validators: a tenth of a check run on the seed
  // stack) are registered only for the subcommand the command line names first, or for both when it
  // names neither (`stacklint --help`).
  const std::string_view first = argc > 1 ? std::string_view(argv[1]) : std::string_view();
  CLI::App* check = app.add_subcommand("check", "Lint a stack");
  if (first != "model") add_load_options(check);
  check->add_option("--format", opts.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  check->add_option("-o,--output", opts.output, "Write the report to FILE instead of stdout");
  check->add_option("--fail-on", opts.fail_on, "Lowest severity that makes the exit code 1 (default error)")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}));
  check->add_option("--baseline", opts.baseline, "Report only findings not recorded in FILE");
  check->add_option("--write-baseline", opts.write_baseline, "Record the current findings in FILE");
  check->add_option(
      "--changed", opts.changed,
      "Report only findings that touch these files (primary or related location); the whole stack is still loaded");
  check->add_flag("--no-color", opts.no_color, "Never color the text output");
  check->add_option("--rule", opts.only_rules, "Run only this rule (repeatable)")->allow_extra_args(false);

  CLI::App* model = app.add_subcommand("model", "Print the normalized model as JSON");
  if (first != "check") add_load_options(model);
  model->add_option("--format", opts.format, "Output format")->check(CLI::IsMember({"json"}));

  CLI::App* rules = app.add_subcommand("rules", "List every rule with id, severity and summary");
  rules->add_option("--format", opts.format, "Output format")->check(CLI::IsMember({"text", "json"}));

  CLI::App* explain = app.add_subcommand("explain", "Print a rule's documentation");
  explain->add_option("rule", opts.rule_id, "Rule id, e.g. postgres/memory-over-limit")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  opts.color = !opts.no_color && isatty(fileno(stdout)) != 0 && opts.output.empty();
  if (*check) return finish(run_check(opts));
  if (*model) return run_model(opts);
  if (*rules) return run_rules_list(opts);
  if (*explain) return run_explain(opts);
  return 2;
}
