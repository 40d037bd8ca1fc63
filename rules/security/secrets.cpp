#include "rules/security/secrets.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "linter/formats/compose/syntax.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/redis_config.h"

namespace stacklint::rules {

namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return u;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
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

}  // namespace

bool is_secret_name(std::string_view name) {
  const std::string u = upper(name);
  if (ends_with(u, "_FILE")) return false;
  for (const std::string_view key : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY",
                                     "ACCESS_KEY", "REQUIREPASS", "MASTERAUTH", "_PASS_", "_PWD_"}) {
    if (u.find(key) != std::string::npos) return true;
  }
  return ends_with(u, "_PASS") || ends_with(u, "_PWD") || u == "PASS" || u == "PGPASS";
}

bool is_password_name(std::string_view name) {
  const std::string u = upper(name);
  for (const std::string_view key : {"PASSWORD", "PASSWD", "REQUIREPASS", "MASTERAUTH", "_PASS_"}) {
    if (u.find(key) != std::string::npos) return true;
  }
  return ends_with(u, "_PASS") || ends_with(u, "_PWD") || u == "PASS";
}

bool is_not_a_secret(std::string_view name, std::string_view value) {
  const std::string u = upper(name);
  for (const std::string_view id : {"_KEY_ID", "_USER", "_USERNAME", "_USER_NAME", "_CLUSTER_TOKEN", "_PATH", "_DIR",
                                    "_URL_PATH", "_LENGTH", "_EXPIRY", "_TTL", "_TIMEOUT", "_ALGORITHM"}) {
    if (ends_with(u, id)) return true;
  }
  if (value.empty() || value.find("${") != std::string_view::npos) return true;
  if (value.rfind("/run/secrets/", 0) == 0) return true;
  const std::string v = upper(value);
  for (const std::string_view flag : {"YES", "NO", "TRUE", "FALSE", "ON", "OFF", "0", "1", "Y", "N", "NONE", "NULL"}) {
    if (v == flag) return true;
  }
  return false;
}

bool value_is_judgeable(const Stack& stack, const Location& loc) {
  if (!loc.valid()) return false;
  const std::string written = written_text(stack, loc);
  if (written.empty()) return false;
  // A compose value with `$` is interpolated (its value is the shell's, `.env`'s or a template's);
  // an env file line may hold a literal `$`, but `${VAR}` there is a reference too.
  const StackFile* f = stack.find_file(loc.file);
  if (f != nullptr && f->kind == "env") return written.find("${") == std::string::npos;
  return written.find('$') == std::string::npos;
}

bool uses_template_variable(const Stack& stack, const Location& loc) {
  if (!stack.compose || stack.compose->template_variables.empty()) return false;
  const std::string written = written_text(stack, loc);
  for (size_t i = written.find('$'); i != std::string::npos; i = written.find('$', i + 1)) {
    size_t b = i + 1;
    if (b < written.size() && written[b] == '{') ++b;
    size_t e = b;
    while (e < written.size() && (std::isalnum(static_cast<unsigned char>(written[e])) != 0 || written[e] == '_')) ++e;
    if (e > b && stack.compose->template_variables.count(written.substr(b, e - b)) > 0) return true;
  }
  return false;
}

namespace {

bool binds_everywhere(const std::vector<std::string>& addrs) {
  if (addrs.empty()) return true;  // `bind ""`: all interfaces
  for (std::string a : addrs) {
    if (!a.empty() && a[0] == '-') a.erase(0, 1);
    if (a == "*" || a == "0.0.0.0" || a == "::" || a == "::*") return true;
  }
  return false;
}

bool published_beyond_loopback(const Service& s) {
  if (s.network_mode && s.network_mode->value == "host") return true;
  return std::any_of(s.ports.begin(), s.ports.end(), [](const PortMapping& p) {
    return p.host_ip.rfind("127.", 0) != 0 && p.host_ip != "::1" && p.host_ip != "localhost";
  });
}

}  // namespace

OpenRedis redis_open_to_anyone(const Service& s) {
  OpenRedis out;
  if (!s.enabled || s.role != "redis" || !published_beyond_loopback(s)) return out;
  if (s.redis) {
    const RedisConfig& c = *s.redis;
    out.open = !c.has_password() && !c.protected_mode() && binds_everywhere(c.bind_addresses()) && c.port() != 0;
    return out;
  }
  const auto flag = s.environment.find("ALLOW_EMPTY_PASSWORD");
  const auto pass = s.environment.find("REDIS_PASSWORD");
  const knowledge::ImageFact* fact =
      s.image ? knowledge::find_image(compose::analyze_image(s.image->value).repository) : nullptr;
  if (fact == nullptr || fact->family != knowledge::ImageFamily::bitnami || flag == s.environment.end()) return out;
  const std::string v = upper(flag->second.value);
  if ((v == "YES" || v == "TRUE" || v == "1") && (pass == s.environment.end() || pass->second.value.empty())) {
    out.open = true;
    out.empty_password_flag = flag->second.location.valid() ? flag->second.location : s.location;
  }
  return out;
}

std::string url_password(std::string_view value) {
  const size_t scheme = value.find("://");
  if (scheme == std::string_view::npos) return {};
  const size_t at = value.find('@', scheme + 3);
  if (at == std::string_view::npos) return {};
  const std::string_view userinfo = value.substr(scheme + 3, at - scheme - 3);
  const size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos || colon + 1 >= userinfo.size()) return {};
  const std::string_view password = userinfo.substr(colon + 1);
  if (password.find('$') != std::string_view::npos) return {};
  return std::string(password);
}

std::optional<std::string> default_credential(std::string_view name, std::string_view value) {
  if (value.empty()) return std::nullopt;
  for (const KnownDefault& d : kDefaults) {
    if (d.value.empty() || d.value != value) continue;
    if (!d.name.empty() && upper(d.name) == upper(name)) return std::string(d.what);
  }
  if (!is_secret_name(name)) return std::nullopt;
  for (const KnownDefault& d : kDefaults) {
    if (d.name.empty() && d.value == value) return std::string(d.what);
  }
  return std::nullopt;
}

std::string written_text(const Stack& stack, const Location& loc) {
  const StackFile* f = stack.find_file(loc.file);
  if (f == nullptr || !f->source || loc.end_offset <= loc.offset) return {};
  return f->source->text().substr(loc.offset, loc.end_offset - loc.offset);
}

}  // namespace stacklint::rules
