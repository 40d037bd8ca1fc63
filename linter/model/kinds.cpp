#include "linter/model/kinds.h"

namespace stacklint {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::alertmanager:
      return "alertmanager";
    case Role::app:
      return "app";
    case Role::cadvisor:
      return "cadvisor";
    case Role::grafana:
      return "grafana";
    case Role::node_exporter:
      return "node-exporter";
    case Role::pgbouncer:
      return "pgbouncer";
    case Role::postgres:
      return "postgres";
    case Role::postgres_exporter:
      return "postgres-exporter";
    case Role::prometheus:
      return "prometheus";
    case Role::redis:
      return "redis";
    case Role::redis_exporter:
      return "redis-exporter";
  }
  return "app";
}

std::optional<Role> role_from_string(std::string_view text) {
  for (const Role r : kAllRoles) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

std::string_view to_string(FileKind kind) {
  switch (kind) {
    case FileKind::none:
      return "";
    case FileKind::compose:
      return "compose";
    case FileKind::env:
      return "env";
    case FileKind::postgres:
      return "postgres";
    case FileKind::redis:
      return "redis";
    case FileKind::prometheus:
      return "prometheus";
    case FileKind::rules:
      return "rules";
    case FileKind::pgbouncer:
      return "pgbouncer";
    case FileKind::alertmanager:
      return "alertmanager";
    case FileKind::grafana:
      return "grafana";
    case FileKind::grafana_datasources:
      return "grafana-datasources";
    case FileKind::file_sd:
      return "file-sd";
    case FileKind::pg_hba:
      return "pg-hba";
  }
  return "";
}

std::optional<FileKind> file_kind_from_string(std::string_view text) {
  for (const FileKind k : {FileKind::compose, FileKind::env, FileKind::postgres, FileKind::redis, FileKind::prometheus,
                           FileKind::rules, FileKind::pgbouncer, FileKind::alertmanager, FileKind::grafana,
                           FileKind::grafana_datasources, FileKind::file_sd, FileKind::pg_hba}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

bool is_linted_kind(FileKind kind) {
  switch (kind) {
    case FileKind::compose:
    case FileKind::postgres:
    case FileKind::redis:
    case FileKind::prometheus:
    case FileKind::rules:
    case FileKind::pgbouncer:
    case FileKind::alertmanager:
    case FileKind::pg_hba:
      return true;
    case FileKind::none:
    case FileKind::env:
    case FileKind::grafana:
    case FileKind::grafana_datasources:
    case FileKind::file_sd:
      return false;
  }
  return false;
}

}  // namespace stacklint
