#include "rules/security/secrets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "linter/formats/compose/image.h"
#include "linter/formats/compose/syntax.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/address.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/redis_config.h"
#include "linter/source/text.h"

namespace stacklint::rules {

namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return u;
}

bool binds_everywhere(const std::vector<std::string>& addrs) {
  if (addrs.empty()) return true;  // `bind ""`: all interfaces
  for (std::string a : addrs) {
    if (!a.empty() && a[0] == '-') a.erase(0, 1);
    if (a == "*" || a == "0.0.0.0" || a == "::" || a == "::*") return true;
  }
  return false;
}

}  // namespace

void report_exposure(const Stack& stack, Reporter& out, std::string message, Location location,
                     std::vector<Related> related) {
  if (!stack.purpose.stated.empty()) {
    out.report(std::move(message), location, std::move(related));
    return;
  }
  out.report_demoted(Severity::note, std::move(message) + kNotStatedDeployed, location, std::move(related));
}

bool reports_deployment_exposure(const Stack& stack) {
  return !stack.purpose.stated.empty();
}

bool published_beyond_loopback(const Service& s) {
  if (s.network_mode() && s.network_mode()->value == "host") {
    // On the host's network a Grafana told to listen on loopback only (GF_SERVER_HTTP_ADDR=127.0.0.1,
    // rw73 agenticverz) is reached from this host alone.
    const auto addr = s.environment.find("GF_SERVER_HTTP_ADDR");
    return s.role != Role::grafana || addr == s.environment.end() || !loopback_address(addr->second.value);
  }
  return std::any_of(s.ports.begin(), s.ports.end(), [](const PortMapping& p) { return !loopback_address(p.host_ip); });
}

std::vector<Related> published_port_notes(const Service& s) {
  std::vector<Related> related;
  for (const PortMapping& p : s.ports) {
    related.push_back(
        Related{.message = "port published on " + (p.host_ip.empty() ? std::string("all interfaces") : p.host_ip),
                .location = p.location});
  }
  return related;
}

bool internal_server(const Stack& stack, const Service& s) {
  if (s.role != Role::postgres && s.role != Role::redis) return false;
  if (published_beyond_loopback(s)) return false;
  if (s.role == Role::redis) return true;
  return std::none_of(stack.services.begin(), stack.services.end(), [](const Service& other) {
    return other.enabled && other.role == Role::pgbouncer && published_beyond_loopback(other);
  });
}

bool internal_database_password(const Stack& stack, const Service& s, std::string_view name) {
  if (s.role == Role::postgres || s.role == Role::redis) {
    // Bitnami's valkey image takes its password as VALKEY_PASSWORD (rw61 thingsboard's valkey-cluster).
    return (is_server_password_name(name) || name == "requirepass" || name == "VALKEY_PASSWORD") &&
           internal_server(stack, s);
  }
  if (s.role != Role::app || !s.image || !is_password_name(name) || published_beyond_loopback(s)) return false;
  static constexpr std::array<std::string_view, 10> kDatabases = {
      "postgres", "postgresql", "postgis", "mysql", "mariadb", "mongo", "mongodb", "redis", "valkey", "keydb"};
  const std::string repository = compose::analyze_image(s.image->value).repository;
  const std::string_view last = std::string_view(repository).substr(repository.rfind('/') + 1);
  size_t start = 0;
  while (start <= last.size()) {
    const size_t end = std::min(last.find_first_of("-_.", start), last.size());
    if (std::find(kDatabases.begin(), kDatabases.end(), last.substr(start, end - start)) != kDatabases.end()) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

const Located<std::string>* postgres_trusts_anyone(const Service& s) {
  if (!s.enabled || s.role != Role::postgres || !published_beyond_loopback(s)) return nullptr;
  const auto method = s.environment.find("POSTGRES_HOST_AUTH_METHOD");
  if (method == s.environment.end() || method->second.value != "trust") return nullptr;
  return &method->second;
}

std::string pgbouncer_trusts_anyone(const Service& s) {
  if (!s.enabled || s.role != Role::pgbouncer || !s.pgbouncer || !s.pgbouncer->errors.empty()) return {};
  if (!published_beyond_loopback(s)) return {};
  std::string auth = s.pgbouncer->text("auth_type");
  // `any` logs clients in as a database's forced user (`user=` of its entry): one without refuses
  // every login ("auth_type=any requires forced user", rw214 university-erp), letting nobody in.
  if (auth == "any") {
    const auto& dbs = s.pgbouncer->databases;
    if (std::none_of(dbs.begin(), dbs.end(), [](const PgBouncerDatabase& d) { return !d.user.empty(); })) return {};
  }
  return auth == "any" || auth == "trust" ? auth : std::string();
}

std::vector<Related> kept_ports_notes(const Stack& stack, const Service& s) {
  std::vector<Related> out;
  if (!stack.compose) return out;
  for (const KeptByEmptyList& k : stack.compose->kept_by_empty_list) {
    if (k.service != s.name || k.field != "ports") continue;
    out.push_back(Related{.message = "`ports: []` here removes none of the ports of the earlier file: compose appends "
                                     "lists; `ports: !reset []` removes them",
                          .location = k.location});
  }
  return out;
}

OpenRedis redis_open_to_anyone(const Service& s) {
  OpenRedis out;
  if (!s.enabled || s.role != Role::redis || !published_beyond_loopback(s)) return out;
  if (s.redis) {
    const RedisConfig& c = *s.redis;
    if (!c.starts) return out;  // no server runs (its config file cannot be opened)
    // Nor with an error on its command line (`--requirepass` with no value): redis exits, reported
    // by redis/syntax (rw32 OSM-Notes).
    if (!c.command_line_errors.empty()) return out;
    if (c.users_in_acl_file()) return out;  // its users and their passwords are in a file not read
    out.open = !c.has_password() && !c.protected_mode() && binds_everywhere(c.bind_addresses()) && c.port() != 0;
    return out;
  }
  const auto flag = s.environment.find("ALLOW_EMPTY_PASSWORD");
  const auto pass = s.environment.find("REDIS_PASSWORD");
  const knowledge::ImageFact* fact = compose::image_fact(s);
  if (fact == nullptr || fact->family != knowledge::ImageFamily::bitnami || flag == s.environment.end()) return out;
  const std::string v = upper(flag->second.value);
  if ((v == "YES" || v == "TRUE" || v == "1") && (pass == s.environment.end() || pass->second.value.empty())) {
    out.open = true;
    out.empty_password_flag = flag->second.location.valid() ? flag->second.location : s.location;
  }
  return out;
}

namespace {

// A name with one short number inside (`s3desk`, `web3app`): a product's word, not a key's.
bool one_short_number(std::string_view word) {
  size_t runs = 0;
  size_t longest = 0;
  for (size_t i = 0; i < word.size();) {
    if (std::isdigit(static_cast<unsigned char>(word[i])) == 0) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < word.size() && std::isdigit(static_cast<unsigned char>(word[e])) != 0) ++e;
    ++runs;
    longest = std::max(longest, e - i);
    i = e;
  }
  return runs == 1 && longest <= 2;
}

// Hex digits counted up in order (`0123456789abcdef012345`): a pad a person typed to reach a
// length, not entropy (rw81 s3desk's `...-demo-local-only-token-0123456789abcdef012345`).
bool counts_up(std::string_view word) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  if (word.size() < 8) return false;
  size_t at = kDigits.find(static_cast<char>(std::tolower(static_cast<unsigned char>(word[0]))));
  if (at == std::string_view::npos) return false;
  for (const char c : word) {
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(c))) != kDigits[at]) return false;
    at = (at + 1) % kDigits.size();
  }
  return true;
}

}  // namespace

bool third_party_credential(std::string_view name, std::string_view value) {
  static constexpr std::array<std::string_view, 22> kPrefixes = {
      "sk-",    "sk_live_", "sk_test_", "rk_live_", "AKIA",  "ASIA", "ghp_", "gho_", "ghs_", "ghu_",    "github_pat_",
      "glpat-", "xoxb-",    "xoxp-",    "xoxa-",    "xapp-", "AIza", "SG.",  "hf_",  "npm_", "dop_v1_", "shpat_"};
  for (const std::string_view p : kPrefixes) {
    if (value.starts_with(p)) return true;
  }
  static constexpr std::array<std::string_view, 5> kWebhooks = {"hooks.slack.com/", "discord.com/api/webhooks/",
                                                                "discordapp.com/api/webhooks/", "webhook.office.com/",
                                                                "api.telegram.org/bot"};
  for (const std::string_view w : kWebhooks) {
    if (value.find(w) != std::string_view::npos) return true;
  }
  // And the accounts a stack holds at services of any provider: a mailbox (SMTP_PASSWORD,
  // EMAIL_HOST_PASSWORD), a payment or SMS gateway (PAYMENT_API_TOKEN).
  static constexpr std::array<std::string_view, 37> kProviders = {
      "openai",    "anthropic",  "claude",  "gemini",   "mistral",   "groq",     "cohere",      "stripe",
      "paypal",    "braintree",  "plaid",   "aws",      "azure",     "gcp",      "google",      "github",
      "gitlab",    "slack",      "discord", "telegram", "twilio",    "sendgrid", "mailgun",     "postmark",
      "mailchimp", "cloudflare", "datadog", "sentry",   "pagerduty", "opsgenie", "huggingface", "mapbox",
      "smtp",      "mail",       "email",   "payment",  "sms"};
  const std::vector<std::string> words = lower_words(name, "_-.");
  return std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return std::find(kProviders.begin(), kProviders.end(), w) != kProviders.end();
  });
}

bool looks_generated(std::string_view value) {
  if (value.size() < 20) return false;
  bool lower = false;
  bool upper = false;
  bool digit = false;
  bool other = false;
  std::set<char> distinct;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    lower = lower || std::islower(u) != 0;
    upper = upper || std::isupper(u) != 0;
    digit = digit || std::isdigit(u) != 0;
    other = other || std::isalnum(u) == 0;
    distinct.insert(c);
  }
  // Lower-case words, each perhaps ending or starting with a number, joined by symbols
  // (`devrustfs-service123`, `my-db-password-2024`, `rig-admin-pw-12chars`,
  // `app_test_key_for_e2e_only`): chosen by a person, however long. A short word may mix them more
  // (`e2e`, `k8s`). A word may start with a capital (rw49 safe-infrastructure's
  // `Very-secure-secret-string`).
  // Or is written in capitals (rw73: `admin-super-secret-jwt-key-change-in-production-MUST-BE-DIFFERENT`).
  bool capitals_start_words = true;
  for (size_t i = 0; i < value.size(); ++i) {
    if (std::isupper(static_cast<unsigned char>(value[i])) == 0) continue;
    const bool then_lower = i + 1 < value.size() && std::islower(static_cast<unsigned char>(value[i + 1])) != 0;
    // Or a word of a camel-cased phrase (`Replica@SecurePass2025!`, rw242 Distributed-database-system).
    const bool starts = i == 0 || std::isalnum(static_cast<unsigned char>(value[i - 1])) == 0 ||
                        (then_lower && std::islower(static_cast<unsigned char>(value[i - 1])) != 0);
    size_t b = i;
    while (b > 0 && std::isalnum(static_cast<unsigned char>(value[b - 1])) != 0) --b;
    size_t e = i;
    while (e < value.size() && std::isalnum(static_cast<unsigned char>(value[e])) != 0) ++e;
    bool capitals = e - b >= 2;
    for (size_t k = b; k < e && capitals; ++k) capitals = std::islower(static_cast<unsigned char>(value[k])) == 0;
    capitals_start_words = capitals_start_words && ((starts && then_lower) || capitals);
  }
  if (capitals_start_words && other) {
    bool phrase = true;
    size_t i = 0;
    while (i < value.size() && phrase) {
      size_t end = i;
      int changes = 0;  // between letters and digits within the word
      while (end < value.size() && std::isalnum(static_cast<unsigned char>(value[end])) != 0) {
        if (end > i && (std::isdigit(static_cast<unsigned char>(value[end])) != 0) !=
                           (std::isdigit(static_cast<unsigned char>(value[end - 1])) != 0)) {
          ++changes;
        }
        ++end;
      }
      phrase = changes <= 1 || end - i <= 3 || one_short_number(value.substr(i, end - i)) ||
               counts_up(value.substr(i, end - i));
      i = end;
      while (i < value.size() && std::isalnum(static_cast<unsigned char>(value[i])) == 0) ++i;
    }
    if (phrase) return false;
  }
  const int classes = int{lower} + int{upper} + int{digit} + int{other};
  // Hex keys (one case and digits) count when long; a phrase of words does not.
  const bool hex = !other && !(lower && upper) && digit && value.size() >= 32;
  return (classes >= 3 || hex) && distinct.size() * 3 >= std::min<size_t>(value.size(), 48);
}

}  // namespace stacklint::rules
