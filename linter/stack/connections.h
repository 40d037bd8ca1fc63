// Client connection strings: every URL, libpq DSN and exporter address in a service's environment
// (DATABASE_URL, REDIS_URL, REDIS_ADDR, DATA_SOURCE_NAME, PGHOST/PGPORT...), resolved to the service
// they reach and the port its server really listens on (postgres `port`, redis `port`, pgbouncer
// `listen_port` or the image default, Prometheus --web.listen-address, Grafana GF_SERVER_HTTP_PORT).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

// A connection string parsed from one environment value; nullopt when the value is none.
std::optional<ClientConnection> parse_connection(std::string_view variable, std::string_view value);

// The TCP ports a service's server listens on (Service::listen is this, once bound).
ServerPorts listen_ports(const Service& service);

// Fills Service::listen and Service::connections of every service, the targets of Grafana
// datasources and of pgbouncer databases (after the configs and the topology are bound).
void bind_connections(Stack& stack, const FileSystem& fs);

}  // namespace stacklint
