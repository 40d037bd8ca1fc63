// alertmanager/receiver-is-self: a receiver URL that is the Alertmanager container itself: `localhost`
// where nothing listens, or a webhook to its own API.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "linter/engine/rule.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/am_config.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

// The stack of both examples: an Alertmanager and the service its receiver means.
constexpr const char* kExampleCompose = R"(services:
  alertmanager:
    image: prom/alertmanager:v0.28.1
    volumes:
      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
  alert-bridge:
    image: example/alert-bridge:1.2
    expose: ["5001"]
)";

// Whether the comments of the value at `at` call it a test stand-in: "test" (at a word's start), in
// Korean, Japanese or Chinese too, "dummy", "mock", or that it need not exist.
bool stand_in_comment(const Stack& stack, const Location& at) {
  for (const std::string_view comment : setting_comments(stack, at)) {
    const std::string c = ascii_lower(comment);
    for (size_t k = c.find("test"); k != std::string::npos; k = c.find("test", k + 1)) {
      if (k == 0 || std::isalpha(static_cast<unsigned char>(c[k - 1])) == 0) return true;
    }
    for (const std::string_view word :
         {"테스트", "テスト", "测试", "測試", "dummy", "mock", "not exist", "n't exist"}) {
      if (c.find(word) != std::string::npos) return true;
    }
  }
  return false;
}

class AlertmanagerReceiverIsSelf final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "alertmanager/receiver-is-self",
        .severity = Severity::error,
        .summary =
            "A receiver URL that is the Alertmanager container itself: `localhost` where nothing listens "
            "(`http://127.0.0.1:5001/`), or a webhook to Alertmanager's own API: every notification fails.",
        .rationale =
            "Inside a container, `localhost` is that container. `http://127.0.0.1:5001/` is the webhook of "
            "Alertmanager's own example configuration, which assumes a receiver running beside it on one "
            "machine; in compose it names the Alertmanager container's port 5001, where nothing listens. "
            "Alertmanager starts, routes every alert to the receiver, and each notification fails with "
            "`connection refused` in its log. Send to the receiving service by its name "
            "(`http://alert-bridge:5001/`), or run Alertmanager with `network_mode: host` when the receiver runs "
            "on the host. A webhook sent to Alertmanager's own port (9093, 9094), by `localhost` or by its service "
            "name "
            "(`http://alertmanager:9093/api/v2/alerts`), is reported too: Alertmanager posts each notification back "
            "to itself, its API takes no webhook payload as alerts, and nobody is notified. A container sharing its "
            "network namespace (`network_mode: service:alertmanager`) is not reported; neither is an alertmanager.yml "
            "that no "
            "compose service runs, nor a receiver no route names (alertmanager/receiver-unused). A URL whose comment "
            "marks it as a stand-in to replace (`# goes nowhere until you set your webhook here`) is not reported: its "
            "authors know.",
        .bad_example = {{.path = "compose.yaml", .content = kExampleCompose},
                        {.path = "alertmanager.yml", .content = R"(route:
  receiver: bridge
receivers:
  - name: bridge
    webhook_configs:
      - url: http://127.0.0.1:5001/
)"}},
        .good_example = {{.path = "compose.yaml", .content = kExampleCompose},
                         {.path = "alertmanager.yml", .content = R"(route:
  receiver: bridge
receivers:
  - name: bridge
    webhook_configs:
      - url: http://alert-bridge:5001/
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& am : stack.services) {
      if (am.enabled && am.alertmanager) one(stack, am, *am.alertmanager, out);
    }
  }

 private:
  // One finding per address (`127.0.0.1:5001` written for every receiver is one mistake), at its
  // first use, with the other receivers that use it as notes.
  static void one(const Stack& stack, const Service& am, const AmConfig& c, Reporter& out) {
    const std::set<std::string> routed =
        c.route && c.errors.empty() ? route_receivers(*c.route) : std::set<std::string>{};
    const auto own = knowledge::ports_of(am.role);
    struct Use {
      std::string receiver;
      std::string field, type, host;
      int port = 0;
      bool own_api = false;  // Alertmanager's own port, by any name: it posts to itself
      Location location;
    };
    std::vector<Use> uses;
    for (const AmReceiver& r : c.receivers) {
      if (c.route && c.errors.empty() && routed.count(r.name.value) == 0) continue;
      for (const AmIntegration& in : r.integrations) {
        for (size_t i = 0; i < in.urls.size() && i < in.endpoints.size(); ++i) {
          const std::optional<AmUrlEndpoint>& e = in.endpoints[i];
          if (!e || e->service != am.name) continue;
          const int port = e->port;
          // Alertmanager's own API and cluster ports answer, but a webhook sent there is its own
          // notification posted back to itself (rw31 Alex-2rios: `http://alertmanager:9093/api/v2/alerts`).
          const bool own_port =
              port == 9094 ||
              std::any_of(own.begin(), own.end(), [port](const knowledge::PortFact* f) { return f->port == port; });
          if (own_port ? in.type != "webhook" : e->resolved_by != "localhost") continue;
          const Location& at = in.urls[i].second.location;
          if (std::any_of(uses.begin(), uses.end(), [&at](const Use& u) { return u.location == at; })) continue;
          // A receiver its heading comment marks as one to replace (`# In production, replace with
          // Slack...` above `- name: hook`), or a URL its comment calls a test stand-in (`# for testing
          // (fine even if it does not exist)`, rw246 in Korean): its authors know.
          if (marked_for_replacement(stack, r.name.location) || stand_in_comment(stack, at)) continue;
          uses.push_back(Use{.receiver = r.name.value,
                             .field = in.urls[i].first,
                             .type = in.type,
                             .host = e->host,
                             .port = port,
                             .own_api = own_port,
                             .location = at});
        }
      }
    }
    std::vector<bool> done(uses.size(), false);
    for (size_t i = 0; i < uses.size(); ++i) {
      if (done[i]) continue;
      const Use& u = uses[i];
      // A URL its comment marks as a stand-in to replace (`# black hole until you set your Slack
      // webhook here` above `slack_api_url: http://localhost:1`, rw94 vitar; `# Replace with your
      // webhook`, rw240): its authors know. Those notes were judged noise (rw240).
      if (marked_for_replacement(stack, u.location)) continue;
      std::vector<Related> related;
      for (size_t k = i + 1; k < uses.size(); ++k) {
        if (uses[k].host != u.host || uses[k].port != u.port || uses[k].own_api != u.own_api) continue;
        done[k] = true;
        related.push_back(
            Related{.message = "receiver \"" + uses[k].receiver + "\" sends there too", .location = uses[k].location});
      }
      if (u.own_api) {
        out.report(u.field + " of the webhook integration of receiver \"" + u.receiver + "\" is " + am.name +
                       "'s own port " + std::to_string(u.port) +
                       ": Alertmanager posts its notifications back to itself, which takes no webhook payload as "
                       "alerts, so every notification fails and nobody is notified; send them to the service that "
                       "delivers them (a chat bridge, an incident tool)",
                   u.location, std::move(related));
        continue;
      }
      related.push_back(
          Related{.message = "service " + am.name + " runs in its own network namespace", .location = am.location});
      out.report(u.field + " of the " + u.type + " integration of receiver \"" + u.receiver + "\" is the " + am.name +
                     " container itself (inside a container, " + u.host + " is that container), where nothing " +
                     "listens on :" + std::to_string(u.port) + ": every notification fails",
                 u.location, std::move(related));
    }
  }
};

}  // namespace

const Rule& alertmanager_receiver_is_self() {
  static const AlertmanagerReceiverIsSelf r;
  return r;
}

}  // namespace stacklint::rules
