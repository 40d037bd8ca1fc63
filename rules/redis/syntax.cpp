// redis/syntax: a line redis-server refuses (FATAL CONFIG FILE ERROR).
#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class RedisSyntax final : public Rule {
  static constexpr size_t kMaxNotes = 3;

  // Whether a redis.conf line holds a `#` after its first word (not a quoted one), as redis would
  // split it: the comment becomes arguments.
  static bool trailing_comment(std::string_view line) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') return false;
    char quote = 0;
    for (size_t i = first; i < line.size(); ++i) {
      const char c = line[i];
      if (quote != 0) {
        if (c == '\\')
          ++i;
        else if (c == quote)
          quote = 0;
        continue;
      }
      if (c == '"' || c == '\'')
        quote = c;
      else if (c == '#' && i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t'))
        return true;
    }
    return false;
  }

 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "redis/syntax",
        .severity = Severity::error,
        .summary =
            "A redis.conf line or redis-server option that redis refuses: bad directive, arity, value or quotes.",
        .rationale =
            "redis-server stops at the first bad line with `*** FATAL CONFIG FILE ERROR ***` and exits, so the "
            "container restarts in a loop. stacklint reads redis.conf exactly as redis 7 does (sdssplitargs "
            "quoting, case-insensitive names and aliases, memory units where `256m` is 10^6-based and `256mb` "
            "2^20-based, includes against the working directory, command-line options appended after the file) "
            "and reports every line redis would reject, with redis's own reason. Directives that not every "
            "release reads (added in 6.2, 7.0, 7.2 or 7.4, or removed in 7.0) are judged for the image's release; a "
            "file no versioned image runs is read with --redis-version (or `[redis] version`), else as 7.4, which "
            "the message then says. A config file the command names and the bind mount lacks is reported (redis "
            "cannot open it) unless a setup step writes it (a template beside it, git ignores it): its settings "
            "are then unknown. A file named like redis.conf with no redis directive in it (a stunnel config) "
            "is read only when a service's redis is told to read it.",
        .bad_example = {{.path = "redis.conf", .content = R"(maxmemory 1.5gb
maxmemory-policy lru
)"}},
        .good_example = {{.path = "redis.conf", .content = R"(maxmemory 1536mb
maxmemory-policy allkeys-lru
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const StackFile& f : stack.files) {
      if (f.kind != FileKind::redis) continue;
      // Lines with a comment after their value (`port 6379  # default`) are one mistake, made on
      // every such line: one finding at the first, the others as notes (rw33 Megawatts: 68 findings).
      std::vector<const ParseIssue*> commented;
      for (const ParseIssue& e : f.errors) {
        if (f.source && e.location.line > 0 && trailing_comment(f.source->line_text(e.location.line))) {
          commented.push_back(&e);
          continue;
        }
        out.report(e.message, e.location, e.related);
      }
      if (commented.empty()) continue;
      const ParseIssue& first = *commented.front();
      std::vector<Related> related = first.related;
      for (size_t i = 1; i < commented.size() && i <= kMaxNotes; ++i) {
        related.push_back(Related{.message = "and here: " + commented[i]->message, .location = commented[i]->location});
      }
      if (commented.size() > kMaxNotes + 1) {
        const size_t rest = commented.size() - kMaxNotes - 1;
        related.push_back(Related{.message = "and " + std::to_string(rest) +
                                             (rest == 1 ? " more line" : " more lines") +
                                             " with a comment after the value",
                                  .location = Location::whole_file(f.path)});
      }
      const std::string more =
          commented.size() > 1 ? " (" + std::to_string(commented.size()) + " lines of this file have one)" : "";
      out.report(first.message +
                     ": redis reads a `#` after a value as more arguments, and only a line that starts "
                     "with `#` as a comment; put the comment on its own line" +
                     more,
                 first.location, std::move(related));
    }
    auto command_line = [&](const RedisConfig& c) {
      for (const ParseIssue& e : c.command_line_errors) out.report(e.message, e.location, e.related);
    };
    for (const Service& s : stack.services) {
      if (s.redis) command_line(*s.redis);
    }
    for (const auto& c : stack.standalone_redis) {
      if (c) command_line(*c);
    }
  }
};

}  // namespace

const Rule& redis_syntax() {
  static const RedisSyntax r;
  return r;
}

}  // namespace stacklint::rules
