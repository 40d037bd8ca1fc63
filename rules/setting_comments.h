// The comments an author wrote about a setting: on its line and heading its group. Rules read them
// for what the file's syntax cannot say ("# change this", "# host-emitted artifacts").
#pragma once

#include <string_view>
#include <vector>

#include "linter/model/stack.h"

namespace stacklint::rules {

// The comment of a line: after a `#` that begins it or follows a blank, outside quotes; "" when none.
std::string_view comment_of(std::string_view line);

// Whether a line holds nothing but a comment.
bool comment_only(std::string_view line);

// The comments of the setting written at `loc`: its line's own comment (if any) first, then the
// comment lines heading its group (up through the lines of its indentation, no blank line, at most
// 8 lines up), nearest first. Empty when the file's text is not at hand.
std::vector<std::string_view> setting_comments(const Stack& stack, const Location& loc);

// Whether the author marked the value written at `loc` as one to replace: a comment on its line, the
// comment block heading its group of settings ("# change these before deploying" above `KEY=...`
// lines), or the header comment of its env file or Alertmanager config says to change, replace, adjust or generate it
// ("# change this to a secure random secret", "# generate via: pwgen -s 50 1"). The finding would
// repeat the author's own instruction (rw45 Haxxnet, rw44 EliteaAI `# changeme`). So does a README
// sentence that tells the reader to edit the value's file (StackPurpose::readme_edits).
bool marked_for_replacement(const Stack& stack, const Location& loc);

// Whether a comment tells the reader to put their own value there ("# change this", "# replace with
// your webhook"; not "# do not change").
bool comment_asks_to_replace(std::string_view comment);

// Whether a value is itself a sentence telling the reader to put their own there (rw99 postiz's
// `JWT_SECRET: 'random string that is unique to every install - just type random characters here!'`).
bool value_asks_to_replace(std::string_view value);

// Whether a value (quotes stripped) holds a fill-in: a name between angle brackets that a template
// leaves for the reader (`< input chat_id >`, `<your webhook url>`, `http://bot/alert/<GroupID>`): a
// letter first, then letters, digits, blanks, `_`, `-` and `.`, at most 40 bytes. An HTML tag (`<b>`,
// `</a>`, `<br/>`) is none.
bool holds_fill_in(std::string_view value);

// Whether the stack is a template: its configuration files (not its rule files) hold fill-ins on two
// lines or more away from the value at `at` (three lines either side are its own block), or the README
// tells the reader to put their own secrets in (StackPurpose::fill_in).
bool stack_is_template(const Stack& stack, const Location& at);

// The line of a compose file of the stack that is a service key commented out: `#` and the name
// followed by a colon and nothing else (`  # rag_api:`); invalid when none. Its URLs and scrape
// targets were left behind on purpose (rw68, rw209 observability-course's homework collectors).
Location commented_out_service(const Stack& stack, std::string_view name);

}  // namespace stacklint::rules
