// connections/port-not-listening: a client URL, or a published port, whose container port nothing
// listens on.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/prom_config.h"
#include "linter/model/stack.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

std::string ports_text(const std::vector<int>& ports) {
  std::string out;
  for (int p : ports) out += (out.empty() ? "" : ", ") + std::to_string(p);
  return out;
}

Related listen_note(const Service& target, const ServerPorts& lp) {
  if (lp.location.valid()) {
    return Related{.message = target.name + " listens on " + ports_text(lp.ports) + " (" + lp.what + ")",
                   .location = lp.location};
  }
  return Related{.message = target.name + " listens on " + ports_text(lp.ports) + " (" + lp.what + ")",
                 .location = target.image ? target.image->location : target.location};
}

class ConnectionsPortNotListening final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "connections/port-not-listening",
        .severity = Severity::error,
        .summary =
            "A connection string, or a published port, names a container port the target service's server "
            "does not listen on, or listens on for loopback clients only.",
        .rationale =
            "Containers reach each other on the port the server listens on inside its container, which its own "
            "configuration decides: postgres `port`, redis `port` and `tls-port` (a cluster node, `cluster-enabled "
            "yes`, also its bus on `cluster-port`, else port + 10000), pgbouncer `listen_port` (the edoburu image "
            "listens on 5432 unless LISTEN_PORT is set), Prometheus `--web.listen-address`, Grafana "
            "`GF_SERVER_HTTP_PORT`, else `[server] http_port` of the grafana.ini it reads, cAdvisor `-port` (8080). A "
            "URL with another port (often the host port of a "
            "`ports:` mapping, or the "
            "usual port of the program) is refused, and so is a published port that maps to a container port "
            "nothing listens on. A Prometheus scrape target that dials the host port a service publishes "
            "(`cadvisor:8087` of `8087:8080`) is refused on every scrape: the target names the container port. One "
            "wrong port of one service is one finding: the other places that dial it, "
            "and a published port that maps to it, are its notes.\n\n"
            "The same when the server listens on the port, but on loopback addresses only, which no other container "
            "reaches: a postgresql.conf of the stack that the server reads and that does not set "
            "`listen_addresses` (postgres's default is `localhost`; the official image's own file sets `'*'`, a "
            "file of the repository replaces it; Bitnami's entrypoint and other packagers' may set it themselves), "
            "or sets it to `localhost`; a redis.conf written for a host (`bind "
            "127.0.0.1 -::1`); a pgbouncer.ini with `listen_addr = 127.0.0.1`. A `-c listen_addresses=...` or "
            "`--bind` on the command line wins over the file.",
        .bad_example = {{.path = "compose.yaml",
                         .content = "services:\n  api:\n    image: example/api:1\n    environment:\n"
                                    "      DATABASE_URL: postgres://app:secret@pgbouncer:6432/app\n  pgbouncer:\n"
                                    "    image: edoburu/pgbouncer:v1.24.1-p1\n    environment:\n"
                                    "      DATABASE_URL: postgres://app:secret@postgres:5432/app\n  postgres:\n"
                                    "    image: postgres:16\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content = "services:\n  api:\n    image: example/api:1\n    environment:\n"
                                     "      DATABASE_URL: postgres://app:secret@pgbouncer:6432/app\n  pgbouncer:\n"
                                     "    image: edoburu/pgbouncer:v1.24.1-p1\n    environment:\n"
                                     "      DATABASE_URL: postgres://app:secret@postgres:5432/app\n"
                                     "      LISTEN_PORT: \"6432\"\n  postgres:\n    image: postgres:16\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    // One finding per target and port (rw21: eleven receivers dial adapter:8080, which listens on
    // 9093: one fix): the first place that dials it, the others and the published port as notes.
    std::vector<Group> groups;
    for (const Service& s : stack.services) {
      if (!s.enabled) continue;
      for (const ClientConnection& c : s.connections()) {
        const Service* target = stack.find_service(c.service);
        if (target == nullptr || target == &s || c.listen_ports.empty() || c.port <= 0) continue;
        if (std::find(c.listen_ports.begin(), c.listen_ports.end(), c.port) != c.listen_ports.end()) {
          if (!target->listen.loopback.empty()) loopback(s, c, *target, groups);
          continue;
        }
        const Location at = c.port_location.valid() ? c.port_location : c.location;
        const std::string cause = target->name + ":" + std::to_string(c.port);
        const auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.cause == cause; });
        if (g != groups.end()) {
          if (g->location == at) {
            g->readers.push_back(Related{.message = "service " + s.name + " reads it too", .location = s.location});
          } else if (std::none_of(g->others.begin(), g->others.end(),
                                  [&](const Related& r) { return r.location == at; })) {
            g->others.push_back(Related{
                .message = c.variable + " of service " + s.name + " connects to " + cause + " too", .location = at});
          }
          continue;
        }
        std::vector<Related> notes = {listen_note(*target, target->listen)};
        for (const PortMapping& p : target->ports) {
          if (p.published == std::to_string(c.port)) {
            notes.push_back(Related{.message = std::to_string(c.port) + " is the port " + target->name +
                                               " publishes on the host, mapped to container port " + p.target,
                                    .location = p.location});
          }
        }
        groups.push_back(Group{.cause = cause,
                               .location = at,
                               .message = c.variable + " of service " + s.name + " connects to " + cause + ", but " +
                                          target->name + " listens on " + ports_text(c.listen_ports) +
                                          " in its container: the connection is refused",
                               .notes = std::move(notes),
                               .readers = {},
                               .others = {}});
      }
    }
    for (const Service& s : stack.services) {
      if (s.enabled && s.prometheus) scrape_targets(stack, s, groups);
    }
    std::vector<Group> published_ports;
    for (const Service& s : stack.services) {
      if (s.enabled) published(s, groups, published_ports);
    }
    for (std::vector<Group>* list : {&groups, &published_ports}) {
      for (Group& g : *list) {
        add_capped(g.notes, g.readers, "service reads it too", "services read it too", g.location);
        add_capped(g.notes, g.others, "place connects to " + g.cause + " too", "places connect to " + g.cause + " too",
                   g.location);
        out.report(std::move(g.message), g.location, std::move(g.notes));
      }
    }
  }

 private:
  struct Group;

  // A connection to the port the target listens on, on loopback addresses only: refused from any other
  // container. One finding per target.
  static void loopback(const Service& s, const ClientConnection& c, const Service& target, std::vector<Group>& groups) {
    const Location at = c.port_location.valid() ? c.port_location : c.location;
    const std::string cause = target.name + ":" + std::to_string(c.port);
    const auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.cause == cause; });
    if (g != groups.end()) {
      if (g->location != at) {
        g->others.push_back(Related{.message = c.variable + " of service " + s.name + " connects to " + cause + " too",
                                    .location = at});
      }
      return;
    }
    groups.push_back(Group{.cause = cause,
                           .location = at,
                           .message = c.variable + " of service " + s.name + " connects to " + cause + ", but " +
                                      target.name + " listens on loopback addresses only (" + target.listen.loopback +
                                      "): connections from other containers are refused",
                           .notes = {Related{.message = target.name + " listens on loopback only here",
                                             .location = target.listen.loopback_location}},
                           .readers = {},
                           .others = {}});
  }

  struct Group {
    std::string cause;  // target:port
    Location location;
    std::string message;
    std::vector<Related> notes;
    std::vector<Related> readers;  // other services that read the same line
    std::vector<Related> others;   // other places that dial the same target and port
  };

  static constexpr size_t kMaxNotes = 3;

  // The first kMaxNotes of `more`, then "and N more places connect ..." (`one`: the count's noun and
  // verb for 1, `many` for more).
  static void add_capped(std::vector<Related>& notes, const std::vector<Related>& more, const std::string& one,
                         const std::string& many, const Location& at) {
    for (size_t i = 0; i < more.size() && i < kMaxNotes; ++i) notes.push_back(more[i]);
    if (more.size() > kMaxNotes) {
      const size_t n = more.size() - kMaxNotes;
      notes.push_back(Related{.message = "and " + more_of(n, one, many), .location = at});
    }
  }

  // A scrape target that dials the host port a service publishes (`cadvisor:8087` of `8087:8080`,
  // rw244 serj-tubin-com): on the compose network the container listens on the mapping's other side,
  // so every scrape is refused. Only that mistake: a target at a port the service neither publishes
  // nor is known to serve may be a sidecar's or an agent's (the server's ports are not all known).
  static void scrape_targets(const Stack& stack, const Service& prom, std::vector<Group>& groups) {
    for (const ScrapeJob& job : prom.prometheus->jobs) {
      for (const ScrapeTarget& t : job.targets) {
        if (t.address_unknown || t.service.empty() || t.port <= 0 ||
            (t.resolved_by != "service name" && t.resolved_by != "container_name" &&
             t.resolved_by != "network alias")) {
          continue;
        }
        const Service* target = stack.find_service(t.service);
        if (target == nullptr || target == &prom || target->listen.ports.empty() ||
            std::ranges::find(target->listen.ports, t.port) != target->listen.ports.end()) {
          continue;
        }
        const std::string port = std::to_string(t.port);
        const auto mapping = std::ranges::find_if(
            target->ports, [&](const PortMapping& p) { return p.published == port && p.target != port; });
        if (mapping == target->ports.end() ||
            std::ranges::any_of(target->ports, [&](const PortMapping& p) { return p.target == port; })) {
          continue;
        }
        const std::string cause = target->name + ":" + port;
        const std::string where = "scrape target \"" + t.address.value + "\" of job \"" + job.job_name.value + "\"";
        const auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.cause == cause; });
        if (g != groups.end()) {
          g->others.push_back(
              Related{.message = where + " connects to " + cause + " too", .location = t.address.location});
          continue;
        }
        groups.push_back(
            Group{.cause = cause,
                  .location = t.address.location,
                  .message = where + " connects to " + cause + ", the port " + target->name +
                             " publishes on the host; in its container " + target->name + " listens on " +
                             ports_text(target->listen.ports) + ": every scrape is refused",
                  .notes = {Related{.message = port + " is the port " + target->name +
                                               " publishes on the host, mapped to container port " + mapping->target,
                                    .location = mapping->location},
                            listen_note(*target, target->listen)},
                  .readers = {},
                  .others = {}});
      }
    }
  }

  // A published port that maps to a container port nothing listens on: a note of the finding of
  // clients that dial the same port, else a finding of its own.
  static void published(const Service& s, std::vector<Group>& groups, std::vector<Group>& out) {
    const ServerPorts& lp = s.listen;
    if (lp.ports.empty()) return;
    for (const PortMapping& p : s.ports) {
      if (p.target.empty() ||
          !std::all_of(p.target.begin(), p.target.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        continue;
      }
      const int port = std::stoi(p.target.substr(0, 6));
      if (std::find(lp.ports.begin(), lp.ports.end(), port) != lp.ports.end()) continue;
      const std::string cause = s.name + ":" + p.target;
      const auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.cause == cause; });
      if (g != groups.end()) {
        const std::string refused = "nothing listens on container port " + p.target +
                                    " either: connections to the published port are refused as well";
        const auto same =
            std::find_if(g->notes.begin(), g->notes.end(), [&](const Related& r) { return r.location == p.location; });
        if (same != g->notes.end()) {
          same->message += "; " + refused;
        } else {
          g->notes.push_back(
              Related{.message = "service " + s.name + " publishes container port " + p.target + ": " + refused,
                      .location = p.location});
        }
        continue;
      }
      out.push_back(Group{.cause = cause,
                          .location = p.location,
                          .message = "service " + s.name + " publishes container port " + p.target +
                                     ", but its server listens on " + ports_text(lp.ports) +
                                     ": connections to the published port are refused",
                          .notes = {listen_note(s, lp)},
                          .readers = {},
                          .others = {}});
    }
  }
};

}  // namespace

const Rule& connections_port_not_listening() {
  static const ConnectionsPortNotListening r;
  return r;
}

}  // namespace stacklint::rules
