#include "linter/model/secrets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "linter/model/am_config.h"
#include "linter/model/pg_config.h"
#include "linter/model/redis_config.h"
#include "linter/source/escape.h"
#include "linter/source/text.h"
#include "linter/yaml/yaml.h"

namespace stacklint {

namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return u;
}

struct KnownDefault {
  std::string_view name;  // environment variable ("" = any secret name)
  std::string_view value;
  std::string_view what;
};

constexpr std::array kDefaults = {
    KnownDefault{"GF_SECURITY_ADMIN_PASSWORD", "admin", "Grafana's default admin password"},
    KnownDefault{"GF_SECURITY_ADMIN_USER", "", ""},
    KnownDefault{"POSTGRES_PASSWORD", "postgres", "the PostgreSQL image's documented example password"},
    KnownDefault{"POSTGRES_PASSWORD", "example", "the PostgreSQL image's documented example password"},
    KnownDefault{"MYSQL_ROOT_PASSWORD", "root", "a well-known default MySQL root password"},
    KnownDefault{"MYSQL_ROOT_PASSWORD", "example", "the MySQL image's documented example password"},
    KnownDefault{"RABBITMQ_DEFAULT_PASS", "guest", "RabbitMQ's default password"},
    KnownDefault{"MINIO_ROOT_PASSWORD", "minioadmin", "MinIO's default root password"},
    KnownDefault{"PGADMIN_DEFAULT_PASSWORD", "admin", "a well-known default pgAdmin password"},
    KnownDefault{"REDIS_PASSWORD", "foobared", "the example password of redis.conf"},
    KnownDefault{"requirepass", "foobared", "the example password of redis.conf"},
    KnownDefault{"", "password", "a well-known default password"},
    KnownDefault{"", "changeme", "a well-known default password"},
    KnownDefault{"", "admin", "a well-known default password"},
    KnownDefault{"", "secret", "a well-known default password"},
    KnownDefault{"", "123456", "a well-known default password"},
};

// Values at least this long are replaced in every message, not only near where they are written:
// shorter ones could be ordinary words of a message.
constexpr size_t kSecretAnywhere = 6;
constexpr size_t kEnvironmentAnywhere = 8;
constexpr size_t kSecretEnvironmentAnywhere = 4;

// The password of a libpq conninfo (`host=db password=x`): [first, second).
std::optional<std::pair<size_t, size_t>> conninfo_password(std::string_view value) {
  const std::string u = upper(value);
  for (size_t at = u.find("PASSWORD"); at != std::string::npos; at = u.find("PASSWORD", at + 1)) {
    if (at > 0 && u[at - 1] != ' ' && u[at - 1] != '\t') continue;
    size_t i = at + 8;
    while (i < u.size() && (u[i] == ' ' || u[i] == '\t')) ++i;
    if (i >= u.size() || u[i] != '=') continue;
    ++i;
    while (i < u.size() && (u[i] == ' ' || u[i] == '\t')) ++i;
    size_t end = i;
    if (i < u.size() && u[i] == '\'') {
      end = u.find('\'', i + 1);
      end = end == std::string::npos ? u.size() : end + 1;
    } else {
      while (end < u.size() && u[end] != ' ' && u[end] != '\t') ++end;
    }
    if (end > i) return std::make_pair(i, end);
  }
  return std::nullopt;
}

void add_span(StackFile& file, uint32_t begin, uint32_t end) {
  if (end > begin) file.secrets.push_back(SecretSpan{.begin = begin, .end = end});
}

// `KEY=value` lines of an env file whose key is a secret name. The values of a template the
// repository documents its variables with (`.env.example`) are examples: masked near their line only.
void scan_env_file(Stack& stack, StackFile& file) {
  const bool example =
      stack.compose && std::any_of(stack.compose->template_variables.begin(), stack.compose->template_variables.end(),
                                   [&](const auto& t) { return t.second.file == file.path; });
  const std::string& text = file.source->text();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line = std::string_view(text).substr(start, end - start);
    size_t b = line.find_first_not_of(" \t");
    if (b != std::string_view::npos && line.substr(b, 7) == "export ") b = line.find_first_not_of(" \t", b + 7);
    const size_t eq = line.find('=');
    if (b != std::string_view::npos && eq != std::string_view::npos && eq > b) {
      std::string_view key = line.substr(b, eq - b);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
      std::string_view value = line.substr(eq + 1);
      size_t vb = value.find_first_not_of(" \t");
      // An unquoted value ends at a comment (` # and change the values here`), as compose reads it.
      if (vb != std::string_view::npos && value[vb] != '"' && value[vb] != '\'') {
        for (size_t i = vb; i < value.size(); ++i) {
          if (value[i] == '#' && i > 0 && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
            value = value.substr(0, i);
            break;
          }
        }
      }
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
        value.remove_suffix(1);
      vb = value.find_first_not_of(" \t");
      if (vb != std::string_view::npos && !secret_ranges(key, value.substr(vb)).empty()) {
        const auto from = static_cast<uint32_t>(start + eq + 1 + vb);
        add_secret(stack, file.source->span(from, static_cast<uint32_t>(start + eq + 1 + value.size())),
                   value.substr(vb), example);
      }
    }
    start = end + 1;
  }
}

// requirepass / masterauth lines of a redis file (also the ones redis would refuse), and the
// `>password` rules of ACL users.
void scan_redis_file(Stack& stack, StackFile& file) {
  const std::string& text = file.source->text();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = std::string_view(text).substr(start, end - start);
    const size_t b = line.find_first_not_of(" \t");
    const size_t name_end = b == std::string_view::npos ? b : line.find_first_of(" \t", b);
    if (name_end != std::string_view::npos) {
      const std::string name = upper(line.substr(b, name_end - b));
      std::string_view rest = line.substr(name_end);
      while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r')) rest.remove_suffix(1);
      const size_t vb = rest.find_first_not_of(" \t");
      const auto at = [&](size_t from, size_t to) {
        return file.source->span(static_cast<uint32_t>(start + name_end + from),
                                 static_cast<uint32_t>(start + name_end + to));
      };
      if (vb != std::string_view::npos && (name == "REQUIREPASS" || name == "MASTERAUTH")) {
        if (!secret_ranges(name, rest.substr(vb)).empty()) add_secret(stack, at(vb, rest.size()), rest.substr(vb));
      } else if (vb != std::string_view::npos && name == "USER") {
        for (size_t i = rest.find('>'); i != std::string_view::npos; i = rest.find('>', i + 1)) {
          if (i == 0 || (rest[i - 1] != ' ' && rest[i - 1] != '\t')) continue;
          const size_t e = std::min(rest.find_first_of(" \t", i), rest.size());
          add_secret(stack, at(i + 1, e), rest.substr(i + 1, e - i - 1));
        }
      }
    }
    start = end + 1;
  }
}

void add_setting_secrets(Stack& stack, std::string_view name, const Setting& s) {
  const auto add = [&](const SettingEntry& e) {
    for (const auto& [b, en] : secret_ranges(name, e.raw)) add_secret(stack, e.location, e.raw.substr(b, en - b));
  };
  add(s.current);
  for (const SettingEntry& e : s.overrides) add(e);
}

void add_redis_secrets(Stack& stack, const RedisConfig& cfg) {
  for (const auto& [name, s] : cfg.settings) add_setting_secrets(stack, name, s);
}

// No postgres parameter holds a password; a conninfo (primary_conninfo) may.
void add_postgres_secrets(Stack& stack, const PgConfig& cfg) {
  for (const auto& [name, s] : cfg.settings) add_setting_secrets(stack, "", s);
}

// The secret fields of an Alertmanager config (webhook and chat URLs, keys); a URL left as an
// example's placeholder, a value that asks to be replaced (`GET_THIS_AS_MENTIONED_IN_README`) and
// text a generator was meant to replace (`${HOOK_URL}`, `{{ .SlackWebhookURL }}`: rw92, rw95) are
// no secrets and stay visible.
void add_alertmanager_secrets(Stack& stack, const AmConfig& cfg) {
  const auto one_reference = [](std::string_view v) {
    // Only a name: `${HOOK_URL:-https://hooks.slack.com/...}` holds a secret as its default.
    return v.size() > 3 && v.starts_with("${") &&
           v.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", 2) == v.size() - 1 &&
           v.ends_with("}");
  };
  for (const AmSecret& s : cfg.secrets) {
    const std::string& v = s.value.value;
    if (!url_placeholder(v) && !is_placeholder_value(v) && !is_template_expression(v) && !one_reference(v)) {
      add_secret(stack, s.value.location, v);
    }
  }
}

// `name = value` lines of a pgbouncer ini and its includes: the password= of a [databases]
// connection string, and any setting with a secret name.
void scan_pgbouncer_file(Stack& stack, StackFile& file) {
  const std::string& text = file.source->text();
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = std::string_view(text).substr(start, end - start);
    const size_t b = line.find_first_not_of(" \t");
    const size_t eq = line.find('=');
    if (b != std::string_view::npos && eq != std::string_view::npos && b < eq && line[b] != ';' && line[b] != '#') {
      std::string_view key = line.substr(b, eq - b);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
      std::string_view value = line.substr(eq + 1);
      const size_t vb = std::min(value.find_first_not_of(" \t"), value.size());
      value = value.substr(vb);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
        value.remove_suffix(1);
      const size_t from = start + eq + 1 + vb;
      for (const auto& [sb, se] : secret_ranges(key, value)) {
        add_secret(stack, file.source->span(static_cast<uint32_t>(from + sb), static_cast<uint32_t>(from + se)),
                   value.substr(sb, se - sb));
      }
    }
    start = end + 1;
  }
}

bool overlaps(const Location& a, const Location& b) {
  if (a.file != b.file || !a.valid() || !b.valid()) return false;
  if (a.end_offset > a.offset && b.end_offset > b.offset) return a.offset < b.end_offset && b.offset < a.end_offset;
  const uint32_t a_end = std::max(a.end_line, a.line);
  const uint32_t b_end = std::max(b.end_line, b.line);
  return a.line <= b_end && b.line <= a_end;
}

}  // namespace

bool is_secret_name(std::string_view name) {
  const std::string u = upper(name);
  // `*_FILE` points at a Docker secret; `*_URL`, `*_URI` and `*_ENDPOINT` hold an address (its
  // userinfo password is found as a URL's).
  if (u.ends_with("_FILE") || u.ends_with("_URL") || u.ends_with("_URI") || u.ends_with("_ENDPOINT")) return false;
  if (u == "CREDENTIALS") return true;
  for (const std::string_view key : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY",
                                     "REQUIREPASS", "MASTERAUTH", "_PASS_", "_PWD_"}) {
    if (u.find(key) != std::string::npos) return true;
  }
  return u.ends_with("_PASS") || u.ends_with("_PWD") || u == "PASS" || u == "PGPASS";
}

bool is_password_name(std::string_view name) {
  const std::string u = upper(name);
  for (const std::string_view key : {"PASSWORD", "PASSWD", "REQUIREPASS", "MASTERAUTH", "_PASS_"}) {
    if (u.find(key) != std::string::npos) return true;
  }
  return u.ends_with("_PASS") || u.ends_with("_PWD") || u == "PASS";
}

namespace {

// A value made of words that describe what belongs there (`long-and-random-alphanumeric-string`,
// `ChooseYourOwnPasswordHere1234`, `insert_api_key_here`): three words or more, split at symbols,
// digits and case changes, one of which asks for the reader's own value.
bool describes_its_value(std::string_view value) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (std::isalpha(c) == 0) {
      flush();
      continue;
    }
    if (std::isupper(c) != 0 && i > 0 && std::islower(static_cast<unsigned char>(value[i - 1])) != 0) flush();
    word += static_cast<char>(std::tolower(c));
  }
  flush();
  if (words.size() < 3) return false;
  static constexpr std::array<std::string_view, 9> kAsks = {"your",  "choose",   "random",  "insert",     "here",
                                                            "enter", "generate", "example", "placeholder"};
  return std::any_of(words.begin(), words.end(),
                     [](const std::string& w) { return std::find(kAsks.begin(), kAsks.end(), w) != kAsks.end(); });
}

// The name of a template's blank: letters, digits, `_`, `-`, `.` and blanks, with a letter.
bool names_a_blank(std::string_view inner) {
  const bool name = std::all_of(inner.begin(), inner.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == ' ' || c == '.';
  });
  return name && std::any_of(inner.begin(), inner.end(),
                             [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

bool is_placeholder_value(std::string_view value) {
  // A mask of stars (`EMAIL_PASS=****`, rw19): the value left out on purpose.
  if (value.size() >= 3 && value.find_first_not_of('*') == std::string_view::npos) return true;
  // A name in brackets a template's generator or reader replaces (`masterauth "[REDIS_PASSWORD]"`
  // beside `replicaof [REDIS_MASTER_IP] 6379`, rw155 agl-hostman).
  if (value.size() >= 3 && value.size() <= 42 && value.front() == '[' && value.back() == ']' &&
      names_a_blank(value.substr(1, value.size() - 2))) {
    return true;
  }
  // A name in double braces an install script's template engine fills in (`{{HOST_IP}}`, `{{ host_ip }}`,
  // rw245 eemapi's install.sh). Not a Go template's field (`{{ .ChatWebhookURL }}`): Alertmanager
  // and Prometheus expand none in the fields they refuse it in, a mistake of their own.
  if (value.size() >= 5 && value.size() <= 60 && value.starts_with("{{") && value.ends_with("}}")) {
    const std::string_view inner = value.substr(2, value.size() - 4);
    if (trim_blanks(inner).find('.') == std::string_view::npos && names_a_blank(inner)) return true;
  }
  std::string letters;
  for (const char c : value) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) letters += static_cast<char>(std::tolower(c));
  }
  // One character repeated (xxxxxxxx-xxxx, 11111111-1111, SCWXXXXXXXXXXXXXXXXX): a mask, not a value.
  std::array<size_t, 256> counts{};
  size_t most = 0;
  for (const char c : letters) most = std::max(most, ++counts[static_cast<unsigned char>(c)]);
  const bool masked = letters.size() >= 3 && most * 4 >= letters.size() * 3;
  // `dummy-token`: a stub that keeps a program starting (rw154 onlinestore's OPENOBSERVE_TOKEN, "to
  // avoid startup error"), no secret.
  // `foobar...`: the placeholder of programmers' examples (rw73 opac_ssm's `foobarbaz1234` for a
  // `mailserver.foobar.scielo.org`).
  // An instruction in place of the value (`GET_THIS_AS_MENTIONED_IN_README`, rw95 agriiot): it points
  // the reader to the README.
  const bool instruction =
      letters.find("readme") != std::string::npos || letters.find("mentioned") != std::string::npos;
  // A documented example that says so at its end: AWS's `AKIAIOSFODNN7EXAMPLE` and
  // `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` (rw142 lakeFS), copied from its documentation.
  const bool example = letters.ends_with("example") || letters.ends_with("examplekey");
  // A last word that points at the spot: `YOUR_CHAT_ID_HERE`, `TOKEN_AQUI` (rw144, Spanish "here").
  std::string lower = ascii_lower(value);
  const bool here = lower.ends_with("_here") || lower.ends_with("-here") || lower.ends_with("_aqui") ||
                    lower.ends_with("-aqui") || lower.ends_with("_aquí");
  return masked || instruction || example || here || letters.rfind("change", 0) == 0 ||
         letters.rfind("replace", 0) == 0 || letters.rfind("your", 0) == 0 || letters.rfind("foobar", 0) == 0 ||
         letters.rfind("dummy", 0) == 0 || describes_its_value(value);
}

namespace {

// Whether a webhook or chat URL carries a credential: a userinfo password, or a path or query
// part that looks like a token (16 or more letters, digits, '-' or '_', with both letters and
// digits: Slack's and Discord's hook paths, a Teams GUID, `?token=...`). An internal endpoint
// such as http://alerta:8080/api/webhooks/prometheus is no secret, though Alertmanager masks it.
bool url_holds_token(std::string_view url) {
  if (!url_password(url).empty()) return true;
  const size_t scheme = url.find("://");
  const size_t path = url.find_first_of("/?#", scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return false;
  size_t run = 0;
  bool letter = false;
  bool digit = false;
  for (size_t i = path; i <= url.size(); ++i) {
    const char c = i < url.size() ? url[i] : '/';
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') {
      ++run;
      letter = letter || std::isalpha(static_cast<unsigned char>(c)) != 0;
      digit = digit || std::isdigit(static_cast<unsigned char>(c)) != 0;
      continue;
    }
    if (run >= 16 && letter && digit) return true;
    run = 0;
    letter = digit = false;
  }
  return false;
}

// A word of a name (between '_', or of a camelCase name) that makes its value a length, a count or a duration of the
// secret the name is about: ACCESS_TOKEN_LIFETIME=10, JWT_EXPIRATION_HOURS=24, SESSION_SECRET_TTL, PASSWORD_LENGTH,
// CERTS_SECRET_CHECK_INTERVAL=1h, CASSANDRA_NUM_TOKENS=4 (rw20), BACKGROUND_HEALTH_CHECK_MAX_TOKENS_REASONING=512 (an
// LLM's token budget, rw pool).
bool names_a_measure(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kWords = {
      "LENGTH",   "LIFETIME", "EXPIRY",    "EXPIRATION", "EXPIRES", "EXPIRE", "TTL",  "TIMEOUT",
      "DURATION", "INTERVAL", "THRESHOLD", "NUM",        "COUNT",   "MAX",    "MIN",  "LIMIT",
      "VALIDITY", "SECONDS",  "MINUTES",   "HOURS",      "DAYS",    "SECS",   "MINS", "MILLISECONDS"};
  // Words split at '_', '-', '.', ':' and where a lower-case letter meets an upper-case one
  // (`Recovery__TokenValidityMinutes`, an ASP.NET setting, rw105 microservices-base).
  std::string word;
  const auto measure = [&] {
    const bool hit = std::find(kWords.begin(), kWords.end(), word) != kWords.end();
    word.clear();
    return hit;
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool boundary = c == '_' || c == '-' || c == '.' || c == ':';
    if ((boundary || (std::isupper(c) != 0 && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1])) != 0)) &&
        measure()) {
      return true;
    }
    if (!boundary) word += static_cast<char>(std::toupper(c));
  }
  return measure();
}

}  // namespace

namespace {

// A `$(command ...)` in a value: a command word (lower-case letters, digits, '-', '_', '.', '/')
// then a blank or the closing ')'. Not `$(` inside a generated key (rw45 netbox-docker's
// SECRET_KEY='r(m)9nLGnz$(_q3N4z1k(EFs...').
bool runs_a_command(std::string_view value) {
  for (size_t at = value.find("$("); at != std::string_view::npos; at = value.find("$(", at + 2)) {
    size_t i = at + 2;
    while (i < value.size() && value[i] == ' ') ++i;
    const size_t word = i;
    while (i < value.size() && ((value[i] >= 'a' && value[i] <= 'z') || (value[i] >= '0' && value[i] <= '9') ||
                                value[i] == '-' || value[i] == '_' || value[i] == '.' || value[i] == '/')) {
      ++i;
    }
    if (i > word && i < value.size() && (value[i] == ' ' || value[i] == ')') &&
        value.find(')', i) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool is_template_expression(std::string_view value) {
  const size_t b = value.find_first_not_of(" \t\"'");
  const size_t e = value.find_last_not_of(" \t\r\"'");
  if (b == std::string_view::npos || e < b + 3) return false;
  const std::string_view v = value.substr(b, e - b + 1);
  if (!v.starts_with("{{") || !v.ends_with("}}") || v.find("}}") != v.size() - 2) return false;
  // No literal inside: `{{ vault_pw | default('hunter2') }}` holds a password as its default. The
  // name of a variable a lookup reads is none (`{{ env "ALERT_WEBHOOK_URL" }}`, rw181 secretaria).
  for (size_t q = v.find_first_of("\"'`"); q != std::string_view::npos; q = v.find_first_of("\"'`", q + 1)) {
    const size_t close = v.find(v[q], q + 1);
    if (close == std::string_view::npos) return false;
    const std::string_view inside = v.substr(q + 1, close - q - 1);
    const std::string_view before = v.substr(0, q);
    const size_t word = before.find_last_not_of(' ');
    // `env "X"`, `getenv "X"`, `.Env "X"`: a word ending in env just before the quote.
    const bool lookup = word != std::string_view::npos && ascii_lower(before.substr(0, word + 1)).ends_with("env");
    const bool variable = !inside.empty() && std::all_of(inside.begin(), inside.end(), [](char c) {
      return std::isupper(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0 ||
             c == '_';
    });
    if (!lookup || !variable) return false;
    q = close;
  }
  return true;
}

bool is_not_a_secret(std::string_view name, std::string_view value) {
  const std::string u = upper(name);
  // An id, a user, or the realm an htpasswd login names (REGISTRY_AUTH_HTPASSWD_REALM: a label the
  // server shows in its Basic-auth challenge).
  for (const std::string_view id :
       {"_KEY_ID", "_USER", "_USERNAME", "_USER_NAME", "_CLUSTER_TOKEN", "_ALGORITHM", "_REALM", "_METHOD"}) {
    if (u.ends_with(id)) return true;
  }
  // The public claims and settings of a token, not the token (BACKEND_TOKEN_ISSUER=auth-hub,
  // REGISTRY_AUTH_TOKEN_SERVICE=container_registry: the service the token is issued for, rw46),
  // JWT_SECRET_ALG=HS256, ACCESS_TOKEN_TTL=15m, TOKEN_HEADER=Authorization).
  // A token's public identifiers on a chain (CURRENCY_TOKEN_MINT: a Solana mint is a public key, rw30).
  for (const std::string_view claim : {"_ISSUER", "_AUDIENCE", "_ISS", "_AUD", "_ALG", "_TTL", "_EXPIRY", "_EXPIRES",
                                       "_EXPIRES_IN", "_LIFETIME", "_HEADER", "_NAME", "_PREFIX", "_SERVICE",
                                       "_TOKEN_MINT", "_TOKEN_ADDRESS", "_TOKEN_PROGRAM", "_CONTRACT_ADDRESS"}) {
    if (u.ends_with(claim)) return true;
  }
  // Where and how secrets are kept, not one of them: SECRET_MANAGER_TYPE=FILE,
  // SECRET_MANAGER_DIRECTORY=/state, TOKEN_STORE_BACKEND=redis, SECRETS_PROVIDER=vault.
  // A list of them (OCIS_PASSWORD_POLICY_BANNED_PASSWORDS_LIST=banned.txt, rw30: a file name), or
  // which one to use (NETBIRD_TOKEN_SOURCE=accessToken, rw29).
  for (const std::string_view setting : {"_PATH", "_DIR", "_DIRECTORY", "_LOCATION", "_TYPE", "_MODE", "_FORMAT",
                                         "_PROVIDER", "_BACKEND", "_MANAGER", "_STORE", "_LIST", "_SOURCE"}) {
    if (u.ends_with(setting)) return true;
  }
  // The policy and handling of secrets, not one (rw20, rw21): USERS_PASS_REGEX=^.{8,}$,
  // PASSWORD_RESET_EMAIL_TEMPLATE=reset.tmpl, PASSWORD_HASH_ALGORITHM__SALT_POSITION=suffix.
  for (const std::string_view policy :
       {"_REGEX", "_REGEXP", "_PATTERN", "_TEMPLATE", "_POSITION", "_ITERATIONS", "_ROUNDS", "_POLICY"}) {
    if (u.ends_with(policy)) return true;
  }
  if (names_a_measure(name)) return true;
  if (value.empty() || value.find("${") != std::string_view::npos || is_template_expression(value)) return true;
  // A public key or certificate verifies and is meant to be shared (AUTH_TOKEN_PUBLIC_KEY=-----BEGIN
  // PUBLIC KEY-----..., rw62 datalens); the private half beside it is the secret.
  if (value.find("PRIVATE KEY") == std::string_view::npos) {
    if (u.find("PUBLIC_KEY") != std::string::npos || u.find("PUBKEY") != std::string::npos) return true;
    const size_t b = std::min(value.find_first_not_of(" \t\r\n\"'"), value.size());
    const std::string_view v = value.substr(b);
    for (const std::string_view pub :
         {"-----BEGIN PUBLIC KEY-----", "-----BEGIN RSA PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----", "ssh-rsa AAAA",
          "ssh-ed25519 AAAA", "ecdsa-sha2-nistp256 AAAA"}) {
      if (v.starts_with(pub)) return true;
    }
  }
  // A shell command substitution (`$(cat /run/secrets/db_password)`) names where the secret is kept;
  // compose passes it on as text (rw16 finalex).
  if (runs_a_command(value)) return true;
  // A value SOPS encrypted (`ENC[AES256_GCM,data:...,type:str]`, rw21): decrypted where it is deployed.
  if (value.starts_with("ENC[") && value.ends_with("]")) return true;
  // Where the secret is kept, not the secret: a Docker secret, any absolute path of a file, or a
  // file:// URL the program reads (TRIGGER_WORKER_TOKEN=file:///home/node/shared/worker_token).
  if (value.rfind("file://", 0) == 0) return true;
  if (value.front() == '/' && value.find('/', 1) != std::string_view::npos &&
      std::none_of(value.begin(), value.end(), [](char c) { return c == ' ' || c == '\t'; })) {
    return true;
  }
  // Placeholders that name what to put there: CLUSTER_API_SECRET, <password>.
  const bool caps_name =
      value.find('_') != std::string_view::npos && std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      });
  if (caps_name || (value.front() == '<' && value.back() == '>')) return true;
  // The name's own word in capitals: GF_SMTP_PASSWORD=PASSWORD, API_TOKEN=TOKEN (never filled in).
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    size_t start = 0;
    while (start <= u.size()) {
      const size_t end = std::min(u.find('_', start), u.size());
      if (std::string_view(u).substr(start, end - start) == value) return true;
      start = end + 1;
    }
  }
  // A value masked before the file was published (`RABBIT_PASSWORD: "********"`, rw229
  // tainguyenbp): the secret was taken out, nothing is left to leak.
  if (value.size() >= 3 && std::all_of(value.begin(), value.end(), [](char c) { return c == '*' || c == 'x'; }) &&
      value.find('*') != std::string_view::npos) {
    return true;
  }
  const std::string v = upper(value);
  for (const std::string_view flag : {"YES", "NO", "TRUE", "FALSE", "ON", "OFF", "0", "1", "Y", "N", "NONE", "NULL"}) {
    if (v == flag) return true;
  }
  // A key a server that checks none is given because its client insists on one (Open WebUI's
  // OPENAI_API_KEY=dummy-key before a local vLLM, rw78; `sk-no-key-required` of llama.cpp's docs).
  for (const std::string_view no_key :
       {"DUMMY", "DUMMY-KEY", "DUMMY_KEY", "DUMMYKEY", "NOT-NEEDED", "NOT_NEEDED", "NO-KEY", "NO_KEY", "EMPTY",
        "UNUSED", "SK-NO-KEY-REQUIRED", "NOKEY", "NOT-REQUIRED", "NOT_REQUIRED"}) {
    if (v == no_key) return true;
  }
  return false;
}

std::optional<std::string> default_credential(std::string_view name, std::string_view value) {
  if (value.empty()) return std::nullopt;
  for (const KnownDefault& d : kDefaults) {
    if (d.value.empty() || d.value != value) continue;
    if (!d.name.empty() && upper(d.name) == upper(name)) return std::string(d.what);
  }
  // A measure of the secret, not the secret (LLM_MAX_TOKENS=2000, an LLM's token budget: rw125
  // AiOps-Observability).
  if (!is_secret_name(name) || names_a_measure(name)) return std::nullopt;
  for (const KnownDefault& d : kDefaults) {
    if (d.name.empty() && d.value == value) return std::string(d.what);
  }
  if (is_placeholder_value(value)) return std::string("a placeholder left in place");
  return std::nullopt;
}

bool is_server_password_name(std::string_view name) {
  return std::any_of(kDefaults.begin(), kDefaults.end(), [&](const KnownDefault& d) {
    return !d.name.empty() && !d.value.empty() && upper(d.name) == upper(name);
  });
}

std::optional<std::pair<size_t, size_t>> url_password_range(std::string_view value) {
  const size_t scheme = value.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  // The userinfo ends at the authority's `@`, which comes before the path's `/` (libpq's URI parser
  // looks no further) and before any blank: a URL ends at the end of its line, and the `@` of an
  // e-mail address lines below is no password's end (rw54 kestra). Of several `@` there, the last:
  // WHATWG URL parsers (node, Prisma) read `user:acme@123.@db` as password `acme@123.` at host `db`,
  // and masking to the last one never prints a piece of the password (rw76 soybean-admin).
  const size_t end = value.find_first_of("/ \t\r\n", scheme + 3);
  const size_t at = value.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < scheme + 3) return std::nullopt;
  const size_t colon = value.substr(0, at).find(':', scheme + 3);
  if (colon == std::string_view::npos || colon + 1 >= at) return std::nullopt;
  return std::make_pair(colon + 1, at);
}

namespace {

// A host name reserved for documentation (url_to_documentation_host's domains).
bool documentation_host(std::string_view name) {
  const std::string host = ascii_lower(name);
  const auto is_or_below = [&host](std::string_view domain) {
    return host == domain ||
           (host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.');
  };
  return is_or_below("example.com") || is_or_below("example.org") || is_or_below("example.net") ||
         is_or_below("example") || is_or_below("invalid");
}

}  // namespace

bool url_to_documentation_host(std::string_view value) {
  const size_t scheme = value.find("://");
  if (scheme == std::string_view::npos) return false;
  size_t begin = scheme + 3;
  const size_t authority_end = std::min(value.find_first_of("/?# \t\r\n", begin), value.size());
  if (const size_t at = value.substr(0, authority_end).rfind('@'); at != std::string_view::npos && at >= begin) {
    begin = at + 1;
  }
  const size_t end = std::min(value.find(':', begin), authority_end);
  return documentation_host(value.substr(begin, end - begin));
}

std::string url_password(std::string_view value) {
  const auto r = url_password_range(value);
  if (!r) return {};
  const std::string_view password = value.substr(r->first, r->second - r->first);
  if (password.find('$') != std::string_view::npos) return {};
  return std::string(password);
}

std::vector<std::pair<size_t, size_t>> secret_ranges(std::string_view name, std::string_view value) {
  if (value.empty() || default_credential(name, value)) return {};
  if (is_secret_name(name)) {
    if (is_not_a_secret(name, value)) return {};
    return {{0, value.size()}};
  }
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t from = 0; from < value.size();) {
    const auto p = url_password_range(value.substr(from));
    if (!p) break;
    out.emplace_back(from + p->first, from + p->second);
    from += p->second;
  }
  if (const auto p = conninfo_password(value)) out.push_back(*p);
  return out;
}

namespace {

// Addresses every machine has: printing them reveals nothing, and the advice of a message ("bind it
// to 127.0.0.1") must not turn into "${REDIS_HOST}" when a variable happens to hold one.
bool public_address(std::string_view value) {
  return value == "127.0.0.1" || value == "0.0.0.0" || value == "localhost" || value == "::1" || value == "::";
}

// A path of words (`/webhook`, `/api/v1/alerts`): lower-case words, a few digits at most, nothing
// that could be a token (`/T0A1B2C3/B4D5E6F7/...` of a Slack URL).
bool word_path(std::string_view path) {
  constexpr size_t kMaxWord = 24;
  constexpr long kMaxDigits = 4;
  while (!path.empty()) {
    if (path.front() != '/') return false;
    path.remove_prefix(1);
    const std::string_view word = path.substr(0, std::min(path.find('/'), path.size()));
    path.remove_prefix(word.size());
    const bool words_only = std::all_of(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
    if (word.size() > kMaxWord || !words_only ||
        std::count_if(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }) > kMaxDigits) {
      return false;
    }
  }
  return true;
}

// A URL of nothing but a public address, a port and a path of words (`http://localhost:1`, a
// placeholder that sends notifications nowhere, rw232 vitar; `http://localhost:5001/webhook`, rw240):
// no credential, token or query that could hold one.
bool public_url(std::string_view value) {
  const size_t scheme = value.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return false;
  std::string_view rest = value.substr(scheme + 3);
  if (const size_t slash = rest.find('/'); slash != std::string_view::npos) {
    if (!word_path(rest.substr(slash))) return false;
    rest = rest.substr(0, slash);
  }
  std::string_view host = rest;
  if (const size_t colon = rest.rfind(':');
      colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
    const std::string_view port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    host = rest.substr(0, colon);
  }
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return public_address(host);
}

}  // namespace

void add_secret(Stack& stack, const Location& where, std::string_view value, bool near_only) {
  if (value.empty() || public_url(value)) return;
  stack.redactions.push_back(Redaction{.value = std::string(value),
                                       .shown = std::string(kMask),
                                       .where = where,
                                       .anywhere = !near_only && value.size() >= kSecretAnywhere});
  StackFile* f = stack.find_file(where.file);
  if (f == nullptr || !f->source || where.end_offset <= where.offset) return;
  const std::string_view text =
      std::string_view(f->source->text()).substr(where.offset, where.end_offset - where.offset);
  bool found = false;
  // Every occurrence, except inside the key of a `KEY=value` or `key: value` (GF_SMTP_K7Q2_PASSWORD=K7Q2
  // keeps its name readable); inside any other word it is masked (`langchain_db` of the password
  // `langchain` would give the password away).
  const auto mask_all = [&](std::string_view written) {
    const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
    const auto in_key = [&](size_t at) {
      const bool inside =
          (at > 0 && word(text[at - 1])) || (at + written.size() < text.size() && word(text[at + written.size()]));
      if (!inside) return false;
      size_t end = at + written.size();
      while (end < text.size() && word(text[end])) ++end;
      return end < text.size() && (text[end] == '=' || text[end] == ':');
    };
    for (size_t at = text.find(written); at != std::string_view::npos; at = text.find(written, at + written.size())) {
      if (in_key(at)) continue;
      add_span(*f, static_cast<uint32_t>(where.offset + at), static_cast<uint32_t>(where.offset + at + written.size()));
      found = true;
    }
  };
  mask_all(value);
  // Compose's `$$` is one `$` of the value: `mail$$pass` in the file is the secret `mail$pass`.
  if (!found && f->kind == FileKind::compose && value.find('$') != std::string_view::npos) {
    std::string escaped;
    for (const char c : value) escaped += c == '$' ? std::string("$$") : std::string(1, c);
    mask_all(escaped);
  }
  // Written with escapes or quotes: the secret is in the span but not verbatim.
  if (!found && text.find('$') == std::string_view::npos && (text.front() == '"' || text.front() == '\''))
    add_span(*f, where.offset, where.end_offset);
}

void add_environment_value(Stack& stack, const Location& where, const std::string& name, std::string_view value) {
  if (value.empty()) return;
  const bool anywhere =
      value.size() >= kEnvironmentAnywhere || (is_secret_name(name) && value.size() >= kSecretEnvironmentAnywhere);
  stack.redactions.push_back(
      Redaction{.value = std::string(value), .shown = "${" + name + "}", .where = where, .anywhere = anywhere});
}

void add_hidden_value(Stack& stack, const HiddenValue& hidden) {
  switch (hidden.kind) {
    case HiddenValue::Kind::secret:
      add_secret(stack, hidden.where, hidden.value);
      return;
    case HiddenValue::Kind::environment:
      add_environment_value(stack, hidden.where, hidden.name, hidden.value);
      return;
  }
}

void collect_secrets(Stack& stack) {
  for (const Service& svc : stack.services) {
    for (const auto& [name, v] : svc.environment) {
      for (const auto& [b, e] : secret_ranges(name, v.value)) add_secret(stack, v.location, v.value.substr(b, e - b));
    }
    if (svc.redis) add_redis_secrets(stack, *svc.redis);
    if (svc.postgres) add_postgres_secrets(stack, *svc.postgres);
    if (svc.alertmanager) add_alertmanager_secrets(stack, *svc.alertmanager);
  }
  for (const auto& a : stack.standalone_alertmanager) {
    if (a) add_alertmanager_secrets(stack, *a);
  }
  for (const auto& r : stack.standalone_redis) {
    if (r) add_redis_secrets(stack, *r);
  }
  for (const auto& p : stack.standalone_postgres) {
    if (p) add_postgres_secrets(stack, *p);
  }
  for (StackFile& f : stack.files) {
    if (!f.source) continue;
    if (f.kind == FileKind::env) scan_env_file(stack, f);
    if (f.kind == FileKind::redis) scan_redis_file(stack, f);
    if (f.kind == FileKind::pgbouncer) scan_pgbouncer_file(stack, f);
  }
  for (StackFile& f : stack.files) {
    std::sort(f.secrets.begin(), f.secrets.end(), [](const SecretSpan& a, const SecretSpan& b) {
      return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
    });
    // Merge overlapping spans so an excerpt masks each byte once.
    std::vector<SecretSpan> merged;
    for (const SecretSpan& s : f.secrets) {
      if (!merged.empty() && s.begin <= merged.back().end) {
        merged.back().end = std::max(merged.back().end, s.end);
      } else {
        merged.push_back(s);
      }
    }
    f.secrets = std::move(merged);
  }
}

std::vector<SecretSpan> secrets_between(const StackFile& file, uint32_t begin, uint32_t end) {
  std::vector<SecretSpan> out;
  auto it = std::lower_bound(file.secrets.begin(), file.secrets.end(), begin,
                             [](const SecretSpan& s, uint32_t b) { return s.end <= b; });
  for (; it != file.secrets.end() && it->begin < end; ++it) out.push_back(*it);
  return out;
}

std::string masked_line(const StackFile& file, uint32_t line) {
  if (!file.source || line == 0 || line > file.source->line_count()) return {};
  const std::string_view text = file.source->line_text(line);
  const uint32_t begin = file.source->line_offset(line);
  std::string out;
  size_t i = 0;
  for (const SecretSpan& s : secrets_between(file, begin, begin + static_cast<uint32_t>(text.size()))) {
    const size_t b = std::max(s.begin, begin) - begin;
    if (b > i) out += text.substr(i, b - i);
    out += kMask;
    i = std::min<size_t>(s.end - begin, text.size());
  }
  if (i < text.size()) out += text.substr(i);
  return out;
}

namespace {

// A value stacklint itself lists as a well-known default (kDefaults): masking it hides nothing.
bool well_known_value(std::string_view value) {
  return std::any_of(kDefaults.begin(), kDefaults.end(), [&](const KnownDefault& d) { return d.value == value; });
}

// The default ports of the servers stacklint models and of their neighbours: a variable that holds
// one (`MYSQL_PORT=3306` in .env) hides nothing, and masking it would also turn the container port
// a message names ("MySQL port 3306") into "${MYSQL_PORT}" (rw226 gonivinck).
bool well_known_port(std::string_view value) {
  static constexpr std::array<std::string_view, 16> kPorts = {"5432", "6432", "6379", "3306", "27017", "9200",
                                                              "9090", "9093", "9100", "3000", "11211", "5984",
                                                              "9042", "9121", "9187", "26379"};
  return std::find(kPorts.begin(), kPorts.end(), value) != kPorts.end();
}

// Words a message says itself: Grafana's roles ("makes every visitor an Admin", rw73 scaleway_exporter,
// whose env_file sets GF_AUTH_ANONYMOUS_ORG_ROLE=Admin) and switches. Printing them reveals nothing.
// So is `default` (ClickHouse's user, and its empty password's fallback `${CLICKHOUSE_PASSWORD:-default}`
// in rw244 redirector, which turned "the image default" of a note into "the image ********").
bool message_word(std::string_view value) {
  static constexpr std::array<std::string_view, 11> kWords = {"admin", "editor", "viewer", "true", "false",  "yes",
                                                              "no",    "on",     "off",    "none", "default"};
  const std::string lower = ascii_lower(value);
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' || c == '/';
}

// Whether the text at `i` continues a longer name (`infra_` + here, `/data/` + here); a '.', '-' or
// '/' joins only between two word characters, so a sentence's full stop ends a token.
bool joins_before(std::string_view text, size_t i) {
  if (i == 0) return false;
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  const char c = text[i - 1];
  return word(c) || ((c == '.' || c == '-' || c == '/') && i > 1 && word(text[i - 2]));
}

bool joins_after(std::string_view text, size_t j) {
  if (j >= text.size()) return false;
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  const char c = text[j];
  return word(c) || ((c == '.' || c == '-' || c == '/') && j + 1 < text.size() && word(text[j + 1]));
}

}  // namespace

Redactor::Redactor(const Stack& stack) {
  // Names the repository itself writes (service names, environment keys, file paths) are printed as
  // written, even when a value happens to equal them or a part of them.
  const auto keep = [&](std::string_view name) {
    if (!name.empty() && verbatim_.emplace(name).second) verbatim_lengths_.insert(name.size());
  };
  for (const Service& svc : stack.services) {
    keep(svc.name);
    for (const auto& [key, value] : svc.environment) keep(key);
  }
  for (const StackFile& f : stack.files) keep(f.path);
  for (const Redaction& r : stack.redactions) {
    if (r.value.empty() || well_known_value(r.value) || public_address(r.value) || public_url(r.value) ||
        message_word(r.value) || well_known_port(r.value)) {
      continue;
    }
    if (r.anywhere) {
      if (anywhere_.emplace(r.value, r.shown).second) lengths_.insert(r.value.size());
    } else {
      near_[r.where.file].push_back(&r);
    }
  }
}

namespace {

// Whether `piece` stands in `line` as a token of its own.
bool shown_as_token(std::string_view line, std::string_view piece) {
  for (size_t at = line.find(piece); at != std::string_view::npos; at = line.find(piece, at + 1)) {
    if (!joins_before(line, at) && !joins_after(line, at + piece.size())) return true;
  }
  return false;
}

}  // namespace

std::string Redactor::apply(std::string_view text, const std::vector<const Location*>& where,
                            std::string_view excerpt) const {
  std::unordered_map<std::string_view, std::string_view> near;
  std::set<size_t, std::greater<>> lengths = lengths_;
  for (const Location* l : where) {
    const auto it = near_.find(l->file);
    if (it == near_.end()) continue;
    for (const Redaction* r : it->second) {
      if (overlaps(r->where, *l) && near.emplace(r->value, r->shown).second) lengths.insert(r->value.size());
    }
  }
  if (lengths.empty()) return std::string(text);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    std::string_view shown;
    size_t n = 0;
    // A value is masked where it stands as a token of its own, not inside a longer name: a password
    // `yearn-exporter` inside the network name `yearn-exporter-infra_stack` or `coolify` inside the
    // path `/data/coolify/source` is part of another word, and masking it would garble the message.
    const bool starts_token = !joins_before(text, i);
    for (const size_t len : lengths) {
      if (i + len > text.size()) continue;
      if (!starts_token || joins_after(text, i + len)) continue;
      const std::string_view piece = text.substr(i, len);
      if (const auto a = anywhere_.find(piece); a != anywhere_.end()) {
        shown = a->second;
      } else if (const auto b = near.find(piece); b != near.end()) {
        shown = b->second;
      } else {
        continue;
      }
      // The target `redis:6379` a finding's own line shows, which an env file also holds (rw86
      // AttendancePro's REDIS_CONNECTION_STRING): printed as written, not as "${REDIS_CONNECTION_STRING}".
      if (!excerpt.empty() && shown_as_token(excerpt, piece)) continue;
      n = len;
      break;
    }
    if (const size_t kept = verbatim_at(text, i); kept > 0 && kept >= n) {
      out += text.substr(i, kept);
      i += kept;
    } else if (n == 0) {
      out += text[i++];
    } else {
      out += shown;
      i += n;
    }
  }
  return out;
}

size_t Redactor::verbatim_at(std::string_view text, size_t i) const {
  if (i > 0 && name_char(text[i - 1])) return 0;
  for (const size_t len : verbatim_lengths_) {
    if (i + len > text.size() || (i + len < text.size() && name_char(text[i + len]))) continue;
    if (verbatim_.count(text.substr(i, len)) > 0) return len;
  }
  return 0;
}

void redact(const Stack& stack, std::vector<Diagnostic>& diags) {
  if (diags.empty()) return;  // the redactor indexes every service's names: not for nothing
  const Redactor redactor(stack);
  for (Diagnostic& d : diags) {
    std::vector<const Location*> where{&d.location};
    for (const Related& r : d.related) where.push_back(&r.location);
    const StackFile* file = stack.find_file(d.location.file.str());
    // Not an env file's line: there the value is the variable's own, which messages show as ${NAME}.
    // Nor a line that interpolates (`"${MYSQL_PORT}:3306"`): a value the message took from the variable
    // may equal a word the line shows, and printing it would tell the variable's value.
    std::string excerpt =
        file == nullptr || file->kind == FileKind::env ? std::string() : masked_line(*file, d.location.line);
    if (excerpt.find('$') != std::string::npos) excerpt.clear();
    d.message = escape_controls(redactor.apply(d.message, where, excerpt));
    for (Related& r : d.related) r.message = escape_controls(redactor.apply(r.message, where));
  }
}

// ---- YAML files ----

namespace {

bool yaml_interpolated(const yaml::Node& n) {
  return n.value.find('$') != std::string::npos;
}

void add_yaml_ranges(std::vector<HiddenValue>& out, const yaml::Stream& stream, const yaml::Node& n,
                     std::string_view name, size_t offset) {
  const std::string_view value = std::string_view(n.value).substr(offset);
  for (const auto& [b, e] : secret_ranges(name, value)) {
    out.push_back(HiddenValue{
        .kind = HiddenValue::Kind::secret,
        .where = stream.value_location(n, static_cast<uint32_t>(offset + b), static_cast<uint32_t>(offset + e)),
        .name = std::string(name),
        .value = std::string(value.substr(b, e - b))});
  }
}

// A scalar on its own (a list item or a value of an ordinary key).
void yaml_scalar(std::vector<HiddenValue>& out, const yaml::Stream& stream, const yaml::Node& n) {
  if (yaml_interpolated(n)) return;
  const size_t eq = n.value.find('=');
  if (eq != std::string::npos && eq > 0 && n.value.find_first_of(" \t") > eq) {
    add_yaml_ranges(out, stream, n, std::string_view(n.value).substr(0, eq), eq + 1);  // KEY=value
  } else {
    add_yaml_ranges(out, stream, n, "", 0);
  }
}

void yaml_sequence(std::vector<HiddenValue>& out, const yaml::Stream& stream, const yaml::Node& n) {
  for (size_t i = 0; i + 1 < n.items.size(); ++i) {
    const yaml::Node& flag = *n.items[i];
    const yaml::Node& arg = *n.items[i + 1];
    if (!flag.is_scalar() || !arg.is_scalar() || yaml_interpolated(arg)) continue;
    if (flag.value == "--requirepass" || flag.value == "--masterauth")
      add_yaml_ranges(out, stream, arg, "requirepass", 0);
  }
}

// The defaults of the `${NAME:-default}` references of a value under key `name`, in a file whose
// program reads them as text (Prometheus, Alertmanager: `smtp_auth_password:
// '${SMTP_PASSWORD:-hunter2}'` is that whole text, the default with it): masked as the key's
// secret would be.
void add_reference_defaults(std::vector<HiddenValue>& out, const yaml::Stream& stream, const yaml::Node& n,
                            std::string_view name) {
  const std::string_view v = n.value;
  for (size_t at = v.find("${"); at != std::string_view::npos; at = v.find("${", at + 2)) {
    const size_t close = v.find('}', at);
    if (close == std::string_view::npos) return;
    const size_t op = v.find_first_of(":-?+", at + 2);
    if (op == std::string_view::npos || op >= close) continue;
    size_t b = op + 1;
    if (v[op] == ':' && b < close) ++b;  // `:-`, `:?`, `:+`
    const std::string_view def = v.substr(b, close - b);
    for (const auto& [rb, re] : secret_ranges(name, def)) {
      out.push_back(
          HiddenValue{.kind = HiddenValue::Kind::secret,
                      .where = stream.value_location(n, static_cast<uint32_t>(b + rb), static_cast<uint32_t>(b + re)),
                      .name = std::string(name),
                      .value = std::string(def.substr(rb, re - rb))});
    }
  }
}

// Calls fn(node) once for each sequence and mapping of the stream, a collection before those it
// holds; a collection aliases share is visited once.
template <class F>
void for_each_collection(const yaml::Stream& stream, F&& fn) {
  std::vector<const yaml::Node*> todo;
  const bool shared = stream.shares_nodes();
  std::unordered_set<const yaml::Node*> seen;
  for (const yaml::Document& d : stream.documents()) {
    if (d.root != nullptr) todo.push_back(d.root);
  }
  while (!todo.empty()) {
    const yaml::Node* n = todo.back();
    todo.pop_back();
    if (shared && !seen.insert(n).second) continue;
    if (n->is_sequence()) {
      for (const yaml::Node* item : n->items) {
        if (item != nullptr && !item->is_scalar()) todo.push_back(item);
      }
    } else if (n->is_mapping()) {
      for (const yaml::Pair& p : n->pairs) {
        if (p.value != nullptr && !p.value->is_scalar()) todo.push_back(p.value);
      }
    } else {
      continue;
    }
    fn(*n);
  }
}

}  // namespace

void yaml_secrets(const yaml::Stream& stream, std::vector<HiddenValue>& out, bool references_are_text) {
  // A scalar is handled in the collection that holds it.
  for_each_collection(stream, [&](const yaml::Node& n) {
    if (n.is_sequence()) {
      yaml_sequence(out, stream, n);
      for (const yaml::Node* item : n.items) {
        if (item->is_scalar()) yaml_scalar(out, stream, *item);
      }
      return;
    }
    for (const yaml::Pair& p : n.pairs) {
      if (p.value->is_scalar() && p.key->is_scalar() && !yaml_interpolated(*p.value)) {
        add_yaml_ranges(out, stream, *p.value, p.key->value, 0);
      } else if (p.value->is_scalar() && p.key->is_scalar() && references_are_text) {
        add_reference_defaults(out, stream, *p.value, p.key->value);
      }
    }
  });
}

void add_yaml_secrets(Stack& stack, const yaml::Stream& stream) {
  std::vector<HiddenValue> found;
  yaml_secrets(stream, found);
  for (const HiddenValue& h : found) add_hidden_value(stack, h);
}

namespace {

// A notifier credential written as words that say what belongs there (`telegram-bot-token`,
// `password/apppassword`, `from_user_key`, `email_here`; rw24): a template's blank, so the receiver
// cannot log in, but no secret leaks. Two words or more, all from the words such blanks use, one of
// them naming the credential.
bool describes_a_credential(std::string_view value) {
  static constexpr std::array<std::string_view, 12> kCredential = {
      "password", "passwd", "pass",   "pwd",  "apppassword", "token",
      "key",      "apikey", "secret", "here", "credential",  "credentials"};
  // `you_mail_password` (rw212 mbp_back, beside `you_mail@163.com`), `my_password`.
  static constexpr std::array<std::string_view, 37> kOther = {
      "app", "bot", "api", "user", "username", "from", "to", "your", "you", "my", "email", "mail", "smtp", "telegram",
      "slack", "discord", "teams", "webhook", "auth", "access", "client", "chat", "id", "account", "gmail", "routing",
      "integration", "bearer",
      // "your" in French, Spanish, Portuguese, German and Italian (rw149 `votre-app-password`).
      "votre", "tu", "su", "seu", "sua", "dein", "deine", "ihr", "tuo"};
  size_t words = 0;
  bool credential = false;
  std::string word;
  for (size_t i = 0; i <= value.size(); ++i) {
    const char c = i < value.size() ? value[i] : ' ';
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) return false;
    if (word.empty()) continue;
    const bool names = std::find(kCredential.begin(), kCredential.end(), word) != kCredential.end();
    if (!names && std::find(kOther.begin(), kOther.end(), word) == kOther.end()) return false;
    credential = credential || names;
    ++words;
    word.clear();
  }
  return words >= 2 && credential;
}

}  // namespace

namespace {

// The byte spans of the SMTP passwords whose mapping logs in to a host reserved for documentation
// (`smtp_smarthost: 'smtp.example.com:587'` beside `smtp_auth_password: '...'`, rw134
// docker-prometheus-monitoring-stack): a template's login that opens nothing.
std::vector<std::pair<size_t, size_t>> documentation_logins(const yaml::Stream& stream) {
  std::vector<std::pair<size_t, size_t>> out;
  for_each_collection(stream, [&](const yaml::Node& n) {
    if (!n.is_mapping()) return;
    bool documentation = false;
    for (const yaml::Pair& p : n.pairs) {
      if (p.key == nullptr || p.value == nullptr || !p.key->is_scalar() || !p.value->is_scalar()) continue;
      if (p.key->value == "smtp_smarthost" || p.key->value == "smarthost") {
        const std::string_view host = std::string_view(p.value->value).substr(0, p.value->value.rfind(':'));
        documentation = documentation_host(host);
      }
    }
    if (!documentation) return;
    for (const yaml::Pair& p : n.pairs) {
      if (p.key == nullptr || p.value == nullptr || !p.key->is_scalar() || !p.value->is_scalar()) continue;
      const std::string& k = p.key->value;
      if (k == "smtp_auth_password" || k == "auth_password" || k == "smtp_auth_secret" || k == "auth_secret") {
        out.emplace_back(p.value->start.offset, p.value->end.offset);
      }
    }
  });
  return out;
}

}  // namespace

void add_config_secrets(Stack& stack, const yaml::Stream& stream, const AmConfig* alertmanager) {
  std::vector<HiddenValue> found;
  yaml_secrets(stream, found, true);
  const std::vector<std::pair<size_t, size_t>> fake_logins =
      alertmanager != nullptr ? documentation_logins(stream) : std::vector<std::pair<size_t, size_t>>{};
  const auto in_fake_login = [&](const Location& at) {
    return std::any_of(fake_logins.begin(), fake_logins.end(),
                       [&](const auto& span) { return at.offset >= span.first && at.offset <= span.second; });
  };
  for (const HiddenValue& h : found) {
    add_hidden_value(stack, h);
    if (alertmanager != nullptr && (describes_a_credential(h.value) || in_fake_login(h.where))) continue;
    stack.config_secrets.push_back(ConfigSecret{.key = h.name, .value = h.value, .location = h.where});
  }
  if (alertmanager == nullptr) return;
  for (const AmSecret& s : alertmanager->secrets) {
    if (url_placeholder(s.value.value) || describes_a_credential(s.value.value) || in_fake_login(s.value.location) ||
        is_placeholder_value(s.value.value) || is_template_expression(s.value.value)) {
      continue;
    }
    if (s.value.value.find("://") != std::string::npos && !url_holds_token(s.value.value)) continue;
    // A URL field without a scheme holds no URL (`slack_api_url: MY_SLACK_HOOK`, a token a README's
    // `sed` replaces, rw243): Alertmanager refuses it (alertmanager/syntax), and no secret is in it.
    if (s.field.find("url") != std::string::npos && s.value.value.find("://") == std::string::npos) continue;
    const auto same = [&](const ConfigSecret& c) { return c.location == s.value.location; };
    if (std::any_of(stack.config_secrets.begin(), stack.config_secrets.end(), same)) continue;
    stack.config_secrets.push_back(ConfigSecret{.key = s.field, .value = s.value.value, .location = s.value.location});
  }
}

}  // namespace stacklint
