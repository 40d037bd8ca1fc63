// Where the addresses written in the stack's configs lead: Prometheus scrape targets and the
// addresses exporters observe, resolved the way Docker's networking resolves them (service names,
// container_name and network aliases on shared networks; `localhost` is the container itself
// unless network_mode says otherwise).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/stack.h"

namespace stacklint {

// A `host[:port]` split: brackets of IPv6 literals removed. `port` is `default_port` when the
// address has none, 0 when the port is not a number.
struct HostPort {
  std::string host;
  int port = 0;
};
HostPort split_host_port(std::string_view address, int default_port);

// Where one host and port lead, seen from inside `from`'s container.
struct Endpoint {
  std::string service;      // the compose service reached; "" when none
  std::string resolved_by;  // "service name", "container_name", "network alias", "localhost",
                            // "host network", "" (see ScrapeTarget::resolved_by); for a host another
                            // compose file may answer (stack.surroundings), with `service` "":
                            // "another compose file of the project", "a network shared with other
                            // projects", "the base compose file of the overlay"
  bool external = false;    // an IP address or a dotted name that is no name of the stack
  // For a name of the stack that `from` cannot reach: why (networks not shared, host network).
  std::string unreachable_reason;
  std::string unreachable_service;  // the service that name belongs to
};
Endpoint resolve_endpoint(const Stack& stack, const Service& from, std::string_view host, int port);

// The port a Prometheus service serves its UI, API and own /metrics on: 9090, or the port of
// --web.listen-address.
int prometheus_listen_port(const Service& prometheus);

// Exporter addresses (exposed for tests). nullopt when the text names no TCP host (a unix socket,
// an unparsable value).
std::optional<HostPort> parse_redis_addr(std::string_view addr);   // redis://, rediss://, host:port
std::optional<HostPort> parse_postgres_dsn(std::string_view dsn);  // URL or key=value form
std::optional<HostPort> parse_postgres_uri(std::string_view uri);  // host:port/db?...

// Fills every Prometheus service's ScrapeTarget host/port/service/resolved_by/external/unreachable_*,
// its alertmanager_resolved and listen_port, and every exporter's Service::observes and
// observes_location: the facts rules read (they never resolve addresses themselves). Called once at
// the end of load_stack.
void bind_topology(Stack& stack);

}  // namespace stacklint
