#include "linter/formats/compose/service.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "linter/formats/compose/dotenv.h"
#include "linter/formats/compose/errors.h"
#include "linter/formats/compose/merge.h"
#include "linter/formats/compose/syntax.h"
#include "linter/model/secrets.h"
#include "linter/model/written.h"
#include "linter/source/text.h"
#include "linter/units/size.h"

namespace stacklint::compose {

namespace {

// The whole line `line` (1-based) of a file.
Location line_span(const SourceFile& source, uint32_t line) {
  const uint32_t begin = source.line_offset(line);
  const size_t eol = source.text().find('\n', begin);
  const auto end = static_cast<uint32_t>(eol == std::string::npos ? source.text().size() : eol);
  return source.span(begin, end);
}

// The image the final stage of a Dockerfile starts from (`FROM [--platform=...] IMAGE [AS name]`;
// a stage named by an earlier one resolves to that stage's image); nullopt for `scratch`, an image
// an ARG names, or no FROM. Also nullopt when the final stage (or a stage it builds on) sets an
// ENTRYPOINT of its own: the image then runs what that entrypoint starts, not the base image's
// program (rw67 observability-mesh: `FROM postgres:16-alpine` whose entrypoint script also starts
// two Java servers, on the ports it EXPOSEs). An entrypoint that names the base image's own
// (`docker-entrypoint.sh`) or its program (`start-postgres.sh`), or `ENTRYPOINT []` with such a CMD,
// still runs it (rw72 getodk central: `ENTRYPOINT []`, `CMD ["start-postgres.sh"]`, which execs
// `docker-entrypoint.sh postgres`). So does a CMD that starts another known server than the base
// image's (`CMD ["pgbouncer", ...]` on `FROM postgres`).
std::optional<std::string> final_base_image(std::string_view text) {
  struct Stage {
    std::string image;
    std::optional<std::string> entrypoint;  // as written, when the stage (or its base) sets one
    std::string cmd;
  };
  std::map<std::string, Stage> stages;  // lower-cased stage name -> stage
  std::optional<Stage> now;
  std::string current;  // the current stage's name
  std::string line;
  size_t pos = 0;
  const auto rest_of = [](const std::vector<std::string>& words) {
    std::string out;
    for (size_t i = 1; i < words.size(); ++i) out += (i == 1 ? "" : " ") + words[i];
    return out;
  };
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    const size_t b = l.find_first_not_of(" \t");
    if (b == std::string_view::npos || l[b] == '#') continue;
    const bool more = l.back() == '\\';
    line.append(l.substr(b, more ? l.size() - b - 1 : l.size() - b));
    line += ' ';
    if (more && line.size() < 4096) continue;
    std::vector<std::string> words;
    for (size_t i = 0; i < line.size();) {
      const size_t start = line.find_first_not_of(" \t", i);
      if (start == std::string::npos) break;
      const size_t end = std::min(line.find_first_of(" \t", start), line.size());
      words.push_back(line.substr(start, end - start));
      i = end;
    }
    line.clear();
    if (words.empty()) continue;
    const std::string instruction = ascii_lower(words[0]);
    if (now && (instruction == "entrypoint" || instruction == "cmd")) {
      (instruction == "cmd" ? now->cmd : now->entrypoint.emplace()) = rest_of(words);
      if (!current.empty()) stages[current] = *now;
    }
    if (instruction != "from") continue;
    size_t k = 1;
    while (k < words.size() && words[k].starts_with("--")) ++k;
    if (k >= words.size()) continue;
    now = Stage{.image = words[k], .entrypoint = std::nullopt, .cmd = {}};
    if (const auto it = stages.find(ascii_lower(words[k])); it != stages.end()) now = it->second;
    current.clear();
    if (k + 2 < words.size() && ascii_lower(words[k + 1]) == "as") {
      current = ascii_lower(words[k + 2]);
      stages[current] = *now;
    }
  }
  if (!now || now->image.empty() || now->image.find('$') != std::string::npos || ascii_lower(now->image) == "scratch") {
    return std::nullopt;
  }
  if (now->entrypoint) {
    std::string program = ascii_lower(*now->entrypoint);
    if (program.find_first_not_of("[] ") == std::string::npos) program = ascii_lower(now->cmd);  // `ENTRYPOINT []`
    std::string base = ascii_lower(now->image);
    base = base.substr(0, std::min(base.find_first_of(":@"), base.size()));
    base = base.substr(base.rfind('/') == std::string::npos ? 0 : base.rfind('/') + 1);
    const bool runs_base = program.find("docker-entrypoint") != std::string::npos ||
                           (!base.empty() && program.find(base) != std::string::npos);
    if (!runs_base) return std::nullopt;
  }
  // A CMD that starts another server than the base image's (`FROM postgres:16-alpine`, `RUN apk add
  // pgbouncer`, `CMD ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]`, rw151 Stratum): the image runs
  // that program, not the base image's, and what it listens on is not the base image's.
  if (!now->entrypoint && !now->cmd.empty()) {
    std::string first = ascii_lower(now->cmd);
    first.erase(0, std::min(first.find_first_not_of("[\" "), first.size()));
    first.resize(std::min(first.find_first_of("\", "), first.size()));
    first = first.substr(first.rfind('/') == std::string::npos ? 0 : first.rfind('/') + 1);
    static constexpr std::array<std::pair<std::string_view, Role>, 7> kServers = {{
        {"pgbouncer", Role::pgbouncer},
        {"postgres", Role::postgres},
        {"redis-server", Role::redis},
        {"valkey-server", Role::redis},
        {"keydb-server", Role::redis},
        {"prometheus", Role::prometheus},
        {"alertmanager", Role::alertmanager},
    }};
    for (const auto& [program, role] : kServers) {
      if (first == program && analyze_image(now->image).role != role) return std::nullopt;
    }
  }
  return now->image;
}

class Builder {
 public:
  Builder(const std::string& name, const CNode& def, const ServiceContext& ctx) : name_(name), def_(def), ctx_(ctx) {}

  void error(const std::string& message, const Location& location) {
    add_error(ctx_.project->errors, message, location);
  }

  // A value of the environment variable `name` given to the service (outputs show it as ${NAME}).
  void hidden(const Location& where, const std::string& name, const std::string& value) {
    if (ctx_.hidden == nullptr) return;
    ctx_.hidden->push_back(
        HiddenValue{.kind = HiddenValue::Kind::environment, .where = where, .name = name, .value = value});
  }

  // A byte size from an int or a go-units size string.
  std::optional<Located<int64_t>> size(const CNode* node, const std::string& field, bool allow_minus_one = false) {
    if (node == nullptr || node->is_null()) return std::nullopt;
    if (!node->is_scalar()) return std::nullopt;  // the schema reports the shape
    const auto fail = [&](const std::string& why) -> std::optional<Located<int64_t>> {
      error("invalid '" + field + "' in service '" + name_ + "': " + why, node->location);
      return std::nullopt;
    };
    // Too large for an int64: reported, and kept as the largest size so it still counts against
    // the host budget (a wrapped or dropped value would hide budget/host-overcommit).
    const auto too_large = [&](const std::string& why) {
      error("invalid '" + field + "' in service '" + name_ + "': " + why, node->location);
      return Located<int64_t>{.value = std::numeric_limits<int64_t>::max(), .location = node->location};
    };
    if (node->type == yaml::ScalarType::integer || node->type == yaml::ScalarType::floating) {
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(node->value.c_str(), &end);
      int64_t bytes = 0;
      if (node->type == yaml::ScalarType::integer) {
        errno = 0;
        bytes = std::strtoll(node->value.c_str(), nullptr, 0);
        if (errno == ERANGE && bytes > 0) return too_large("'" + node->value + "' is too large");
      } else {
        if (v >= 9.2e18) return too_large("'" + node->value + "' is too large");
        if (!(std::fabs(v) < 9.2e18)) return fail("'" + node->value + "' is too large");
        bytes = static_cast<int64_t>(v);
      }
      if (bytes < 0 && !(allow_minus_one && bytes == -1)) return fail("a size cannot be negative");
      return Located<int64_t>{.value = bytes, .location = node->location};
    }
    if (allow_minus_one && node->value == "-1") return Located<int64_t>{.value = -1, .location = node->location};
    std::string why;
    bool overflow = false;
    const auto bytes = parse_docker_size(node->value, &why, &overflow);
    if (!bytes && overflow) return too_large(why);
    if (!bytes) return fail(why);
    return Located<int64_t>{.value = *bytes, .location = node->location};
  }

  std::optional<Located<double>> number(const CNode* node, const std::string& field) {
    if (node == nullptr || !node->is_scalar()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(node->value.c_str(), &end);
    if (node->value.empty() || end != node->value.c_str() + node->value.size() || !std::isfinite(v) || v < 0) {
      error("invalid '" + field + "' in service '" + name_ + "': '" + node->value + "' is not a number",
            node->location);
      return std::nullopt;
    }
    return Located<double>{.value = v, .location = node->location};
  }

  const CNode* at(std::initializer_list<const char*> path) const {
    const CNode* cur = &def_;
    for (const char* step : path) {
      if (cur == nullptr || !cur->is_mapping()) return nullptr;
      cur = cur->get(step);
    }
    return cur;
  }

  template <class T>
  std::optional<Located<T>> pick(const std::optional<Located<T>>& a, const std::optional<Located<T>>& b,
                                 ComposeProject::ConflictKind kind, double scale = 1.0) {
    if (a && b && a->value != b->value) {
      ctx_.project->conflicts.push_back(
          ComposeProject::Conflict{.service = name_,
                                   .kind = kind,
                                   .first = a->location,
                                   .second = b->location,
                                   .first_value = static_cast<int64_t>(static_cast<double>(a->value) * scale),
                                   .second_value = static_cast<int64_t>(static_cast<double>(b->value) * scale)});
    }
    return a ? a : b;
  }

  std::optional<Located<std::vector<std::string>>> words(const CNode* node, const std::string& field) {
    if (node == nullptr || node->is_null()) return std::nullopt;
    Located<std::vector<std::string>> out{.location = node->location};
    if (node->is_scalar()) {
      std::string why;
      auto split = split_shell(node->written_unset.empty() ? node->value : node->written_unset, &why);
      if (!split) {
        error("invalid '" + field + "' in service '" + name_ + "': " + why, node->location);
        return std::nullopt;
      }
      out.value = std::move(*split);
    } else if (node->is_sequence()) {
      for (const CNode& item : node->items)
        out.value.push_back(item.written_unset.empty() ? item.value : item.written_unset);
    } else {
      return std::nullopt;
    }
    return out;
  }

  std::string expand_home(const std::string& p) const {
    if (p.empty() || p[0] != '~') return p;
    const auto it = ctx_.variables->find("HOME");
    const std::string home = it != ctx_.variables->end() ? it->second : std::string("~");
    return home + p.substr(1);
  }

  // `unknown`: the source interpolates a variable (its value may be an example, or set elsewhere).
  void bind_paths(Mount& m, const std::string& base_dir, bool unknown) const {
    if (!m.source.empty() && m.source[0] == '~') m.home_source = m.source;
    const std::string src = expand_home(m.source);
    m.host_path = path::normalize(path::join(base_dir, src));
    m.source = path::relative_to(m.host_path, ctx_.root);
    m.is_directory = ctx_.env_files->is_directory(m.host_path);
    m.source_missing = !unknown && !m.is_directory && source_missing(m.host_path);
  }

  // Nothing at `host` (a path inside the repository: stat says not_found, never outside_root), and
  // nothing says a setup step or another project directory provides it.
  [[nodiscard]] bool source_missing(const std::string& host) const {
    if (ctx_.fs == nullptr || ctx_.project == nullptr || ctx_.installed) return false;
    if (ctx_.fs->stat(host).status != OpenStatus::not_found) return false;
    const std::vector<std::string>& above = ctx_.project->directories_above;
    if (written_by_setup(*ctx_.fs, host, ctx_.root, above.empty() ? std::string() : above.back())) return false;
    // Docker creates a missing source as a directory: a directory-only pattern (`radarr/`) of a
    // .gitignore keeps a source named like a folder the user's own (rw29 Kero-66). Asked for a path
    // below it, which the pattern covers whatever `radarr` is.
    // A dot file's name (`.next/`, rw33 Ardigi) is a folder's too.
    if (path::basename(host).find('.', 1) == std::string::npos &&
        git_ignored(*ctx_.fs, path::join(host, ".keep"), above.empty() ? ctx_.root : above.back())) {
      return false;
    }
    const std::string rel = path::relative_to(host, ctx_.root);
    if (rel.starts_with("../")) return false;  // not the project's own: where it is run from decides
    // A README beside it or beside the compose file that names it: a documented step makes it
    // ("Create a file called loki-basic-auth.yml", rw14 keep).
    const std::string name = path::basename(host);
    // A name without an extension is a folder's, often a word of prose ("firewall rules", rw228
    // dj-3dub monitoring-stack's missing ./config/prometheus/rules): the README names it with its
    // parent (`prometheus/rules`). Either as a word of its own, not inside a longer name.
    const std::string parent = path::basename(path::dirname(host));
    const std::string named = name.find('.') == std::string::npos && !parent.empty() ? parent + "/" + name : name;
    const auto names = [&named](std::string_view text) {
      const auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; };
      for (size_t at = text.find(named); at != std::string_view::npos; at = text.find(named, at + 1)) {
        const size_t end = at + named.size();
        if ((at == 0 || !part(text[at - 1])) && (end == text.size() || !part(text[end]))) return true;
      }
      return false;
    };
    for (const std::string& dir : {path::dirname(host), ctx_.root}) {
      for (const char* readme : {"README.md", "README", "readme.md", "README.rst", "README.txt"}) {
        const auto text = ctx_.fs->read(path::join(dir, readme));
        if (text && names(*text)) return false;
      }
    }
    if (std::any_of(above.begin(), above.end(), [&](const std::string& dir) {
          return ctx_.fs->stat(path::join(dir, rel)).status == OpenStatus::found;
        })) {
      return false;
    }
    return !assembled_from_sibling(rel);
  }

  // A path of two parts or more (`grafana/provisioning/datasources/ds.yml`) that the repository holds
  // in a folder beside the project's or beside a directory above it (`docker/grafana/...`): a
  // deploy step assembles the project from there (rw23 h3xrecon: an Ansible playbook copies
  // ../../docker/grafana next to the swarm compose file; 7 wrong findings).
  [[nodiscard]] bool assembled_from_sibling(const std::string& rel) const {
    if (rel.find('/') == std::string::npos) return false;
    for (const std::string& parent : ctx_.project->directories_above) {
      for (const std::string& child : ctx_.fs->list(parent)) {
        if (child.starts_with('.') || child == "node_modules" || child == "vendor") continue;
        const std::string dir = path::join(parent, child);
        if (dir == ctx_.root || !ctx_.fs->is_directory(dir)) continue;
        if (ctx_.fs->stat(path::join(dir, rel)).status == OpenStatus::found) return true;
      }
    }
    return false;
  }

  void mounts(Service& svc) {
    config_mounts(svc);
    const CNode* vols = def_.get("volumes");
    if (vols == nullptr || !vols->is_sequence()) return;
    for (const CNode& item : vols->items) {
      Mount m;
      m.location = item.location;
      bool unknown = false;
      if (item.is_scalar()) {
        std::string why;
        const auto spec = parse_volume_spec(item.value, &why);
        if (!spec) {
          // `${CERT_FILE:?set the host path}:/etc/nginx/tls.crt`: compose stops at the unset required
          // variable with the author's message and never reads an empty source (rw23: 3 wrong errors).
          if (!item.interpolated || !interpolates_unset(*ctx_.project, item.location, true)) {
            error(why + " in service '" + name_ + "'", item.location);
          }
          continue;
        }
        m.source = spec->source;
        m.target = spec->target;
        unknown = item.interpolated;
        m.bind = spec->bind;
        m.read_only = spec->read_only;
      } else if (item.is_mapping()) {
        const CNode* type = item.get("type");
        const CNode* source = item.get("source");
        const CNode* target = item.get("target");
        const CNode* ro = item.get("read_only");
        m.bind = type != nullptr && type->value == "bind";
        if (source != nullptr && source->is_scalar()) m.source = source->value;
        if (target != nullptr && target->is_scalar()) m.target = target->value;
        unknown = source != nullptr && source->interpolated;
        m.read_only = ro != nullptr && (ro->value == "true" || ro->value == "True" || ro->value == "TRUE");
        const CNode* bind = item.get("bind");
        const CNode* create = bind != nullptr && bind->is_mapping() ? bind->get("create_host_path") : nullptr;
        m.refused_if_missing = m.bind && (create == nullptr || ascii_lower(create->value) != "true");
      } else {
        continue;
      }
      if (m.bind) bind_paths(m, item.base_dir, unknown);
      svc.mounts.push_back(std::move(m));
    }
  }

  // `configs: [name]` or `[{source: name, target: /path}]` of a config the project defines with
  // `file:`: the file, read-only at the target (`/<name>` when none is given), as compose mounts it.
  void config_mounts(Service& svc) {
    const CNode* list = def_.get("configs");
    if (list == nullptr || !list->is_sequence() || ctx_.configs == nullptr || !ctx_.configs->is_mapping()) return;
    for (const CNode& item : list->items) {
      std::string name;
      std::string target;
      if (item.is_scalar()) {
        name = item.value;
      } else if (item.is_mapping()) {
        const CNode* source = item.get("source");
        const CNode* t = item.get("target");
        if (source != nullptr && source->is_scalar()) name = source->value;
        if (t != nullptr && t->is_scalar()) target = t->value;
      }
      const CNode* config = name.empty() ? nullptr : ctx_.configs->get(name);
      const CNode* file = config != nullptr && config->is_mapping() ? config->get("file") : nullptr;
      if (file == nullptr || !file->is_scalar() || file->value.empty()) continue;
      if (target.empty()) target = name;
      Mount m{.source = file->value,
              .target = path::is_absolute(target) ? target : "/" + target,
              .bind = true,
              .read_only = true,
              .from_config = true,
              .location = item.location};
      bind_paths(m, file->base_dir, file->interpolated);
      svc.mounts.push_back(std::move(m));
    }
  }

  // Whether a value names a required variable (`${VAR:?message}`, `${VAR?message}`) left unset.
  static bool requires_unset(const CNode& n) {
    const std::string& w = n.written_unset;
    for (size_t at = w.find("${"); at != std::string::npos; at = w.find("${", at + 2)) {
      size_t end = at + 2;
      while (end < w.size() && (std::isalnum(static_cast<unsigned char>(w[end])) != 0 || w[end] == '_')) ++end;
      if (w.compare(end, 2, ":?") == 0 || w.compare(end, 1, "?") == 0) return true;
    }
    return false;
  }

  void ports(Service& svc) {
    const CNode* list = def_.get("ports");
    if (list == nullptr || !list->is_sequence()) return;
    for (const CNode& item : list->items) {
      PortMapping p{.protocol = "tcp", .location = item.location};
      if (item.is_scalar()) {
        std::string why;
        const auto spec = parse_port_spec(item.value, &why);
        if (!spec) {
          // `${PORT:?message}` unset: compose stops at interpolation, saying the message, and never
          // reads the port (rw66 pixelfed's documented .env supplies it).
          if (requires_unset(item)) continue;
          error(why + " in service '" + name_ + "'", item.location);
          continue;
        }
        p.host_ip = spec->host_ip;
        p.published = spec->published;
        p.target = spec->target;
        p.protocol = spec->protocol;
      } else if (item.is_mapping()) {
        auto get = [&](const char* k) {
          const CNode* v = item.get(k);
          return v != nullptr && v->is_scalar() ? v->value : std::string();
        };
        p.host_ip = get("host_ip");
        p.published = get("published");
        p.target = get("target");
        if (!get("protocol").empty()) p.protocol = get("protocol");
      } else {
        continue;
      }
      svc.ports.push_back(std::move(p));
    }
  }

  // Whether the service has profiles none of which is chosen: `docker compose up` leaves it out.
  [[nodiscard]] bool inactive_profile() const {
    const CNode* profiles = def_.get("profiles");
    if (profiles == nullptr || !profiles->is_sequence() || profiles->items.empty()) return false;
    return std::none_of(profiles->items.begin(), profiles->items.end(), [&](const CNode& p) {
      return std::find(ctx_.profiles->begin(), ctx_.profiles->end(), p.value) != ctx_.profiles->end() ||
             std::find(ctx_.profiles->begin(), ctx_.profiles->end(), "*") != ctx_.profiles->end();
    });
  }

  // Compose refuses a missing required env_file: one error per file and compose file, with a note
  // for every other service of that file that names it.
  // A service behind a profile nobody chose does not start, and compose (2.34 and later) reads no
  // env file of it: its missing file stops nothing until the profile is chosen (rw78 infra_setup's
  // profile-only service, whose file a setup script writes).
  // `written` as interpolated, `host` where it leads. `${PWD}/frontend/.env` names the directory
  // compose is run from, which need not be the compose file's (rw102 mediacms runs
  // docker-compose/*.yaml from the repository's top): unknown here, not missing.
  void missing_env_file(const std::string& written, const std::string& host, const Location& at,
                        const std::string& service) {
    if (ctx_.installed || inactive_profile() || from_working_directory(written)) return;
    const std::string message = "env file " + path::relative_to(host, ctx_.root) + " not found";
    for (ParseIssue& e : ctx_.project->errors) {
      if (e.message == message && e.location.file == at.file) {
        e.related.push_back(Related{.message = "service '" + service + "' names it too", .location = at});
        return;
      }
    }
    error(message, at);
  }

  // Whether a missing env file is made where the stack runs: Portainer writes stack.env from the
  // variables set in its UI when it deploys the stack; a committed template says the file is made at
  // setup (`cp .env.example .env`), and so does a .gitignore that ignores it (the setup writes it; it
  // is never committed), a submodule's folder that the checkout left empty (rw138 nitro-testnode's
  // blockscout/, cloned with `--recurse-submodules`), or a setup script or workflow that writes it.
  [[nodiscard]] bool made_at_setup(const std::string& file, const std::string& host, const Reference& ref) const {
    const std::string top = repository_top(ctx_.project->directories_above, ctx_.root);
    return path::basename(file) == "stack.env" || deployment_env_file(path::basename(file)) ||
           has_template(host, ref) || written_by_setup(*ctx_.fs, host, ctx_.root, top) || setup_script_makes(host);
  }

  // A hidden env file (`.env.production`, `.env.api`) or one named for the environment it configures
  // (`staging.env`): the secrets of a deployment or of one service, written where the stack runs and
  // kept out of the repository (rw199 ".env.prod ... do not commit it", rw206, rw207, rw208: 7 such
  // errors judged noise).
  static bool deployment_env_file(std::string_view name) {
    if (name.starts_with(".env.") && name.size() > 5) return true;
    const std::vector<std::string> words = lower_words(name, ".-_");
    const bool env = std::ranges::find(words, "env") != words.end();
    return env && words.size() == 2 && std::ranges::any_of(words, [](const std::string& w) {
             return w == "production" || w == "prod" || w == "staging" || w == "stage" || w == "live";
           });
  }

  // A shell script beside a missing env file, or in the `scripts/` or `bin/` folder there, that
  // writes it or stops without it (`if [ ! -f .env ]; then echo "create it with ..."; exit 1; fi`,
  // rw32 postgres_ai; `cat > .env.staging << EOF` in scripts/deploy-staging.sh, rw86 creditai), or a
  // GitHub workflow there that writes it: the setup makes the file.
  bool setup_script_makes(const std::string& host) const {
    const std::string dir = path::dirname(host);
    const std::string name = path::basename(host);
    for (const std::string& folder : {dir, path::join(dir, "scripts"), path::join(dir, "bin")}) {
      for (const std::string& entry : ctx_.fs->list(folder)) {
        if (!entry.ends_with(".sh") && !entry.ends_with(".bash")) continue;
        const FileRead read = ctx_.fs->read_file(path::join(folder, entry), 256 * 1024);
        if (read.status != OpenStatus::found) continue;
        if (script_writes(read.text, name) || script_tests_for(read.text, name)) return true;
      }
    }
    // A deploy workflow beside it that writes the file from the repository's secrets (`echo
    // "${{ secrets.ENV_VARS }}" >> .env`, rw82 WeddingMate_BackEnd): the file is made where the stack runs.
    const std::string workflows = path::join(dir, ".github/workflows");
    for (const std::string& entry : ctx_.fs->list(workflows)) {
      if (!entry.ends_with(".yml") && !entry.ends_with(".yaml")) continue;
      const FileRead read = ctx_.fs->read_file(path::join(workflows, entry), 256 * 1024);
      if (read.status == OpenStatus::found && script_writes(read.text, name)) return true;
    }
    return false;
  }

  // A template of a missing env file beside it: `<file>.example` (.template, .sample, .dist), the
  // word before the extension (`creds.example.env` for creds.env), and for `.env` any name
  // is_env_template_name accepts (env.example, .env.example_docker...).
  bool has_template(const std::string& host, const Reference& ref) const {
    std::vector<std::string> names;
    const std::string base = path::basename(host);
    const size_t dot = base.rfind('.');
    for (const char* word : {".example", ".template", ".sample", ".dist"}) {
      names.push_back(host + word);
      if (dot != std::string::npos && dot > 0) {
        names.push_back(path::join(path::dirname(host), base.substr(0, dot) + word + base.substr(dot)));
      }
    }
    // `.env` and the per-environment files made from the same template (`.env.production`,
    // `.env.prod`: "copy .env.example to .env.production", rw199, rw206, rw207).
    if (base == ".env" || (base.starts_with(".env.") && !is_env_template_name(base))) {
      const std::string dir = path::dirname(host);
      for (const std::string& name : ctx_.fs->list(dir)) {
        if (is_env_template_name(name)) names.push_back(path::join(dir, name));
      }
    }
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return ctx_.env_files->open(n, ref).status == OpenStatus::found; });
  }

  // Whether an interpolated path starts with the value ${PWD} gave it (stacklint sets PWD to the
  // stack's directory; compose takes the shell's).
  [[nodiscard]] bool from_working_directory(const std::string& file) const {
    const auto pwd = ctx_.variables->find("PWD");
    return pwd != ctx_.variables->end() && !pwd->second.empty() && path::is_absolute(file) &&
           file.rfind(pwd->second, 0) == 0;
  }

  void environment(Service& svc) {
    // env_file first; `environment` overrides it.
    if (const CNode* files = def_.get("env_file"); files != nullptr && !files->is_null()) {
      std::vector<const CNode*> entries;
      if (files->is_scalar()) entries.push_back(files);
      if (files->is_sequence()) {
        for (const CNode& item : files->items) entries.push_back(&item);
      }
      // The keys the env files read so far set: an unread file after them may set them again.
      std::vector<std::string> from_files;
      for (const CNode* entry : entries) {
        std::string file;
        bool required = true;
        if (entry->is_scalar()) file = entry->value;
        if (entry->is_mapping()) {
          if (const CNode* p = entry->get("path")) file = p->value;
          if (const CNode* r = entry->get("required")) required = r->value != "false" && r->value != "False";
        }
        if (file.empty()) continue;
        const std::string host = path::normalize(path::join(entry->base_dir, expand_home(file)));
        // `env_file: .env` is the file compose interpolates from too: `KEY: ${KEY}` takes its value.
        reads_other_env_file_ = reads_other_env_file_ || path::basename(host) != ".env" ||
                                path::dirname(host) != path::normalize(entry->base_dir);
        const Reference ref{.directive = "env_file", .written = file, .location = entry->location};
        // An optional file (`required: false`) outside the root is no coverage lost: compose runs
        // without it, and it is per user by design (rw57: `path: ~/.grafana_dev_datasources`). A
        // probe's refusal is not recorded (stacklint/outside-root).
        const OpenResult opened =
            ctx_.env_files->open(host, required ? ref : Reference{.written = file, .location = entry->location});
        if (is_refusal(opened.status)) continue;  // recorded by the resolver; read as an empty file
        if (opened.status != OpenStatus::found) {
          if (made_at_setup(file, host, ref)) {
            svc.more().unread_env_files.push_back(entry->location);
            // `env_file: [envs/default.env, envs/override.env]`, the second git-ignored (rw44 EliteaAI:
            // "copy default.env to override.env ... change passwords/keys"): the committed values are
            // defaults the deployment's own file may replace, no longer the repository's for certain.
            for (const std::string& k : from_files) {
              if (auto it = svc.environment.find(k); it != svc.environment.end()) it->second.location = Location{};
            }
            continue;
          }
          if (required) missing_env_file(file, host, entry->location, svc.name);
          continue;
        }
        const SourceFile& sf = *opened.source;
        // An encrypted file (git-crypt, ansible-vault): decrypted where the stack runs; what it
        // sets is unknown here, as for a file the repository does not hold (rw30 sleao/homelab).
        if (is_encrypted_env(sf.text())) {
          svc.more().unread_env_files.push_back(entry->location);
          continue;
        }
        const Dotenv env = parse_dotenv(sf.text(), *ctx_.variables);
        for (const auto& e : env.errors) {
          const uint32_t off = sf.line_offset(e.line);
          const Location where = sf.span(off, off);
          const auto& errs = ctx_.project->errors;
          const bool seen = std::any_of(errs.begin(), errs.end(), [&](const ParseIssue& p) {
            return p.location == where && p.message == e.message;
          });
          if (!seen) error(e.message, where);
        }
        const bool ignored = git_ignored(*ctx_.fs, host, repository_top(ctx_.project->directories_above, ctx_.root));
        for (size_t i = 0; i < env.values.size(); ++i) {
          const auto& [k, v] = env.values[i];
          const Location line = ignored ? Location{} : line_span(sf, env.lines[i]);
          if (ctx_.env_file_keys != nullptr) ctx_.env_file_keys->insert(k);
          svc.environment[k] = Located<std::string>{.value = v, .location = line};
          from_files.push_back(k);
          hidden(line.valid() ? line : entry->location, k, v);
        }
      }
    }
    const CNode* env = def_.get("environment");
    if (env == nullptr) return;
    // A service that reads an env_file and also writes `KEY=${KEY}`: the key is one the file is
    // meant to give, and an unset KEY blanks it (compose interpolates from the shell and `.env` only).
    // Not the project's own `.env` (rw22 homelab: `env_file: .env` and `KEY: ${KEY}` both read it).
    if (ctx_.env_file_keys != nullptr && reads_other_env_file_) {
      if (env->is_mapping()) {
        for (const Entry& e : env->entries) ctx_.env_file_keys->insert(e.key);
      } else if (env->is_sequence()) {
        for (const CNode& item : env->items) {
          if (item.is_scalar()) ctx_.env_file_keys->insert(item.value.substr(0, item.value.find('=')));
        }
      }
    }
    auto set = [&](const std::string& key, const CNode* value, const Location& loc) {
      if (value == nullptr || value->is_null()) {  // pass-through: the shell's or `.env`'s value
        const auto it = ctx_.variables->find(key);
        if (it == ctx_.variables->end()) return;
        const auto line = ctx_.variable_lines != nullptr ? ctx_.variable_lines->find(key)
                                                         : std::map<std::string, Location>::const_iterator{};
        const bool written = ctx_.variable_lines != nullptr && line != ctx_.variable_lines->end();
        svc.environment[key] =
            Located<std::string>{.value = it->second, .location = written ? line->second : Location{}};
        hidden(loc, key, it->second);
        return;
      }
      svc.environment[key] = Located<std::string>{.value = value->value, .location = loc};
    };
    if (env->is_mapping()) {
      for (const Entry& e : env->entries) set(e.key, &e.value, e.value.location);
    } else if (env->is_sequence()) {
      for (const CNode& item : env->items) {
        if (!item.is_scalar()) continue;
        const size_t eq = item.value.find('=');
        if (eq == std::string::npos) {
          set(item.value, nullptr, item.location);
        } else {
          svc.environment[item.value.substr(0, eq)] =
              Located<std::string>{.value = item.value.substr(eq + 1), .location = item.location};
        }
      }
    }
  }

  // `build: {args: {K: v}}` or `args: [K=v]`; arguments without a value take the shell's, unknown here.
  void build_args(Service& svc) {
    const CNode* args = at({"build", "args"});
    if (args == nullptr) return;
    if (args->is_mapping()) {
      for (const Entry& e : args->entries) {
        if (e.value.is_scalar())
          svc.more().build_args[e.key] = Located<std::string>{.value = e.value.value, .location = e.value.location};
      }
    } else if (args->is_sequence()) {
      for (const CNode& item : args->items) {
        const size_t eq = item.is_scalar() ? item.value.find('=') : std::string::npos;
        if (eq == std::string::npos) continue;
        svc.more().build_args[item.value.substr(0, eq)] =
            Located<std::string>{.value = item.value.substr(eq + 1), .location = item.location};
      }
    }
  }

  // `ulimits: {stack: N}` or `{stack: {soft: N, hard: M}}` (-1: unlimited).
  void stack_ulimit(Service& svc) {
    const CNode* stack = at({"ulimits", "stack"});
    if (stack != nullptr && stack->is_mapping()) stack = stack->get("soft");
    if (stack == nullptr || !stack->is_scalar()) return;
    char* end = nullptr;
    const long long v = std::strtoll(stack->value.c_str(), &end, 10);
    if (end == stack->value.c_str() || *end != '\0') return;
    svc.more().stack_ulimit = Located<int64_t>{.value = v < 0 ? 0 : v, .location = stack->location};
  }

  // A container attached only to networks declared `internal: true` is published on no host port:
  // its `ports:` do nothing (moby#36174; rw26 AI2AIs: postgres and redis on an internal `backend`).
  void unpublish_on_internal_networks(Service& svc) const {
    if (ctx_.internal_networks == nullptr || ctx_.internal_networks->empty() || svc.ports.empty()) return;
    if (svc.network_mode() || svc.networks.empty()) return;
    const bool internal_only = std::all_of(svc.networks.begin(), svc.networks.end(),
                                           [&](const std::string& n) { return ctx_.internal_networks->count(n) > 0; });
    if (internal_only) svc.ports.clear();
  }

  void networks(Service& svc) {
    const CNode* nets = def_.get("networks");
    if (nets != nullptr && nets->is_sequence()) {
      for (const CNode& item : nets->items) {
        if (item.is_scalar()) svc.networks.push_back(item.value);
      }
    } else if (nets != nullptr && nets->is_mapping()) {
      for (const Entry& e : nets->entries) {
        svc.networks.push_back(e.key);
        const CNode* aliases = e.value.is_mapping() ? e.value.get("aliases") : nullptr;
        if (aliases != nullptr && aliases->is_sequence()) {
          for (const CNode& a : aliases->items) svc.more().network_aliases[e.key].push_back(a.value);
        }
      }
    }
    if (const CNode* mode = def_.get("network_mode"); mode != nullptr && mode->is_scalar()) {
      svc.more().network_mode = Located<std::string>{.value = mode->value, .location = mode->location};
    }
    if (svc.networks.empty() && !svc.network_mode()) svc.networks.emplace_back("default");
    // Docker (19.03+, moby#39204) makes a container's `hostname:` an alias on each user-defined
    // network it joins, and compose's networks are user-defined: other services resolve it.
    if (const CNode* host = def_.get("hostname");
        host != nullptr && host->is_scalar() && !host->value.empty() && !svc.network_mode()) {
      for (const std::string& n : svc.networks) {
        std::vector<std::string>& aliases = svc.more().network_aliases[n];
        if (std::find(aliases.begin(), aliases.end(), host->value) == aliases.end()) aliases.push_back(host->value);
      }
    }
  }

  // `extra_hosts:` as a list (`name:ip`, `name=ip`) or a mapping (a list of addresses: the first).
  void extra_hosts(Service& svc) {
    const CNode* hosts = def_.get("extra_hosts");
    if (hosts == nullptr) return;
    const CNode mapping = hosts->is_sequence() ? list_to_mapping(*hosts, true) : *hosts;
    if (!mapping.is_mapping()) return;
    for (const Entry& e : mapping.entries) {
      const CNode* address = e.value.is_sequence() && !e.value.items.empty() ? &e.value.items.front() : &e.value;
      if (address->is_scalar()) svc.more().extra_hosts[e.key] = address->value;
    }
  }

  // A service built from a Dockerfile whose final stage starts `FROM postgres:18` runs the image
  // it extends, entrypoint and all (rw53 pgwatch: `FROM postgres` plus an extension, with
  // POSTGRES_HOST_AUTH_METHOD=trust): its role and release, when no image name gave them.
  void built_from(Service& svc) const {
    const CNode* b = def_.get("build");
    if (b == nullptr || ctx_.fs == nullptr) return;
    std::string context = ".";
    std::string dockerfile = "Dockerfile";
    if (b->is_scalar()) context = b->value;
    if (b->is_mapping()) {
      if (const CNode* c = b->get("context"); c != nullptr && c->is_scalar()) context = c->value;
      if (const CNode* d = b->get("dockerfile"); d != nullptr && d->is_scalar()) dockerfile = d->value;
      if (b->get("dockerfile_inline") != nullptr) return;
    }
    // A remote context (a git URL) or a variable's: not a file of the repository.
    if (context.empty() || context.find("://") != std::string::npos || context.starts_with("git@") ||
        context.find('$') != std::string::npos || dockerfile.find('$') != std::string::npos) {
      return;
    }
    const std::string dir = path::normalize(path::join(b->base_dir, context));
    const FileRead read = ctx_.fs->read_file(path::normalize(path::join(dir, dockerfile)), 256 * 1024);
    if (read.status != OpenStatus::found) return;
    const std::optional<std::string> base = final_base_image(read.text);
    if (!base) return;
    const ImageInfo info = analyze_image(*base);
    svc.role = info.role;
    if (svc.version.empty()) svc.version = info.version;
  }

  Service build(const Location& key_location) {
    Service svc;
    svc.name = name_;
    svc.location = key_location;
    if (const CNode* image = def_.get("image"); image != nullptr && image->is_scalar()) {
      svc.image = Located<std::string>{.value = image->value, .location = image->location};
      const ImageInfo info = analyze_image(image->value);
      svc.role = info.role;
      svc.version = info.version;
    }
    if (const CNode* b = def_.get("build"); b != nullptr && b->tag != Tag::reset) svc.more().build = b->location;
    if (const CNode* d = at({"build", "dockerfile"}); d != nullptr && d->is_scalar() && !d->value.empty()) {
      svc.more().dockerfile = Located<std::string>{.value = d->value, .location = d->location};
    }
    if (const CNode* t = at({"build", "target"}); t != nullptr && t->is_scalar() && !t->value.empty()) {
      svc.more().build_target = Located<std::string>{.value = t->value, .location = t->location};
    }
    if (svc.role == Role::app) built_from(svc);
    svc.memory_limit = pick(size(at({"mem_limit"}), "mem_limit"),
                            size(at({"deploy", "resources", "limits", "memory"}), "deploy.resources.limits.memory"),
                            ComposeProject::ConflictKind::memory_limit);
    // A limit of 0 is no limit: the engine reads HostConfig.Memory 0 as unlimited (`memory:
    // "${DB_MEMORY:-0}"`, rw66 docker-django-example: "when left at 0, they use as much as needed").
    if (svc.memory_limit && svc.memory_limit->value == 0) svc.memory_limit.reset();
    // The rarely set fields are written only when set (Service::more): most services have none.
    if (auto reservation =
            pick(size(at({"mem_reservation"}), "mem_reservation"),
                 size(at({"deploy", "resources", "reservations", "memory"}), "deploy.resources.reservations.memory"),
                 ComposeProject::ConflictKind::memory_reservation)) {
      svc.more().memory_reservation = reservation;
    }
    if (auto cpus = pick(number(at({"cpus"}), "cpus"),
                         number(at({"deploy", "resources", "limits", "cpus"}), "deploy.resources.limits.cpus"),
                         ComposeProject::ConflictKind::cpus, 1e9)) {
      svc.more().cpus = cpus;
    }
    (void)pick(number(at({"pids_limit"}), "pids_limit"),
               number(at({"deploy", "resources", "limits", "pids"}), "deploy.resources.limits.pids"),
               ComposeProject::ConflictKind::pids_limit);
    (void)size(at({"memswap_limit"}), "memswap_limit", true);
    (void)size(at({"shm_size"}), "shm_size");
    stack_ulimit(svc);
    svc.command = words(def_.get("command"), "command");
    if (auto entrypoint = words(def_.get("entrypoint"), "entrypoint")) svc.more().entrypoint = std::move(entrypoint);
    environment(svc);
    build_args(svc);
    mounts(svc);
    ports(svc);
    networks(svc);
    unpublish_on_internal_networks(svc);
    extra_hosts(svc);
    if (const CNode* cn = def_.get("container_name"); cn != nullptr && cn->is_scalar()) {
      svc.more().container_name = Located<std::string>{.value = cn->value, .location = cn->location};
    }
    if (const CNode* profiles = def_.get("profiles"); profiles != nullptr && profiles->is_sequence()) {
      for (const CNode& p : profiles->items) svc.more().profiles.push_back(p.value);
    }
    if (!svc.profiles().empty()) {
      svc.enabled = std::any_of(svc.profiles().begin(), svc.profiles().end(), [&](const std::string& p) {
        return std::find(ctx_.profiles->begin(), ctx_.profiles->end(), p) != ctx_.profiles->end() ||
               std::find(ctx_.profiles->begin(), ctx_.profiles->end(), "*") != ctx_.profiles->end();
      });
    }
    return svc;
  }

 private:
  const std::string& name_;
  const CNode& def_;
  const ServiceContext& ctx_;
  bool reads_other_env_file_ = false;  // an env_file other than the project's `.env`
};

}  // namespace

Service build_service(const std::string& name, const Location& key_location, const CNode& definition,
                      const ServiceContext& ctx) {
  Builder b(name, definition, ctx);
  return b.build(key_location);
}

}  // namespace stacklint::compose
