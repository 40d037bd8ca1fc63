#include "linter/stack/topology.h"

#include <algorithm>
#include <cctype>

#include "linter/formats/compose/syntax.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/am_config.h"
#include "linter/model/prom_config.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"

namespace stacklint {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::optional<int> parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v > 65535) return std::nullopt;
  return v;
}

bool is_ipv4(std::string_view h) {
  int parts = 0;
  size_t i = 0;
  while (i <= h.size()) {
    const size_t dot = std::min(h.find('.', i), h.size());
    const std::string_view part = h.substr(i, dot - i);
    if (part.empty() || part.size() > 3) return false;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
    ++parts;
    i = dot + 1;
  }
  return parts == 4;
}

bool is_ip(std::string_view h) {
  return is_ipv4(h) || h.find(':') != std::string_view::npos;
}

bool is_localhost(std::string_view h) {
  return iequals(h, "localhost") || h == "::1" || (is_ipv4(h) && starts_with(h, "127."));
}

Endpoint reached(std::string service, std::string how) {
  Endpoint e;
  e.service = std::move(service);
  e.resolved_by = std::move(how);
  return e;
}

Endpoint outside() {
  Endpoint e;
  e.external = true;
  return e;
}

// The ports a service listens on by default (its role's), Prometheus's from its flags.
bool serves_port(const Service& s, int port) {
  if (s.role == Role::prometheus) return prometheus_listen_port(s) == port;
  const auto facts = knowledge::ports_of(s.role);
  return std::any_of(facts.begin(), facts.end(), [port](const knowledge::PortFact* f) { return f->port == port; });
}

bool publishes_port(const Service& s, int port) {
  for (const PortMapping& p : s.ports) {
    if (p.published.empty()) continue;
    const size_t dash = p.published.find('-');
    const auto lo = parse_port(std::string_view(p.published).substr(0, dash));
    const auto hi = dash == std::string::npos ? lo : parse_port(std::string_view(p.published).substr(dash + 1));
    if (lo && hi && *lo <= port && port <= *hi) return true;
  }
  return false;
}

// The network namespace a container runs in: its own, another service's (network_mode service:X),
// or the host's.
struct Namespace {
  const Service* owner = nullptr;  // the service whose namespace it is (nullptr: none known)
  bool host = false;
  std::string mode;  // the network_mode that decided it ("" when none)
};

Namespace namespace_of(const Stack& stack, const Service& svc) {
  const Service* cur = &svc;
  Namespace ns{.owner = &svc, .host = false, .mode = svc.network_mode() ? svc.network_mode()->value : ""};
  for (int hops = 0; hops < 8 && cur->network_mode(); ++hops) {
    const std::string& mode = cur->network_mode()->value;
    if (mode == "host") {
      ns.host = true;
      ns.owner = nullptr;
      return ns;
    }
    if (!starts_with(mode, "service:")) return ns;  // bridge, none, container:...: no compose networks
    const Service* next = stack.find_service(std::string_view(mode).substr(8));
    if (next == nullptr || next == &svc) return ns;
    cur = next;
    ns.owner = cur;
  }
  return ns;
}

// The compose networks a namespace joins.
const std::vector<std::string>& networks_of(const Namespace& ns) {
  static const std::vector<std::string> none;
  if (ns.host || ns.owner == nullptr) return none;
  return ns.owner->networks;
}

bool joins(const std::vector<std::string>& nets, std::string_view n) {
  return std::find(nets.begin(), nets.end(), n) != nets.end();
}

// Whether one of the network keys `nets` names the Docker network the key `n` names (two keys of
// one external network, or `name: <project>_dvnode` beside `dvnode`).
bool joins_network(const Stack& stack, const std::vector<std::string>& nets, const std::string& n) {
  const auto docker = [&](const std::string& key) -> const std::string& {
    if (!stack.compose) return key;
    const auto it = stack.compose->network_names.find(key);
    return it == stack.compose->network_names.end() ? key : it->second;
  };
  const std::string& target = docker(n);
  return std::any_of(nets.begin(), nets.end(), [&](const std::string& k) { return k == n || docker(k) == target; });
}

std::string list_networks(const std::vector<std::string>& nets) {
  if (nets.empty()) return "no compose network";
  std::string s = nets.size() == 1 ? "network " : "networks ";
  for (size_t i = 0; i < nets.size(); ++i) s += (i == 0 ? "" : ", ") + nets[i];
  return s;
}

// What `from`'s namespace description is, for messages.
std::string where_is(const Service& from, const Namespace& ns) {
  if (ns.host) return from.name + " runs with network_mode: host";
  if (ns.owner == nullptr || !ns.mode.empty()) {
    if (ns.owner != nullptr && ns.owner != &from) {
      return from.name + " shares the network namespace of " + ns.owner->name + ", which is on " +
             list_networks(ns.owner->networks);
    }
    if (ns.owner != nullptr && ns.owner->networks.empty()) {
      return from.name + " runs with network_mode: " + ns.mode;
    }
  }
  return from.name + " is on " + list_networks(networks_of(ns));
}

Endpoint resolve_localhost(const Stack& stack, const Service& from, const Namespace& ns, int port) {
  if (ns.host) {
    Endpoint e = reached("", "host network");
    // The processes on the host: host-network services (Prometheus itself first), then published ports.
    if (serves_port(from, port)) {
      e.service = from.name;
      return e;
    }
    for (const Service& s : stack.services) {
      if (s.network_mode() && s.network_mode()->value == "host" && serves_port(s, port)) {
        e.service = s.name;
        return e;
      }
    }
    for (const Service& s : stack.services) {
      if (publishes_port(s, port)) {
        e.service = s.name;
        return e;
      }
    }
    return e;
  }
  Endpoint e = reached(from.name, "localhost");
  if (ns.owner == nullptr || serves_port(from, port)) return e;
  // The containers sharing this namespace: its owner and every service:owner sidecar.
  if (ns.owner != &from && serves_port(*ns.owner, port)) {
    e.service = ns.owner->name;
    return e;
  }
  const Service* unknown = nullptr;  // a container in the namespace whose ports stacklint does not know
  for (const Service& s : stack.services) {
    if (&s == &from || &s == ns.owner) continue;
    const Namespace other = namespace_of(stack, s);
    if (other.owner != ns.owner || other.host) continue;
    if (serves_port(s, port)) {
      e.service = s.name;
      return e;
    }
    if (unknown == nullptr && s.role != Role::prometheus && knowledge::ports_of(s.role).empty()) unknown = &s;
  }
  if (ns.owner != &from) {
    e.service = ns.owner->name;
  } else if (unknown != nullptr) {
    e.service = unknown->name;
  }
  return e;
}

constexpr const char* kOverlayBase = "the base compose file of the overlay";
constexpr const char* kSharedNetwork = "a network shared with other projects";

// Whether one of the networks `mine` is one that containers of other projects join.
bool joins_shared_network(const ComposeSurroundings& around, const std::vector<std::string>& mine) {
  return std::any_of(mine.begin(), mine.end(),
                     [&](const std::string& n) { return around.shared_networks.count(n) > 0; });
}

// Whether a container of another compose file of the repository named `host` may answer on one of
// the networks `mine` that other projects join.
bool answered_on_shared_network(const ComposeSurroundings& around, const std::vector<std::string>& mine,
                                std::string_view host) {
  return joins_shared_network(around, mine) && around.tree_names.count(ascii_lower(host)) > 0;
}

// How a host that no service of the stack names may still resolve: a container of another compose
// file of the repository that shares a network with `mine`. nullptr when nothing could answer it.
const char* answered_elsewhere(const ComposeSurroundings& around, const std::vector<std::string>& mine,
                               std::string_view host) {
  std::string h(host);
  std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (around.sibling_names.count(h) > 0) return "another compose file of the project";
  if (around.broken_sibling) return "another compose file of the project, which is no valid YAML";
  if (around.variable_sibling_name) return "another compose file of the project, which names a container by a variable";
  if (joins_shared_network(around, mine)) return kSharedNetwork;
  if (around.overlay && around.tree_names.count(h) > 0) return kOverlayBase;
  if (around.base_above) return "the compose file of the directory above whose .env this file uses";
  // A service of another compose file in a folder named as that host that publishes its ports
  // (`compose/db-server/` runs service db-server on `3306:3306`): one stack per machine, reached by
  // the machine's name (rw123 4linux's web-server dialing db-server, a VM of its own).
  if (around.machine_services.count(h) > 0) return "the compose file of another machine";
  return nullptr;
}

}  // namespace

HostPort split_host_port(std::string_view address, int default_port) {
  HostPort hp;
  if (starts_with(address, "[")) {
    const size_t close = address.find(']');
    if (close == std::string_view::npos) {
      hp.host = std::string(address);
      return hp;
    }
    hp.host = std::string(address.substr(1, close - 1));
    const std::string_view rest = address.substr(close + 1);
    if (rest.empty()) {
      hp.port = default_port;
    } else if (rest[0] == ':') {
      hp.port = parse_port(rest.substr(1)).value_or(0);
    }
    return hp;
  }
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) {
    hp.host = std::string(address);
    hp.port = default_port;
  } else if (address.find(':') != colon) {  // a bare IPv6 literal
    hp.host = std::string(address);
    hp.port = default_port;
  } else {
    hp.host = std::string(address.substr(0, colon));
    hp.port = parse_port(address.substr(colon + 1)).value_or(0);
  }
  return hp;
}

int prometheus_listen_port(const Service& prometheus) {
  int port = 9090;
  if (!prometheus.command) return port;
  const auto& args = prometheus.command->value;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    std::string_view value;
    if (starts_with(a, "--web.listen-address=")) {
      value = a.substr(21);
    } else if (a == "--web.listen-address" && i + 1 < args.size()) {
      value = args[i + 1];
    } else {
      continue;
    }
    const size_t comma = value.find(',');  // 3.x accepts several addresses; the first one
    const HostPort hp = split_host_port(value.substr(0, comma), 0);
    if (hp.port > 0) port = hp.port;
  }
  return port;
}

namespace {

// A stack file for `docker stack deploy` by its name: a word `swarm` or `stack` in a compose file's
// name (`docker-compose.swarm.yml`, `docker-stack.yml`).
bool swarm_file(const Stack& stack) {
  if (!stack.compose) return false;
  return std::any_of(stack.compose->files.begin(), stack.compose->files.end(),
                     [](const std::string& f) { return compose::swarm_stack_file_name(path::basename(f)); });
}

// `STACK_SERVICE`: the name a swarm stack deployed as STACK gives the service (rw11 immo-guinee's
// `immog_waha`); STACK is one word of letters, digits and '-'.
bool stack_prefixed(std::string_view host, std::string_view service) {
  if (host.size() <= service.size() + 1) return false;
  const size_t cut = host.size() - service.size();
  if (host[cut - 1] != '_' || !iequals(host.substr(cut), service)) return false;
  const std::string_view prefix = host.substr(0, cut - 1);
  return std::all_of(prefix.begin(), prefix.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; });
}

}  // namespace

namespace {

// A host name the program that runs the file writes into every container's hosts file: faasd loads
// its docker-compose.yaml itself and maps `faasd-provider` to the provider on the host (rw45
// openfaas/faasd, pkg/supervisor.go), for a stack of OpenFaaS images.
bool injected_by_runtime(const Stack& stack, std::string_view host) {
  if (!iequals(host, "faasd-provider")) return false;
  return std::any_of(stack.services.begin(), stack.services.end(), [](const Service& s) {
    return s.image && compose::analyze_image(s.image->value).repository.starts_with("openfaas/");
  });
}

}  // namespace

// The name compose gives a service's container without a container_name: `<project>-<service>-<n>`.
// Not docker-compose 1.x's `<project>_<service>_<n>`: Compose v2 names them with `-`, so those
// scrape nothing today (rw113 homelab-monitoring, judged right). The project is the top-level `name:`, else the
// name of the directory the project was checked out in, or `-p`: without a `name:` any project
// word is taken (rw172 larameus: `larameus-nginx-1`, the clone's folder). Docker's DNS answers it on
// the container's networks.
bool default_container_name(const Stack& stack, std::string_view host, const std::string& service) {
  // Cheap first: resolve_endpoint asks this of every service for every host.
  if (!stack.compose || host.empty() || host.back() < '0' || host.back() > '9') return false;
  const std::string middle = "-" + service + "-";
  const size_t at = host.size() > middle.size() ? ascii_lower(host).rfind(ascii_lower(middle)) : std::string::npos;
  if (at == std::string::npos || at == 0 || at + middle.size() >= host.size()) return false;
  const std::string_view n = host.substr(at + middle.size());
  if (!std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return !stack.compose->name || iequals(host.substr(0, at), stack.compose->name->value);
}

Endpoint resolve_endpoint(const Stack& stack, const Service& from, std::string_view host, int port) {
  const Namespace ns = namespace_of(stack, from);
  // The container's /etc/hosts first: an `extra_hosts` line decides the address (host-gateway: the host).
  for (const auto& [name, address] : from.extra_hosts()) {
    if (!iequals(name, host)) continue;
    return is_localhost(address) ? resolve_localhost(stack, from, ns, port) : outside();
  }
  if (is_localhost(host)) return resolve_localhost(stack, from, ns, port);
  if (is_ip(host)) return outside();
  // A placeholder left from an example (`YOUR_DB_SERVER_IP`, `<db-host>`): the user's own server,
  // named when the file is filled in, not a service of the stack misspelt (rw40 jannos0).
  if (url_placeholder(std::string(host))) return outside();
  if (injected_by_runtime(stack, host)) return outside();

  const std::vector<std::string>& mine = networks_of(ns);
  static const std::vector<std::string> kNone;
  Endpoint unreachable;
  for (const Service& s : stack.services) {
    const std::vector<std::string>& nets = s.network_mode() ? kNone : s.networks;
    std::string how;
    std::vector<std::string> where;  // the networks on which the name resolves
    if (iequals(s.name, host) || (s.container_name() && iequals(s.container_name()->value, host))) {
      how = iequals(s.name, host) ? "service name" : "container_name";
      where = nets;
    } else if (!s.container_name() && default_container_name(stack, host, s.name)) {
      how = "container name compose gives it";  // `<project>-<service>-1` (rw172 larameus)
      where = nets;
    } else if (swarm_file(stack) && stack_prefixed(host, s.name)) {
      how = "stack-prefixed service name";  // `docker stack deploy -c FILE immog`: immog_waha
      where = nets;
    } else {
      for (const auto& [net, aliases] : s.network_aliases()) {
        if (!joins(nets, net)) continue;
        if (std::any_of(aliases.begin(), aliases.end(), [&](const std::string& a) { return iequals(a, host); })) {
          how = "network alias";
          where.push_back(net);
        }
      }
    }
    if (how.empty()) continue;
    if (std::any_of(where.begin(), where.end(), [&](const std::string& n) { return joins_network(stack, mine, n); })) {
      return reached(s.name, how);
    }
    if (!unreachable.unreachable_service.empty()) continue;
    // A name with a dot that is an alias only on networks the client does not join resolves as
    // Docker's DNS forwards it, out of the stack (rw69 mini-infra: `www.googleapis.com`, an alias
    // of its TLS front on the clients' network, dialled from the proxy that must reach the real one).
    if (how == "network alias" && host.find('.') != std::string_view::npos) continue;
    unreachable.unreachable_service = s.name;
    const std::string what = "\"" + std::string(host) + "\" is " +
                             (how == "service name" ? "service " + s.name : "the " + how + " of " + s.name);
    if (ns.host) {
      unreachable.unreachable_reason = what + ", but " + where_is(from, ns) +
                                       ", where compose names do not resolve (use localhost and a published port)";
    } else if (s.network_mode()) {
      unreachable.unreachable_reason = what + ", but " + s.name +
                                       " runs with network_mode: " + s.network_mode()->value +
                                       ", so the name resolves on no compose network";
    } else {
      unreachable.unreachable_reason =
          what + ", which is only on " + list_networks(where) + ", and " + where_is(from, ns);
    }
  }
  if (!unreachable.unreachable_service.empty()) {
    // An overlay's services take networks from a base this stack does not include: not judged.
    if (stack.surroundings.overlay) return reached("", kOverlayBase);
    // The client also joins a network other projects join (external), and another compose file of
    // the repository defines a container of that name: that project's container answers the name
    // there (rw229 elo-monitoring-system: a monitoring file on the external `app_network`, dialing
    // the `postgres` of docker-compose.prod.yml, while the default file's postgres is elsewhere).
    if (answered_on_shared_network(stack.surroundings, mine, host)) return reached("", kSharedNetwork);
    return unreachable;
  }
  if (host.find('.') != std::string_view::npos) return outside();
  // A container the stack names in `network_mode: container:NAME` runs on this Docker host outside
  // the stack (rw248 OrionTrader's wg-easy, which its deploy workflow attaches to the stack's
  // network): the name is that container's, whose networks are not in these files.
  const std::string shared_namespace = "container:" + std::string(host);
  if (std::ranges::any_of(stack.services, [&](const Service& s) {
        return s.network_mode() && iequals(s.network_mode()->value, shared_namespace);
      })) {
    return outside();
  }
  if (const char* how = answered_elsewhere(stack.surroundings, mine, host)) return reached("", how);
  // The host's own hosts file bind-mounted over the container's (`/etc/hosts:/etc/hosts:ro`): a
  // name no service of the stack takes is the host's to resolve (rw76 monitoring-compose's
  // `k8s-master`), as an `extra_hosts` line would be.
  if (std::any_of(from.mounts.begin(), from.mounts.end(),
                  [](const Mount& m) { return m.bind && path::normalize(m.target) == "/etc/hosts"; })) {
    return outside();
  }
  return Endpoint{};
}

std::optional<HostPort> parse_redis_addr(std::string_view addr) {
  std::string_view rest = addr;
  for (std::string_view scheme : {"redis://", "rediss://", "valkey://", "valkeys://"}) {
    if (starts_with(rest, scheme)) {
      rest.remove_prefix(scheme.size());
      break;
    }
  }
  if (rest.find("://") != std::string_view::npos) return std::nullopt;  // unix://, other schemes
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find_first_of("/?"));
  if (rest.empty()) return std::nullopt;
  HostPort hp = split_host_port(rest, 6379);
  if (hp.host.empty()) hp.host = "localhost";
  return hp;
}

std::optional<HostPort> parse_postgres_uri(std::string_view uri) {
  std::string_view rest = uri;
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find_first_of("/?"));
  const size_t comma = rest.find(',');  // several hosts: the first
  rest = rest.substr(0, comma);
  if (rest.empty()) return std::nullopt;
  HostPort hp = split_host_port(rest, 5432);
  if (hp.host.empty()) hp.host = "localhost";
  if (hp.host[0] == '/' || starts_with(hp.host, "%2F") || starts_with(hp.host, "%2f")) return std::nullopt;
  return hp;
}

std::optional<HostPort> parse_postgres_dsn(std::string_view dsn) {
  // URL form; several comma-separated DSNs or hosts: the first. A `host=` query parameter overrides
  // the authority's host (libpq); a unix socket directory is no TCP host.
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (!starts_with(dsn, scheme)) continue;
    const std::string_view rest = dsn.substr(scheme.size());
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    auto hp = authority.empty() || authority.back() == '@'
                  ? std::optional<HostPort>(HostPort{.host = "localhost", .port = 5432})
                  : parse_postgres_uri(rest);
    const size_t q = rest.find('?');
    const std::string_view query = q == std::string_view::npos ? std::string_view() : rest.substr(q + 1);
    size_t i = 0;
    while (i < query.size()) {
      const size_t amp = std::min(query.find('&', i), query.size());
      const std::string_view kv = query.substr(i, amp - i);
      if (starts_with(kv, "host=")) {
        const std::string_view h = kv.substr(5);
        if (!h.empty() && (h[0] == '/' || starts_with(h, "%2F") || starts_with(h, "%2f"))) return std::nullopt;
        if (hp && !h.empty()) hp->host = std::string(h);
      }
      if (starts_with(kv, "port=") && hp) hp->port = parse_port(kv.substr(5)).value_or(0);
      i = amp + 1;
    }
    return hp;
  }
  // key=value form: host (default localhost), port (default 5432); values may be single-quoted.
  std::string host = "localhost";
  int port = 5432;
  size_t i = 0;
  bool any = false;
  while (i < dsn.size()) {
    while (i < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[i])) != 0) ++i;
    const size_t eq = dsn.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string key(dsn.substr(i, eq - i));
    while (!key.empty() && key.back() == ' ') key.pop_back();
    size_t j = eq + 1;
    while (j < dsn.size() && dsn[j] == ' ') ++j;
    std::string value;
    if (j < dsn.size() && dsn[j] == '\'') {
      ++j;
      while (j < dsn.size() && dsn[j] != '\'') {
        if (dsn[j] == '\\' && j + 1 < dsn.size()) ++j;
        value += dsn[j++];
      }
      ++j;
    } else {
      while (j < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[j])) == 0) value += dsn[j++];
    }
    i = j;
    any = true;
    if (key == "host" && !value.empty()) host = value.substr(0, value.find(','));
    if (key == "port") port = parse_port(std::string_view(value).substr(0, value.find(','))).value_or(0);
  }
  if (!any || host.empty() || host[0] == '/') return std::nullopt;
  return HostPort{.host = host, .port = port};
}

namespace {

// The exporter's address setting: (host/port, where it was written); nullopt when none is set.
struct Address {
  std::optional<HostPort> target;
  Location location;
};

std::optional<Address> exporter_address(const Service& s) {
  auto env = [&s](const char* name) -> const Located<std::string>* {
    const auto it = s.environment.find(name);
    return it == s.environment.end() || it->second.value.empty() ? nullptr : &it->second;
  };
  if (s.role == Role::redis_exporter) {
    if (s.command) {
      const auto& args = s.command->value;
      for (size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (starts_with(a, "--")) a.remove_prefix(1);
        if (starts_with(a, "-redis.addr=")) {
          return Address{.target = parse_redis_addr(a.substr(12)), .location = s.command->location};
        }
        if (a == "-redis.addr" && i + 1 < args.size()) {
          return Address{.target = parse_redis_addr(args[i + 1]), .location = s.command->location};
        }
      }
    }
    if (const auto* v = env("REDIS_ADDR"))
      return Address{.target = parse_redis_addr(v->value), .location = v->location};
    return Address{.target = parse_redis_addr("redis://localhost:6379"), .location = {}};
  }
  if (s.role == Role::postgres_exporter) {
    if (const auto* v = env("DATA_SOURCE_NAME")) {
      return Address{.target = parse_postgres_dsn(v->value), .location = v->location};
    }
    if (const auto* v = env("DATA_SOURCE_URI")) {
      return Address{.target = parse_postgres_uri(v->value), .location = v->location};
    }
  }
  return std::nullopt;
}

// The hosts a blackbox-style job's exporter probes, resolved from the exporter's container (the
// job's __address__ replacement): `host:port`, or a URL (`http://api:8080/health`). When the
// exporter is no service of the stack, its own target is the finding and the probes stay unknown.
void bind_probes(const Stack& stack, const Service& prometheus, ScrapeJob& job) {
  if (job.probes.empty() || !job.address_replacement) return;
  const HostPort exporter = split_host_port(job.address_replacement->value, 80);
  const Endpoint via = resolve_endpoint(stack, prometheus, exporter.host, exporter.port);
  const Service* from = via.service.empty() ? nullptr : stack.find_service(via.service);
  for (ScrapeTarget& t : job.probes) {
    if (from == nullptr) {
      t.address_unknown = true;
      continue;
    }
    std::string_view a = t.address.value;
    int default_port = 0;
    if (const size_t scheme = a.find("://"); scheme != std::string_view::npos) {
      default_port = a.substr(0, scheme) == "https" ? 443 : 80;
      a.remove_prefix(scheme + 3);
      a = a.substr(0, std::min(a.find_first_of("/?#"), a.size()));
    } else if (a.find_first_of("/?#") != std::string_view::npos) {
      t.address_unknown = true;  // not an address this reading follows
      continue;
    }
    const HostPort hp = split_host_port(a, default_port);
    t.host = hp.host;
    t.port = hp.port;
    const Endpoint e = resolve_endpoint(stack, *from, hp.host, hp.port);
    t.service = e.service;
    t.resolved_by = e.resolved_by;
    t.external = e.external;
    t.unreachable_service = e.unreachable_service;
    t.unreachable_reason = e.unreachable_reason;
  }
}

}  // namespace

namespace {

// An http(s) URL's host and port (the scheme's default when none is written).
std::optional<HostPort> url_host_port(std::string_view url) {
  int default_port = 0;
  if (starts_with(url, "http://")) {
    default_port = 80;
  } else if (starts_with(url, "https://")) {
    default_port = 443;
  } else {
    return std::nullopt;
  }
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.empty()) return std::nullopt;
  return split_host_port(rest, default_port);
}

// Where the URLs of an Alertmanager service's receivers lead from its container.
void bind_alertmanager(const Stack& stack, const Service& svc, AmConfig& config) {
  for (AmReceiver& r : config.receivers) {
    for (AmIntegration& in : r.integrations) {
      in.endpoints.clear();
      for (const auto& [field, url] : in.urls) {
        const std::optional<HostPort> hp = url_host_port(url.value);
        if (!hp || hp->port == 0) {
          in.endpoints.emplace_back();
          continue;
        }
        const Endpoint e = resolve_endpoint(stack, svc, hp->host, hp->port);
        in.endpoints.emplace_back(
            AmUrlEndpoint{.host = hp->host, .port = hp->port, .service = e.service, .resolved_by = e.resolved_by});
      }
    }
  }
}

}  // namespace

void bind_topology(Stack& stack) {
  for (Service& svc : stack.services) {
    if (svc.alertmanager) bind_alertmanager(stack, svc, *svc.alertmanager);
  }
  for (Service& svc : stack.services) {
    if (!svc.prometheus) continue;
    for (ScrapeJob& job : svc.prometheus->jobs) {
      const int default_port = job.scheme == "https" ? 443 : 80;
      for (ScrapeTarget& t : job.targets) {
        if (t.address_unknown) continue;
        const HostPort hp = split_host_port(t.address.value, default_port);
        t.host = hp.host;
        t.port = hp.port;
        const Endpoint e = resolve_endpoint(stack, svc, hp.host, hp.port);
        t.service = e.service;
        t.resolved_by = e.resolved_by;
        t.external = e.external;
        t.unreachable_service = e.unreachable_service;
        t.unreachable_reason = e.unreachable_reason;
      }
    }
    for (ScrapeJob& job : svc.prometheus->jobs) bind_probes(stack, svc, job);
    PromConfig& cfg = *svc.prometheus;
    cfg.listen_port = prometheus_listen_port(svc);
    cfg.alertmanager_resolved.clear();
    for (const auto& target : cfg.alertmanager_targets) {
      const HostPort hp = split_host_port(target.value, 80);
      const Endpoint e = resolve_endpoint(stack, svc, hp.host, hp.port);
      cfg.alertmanager_resolved.push_back(AlertmanagerTarget{.host = hp.host,
                                                             .port = hp.port,
                                                             .service = e.service,
                                                             .resolved_by = e.resolved_by,
                                                             .external = e.external,
                                                             .unreachable_service = e.unreachable_service,
                                                             .unreachable_reason = e.unreachable_reason});
    }
  }
  for (Service& svc : stack.services) {
    const auto addr = exporter_address(svc);
    if (!addr) continue;
    svc.more().observes_location = addr->location;
    if (!addr->target) continue;
    const Endpoint e = resolve_endpoint(stack, svc, addr->target->host, addr->target->port);
    if (e.service != svc.name) svc.more().observes = e.service;
  }
}

}  // namespace stacklint
