// pgbouncer.ini as pgbouncer 1.18-1.25 reads it (lib/usual/cfparser.c parse_ini_file, src/loader.c,
// src/main.c): a pure function of the file's text and an include resolver. Every error pgbouncer would
// stop at (`FATAL cannot load config file`) is recorded in PgBouncerConfig::errors; reading goes on
// past it so that one run shows them all.
#pragma once

#include <string>
#include <string_view>

#include "linter/model/pgbouncer_config.h"
#include "linter/source/include_resolver.h"
#include "linter/source/source.h"

namespace stacklint::pgbouncer {

struct Options {
  PgBouncerVersion version;
  // Opens `%include` files (pgbouncer opens the path as written, relative to its working
  // directory). Null: every %include is a file pgbouncer cannot open. Refusals (outside the stack
  // root...) are the resolver's to record; pgbouncer/syntax stays silent on them.
  IncludeResolver* resolver = nullptr;
};

// Reads `file` and its includes into `config` (files, settings, databases, users, errors).
void parse(const SourceFile& file, const Options& options, PgBouncerConfig& config);

// The same for tests and the fuzzer.
PgBouncerConfig parse_string(std::string_view text, const Options& options, const std::string& path = "pgbouncer.ini");

// One `key=value` pair of a `[databases]`/`[users]` entry (src/loader.c cstr_get_pair): keys end at
// '=' or ' '; values are single-quoted (with '' for a quote) or end at ' '; tabs are no separator.
struct Pair {
  std::string key;
  std::string value;
  size_t begin = 0;        // offsets of the pair in the entry's value text
  size_t value_begin = 0;  // where its value starts (a quoted value's quote)
  size_t end = 0;
};
// The pairs of an entry, or the offset where pgbouncer's "syntax error in connection string" is.
struct PairList {
  std::vector<Pair> pairs;
  bool ok = true;
  size_t error_at = 0;
};
PairList split_pairs(std::string_view text);

}  // namespace stacklint::pgbouncer
