// connections/host-unresolved: a client connection string whose host is no service of the stack.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/host_names.h"
#include "linter/model/stack.h"
#include "rules/connections/one_per_line.h"
#include "rules/notes.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

class ConnectionsHostUnresolved final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "connections/host-unresolved",
        .severity = Severity::error,
        .summary =
            "A connection string in a service's environment (DATABASE_URL, REDIS_URL, REDIS_ADDR, a libpq "
            "DSN, PGHOST...) whose host is no service the container can reach.",
        .rationale =
            "Inside a compose network, a client reaches another service by its service name, container_name or "
            "network alias (a `hostname:` is one on each network the container joins, since Docker 19.03), on a "
            "network both join. A URL naming a host that is none of these (a renamed service, "
            "`db` for a service called `postgres`) fails at the first query with `could not translate host name`, "
            "often long after start. Names with a dot and IP addresses are taken as outside the stack and not "
            "judged. A host that another compose file of the repository may provide is unknown, not reported: a "
            "sibling "
            "compose file of the same directory started on its own (same project name, so the same networks), "
            "any container on a network shared with other projects (`external: true`), or the base compose "
            "file of an overlay (`-f compose.yaml -f overlay/compose.yaml`) linted alone, or the service of a "
            "compose file in a folder named as that host that publishes its ports (`compose/db-server/` running "
            "`db-server` with `3306:3306`: one stack per machine, reached by the machine's name), and a container "
            "the stack names in `network_mode: container:NAME`, which runs on the same Docker host outside these "
            "files. One missing host "
            "dialed from several settings of one file (a wrong webhook host copied into every receiver, one "
            "database run outside the stack that every service dials) is one finding, with the others as "
            "notes.\n\n"
            "The clients are the services' environment (URLs and DSNs, `REDIS_HOST`/`DB_HOST` pairs) and the "
            "http(s) URLs an Alertmanager's receivers post to (`webhook_configs` url, slack `api_url`...) and the "
            "SMTP server its email receivers send through (`smarthost`, else the global `smtp_smarthost`): a "
            "webhook or mail server no service answers fails every notification. An http URL named for the service's "
            "own "
            "program and for an address of its own (`KRATOS_PUBLIC_URL`, `KRATOS_ADMIN_URL` of an oryd/kratos "
            "image) is where the program is reached, not a server it dials. Services that cannot reach a host for "
            "the same reason (both on a network the server is not on) are one finding, with the others as notes; so "
            "are "
            "the hosts one service cannot reach for the same reason (it is on none of their networks). "
            "A host whose service the authors commented out (`# search:` in a compose file of the stack) is a note: "
            "a companion turned off on purpose, whose URL stays behind. So is a default from an `env_file` that a "
            "later `env_file` the repository does not hold (git-ignored, `required: false`) may replace: the "
            "deployment's own value is not known here. The variables of an application's `env_file` given to a "
            "Redis, PostgreSQL, Prometheus, Alertmanager, cAdvisor or node_exporter container are not its "
            "connections: those images read none of them. Nor are the http URLs a program sends the browser to "
            "(a word LOGIN, LOGOUT, CONSENT, REDIRECT, CALLBACK, RETURN or FRONTEND in the name, or its SELF ISSUER: "
            "ory/hydra's `URLS_LOGIN`; an authorization server's own issuer, Spring's "
            "`SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER`), nor those of an image that writes them into the "
            "page it serves (Swagger UI's "
            "`URL`, ReDoc's `SPEC_URL`). Nor is a variable named for tests (`TEST_SINK_URL`). "
            "Several web URLs (http, https, ws, grpc) of one service's file to hosts no name of the stack comes near "
            "are one finding, at the first: the services they name are not in this compose project. "
            "A file several stacks of one directory read (a base with platform overrides, `docker-compose.linux.yml` "
            "beside `.darwin.yml`) names hosts for each of them: a host one of those stacks reaches is not reported "
            "for the others. A value no resolver accepts (`**********`, a redacted value; `<db-host>`, a fill-in) is a "
            "placeholder, not a host: not judged.",
        .bad_example = {{.path = "compose.yaml",
                         .content = "services:\n  api:\n    image: example/api:1\n    environment:\n"
                                    "      DATABASE_URL: postgres://app:secret@db:5432/app\n  postgres:\n"
                                    "    image: postgres:16\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content = "services:\n  api:\n    image: example/api:1\n    environment:\n"
                                     "      DATABASE_URL: postgres://app:secret@postgres:5432/app\n  postgres:\n"
                                     "    image: postgres:16\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    HostNames names(stack);
    OnePerLine found;
    // A host a service cannot reach is one cause however many of its settings dial it (an
    // Alertmanager's receivers all posting to one webhook service, rw18): one finding at the first,
    // a note for each other.
    struct Unreachable {
      std::string message;
      Location location;
      std::vector<Related> notes;
      size_t more = 0;      // connections past the notes
      std::string service;  // the client service of the first connection
      std::string host;     // the host of the first connection
    };
    std::vector<Unreachable> unreachable;
    std::map<std::string, size_t> unreachable_index;
    PlainGroups plain;
    std::map<const ClientConnection*, std::vector<Dial>> same_host;
    std::set<const ClientConnection*> folded;
    fold_same_host(stack, same_host, folded);
    for (const Service& s : stack.services) {
      if (!s.enabled) continue;
      for (const ClientConnection& c : s.connections()) {
        if (!answered_by_nothing(c) || folded.contains(&c)) continue;
        const std::string head = c.variable + " of service " + s.name + " connects to \"" + c.host + "\"";
        std::vector<Related> notes;
        if (const auto others = same_host.find(&c); others != same_host.end()) {
          for (size_t i = 0; i < others->second.size() && i < kMaxNotes; ++i) {
            const Dial& d = others->second[i];
            notes.push_back(Related{.message = (d.service == &s ? "" : "service " + d.service->name + "'s ") +
                                               d.connection->variable + " connects to \"" + c.host + "\" too",
                                    .location = d.connection->location});
          }
          if (others->second.size() > kMaxNotes) {
            notes.push_back(Related{
                .message = "and " + more_of(others->second.size() - kMaxNotes, "setting") + " that connect to it",
                .location = c.location});
          }
        }
        if (!c.unreachable_reason.empty()) {
          // Services on the same networks that cannot reach the same host: one cause (a network
          // named differently in two files: rw27 ExaPG's backup overlay), one finding. So are the
          // hosts one service cannot reach for the same reason (rw136 trading_platform: auth on
          // `edge` only, postgres and redis on `default`). The key is the reason with the client's
          // and the host's names taken out.
          const std::string key = cause_key(c, s.name);
          if (const auto it = unreachable_index.find(key); it != unreachable_index.end()) {
            std::vector<Related>& also = unreachable[it->second].notes;
            if (also.size() < kMaxNotes) {
              const bool same = unreachable[it->second].service == s.name;
              also.push_back(Related{
                  .message = (same ? "" : "service " + s.name + "'s ") + c.variable + " connects to \"" + c.host +
                             (c.host == unreachable[it->second].host ? "\" too" : "\", out of reach the same way"),
                  .location = c.location});
            } else {
              ++unreachable[it->second].more;
            }
            continue;
          }
          unreachable_index.emplace(key, unreachable.size());
          unreachable.push_back(Unreachable{.message = head + ", which it cannot reach: " + c.unreachable_reason,
                                            .location = c.location,
                                            .notes = {},
                                            .service = s.name,
                                            .host = c.host});
          continue;
        }
        std::string msg = head + ", which is no service, container_name or network alias of the stack";
        // The authors commented the service out (`# rag_api:`), leaving its URL behind (rw68
        // ClickHouse examples: an optional companion turned off on purpose): a note, at that line.
        if (const Location off = commented_out_service(stack, c.host); off.valid()) {
          out.report_demoted(Severity::note, msg + ": its service is commented out", c.location,
                             {Related{.message = "service " + c.host + " is commented out here", .location = off}});
          continue;
        }
        // Never the connecting service itself: it does not dial its own name (rw123 4linux, `DB_HOST:
        // db-server` of service web-server).
        if (std::optional<HostNames::Guess> guess = names.guess(c.host); guess && guess->owner != &s) {
          msg += "; did you mean \"" + guess->name + "\"?";
          notes.push_back(Related{.message = "service " + guess->owner->name + " is defined here",
                                  .location = guess->owner->location});
        }
        // A default from an env_file that a file the repository does not hold (git-ignored, listed
        // after it) may replace: the deployment's own value is unknown here (rw99 lago's
        // `.env.development.default` then `.env.development`, for optional add-ons).
        std::optional<Severity> at_most;
        if (!c.location.valid() && !s.unread_env_files().empty()) {
          msg += ", unless an env_file the repository does not hold sets " + c.variable;
          notes.push_back(
              Related{.message = "this env_file is not in the repository", .location = s.unread_env_files().front()});
          at_most = Severity::note;
        }
        // Only web URLs (another team's API, a subgraph): a database host that is no name is a wrong
        // name, each its own fix.
        const bool web =
            c.scheme == "http" || c.scheme == "https" || c.scheme == "ws" || c.scheme == "wss" || c.scheme == "grpc";
        if (!at_most && notes.empty() && c.location.valid() && web) {
          plain[{s.name, c.location.file.str()}].push_back(Plain{.connection = &c, .message = std::move(msg)});
          continue;
        }
        found.add(s, c.location, c.host + '\n' + c.variable, std::move(msg), std::move(notes), at_most);
      }
      report_groups(s, plain, found);
    }
    for (Unreachable& u : unreachable) {
      if (u.more > 0) {
        u.notes.push_back(
            Related{.message = "and " + more_of(u.more, "connection") + " to it", .location = u.location});
      }
      out.report(std::move(u.message), u.location, std::move(u.notes));
    }
    found.report(out);
  }

 private:
  static constexpr size_t kMaxNotes = 3;

  // A connection to a host that nothing of the stack or around it answers.
  static bool answered_by_nothing(const ClientConnection& c) {
    return c.service.empty() && !c.external && c.resolved_by.empty() && !c.host.empty();
  }

  // One missing host dialed from several settings of one file (a wrong webhook host copied into
  // every receiver, rw126 rhinometric; one database every service of the file dials, run outside
  // the stack, rw191 eve-copilot): one cause, one finding at the first, a note for each other. The
  // later ones, by the first's address, in `same_host`; all of them in `folded`.
  struct Dial {
    const Service* service;
    const ClientConnection* connection;
  };
  static void fold_same_host(const Stack& stack, std::map<const ClientConnection*, std::vector<Dial>>& same_host,
                             std::set<const ClientConnection*>& folded) {
    std::map<std::pair<std::string, std::string>, const ClientConnection*> first;
    for (const Service& s : stack.services) {
      if (!s.enabled) continue;
      for (const ClientConnection& c : s.connections()) {
        if (!answered_by_nothing(c) || !c.unreachable_reason.empty() || !c.location.valid()) continue;
        const auto [it, added] = first.try_emplace({c.host, c.location.file.str()}, &c);
        if (!added && it->second->location != c.location) {
          same_host[it->second].push_back(Dial{.service = &s, .connection = &c});
          folded.insert(&c);
        }
      }
    }
  }

  struct Plain {
    const ClientConnection* connection;
    std::string message;
  };
  using PlainGroups = std::map<std::pair<std::string, std::string>, std::vector<Plain>>;  // (service, file)

  // Several web hosts of one service's file that no name of the stack comes near are one cause: the
  // services it was written for are not in this compose project (rw165 SelfMonitor: a GraphQL
  // gateway's six subgraph URLs). One finding at the first, the others its notes; a lone one as it is.
  static void report_groups(const Service& s, PlainGroups& plain, OnePerLine& found) {
    for (auto& [key, group] : plain) {
      if (key.first != s.name) continue;
      if (group.size() == 1) {
        const ClientConnection& c = *group.front().connection;
        found.add(s, c.location, c.host + '\n' + c.variable, std::move(group.front().message), {});
        continue;
      }
      std::sort(group.begin(), group.end(), [](const Plain& a, const Plain& b) {
        const Location& x = a.connection->location;
        const Location& y = b.connection->location;
        return std::tie(x.line, x.column) < std::tie(y.line, y.column);
      });
      const ClientConnection& first = *group.front().connection;
      std::string hosts = "\"" + first.host + "\"";
      std::string cause = first.host;
      std::vector<Related> notes;
      for (size_t i = 1; i < group.size(); ++i) {
        const ClientConnection& c = *group[i].connection;
        cause += ',' + c.host;
        if (i <= kMaxNotes) {
          hosts += ", \"" + c.host + "\"";
          notes.push_back(
              Related{.message = c.variable + " connects to \"" + c.host + "\", no name of the stack either",
                      .location = c.location});
        }
      }
      if (group.size() - 1 > kMaxNotes) {
        hosts += " and " + std::to_string(group.size() - 1 - kMaxNotes) + " more";
        notes.push_back(
            Related{.message = "and " + more_of(group.size() - 1 - kMaxNotes, "setting"), .location = first.location});
      }
      found.add(s, first.location, cause + '\n' + first.variable,
                first.variable + " of service " + s.name + " and " + more_of(group.size() - 1, "setting") +
                    " beside it connect to hosts that are no service, container_name or network alias of the "
                    "stack: " +
                    hosts + "; the services they name are not in this compose project",
                std::move(notes));
    }
  }

  // The reason a host is out of reach with the client's and the host's names taken out: hosts one
  // service cannot reach for the same reason, and services that cannot reach one host, share it.
  static std::string cause_key(const ClientConnection& c, const std::string& client) {
    const auto masked = [](std::string text, const std::string& name, const char* mark) {
      for (size_t at = text.find(name); !name.empty() && at != std::string::npos; at = text.find(name, at + 1)) {
        text.replace(at, name.size(), mark);
      }
      return text;
    };
    std::string key = masked(c.unreachable_reason, "\"" + c.host + "\"", "\x02");
    // `"postgres" is service postgres, which ...`: what the host is, up to the comma.
    if (const size_t is = key.find("\x02 is "), comma = key.find(", "); is == 0 && comma != std::string::npos) {
      key.replace(0, comma, "\x02");
    }
    return masked(key, client, "\x01");
  }
};

}  // namespace

const Rule& connections_host_unresolved() {
  static const ConnectionsHostUnresolved r;
  return r;
}

}  // namespace stacklint::rules
