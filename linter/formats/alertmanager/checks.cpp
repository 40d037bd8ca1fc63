#include "linter/formats/alertmanager/checks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "linter/formats/alertmanager/matchers.h"
#include "linter/formats/alertmanager/schema.h"
#include "linter/formats/prometheus/duration.h"
#include "linter/source/suggest.h"

namespace stacklint::alertmanager {

namespace {

bool is_text(const yaml::Node* n) {
  return n != nullptr && n->is_scalar() && !n->is_null() && !n->value.empty();
}

class Checker {
 public:
  Checker(const yaml::Stream& stream, const yaml::Node& root, AmConfig& c)
      : stream_(stream), root_(root), c_(c), minor_(judged_minor(c.version)) {
    const yaml::Node* g = root.get("global");
    global_ = g != nullptr && g->is_mapping() ? g : nullptr;
  }

  void run() {
    global_exclusive();
    receivers();
    routes();
    inhibit_rules();
  }

 private:
  void error(const yaml::Node& at, std::string message) {
    c_.errors.push_back(ParseIssue{.message = std::move(message), .location = stream_.location(at), .related = {}});
  }
  [[nodiscard]] bool global_has(const char* key) const { return global_ != nullptr && is_text(global_->get(key)); }
  static bool has(const yaml::Node& n, const char* key) { return is_text(n.get(key)); }

  void global_exclusive() {
    if (global_ == nullptr) return;
    static constexpr std::array<std::pair<const char*, const char*>, 4> pairs = {{
        {"slack_api_url", "slack_api_url_file"},
        {"opsgenie_api_key", "opsgenie_api_key_file"},
        {"victorops_api_key", "victorops_api_key_file"},
        {"smtp_auth_password", "smtp_auth_password_file"},
    }};
    for (const auto& [a, b] : pairs) {
      if (global_has(a) && global_has(b)) {
        error(*global_, std::string("at most one of ") + a + " & " + b + " must be configured");
      }
    }
  }

  void receivers() {
    const yaml::Node* list = root_.get("receivers");
    if (list == nullptr || !list->is_sequence()) return;
    std::set<std::string> seen;
    for (const yaml::Node* r : list->items) {
      if (!r->is_mapping()) continue;
      const yaml::Node* name = r->get("name");
      if (!is_text(name)) {
        error(*r, "missing name in receiver");
        continue;
      }
      if (!seen.insert(name->value).second)
        error(*name, "notification config name \"" + name->value + "\" is not unique");
      for (const yaml::Pair& p : r->pairs) {
        if (!p.value->is_sequence()) continue;
        for (const yaml::Node* item : p.value->items) {
          if (item->is_mapping()) integration(p.key->value, *item);
        }
      }
    }
  }

  void exclusive(const yaml::Node& n, const char* a, const char* b) {
    if (has(n, a) && has(n, b)) error(n, std::string("at most one of ") + a + " & " + b + " must be configured");
  }

  void integration(const std::string& type, const yaml::Node& n) {
    if (type == "email_configs") {
      if (!has(n, "to")) error(n, "missing to address in email config");
      if (!has(n, "smarthost") && !global_has("smtp_smarthost")) error(n, "no global SMTP smarthost set");
      if (!has(n, "from") && !global_has("smtp_from")) error(n, "no global SMTP from set");
    } else if (type == "slack_configs") {
      slack(n);
    } else if (type == "webhook_configs") {
      const bool file = minor_ >= 26 && has(n, "url_file");
      if (!has(n, "url") && !file)
        error(n, minor_ >= 26 ? "one of url or url_file must be configured" : "missing URL in webhook config");
      exclusive(n, "url", "url_file");
    } else if (type == "pagerduty_configs") {
      if (!has(n, "routing_key") && !has(n, "service_key") && !has(n, "routing_key_file") &&
          !has(n, "service_key_file")) {
        error(n, "missing service or routing key in PagerDuty config");
      }
      exclusive(n, "routing_key", "routing_key_file");
      exclusive(n, "service_key", "service_key_file");
    } else if (type == "opsgenie_configs") {
      exclusive(n, "api_key", "api_key_file");
      if (!has(n, "api_key") && !has(n, "api_key_file") && !global_has("opsgenie_api_key") &&
          !global_has("opsgenie_api_key_file")) {
        error(n, "no global OpsGenie API Key set either inline or in a file");
      }
    } else if (type == "wechat_configs") {
      if (!has(n, "api_secret") && !global_has("wechat_api_secret") &&
          !(minor_ >= 31 && global_has("wechat_api_secret_file"))) {
        error(n, "no global Wechat ApiSecret set");
      }
      if (!has(n, "corp_id") && !global_has("wechat_api_corp_id")) error(n, "no global Wechat CorpID set");
      if (const yaml::Node* t = n.get("message_type"); is_text(t) && t->value != "text" && t->value != "markdown") {
        error(*t, "weChat message type \"" + t->value + "\" does not match valid options text|markdown");
      }
    } else if (type == "victorops_configs") {
      if (!has(n, "routing_key")) error(n, "missing Routing key in VictorOps config");
      exclusive(n, "api_key", "api_key_file");
      if (!has(n, "api_key") && !has(n, "api_key_file") && !global_has("victorops_api_key") &&
          !global_has("victorops_api_key_file")) {
        error(n, "no global VictorOps API Key set");
      }
    } else if (type == "pushover_configs") {
      if (!has(n, "user_key") && !(minor_ >= 26 && has(n, "user_key_file")))
        error(n, "missing user key in Pushover config");
      if (!has(n, "token") && !(minor_ >= 26 && has(n, "token_file"))) error(n, "missing token in Pushover config");
    } else if (type == "sns_configs") {
      if (!has(n, "target_arn") && !has(n, "topic_arn") && !has(n, "phone_number")) {
        error(n, "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
      }
    } else if (type == "telegram_configs") {
      telegram(n);
    } else if (type == "webex_configs") {
      if (!has(n, "room_id")) error(n, "missing room_id on webex_config");
      const yaml::Node* http = n.get("http_config");
      if (http == nullptr || !http->is_mapping() || http->get("authorization") == nullptr) {
        error(n, "missing webex_configs.http_config.authorization");
      }
    } else if (type == "discord_configs") {
      if (!has(n, "webhook_url") && !(minor_ >= 27 && has(n, "webhook_url_file")))
        error(n, "no discord webhook URL provided");
    } else if (type == "msteams_configs" || type == "msteamsv2_configs") {
      // Alertmanager 0.26 and 0.28 (their first releases) refuse an item without either field.
      if (minor_ >= (type == "msteams_configs" ? 26 : 28) && !has(n, "webhook_url") && !has(n, "webhook_url_file")) {
        error(n, "no " + type.substr(0, type.size() - 8) + " webhook URL or URLFile provided");
      }
    } else if (type == "jira_configs") {
      if (minor_ >= 28 && !has(n, "api_url") && !global_has("jira_api_url")) error(n, "no global Jira Cloud URL set");
    } else if (type == "rocketchat_configs") {
      rocketchat(n);
    } else if (type == "mattermost_configs") {
      if (minor_ >= 32 && !has(n, "webhook_url") && !has(n, "webhook_url_file") &&
          !global_has("mattermost_webhook_url") && !global_has("mattermost_webhook_url_file")) {
        error(n, "missing webhook_url or webhook_url_file on mattermost_config");
      }
    }
  }

  // Both credentials of Rocket.Chat, inline, in a file, or from the global section (0.28).
  void rocketchat(const yaml::Node& n) {
    if (minor_ < 28) return;
    if (!has(n, "token_id") && !has(n, "token_id_file") && !global_has("rocketchat_token_id") &&
        !global_has("rocketchat_token_id_file")) {
      error(n, "no global Rocketchat TokenID set either inline or in a file");
    }
    if (!has(n, "token") && !has(n, "token_file") && !global_has("rocketchat_token") &&
        !global_has("rocketchat_token_file")) {
      error(n, "no global Rocketchat Token set either inline or in a file");
    }
  }

  void slack(const yaml::Node& n) {
    exclusive(n, "api_url", "api_url_file");
    // `api_url: ""` (or the global `slack_api_url: ""`) is already refused as a URL (unsupported
    // scheme ""): the same line is not reported a second time as missing, which Alertmanager would
    // never get to say (rw119 ContractDrift).
    const yaml::Node* own = n.get("api_url");
    const bool local = has(n, "api_url") || has(n, "api_url_file") || (minor_ >= 30 && has(n, "app_token")) ||
                       (own != nullptr && own->is_scalar() && !own->is_null());
    const yaml::Node* written = global_ != nullptr ? global_->get("slack_api_url") : nullptr;
    const bool global = global_has("slack_api_url") || global_has("slack_api_url_file") ||
                        (written != nullptr && written->is_scalar() && !written->is_null()) ||
                        (minor_ >= 30 && global_has("slack_app_token"));
    if (!local && !global) error(n, "no global Slack API URL set either inline or in a file");
    if (const yaml::Node* fields = n.get("fields"); fields != nullptr && fields->is_sequence()) {
      for (const yaml::Node* f : fields->items) {
        if (!f->is_mapping()) continue;
        if (!has(*f, "title")) error(*f, "missing title in Slack field configuration");
        if (!has(*f, "value")) error(*f, "missing value in Slack field configuration");
      }
    }
    if (const yaml::Node* actions = n.get("actions"); actions != nullptr && actions->is_sequence()) {
      for (const yaml::Node* a : actions->items) {
        if (!a->is_mapping()) continue;
        if (!has(*a, "type")) error(*a, "missing type in Slack action configuration");
        if (!has(*a, "text")) error(*a, "missing text in Slack action configuration");
        if (!has(*a, "name") && !has(*a, "url")) error(*a, "missing name or url in Slack action configuration");
      }
    }
  }

  void telegram(const yaml::Node& n) {
    const bool file = minor_ >= 26 && has(n, "bot_token_file");
    const bool global = minor_ >= 31 && (global_has("telegram_bot_token") || global_has("telegram_bot_token_file"));
    if (!has(n, "bot_token") && !file && !global) error(n, "missing bot_token on telegram_config");
    if (minor_ >= 26) exclusive(n, "bot_token", "bot_token_file");
    const yaml::Node* chat = n.get("chat_id");
    if (chat == nullptr || !chat->is_scalar() || chat->is_null() || chat->value == "0") {
      error(n, "missing chat_id on telegram_config");
    }
    if (const yaml::Node* m = n.get("parse_mode"); m != nullptr && m->is_scalar() && !m->is_null()) {
      if (!m->value.empty() && m->value != "Markdown" && m->value != "MarkdownV2" && m->value != "HTML") {
        error(*m, "unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string");
      }
    }
  }

  std::set<std::string> receiver_names() const {
    std::set<std::string> out;
    for (const AmReceiver& r : c_.receivers) out.insert(r.name.value);
    return out;
  }

  std::set<std::string> time_interval_names() {
    std::set<std::string> names;
    for (const char* key : {"mute_time_intervals", "time_intervals"}) {
      const yaml::Node* list = root_.get(key);
      if (list == nullptr || !list->is_sequence()) continue;
      for (const yaml::Node* ti : list->items) {
        if (!ti->is_mapping()) continue;
        const yaml::Node* name = ti->get("name");
        if (!is_text(name)) {
          error(*ti, std::string("missing name in ") + (key[0] == 'm' ? "mute time interval" : "time interval"));
          continue;
        }
        if (!names.insert(name->value).second) {
          error(*name, std::string(key[0] == 'm' ? "mute time interval \"" : "time interval \"") + name->value +
                           "\" is not unique");
        }
      }
    }
    return names;
  }

  void routes() {
    const yaml::Node* r = root_.get("route");
    if (r == nullptr || r->is_null()) {
      // A misspelt `routes:` is reported as an unknown field with "did you mean route": the same cause.
      const bool misspelt = std::any_of(root_.pairs.begin(), root_.pairs.end(), [](const yaml::Pair& p) {
        return p.key != nullptr && p.key->value != "route" && edit_distance(p.key->value, "route") <= 2;
      });
      if (!misspelt) error(root_, "no route provided in config");
      return;
    }
    if (!r->is_mapping()) return;
    if (!is_text(r->get("receiver"))) error(*r, "root route must specify a default receiver");
    for (const char* key : {"match", "match_re", "matchers"}) {
      const yaml::Node* m = r->get(key);
      if (m != nullptr && (m->is_mapping() ? !m->pairs.empty() : m->is_sequence() && !m->items.empty())) {
        error(*m, "root route must not have any matchers");
      }
    }
    for (const char* key : {"mute_time_intervals", "active_time_intervals"}) {
      const yaml::Node* m = r->get(key);
      if (m != nullptr && m->is_sequence() && !m->items.empty()) {
        error(*m,
              std::string("root route must not have any ") + (key[0] == 'm' ? "mute" : "active") + " time intervals");
      }
    }
    static const std::set<std::string> yes = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"};
    if (const yaml::Node* c = r->get("continue"); c != nullptr && c->is_scalar() && yes.count(c->value) > 0) {
      error(*c, "cannot have continue in root route");
    }
    const auto receivers = receiver_names();
    const auto intervals = time_interval_names();
    route(*r, receivers, intervals, 0);
  }

  void route(const yaml::Node& r, const std::set<std::string>& receivers, const std::set<std::string>& intervals,
             int depth) {
    if (!r.is_mapping() || depth > 256) return;
    if (const yaml::Node* rc = r.get("receiver"); is_text(rc) && receivers.count(rc->value) == 0) {
      error(*rc, "undefined receiver \"" + rc->value + "\" used in route");
    }
    if (const yaml::Node* m = r.get("match"); m != nullptr && m->is_mapping()) {
      for (const yaml::Pair& p : m->pairs) {
        if (!valid_label_name(p.key->value)) error(*p.key, "invalid label name \"" + p.key->value + "\"");
      }
    }
    group_by(r);
    for (const char* key : {"group_interval", "repeat_interval"}) {
      const yaml::Node* d = r.get(key);
      std::string err;
      if (is_text(d) && prometheus::parse_duration(d->value, &err) == 0)
        error(*d, std::string(key) + " cannot be zero");
    }
    for (const char* key : {"mute_time_intervals", "active_time_intervals"}) {
      const yaml::Node* list = r.get(key);
      if (list == nullptr || !list->is_sequence()) continue;
      for (const yaml::Node* ti : list->items) {
        if (ti->is_scalar() && intervals.count(ti->value) == 0) {
          error(*ti, "undefined time interval \"" + ti->value + "\" used in route");
        }
      }
    }
    if (const yaml::Node* rs = r.get("routes"); rs != nullptr && rs->is_sequence()) {
      for (const yaml::Node* child : rs->items) route(*child, receivers, intervals, depth + 1);
    }
  }

  void group_by(const yaml::Node& r) {
    const yaml::Node* g = r.get("group_by");
    if (g == nullptr || !g->is_sequence()) return;
    bool all = false;
    std::set<std::string> seen;
    for (const yaml::Node* item : g->items) {
      if (!item->is_scalar()) continue;
      if (item->value == "...") {
        all = true;
        continue;
      }
      if (!valid_label_name(item->value)) {
        error(*item, "invalid label name \"" + item->value + "\" in group_by list");
        continue;
      }
      if (!seen.insert(item->value).second) error(*item, "duplicated label \"" + item->value + "\" in group_by");
    }
    if (all && !seen.empty()) {
      error(*g, "cannot have wildcard group_by (`...`) and other other labels at the same time");
    }
  }

  void inhibit_rules() {
    const yaml::Node* list = root_.get("inhibit_rules");
    if (list == nullptr || !list->is_sequence()) return;
    for (const yaml::Node* rule : list->items) {
      if (!rule->is_mapping()) continue;
      for (const char* key : {"source_match", "target_match"}) {
        const yaml::Node* m = rule->get(key);
        if (m == nullptr || !m->is_mapping()) continue;
        for (const yaml::Pair& p : m->pairs) {
          if (!valid_label_name(p.key->value)) error(*p.key, "invalid label name \"" + p.key->value + "\"");
        }
      }
    }
  }

  const yaml::Stream& stream_;
  const yaml::Node& root_;
  AmConfig& c_;
  int minor_;
  const yaml::Node* global_ = nullptr;
};

}  // namespace

std::optional<std::string> check_url(std::string_view s) {
  for (char ch : s) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
      return std::string("net/url: invalid control character in URL");
  }
  std::string scheme;
  size_t i = 0;
  if (!s.empty() && std::isalpha(static_cast<unsigned char>(s[0])) != 0) {
    while (i < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[i])) != 0 || s[i] == '+' || s[i] == '-' || s[i] == '.'))
      ++i;
    if (i < s.size() && s[i] == ':') {
      scheme = std::string(s.substr(0, i));
      ++i;
    } else {
      i = 0;
    }
  }
  for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (scheme != "http" && scheme != "https") return "unsupported scheme \"" + scheme + "\" for URL";
  std::string_view rest = s.substr(i);
  if (rest.substr(0, 2) != "//") return std::string("missing host for URL");
  rest.remove_prefix(2);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (host.empty()) return std::string("missing host for URL");
  const size_t bracket = host.rfind(']');
  const size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    const std::string_view port = host.substr(colon + 1);
    if (!std::all_of(port.begin(), port.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return "invalid port \"" + std::string(host.substr(colon)) + "\" after host";
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_hostport(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const std::string quoted = "\"" + std::string(s) + "\"";
  std::string_view port;
  if (s.front() == '[') {
    const size_t end = s.find(']');
    if (end == std::string_view::npos) return "address " + std::string(s) + ": missing ']' in address";
    if (end + 1 >= s.size() || s[end + 1] != ':') return "address " + std::string(s) + ": missing port in address";
    port = s.substr(end + 2);
  } else {
    const size_t colon = s.rfind(':');
    if (colon == std::string_view::npos) return "address " + std::string(s) + ": missing port in address";
    if (s.find(':') != colon) return "address " + std::string(s) + ": too many colons in address";
    port = s.substr(colon + 1);
  }
  if (port.empty()) return "address " + quoted + ": port cannot be empty";
  return std::nullopt;
}

void validate_config(const yaml::Stream& stream, const yaml::Node& root, AmConfig& config) {
  Checker(stream, root, config).run();
}

}  // namespace stacklint::alertmanager
