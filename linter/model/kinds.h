// The role a service plays and the kind of a file stacklint read: enums, each named in one place
// (to_string / *_from_string), parsed where data/images.tsv, data/ports.tsv, data/metrics.tsv,
// .stacklint.toml and `--kind` are read, printed with to_string by the model and the messages.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace stacklint {

// What a service runs: the image decides it (data/images.tsv), `.stacklint.toml` may override it.
enum class Role : uint8_t {
  alertmanager,
  app,  // anything stacklint does not know
  cadvisor,
  grafana,
  node_exporter,
  pgbouncer,
  postgres,
  postgres_exporter,
  prometheus,
  redis,
  redis_exporter,
};
// Every role, in the order of their names.
inline constexpr std::array<Role, 11> kAllRoles = {
    Role::alertmanager,  Role::app,       Role::cadvisor,       Role::grafana,
    Role::node_exporter, Role::pgbouncer, Role::postgres,       Role::postgres_exporter,
    Role::prometheus,    Role::redis,     Role::redis_exporter,
};
// "postgres", "redis-exporter", "app"...: as the model, the messages and the tables write it.
std::string_view to_string(Role role);
// The role named `text`; nullopt when none is.
std::optional<Role> role_from_string(std::string_view text);

// What a file of the stack is, as stacklint read it.
enum class FileKind : uint8_t {
  none,  // not recognised (skipped files)
  compose,
  env,  // a compose env file
  postgres,
  redis,
  prometheus,
  rules,  // a Prometheus rule file
  pgbouncer,
  alertmanager,
  grafana,              // Grafana provisioning (recognised, not linted as a whole)
  grafana_datasources,  // a Grafana datasources provisioning file that stacklint reads
  file_sd,              // a Prometheus file_sd_configs target file (JSON or YAML)
  pg_hba,               // a postgres pg_hba.conf
};
// "compose", "env", "rules", "grafana-datasources"... ("" for none).
std::string_view to_string(FileKind kind);
// The kind named `text` (any but none); nullopt when none is.
std::optional<FileKind> file_kind_from_string(std::string_view text);
// Whether stacklint lints files of this kind found on their own or given on the command line
// (the values of `--kind`): compose, postgres, pg-hba, redis, prometheus, rules, pgbouncer, alertmanager.
bool is_linted_kind(FileKind kind);

}  // namespace stacklint
