// connections/auth-missing: the server requires a password and the client's connection string gives
// none.
#include <algorithm>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/model/written.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

// Why the target wants a password, and where that is configured; nullopt when it does not (or unknown).
std::optional<Related> requires_password(const Service& target) {
  if (target.role == Role::redis && target.redis && target.redis->has_password()) {
    Location at = target.redis->location_of("requirepass");
    if (!at.valid() && !target.redis->users.empty()) at = target.redis->users.front().location;
    return Related{.message = target.name + " requires a password (requirepass)", .location = at};
  }
  if (target.role == Role::pgbouncer && target.pgbouncer && target.pgbouncer->errors.empty()) {
    const std::string auth = target.pgbouncer->text("auth_type");
    if (auth == "trust" || auth == "any" || auth == "cert" || auth == "hba" || auth == "pam" || auth == "ldap") {
      return std::nullopt;
    }
    const Location at = target.pgbouncer->location_of("auth_type");
    return Related{.message = target.name + " authenticates clients with auth_type " + auth,
                   .location = at.valid() ? at : target.location};
  }
  return std::nullopt;
}

// A `${VAR}` without value inside the connection string: its password is unknown, not missing. So is
// a password written as a variable only an env template gives, blank for the user to fill in
// (`postgresql://app:${PG_PASSWORD}@db/app` with `PG_PASSWORD=` in .env.example: rw16 yashigani).
bool has_unset_variable(const Stack& stack, const Location& at) {
  if (!stack.compose) return false;
  for (const UnsetVariable& v : stack.compose->unset_variables) {
    if (v.location.file == at.file && v.location.line >= at.line && v.location.line <= at.end_line) return true;
  }
  const std::string written = written_text(stack, at);
  const size_t scheme = written.find("://");
  const size_t at_sign = scheme == std::string::npos ? std::string::npos : written.find('@', scheme + 3);
  if (at_sign == std::string::npos) return false;
  const std::string_view userinfo = std::string_view(written).substr(scheme + 3, at_sign - scheme - 3);
  return userinfo.find('$') != std::string_view::npos && uses_template_variable(stack, at);
}

// The server reads its password from a file when it starts (`--requirepass "$(cat
// /run/secrets/redis_password)"`) and the client has files mounted under /run/secrets too: it may
// read the same one (rw16 yashigani's gateway, told its secrets directory). Unknown, not missing.
bool may_read_server_secret(const Service& client, const Service& target) {
  if (target.role != Role::redis || !target.redis) return false;
  const Setting* pass = target.redis->find("requirepass");
  const auto* value = pass == nullptr ? nullptr : std::get_if<std::string>(&pass->current.value);
  if (value == nullptr || value->find("$(") == std::string::npos) return false;
  return std::any_of(client.mounts.begin(), client.mounts.end(), [](const Mount& m) {
    return m.target == "/run/secrets" || m.target.starts_with("/run/secrets/");
  });
}

class ConnectionsAuthMissing final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "connections/auth-missing",
        .severity = Severity::error,
        .summary =
            "A client connects to a server that requires a password (redis with `requirepass`, pgbouncer "
            "with md5 or scram-sha-256 auth) without giving one.",
        .rationale =
            "A redis with `requirepass` answers every command of an unauthenticated client with `NOAUTH "
            "Authentication required`; pgbouncer with `auth_type = md5` or `scram-sha-256` closes the connection "
            "at login. The client starts fine and fails at its first request. Put the password in the URL "
            "(`redis://:${REDIS_PASSWORD}@redis:6379/0`) or the variable the client reads (REDIS_PASSWORD for "
            "redis_exporter). A password written as a variable set nowhere, or only by an env template that leaves "
            "it blank for the user (`PG_PASSWORD=` in .env.example), is unknown here, not missing. So is the "
            "password of a client that reads an `env_file` the repository does not hold (a git-ignored `.env`, or "
            "one made from a committed template at setup), which may give it; and the "
            "password of a client whose code directory is mounted with its own `.env` (Laravel's /var/www/html): "
            "given when that file or its `.env.example` names one, or when the directory lies outside the "
            "repository (`../backend`), where stacklint cannot look; and of a client that has files under /run/secrets "
            "when redis reads its password from such a file as it starts (`--requirepass \"$(cat "
            "/run/secrets/redis)\"`).",
        .bad_example = {{.path = "compose.yaml",
                         .content = "services:\n  api:\n    image: example/api:1\n    environment:\n"
                                    "      REDIS_URL: redis://redis:6379/0\n  redis:\n    image: redis:7.2\n"
                                    "    command: [\"redis-server\", \"--requirepass\", \"s3cret\"]\n"}},
        .good_example = {{.path = "compose.yaml",
                          .content = "services:\n  api:\n    image: example/api:1\n    environment:\n"
                                     "      REDIS_URL: redis://:s3cret@redis:6379/0\n  redis:\n    image: redis:7.2\n"
                                     "    command: [\"redis-server\", \"--requirepass\", \"s3cret\"]\n"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  // One finding per server, at its first client, the others as notes: a redis whose password none of
  // nine services passes is one cause with one fix (rw88 Wisdoverse-Cell: eleven errors, REDIS_URL beside
  // REDIS_HOST in two services). Services sharing a line (an `x-` anchor's environment) read it too.
  void check(const Stack& stack, Reporter& out) const override {
    struct Client {
      const Service* service;
      Location at;
      std::string variable;
    };
    std::vector<std::pair<const Service*, std::vector<Client>>> by_server;
    for (const Service& s : stack.services) {
      if (!s.enabled) continue;
      for (const ClientConnection& c : s.connections()) {
        const Service* target = stack.find_service(c.service);
        if (target == nullptr || target == &s || c.has_password || has_unset_variable(stack, c.location) ||
            may_read_server_secret(s, *target)) {
          continue;
        }
        auto it = std::find_if(by_server.begin(), by_server.end(), [&](const auto& e) { return e.first == target; });
        if (it == by_server.end()) it = by_server.insert(by_server.end(), {target, {}});
        it->second.push_back(
            Client{.service = &s, .at = c.location.valid() ? c.location : s.location, .variable = c.variable});
      }
    }
    for (auto& [target, clients] : by_server) {
      const auto why = requires_password(*target);
      if (!why) continue;
      std::stable_sort(clients.begin(), clients.end(), [](const Client& a, const Client& b) {
        return std::tie(a.at.file.str(), a.at.line, a.at.column) < std::tie(b.at.file.str(), b.at.line, b.at.column);
      });
      const Client& first = clients.front();
      std::vector<Related> notes;
      if (why->location.valid()) notes.push_back(*why);
      size_t listed = 0;
      for (size_t i = 1; i < clients.size(); ++i) {
        const Client& c = clients[i];
        if (listed == kMaxClientNotes) {
          notes.push_back(Related{.message = "and " + more_of(clients.size() - i, "client connects without one",
                                                              "clients connect without one"),
                                  .location = first.at});
          break;
        }
        const bool same_line = std::any_of(clients.begin(), clients.begin() + static_cast<std::ptrdiff_t>(i),
                                           [&](const Client& e) { return e.at == c.at; });
        notes.push_back(
            same_line
                ? Related{.message = "service " + c.service->name + " reads it too", .location = c.service->location}
                : Related{.message = c.variable + " of service " + c.service->name + " connects without one too",
                          .location = c.at});
        ++listed;
      }
      out.report(first.variable + " of service " + first.service->name + " connects to " + target->name +
                     " without a password, but " + why->message + ": every request fails to authenticate",
                 first.at, std::move(notes));
    }
  }

 private:
  static constexpr size_t kMaxClientNotes = 3;
};

}  // namespace

const Rule& connections_auth_missing() {
  static const ConnectionsAuthMissing r;
  return r;
}

}  // namespace stacklint::rules
