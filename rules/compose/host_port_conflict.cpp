// compose/host-port-conflict: two services of one stack publish the same host port; compose starts
// the first and the second fails with "port is already allocated".
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

// A host address that binds every interface: `""` (no address written), `0.0.0.0`, `::`.
bool all_interfaces(const std::string& ip) {
  return ip.empty() || ip == "0.0.0.0" || ip == "::" || ip == "[::]";
}

// The single host port a mapping publishes, or -1: none (expose only), a range (the engine picks a
// free port of it for each container) or a value stacklint cannot read (`${PORT}`).
int single_host_port(const PortMapping& p) {
  if (p.published.empty() || p.published.size() > 5) return -1;
  int port = 0;
  for (const char c : p.published) {
    if (c < '0' || c > '9') return -1;
    port = port * 10 + (c - '0');
  }
  return port > 0 && port <= 65535 ? port : -1;
}

// Whether two services run at once for sure: both by default, or in a profile they share. With no
// profile chosen, a service of a profile is often the alternative of one that runs by default
// (`redpanda` under `--profile redpanda` instead of `kafka`; `frontend-csr` instead of `frontend`),
// started on its own; two of different profiles run in separate runs.
bool run_together(const Stack& stack, const Service& a, const Service& b) {
  if (stack.compose->profiles_chosen || (a.profiles().empty() && b.profiles().empty())) return true;
  for (const std::string& p : a.profiles()) {
    if (std::find(b.profiles().begin(), b.profiles().end(), p) != b.profiles().end()) return true;
  }
  return false;
}

struct Published {
  const Service* service;
  const PortMapping* mapping;
};

class ComposeHostPortConflict final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/host-port-conflict",
        .severity = Severity::error,
        .summary =
            "Two services of a stack publish the same host port: the second to start fails with 'port is already "
            "allocated'.",
        .rationale =
            "A published port binds a port of the host (`\"5433:5432\"` binds host port 5433 on every interface). "
            "When two services of one stack publish the same host port and protocol on overlapping addresses "
            "(every interface, or the same address), `docker compose up` starts the first and the second fails "
            "with `Bind for 0.0.0.0:5433 failed: port is already allocated`; the stack never runs whole. A copied "
            "service block that kept its neighbour's port is the usual cause. Give each service its own host port, "
            "or bind them to different addresses (`127.0.0.1:5433:5432` and `127.0.0.2:5433:5432`). Services that "
            "run in a profile are judged only when the profiles given (`--profile`, `COMPOSE_PROFILES`) run them "
            "together or they share one (a profile's service is often another's alternative), and only "
            "services of one file are compared (the compose files of a directory are often alternatives, run one "
            "at a time); a port range "
            "(`8000-8010:80`) lets the engine pick a free port per container and is not judged, nor is a service "
            "on the host network, whose ports compose discards. The ports two services both publish (`80` and `443` "
            "of two proxies) are one finding, the later ports its notes.",
        // Examples are raw strings; the docs test runs them: the bad one must fire, the good one not.
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  pg17:
    image: postgres:17
    ports:
      - "5433:5432"
  pg16:
    image: postgres:16
    ports:
      - "5433:5432"
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  pg17:
    image: postgres:17
    ports:
      - "5433:5432"
  pg16:
    image: postgres:16
    ports:
      - "5434:5432"
)"}},
    };
    return i;
  }

  // A service whose `ports:` is written twice (a block pasted into it: rw126 rhinometric's cadvisor
  // holding tempo's image, ports and volumes): compose refuses the file, as yaml/duplicate-key
  // says, and the ports read are the pasted block's, no service's.
  static bool ports_written_twice(const Stack& stack, const Service& svc) {
    for (const DuplicateKey& d : stack.duplicate_keys) {
      if (d.key != "ports" || d.second.file != svc.location.file || d.second.line < svc.location.line) continue;
      const Service* owner = nullptr;  // the last service of the file that starts above the repeat
      for (const Service& s : stack.services) {
        if (s.location.file != d.second.file || s.location.line > d.second.line) continue;
        if (owner == nullptr || s.location.line > owner->location.line) owner = &s;
      }
      if (owner == &svc) return true;
    }
    return false;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.compose) return;
    // (host port, protocol) -> every enabled service's mapping of it, in the stack's service order.
    std::map<std::tuple<int, std::string>, std::vector<Published>> by_port;
    for (const Service& svc : stack.services) {
      if (!svc.enabled) continue;
      if (const auto& mode = svc.network_mode(); mode && mode->value == "host") continue;
      if (ports_written_twice(stack, svc)) continue;
      for (const PortMapping& p : svc.ports) {
        const int port = single_host_port(p);
        if (port < 0) continue;
        by_port[{port, p.protocol.empty() ? "tcp" : p.protocol}].push_back(Published{&svc, &p});
      }
    }
    // One finding per pair of services: `80:80` and `443:443` of two proxies are one clash (rw202
    // octoport), the other ports its notes.
    struct Clash {
      const Service* later;
      const Service* first;
      std::string message;
      Location location;
      std::vector<Related> related;
    };
    std::vector<Clash> clashes;
    for (const auto& [key, list] : by_port) {
      const auto& [port, protocol] = key;
      // The first mapping that another service's overlaps: the one reported is the later of the two.
      for (size_t later = 1; later < list.size(); ++later) {
        const Published& b = list[later];
        const Published* first = nullptr;
        for (size_t k = 0; k < later && first == nullptr; ++k) {
          const Published& a = list[k];
          // Only within one file: the compose files of a directory are often alternatives
          // (`docker-compose.yml` or `docker-compose.test.yml`), run one at a time.
          if (a.service == b.service || a.mapping->location.file != b.mapping->location.file ||
              !run_together(stack, *a.service, *b.service))
            continue;
          const bool overlap = all_interfaces(a.mapping->host_ip) || all_interfaces(b.mapping->host_ip) ||
                               a.mapping->host_ip == b.mapping->host_ip;
          if (overlap) first = &a;
        }
        if (first == nullptr) continue;
        const std::string where = all_interfaces(b.mapping->host_ip) ? "" : " on " + b.mapping->host_ip;
        std::vector<Related> related = {Related{.message = "service '" + first->service->name + "' publishes it here",
                                                .location = first->mapping->location}};
        for (size_t k = later + 1; k < list.size(); ++k) {
          if (list[k].service == b.service || list[k].service == first->service ||
              list[k].mapping->location.file != b.mapping->location.file ||
              !run_together(stack, *list[k].service, *b.service))
            continue;
          related.push_back(Related{.message = "service '" + list[k].service->name + "' publishes it too",
                                    .location = list[k].mapping->location});
        }
        const std::string port_text = std::to_string(port) + (protocol == "tcp" ? "" : "/" + protocol) + where;
        const auto same = std::find_if(clashes.begin(), clashes.end(), [&](const Clash& c) {
          return c.later == b.service && c.first == first->service;
        });
        if (same != clashes.end()) {
          same->related.push_back(Related{
              .message = "and host port " + port_text + ", which service '" + first->service->name + "' publishes too",
              .location = b.mapping->location});
        } else {
          clashes.push_back(Clash{.later = b.service,
                                  .first = first->service,
                                  .message = "host port " + port_text + " is published by service '" + b.service->name +
                                             "' and already by service '" + first->service->name +
                                             "': the second container to start fails with \"port is already "
                                             "allocated\"; give one of them another host port",
                                  .location = b.mapping->location,
                                  .related = std::move(related)});
        }
        break;  // one finding per host port: the later services repeat the same fix
      }
    }
    for (Clash& c : clashes) out.report(c.message, c.location, std::move(c.related));
  }
};

}  // namespace

const Rule& compose_host_port_conflict() {
  static const ComposeHostPortConflict r;
  return r;
}

}  // namespace stacklint::rules
