// alertmanager.yml as Alertmanager's config.Load reads it and `amtool check-config` judges it: strict
// YAML (unknown fields rejected), durations, URLs, matchers in all three syntaxes, the route tree
// and the validations of config.go and of each receiver type. A pure function of the file; errors
// are data in AmConfig::errors (reading goes on past the first one, amtool stops at it).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "linter/model/am_config.h"
#include "linter/model/stack.h"
#include "linter/source/source.h"

namespace stacklint::alertmanager {

struct Options {
  AmVersion version;
};

struct Parse {
  std::shared_ptr<AmConfig> config;  // always set
  std::vector<DuplicateKey> duplicate_keys;
};

Parse parse(const SourcePtr& source, const Options& options);

// "v0.27.0", "0.25", "v0.28.1-debian" -> a version; nullopt otherwise ("latest").
std::optional<AmVersion> parse_version(std::string_view tag);

}  // namespace stacklint::alertmanager
