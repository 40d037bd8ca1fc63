// The lexical layer of redis.conf, exactly as redis 7 reads it: sdssplitargs (sds.c), sdscatrepr,
// memtoull and string2ll (util.c).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacklint::redis {

// One argument of a line: its unquoted value and its byte span [begin, end) in the line.
struct Arg {
  std::string value;
  uint32_t begin = 0;
  uint32_t end = 0;
};

// The arguments of one line, or nullopt when its quotes are unbalanced (or a closing quote is not
// followed by a blank or the end of the line): "Unbalanced quotes in configuration line".
// Parsing stops at a NUL byte, like the C string redis works on.
std::optional<std::vector<Arg>> split_args(std::string_view line);

// The argument quoted so that split_args gives it back unchanged (redis's sdscatrepr).
std::string quote_arg(std::string_view arg);

// memtoull: digits then an optional case-insensitive unit b k kb m mb g gb (k = 1000, kb = 1024).
// nullopt when redis would set its error flag.
std::optional<uint64_t> parse_memory(std::string_view text);

// string2ll: an optional '-' then digits without leading zeros, fitting a long long.
std::optional<int64_t> parse_ll(std::string_view text);

// strtoll(text, &end, base) as C does it: leading blanks, sign, digits; `complete` is whether the
// whole text was consumed. Saturates on overflow (`overflow` set).
struct StrtollResult {
  int64_t value = 0;
  bool complete = false;
  bool overflow = false;
  bool any_digits = false;
};
StrtollResult c_strtoll(std::string_view text, int base);

}  // namespace stacklint::redis
