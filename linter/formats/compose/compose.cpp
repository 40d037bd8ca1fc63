#include "linter/formats/compose/compose.h"

#include <malloc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "linter/formats/compose/dotenv.h"
#include "linter/formats/compose/errors.h"
#include "linter/formats/compose/merge.h"
#include "linter/formats/compose/schema.h"
#include "linter/formats/compose/service.h"
#include "linter/formats/compose/tree.h"
#include "linter/formats/compose/workflow.h"
#include "linter/model/secrets.h"
#include "linter/source/text.h"
#include "linter/yaml/yaml.h"

namespace stacklint {

namespace {

// Drops the errors at values whose text holds one of `uses` (each a `${...}` span).
void drop_errors_with_unknown_values(std::vector<ParseIssue>& errors, const std::vector<Location>& uses) {
  if (uses.empty()) return;
  std::erase_if(errors, [&](const ParseIssue& e) {
    const Location& at = e.location;
    return at.end_offset > at.offset && std::any_of(uses.begin(), uses.end(), [&](const Location& u) {
             return u.file == at.file && u.offset >= at.offset && u.end_offset <= at.end_offset;
           });
  });
}

// The line (1-based) of a template tag (`{{ name }}`, `{% if %}`) on the line where YAML failed or
// the line before it; 0 when neither holds one. Such a file is a template that its project renders
// before compose reads it.
uint32_t template_tag_line(std::string_view text, uint32_t error_line) {
  const auto tagged = [](std::string_view line) {
    const size_t open = line.find("{{");
    if (open != std::string_view::npos && line.find("}}", open + 2) != std::string_view::npos) return true;
    const size_t block = line.find("{%");
    return block != std::string_view::npos && line.find("%}", block + 2) != std::string_view::npos;
  };
  uint32_t number = 1;
  size_t start = 0;
  while (start <= text.size() && number <= error_line) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (number + 1 >= error_line && tagged(text.substr(start, end - start))) return number;
    start = end + 1;
    ++number;
  }
  return 0;
}

// The first line holding a Jinja expression (`{{ vault_db_pass }}`, `{{ appdata | default('/srv') }}`,
// `{{ item.name }}`) in a file that parses as YAML: an Ansible template whose values only its
// renderer gives (rw29 ironicbadger/infra). Go templates (`{{.Name}}`, `{{ index .Labels "x" }}`)
// start with a dot or call a function on one, and are not.
uint32_t jinja_line(std::string_view text) {
  uint32_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      continue;
    }
    // A YAML comment (`# see {{ docs }}`) says nothing.
    if (text[i] == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    // `${{ secrets.X }}` (GitHub Actions, APISIX's env) is not Jinja.
    if (text[i] != '{' || i + 1 >= text.size() || text[i + 1] != '{' || (i > 0 && text[i - 1] == '$')) continue;
    size_t j = i + 2;
    while (j < text.size() && text[j] == ' ') ++j;
    const size_t name = j;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) ++j;
    if (j == name || std::isdigit(static_cast<unsigned char>(text[name])) != 0) continue;
    if (j < text.size() && (text[j] == '.' || text[j] == '[')) return line;
    while (j < text.size() && text[j] == ' ') ++j;
    if (j < text.size() && (text[j] == '|' || text.substr(j, 2) == "}}")) return line;
  }
  return 0;
}

using compose::CNode;
using compose::Entry;

// Whether `text` names the file `name` as a word of its own (`variables.env`, not `xvariables.env`
// or `variables.env.bak`).
bool mentions_file(std::string_view text, std::string_view name) {
  const auto part_of_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
  };
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const bool starts = at == 0 || !part_of_name(text[at - 1]);
    const size_t end = at + name.size();
    const bool ends = end == text.size() || !part_of_name(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

class Loader {
 public:
  Loader(ComposeFiles files, const ComposeOptions& options, ComposeLoad& out)
      : files_(std::move(files)), options_(options), out_(out), project_(out.project) {}

  void run() {
    if (options_.files.empty()) return;
    project_dir_ = path::dirname(path::normalize(options_.files.front()));
    project_.directories_above = options_.template_dirs;
    load_variables();
    CNode merged;
    bool first = true;
    for (const std::string& file : options_.files) {
      merge_base_ = first ? nullptr : &merged;
      std::vector<CNode> docs = load_file(file, project_dir_, true);
      merge_base_ = nullptr;
      for (CNode& doc : docs) {
        // `include:` loads other compose files first; their services join this project.
        std::vector<CNode> included;
        load_includes(doc, project_dir_, 0, included);
        included.push_back(std::move(doc));
        for (CNode& part : included) {
          resolve_all_extends(part, path::normalize(file));
          if (first) {
            compose::apply_tags(part);
            merged = std::move(part);
            first = false;
          } else {
            compose::merge_files(merged, std::move(part));
          }
        }
      }
    }
    if (!empty_files_.empty() && empty_files_.size() == options_.files.size()) {
      for (const std::string& f : empty_files_) error("the compose file is empty", Location::whole_file(f));
    }
    // The YAML trees and the schema check's copies are freed by now, in small pieces the service
    // records (one large block) cannot reuse: give their pages back first.
    malloc_trim(0);
    name_networks(merged);
    forgive_optional_suffixes(merged);
    forgive_external_names(merged);
    check_dependencies(merged);
    build_services(merged);
    project_.variable_lines = variable_lines_;
    // A fill-in the env template leaves blank (`DATA_DIR=` in .env.example) or holds a placeholder
    // (`API_PORT="?"`) has the value the user gives it: the errors its text makes here
    // (`${DATA_DIR}:/data` as an empty source, rw28 homelab-2026: 23 wrong errors; `?:?` as a port,
    // rw83 Dhruva-Platform) are not known to be wrong.
    drop_errors_at(blank_template_uses_);
    find_env_above();
    forgive_listed_prefixes();
    forgive_script_variables();
    // A template above that names this project's variables documents it too.
    if (std::ranges::any_of(above_template_keys_, [&](const std::string& k) { return used_variables_.contains(k); })) {
      project_.documented_names.insert(above_template_keys_.begin(), above_template_keys_.end());
    }
    forgive_private_environment();
    forgive_template_files();
    forgive_sibling_env_file();
    forgive_platform_variables();
    forgive_installed();
    if ((!project_.version_keys.empty() && !project_.swarm_key) || !project_.unset_variables.empty()) {
      find_stack_deploy();
    }
    forgive_stack_deploy_environment();
    forgive_empty_by_choice();  // last: the others first say which are set where compose runs
    find_ci_starts();
  }

 private:
  void error(std::string message, Location location) {
    compose::add_error(project_.errors, std::move(message), location);
  }

  enum class EnvSource : uint8_t { env_file, git_ignored_env_file, template_file };

  [[nodiscard]] std::string rel(const std::string& host) const { return path::relative_to(host, files_.root); }
  // The project's compose files, normalized, in merge order.
  [[nodiscard]] std::vector<std::string> normalized_files() const {
    std::vector<std::string> out;
    for (const std::string& f : options_.files) out.push_back(path::normalize(f));
    return out;
  }
  [[nodiscard]] EnvSource source_of(const std::string& env_file) const {
    return compose::git_ignored(*files_.fs, env_file, compose::repository_top(options_.template_dirs, files_.root))
               ? EnvSource::git_ignored_env_file
               : EnvSource::env_file;
  }
  // Where an env file without a line of its own is named: the first compose file.
  [[nodiscard]] Reference env_reference(std::string directive, std::string written) const {
    return Reference{.directive = std::move(directive),
                     .written = std::move(written),
                     .location = Location::whole_file(rel(options_.files.front()))};
  }

  // An env file's variables, its errors reported at their lines.
  // `report`: whether compose reads the file, so its errors stop it. A template (`env.example`) is
  // read for the names it documents only: compose never opens it, and it may be another program's
  // (rw141 normaldance's env.example, copied to Next.js's .env.local).
  compose::Dotenv parse_env(const SourceFile& sf, bool report = true) {
    compose::Dotenv env = compose::parse_dotenv(sf.text(), options_.environment);
    if (!report) return env;
    for (const auto& e : env.errors) {
      const uint32_t off = sf.line_offset(e.line);
      error(e.message, sf.span(off, off));
    }
    return env;
  }

  // The whole of line `line` of a file.
  static Location line_of(const SourceFile& sf, uint32_t line) {
    const uint32_t off = sf.line_offset(line);
    const size_t eol = sf.text().find('\n', off);
    return sf.span(off, static_cast<uint32_t>(eol == std::string::npos ? sf.text().size() : eol));
  }

  void read_env_file(const std::string& host, bool required, EnvSource source, const Reference& ref) {
    const OpenResult opened = files_.env->open(host, ref);
    if (opened.status != OpenStatus::found) {
      if (required && !is_refusal(opened.status)) {
        error("cannot read env file '" + host + "'", Location::whole_file(rel(options_.files.front())));
      }
      return;
    }
    const SourceFile& sf = *opened.source;
    // An encrypted `.env` (git-crypt, ansible-vault) is decrypted where the stack runs: the
    // variables it sets are unknown here, not unset, and its ciphertext is no dotenv to check.
    if (compose::is_encrypted_env(sf.text())) {
      if (source != EnvSource::template_file) encrypted_env_ = true;
      return;
    }
    if (source == EnvSource::template_file && !reading_above_) template_read_ = true;
    const compose::Dotenv env = parse_env(sf, source != EnvSource::template_file);
    for (size_t i = 0; i < env.values.size(); ++i) {
      const auto& [k, v] = env.values[i];
      if (source != EnvSource::git_ignored_env_file && !reading_above_) project_.documented_names.insert(k);
      if (source == EnvSource::template_file && reading_above_) above_template_keys_.insert(k);
      const Location line = line_of(sf, env.lines[i]);
      if (source == EnvSource::template_file) {
        if (!reading_above_)
          project_.template_values.try_emplace(k, Located<std::string>{.value = v, .location = line});
        if (variables_.count(k) > 0) continue;  // set for real: the template only fills gaps
        project_.template_variables[k] = line;
      } else if (source == EnvSource::env_file) {
        variable_lines_[k] = line;
      } else {
        variable_lines_.erase(k);
      }
      variables_[k] = v;
    }
    read_commented(sf);
    if (source == EnvSource::template_file) read_listed(sf);
  }

  // `# - POOL_SSD (from .stackr.yaml)` in a template: a variable the authors name as given by
  // something else (a deploy tool); its value is unknown, not unset (rw27 serverconfig: 10 wrong).
  // `# - MEDIA_STORAGE*` names every variable with that prefix.
  void read_listed(const SourceFile& sf) {
    for (const auto& [k, line] : compose::listed_in_comments(sf.text())) {
      if (reading_above_) above_template_keys_.insert(k);
      const Location at = line_of(sf, line);
      if (k.ends_with('*')) {
        listed_prefixes_.emplace(k.substr(0, k.size() - 1), at);
        continue;
      }
      if (variables_.count(k) > 0) continue;
      project_.template_variables[k] = at;
      variables_[k] = "";
    }
  }

  // Unset variables with a prefix a template lists (`# - MEDIA_STORAGE*`) are documented there.
  void forgive_listed_prefixes() {
    if (listed_prefixes_.empty()) return;
    forgive([&](const UnsetVariable& u) {
      for (const auto& [prefix, at] : listed_prefixes_) {
        if (!u.name.starts_with(prefix)) continue;
        project_.template_variables.emplace(u.name, at);
        return true;
      }
      return false;
    });
  }

  // `# KEY=value` in a template or the project's `.env` documents a variable the user may leave
  // unset: compose substitutes an empty string, as the file's author intends; rules never judge it.
  // Not for options strings (`JAVA_OPTS`, `NODE_OPTIONS`, `*_ARGS`, `*_FLAGS`): passed on empty, they
  // replace the options the image sets itself.
  void read_commented(const SourceFile& sf) {
    // Every commented assignment, blanks to fill in included (`# CONTACT=` under "(required)"),
    // documents its variable.
    if (!reading_above_) {
      for (std::string_view line : split_lines(sf.text())) {
        line = trim_blanks(line);
        if (!line.starts_with('#')) continue;
        line = trim_blanks(line.substr(1));
        if (line.starts_with("export ")) line = trim_blanks(line.substr(7));
        const size_t eq = line.find('=');
        if (eq != std::string_view::npos && eq > 0 && compose::is_variable_name(line.substr(0, eq))) {
          project_.documented_names.emplace(line.substr(0, eq));
        }
      }
    }
    for (const auto& [k, line] : compose::commented_assignments(sf.text())) {
      if (variables_.count(k) > 0 || compose::names_options(k)) continue;
      if (reading_above_) above_template_keys_.insert(k);
      const uint32_t off = sf.line_offset(line);
      const size_t eol = sf.text().find('\n', off);
      project_.template_variables[k] =
          sf.span(off, static_cast<uint32_t>(eol == std::string::npos ? sf.text().size() : eol));
      variables_[k] = "";
    }
  }

  // The repository's own environment templates fill variables set nowhere else: the project
  // directory's, then those of the directories above it up to the repository's top level (the
  // nearest template that sets a variable wins). In each directory the usual names first, then any
  // other template name (`.env.example_docker`) in byte order.
  void read_templates() {
    read_templates_in(project_dir_);
    reading_above_ = true;
    for (const std::string& dir : options_.template_dirs) read_templates_in(dir);
    reading_above_ = false;
  }

  // A template named after one of the project's compose files: `docker-compose-remote.env.example`
  // beside docker-compose-remote.yml (rw139 unpoller), `.env.sample` or `.sample.env` after the stem.
  [[nodiscard]] bool names_compose_template(std::string_view name) const {
    for (const std::string& f : options_.files) {
      std::string stem = path::basename(f);
      stem.erase(std::min(stem.rfind('.'), stem.size()));
      if (!name.starts_with(stem) || name.size() <= stem.size() || name[stem.size()] != '.') continue;
      const std::string_view rest = name.substr(stem.size());
      for (const std::string_view word : {"example", "sample", "template", "dist"}) {
        if (rest == ".env." + std::string(word) || rest == "." + std::string(word) + ".env") return true;
      }
    }
    return false;
  }

  void read_templates_in(const std::string& dir) {
    static constexpr std::array<std::string_view, 7> kUsual = {
        ".env.example", ".env.template", ".env.sample", ".env.dist", "env.example", "env.sample", "env.template"};
    std::vector<std::string> paths;
    for (std::string_view name : kUsual) paths.push_back(path::join(dir, std::string(name)));
    const std::vector<std::string> listed = files_.fs->list(dir);
    for (const std::string& name : listed) {
      if ((compose::is_env_template_name(name) || names_compose_template(name)) &&
          std::find(kUsual.begin(), kUsual.end(), name) == kUsual.end()) {
        paths.push_back(path::join(dir, name));
      }
    }
    for (std::string& p : copied_to_dotenv(dir, listed)) {
      if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(std::move(p));
    }
    for (const std::string& p : paths) {
      read_env_file(p, false, EnvSource::template_file, env_reference(path::basename(p), rel(p)));
    }
  }

  // `dockerfile: ci/Dockerfile${SUFFIX}` with the variable set nowhere: the empty suffix names a
  // Dockerfile the repository has, so the variable is an option the author leaves unset on purpose
  // (rw17 cadence: the CI runs its compose files without it). Those uses are not reported; a use of
  // the same variable elsewhere still is.
  void forgive_optional_suffixes(const CNode& merged) {
    if (project_.unset_variables.empty()) return;
    const CNode* services = merged.get("services");
    if (services == nullptr || !services->is_mapping()) return;
    for (const Entry& e : services->entries) {
      const CNode* build = e.value.is_mapping() ? e.value.get("build") : nullptr;
      if (build == nullptr || !build->is_mapping()) continue;
      const CNode* file = build->get("dockerfile");
      if (file == nullptr || !file->is_scalar() || file->written_unset.empty() || file->value.empty()) continue;
      const CNode* context = build->get("context");
      std::string dir = build->base_dir.str();
      if (context != nullptr && context->is_scalar()) {
        if (context->value.find("://") != std::string::npos || context->value.rfind("git@", 0) == 0) continue;
        dir = path::join(context->base_dir.str(), context->value);
      }
      const std::string host = path::normalize(path::join(dir, file->value));
      if (!files_.fs->exists(host) || files_.fs->is_directory(host)) continue;
      const Location& at = file->location;
      std::erase_if(project_.unset_variables, [&](const UnsetVariable& u) {
        return !u.required && u.location.file == at.file && u.location.offset >= at.offset &&
               u.location.end_offset <= at.end_offset;
      });
    }
  }

  // The `external:` of a top-level declaration (volumes, networks, secrets, configs) that makes it
  // external: `true`, or the legacy mapping (`external: {name: X}`); nullptr otherwise.
  static const CNode* external_of(const CNode& decl) {
    const CNode* ext = decl.is_mapping() ? decl.get("external") : nullptr;
    if (ext == nullptr) return nullptr;
    return ext->is_mapping() || (ext->is_scalar() && (ext->value == "true" || ext->value == "True")) ? ext : nullptr;
  }

  // The `name:` of a declaration, or the legacy `external: {name: X}`'s.
  static const CNode* name_of(const CNode& decl) {
    if (!decl.is_mapping()) return nullptr;
    const CNode* ext = decl.get("external");
    if (ext != nullptr && ext->is_mapping() && ext->get("name") != nullptr) return ext->get("name");
    return decl.get("name");
  }

  // The name of an external volume or network (`external: {name: ${TB_LOG_VOLUME}}`, or `name:`
  // beside `external: true`): compose never creates it, so a step outside compose did
  // (`docker volume create`), the install script that also gives its name (thingsboard's
  // docker-install-tb.sh). Its value is unknown, not unset; left empty, compose refuses the
  // project itself, naming the volume it cannot find.
  void forgive_external_names(const CNode& merged) {
    if (project_.unset_variables.empty()) return;
    std::vector<Location> names;
    for (const char* section : {"volumes", "networks"}) {
      const CNode* decls = merged.get(section);
      if (decls == nullptr || !decls->is_mapping()) continue;
      for (const Entry& e : decls->entries) {
        if (external_of(e.value) == nullptr) continue;
        const CNode* name = name_of(e.value);
        if (name != nullptr && name->is_scalar() && !name->written_unset.empty()) names.push_back(name->location);
      }
    }
    if (names.empty()) return;
    forgive([&](const UnsetVariable& u) {
      return !u.required && std::ranges::any_of(names, [&](const Location& at) {
        return u.location.file == at.file && u.location.offset >= at.offset && u.location.end_offset <= at.end_offset;
      });
    });
  }

  // A variable the stack also writes with an empty default (`${ENCRYPTION_KEY:-}`) is one its
  // authors let be empty: a plain `${ENCRYPTION_KEY}` elsewhere gives the same "" (rw67 insforge).
  // Its value stays "", and the errors it makes stay.
  void forgive_empty_by_choice() {
    if (project_.unset_variables.empty() || empty_default_variables_.empty()) return;
    std::erase_if(project_.unset_variables,
                  [&](const UnsetVariable& u) { return !u.required && empty_default_variables_.count(u.name) > 0; });
  }

  // Variables the repository's own scripts export to the compose they run (`export CONF=...` in
  // ./up, `HOSTNAME=$HOSTNAME docker compose up` in scripts/run.sh) are set when compose runs: their
  // value is unknown, not unset. Scripts of the project directory, the directories above it up to
  // the repository's top level, and their scripts/ (and its subfolders) and bin/ folders.
  void forgive_script_variables() {
    if (project_.unset_variables.empty()) return;
    std::vector<std::string> dirs = {project_dir_};
    dirs.insert(dirs.end(), options_.template_dirs.begin(), options_.template_dirs.end());
    for (size_t i = 0, n = dirs.size(); i < n; ++i) {
      dirs.push_back(path::join(dirs[i], "scripts"));
      dirs.push_back(path::join(dirs[i], "bin"));
      // scripts/<topic>/ too (rw22 home-server-stack's scripts/traefik/setup-traefik-password.sh).
      const std::string scripts = path::join(dirs[i], "scripts");
      for (const ListedEntry& entry : files_.fs->list_entries(scripts)) {
        const std::string sub = path::join(scripts, entry.name);
        if (!entry.name.starts_with('.') && files_.fs->is_directory(sub, entry)) dirs.push_back(sub);
      }
    }
    std::map<std::string, Location> exported;
    for (const std::string& dir : dirs) {
      if (!files_.fs->is_directory(dir)) continue;
      for (const std::string& name : files_.fs->list(dir)) read_exports(path::join(dir, name), exported);
    }
    read_runner_scripts(exported);
    read_ansible_env_templates(exported);
    read_workflows(exported);
    forgive([&](const UnsetVariable& u) {
      const auto it = exported.find(u.name);
      if (it == exported.end()) return false;
      project_.template_variables.emplace(u.name, it->second);
      return true;
    });
  }

  // Drops the unset uses `set_elsewhere` says are set where compose runs (their value unknown, not
  // empty), and with them the errors that their empty values made (`memory: ${MEM_LIMIT}` read as
  // `invalid size: ''`): those values are not known to be wrong.
  template <typename F>
  void forgive(F&& set_elsewhere) {
    std::vector<Location> uses;
    std::erase_if(project_.unset_variables, [&](const UnsetVariable& u) {
      if (!set_elsewhere(u)) return false;
      if (!u.required) uses.push_back(u.location);
      return true;
    });
    drop_errors_at(uses);
  }

  // Drops the errors at `uses` (drop_errors_with_unknown_values) and keeps the spans for the schema
  // check's errors, which join later (finish_schema_checks).
  void drop_errors_at(const std::vector<Location>& uses) {
    if (uses.empty()) return;
    drop_errors_with_unknown_values(project_.errors, uses);
    project_.unknown_value_uses.insert(project_.unknown_value_uses.end(), uses.begin(), uses.end());
  }

  // Scripts in the folders (two levels down) of the project directory and of the directories above it
  // up to the repository's top level (`simulation/replication/run.sh`) that run compose on this
  // project's files: `SCENARIO=x docker compose -f docker/compose.yml run sim`, a path relative to
  // where the script is run from, its own directory or that top (rw17 cadence). Their exports are set
  // when compose runs.
  // An Ansible role of the repository that writes the stack's `.env` from a template (rw228 dj-3dub
  // monitoring-stack: `template: {src: env.j2, dest: "{{ stack_dir }}/.env"}` before `docker compose
  // up`): the variables the template sets are set where the stack runs.
  void read_ansible_env_templates(std::map<std::string, Location>& exported) const {
    for (const RunnerFile& r : runner_files()) {
      if (r.ansible_of.empty()) continue;
      const std::optional<std::string>& text = evidence_text(r.file);
      if (!text) continue;
      for (const std::string& src : compose::ansible_env_templates(*text)) {
        if (src.find("{{") != std::string::npos || path::is_absolute(src) || src.find("..") != std::string::npos) {
          continue;
        }
        // A role's templates/ (beside its tasks/), else the playbook's own folder's.
        for (const std::string& dir : {path::join(path::dirname(r.dir), "templates"), path::join(r.dir, "templates")}) {
          const std::string file = path::join(dir, src);
          const std::optional<std::string>& values = evidence_text(file);
          if (!values) continue;
          const compose::Dotenv parsed = compose::parse_dotenv(*values, {});
          for (size_t i = 0; i < parsed.values.size(); ++i) {
            exported.emplace(parsed.values[i].first, Location{.file = rel(file), .line = parsed.lines[i], .column = 1});
          }
          break;
        }
      }
    }
  }

  void read_runner_scripts(std::map<std::string, Location>& exported) const {
    std::vector<std::string> tops = {project_dir_};
    tops.insert(tops.end(), options_.template_dirs.begin(), options_.template_dirs.end());
    const std::vector<std::string> ours = normalized_files();
    // Run from its own directory, or from the project directory or one above it (the repository's
    // top, where `-f stacks/photos/immich/compose.yml` is written from).
    const auto runs_at = [&](const std::string& from, const compose::ScriptComposeCommand& c) {
      return compose::runs_project(c.files, path::join(from, c.directory), ours, false);
    };
    const auto runs = [&](const std::string& dir, const compose::ScriptComposeCommand& c) {
      // Only a directory the script is below: a sibling tree's script runs its own files.
      return runs_at(dir, c) || std::any_of(tops.begin(), tops.end(), [&](const std::string& t) {
               const std::string inside = path::relative_to(path::normalize(dir), path::normalize(t));
               return !path::is_absolute(inside) && !inside.starts_with("..") && runs_at(t, c);
             });
    };
    size_t scripts = kMaxRunnerScripts;
    for (const RunnerFile& r : runner_files()) {
      if (r.depth > 2) continue;
      const std::string& file = r.file;
      const std::string& dir = r.dir;
      const std::string name = path::basename(file);
      const bool unit = compose::is_unit_file_name(name);
      // A script without an extension in a folder of scripts (rw42 pgcat's dev/script/console):
      // its `#!` line says it is a shell script.
      const bool bare = bare_script_name(name, dir);
      if ((r.depth == 0 && !unit) || (!unit && !bare && !name.ends_with(".sh") && !name.ends_with(".bash"))) continue;
      if (scripts-- == 0) return;
      const std::optional<std::string>& text = evidence_text(file);
      if (!text) continue;
      if (bare && !text->starts_with("#!/bin/sh") && !text->starts_with("#!/bin/bash") &&
          !text->starts_with("#!/usr/bin/env bash") && !text->starts_with("#!/usr/bin/env sh")) {
        continue;
      }
      // A systemd unit that starts compose on this project sets its `Environment=` for it (rw27
      // hashhar/nas: a remote worker's unit template).
      if (unit) {
        const compose::UnitFile u = compose::read_unit_file(*text);
        const std::vector<compose::ScriptComposeCommand> commands = compose::script_compose_commands(u.commands);
        if (std::none_of(commands.begin(), commands.end(),
                         [&](const compose::ScriptComposeCommand& c) { return runs(dir, c); }))
          continue;
        for (const auto& [var, line] : u.environment) {
          exported.emplace(var, Location{.file = rel(file), .line = line, .column = 1});
        }
        continue;
      }
      const std::vector<compose::ScriptComposeCommand> commands = compose::script_compose_commands(*text);
      if (std::none_of(commands.begin(), commands.end(),
                       [&](const compose::ScriptComposeCommand& c) { return runs(dir, c); }))
        continue;
      for (const auto& [var, line] : compose::script_exports(*text)) {
        exported.emplace(var, Location{.file = rel(file), .line = line, .column = 1});
      }
    }
  }

  // A compose command of a CI workflow that runs this project, and the workflow's file.
  struct WorkflowRun {
    std::string file;  // stack-relative
    compose::WorkflowComposeCommand command;
  };

  // The repository's CI workflows (`.github/workflows/*.yml` at the top of the project directory or
  // of a directory above it): the commands of their steps' scripts that run compose on this
  // project's files (`docker compose -f compose/release.yaml up`), each workflow read once.
  const std::vector<WorkflowRun>& workflow_runs() {
    if (workflow_runs_) return *workflow_runs_;
    workflow_runs_.emplace();
    std::vector<std::string> dirs = {project_dir_};
    dirs.insert(dirs.end(), options_.template_dirs.begin(), options_.template_dirs.end());
    const std::vector<std::string> ours = normalized_files();
    for (const std::string& dir : dirs) {
      const std::string workflows = path::join(dir, ".github/workflows");
      if (!files_.fs->is_directory(workflows)) continue;
      for (const std::string& name : files_.fs->list(workflows)) {
        if (!name.ends_with(".yml") && !name.ends_with(".yaml")) continue;
        const std::string file = path::join(workflows, name);
        const std::optional<std::string>& text = evidence_text(file);
        if (!text) continue;
        const auto source = std::make_shared<const SourceFile>(rel(file), *text);
        for (compose::WorkflowComposeCommand& c : compose::workflow_compose_commands(source)) {
          if (!compose::runs_project(c.files, path::join(dir, c.directory), ours, true)) continue;
          workflow_runs_->push_back(WorkflowRun{.file = rel(file), .command = std::move(c)});
        }
      }
    }
    return *workflow_runs_;
  }

  // Whether `inner` is `outer` or lies below it, by the paths as written, both from the directory
  // stacklint runs in (`..` holds every path that climbs out no further).
  [[nodiscard]] static bool lexically_below(const std::string& inner, const std::string& outer) {
    const std::string in = path::normalize(inner);
    const std::string out = path::normalize(outer);
    const auto climbs = [](std::string_view p) {
      size_t n = 0;
      while (p == ".." || p.starts_with("../")) {
        ++n;
        p.remove_prefix(std::min<size_t>(p.size(), 3));
      }
      return std::pair{n, p.empty()};
    };
    if (in == out || in.starts_with(out == "." ? "" : out + "/")) return out != "." || climbs(in).first == 0;
    const auto [up, only_up] = climbs(out);
    return only_up && climbs(in).first <= up;
  }

  // Whether a file a deploy names is one of `ours`: a path from the deploy's folder `dir` or from a top
  // above it (a script that moves to the repository's top first), not from a sibling tree's, whose
  // script deploys its own files; or, when the path is made at run time (`{{ item }}/docker-compose.yml`),
  // its base name, for a project below `serves` (the directory whose ansible/ or scripts/ it is).
  [[nodiscard]] static bool deploys_ours(const std::string& named, const std::string& dir, const std::string& serves,
                                         const std::vector<std::string>& tops, const std::vector<std::string>& ours) {
    if (named.find("{{") != std::string::npos || named.find('$') != std::string::npos) {
      const std::string base = path::basename(named);
      return base.find_first_of("{$") == std::string::npos && lexically_below(ours.front(), serves) &&
             std::any_of(ours.begin(), ours.end(), [&](const std::string& f) { return path::basename(f) == base; });
    }
    const auto at = [&](const std::string& from) {
      return std::find(ours.begin(), ours.end(), path::normalize(path::join(from, named))) != ours.end();
    };
    return at(dir) || std::any_of(tops.begin(), tops.end(),
                                  [&](const std::string& t) { return lexically_below(dir, t) && at(t); });
  }

  // A script (`docker stack deploy -c stacks/web/compose.yml web`) or an Ansible `docker_stack` task
  // of the repository that deploys the project to a swarm (rw90 chutch3/homelab: every
  // stacks/**/docker-compose.yml is deployed by ansible/playbooks/deploy/stacks.yml): its files are
  // Swarm stack files, whose `version:` that loader reads. Shell scripts and Makefiles up to four
  // folders down from the project directory and from each directory above it; YAML files in a folder
  // of Ansible's (ansible/, playbooks/, roles/, tasks/) below them.
  void find_stack_deploy() {
    std::vector<std::string> tops = {project_dir_};
    tops.insert(tops.end(), options_.template_dirs.begin(), options_.template_dirs.end());
    const std::vector<std::string> ours = normalized_files();
    size_t scripts = kMaxRunnerScripts;
    for (const RunnerFile& r : runner_files()) {
      const std::string name = path::basename(r.file);
      const bool yaml = name.ends_with(".yml") || name.ends_with(".yaml");
      const bool script = name.ends_with(".sh") || name.ends_with(".bash") || name == "Makefile";
      if (!(yaml && !r.ansible_of.empty()) && !script) continue;
      if (scripts-- == 0) return;
      const std::optional<std::string>& text = evidence_text(r.file);
      if (!text) continue;
      const std::string folder = path::basename(r.dir);
      const std::string serves = !script                                  ? r.ansible_of
                                 : folder == "scripts" || folder == "bin" ? path::dirname(r.dir)
                                                                          : r.dir;
      for (const auto& [named, line] : compose::stack_deploy_files(*text)) {
        if (!deploys_ours(named, r.dir, serves, tops, ours)) continue;
        project_.stack_deployed_by = Location{.file = rel(r.file), .line = line, .column = 1};
        return;
      }
    }
  }

  // A file of the repository's own tooling that may run the project, found by runner_files.
  struct RunnerFile {
    std::string file;        // the path as the walk joined it
    std::string dir;         // its folder
    int depth = 0;           // folders below the top it was found from (0: in that top)
    std::string ansible_of;  // the directory whose Ansible folder holds it; empty outside one
  };

  // A script without an extension in a folder of scripts (rw42 pgcat's dev/script/console).
  [[nodiscard]] static bool bare_script_name(const std::string& name, const std::string& dir) {
    const std::string folder = path::basename(dir);
    return name.find('.') == std::string::npos &&
           (folder == "script" || folder == "scripts" || folder == "bin" || folder == "tools");
  }

  // The scripts, Makefiles, systemd units and Ansible YAML files (in an ansible/, playbooks/, roles/
  // or tasks/ folder) up to four folders down from the project directory and from each directory
  // above it (read_runner_scripts, find_stack_deploy), not in hidden folders, node_modules or vendor.
  // One walk for both, listed once per project, breadth first over all the tops at once so the
  // nearest folders come first; each folder is walked from the nearest top, and at most
  // kMaxRunnerFolders folders are listed.
  const std::vector<RunnerFile>& runner_files() const {
    if (runner_files_) return *runner_files_;
    runner_files_.emplace();
    struct Folder {
      std::string dir;
      int depth;
      std::string ansible_of;
    };
    std::vector<std::string> starts = {project_dir_};
    starts.insert(starts.end(), options_.template_dirs.begin(), options_.template_dirs.end());
    std::set<std::string> tops;
    std::vector<Folder> level;
    for (const std::string& t : starts) {
      if (tops.insert(path::normalize(t)).second) level.push_back(Folder{.dir = t, .depth = 0, .ansible_of = {}});
    }
    size_t folders = kMaxRunnerFolders;
    while (!level.empty()) {
      std::vector<Folder> next;
      for (const Folder& f : level) {
        for (const ListedEntry& entry : files_.fs->list_entries(f.dir)) {
          const std::string& name = entry.name;
          const std::string file = path::join(f.dir, name);
          if (files_.fs->is_directory(file, entry)) {
            if (f.depth >= 4 || name.empty() || name.front() == '.' || name == "node_modules" || name == "vendor" ||
                tops.count(path::normalize(file)) > 0) {
              continue;
            }
            // Past the budget no folder is added, but those queued (the project's own first, level by
            // level) are still read: a deep tree above the project (a monorepo's fixtures) must not
            // hide the project's own ansible/playbooks/.
            if (folders == 0) continue;
            --folders;
            const bool starts_ansible = name == "ansible" || name == "playbooks" || name == "roles" || name == "tasks";
            next.push_back(Folder{.dir = file,
                                  .depth = f.depth + 1,
                                  .ansible_of = f.ansible_of.empty() && starts_ansible ? f.dir : f.ansible_of});
            continue;
          }
          const bool yaml = name.ends_with(".yml") || name.ends_with(".yaml");
          if (name.ends_with(".sh") || name.ends_with(".bash") || name == "Makefile" ||
              compose::is_unit_file_name(name) || bare_script_name(name, f.dir) || (yaml && !f.ansible_of.empty())) {
            runner_files_->push_back(
                RunnerFile{.file = file, .dir = f.dir, .depth = f.depth, .ansible_of = f.ansible_of});
          }
        }
      }
      level = std::move(next);
    }
    return *runner_files_;
  }

  // The workflows set the workflow's, the job's and the step's `env:` for the compose they run, as
  // the runner does (rw14 apisix-docker: the image tag comes from the job's env).
  void read_workflows(std::map<std::string, Location>& exported) {
    for (const WorkflowRun& r : workflow_runs()) {
      for (const auto& [var, line] : r.command.variables) {
        exported.emplace(var, Location{.file = r.file, .line = line, .column = 1});
      }
    }
  }

  // The steps that start the project (`up`, `run`) on a runner GitHub hosts, reaching no other
  // machine: CI brings the stack up to test against it (linter/stack/purpose weighs them).
  void find_ci_starts() {
    for (const WorkflowRun& r : workflow_runs()) {
      const compose::WorkflowComposeCommand& c = r.command;
      if ((c.subcommand != "up" && c.subcommand != "run") || c.self_hosted || c.remote) continue;
      project_.started_by_ci.push_back(Location{.file = r.file, .line = c.line, .column = 1});
    }
  }

  // A deployment whose environment is private: `.env` is git-ignored, absent from the checkout, and
  // the repository documents no template of it. The variables live in the `.env` kept where the
  // stack runs; their values are unknown, not unset (rw11: a team's own deployment repositories).
  // The same for an env file the project directory's scripts pass with `--env-file` (rw21
  // easy-peasy-deployment: each folder's build.sh runs `docker-compose --env-file ../.env up`, and
  // the top-level .gitignore lists .env).
  void forgive_private_environment() {
    const bool documented =
        template_read_ || std::any_of(above_template_keys_.begin(), above_template_keys_.end(),
                                      [&](const std::string& k) { return used_variables_.count(k) > 0; });
    if (!encrypted_env_ && (documented || !options_.env_files.empty())) return;
    project_.private_environment = private_environment();
    if (project_.unset_variables.empty() || !project_.private_environment) return;
    // A variable an env_file of the stack also sets stays reported: `environment: KEY=${KEY}` blanks
    // the value that file gives the service (rw11 floodingnaque).
    const Location ignored = Location::whole_file(rel(options_.files.front()));
    forgive([&](const UnsetVariable& u) {
      if (env_file_keys_.count(u.name) > 0) return false;
      project_.template_variables.emplace(u.name, ignored);
      return true;
    });
  }

  // Whether the project's `.env` is private (forgive_private_environment): git-ignored and absent,
  // encrypted, unreadable, or one a script of the project directory passes with `--env-file`.
  [[nodiscard]] bool private_environment() const {
    // git reads every .gitignore from the repository's top level down (rw22 homelab: the top-level
    // `.env` pattern keeps each `stacks/<app>/.env` out of the repository).
    const std::string& top = compose::repository_top(options_.template_dirs, files_.root);
    const auto is_private = [&](const std::string& env) {
      return !files_.fs->exists(env) && compose::git_ignored(*files_.fs, env, top);
    };
    // A `.env` the directory lists but that cannot be opened: a link to a file a setup script writes
    // (rw114 mailcow: `.env -> mailcow.conf`, which generate_config.sh creates), or one out of reach.
    const std::vector<std::string> listed = files_.fs->list(project_dir_);
    const bool unreadable_env = std::find(listed.begin(), listed.end(), ".env") != listed.end() &&
                                !files_.fs->exists(path::join(project_dir_, ".env"));
    bool private_env = encrypted_env_ || unreadable_env || is_private(path::join(project_dir_, ".env"));
    for (const std::string& name : private_env ? std::vector<std::string>{} : listed) {
      if (!name.ends_with(".sh") && !name.ends_with(".bash") && name != "Makefile") continue;
      const std::optional<std::string>& text = evidence_text(path::join(project_dir_, name));
      if (!text) continue;
      for (const std::string& given : compose::env_file_arguments(*text, runs_one_of_ours(project_dir_))) {
        const std::string env = path::normalize(path::join(project_dir_, given));
        // Only a file below the repository's top level: a guess never opens a path the
        // confinement would refuse.
        const std::string inside = path::relative_to(env, path::normalize(top));
        if (path::is_absolute(given) || path::is_absolute(inside) || inside.rfind("..", 0) == 0) continue;
        private_env = private_env || is_private(env);
      }
    }
    return private_env;
  }

  // A `.env` of a directory above, up to the repository's top level, whose values name files of this
  // project's directory by their path from there (rw134 FusionAuth: docker/fusionauth/.env's
  // `PROMETHEUS_CONFIG_FILE=./monitoring/prometheus-config.yml` for monitoring/docker-compose.yml):
  // the file is also run from there, beside that directory's compose file (`-f docker-compose.yml
  // -f monitoring/docker-compose.yml`), whose services are unknown here (ComposeProject::env_above).
  void find_env_above() {
    for (const std::string& dir : options_.template_dirs) {
      const std::string below = path::relative_to(canonical_path(project_dir_), canonical_path(dir));
      if (below.empty() || below == "." || path::is_absolute(below) || below.starts_with("..")) continue;
      const std::string file = path::join(dir, ".env");
      const std::optional<std::string>& text = evidence_text(file);
      if (!text) continue;
      const compose::Dotenv env = compose::parse_dotenv(*text, {});
      for (size_t i = 0; i < env.values.size(); ++i) {
        std::string_view v = env.values[i].second;
        if (v.starts_with("./")) v.remove_prefix(2);
        if (v.starts_with(below) && v.size() > below.size() && v[below.size()] == '/') {
          project_.env_above = Location{.file = rel(file), .line = env.lines[i], .column = 1};
          return;
        }
      }
    }
  }

  // A project that names Coolify's "magic" variables (`SERVICE_FQDN_WEB_3000`, `SERVICE_PASSWORD_DB`,
  // `SERVICE_URL_*`, `SERVICE_USER_*`, `SERVICE_BASE64_*`) is deployed by Coolify, which generates
  // those and sets the others from its environment editor (rw69 coolify-linode-pgbouncer): set where
  // compose runs, their values unknown here.
  void forgive_platform_variables() {
    static constexpr std::array<std::string_view, 7> kMagic = {
        "SERVICE_FQDN_",   "SERVICE_URL_",        "SERVICE_USER_", "SERVICE_PASSWORD_",
        "SERVICE_BASE64_", "SERVICE_REALBASE64_", "SERVICE_HEX_"};
    const auto magic = [](std::string_view name) {
      return std::any_of(kMagic.begin(), kMagic.end(),
                         [&](std::string_view p) { return name.size() > p.size() && name.starts_with(p); });
    };
    if (std::none_of(used_variables_.begin(), used_variables_.end(), magic)) return;
    forgive([&](const UnsetVariable& u) {
      project_.template_variables.emplace(u.name, Location::whole_file(u.location.file));
      return true;
    });
  }

  // A project `docker stack deploy` deploys (find_stack_deploy): that command reads no `.env`, and its
  // variables come from the environment of the script or Ansible task that runs it (rw90
  // chutch3/homelab: `environment: "{{ swarm_env_vars }}"` from a private `.env`): unknown, not unset.
  void forgive_stack_deploy_environment() {
    if (project_.unset_variables.empty() || !project_.stack_deployed_by) return;
    const Location by = *project_.stack_deployed_by;
    forgive([&](const UnsetVariable& u) {
      project_.template_variables.emplace(u.name, by);
      return true;
    });
  }

  // A project a script of the repository installs (installer()): the script writes the env file
  // compose reads there, from a template or the user's answers.
  void forgive_installed() {
    if (project_.unset_variables.empty() || !installer()) return;
    const Location by = Location::whole_file(*installer());
    forgive([&](const UnsetVariable& u) {
      project_.template_variables.emplace(u.name, by);
      return true;
    });
  }

  // A `*.env` file beside the compose files (not `.env`, nor one the compose files name, an env_file)
  // that sets every variable compose finds unset: the environment the stack is run with, under the
  // name its documentation downloads or passes (rw113 hedgedoc's `config.env`, which the setup
  // tutorial saves as `.env`). Their values are that file's, unknown here, not unset.
  void forgive_sibling_env_file() {
    if (project_.unset_variables.empty() || !options_.env_files.empty()) return;
    std::string compose_text;
    for (const std::string& f : options_.files) {
      if (const std::optional<std::string>& t = evidence_text(f)) compose_text += *t;
    }
    const std::vector<std::string> names = files_.fs->list(project_dir_);
    // A script beside them that passes compose another `--env-file` says where the environment is.
    for (const std::string& name : names) {
      if (!name.ends_with(".sh")) continue;
      const std::optional<std::string>& t = evidence_text(path::join(project_dir_, name));
      if (t && t->find("--env-file") != std::string::npos) return;
    }
    for (const std::string& name : names) {
      if (name == ".env" || name.size() <= 4 || !name.ends_with(".env") ||
          compose_text.find(name) != std::string::npos) {
        continue;
      }
      const std::string file = path::join(project_dir_, name);
      const std::optional<std::string>& text = evidence_text(file);
      if (!text) continue;
      const compose::Dotenv env = compose::parse_dotenv(*text, {});
      std::set<std::string> keys;
      for (const auto& [key, value] : env.values) keys.insert(key);
      const bool sets_all = std::all_of(project_.unset_variables.begin(), project_.unset_variables.end(),
                                        [&](const UnsetVariable& u) { return keys.count(u.name) > 0; });
      if (!sets_all) continue;
      const Location by = Location::whole_file(rel(file));
      forgive([&](const UnsetVariable& u) {
        project_.template_variables.emplace(u.name, by);
        return true;
      });
      return;
    }
  }

  // A compose file its authors name a template (`docker-compose.preview.template.yml`,
  // `compose.tmpl.yaml`) is rendered first, by a script's envsubst or by the user who copies it and
  // fills it in (rw32 postgres_ai): its variables have the renderer's values, unknown here, not unset.
  void forgive_template_files() {
    const auto names_template = [](std::string_view file) {
      const std::string_view name = file.substr(file.rfind('/') + 1);
      for (size_t b = 0; b < name.size();) {
        size_t e = b;
        while (e < name.size() && std::isalnum(static_cast<unsigned char>(name[e])) != 0) ++e;
        const std::string_view word = name.substr(b, e - b);
        if (word == "template" || word == "tmpl" || word == "tpl") return true;
        b = e + 1;
      }
      return false;
    };
    forgive([&](const UnsetVariable& u) {
      if (!names_template(u.location.file)) return false;
      project_.template_variables.emplace(u.name, Location::whole_file(u.location.file));
      return true;
    });
  }

  void read_exports(const std::string& file, std::map<std::string, Location>& exported) const {
    const std::string name = path::basename(file);
    const bool script = name.ends_with(".sh") || name.ends_with(".bash") || name == "Makefile" || name == "makefile";
    const bool readme = name.rfind("README", 0) == 0 || name.rfind("readme", 0) == 0;
    if (readme && (name.ends_with(".md") || name.find('.') == std::string::npos)) {
      const std::optional<std::string>& text = evidence_text(file);
      if (!text) return;
      for (const auto& [var, line] : compose::readme_exports(*text)) {
        exported.emplace(var, Location{.file = rel(file), .line = line, .column = 1});
      }
      return;
    }
    if (!script && name.find('.') != std::string::npos) return;
    const std::optional<std::string>& text = evidence_text(file);
    if (!text) return;
    if (!script && text->rfind("#!", 0) != 0) return;  // an extensionless file is a script by its #! line
    for (const auto& [var, line] : compose::script_exports(*text)) {
      exported.emplace(var, Location{.file = rel(file), .line = line, .column = 1});
    }
    // `set -a; source install.conf`: every variable the sourced file sets is exported.
    for (const auto& [sourced, line] : compose::script_allexport_sources(*text)) {
      const std::string conf = path::join(path::dirname(file), sourced);
      const std::optional<std::string>& values = evidence_text(conf);
      if (!values) continue;
      const compose::Dotenv parsed = compose::parse_dotenv(*values, {});
      for (size_t i = 0; i < parsed.values.size(); ++i) {
        exported.emplace(parsed.values[i].first, Location{.file = rel(conf), .line = parsed.lines[i], .column = 1});
      }
    }
  }

  // A shell script of the repository (in the project directory, a directory above it up to the
  // repository's top level, or a scripts/ or bin/ folder there) that downloads a compose file of the
  // project by its path below one of those directories (`wget .../main/compose/docker-compose.yml -O
  // $INSTALL_DIR/docker-compose.yml`, rw72 netmaker's nm-quick.sh): the file is a template the
  // installer puts in place, with the env file and the files it mounts beside it. The script's path,
  // or nullopt.
  const std::optional<std::string>& installer() const {
    if (installer_) return *installer_;
    installer_.emplace();
    const std::vector<std::string>& above = options_.template_dirs;
    std::vector<std::string> wanted;  // `/compose/docker-compose.yml`: the files' paths below them
    for (const std::string& dir : above) {
      for (const std::string& f : normalized_files()) {
        const std::string below = path::relative_to(f, path::normalize(dir));
        if (path::is_absolute(below) || below.starts_with("..") || below.find('/') == std::string::npos) continue;
        wanted.push_back("/" + below);
      }
    }
    if (wanted.empty()) return *installer_;
    std::vector<std::string> dirs = {project_dir_};
    for (const std::string& dir : above) {
      dirs.push_back(dir);
      dirs.push_back(path::join(dir, "scripts"));
      dirs.push_back(path::join(dir, "bin"));
    }
    size_t scripts = kMaxRunnerScripts;
    for (const std::string& dir : dirs) {
      for (const std::string& name : files_.fs->list(dir)) {
        if (!name.ends_with(".sh") && !name.ends_with(".bash")) continue;
        if (scripts-- == 0) return *installer_;
        const std::string file = path::join(dir, name);
        const std::optional<std::string>& text = evidence_text(file);
        // A script that fetches nothing installs nothing.
        if (!text || (text->find("wget") == std::string::npos && text->find("curl") == std::string::npos)) continue;
        for (const std::string& w : wanted) {
          for (size_t at = text->find(w); at != std::string::npos; at = text->find(w, at + 1)) {
            const size_t nl = text->rfind('\n', at);
            const size_t bol = nl == std::string::npos ? 0 : nl + 1;
            const std::string_view line(text->data() + bol, at - bol);
            // The path ends a URL, written out or from a variable (`"$BASE_URL/compose/docker-compose.yml"`).
            const size_t token = line.find_last_of(" \t'\"=(");
            const std::string_view url = token == std::string_view::npos ? line : line.substr(token + 1);
            // Fetched on this line, or kept in a variable (`COMPOSE_URL="$BASE_URL/compose/..."`).
            const bool fetch =
                line.find("wget") != std::string_view::npos || line.find("curl") != std::string_view::npos ||
                (token != std::string_view::npos && (line[token] == '=' || (token > 0 && line[token - 1] == '=')));
            const size_t end = at + w.size();
            const bool ends =
                end >= text->size() || std::string_view(" \t\r\n'\")").find((*text)[end]) != std::string_view::npos;
            if (fetch && ends && (url.find("://") != std::string_view::npos || url.starts_with('$'))) {
              *installer_ = rel(file);
              return *installer_;
            }
          }
        }
      }
    }
    return *installer_;
  }

  // A script's, README's or env file's text, read once for all the evidence the loader looks for
  // (a script beside the compose file may both copy a template to .env and export variables).
  const std::optional<std::string>& evidence_text(const std::string& file) const {
    auto [it, added] = evidence_texts_.try_emplace(file);
    if (added) {
      FileRead read = files_.fs->read_file(file, kMaxEvidenceBytes);
      if (read.status == OpenStatus::found) it->second = std::move(read.text);
    }
    return it->second;
  }

  const CNode* merge_base_ = nullptr;                            // the earlier files, merged, while a later one loads
  bool template_read_ = false;                                   // an env template of the project directory was read
  std::optional<std::vector<WorkflowRun>> workflow_runs_;        // read when first asked
  mutable std::optional<std::vector<RunnerFile>> runner_files_;  // walked when first asked
  std::set<std::string> env_file_keys_;                          // what the services' env_files set
  std::set<std::string> internal_networks_;                      // network keys declared `internal: true`
  std::vector<Location> blank_template_uses_;                    // Interpolator::blank_template_uses
  std::set<std::string> used_variables_;                         // Interpolator::used
  std::set<std::string> empty_default_variables_;                // Interpolator::empty_default
  // The keys of env templates in the directories above the project directory: such a template
  // documents this project only when it names a variable the project uses (rw27 DeLoContainers: a
  // root `.env.example` for a few of the repository's stacks is not every stack's template).
  std::set<std::string> above_template_keys_;
  std::map<std::string, Location> listed_prefixes_;  // read_listed's `NAME*`, by prefix
  bool reading_above_ = false;                       // read_templates is reading a directory above the project's
  bool encrypted_env_ = false;                       // the project's `.env` (or an --env-file) is stored encrypted

  static constexpr uint64_t kMaxEvidenceBytes = 1 << 20;  // no setup guide or script is larger

  // Whether a compose file a command run in `dir` names (`-f FILE`) is one of the project's.
  [[nodiscard]] std::function<bool(std::string_view)> runs_one_of_ours(const std::string& dir) const {
    return [this, dir](std::string_view given) {
      const std::string file = path::normalize(path::join(dir, std::string(given)));
      return std::any_of(options_.files.begin(), options_.files.end(),
                         [&](const std::string& f) { return path::normalize(f) == file; });
    };
  }

  // Files of `dir` the repository tells the user to copy to the project's `.env`: an env file whose
  // leading comments say so ("Copy this file to .env"), and the sources of `cp SRC .env` commands in
  // the directory's scripts and READMEs (`cp ./conf/.env.example .env`; or the committed template of
  // such a source the checkout lacks), and the files their documented compose commands pass with
  // `--env-file` (`docker compose --env-file docker.env up`). A script that passes `--env-file $PATH`
  // (a path of its own making) and names a `*.env` file of `dir` makes that file the environment (rw40
  // plane: install.sh fetches variables.env as plane.env for --env-file).
  [[nodiscard]] std::vector<std::string> copied_to_dotenv(const std::string& dir,
                                                          const std::vector<std::string>& names) const {
    std::vector<std::string> out;
    std::vector<std::string> env_files;  // `*.env` files of `dir`, not `.env`
    for (const std::string& name : names) {
      if (name != ".env" && name.size() > 4 && name.ends_with(".env")) env_files.push_back(name);
    }
    for (const std::string& name : names) {
      const std::string p = path::join(dir, name);
      const bool env_named = name != ".env" && !compose::is_env_template_name(name) &&
                             (name.ends_with(".env") || name.rfind(".env.", 0) == 0 || name.rfind("env.", 0) == 0);
      const bool documents = name.ends_with(".sh") || name.ends_with(".md") || name == "Makefile" ||
                             name.rfind("README", 0) == 0 || name.rfind("readme", 0) == 0;
      if (!env_named && !documents) continue;
      const std::optional<std::string>& text = evidence_text(p);
      if (!text) continue;
      if (env_named && compose::says_copy_to_dotenv(*text)) out.push_back(p);
      if (!documents) continue;
      // `docker compose --env-file docker.env up` in the README: that file is the environment the
      // documented command gives compose (rw10 pg-monitoring-grafana).
      if (name.ends_with(".sh") && text->find("--env-file") != std::string::npos &&
          compose::env_file_arguments(*text).empty()) {
        for (const std::string& env : env_files) {
          if (mentions_file(*text, env)) out.push_back(path::join(dir, env));
        }
      }
      for (const std::string& given : compose::env_file_arguments(*text, runs_one_of_ours(dir))) {
        const std::string source = path::normalize(path::join(dir, given));
        const std::string inside = path::relative_to(source, path::normalize(dir));
        if (path::is_absolute(given) || path::is_absolute(inside) || inside.rfind("..", 0) == 0) continue;
        out.push_back(source);
      }
      // The commands of a library the script sources run in the script's directory (rw90
      // bolens/homelab: each stack's prepare-stack.sh sources scripts/prepare-stack-lib.sh, whose
      // prepare_stack_end runs `cp -f stack.env .env`); one inside the repository only.
      std::vector<std::pair<std::string, std::string>> copies = compose::dotenv_copies(*text);
      if (name.ends_with(".sh")) {
        const std::string top = compose::repository_top(options_.template_dirs, files_.root);
        for (const std::string& lib : compose::sourced_scripts(*text)) {
          const std::string file = path::normalize(path::join(dir, lib));
          if (!lexically_below(file, top)) continue;
          const std::optional<std::string>& sourced = evidence_text(file);
          if (!sourced) continue;
          for (auto& copy : compose::dotenv_copies(*sourced)) copies.push_back(std::move(copy));
        }
      }
      for (const auto& [src, dest] : copies) {
        if (path::is_absolute(src) || path::dirname(path::normalize(path::join(dir, dest))) != project_dir_) continue;
        const std::string source = path::normalize(path::join(dir, src));
        // Only a file inside `dir`: a guess never opens a path the confinement would refuse.
        const std::string inside = path::relative_to(source, path::normalize(dir));
        if (path::is_absolute(inside) || inside.rfind("..", 0) == 0) continue;
        out.push_back(source);
        // A source the user makes from a committed template of it first (`cp stack.env.example
        // stack.env`, then `cp -f stack.env .env`: rw90 bolens/homelab's prepare-stack.sh): the template
        // documents what `.env` will hold.
        if (!evidence_text(source)) {
          for (const std::string_view suffix : {".example", ".sample", ".template", ".dist", ".tmpl"}) {
            const std::string t = source + std::string(suffix);
            if (evidence_text(t)) out.push_back(t);
          }
        }
      }
    }
    return out;
  }

  // Process environment over --env-file files (or <project dir>/.env).
  void load_variables() {
    if (!options_.env_files.empty()) {
      for (const std::string& f : options_.env_files) {
        read_env_file(f, true, source_of(f), env_reference("--env-file", f));
      }
    } else {
      const std::string dotenv = path::join(project_dir_, ".env");
      read_env_file(dotenv, false, source_of(dotenv), env_reference(".env", rel(dotenv)));
    }
    for (const auto& [k, v] : options_.environment) {
      variables_[k] = v;
      variable_lines_.erase(k);
      project_.template_variables.erase(k);
    }
    profiles_ = options_.profiles;
    if (profiles_.empty()) {
      if (const auto it = variables_.find("COMPOSE_PROFILES"); it != variables_.end()) {
        std::stringstream ss(it->second);
        std::string p;
        while (std::getline(ss, p, ',')) {
          if (!p.empty()) profiles_.push_back(p);
        }
      }
    }
    project_.profiles_chosen = !profiles_.empty();
    read_templates();
    // Compose sets COMPOSE_PROJECT_NAME to the project's name for interpolation when nothing else
    // does (compose-go #628, compose 2.27): `container_name: ${COMPOSE_PROJECT_NAME}_db` is never empty.
    if (variables_.count("COMPOSE_PROJECT_NAME") == 0) variables_["COMPOSE_PROJECT_NAME"] = project_name();
  }

  // The project's name as compose derives it without `-p`, before the files are read: the first file's
  // literal top-level `name:`, else the project directory's name (project_name(merged) after).
  [[nodiscard]] std::string project_name() const {
    std::string name = path::basename(project_dir_);
    if (const std::optional<std::string>& text = evidence_text(path::normalize(options_.files.front()))) {
      const std::string_view t = *text;
      const size_t at = t.rfind("name:", 0) == 0 ? 0 : t.find("\nname:");
      if (at != std::string_view::npos) {
        const size_t b = t.find_first_not_of(" \t\"'", at + (at == 0 ? 5 : 6));
        const size_t e = t.find_first_of(" \t\"'#\r\n", b);
        const std::string_view value = b == std::string_view::npos ? std::string_view() : t.substr(b, e - b);
        if (!value.empty() && value.find('$') == std::string_view::npos) name = std::string(value);
      }
    }
    return normalized_project_name(name);
  }

  // Lower case, characters other than a-z, 0-9, '-' and '_' removed, no leading '-' or '_'.
  static std::string normalized_project_name(const std::string& name) {
    std::string out;
    for (const char c : name) {
      const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || ((l == '-' || l == '_') && !out.empty())) out += l;
    }
    return out;
  }

  // Reads, converts (interpolating) and validates one compose file; one tree per YAML document.
  std::vector<CNode> load_file(const std::string& host, const std::string& base_dir, bool record_keys) {
    const OpenResult opened = files_.compose->open(host, Reference{});
    if (opened.status != OpenStatus::found) {
      error("cannot read compose file '" + host + "'", Location::whole_file(rel(host)));
      return {};
    }
    return load_source(opened.source, base_dir, record_keys, true);
  }

  std::vector<CNode> load_source(const SourcePtr& source, const std::string& base_dir, bool record_keys, bool main) {
    std::vector<CNode> out;
    if (main && std::find(project_.files.begin(), project_.files.end(), source->path()) == project_.files.end()) {
      project_.files.push_back(source->path());
    }
    auto stream = yaml::load(source);
    yaml_secrets(*stream, out_.hidden);
    // Valid YAML whose values are Jinja's to give; or invalid YAML made so by a tag near its error
    // (an error elsewhere stays one: rendering does not mend it).
    const uint32_t jinja = stream->errors().empty() ? jinja_line(source->text()) : 0;
    if (jinja > 0 || !stream->errors().empty()) {
      const uint32_t line =
          jinja > 0 ? jinja : template_tag_line(source->text(), stream->errors().front().location.line);
      if (line > 0) {
        out_.templates.emplace_back(source->path(), line);
        project_.files.erase(std::remove(project_.files.begin(), project_.files.end(), source->path()),
                             project_.files.end());
        return out;
      }
    }
    for (const ParseIssue& e : stream->errors()) project_.errors.push_back(e);
    for (const DuplicateKey& d : stream->duplicates()) out_.duplicate_keys.push_back(d);
    if (!stream->errors().empty()) return out;
    bool any = false;
    const size_t count = stream->documents().size();
    for (size_t i = 0; i < count; ++i) {
      const yaml::Node* root = stream->documents()[i].root;
      if (root == nullptr || root->is_null()) continue;
      any = true;
      if (!root->is_mapping()) {
        error("a compose file must be a mapping at the top level", stream->location(*root));
        continue;
      }
      compose::Interpolator interp{.variables = &variables_,
                                   .unset = &project_.unset_variables,
                                   .errors = &project_.errors,
                                   .hidden = &out_.hidden,
                                   .template_variables = &project_.template_variables,
                                   .blank_template_uses = &blank_template_uses_,
                                   .used = &used_variables_,
                                   .empty_default = &empty_default_variables_};
      const size_t errors_before = project_.errors.size();
      // Without aliases a file cannot hold more than one node per two bytes; the budget stops alias
      // bombs early, in time and memory linear in the file.
      // The YAML nodes are freed as they are converted (nothing reads them afterwards): the compose
      // tree reuses their memory instead of adding as much again.
      const compose::ConvertOptions limits{.max_nodes = 50000 + source->text().size() / 2, .release = stream.get()};
      CNode tree = compose::convert(*stream, *root, base_dir, interp, limits);
      if (i + 1 == count) stream.reset();
      if (project_.errors.size() > errors_before && tree_too_big(errors_before)) continue;
      if (record_keys) {
        if (const Entry* v = tree.find("version"); v != nullptr) project_.version_keys.push_back(v->key_location);
        if (!project_.swarm_key) project_.swarm_key = swarm_key(tree);
        if (const Entry* s = tree.find("services"); s != nullptr && !project_.services_key.valid()) {
          project_.services_key = s->key_location;
        }
      }
      if (merge_base_ != nullptr) {
        compose::drop_nulls_kept_by_merge(tree, *merge_base_);
        for (KeptByEmptyList& k : compose::empty_lists_kept_by_merge(tree, *merge_base_)) {
          project_.kept_by_empty_list.push_back(std::move(k));
        }
      }
      validate(tree);
      out.push_back(std::move(tree));
    }
    if (!any) {
      // compose-go skips a file of the project that holds no document (comments only: an override
      // kept for old instructions, rw65 fusionauth-containers) and refuses only a project with no
      // content at all: the files given are judged together in run().
      if (main) {
        empty_files_.push_back(source->path());
      } else {
        error("the compose file is empty", Location::whole_file(source->path()));
      }
    }
    return out;
  }

  // The first key of a document that only `docker stack deploy` acts on: a service's `deploy.mode:
  // global`, `deploy.placement`, `deploy.update_config` or `deploy.rollback_config`, a network's
  // `driver: overlay`, an `external` secret or config.
  static std::optional<Location> swarm_key(const CNode& doc) {
    if (const CNode* services = doc.get("services"); services != nullptr && services->is_mapping()) {
      for (const Entry& svc : services->entries) {
        const CNode* deploy = svc.value.is_mapping() ? svc.value.get("deploy") : nullptr;
        if (deploy == nullptr || !deploy->is_mapping()) continue;
        for (const Entry& e : deploy->entries) {
          const bool global = e.key == "mode" && e.value.is_scalar() && e.value.value == "global";
          if (global || e.key == "placement" || e.key == "update_config" || e.key == "rollback_config")
            return e.key_location;
        }
      }
    }
    if (const CNode* networks = doc.get("networks"); networks != nullptr && networks->is_mapping()) {
      for (const Entry& net : networks->entries) {
        const Entry* driver = net.value.is_mapping() ? net.value.find("driver") : nullptr;
        if (driver != nullptr && driver->value.is_scalar() && driver->value.value == "overlay")
          return driver->key_location;
      }
    }
    // An external secret or config: one `docker secret create` made in the swarm, which `docker
    // compose up` refuses ("unsupported external secret"; rw60 pg-ha-cluster's swarm-stacks/).
    for (const char* kind : {"secrets", "configs"}) {
      const CNode* top = doc.get(kind);
      if (top == nullptr || !top->is_mapping()) continue;
      for (const Entry& item : top->entries) {
        if (external_of(item.value) != nullptr) return item.value.find("external")->key_location;
      }
    }
    return std::nullopt;
  }

  // The schema check of one document: in line, or on a thread of its own with a copy of the tree
  // (the loader goes on changing its own), at most kSchemaThreads at a time.
  void validate(const CNode& tree) {
    constexpr size_t kSchemaThreads = 2;
    if (options_.background_schema && out_.schema_checks.size() < kSchemaThreads) {
      auto copy = std::make_shared<const CNode>(tree);
      try {
        out_.schema_checks.push_back(
            SchemaCheck{.at = project_.errors.size(),
                        .issues = std::async(std::launch::async, [copy] { return compose::validate_schema(*copy); })});
        return;
      } catch (const std::system_error&) {
        // No thread to be had (a process limit reached): the check runs in line.
      }
    }
    for (ParseIssue& issue : compose::validate_schema(tree)) project_.errors.push_back(std::move(issue));
  }

  // The files a top-level `include:` names (strings, or `path:` as a string or a list), relative to
  // the including file's directory; each is read from its own directory. Nested at most 10 deep.
  // One `include:` entry: its files (the first is the main one), the project directory their
  // relative paths resolve against (`project_directory`, else the main file's directory) and the env
  // files that interpolate them (`env_file`, relative to the including project's directory; else the
  // `.env` of that project directory), as compose-go's ApplyInclude reads them.
  struct Include {
    std::vector<std::pair<std::string, Location>> paths;
    std::string project_directory;  // as written; "" when not given
    std::vector<std::pair<std::string, Location>> env_files;
  };

  static std::vector<std::pair<std::string, Location>> strings_of(const CNode* n) {
    std::vector<std::pair<std::string, Location>> out;
    if (n == nullptr) return out;
    if (n->is_scalar()) out.emplace_back(n->value, n->location);
    if (n->is_sequence()) {
      for (const CNode& one : n->items) {
        if (one.is_scalar()) out.emplace_back(one.value, one.location);
      }
    }
    return out;
  }

  // `dir`: the including project's working directory (relative paths of the entry resolve against it).
  void load_includes(CNode& doc, const std::string& dir, int depth, std::vector<CNode>& out) {
    const Entry* inc = doc.find("include");
    if (inc == nullptr || !inc->value.is_sequence()) return;
    if (depth >= 10) {
      error("'include' nested more than 10 deep", inc->key_location);
      return;
    }
    std::vector<Include> entries;
    for (const CNode& item : inc->value.items) {
      Include entry;
      entry.paths = strings_of(item.is_mapping() ? item.get("path") : &item);
      if (item.is_mapping()) {
        if (const CNode* pd = item.get("project_directory"); pd != nullptr && pd->is_scalar()) {
          entry.project_directory = pd->value;
        }
        entry.env_files = strings_of(item.get("env_file"));
      }
      if (!entry.paths.empty()) entries.push_back(std::move(entry));
    }
    for (const Include& entry : entries) {
      const std::string main = path::normalize(path::join(dir, entry.paths.front().first));
      const std::string project = entry.project_directory.empty()
                                      ? path::dirname(main)
                                      : path::normalize(path::join(dir, entry.project_directory));
      // The entry's env files fill the variables the environment leaves unset, for its files only.
      const std::map<std::string, std::string> saved = variables_;
      read_include_env(entry, dir, project);
      for (const auto& [written, where] : entry.paths) {
        const std::string host = path::normalize(path::join(dir, written));
        if (std::find(including_.begin(), including_.end(), host) != including_.end()) {
          error("'include' cycle through '" + rel(host) + "'", where);
          continue;
        }
        const OpenResult opened =
            files_.compose->open(host, Reference{.directive = "include", .written = written, .location = where});
        if (is_refusal(opened.status)) continue;  // recorded by the resolver at the include line
        if (opened.status != OpenStatus::found) {
          error("included file '" + written + "' not found", where);
          continue;
        }
        including_.push_back(host);
        for (CNode& part : load_source(opened.source, project, false, true)) {
          load_includes(part, project, depth + 1, out);
          // Its `extends.file` paths are relative to its own project directory (rw19 laradock's
          // multi-php/compose.yml extends ../php-fpm/compose.yml).
          resolve_all_extends(part, path::join(project, path::basename(host)));
          out.push_back(std::move(part));
        }
        including_.pop_back();
      }
      variables_ = saved;
    }
    doc.erase("include");
  }

  void read_include_env(const Include& entry, const std::string& dir, const std::string& project) {
    std::vector<std::pair<std::string, Location>> files = entry.env_files;
    const bool named = !files.empty();
    if (!named) files.emplace_back(path::join(project, ".env"), Location{});
    for (const auto& [written, where] : files) {
      if (written == "/dev/null") continue;
      const std::string host = named ? path::normalize(path::join(dir, written)) : path::normalize(written);
      // The project's implicit .env is a probe: compose reads it when it is there, so one stacklint
      // may not read (outside the root) is no reference to report (rw213 wger: `<command line>:
      // env_file '../services/.env'` for a file that does not exist).
      const OpenResult opened = files_.env->open(
          host, Reference{.directive = named ? "env_file" : "", .written = written, .location = where});
      if (opened.status != OpenStatus::found) {
        // compose refuses a named env file it cannot read; an absent .env is no error.
        if (named && !is_refusal(opened.status)) error("included env file '" + written + "' not found", where);
        continue;
      }
      const SourceFile& sf = *opened.source;
      const compose::Dotenv env = parse_env(sf);
      for (size_t i = 0; i < env.values.size(); ++i) {
        const auto& [k, v] = env.values[i];
        if (variables_.count(k) > 0) continue;  // the environment wins (compose-go Mapping.Merge)
        variable_lines_[k] = line_of(sf, env.lines[i]);
        variables_[k] = v;
      }
    }
  }

  [[nodiscard]] bool tree_too_big(size_t from) const {
    for (size_t i = from; i < project_.errors.size(); ++i) {
      if (project_.errors[i].message.find("too many nodes") != std::string::npos) return true;
    }
    return false;
  }

  // ---- extends ----

  // Whether a relative path the project directory lacks names a file of a directory above it, up
  // to the repository's top level: a file written for `docker compose --project-directory <there>`
  // (keep's tests/e2e_tests/*.yml extend the root's docker-compose.common.yml, as CI runs them).
  // Which directory it is run from is unknown: not judged.
  [[nodiscard]] bool in_directory_above(const std::string& written) const {
    if (files_.fs == nullptr || written.empty() || path::is_absolute(written)) return false;
    return std::any_of(
        project_.directories_above.begin(), project_.directories_above.end(),
        [&](const std::string& dir) { return files_.fs->stat(path::join(dir, written)).status == OpenStatus::found; });
  }

  CNode* other_file(const std::string& host, const Reference& ref) {
    const Location& where = ref.location;
    if (auto it = others_.find(host); it != others_.end()) return it->second.get();
    if (others_.size() > 64) {
      error("too many files reached through 'extends'", where);
      return nullptr;
    }
    const OpenResult opened = files_.compose->open(host, ref);
    if (is_refusal(opened.status)) {  // not read: the service keeps its own keys, without its base's
      others_[host] = nullptr;
      return nullptr;
    }
    if (opened.status != OpenStatus::found) {
      if (!in_directory_above(ref.written)) error("cannot read '" + rel(host) + "' named by 'extends'", where);
      others_[host] = nullptr;
      return nullptr;
    }
    std::vector<CNode> docs = load_source(opened.source, path::dirname(host), false, false);
    auto tree = std::make_unique<CNode>();
    for (CNode& d : docs) {
      compose::apply_tags(d);
      compose::merge_files(*tree, std::move(d));
    }
    CNode* raw = tree.get();
    others_[host] = std::move(tree);
    return raw;
  }

  void resolve_all_extends(CNode& root, const std::string& file) {
    CNode* services = root.get("services");
    if (services == nullptr || !services->is_mapping()) return;
    for (Entry& e : services->entries) {
      // Most services extend nothing: skip them without the name lookup (linear in the number of
      // services, which made 40,000 services quadratic).
      if (!e.value.is_mapping() || e.value.find("extends") == nullptr) continue;
      std::vector<std::string> chain;
      resolve_extends(root, file, e.key, chain);
    }
    service_index_.clear();  // the trees move on from here
  }

  // The service `name` of a tree, found by hash: resolving `extends` looks one up per extending
  // service and its base (a scan would make 100,000 services that all extend one quadratic).
  // Resolving replaces service definitions but never adds or removes a service.
  CNode* service_named(CNode& root, std::string_view name) {
    CNode* services = root.get("services");
    if (services == nullptr || !services->is_mapping()) return nullptr;
    auto [index, added] = service_index_.try_emplace(services);
    if (added) {
      for (size_t i = 0; i < services->entries.size(); ++i) index->second.emplace(services->entries[i].key, i);
    }
    const auto it = index->second.find(name);
    return it == index->second.end() ? nullptr : &services->entries[it->second].value;
  }

  enum class Resolved : uint8_t { ok, not_found, failed };

  // Replaces the service's definition by its base with the service merged over it.
  Resolved resolve_extends(CNode& root, const std::string& file, const std::string& name,
                           std::vector<std::string>& chain) {
    CNode* svc = service_named(root, name);
    if (svc == nullptr) return Resolved::not_found;
    const Entry* ext = svc->is_mapping() ? svc->find("extends") : nullptr;
    if (ext == nullptr) return Resolved::ok;
    const std::string id = rel(file) + ":" + name;
    const Location where = ext->key_location;
    if (std::find(chain.begin(), chain.end(), id) != chain.end() || chain.size() > 32) {
      std::string cycle;
      for (const std::string& c : chain) cycle += c.substr(c.rfind(':') + 1) + " -> ";
      error("'extends' cycle in service '" + name + "': " + cycle + name, where);
      svc->erase("extends");
      return Resolved::failed;
    }
    std::string base_name;
    std::string base_file;
    Location file_location = where;
    if (ext->value.is_scalar()) base_name = ext->value.value;
    if (ext->value.is_mapping()) {
      if (const CNode* s = ext->value.get("service")) base_name = s->value;
      if (const CNode* f = ext->value.get("file")) {
        base_file = f->value;
        file_location = f->location;
      }
    }
    chain.push_back(id);
    CNode* base_root = &root;
    std::string base_path = file;
    if (!base_file.empty()) {
      base_path = path::normalize(path::join(path::dirname(file), base_file));
      if (base_path != file) {
        base_root = other_file(base_path,
                               Reference{.directive = "extends.file", .written = base_file, .location = file_location});
      }
    }
    Resolved r = base_root != nullptr ? resolve_extends(*base_root, base_path, base_name, chain) : Resolved::failed;
    CNode base;
    if (r == Resolved::ok) {
      if (const CNode* b = service_named(*base_root, base_name); b != nullptr) base = *b;
    } else if (r == Resolved::not_found) {
      error("service '" + name + "' extends '" + base_name + "', which is not defined" +
                (base_file.empty() ? std::string() : " in '" + rel(base_path) + "'"),
            where);
    }
    chain.pop_back();
    // Find the service again: resolving its base may have changed this tree.
    svc = service_named(root, name);
    if (svc == nullptr) return Resolved::failed;
    if (r != Resolved::ok) {
      svc->erase("extends");
      return Resolved::failed;
    }
    CNode local = std::move(*svc);
    local.erase("extends");
    base.erase("extends");
    const Location service_location = local.location;
    if (base.is_null()) {
      base = std::move(local);
    } else {
      compose::merge_service(base, std::move(local));
    }
    base.location = service_location;
    *svc = std::move(base);
    return Resolved::ok;
  }

  // ---- networks ----

  // The project name compose gives: the top-level `name:`, else COMPOSE_PROJECT_NAME, else the
  // project directory's name; lower case, characters other than a-z, 0-9, '-' and '_' removed.
  [[nodiscard]] std::string project_name(const CNode& merged) const {
    std::string name = path::basename(project_dir_);
    if (const auto it = variables_.find("COMPOSE_PROJECT_NAME"); it != variables_.end() && !it->second.empty()) {
      name = it->second;
    }
    if (const CNode* n = merged.get("name"); n != nullptr && n->is_scalar() && !n->value.empty()) name = n->value;
    return normalized_project_name(name);
  }

  // The Docker network each top-level network key names: its `name:`, else <project>_<key>. An
  // external network named `<prefix>_<key>` after a network this project creates (`key`, without a
  // name of its own) is that network as a checkout under the project name `<prefix>` creates it:
  // the project's own network, whatever directory this checkout has (compose-debug.yml's
  // `name: charon-distributed-validator-node_dvnode` beside docker-compose.yml's `dvnode`).
  void name_networks(const CNode& merged) {
    if (const CNode* n = merged.get("name"); n != nullptr && n->is_scalar() && !n->value.empty()) {
      project_.name = Located<std::string>{.value = n->value, .location = n->location};
    }
    const std::string project = project_name(merged);
    const CNode* networks = merged.get("networks");
    std::map<std::string, std::string>& names = project_.network_names;
    names["default"] = project + "_default";
    if (networks == nullptr || !networks->is_mapping()) return;
    std::map<std::string, std::string> external;  // key -> its name
    for (const Entry& e : networks->entries) {
      const CNode* internal = e.value.is_mapping() ? e.value.get("internal") : nullptr;
      if (internal != nullptr && internal->is_scalar() &&
          (internal->value == "true" || internal->value == "True" || internal->value == "TRUE")) {
        internal_networks_.insert(e.key);
      }
      const CNode* name = name_of(e.value);
      const bool is_external = external_of(e.value) != nullptr;
      if (name != nullptr && name->is_scalar() && !name->value.empty()) {
        names[e.key] = name->value;
        if (is_external) external[e.key] = name->value;
      } else {
        names[e.key] = is_external ? e.key : project + "_" + e.key;
      }
    }
    for (const auto& [key, name] : external) {
      const size_t cut = name.rfind('_');
      if (cut == std::string::npos || cut == 0) continue;
      const std::string own = name.substr(cut + 1);
      const CNode* decl = networks->get(own);
      const bool created = own != key && (names.count(own) > 0 || own == "default") &&
                           (decl == nullptr || !decl->is_mapping() ||
                            (decl->get("name") == nullptr && decl->get("external") == nullptr));
      if (created) names[key] = names[own];
    }
  }

  // ---- services ----

  // Builds each service's record and frees its definition. A large file's definitions are freed a
  // batch at a time, once the batch's records are built, and their pages given back before the next:
  // the definitions (trees and their 192-byte entries) and the records (about 600 bytes each, plus
  // their environment and ports) of 100,000 services are never all alive at once. The entries stay
  // in place (moving them into batches made a second 19 MB array of them at the peak).
  // A depends_on that names no service of the project: compose refuses the project ("service "app"
  // depends on undefined service "db": invalid compose project"), unless the long syntax says
  // `required: false`. A name a variable made is the user's. compose/syntax reports them (rw119
  // AILIBI-Backend's blue overlay, run alone with -f).
  void check_dependencies(const CNode& merged) {
    const CNode* services = merged.get("services");
    if (services == nullptr || !services->is_mapping()) return;
    // By hash: a hostile file's thousands of services, each depending on thousands, stay linear.
    std::unordered_set<std::string_view> names;
    names.reserve(services->entries.size());
    for (const Entry& e : services->entries) names.insert(e.key);
    const auto defined = [&](const std::string& name) { return names.count(name) > 0; };
    const auto undefined = [&](const std::string& service, const std::string& name, const Location& where) {
      project_.undefined_dependencies.push_back(
          UndefinedDependency{.service = service, .name = name, .location = where});
    };
    for (const Entry& e : services->entries) {
      const CNode* deps = e.value.is_mapping() ? e.value.get("depends_on") : nullptr;
      if (deps == nullptr) continue;
      for (const CNode& d : deps->items) {
        if (d.is_scalar() && !d.interpolated && !d.value.empty() && !defined(d.value)) {
          undefined(e.key, d.value, d.location);
        }
      }
      for (const Entry& d : deps->entries) {
        const CNode* required = d.value.is_mapping() ? d.value.get("required") : nullptr;
        if (required != nullptr && required->is_scalar() && required->value == "false") continue;
        if (!d.key.empty() && !defined(d.key)) undefined(e.key, d.key, d.key_location);
      }
    }
  }

  void build_services(CNode& merged) {
    CNode* services = merged.get("services");
    if (services == nullptr || !services->is_mapping()) return;
    compose::ServiceContext ctx{.env_files = files_.env,
                                .root = files_.root,
                                .fs = files_.fs,
                                .variables = &variables_,
                                .variable_lines = &variable_lines_,
                                .profiles = &profiles_,
                                .project = &project_,
                                .hidden = &out_.hidden,
                                .env_file_keys = &env_file_keys_,
                                .configs = merged.get("configs"),
                                .internal_networks = &internal_networks_,
                                .installed = installer().has_value()};
    std::vector<Entry>& entries = services->entries;
    out_.services.reserve(out_.services.size() + entries.size());  // no regrowth
    for (size_t from = 0; from < entries.size(); from += kBatch) {
      const size_t to = std::min(entries.size(), from + kBatch);
      for (size_t i = from; i < to; ++i) {
        const Entry& e = entries[i];
        if (!e.value.is_mapping() && !e.value.is_null()) continue;  // the schema reports it
        out_.services.push_back(compose::build_service(e.key, e.key_location, e.value, ctx));
      }
      // Freed together, the batch's definitions leave whole free pages (one at a time, the records'
      // small allocations would fill their holes).
      for (size_t i = from; i < to; ++i) entries[i].value = CNode{};
      if (entries.size() > kBatch) malloc_trim(0);
    }
    std::vector<Entry>().swap(entries);
  }

  static constexpr size_t kBatch = 4096;            // services
  static constexpr size_t kMaxRunnerFolders = 400;  // folders listed for scripts that run the project
  static constexpr size_t kMaxRunnerScripts = 200;  // and scripts read in them

  ComposeFiles files_;
  const ComposeOptions& options_;
  ComposeLoad& out_;
  ComposeProject& project_;
  std::string project_dir_;
  std::vector<std::string> empty_files_;  // files given that hold no document
  std::map<std::string, std::string> variables_;
  std::map<std::string, Location> variable_lines_;  // the `.env` line of a variable (committed files)
  mutable std::map<std::string, std::optional<std::string>> evidence_texts_;  // evidence_text's reads
  mutable std::optional<std::optional<std::string>> installer_;               // installer(), once asked
  std::vector<std::string> profiles_;
  std::map<std::string, std::unique_ptr<CNode>> others_;
  std::vector<std::string> including_;  // the include chain being read (cycle check)
  // While `extends` is resolved: each `services` mapping's names, by position (service_named).
  std::unordered_map<const CNode*, std::unordered_map<std::string_view, size_t>> service_index_;
};

}  // namespace

ComposeLoad load_compose(ComposeFiles files, const ComposeOptions& options) {
  ComposeLoad out;
  Loader loader(std::move(files), options, out);
  loader.run();
  return out;
}

void finish_schema_checks(ComposeProject& project, std::vector<SchemaCheck>& checks) {
  size_t added = 0;  // by the earlier checks, each placed before the errors found after it
  for (SchemaCheck& check : checks) {
    std::vector<ParseIssue> issues = check.issues.get();
    // rw36 FocusHive: `container_name: ${NAME}` of a private .env was "invalid value ''".
    drop_errors_with_unknown_values(issues, project.unknown_value_uses);
    const auto at =
        project.errors.begin() + static_cast<std::ptrdiff_t>(std::min(check.at + added, project.errors.size()));
    project.errors.insert(at, std::make_move_iterator(issues.begin()), std::make_move_iterator(issues.end()));
    added += issues.size();
  }
  checks.clear();
}

std::vector<std::string> default_compose_files(const FileSystem& fs, const std::string& dir) {
  // The names compose::is_default_compose_name accepts, in compose's order of preference.
  static const char* const names[] = {"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"};
  std::vector<std::string> out;
  for (const char* name : names) {
    const std::string p = path::join(dir, name);
    if (fs.exists(p) && !fs.is_directory(p)) {
      out.push_back(p);
      const std::string base(name);
      const std::string stem = base.substr(0, base.find('.'));
      for (const char* ext : {".override.yaml", ".override.yml"}) {
        const std::string o = path::join(dir, stem + ext);
        if (fs.exists(o) && !fs.is_directory(o)) {
          out.push_back(o);
          break;
        }
      }
      break;
    }
  }
  return out;
}

}  // namespace stacklint
