// prometheus.yml exactly as Prometheus's config.Load reads it: every section known, unknown fields
// rejected with Prometheus's type names, durations as model.ParseDuration, defaults and the
// validations of config.go. Service-discovery blocks are recognized by name and checked for shape.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/prom_config.h"
#include "linter/model/stack.h"
#include "linter/source/source.h"

namespace stacklint::yaml {
class Stream;
}

namespace stacklint::prometheus {

struct ConfigOptions {
  int major = 3;  // the Prometheus version (fields newer than it are unknown)
  int minor = 0;
};

struct ConfigParse {
  std::shared_ptr<PromConfig> config;  // always set; `path` etc. are left to the caller
  std::vector<ParseIssue> errors;      // prometheus/syntax
  std::vector<DuplicateKey> duplicate_keys;
};

ConfigParse parse_config(const SourcePtr& source, const ConfigOptions& options);

// config.go's patRulePath `^[^*]*(\*[^/]*)?$`: a `*` only in the last path segment, at most one.
bool valid_rule_file_pattern(std::string_view pattern);

}  // namespace stacklint::prometheus
