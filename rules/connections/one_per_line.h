// One finding per connection line: a line several services read (an env_file, a YAML anchor or
// merge key) is one cause, reported once at the first service, with a note for each other service
// (the first kMaxNotes, then a count).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

class OnePerLine {
 public:
  // A finding for service `s` at `at`; `cause` tells apart two findings on one line (the host and
  // the variable, the target). A value no file of the stack writes for certain (a pass-through
  // `POSTGRES_HOST:` filled from an env file a script names, rw81 suxen; an env_file's default a
  // git-ignored env_file after it may replace, rw99 lago) is reported at the first service that reads
  // it, not at no place; the others that read the same cause are its notes.
  // `at_most` caps the finding's severity (a value the deployment's own file may replace).
  void add(const Service& s, const Location& written_at, const std::string& cause, std::string message,
           std::vector<Related> notes, std::optional<Severity> at_most = std::nullopt) {
    const bool written = written_at.valid();
    const Location& at = written ? written_at : s.location;
    for (Pending& p : pending_) {
      if (p.cause == cause && (written ? p.location == at : !p.written)) {
        p.also.push_back(&s);
        return;
      }
    }
    pending_.push_back(Pending{.location = at,
                               .written = written,
                               .cause = cause,
                               .message = std::move(message),
                               .notes = std::move(notes),
                               .also = {},
                               .at_most = at_most});
  }

  void report(Reporter& out) {
    for (Pending& p : pending_) {
      for (size_t i = 0; i < p.also.size() && i < kMaxNotes; ++i) {
        p.notes.push_back(
            Related{.message = "service " + p.also[i]->name + " reads it too", .location = p.also[i]->location});
      }
      if (p.also.size() > kMaxNotes) {
        const size_t more = p.also.size() - kMaxNotes;
        p.notes.push_back(Related{
            .message = "and " + std::to_string(more) + " more service" + (more == 1 ? " reads" : "s read") + " it",
            .location = p.location});
      }
      if (p.at_most) {
        out.report_demoted(*p.at_most, std::move(p.message), p.location, std::move(p.notes));
      } else {
        out.report(std::move(p.message), p.location, std::move(p.notes));
      }
    }
    pending_.clear();
  }

 private:
  static constexpr size_t kMaxNotes = 3;
  struct Pending {
    Location location;
    bool written = true;  // `location` is where a file writes the value, not the first service's
    std::string cause;
    std::string message;
    std::vector<Related> notes;
    std::vector<const Service*> also;
    std::optional<Severity> at_most;
  };
  std::vector<Pending> pending_;
};

}  // namespace stacklint::rules
