#include "linter/model/pgbouncer_config.h"

#include <cstdlib>

namespace stacklint {

namespace {

std::string default_text(std::string_view name, const std::map<std::string, std::string>& defaults) {
  const auto it = defaults.find(std::string(name));
  return it == defaults.end() ? std::string() : it->second;
}

}  // namespace

int64_t PgBouncerConfig::integer(std::string_view name) const {
  if (const Setting* s = find(name); s != nullptr && std::holds_alternative<int64_t>(s->current.value)) {
    return std::get<int64_t>(s->current.value);
  }
  return std::strtol(default_text(name, defaults).c_str(), nullptr, 0);
}

double PgBouncerConfig::seconds(std::string_view name) const {
  if (const Setting* s = find(name); s != nullptr && std::holds_alternative<double>(s->current.value)) {
    return std::get<double>(s->current.value);
  }
  return std::strtod(default_text(name, defaults).c_str(), nullptr);
}

std::string PgBouncerConfig::text(std::string_view name) const {
  if (const Setting* s = find(name); s != nullptr && std::holds_alternative<std::string>(s->current.value)) {
    return std::get<std::string>(s->current.value);
  }
  return default_text(name, defaults);
}

}  // namespace stacklint
