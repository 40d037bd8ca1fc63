// postgres/syntax: a postgresql.conf line or command-line setting postgres refuses to start with.
#include "linter/engine/rule.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PostgresSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/syntax",
        .severity = Severity::error,
        .summary =
            "A postgresql.conf line or `-c` setting postgres refuses: syntax, unknown parameter, bad unit or "
            "out-of-range value, missing include; a pg_hba.conf line postgres refuses.",
        .rationale =
            "At startup postgres reads the whole configuration and refuses to start (`configuration file ... contains "
            "errors`) when any line is wrong, so the container restarts in a loop. stacklint reads postgresql.conf "
            "exactly as postgres does (guc-file.l tokens: `1.5GB` unquoted is a syntax error, `'1.5GB'` is fine; "
            "case-sensitive units `kB MB GB`; octal `010` = 8; includes relative to the including file) and checks "
            "every value against the parameter's type and range for the image's major version, with postgres's own "
            "messages. It also runs postgres's checks beyond a parameter's own range, in postgres's order (the "
            "command line first, then the file line by line, each value against the values set before it): "
            "max_connections + autovacuum_max_workers + max_worker_processes + max_wal_senders (+1) must not exceed "
            "262143 (up to 17; 17 also refuses the sum + 2 at startup; 18 checks it once with "
            "autovacuum_worker_slots), max_stack_depth must stay 512kB below the container's stack limit (7680kB "
            "under Docker's default 8 MB; compose `ulimits: stack` raises it), `bonjour = on` is refused by the "
            "official images (built without Bonjour), and log_statement_stats excludes log_parser_stats, "
            "log_planner_stats and log_executor_stats. An earlier occurrence of a name spelled exactly like a later "
            "one is not checked, as in postgres. A file no versioned image runs is read with --postgres-version "
            "(or `[postgres] version`), else with the newest version's rules, which the messages then name. "
            "pg_hba.conf is read as postgres reads it too (hba.c: blanks and commas between tokens, `\"...\"` quotes, "
            "`@file` lists, a trailing backslash continues a line from 14 on, `include` records from 16 on) and a line "
            "postgres refuses is reported with postgres's message at the token it is about (`invalid connection type`, "
            "`invalid CIDR mask`, `invalid authentication method`, missing fields, options of another method): "
            "postgres does not start with such a file (`could not load pg_hba.conf`). A pg_hba.conf no service reads "
            "is checked the same way, on its own.",
        .bad_example = {{.path = "postgresql.conf", .content = R"(shared_buffers = 1.5GB
work_mem = 64mb
)"}},
        .good_example = {{.path = "postgresql.conf", .content = R"(shared_buffers = '1.5GB'
work_mem = 64MB
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const StackFile& f : stack.files) {
      if (f.kind != FileKind::postgres && f.kind != FileKind::pg_hba) continue;
      for (const ParseIssue& e : f.errors) out.report(e.message, e.location, e.related);
    }
    auto command_line = [&](const PgConfig& c) {
      for (const ParseIssue& e : c.command_line_errors) out.report(e.message, e.location, e.related);
      for (const ParseIssue& e : c.startup_errors) out.report(e.message, e.location, e.related);
    };
    for (const Service& s : stack.services) {
      if (s.postgres) command_line(*s.postgres);
    }
    for (const auto& c : stack.standalone_postgres) {
      if (c) command_line(*c);
    }
  }
};

}  // namespace

const Rule& postgres_syntax() {
  static const PostgresSyntax r;
  return r;
}

}  // namespace stacklint::rules
