// stacklint/unreadable-file: a file of the stack stacklint refused to read: not a regular file (a
// FIFO, device or socket), unreadable, over the size cap, or past the stack's include budget.
#include <deque>
#include <string>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// Eleven includes of the next file, three levels deep: 1,331 expansions, over the budget of 1,000.
std::string_view eleven(const char* line) {
  static std::deque<std::string> held;  // references stay valid as it grows
  std::string text;
  for (int i = 0; i < 11; ++i) text += line;
  held.push_back(std::move(text));
  return held.back();
}

class StacklintUnreadableFile final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "stacklint/unreadable-file",
        .severity = Severity::warning,
        .summary =
            "A file of the stack that stacklint could not read: not a regular file, unreadable, too large, or "
            "past the include budget.",
        .rationale =
            "A FIFO named redis.conf would make a naive linter block forever, a symlink to /dev/zero would make it "
            "read without end, and an include fan-out (files that include a glob matching themselves, "
            "`include_dir '.'` in ten files) grows exponentially. stacklint reads regular files only, checks each "
            "file's size before reading it, and gives every stack a budget of 1,000 included files and 64 MiB. "
            "What it refuses is reported here, at the line that names the file (or at the file discovery found), "
            "never skipped silently: the findings that depend on the file may be missing.",
        .bad_example = {{.path = "redis.conf", .content = eleven("include a.conf\n")},
                        {.path = "a.conf", .content = eleven("include b.conf\n")},
                        {.path = "b.conf", .content = eleven("include c.conf\n")},
                        {.path = "c.conf", .content = R"(maxmemory 100mb
)"}},
        .good_example = {{.path = "redis.conf", .content = R"(maxmemory 100mb
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const RefusedRead& r : stack.refused_reads) {
      if (r.status != OpenStatus::outside_root) out.report(describe_refusal(r), r.reference.location);
    }
  }
};

}  // namespace

const Rule& stacklint_unreadable_file() {
  static const StacklintUnreadableFile r;
  return r;
}

}  // namespace stacklint::rules
