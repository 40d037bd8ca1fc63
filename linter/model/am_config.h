// What an Alertmanager runs with: its alertmanager.yml read as Alertmanager's config.Load and
// `amtool check-config` read it (linter/formats/alertmanager): the route tree with its matchers,
// the receivers with the URLs and template texts of their integrations, the template files.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "linter/source/source.h"

namespace stacklint {

// An Alertmanager release 0.x; Debian 12's amtool is 0.25.
struct AmVersion {
  int major = 0;
  int minor = 28;
  [[nodiscard]] bool at_least(int mi) const { return major > 0 || minor >= mi; }
  [[nodiscard]] std::string text() const { return std::to_string(major) + "." + std::to_string(minor); }
};

enum class MatchOp : uint8_t { equal, not_equal, regex, not_regex };

// One label matcher of a route or inhibit rule, from any of the three syntaxes (`match:`,
// `match_re:`, `matchers:`). Regexes are anchored (`^(?:re)$`) as Alertmanager anchors them.
struct AmMatcher {
  std::string name;
  MatchOp op = MatchOp::equal;
  std::string value;
  Location location;  // the YAML scalar it came from
  [[nodiscard]] std::string text() const;
};

struct AmRoute {
  Location location;                             // the route's mapping
  std::optional<Located<std::string>> receiver;  // as written (child routes inherit their parent's)
  std::string effective_receiver;
  std::vector<AmMatcher> matchers;
  std::vector<Located<std::string>> group_by;  // effective (inherited when not written)
  bool group_by_all = false;                   // `...`
  Location group_by_location;                  // where the effective group_by was written (invalid: none)
  bool continue_matching = false;
  double group_wait = 30, group_interval = 300, repeat_interval = 4 * 3600;  // effective, seconds
  std::vector<AmRoute> routes;
};

// A text field of an integration that holds a Go template (`{{ ... }}`).
struct AmTemplateText {
  std::string field;  // "text", "title", "message"...
  Located<std::string> text;
};

// Where a URL of an integration leads from inside the Alertmanager container, as
// linter/stack/topology resolves it (set only for an Alertmanager that runs as a compose service).
struct AmUrlEndpoint {
  std::string host;
  int port = 0;
  std::string service;      // the compose service reached ("" when none)
  std::string resolved_by;  // Endpoint::resolved_by: "localhost", "service name", ...
};

// One `<type>_configs` entry of a receiver.
struct AmIntegration {
  std::string type;  // "slack", "webhook", "email", ...
  Location location;
  std::vector<std::pair<std::string, Located<std::string>>> urls;  // (field, url) as written
  std::vector<std::optional<AmUrlEndpoint>> endpoints;             // one per url; nullopt: no http(s) URL
  std::vector<AmTemplateText> templates;
  // email: the SMTP server it sends through (`smarthost`, else the global `smtp_smarthost`), as written.
  std::optional<Located<std::string>> smarthost;
};

struct AmReceiver {
  Located<std::string> name;
  std::vector<AmIntegration> integrations;
};

// The receivers a route tree names (the route's own and every child route's, as written).
std::set<std::string> route_receivers(const AmRoute& route);

// The placeholder a webhook or chat URL holds when it is left from an example (`YOUR_WEBHOOK`,
// `example.com`, `xxx`, `<...>`, a Slack webhook cut at `/services/`), if any. Such a URL is no
// secret: alertmanager/placeholder-url
// shows it.
std::optional<std::string> url_placeholder(const std::string& url);

// A value of a secret field, and the field (`api_url`, `routing_key`...).
struct AmSecret {
  std::string field;
  Located<std::string> value;
};

struct AmConfig {
  AmVersion version;
  std::string path;  // stack path of the file
  std::optional<AmRoute> route;
  std::vector<AmReceiver> receivers;
  std::vector<Located<std::string>> templates;  // `templates:` globs, as written
  // Values of secret fields: SecretURLs (Slack api_url, webhook_url...), the webhook url, keys
  // (routing_key, service_key, user_key...). Masked in every output unless url_placeholder says
  // they are an example's placeholder (linter/model/secrets).
  std::vector<AmSecret> secrets;
  // `${NAME}` references in values (`to: '${ADMIN_EMAIL}'`), which Alertmanager does not expand: the
  // field, and the first reference of the value (`${ADMIN_EMAIL}`) where the value is written.
  std::vector<AmSecret> env_references;
  bool loaded = false;             // the file parsed as a mapping
  std::vector<ParseIssue> errors;  // alertmanager/syntax

  [[nodiscard]] const AmReceiver* find_receiver(const std::string& name) const {
    for (const AmReceiver& r : receivers) {
      if (r.name.value == name) return &r;
    }
    return nullptr;
  }
};

}  // namespace stacklint
