// What a Grafana container runs with: its GF_* environment (each `GF_<SECTION>_<KEY>` overriding
// grafana.ini, `GF_<...>__FILE` read from a file) and the datasources its provisioning files create
// (linter/formats/grafana).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "linter/model/connection.h"
#include "linter/source/source.h"

namespace stacklint {

struct GrafanaDatasource {
  Located<std::string> name;
  std::string type;  // "prometheus", "postgres", "loki", ...
  Location type_location;
  std::optional<Located<std::string>> url;  // after $VAR / ${VAR} interpolation
  std::string raw_url;                      // as written (may hold ${VAR})
  std::string access = "proxy";
  bool is_default = false;
  std::string file;  // stack path of the provisioning file
  // Where the URL leads from the Grafana container (set by linter/stack/connections; unset for
  // access: direct, where the browser connects, and for URLs that name no host).
  std::optional<ClientConnection> target;
};

// One provisioning file: `apiVersion`, `datasources`, `deleteDatasources`.
struct GrafanaProvisioningFile {
  std::string path;
  std::vector<GrafanaDatasource> datasources;
  std::vector<ParseIssue> errors;  // YAML errors; Grafana logs them and provisions nothing from the file
};

// One GF_* environment variable as Grafana reads it.
struct GrafanaEnvSetting {
  std::string section;     // "security"
  std::string key;         // "admin_password"
  bool from_file = false;  // GF_..._FILE: the value is read from the file named
  Location location;       // the variable in the compose file
};

struct GrafanaConfig {
  // GF_SERVER_HTTP_PORT, else `[server] http_port` of the grafana.ini the container reads; 0 when
  // that is no number (Grafana expands `${PORT}` from its environment): unknown here.
  int64_t http_port = 3000;
  Location http_port_location;
  std::string http_port_setting = "GF_SERVER_HTTP_PORT";  // which of the two set it, for messages
  // `[auth.anonymous] enabled` and `org_role` of that grafana.ini (the GF_AUTH_ANONYMOUS_* variables
  // override them).
  std::optional<Located<std::string>> ini_anonymous_enabled;
  std::optional<Located<std::string>> ini_anonymous_role;
  std::vector<GrafanaEnvSetting> settings;
  std::vector<GrafanaDatasource> datasources;   // of every provisioning file the container reads
  std::vector<std::string> provisioning_files;  // stack paths
  [[nodiscard]] const GrafanaEnvSetting* find(const std::string& section, const std::string& key) const {
    for (const auto& s : settings) {
      if (s.section == section && s.key == key) return &s;
    }
    return nullptr;
  }
};

}  // namespace stacklint
