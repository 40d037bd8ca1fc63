// A pg_hba.conf as postgres reads it (linter/formats/postgres/hba.h): its records in order, includes
// and `@file` lists expanded, each token where it was written. The first record that matches a
// connection decides how it authenticates.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/source.h"

namespace stacklint {

enum class HbaConnType : uint8_t { local, host, hostssl, hostnossl, hostgssenc, hostnogssenc };
std::string_view to_string(HbaConnType t);

enum class HbaMethod : uint8_t {
  trust,
  reject,
  scram_sha_256,
  md5,
  password,
  gss,
  sspi,
  ident,
  peer,
  ldap,
  radius,
  cert,
  pam,
  bsd,
  oauth,
};
std::string_view to_string(HbaMethod m);

// How the address field matches clients.
enum class HbaAddressKind : uint8_t {
  none,      // a `local` record: no address field
  all,       // the keyword `all`
  samehost,  // the server's own addresses
  samenet,   // any subnet the server is directly connected to
  ip,        // an address with a CIDR mask or a separate netmask
  hostname,  // a host name (`localhost`, `.example.com`)
};

// One token as written: its text with quotes removed, whether it held a quote (a quoted keyword is
// not a keyword), and where it is (quotes included).
struct HbaToken {
  std::string text;
  bool quoted = false;
  Location location;
  // Whether it is the keyword `word` (unquoted).
  [[nodiscard]] bool is_keyword(std::string_view word) const { return !quoted && text == word; }
};

struct HbaAddress {
  HbaAddressKind kind = HbaAddressKind::none;
  int family = 0;  // 4 or 6 for `ip`
  std::array<uint8_t, 16> addr{};
  std::array<uint8_t, 16> mask{};
  std::string hostname;  // for `hostname`
};

// One record (a logical line) of the file or of a file it includes.
struct HbaRecord {
  Location location;        // the whole line (its first token .. its last)
  uint32_t line = 0;        // the line number postgres reports (the first line of a continued record)
  std::string error;        // postgres's message when it refuses the line ("" = accepted)
  Location error_location;  // the token the error is about
  // The record's contents cannot be known: an include or `@file` stacklint cannot see (a named
  // volume, the image's own files).
  bool unknown = false;
  HbaConnType type = HbaConnType::local;
  HbaToken type_token;
  std::vector<HbaToken> databases;
  std::vector<HbaToken> users;
  HbaAddress address;
  std::vector<HbaToken> address_tokens;  // the address, then the separate netmask when there is one
  HbaMethod method = HbaMethod::reject;
  HbaToken method_token;
  std::vector<HbaToken> options;  // name=value
  // A database or user list holds a token of an `@file` stacklint cannot see.
  bool lists_unknown = false;
};

struct HbaFile {
  std::string server_path;  // as the server sees it
  bool loaded = false;      // the main file was read
  std::vector<HbaRecord> records;
  [[nodiscard]] bool has_errors() const {
    for (const HbaRecord& r : records) {
      if (!r.error.empty()) return true;
    }
    return false;
  }
};

}  // namespace stacklint
