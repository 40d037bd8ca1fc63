// What kind of file a file of the repository is, from evidence, strongest first: the service that
// mounts it and how its program is told to read it; its name; content that only that kind has.
// A file without evidence is not linted (`stacklint model` lists it, with the reason).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "linter/model/stack.h"

namespace stacklint {

// The kinds of file stacklint reads (compose, postgres, redis, prometheus, rules, pgbouncer,
// alertmanager; grafana provisioning only through the service that mounts it); none when nothing says.
struct KindGuess {
  FileKind kind = FileKind::none;
  std::string evidence;  // "its name", "its content (scrape_configs:)"... or why there is no kind
};

// From the name, then (for YAML) the content. `content` is nullopt when the file was not read.
KindGuess kind_by_name_or_content(const std::string& path, const std::optional<std::string>& content);

// A kind told by the name alone (postgresql*.conf, redis*.conf, pg_hba*.conf, pgbouncer*.ini) that
// the content contradicts (rw21: the host's stunnel configs `redis-cache.conf`, INI sections and
// `accept = ...`, no redis directive) is no kind: `stacklint model` says why. Content with no line
// but comments agrees with any name; other guesses are returned as they are.
KindGuess agree_with_content(KindGuess by_name, const std::string& content);

// Whether the name may hold YAML (`.yml`, `.yaml`, the classic `.rules`): read to tell its kind.
bool may_be_yaml_name(const std::string& name);

// Go's filepath.Match over whole paths, segment by segment (`*` stays within one).
bool path_glob_match(std::string_view pattern, std::string_view p);

// A service whose program reads a file: the strongest evidence of its kind. `kind` is the kind the
// program reads it as, none when stacklint does not model that program (the file is then left alone).
struct FileReader {
  const Service* service = nullptr;
  std::string container_path;
  FileKind kind = FileKind::none;
  std::string reason;  // why the file is not linted, for `stacklint model`
};

// The service that reads the file at `host_path` (on this machine) through its bind mounts, as its
// program is told to (its config file, its command line, a mount into a program stacklint does not
// model); nullopt when no service's program reads it. Files bound by the binders (the Prometheus
// config, its rule files, redis.conf, postgresql.conf) are not asked about.
std::optional<FileReader> reader_of(const Stack& stack, const std::string& host_path);

// A program stacklint does not model that its command line or environment tells to read a YAML
// file beside `host_path` (the same directory): the reader of a rule file no service mounts whose
// neighbours vmalert reads. nullopt when there is none.
std::optional<FileReader> sibling_reader_of(const Stack& stack, const std::string& host_path);

}  // namespace stacklint
