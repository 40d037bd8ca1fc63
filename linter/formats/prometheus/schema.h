// The shape of prometheus.yml: which fields each section accepts and the Go type name Prometheus
// prints when a field is unknown (`field X not found in type config.plain`).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace stacklint::prometheus {

enum class Kind : uint8_t {
  any,     // not checked
  string,  // any scalar
  boolean,
  integer,
  number,
  duration,
  size,         // units.Base2Bytes
  string_list,  // []string
  string_map,   // map[string]string
  list_map,     // map[string][]string (url.Values)
  mapping,      // a nested struct (`sub`)
  list,         // []*struct (`sub`), null entries allowed by the decoder
  sd_list,      // a *_sd_configs list: mappings, contents not checked
};

struct Schema;
struct Field {
  std::string_view name;
  Kind kind;
  const Schema* sub = nullptr;
  int since_major = 0;  // first Prometheus version with the field
  int since_minor = 0;
};

struct Schema {
  std::string_view type;  // Go type name for unknown-field errors
  std::vector<Field> fields;
  bool http_client = false;        // inlines config.HTTPClientConfig
  bool service_discovery = false;  // accepts *_sd_configs and static_configs
};

const Schema& config_schema();
const Schema& static_schema();       // static_configs entries
const Schema& http_client_schema();  // config.HTTPClientConfig, inlined
const Field* find_field(const Schema& schema, std::string_view name);
// Service-discovery mechanisms Prometheus knows (`<name>_sd_configs`).
bool known_sd(std::string_view name);

}  // namespace stacklint::prometheus
