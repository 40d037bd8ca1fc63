// pgbouncer/syntax: what pgbouncer refuses to load (FATAL cannot load config file), in a mounted ini
// or in the ini an image generates from its environment.
#include <set>
#include <tuple>

#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/notes.h"
#include "rules/trailing_comments.h"

namespace stacklint::rules {

namespace {

constexpr size_t kMaxShown = 40;

std::string shortened(const std::string& text) {
  return text.size() <= kMaxShown ? text : text.substr(0, kMaxShown) + "...";
}

using Seen = std::set<std::tuple<std::string, uint32_t, uint32_t, std::string>>;

// server_reset_query_always, a bool as cf_set_bool reads it.
bool always_resets(const PgBouncerConfig& c) {
  const std::string v = ascii_lower(c.text("server_reset_query_always"));
  return v == "1" || v == "yes" || v == "true" || v == "on";
}

// `server_reset_query =   ; blank is fine`: pgbouncer reads a comment only at the start of a line,
// so the value is the comment's text. A number or a keyword fails to load (a parse error above);
// a string loads and runs as written (rw79 record-platform: SQL sent after every session).
void report_comment_values(const Stack& stack, Seen& seen, Reporter& out) {
  const auto check = [&](const PgBouncerConfig& c) {
    if (c.origin != "file") return;
    for (const auto& [name, setting] : c.settings) {
      const SettingEntry& e = setting.current;
      if (e.raw.empty() || (e.raw.front() != ';' && e.raw.front() != '#')) continue;
      const StackFile* f = stack.find_file(e.location.file);
      if (f == nullptr || !f->source || e.location.end_offset < e.raw.size()) continue;
      const Location at =
          f->source->span(static_cast<uint32_t>(e.location.end_offset - e.raw.size()), e.location.end_offset);
      if (!seen.emplace(at.file, at.line, at.column, name).second) continue;
      std::string message = "the value of " + name + " is the comment after it, \"" + shortened(e.raw) +
                            "\": pgbouncer reads `;` and `#` as a comment only at the start of a line; write `" + name +
                            " =` alone for an empty value and put the comment on its own line";
      // pgbouncer sends server_reset_query only when a session ends: in transaction or statement
      // pooling not at all, unless server_reset_query_always says so (rw235 record-platform).
      const std::string mode = ascii_lower(c.text("pool_mode"));
      if (name == "server_reset_query" && (mode == "transaction" || mode == "statement") && !always_resets(c)) {
        out.report_demoted(Severity::note,
                           message + " (pool_mode = " + mode + " never sends it today; session pooling would)", at);
        continue;
      }
      out.report_demoted(Severity::warning, message, at);
    }
  };
  for (const Service& s : stack.services) {
    if (s.enabled && s.pgbouncer) check(*s.pgbouncer);
  }
  for (const auto& c : stack.standalone_pgbouncer) {
    if (c) check(*c);
  }
}

class PgbouncerSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "pgbouncer/syntax",
        .severity = Severity::error,
        .summary =
            "A pgbouncer.ini line, or an image variable, that pgbouncer refuses: it stops with "
            "`FATAL cannot load config file`.",
        .rationale =
            "pgbouncer reads its ini strictly: an unknown `[pgbouncer]` parameter, a unit on a number (`20k`, "
            "`10s`), an inline comment (`listen_port = 6432 ; x` is the value `6432 ; x`), an unknown section or "
            "a bad `[databases]` entry stops it at start, and the container restarts in a loop. A string value "
            "that is only a comment (`server_reset_query = ; none`) loads, and pgbouncer sends the comment's text "
            "as the query: a warning (a note for server_reset_query under transaction or statement pooling, which "
            "never sends it unless server_reset_query_always is set). stacklint reads "
            "the ini as pgbouncer 1.18 to 1.25 does (the version comes from the image tag; keys newer than it are "
            "unknown), follows `%include`, and, when no ini is mounted, reads the one the edoburu/pgbouncer or "
            "bitnami/pgbouncer image writes from its environment: edoburu writes every variable it knows as "
            "`lower(NAME) = value`, so `POOL_SIZE=20` becomes the unknown parameter `pool_size`. Errors of a "
            "generated ini point at the variable. The pgbouncer/pgbouncer image (built from sportsru/docker-pgbouncer) "
            "writes /etc/pgbouncer/pgbouncer.ini from `DATABASES_*` and `PGBOUNCER_*` at every start, mounted or not: "
            "an ini mounted there read-only makes the write fail and the container exit, a writable one is "
            "overwritten, and without `DATABASES_HOST` the entrypoint stops (edoburu's `DB_HOST` is not read). That "
            "image under another registry (`registry.example.org/pgbouncer/pgbouncer`) is that registry's project, "
            "whose "
            "entrypoint is not known. pgbouncer has no line continuation: an entry written over lines ending in `\\` "
            "is one finding at its first line, the lines after it notes. pgbouncer stops loading at its first "
            "syntax error (a line that is no `key = value`, a section header without `]`): the later syntax errors "
            "of the file are notes of the first.",
        .bad_example = {{.path = "compose.yaml",
                         .content = "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:v1.24.1-p1\n"
                                    "    environment:\n      DATABASE_URL: postgres://app:secret@db:5432/app\n"
                                    "      POOL_SIZE: \"20\"\n  db:\n    image: postgres:16\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content = "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:v1.24.1-p1\n"
                                     "    environment:\n      DATABASE_URL: postgres://app:secret@db:5432/app\n"
                                     "      DEFAULT_POOL_SIZE: \"20\"\n  db:\n    image: postgres:16\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  // An entry written over several lines with a trailing `\` (rw142 football-prediction): pgbouncer has
  // no line continuation, so the first line is a bad entry and each line after it another one named
  // for its first key ("syntax error in database \"pool_size\""). One finding at the first line, the
  // lines it meant to continue as notes; `errors` keeps the others.
  static void report_continued(const Stack& stack, std::vector<const ParseIssue*>& errors, Reporter& out) {
    const auto ends_in_backslash = [&](const std::string& file, uint32_t line) {
      const StackFile* f = stack.find_file(file);
      if (f == nullptr || !f->source || line == 0 || line > f->source->line_count()) return false;
      const std::string_view text = trim_blanks(f->source->line_text(line));
      return text.ends_with('\\');
    };
    std::vector<const ParseIssue*> rest;
    for (size_t i = 0; i < errors.size(); ++i) {
      const ParseIssue& head = *errors[i];
      if (!ends_in_backslash(head.location.file, head.location.line)) {
        rest.push_back(&head);
        continue;
      }
      std::vector<Related> related = head.related;
      uint32_t line = head.location.line;
      while (i + 1 < errors.size() && errors[i + 1]->location.file == head.location.file &&
             errors[i + 1]->location.line == line + 1 && ends_in_backslash(head.location.file, line)) {
        ++i;
        line = errors[i]->location.line;
        related.push_back(Related{.message = "the entry continues here, a line pgbouncer reads as an entry of its own",
                                  .location = errors[i]->location});
      }
      out.report(head.message + "; pgbouncer has no line continuation: write the entry on one line", head.location,
                 std::move(related));
    }
    errors = std::move(rest);
  }

  // pgbouncer stops loading at its first syntax error (cfparser.c: "syntax error in configuration,
  // stopping loading"): the lines below it are never read, and a block of prose or a `/* ... */`
  // comment is a syntax error on every line (rw166 Outbrew: 19 findings for one comment block). The
  // first syntax error of a file is the finding; the later ones of that file are its notes (at most
  // kMaxFolded, then a count); `errors` keeps the rest.
  static constexpr size_t kMaxFolded = 3;
  static void report_first_syntax_error(std::vector<const ParseIssue*>& errors, Reporter& out) {
    const auto is_syntax = [](const ParseIssue* e) { return e->message.starts_with("syntax error"); };
    std::vector<const ParseIssue*> rest;
    std::vector<bool> done(errors.size(), false);
    for (size_t i = 0; i < errors.size(); ++i) {
      if (done[i]) continue;
      const ParseIssue& head = *errors[i];
      if (!is_syntax(&head)) {
        rest.push_back(&head);
        continue;
      }
      std::vector<Related> related = head.related;
      size_t later = 0;
      for (size_t j = i + 1; j < errors.size(); ++j) {
        if (done[j] || !is_syntax(errors[j]) || errors[j]->location.file != head.location.file) continue;
        done[j] = true;
        if (++later <= kMaxFolded) {
          related.push_back(Related{.message = "a line pgbouncer never reads: " + errors[j]->message,
                                    .location = errors[j]->location});
        }
      }
      std::string message = head.message;
      if (later > 0) {
        message += "; pgbouncer stops loading here, and " + more_of(later, "line") + " below fail alike";
        if (later > kMaxFolded) {
          related.push_back(
              Related{.message = "and " + more_of(later - kMaxFolded, "line"), .location = head.location});
        }
      }
      out.report(message, head.location, std::move(related));
    }
    errors = std::move(rest);
  }

  void check(const Stack& stack, Reporter& out) const override {
    Seen seen;  // a file shared by services
    const auto report = [&](const PgBouncerConfig& c) {
      std::vector<const ParseIssue*> errors;
      for (const ParseIssue& e : c.errors) {
        if (seen.emplace(e.location.file, e.location.line, e.location.column, e.message).second) errors.push_back(&e);
      }
      report_continued(stack, errors, out);
      report_first_syntax_error(errors, out);
      // pgbouncer reads a `;` or `#` after a value as part of it (rw34 obcms: 11 lines of one habit).
      report_with_trailing_comments(stack, errors, ";#",
                                    "pgbouncer reads a `;` or `#` after a value as part of it, and only a line "
                                    "that starts with one as a comment; put the comment on its own line",
                                    out);
    };
    for (const Service& s : stack.services) {
      if (s.enabled && s.pgbouncer) report(*s.pgbouncer);
    }
    report_comment_values(stack, seen, out);
    // A standalone ini mounted into a pgbouncer service where its image never reads it is
    // pgbouncer/config-not-loaded's finding: no pgbouncer reads its lines (rw34 Secure-ISS).
    std::set<std::string> unread;
    for (const UnloadedConfig& u : unloaded_configs(stack, FileKind::pgbouncer, Role::pgbouncer)) {
      if (u.service->pgbouncer && !u.service->entrypoint()) unread.insert(u.file->path);
    }
    for (const auto& c : stack.standalone_pgbouncer) {
      if (c && (c->files.empty() || unread.count(c->files.front()) == 0)) report(*c);
    }
  }
};

}  // namespace

const Rule& pgbouncer_syntax() {
  static const PgbouncerSyntax r;
  return r;
}

}  // namespace stacklint::rules
