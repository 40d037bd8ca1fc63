#include "linter/model/pg_config.h"

#include <algorithm>
#include <cmath>

#include "linter/model/address.h"

namespace stacklint {

namespace {

// The effective value of a parameter: the current setting, else the version's default.
SettingValue effective(const PgConfig& cfg, std::string_view name) {
  if (const Setting* s = cfg.find(name); s != nullptr) return s->current.value;
  return cfg.defaults != nullptr ? cfg.defaults(name, cfg.major) : SettingValue{};
}

int64_t as_integer(const SettingValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return std::llround(*d);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  return 0;
}

}  // namespace

int64_t PgConfig::memory_bytes(std::string_view name) const {
  int64_t v = as_integer(effective(*this, name));
  if (name == "wal_buffers" && v == -1) {
    // XLOGChooseNumBuffers: shared_buffers / 32 pages, at least 8 pages (64 kB), at most one WAL
    // segment (16 MB).
    const int64_t pages = std::clamp<int64_t>(memory_bytes("shared_buffers") / 8192 / 32, 8, 2048);
    return pages * 8192;
  }
  if (name == "autovacuum_work_mem" && v == -1) return memory_bytes("maintenance_work_mem");
  return v;
}

int64_t PgConfig::integer(std::string_view name) const {
  return as_integer(effective(*this, name));
}

double PgConfig::real(std::string_view name) const {
  const SettingValue v = effective(*this, name);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return 0;
}

bool PgConfig::boolean(std::string_view name) const {
  const SettingValue v = effective(*this, name);
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  return false;
}

std::string PgConfig::string(std::string_view name) const {
  const SettingValue v = effective(*this, name);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

bool listens_on_loopback_only(const PgConfig& cfg) {
  if (cfg.files.empty() && cfg.find("listen_addresses") == nullptr) return false;
  const std::string v = cfg.string("listen_addresses");
  return loopback_only(v) || v.find_first_not_of(" \t,") == std::string::npos;
}

}  // namespace stacklint
