#include "linter/report/model_json.h"

#include <algorithm>

#include "linter/report/json_util.h"

#if __has_include("linter/model/pg_config.h")
#include "linter/model/pg_config.h"
#define STACKLINT_HAVE_PG_MODEL 1
#endif
#if __has_include("linter/model/redis_config.h")
#include "linter/model/redis_config.h"
#define STACKLINT_HAVE_REDIS_MODEL 1
#endif

namespace stacklint {

nlohmann::json location_json(const Location& l) {
  return nlohmann::json{{"file", l.file},
                        {"line", l.line},
                        {"column", l.column},
                        {"end_line", l.end_line},
                        {"end_column", l.end_column}};
}

namespace {

nlohmann::json value_json(const SettingValue& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else {
          return x;
        }
      },
      v);
}

nlohmann::json entry_json(const SettingEntry& e) {
  nlohmann::json j{{"value", value_json(e.value)}, {"raw", e.raw}, {"location", location_json(e.location)}};
  if (!e.origin.empty()) j["origin"] = e.origin;
  return j;
}

template <class T>
nlohmann::json located_or_null(const std::optional<Located<T>>& v) {
  if (!v) return nullptr;
  return nlohmann::json{{"value", v->value}, {"location", location_json(v->location)}};
}

}  // namespace

nlohmann::json settings_json(const Settings& settings) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, s] : settings) {
    nlohmann::json j = entry_json(s.current);
    if (!s.unit.empty()) j["unit"] = s.unit;
    j["overrides"] = nlohmann::json::array();
    for (const auto& o : s.overrides) j["overrides"].push_back(entry_json(o));
    out[name] = std::move(j);
  }
  return out;
}

nlohmann::json model_json(const Stack& stack) {
  nlohmann::json services = nlohmann::json::array();
  for (const Service& s : stack.services) {
    nlohmann::json mounts = nlohmann::json::array();
    for (const Mount& m : s.mounts) {
      mounts.push_back({{"type", m.bind ? "bind" : "volume"},
                        {"source", m.source},
                        {"target", m.target},
                        {"read_only", m.read_only},
                        {"location", location_json(m.location)}});
    }
    nlohmann::json svc{{"name", s.name},
                       {"enabled", s.enabled},
                       {"role", s.role},
                       {"image", s.image ? nlohmann::json(s.image->value) : nlohmann::json(nullptr)},
                       {"version", s.version},
                       {"memory_limit", located_or_null(s.memory_limit)},
                       {"memory_reservation", located_or_null(s.memory_reservation)},
                       {"cpus", located_or_null(s.cpus)},
                       {"command", located_or_null(s.command)},
                       {"entrypoint", located_or_null(s.entrypoint)},
                       {"mounts", std::move(mounts)},
                       {"location", location_json(s.location)}};
#ifdef STACKLINT_HAVE_PG_MODEL
    if (s.postgres) svc["postgres"] = {{"settings", settings_json(s.postgres->settings)}};
#endif
#ifdef STACKLINT_HAVE_REDIS_MODEL
    if (s.redis) svc["redis"] = {{"settings", settings_json(s.redis->settings)}};
#endif
    services.push_back(std::move(svc));
  }
  std::vector<const StackFile*> files;
  for (const auto& f : stack.files) files.push_back(&f);
  std::sort(files.begin(), files.end(), [](const StackFile* a, const StackFile* b) { return a->path < b->path; });
  nlohmann::json file_list = nlohmann::json::array();
  for (const StackFile* f : files) {
    nlohmann::json j{{"path", f->path}, {"kind", f->kind}};
#ifdef STACKLINT_HAVE_PG_MODEL
    for (const auto& pg : stack.standalone_postgres) {
      if (pg && !pg->files.empty() && pg->files.front() == f->path) j["settings"] = settings_json(pg->settings);
    }
#endif
#ifdef STACKLINT_HAVE_REDIS_MODEL
    for (const auto& r : stack.standalone_redis) {
      if (r && !r->files.empty() && r->files.front() == f->path) j["settings"] = settings_json(r->settings);
    }
#endif
    file_list.push_back(std::move(j));
  }
  nlohmann::json host{{"memory", stack.host.memory ? nlohmann::json(stack.host.memory->value) : nlohmann::json(nullptr)},
                      {"reserve", stack.host.reserve}};
  return nlohmann::json{{"version", 1}, {"host", host}, {"services", services}, {"files", file_list}};
}

}  // namespace stacklint
