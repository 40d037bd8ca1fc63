// What a value is as written in its file, before compose interpolates it: the text at a location,
// whether it is a literal (rules judge only what the repository wrote), whether it takes a value
// only the repository's `.env.example` (or another template) defines.
#pragma once

#include <string>

#include "linter/model/stack.h"

namespace stacklint {

// The text exactly as written at `loc` in its file (quotes included), or "" when unknown.
std::string written_text(const Stack& stack, const Location& loc);

// The value written at `loc` as a rule may judge it: the written text, or "" when the value is
// unknown or only an example (no location, a `${VAR}` reference, a variable of the repository's
// `.env.example`).
bool value_is_judgeable(const Stack& stack, const Location& loc);

// Whether the text written at `loc` interpolates a variable that only the repository's
// `.env.example` (or another template) defines: its value is an example, not the deployment's.
bool uses_template_variable(const Stack& stack, const Location& loc);

// Whether the text written at `loc` falls back to `value` itself (`${X:-value}` or `${X-value}`): a
// deployment gets `value` when the variable is unset, whatever a template says about it.
bool falls_back_to(const Stack& stack, const Location& loc, const std::string& value);
// The variable whose `${NAME:-value}` (or `${NAME-value}`) default gives `value` at `loc`, or "".
std::string fallback_variable(const Stack& stack, const Location& loc, const std::string& value);

// Where the value written at `loc` is written itself: a compose value that is one variable
// (`${GRAFANA_PASS}`, `KEY=$VAR`, `${VAR:-x}`) set by a line of the committed `.env` gives that line;
// an invalid location otherwise.
Location interpolated_from(const Stack& stack, const Location& loc);

// Whether the text written at `loc` interpolates a variable of `project` that is set nowhere (with
// `required_only`, one written `${VAR:?msg}`); for the compose loader, before the Stack exists.
bool interpolates_unset(const ComposeProject& project, const Location& loc, bool required_only);

// Whether the text written at `loc` interpolates a variable that is set nowhere (compose
// substitutes "") or only by a template: the value compose passes on is unknown.
bool interpolates_unknown(const Stack& stack, const Location& loc);
// Whether the text written at `loc` interpolates an unset variable compose requires (`${VAR:?msg}`):
// compose refuses to start without it, so where the stack runs its value is set and unknown.
bool interpolates_required(const Stack& stack, const Location& loc);

}  // namespace stacklint
