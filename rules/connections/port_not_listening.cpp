// connections/port-not-listening: a client URL, or a published port, whose container port nothing
// listens on.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "rules/connections/one_per_line.h"

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
            "does not listen on.",
        .rationale =
            "Containers reach each other on the port the server listens on inside its container, which its own "
            "configuration decides: postgres `port`, redis `port`, pgbouncer `listen_port` (the edoburu image "
            "listens on 5432 unless LISTEN_PORT is set), Prometheus `--web.listen-address`, Grafana "
            "`GF_SERVER_HTTP_PORT`, cAdvisor `-port` (8080). A URL with another port (often the host port of a "
            "`ports:` mapping, or the "
            "usual port of the program) is refused, and so is a published port that maps to a container port "
            "nothing listens on.",
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
    OnePerLine found;
    for (const Service& s : stack.services) {
      if (!s.enabled) continue;
      for (const ClientConnection& c : s.connections()) {
        const Service* target = stack.find_service(c.service);
        if (target == nullptr || target == &s || c.listen_ports.empty() || c.port <= 0) continue;
        if (std::find(c.listen_ports.begin(), c.listen_ports.end(), c.port) != c.listen_ports.end()) continue;
        std::vector<Related> notes = {listen_note(*target, target->listen)};
        for (const PortMapping& p : target->ports) {
          if (p.published == std::to_string(c.port)) {
            notes.push_back(Related{.message = std::to_string(c.port) + " is the port " + target->name +
                                               " publishes on the host, mapped to container port " + p.target,
                                    .location = p.location});
          }
        }
        found.add(s, c.port_location.valid() ? c.port_location : c.location,
                  target->name + ":" + std::to_string(c.port),
                  c.variable + " of service " + s.name + " connects to " + target->name + ":" + std::to_string(c.port) +
                      ", but " + target->name + " listens on " + ports_text(c.listen_ports) +
                      " in its container: the connection is refused",
                  std::move(notes));
      }
    }
    found.report(out);
    for (const Service& s : stack.services) {
      if (s.enabled) published(s, out);
    }
  }

 private:
  static void published(const Service& s, Reporter& out) {
    const ServerPorts& lp = s.listen;
    if (lp.ports.empty()) return;
    for (const PortMapping& p : s.ports) {
      if (p.target.empty() ||
          !std::all_of(p.target.begin(), p.target.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        continue;
      }
      const int port = std::stoi(p.target.substr(0, 6));
      if (std::find(lp.ports.begin(), lp.ports.end(), port) != lp.ports.end()) continue;
      out.report("service " + s.name + " publishes container port " + p.target + ", but its server listens on " +
                     ports_text(lp.ports) + ": connections to the published port are refused",
                 p.location, {listen_note(s, lp)});
    }
  }
};

}  // namespace

const Rule& connections_port_not_listening() {
  static const ConnectionsPortNotListening r;
  return r;
}

}  // namespace stacklint::rules
