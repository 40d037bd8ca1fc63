// redis/syntax: a line redis-server refuses (FATAL CONFIG FILE ERROR).
#include <list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "rules/trailing_comments.h"

namespace stacklint::rules {

namespace {

class RedisSyntax final : public Rule {
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
            "cannot open it) unless a setup step writes it (a template beside it, git ignores it, a script beside "
            "it or at the stack root writes it): its settings "
            "are then unknown. A file named like redis.conf with no redis directive in it (a stunnel config) "
            "is read only when a service's redis is told to read it. The unknown directives of one feature "
            "(`vm-enabled`, "
            "`vm-swap-file`: virtual memory, removed in 2.4) are one finding at the first, the others its notes.",
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
      // Directives of one feature redis no longer has (`vm-enabled`, `vm-swap-file`, `vm-max-memory`:
      // virtual memory, removed in 2.4; rw194 devc) are one mistake: one finding at the first, the
      // others its notes.
      std::list<ParseIssue> grouped;
      std::map<std::string, ParseIssue*> by_feature;
      std::vector<const ParseIssue*> errors;
      for (const ParseIssue& e : f.errors) {
        const std::string feature = bad_directive_feature(e.message);
        if (feature.empty()) {
          errors.push_back(&e);
          continue;
        }
        if (const auto it = by_feature.find(feature); it != by_feature.end()) {
          it->second->related.push_back(Related{.message = "the same here: " + e.message, .location = e.location});
          continue;
        }
        grouped.push_back(e);
        by_feature.emplace(feature, &grouped.back());
        errors.push_back(&grouped.back());
      }
      // Lines with a comment after their value are one mistake, made on every such line.
      report_with_trailing_comments(stack, errors, "#",
                                    "redis reads a `#` after a value as more arguments, and only a line that "
                                    "starts with `#` as a comment; put the comment on its own line",
                                    out);
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

 private:
  // The first word of the directive a "Bad directive" error names (`vm` of `vm-swap-file`), or ""
  // for other errors.
  static std::string bad_directive_feature(const std::string& message) {
    static constexpr std::string_view kBad = "Bad directive or wrong number of arguments: '";
    if (!message.starts_with(kBad)) return "";
    const std::string name = message.substr(kBad.size(), message.find('\'', kBad.size()) - kBad.size());
    const size_t dash = name.find('-');
    return dash == std::string::npos || dash == 0 ? "" : name.substr(0, dash);
  }
};

}  // namespace

const Rule& redis_syntax() {
  static const RedisSyntax r;
  return r;
}

}  // namespace stacklint::rules
