// `.env` and `--env-file` files as compose-go's dotenv parser reads them.
#pragma once

#include <cstdint>
#include <functional>
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

// Whether an env file is stored encrypted as a whole: git-crypt's `\0GITCRYPT\0` header or an
// ansible-vault file (`$ANSIBLE_VAULT;1.1;AES256`). Its variables are set where it is decrypted;
// their names and values are unknown. (A SOPS dotenv keeps its keys and any value it leaves plain
// readable: it is read as a dotenv.)
bool is_encrypted_env(std::string_view text);

// Lines `[export ]KEY=VALUE` (or `KEY: VALUE`); `#` comment lines; unquoted values end at ` #` and
// are trimmed; 'single quotes' are literal; "double quotes" process escapes; unquoted and double
// quoted values expand ${VAR} from earlier keys of the file, then `lookup`. A bare `KEY` takes its
// value from `lookup` (skipped when absent).
Dotenv parse_dotenv(std::string_view text, const std::map<std::string, std::string>& lookup);

// A shell variable's name: a letter or `_`, then letters, digits and `_`.
bool is_variable_name(std::string_view w);

// An options string a program or image sets itself (`JAVA_OPTS`, `NODE_OPTIONS`, `*_ARGS`,
// `*_FLAGS`): passed on empty, it replaces the image's own options.
bool names_options(std::string_view name);

// Lines that comment an assignment with a value out (`# KEY=value`, `#export KEY=value`): in a
// template they document an optional setting the user may leave unset. The name must touch its `=`,
// so prose (`# Note = ...`) is not one, and `# KEY=` alone is a blank to fill in, unless the last
// line of prose of its comment block calls the section optional (`### If using AWS KMS`, `# Optional:`,
// `uncomment to enable`). In file order, each with its line.
std::vector<std::pair<std::string, uint32_t>> commented_assignments(std::string_view text);

// Variables a template's comments list as bullets without a value: `# - POOL_SSD (from
// .stackr.yaml)`, `# * BASE_DOMAIN: set by the deploy tool`, `# - MEDIA_STORAGE*` (a trailing `*`
// names every variable with that prefix, kept in the name). Only upper-case names with an
// underscore or of four letters or more, so a bullet of prose (`# - Copy this file`) is none.
std::vector<std::pair<std::string, uint32_t>> listed_in_comments(std::string_view text);

// Whether a file's leading comment block tells the reader to copy or rename it to `.env`
// ("# Copy this file to .env and change the values"): the file is the project's env template,
// whatever its name (`deploy.env`).
bool says_copy_to_dotenv(std::string_view text);

// The `cp SRC DEST` (or `mv`, with flags) commands written in a script or a README whose DEST is
// an `.env` (`.env`, `./.env`, `docker/.env`): {SRC, DEST} as written, relative to the directory
// the command runs in. The files the documented setup copies to an `.env`.
std::vector<std::pair<std::string, std::string>> dotenv_copies(std::string_view text);

// The files a documented compose command passes with `--env-file FILE` or `--env-file=FILE`
// (`docker compose --env-file=docker.env up`), as written; not those named by a variable. With
// `runs_file`, only those of commands that run a compose file it accepts (its `-f FILE` as
// written): a launcher's `docker compose -f master.yml --env-file master.env` gives its environment
// to master.yml, not to the other compose files of the directory (rw255 suxen).
std::vector<std::string> env_file_arguments(std::string_view text,
                                            const std::function<bool(std::string_view)>& runs_file = {});

// The variables a shell script or Makefile exports to the programs it runs: `export NAME[=value]`
// (several names allowed), and `NAME=value ... docker compose ...` assignments in front of a docker
// command on one line. Each with its line, in file order.
std::vector<std::pair<std::string, uint32_t>> script_exports(std::string_view text);
// The files a shell script sources while `set -a` (`set -o allexport`) is on, which exports every
// variable they set to the programs it runs (rw23 metersphere's install.sh: `set -a; source
// ${__current_dir}/install.conf`, then `env | grep MS_ > .../.env`). Each path as written, relative
// to the script's own directory (a leading `$SCRIPT_DIR/` or `${__current_dir}/`, a variable named
// for a directory, root, base or here, is taken to be that directory), with its line; not other paths
// a variable names (`$HOME/.msrc`), absolute ones, or ones with `..`.
std::vector<std::pair<std::string, uint32_t>> script_allexport_sources(std::string_view text);
// A systemd unit (`immich-remote.service`, a `.service.tpl` template): the variables its
// `Environment=` lines set (`Environment=UPLOAD_LOCATION=/mnt/upload "B=x y"`), each with its line,
// and its `ExecStart=`/`ExecStartPre=`/`ExecReload=` commands as shell lines, the program's directory
// dropped (`/usr/bin/docker compose -f x.yml up -d` as `docker compose -f x.yml up -d`) for
// script_compose_commands.
struct UnitFile {
  std::vector<std::pair<std::string, uint32_t>> environment;
  std::string commands;
};
UnitFile read_unit_file(std::string_view text);
// Whether a file name is a systemd service unit or a template of one (`x.service`, `x.service.tpl`,
// `.service.j2`, `.service.in`).
bool is_unit_file_name(std::string_view name);

// The same for a README: the commands of its fenced code blocks (after a `$ ` prompt) and of its
// inline code (`TAG=<tag> docker compose -f dev.yml up`), each by the line it is on; and the
// `NAME=value` lines of a fenced block that the prose line before it tells to put in `.env` ("Add
// to your root `.env` file:"), which document the variable as a template does.
std::vector<std::pair<std::string, uint32_t>> readme_exports(std::string_view text);

// The compose commands of a shell script (`docker compose -f FILE ... up`, `docker-compose ...`),
// in order: each with the directory the script moved to before it (`cd DIR`, as written; "" when
// none), its `-f` / `--file` files as written and its line (the first line of a continued command).
struct ScriptComposeCommand {
  std::string directory;
  // `cd "$PROJECT_ROOT"` with PROJECT_ROOT="$(cd "$(dirname "$0")/.." && pwd)": `directory` is
  // relative to the script's own directory, wherever it was started from.
  bool script_relative = false;
  std::vector<std::string> files;
  std::string subcommand;  // `up`, `run`, `config`, ...: empty when the line ends before one
  uint32_t line = 0;
};
// `remote_checkout`: the script runs on a server over ssh, where an absolute `cd` (no variable)
// moves to the repository's checkout: its top ("").
std::vector<ScriptComposeCommand> script_compose_commands(std::string_view text, bool remote_checkout = false);

// Whether `name` (a base name) is a file compose reads without -f: compose.yaml, compose.yml,
// docker-compose.yml, docker-compose.yaml.
bool is_default_compose_name(std::string_view name);

// Whether a compose command run in directory `at` runs the project whose files are `ours` (normalized
// paths, its first file first): one of its `-f` files (relative to `at`) is one of them; or, when
// `without_f` and it has none (or only files named by variables, `-f "$COMPOSE"`), `at` is the first
// file's directory and that file has a default name.
bool runs_project(const std::vector<std::string>& files, const std::string& at, const std::vector<std::string>& ours,
                  bool without_f);

// Whether a shell script writes a file named `name` (a base name): the target of a `>` or `>>`
// redirect, of `tee`, of `cp`/`mv`, of `htpasswd`, or a folder `mkdir` makes (`sed ... template >
// "sentinel-$i.conf"`: a variable in the target matches any text, but a target that starts with one
// names no file in particular); a folder of that name in a target's path is written too.
bool script_writes(std::string_view text, const std::string& name);

// Whether a shell script tests that a file named `name` exists (`[ ! -f .env ]`, `test -s "./.env"`),
// in its own directory: the script guards the setup step that makes it.
bool script_tests_for(std::string_view text, const std::string& name);

// The repository's top level: the last of the directories above the project directory (up to it,
// nearest first), else the stack root. git reads every .gitignore from there down.
inline const std::string& repository_top(const std::vector<std::string>& above, const std::string& root) {
  return above.empty() ? root : above.back();
}

// Whether git ignores the file, by the `.gitignore` of its directory and of every directory above
// it up to `root` (the nearest one that says anything decides; `**/` and `!` as git reads them):
// its values are then the user's own (an untracked `.env`), not written in the repository.
bool git_ignored(const FileSystem& fs, const std::string& file, const std::string& root);

// Whether a file missing from the repository is one its setup writes, so its absence says nothing:
// a committed template of it lies beside it (`prometheus.yml.example`, `prometheus.example.yml`;
// suffixes example, template, tmpl, tpl, sample, dist, j2, in; or `sample.prometheus.yml`, and the
// prefixes example. and template.), git ignores it, a shell script or
// Makefile beside it or at `root` (or in a scripts/ or bin/ folder there, or a scripts/ folder beside
// the file's folder) writes it (compose::script_writes), or it lies in a git
// submodule (`.gitmodules` at `root` or at `top`, the repository's top level), which a
// checkout without `--recurse-submodules` leaves empty.
bool written_by_setup(const FileSystem& fs, const std::string& file, const std::string& root,
                      const std::string& top = {});

// Whether a file name is a committed template of the project's `.env` (`cp .env.example .env`):
// `.env` or `env` followed by a word example, sample, template, tmpl or dist (`.env.example`,
// `env.sample`, `.env.example_docker`, `.env.dist`), or such a word followed by `.env`
// (`example.env`).
bool is_env_template_name(std::string_view name);

// The scripts a shell script sources (`source "$HERE/../../scripts/lib.sh"`, `. ./env.sh`), as paths
// from its own directory: written relative, or from a variable the script sets to its own directory;
// not those that name other variables.
std::vector<std::string> sourced_scripts(std::string_view text);

// The compose files a script or an Ansible task deploys to a swarm, as written, each with its line:
// the `-c` / `--compose-file` files of `docker stack deploy` (`docker stack deploy -c stack.yml app`)
// and the `compose:` files of a `docker_stack` task (`community.docker.docker_stack:` with
// `compose: ["{{ item }}/docker-compose.yml"]`).
std::vector<std::pair<std::string, uint32_t>> stack_deploy_files(std::string_view text);

// The template files an Ansible task file writes to an env file (a `template:` or `copy:` task whose
// `dest:` ends in `.env`: `src: env.j2`, `dest: "{{ stack_dir }}/.env"`), each `src:` as written.
std::vector<std::string> ansible_env_templates(std::string_view text);

}  // namespace stacklint::compose
