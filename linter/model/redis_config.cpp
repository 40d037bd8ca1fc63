#include "linter/model/redis_config.h"

#include <sstream>
#include <variant>

namespace stacklint {

namespace {
template <class T>
const T* value_of(const RedisConfig& c, const std::string& name) {
  const Setting* s = c.find(name);
  return s == nullptr ? nullptr : std::get_if<T>(&s->current.value);
}
}  // namespace

int64_t RedisConfig::maxmemory() const {
  const auto* v = value_of<int64_t>(*this, "maxmemory");
  return v == nullptr ? 0 : *v;
}

std::string RedisConfig::maxmemory_policy() const {
  const auto* v = value_of<std::string>(*this, "maxmemory-policy");
  return v == nullptr ? "noeviction" : *v;
}

bool RedisConfig::appendonly() const {
  const auto* v = value_of<bool>(*this, "appendonly");
  return v != nullptr && *v;
}

bool RedisConfig::has_password() const {
  const auto* pass = value_of<std::string>(*this, "requirepass");
  bool has = required_password || (pass != nullptr && !pass->empty());
  for (const auto& u : users) {
    if (u.value.empty() || u.value[0] != "default") continue;
    for (size_t i = 1; i < u.value.size(); ++i) {
      const std::string& rule = u.value[i];
      if (rule == "nopass" || rule == "resetpass" || rule == "reset") has = false;
      if (!rule.empty() && (rule[0] == '>' || rule[0] == '#')) has = true;
    }
  }
  return has;
}

bool RedisConfig::users_in_acl_file() const {
  const auto* file = value_of<std::string>(*this, "aclfile");
  return file != nullptr && !file->empty();
}

bool RedisConfig::protected_mode() const {
  const auto* v = value_of<bool>(*this, "protected-mode");
  return v == nullptr ? !image_protected_mode_default_off : *v;
}

std::vector<std::string> RedisConfig::bind_addresses() const {
  const auto* v = value_of<std::string>(*this, "bind");
  if (v == nullptr) return {"*", "-::*"};
  std::vector<std::string> out;
  std::istringstream in(*v);
  for (std::string a; in >> a;) out.push_back(a);
  return out;
}

int64_t RedisConfig::port() const {
  const auto* v = value_of<int64_t>(*this, "port");
  return v == nullptr ? 6379 : *v;
}

int64_t RedisConfig::tls_port() const {
  const auto* v = value_of<int64_t>(*this, "tls-port");
  return v == nullptr ? 0 : *v;
}

int64_t RedisConfig::cluster_bus_port() const {
  const auto* enabled = value_of<bool>(*this, "cluster-enabled");
  if (enabled == nullptr || !*enabled) return 0;
  const auto* v = value_of<int64_t>(*this, "cluster-port");
  if (v != nullptr && *v != 0) return *v;
  const int64_t client = port() != 0 ? port() : tls_port();
  return client == 0 || client + 10000 > 65535 ? 0 : client + 10000;
}

}  // namespace stacklint
