#include "rules/trailing_comments.h"

#include <map>

#include "rules/notes.h"

namespace stacklint::rules {

namespace {
constexpr size_t kMaxNotes = 3;
}  // namespace

bool has_trailing_comment(std::string_view line, std::string_view marks) {
  const size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || marks.find(line[first]) != std::string_view::npos) return false;
  char quote = 0;
  for (size_t i = first; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (marks.find(c) != std::string_view::npos && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return true;
    }
  }
  return false;
}

void report_with_trailing_comments(const Stack& stack, const std::vector<const ParseIssue*>& errors,
                                   std::string_view marks, const std::string& why, Reporter& out) {
  std::map<std::string, std::vector<const ParseIssue*>> commented;  // by file
  std::vector<std::string> order;
  for (const ParseIssue* e : errors) {
    const StackFile* f = stack.find_file(e->location.file);
    if (f != nullptr && f->source && e->location.line > 0 &&
        has_trailing_comment(f->source->line_text(e->location.line), marks)) {
      auto& list = commented[e->location.file];
      if (list.empty()) order.push_back(e->location.file);
      list.push_back(e);
      continue;
    }
    out.report(e->message, e->location, e->related);
  }
  for (const std::string& file : order) {
    const std::vector<const ParseIssue*>& list = commented[file];
    const ParseIssue& first = *list.front();
    std::vector<Related> related = first.related;
    for (size_t i = 1; i < list.size() && i <= kMaxNotes; ++i) {
      related.push_back(Related{.message = "and here: " + list[i]->message, .location = list[i]->location});
    }
    if (list.size() > kMaxNotes + 1) {
      const size_t rest = list.size() - kMaxNotes - 1;
      related.push_back(Related{.message = "and " + more_of(rest, "line") + " with a comment after the value",
                                .location = Location::whole_file(file)});
    }
    const std::string more =
        list.size() > 1 ? " (" + std::to_string(list.size()) + " lines of this file have one)" : "";
    out.report(first.message + ": " + why + more, first.location, std::move(related));
  }
}

}  // namespace stacklint::rules
