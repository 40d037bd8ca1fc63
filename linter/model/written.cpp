#include "linter/model/written.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace stacklint {

namespace {

// Whether compose interpolates something in `written`: `$NAME` or `${...}`. `$$` is a literal `$`,
// and a `$` before anything else (`Winter$25`, a trailing `$`) stays as written: compose-go's
// pattern matches only `$$`, `$` + a name (`[_a-zA-Z][_a-zA-Z0-9]*`) and `${`.
bool compose_interpolates(std::string_view written) {
  for (size_t i = written.find('$'); i != std::string_view::npos && i + 1 < written.size();
       i = written.find('$', i + 1)) {
    const char next = written[i + 1];
    if (next == '$') {
      ++i;  // skip the escaped one
      continue;
    }
    if (next == '{' || next == '_' || std::isalpha(static_cast<unsigned char>(next)) != 0) return true;
  }
  return false;
}

}  // namespace

std::string written_text(const Stack& stack, const Location& loc) {
  const StackFile* f = stack.find_file(loc.file);
  if (f == nullptr || !f->source || loc.end_offset <= loc.offset) return {};
  return f->source->text().substr(loc.offset, loc.end_offset - loc.offset);
}

bool value_is_judgeable(const Stack& stack, const Location& loc) {
  if (!loc.valid()) return false;
  const std::string written = written_text(stack, loc);
  if (written.empty()) return false;
  // A compose value that interpolates is the shell's, `.env`'s or a template's; a `$` compose keeps
  // (`$$`, `Winter$25`) leaves it the authors' literal. An env file line may hold a literal `$`, but
  // `${VAR}` there is a reference too; other files: any `$`.
  const StackFile* f = stack.find_file(loc.file);
  if (f != nullptr && f->kind == FileKind::env) return written.find("${") == std::string::npos;
  if (f != nullptr && f->kind == FileKind::compose) return !compose_interpolates(written);
  return written.find('$') == std::string::npos;
}

Location interpolated_from(const Stack& stack, const Location& loc) {
  if (!stack.compose || stack.compose->variable_lines.empty()) return {};
  const StackFile* f = stack.find_file(loc.file);
  if (f == nullptr || f->kind != FileKind::compose) return {};
  const std::string text = written_text(stack, loc);
  std::string_view w = text;
  if (w.size() >= 2 && (w.front() == '"' || w.front() == '\'') && w.back() == w.front()) w = w.substr(1, w.size() - 2);
  if (const size_t eq = w.find('='); eq != std::string_view::npos && eq < w.find('$')) w.remove_prefix(eq + 1);
  if (w.empty() || w.front() != '$') return {};
  w.remove_prefix(1);
  const bool braced = !w.empty() && w.front() == '{';
  if (braced) w.remove_prefix(1);
  size_t e = 0;
  while (e < w.size() && (std::isalnum(static_cast<unsigned char>(w[e])) != 0 || w[e] == '_')) ++e;
  const std::string name(w.substr(0, e));
  w.remove_prefix(e);
  if (braced) {
    // The whole rest is `}` or a default / alternative form closed by the last `}`.
    if (w.empty() || w.back() != '}') return {};
    // `${VAR:+alt}` and `${VAR+alt}` give the alternative, not the variable.
    const std::string_view op = w.substr(0, w.front() == ':' ? 2 : 1);
    if (w.size() > 1 && op != ":-" && op != "-" && op != ":?" && op != "?") return {};
  } else if (!w.empty()) {
    return {};
  }
  const auto it = stack.compose->variable_lines.find(name);
  return it == stack.compose->variable_lines.end() ? Location{} : it->second;
}

bool uses_template_variable(const Stack& stack, const Location& loc) {
  if (!stack.compose || stack.compose->template_variables.empty()) return false;
  const std::string written = written_text(stack, loc);
  for (size_t i = written.find('$'); i != std::string::npos; i = written.find('$', i + 1)) {
    size_t b = i + 1;
    if (b < written.size() && written[b] == '{') ++b;
    size_t e = b;
    while (e < written.size() && (std::isalnum(static_cast<unsigned char>(written[e])) != 0 || written[e] == '_')) ++e;
    if (e > b && stack.compose->template_variables.count(written.substr(b, e - b)) > 0) return true;
  }
  return false;
}

bool falls_back_to(const Stack& stack, const Location& loc, const std::string& value) {
  return !fallback_variable(stack, loc, value).empty();
}

std::string fallback_variable(const Stack& stack, const Location& loc, const std::string& value) {
  if (value.empty()) return "";
  const std::string written = written_text(stack, loc);
  for (size_t at = written.find("${"); at != std::string::npos; at = written.find("${", at + 2)) {
    size_t b = at + 2;
    while (b < written.size() && (std::isalnum(static_cast<unsigned char>(written[b])) != 0 || written[b] == '_')) ++b;
    if (b < written.size() && written[b] == ':') ++b;
    if (b >= written.size() || written[b] != '-') continue;
    ++b;
    if (written.compare(b, value.size(), value) == 0 && b + value.size() < written.size() &&
        written[b + value.size()] == '}') {
      size_t name_end = at + 2;
      while (name_end < written.size() &&
             (std::isalnum(static_cast<unsigned char>(written[name_end])) != 0 || written[name_end] == '_')) {
        ++name_end;
      }
      return written.substr(at + 2, name_end - at - 2);
    }
  }
  return "";
}

bool interpolates_unset(const ComposeProject& project, const Location& loc, bool required_only) {
  if (!loc.valid()) return false;
  return std::any_of(project.unset_variables.begin(), project.unset_variables.end(), [&](const UnsetVariable& u) {
    return (u.required || !required_only) && u.location.file == loc.file && u.location.offset >= loc.offset &&
           u.location.offset < loc.end_offset;
  });
}

bool interpolates_unknown(const Stack& stack, const Location& loc) {
  return (stack.compose && interpolates_unset(*stack.compose, loc, false)) || uses_template_variable(stack, loc);
}

bool interpolates_required(const Stack& stack, const Location& loc) {
  return stack.compose && interpolates_unset(*stack.compose, loc, true);
}

}  // namespace stacklint
