// Grafana's datasource provisioning files (pkg/services/provisioning/datasources) and its GF_*
// environment: pure functions of the file's text and the container's environment.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "linter/model/grafana_config.h"
#include "linter/source/source.h"

namespace stacklint::grafana {

// The value of an environment variable of the Grafana container, nullopt when unset.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// `$VAR` and `${VAR}` replaced by the environment (os.ExpandEnv: unset = empty).
std::string expand_env(std::string_view text, const Environment& env);

// A datasource provisioning file, read leniently as Grafana does (unknown keys ignored).
GrafanaProvisioningFile parse_datasources(const SourcePtr& file, const Environment& env);

// `GF_SECURITY_ADMIN_PASSWORD` -> {security, admin_password}; `..._FILE` / `...__FILE` -> from_file.
// nullopt for a name that is no GF_ setting.
std::optional<GrafanaEnvSetting> env_setting(std::string_view name);

}  // namespace stacklint::grafana
