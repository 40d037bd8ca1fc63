// The model of an alertmanager.yml (route tree, receivers) and the validations Alertmanager's
// config.go and receiver configs make after the strict decode (linter/formats/alertmanager/parser).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "linter/model/am_config.h"
#include "linter/yaml/yaml.h"

namespace stacklint::alertmanager {

// config.parseURL's verdict: nullopt when Alertmanager accepts the URL, else its error.
std::optional<std::string> check_url(std::string_view url);
// HostPort (net.SplitHostPort, port required): nullopt when accepted.
std::optional<std::string> check_hostport(std::string_view value);

// Receivers, integrations, the route tree with inherited settings, templates.
void build_model(const yaml::Stream& stream, const yaml::Node& root, AmConfig& config);
// config.go's Config.UnmarshalYAML / Load checks and each receiver type's own.
void validate_config(const yaml::Stream& stream, const yaml::Node& root, AmConfig& config);

}  // namespace stacklint::alertmanager
