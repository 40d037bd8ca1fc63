// One finding per connection line: a line several services read (an env_file, a YAML anchor or
// merge key) is one cause, reported once at the first service, with a note for each other service
// (the first kMaxNotes, then a count).
#pragma once

#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

class OnePerLine {
 public:
  // A finding for service `s` at `at`; `cause` tells apart two findings on one line (the host, the target).
  // A value no file of the stack writes (a pass-through `POSTGRES_HOST:` filled from an env file a
  // script names, rw81 suxen) is reported at the service, not at no place.
  void add(const Service& s, const Location& written_at, const std::string& cause, std::string message,
           std::vector<Related> notes) {
    const Location& at = written_at.valid() ? written_at : s.location;
    for (Pending& p : pending_) {
      if (p.location == at && p.cause == cause) {
        p.also.push_back(&s);
        return;
      }
    }
    pending_.push_back(
        Pending{.location = at, .cause = cause, .message = std::move(message), .notes = std::move(notes), .also = {}});
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
      out.report(std::move(p.message), p.location, std::move(p.notes));
    }
    pending_.clear();
  }

 private:
  static constexpr size_t kMaxNotes = 3;
  struct Pending {
    Location location;
    std::string cause;
    std::string message;
    std::vector<Related> notes;
    std::vector<const Service*> also;
  };
  std::vector<Pending> pending_;
};

}  // namespace stacklint::rules
