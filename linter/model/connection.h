// Where clients connect: a connection string of a service's environment (or a Grafana datasource
// URL) resolved to the service it reaches, and the ports a server listens on.
#pragma once

#include <string>
#include <vector>

#include "linter/source/source.h"

namespace stacklint {

// A connection string in a service's environment (DATABASE_URL, REDIS_ADDR, a libpq DSN...) and
// where it leads (linter/stack/connections).
struct ClientConnection {
  std::string variable;  // the environment variable
  std::string scheme;    // "postgresql", "redis", "http", "amqp", "dsn" (libpq key=value)
  std::string host;
  int port = 0;               // as written, else the scheme's default
  bool port_written = false;  // the string names its port
  bool has_password = false;  // a password in the string, or in a companion variable (REDIS_AUTH, PGPASSWORD...)
  std::string user;
  std::string database;  // postgresql URLs: the path's database name ("" when none is written)
  Location location;     // the variable's value in the compose file
  // Where the port is written when a variable of its own gives it (REDIS_PORT beside REDIS_HOST):
  // the place of a port finding; the host's findings stay at `location`. Invalid otherwise.
  Location port_location;
  // Resolution (stack/connections): the service reached, how, and the port it listens on.
  std::string service;      // "" when the host is no service of the stack
  std::string resolved_by;  // "service name", "container_name", "network alias", "localhost", ""
  bool external = false;    // an IP address or a dotted name that is no name of the stack
  std::string unreachable_reason;
  std::vector<int> listen_ports;  // ports the service's server really listens on (empty: unknown)
  Location listen_location;       // where its port is configured (invalid: the image default)
};

// The TCP ports a service's server listens on, from its configuration, with where the port is set
// (invalid location: the image's default). Empty when stacklint cannot know (an app, an unknown image).
struct ServerPorts {
  std::vector<int> ports;
  Location location;
  std::string what;  // "listen_port", "port", "GF_SERVER_HTTP_PORT", "the image default"
  // The server listens on loopback addresses only, so no other container reaches it: the setting as
  // it reads ("listen_addresses = 'localhost'", "bind 127.0.0.1 -::1"; "" when it listens beyond),
  // where it is written (the config file when postgres's default applies).
  std::string loopback;
  Location loopback_location;
};

}  // namespace stacklint
