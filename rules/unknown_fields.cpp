#include "rules/unknown_fields.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace stacklint::rules {

namespace {

struct UnknownField {
  std::string_view name;
  std::string_view type;
};

// `field NAME not found in type TYPE`, the decoder's words.
std::optional<UnknownField> unknown_field(std::string_view message) {
  constexpr std::string_view kField = "field ";
  constexpr std::string_view kNotFound = " not found in type ";
  if (!message.starts_with(kField)) return std::nullopt;
  const size_t at = message.find(kNotFound);
  if (at == std::string_view::npos || at <= kField.size()) return std::nullopt;
  // The type without a guess the message adds (`config.plain (did you mean "smtp_from"?)`): the
  // fields beside it are of the same type (rw191 qubitcoin: `xmpp_from` beside `xmpp_password`).
  std::string_view type = message.substr(at + kNotFound.size());
  type = type.substr(0, type.find(" ("));
  return UnknownField{.name = message.substr(kField.size(), at - kField.size()), .type = type};
}

}  // namespace

std::vector<ParseIssue> fold_unknown_fields(const std::vector<ParseIssue>& errors) {
  std::vector<ParseIssue> out;
  // The unknown fields of one type at one column below the first: one block written in the wrong
  // form, repeated (every receiver's `subject:` in email_configs), also where other errors lie
  // between them (a refused `${SLACK_URL}` of the first receiver, rw232 creditai).
  std::vector<bool> folded(errors.size(), false);
  for (size_t i = 0; i < errors.size(); ++i) {
    if (folded[i]) continue;
    const std::optional<UnknownField> head = unknown_field(errors[i].message);
    std::vector<size_t> members;
    for (size_t k = i + 1; head && k < errors.size(); ++k) {
      if (folded[k]) continue;
      const std::optional<UnknownField> next = unknown_field(errors[k].message);
      const Location& a = errors[i].location;
      const Location& b = errors[k].location;
      if (!next || next->type != head->type || a.file != b.file || a.column != b.column || b.line <= a.line) continue;
      folded[k] = true;
      members.push_back(k);
    }
    ParseIssue first = errors[i];
    if (!members.empty()) {
      // Each name once, the first few places as notes, then a count.
      constexpr size_t kMaxNotes = 8;
      std::string names;
      std::vector<std::string_view> named{head->name};
      for (const size_t k : members) {
        const std::string_view name = unknown_field(errors[k].message)->name;
        if (std::find(named.begin(), named.end(), name) == named.end()) {
          names += std::string(named.size() == 1 ? "" : ", ") + std::string(name);
          named.push_back(name);
        }
        if (first.related.size() < kMaxNotes) {
          first.related.push_back(
              Related{.message = "field " + std::string(name) + " is not one either", .location = errors[k].location});
        }
      }
      if (members.size() > kMaxNotes) {
        first.related.push_back(Related{.message = "and " + std::to_string(members.size() - kMaxNotes) + " more",
                                        .location = errors[members[kMaxNotes]].location});
      }
      if (!names.empty())
        first.message += " (nor " + names + " beside it: one block written in the wrong place or form)";
    }
    // Another error at the very spot of the one before (`Groupname must not be empty` where a rule's
    // `record:` sits at a group's indent, rw149): the same mistake, read twice. Its note.
    const auto same_spot = [](const Location& a, const Location& b) {
      return a.file == b.file && a.line == b.line && a.column == b.column;
    };
    if (!out.empty() && same_spot(out.back().location, first.location)) {
      out.back().related.push_back(Related{.message = "and: " + first.message, .location = first.location});
      out.back().related.insert(out.back().related.end(), first.related.begin(), first.related.end());
    } else {
      out.push_back(std::move(first));
    }
  }
  return out;
}

}  // namespace stacklint::rules
