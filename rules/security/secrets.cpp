#include "rules/security/secrets.h"

#include <algorithm>
#include <array>
#include <cctype>

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
                                     "ACCESS_KEY", "REQUIREPASS"}) {
    if (u.find(key) != std::string::npos) return true;
  }
  return false;
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
