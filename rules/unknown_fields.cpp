#include "rules/unknown_fields.h"

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
  for (size_t i = 0; i < errors.size();) {
    const std::optional<UnknownField> head = unknown_field(errors[i].message);
    size_t end = i + 1;
    while (head && end < errors.size()) {
      const std::optional<UnknownField> next = unknown_field(errors[end].message);
      const Location& a = errors[i].location;
      const Location& b = errors[end].location;
      if (!next || next->type != head->type || a.file != b.file || a.column != b.column || b.line <= a.line) break;
      ++end;
    }
    ParseIssue first = errors[i];
    if (end - i > 1) {
      std::string names;
      for (size_t k = i + 1; k < end; ++k) {
        const std::optional<UnknownField> f = unknown_field(errors[k].message);
        names += std::string(k == i + 1 ? "" : ", ") + std::string(f->name);
        first.related.push_back(
            Related{.message = "field " + std::string(f->name) + " is not one either", .location = errors[k].location});
      }
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
    i = end;
  }
  return out;
}

}  // namespace stacklint::rules
