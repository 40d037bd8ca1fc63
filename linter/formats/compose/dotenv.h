// `.env` and `--env-file` files as compose-go's dotenv parser reads them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/source/fs.h"

namespace stacklint::compose {

struct DotenvError {
  uint32_t line = 0;
  std::string message;
};

struct Dotenv {
  std::vector<std::pair<std::string, std::string>> values;  // in file order
  std::vector<uint32_t> lines;                              // the line each value is written on
  std::vector<DotenvError> errors;
};

// Lines `[export ]KEY=VALUE` (or `KEY: VALUE`); `#` comment lines; unquoted values end at ` #` and
// are trimmed; 'single quotes' are literal; "double quotes" process escapes; unquoted and double
// quoted values expand ${VAR} from earlier keys of the file, then `lookup`. A bare `KEY` takes its
// value from `lookup` (skipped when absent).
Dotenv parse_dotenv(std::string_view text, const std::map<std::string, std::string>& lookup);

// Lines that comment an assignment out (`# KEY=value`, `#export KEY=`): in a template they document
// a variable the user may leave unset. The name must touch its `=`, so prose (`# Note = ...`) is not
// one. In file order, each with its line.
std::vector<std::pair<std::string, uint32_t>> commented_assignments(std::string_view text);

// Whether a `.gitignore` next to the file or at `root` ignores the file's name: its values are then
// the user's own (an untracked `.env`), not written in the repository.
bool git_ignored(const FileSystem& fs, const std::string& file, const std::string& root);

// Whether a file name is a committed template of the project's `.env` (`cp .env.example .env`):
// `.env` or `env` followed by a word example, sample, template, tmpl or dist (`.env.example`,
// `env.sample`, `.env.example_docker`, `.env.dist`), or such a word followed by `.env`
// (`example.env`).
bool is_env_template_name(std::string_view name);

}  // namespace stacklint::compose
