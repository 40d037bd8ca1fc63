// The shape of alertmanager.yml: the fields of each configuration struct of Alertmanager 0.25 to
// 0.34 (config/config.go, config/notifiers.go, notify/*/config.go, timeinterval) with the release
// that added them. Unknown fields are rejected (yaml.v2 UnmarshalStrict): `field X not found in type
// config.plain`.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "linter/model/am_config.h"

namespace stacklint::alertmanager {

enum class Kind : uint8_t {
  any,     // not checked
  string,  // any scalar
  boolean,
  integer,
  unsigned_integer,  // uint64: a negative value is a decode error
  duration,          // model.Duration (`30s`, `1h30m`)
  go_duration,       // time.Duration (not checked further)
  url,               // *URL: http or https, with a host
  secret_url,        // *SecretURL: the same, or `<secret>`
  hostport,          // HostPort: `host:port`
  string_list,
  string_map,
  matchers,       // []string of matcher expressions
  match_regexps,  // map of label name to regex
  http_config,    // commoncfg.HTTPClientConfig
  tls,            // commoncfg.TLSConfig
  mapping,        // a nested struct (`sub`)
  list,           // a list of nested structs (`sub`)
};

struct Field {
  std::string_view name;
  Kind kind = Kind::any;
  std::string_view sub;  // struct name for mapping/list
  int since_minor = 25;
};

struct Struct {
  std::string_view name;
  std::vector<Field> fields;
};

// The struct of that name, or nullptr.
const Struct* find_struct(std::string_view name);
// The field of a struct known to release 0.`minor`, or nullptr.
const Field* find_field(const Struct& s, std::string_view field, int minor);
// The field names a struct has in 0.`minor` (for "did you mean").
std::vector<std::string> field_names(const Struct& s, int minor);

// The oldest release the table knows. 0.21 to 0.24 have no field 0.25 lacks, so an older image is
// judged as 0.25: a field added later is still reported, one of its own release is never "newer".
inline constexpr int kOldestMinor = 25;
// The release a config is judged as: 99 for 1.x, else its minor, at least kOldestMinor.
int judged_minor(const AmVersion& v);
// A field releases before 0.21 read and 0.25 no longer has (the HipChat integration, removed in
// 0.21): not unknown to such a release.
bool removed_before_table(std::string_view field, const AmVersion& v);

}  // namespace stacklint::alertmanager
