// pg_hba.conf as postgres reads it (libpq/hba.c tokenize_auth_file, next_field_expand,
// parse_hba_line, parse_hba_auth_opt). Per major version:
// - 13: one physical line per record.
// - 14+: a backslash at the end of a line continues the record on the next line.
// - 16+: `include`, `include_if_exists` and `include_dir` records (a record of exactly two fields
//   whose first token is the directive), relative to the including file; a database or user token
//   starting with `/` is a regular expression (not compiled here: never reported as an error).
// Everywhere: blanks (space, tab, CR) and commas separate tokens; `#` outside quotes ends the line;
// `"..."` quotes (`""` is a literal quote; a quoted keyword is not a keyword); a comma-joined field is
// a list; an unquoted `@name` token is replaced by the tokens of the file `name` (relative to the
// including file), nested at most 10 deep. Records postgres refuses keep postgres's message, located
// at the token it is about; postgres refuses to start with such a file.
//
// Build-dependent checks follow the Debian and official-image builds (SSL, GSSAPI, PAM, LDAP; no
// BSD auth, no SSPI). A `hostssl` record on a server with ssl off is accepted (postgres loads it and
// logs that it cannot match): whether it can match is the caller's to decide.
#pragma once

#include <string>

#include "linter/model/pg_hba.h"
#include "linter/source/include_resolver.h"

namespace stacklint::postgres {

struct HbaOptions {
  int major = 17;
};

// Reads `server_path` (as the server sees it) and what it includes through `resolver`. `main` is
// where the file is named (for a refusal). Returns the records in postgres's order; `loaded` is false
// when the main file could not be read (no records then).
HbaFile load_hba(IncludeResolver& resolver, const std::string& server_path, const HbaOptions& options,
                 const Reference& main);

// Whether a record's address matches only the server's own loopback interface (127.0.0.0/8, ::1,
// `localhost`, `samehost`).
bool hba_loopback_only(const HbaRecord& r);

// Whether `earlier` matches every connection `later` matches (so `later` never decides one).
// Conservative: false when it cannot be shown (unknown contents, regular expressions, group
// membership).
bool hba_covers(const HbaRecord& earlier, const HbaRecord& later);

}  // namespace stacklint::postgres
