// file_sd_configs target files as Prometheus's file discovery reads them (discovery/file/file.go,
// discovery/targetgroup): a list of {targets: [...], labels: {...}} groups, decoded as JSON (Go's
// encoding/json: unknown fields refused, field names matched case-insensitively) or as strict YAML
// (yaml.v2 UnmarshalStrict) by the file's extension. A file with any error is dropped whole by
// Prometheus (its targets are not scraped): `groups` is then empty.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/source.h"
#include "linter/yaml/duplicate_key.h"

namespace stacklint::prometheus {

enum class FileSdFormat : uint8_t { json, yaml };

// The decoder Prometheus picks by extension (case-insensitive .json, .yml, .yaml); nullopt for any
// other, which the config refuses.
std::optional<FileSdFormat> file_sd_format(std::string_view path);

// file.go's patFileSDName `^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`: `*` only in the last
// path element, and a known extension.
bool valid_file_sd_pattern(std::string_view pattern);

struct FileSdGroup {
  std::vector<Located<std::string>> targets;           // each target string where it is written
  std::map<std::string, Located<std::string>> labels;  // the group's labels (value locations)
};

struct FileSdParse {
  std::vector<FileSdGroup> groups;  // empty when `errors` is not (Prometheus drops the file)
  std::vector<ParseIssue> errors;   // what Prometheus logs when it refuses the file
  std::vector<DuplicateKey> duplicate_keys;
  // false: valid JSON that stacklint could not map to locations (so it judges nothing in it).
  bool understood = true;
};

// `utf8_names`: label names are any valid UTF-8 (Prometheus 3), else legacy [a-zA-Z_][a-zA-Z0-9_]*.
FileSdParse parse_file_sd(const SourcePtr& source, FileSdFormat format, bool utf8_names);

}  // namespace stacklint::prometheus
