#include "linter/stack/tree.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <tuple>

#include "linter/formats/compose/compose.h"
#include "linter/formats/compose/dotenv.h"
#include "linter/formats/compose/tree.h"
#include "linter/source/text.h"
#include "linter/stack/evidence.h"
#include "linter/yaml/yaml.h"

namespace stacklint {

namespace {

// Names compose files go by: compose.yaml, docker-compose.local.yml, compose-vm-single.yml,
// alloy-compose.yml, app.compose.yaml. Their content (services: or include:) confirms it.
bool may_be_compose_name(std::string_view name) {
  if (!name.ends_with(".yml") && !name.ends_with(".yaml")) return false;
  // rancher-compose.yml is Rancher 1.x's companion file (scale, upgrade and health check keys)
  // that rancher-compose reads beside docker-compose.yml; compose itself refuses its keys.
  if (name.rfind("rancher-compose", 0) == 0) return false;
  // `._docker-compose.yml`: the AppleDouble file macOS writes beside a file copied to a volume that
  // has no extended attributes (its resource fork, binary), not a compose file (rw172 opsly).
  if (name.starts_with("._")) return false;
  if (name.find("compose") == std::string_view::npos) return false;
  // A file the authors retired (`compose.deprecated.yaml`, `docker-compose-old.yml`), as a directory
  // so named is: kept for history, run by no one (rw16 Alt's x-prototype).
  // A copy a file manager or a download made (`docker-compose copy.yml`, `docker-compose - Copy.yml`,
  // `docker-compose (1).yml`) or one kept before an edit (`docker-compose.backup.yml`): compose runs
  // the file it is named, not the copy (rw41 kmsjan: the old stack kept in `docker-compose copy.yml`).
  size_t start = 0;
  while (start < name.size()) {
    const size_t end = std::min(name.find_first_of(".-_ ", start), name.size());
    const std::string word = ascii_lower(name.substr(start, end - start));
    if (word == "deprecated" || word == "obsolete" || word == "legacy" || word == "old" || word == "archived" ||
        word == "unused" || word == "copy" || word == "backup" || word == "bak" || word == "orig") {
      return false;
    }
    const bool numbered_copy =
        word.size() >= 3 && word.front() == '(' && word.back() == ')' &&
        std::all_of(word.begin() + 1, word.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
    if (numbered_copy) return false;
    start = end + 1;
  }
  return true;
}

// A network declared at the top level of a compose file.
struct NetworkDecl {
  bool external = false;
  std::string name;  // its `name:` ("" when none: compose names it <project>_<key>)
};

// What discovery needs of a compose file: its services (and whether each names an image or a
// build), the files it includes, and the names and networks other stacks may reach it by.
struct ComposeSummary {
  bool is_compose = false;  // a top-level services: or include:
  // A YAML file beside compose files whose name is not compose-like (lighthouse.yml) but whose
  // services name images or builds: it answers host names, and is no stack of its own.
  bool by_content = false;
  std::string project;  // its top-level `name:`, else its directory's name
  bool named = false;   // `name:` is written
  std::set<std::string> services;
  std::set<std::string> complete;               // services with `image`, `build` or `extends`
  std::set<std::string> malformed;              // services defined as a list or a scalar: compose/syntax's
  std::vector<std::string> includes;            // host paths
  std::set<std::string> names;                  // service names, container_names, network aliases (lowercase)
  std::set<std::string> joined;                 // networks its services join (compose keys)
  std::set<std::string> needs;                  // services its services depend on (depends_on)
  std::set<std::string> publishing;             // services (lowercase) with `ports:` published on the host
  std::map<std::string, NetworkDecl> networks;  // top-level networks
  // The file's own text names it after a default compose file in one compose command
  // (`# Usage: docker compose -f docker-compose.yml -f docker-compose.release.yml up -d`): an
  // overlay by its authors' word, even when it redefines services in full (image digests).
  bool documents_layering = false;
  // Its text runs it alone (`# Single node: docker compose -f docker-compose.prod.yml up -d`), in every
  // command that names it: a stack of its own, even beside a default file it shares no service with.
  bool documents_alone = false;
  // Its text runs it after other files, not a default one (`docker-compose -f docker-compose.prod.yml
  // -f docker-compose.monitoring.yml up -d`): those files, as written.
  std::vector<std::string> documented_before;
  bool broken = false;         // YAML that does not parse (its summary is what was read before the error)
  bool variable_name = false;  // a name made of a variable with no default (see add_name)
  bool no_content = false;     // nothing but comments and blank lines (a stub, or a pointer to moved files)
  // The top-level networks of the files it includes (and they include), which compose merges into
  // its project: a service and its external network may be written in an included file.
  std::map<std::string, NetworkDecl> included_networks;
  // A generated file's leading comment naming its sources (`# Built from toolkit/services/*/compose.yaml`):
  // the patterns, joined to its directory. The compose files they match are fragments of it.
  std::vector<std::string> built_from;
};

// The compose commands `text` writes that pass `file` with -f (on one line, or lines continued
// with `\`, comments too): for each, the -f arguments before it, as written
// (`# Usage: docker compose -f docker-compose.yml -f docker-compose.release.yml up -d` gives
// {"docker-compose.yml"} for docker-compose.release.yml; `docker compose -f docker-compose.prod.yml
// up -d` gives {} for docker-compose.prod.yml).
std::vector<std::vector<std::string>> documented_runs(std::string_view text, std::string_view file) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> before;  // the -f arguments of this command so far
  bool named = false;               // this command passed `file` already
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    size_t i = 0;
    while (i < line.size()) {
      const size_t f = line.find("-f ", i);
      if (f == std::string_view::npos) break;
      i = f + 3;
      if (f > 0 && line[f - 1] != ' ' && line[f - 1] != '\t') continue;
      size_t b = f + 3;
      while (b < line.size() && line[b] == ' ') ++b;
      const size_t e = std::min(line.find_first_of(" \t`'\"", b), line.size());
      const std::string_view arg = line.substr(b, e - b);
      const size_t slash = arg.rfind('/');
      const std::string_view base = arg.substr(slash == std::string_view::npos ? 0 : slash + 1);
      if (base == file && !named) {
        out.push_back(before);
        named = true;
      } else if (!named && !arg.empty()) {
        before.emplace_back(arg);
      }
      i = std::max(i, e);
    }
    const size_t last = line.find_last_not_of(" \t\r");
    if (last == std::string_view::npos || line[last] != '\\') {
      before.clear();
      named = false;
    }
  }
  return out;
}

// Whether `text` passes `later` with -f after a default compose file in one command.
bool says_layered_after_default(std::string_view text, std::string_view later) {
  const std::vector<std::vector<std::string>> runs = documented_runs(text, later);
  return std::any_of(runs.begin(), runs.end(), [](const std::vector<std::string>& before) {
    return std::any_of(before.begin(), before.end(), [](const std::string& arg) {
      const size_t slash = arg.rfind('/');
      return compose::is_default_compose_name(std::string_view(arg).substr(slash == std::string::npos ? 0 : slash + 1));
    });
  });
}

// A name as compose interpolates it when no variable is set: `${VC_ALIAS:-vc}` is `vc` (rw47
// eth-docker: a sibling file's alias, read as written, made `vc` unresolved). A name that needs
// a variable with no default (`${VC_NAME}`, `$NAME`, `${X:?}`) is not known.
void add_name(std::string_view value, ComposeSummary& out) {
  const compose::Substitution s = compose::substitute(value, {});
  if (!s.ok || !s.unset.empty()) {
    out.variable_name = true;
    return;
  }
  if (!s.value.empty()) out.names.insert(ascii_lower(s.value));
}

// A service's names and networks (`networks:` as a list or a mapping with aliases).
void summarize_service(const std::string& name, const yaml::Node* def, ComposeSummary& out) {
  out.names.insert(ascii_lower(name));
  if (def == nullptr || !def->is_mapping()) return;
  if (def->get("ports") != nullptr) out.publishing.insert(ascii_lower(name));
  if (const yaml::Node* c = def->get("container_name"); c != nullptr && c->is_scalar()) {
    add_name(c->value, out);
  }
  // A `hostname:` is an alias on the user-defined networks the container joins (moby#39204).
  if (const yaml::Node* h = def->get("hostname");
      h != nullptr && h->is_scalar() && def->get("network_mode") == nullptr) {
    add_name(h->value, out);
  }
  if (const yaml::Node* deps = def->get("depends_on"); deps != nullptr) {
    for (const yaml::Node* d : deps->items) {
      if (d->is_scalar()) out.needs.insert(d->value);
    }
    for (const yaml::Pair& p : deps->pairs) {
      if (p.key != nullptr && p.key->is_scalar()) out.needs.insert(p.key->value);
    }
  }
  const yaml::Node* nets = def->get("networks");
  if (nets != nullptr && nets->is_sequence()) {
    for (const yaml::Node* n : nets->items) {
      if (n->is_scalar()) out.joined.insert(n->value);
    }
  }
  if (nets == nullptr || !nets->is_mapping()) return;
  for (const yaml::Pair& p : nets->pairs) {
    if (p.key == nullptr || !p.key->is_scalar()) continue;
    out.joined.insert(p.key->value);
    const yaml::Node* aliases = p.value != nullptr && p.value->is_mapping() ? p.value->get("aliases") : nullptr;
    if (aliases == nullptr || !aliases->is_sequence()) continue;
    for (const yaml::Node* a : aliases->items) {
      if (a->is_scalar()) add_name(a->value, out);
    }
  }
}

void summarize_networks(const yaml::Node* networks, ComposeSummary& out) {
  if (networks == nullptr || !networks->is_mapping()) return;
  for (const yaml::Pair& p : networks->pairs) {
    if (p.key == nullptr || !p.key->is_scalar()) continue;
    NetworkDecl& d = out.networks[p.key->value];
    if (p.value == nullptr || !p.value->is_mapping()) continue;
    if (const yaml::Node* n = p.value->get("name"); n != nullptr && n->is_scalar()) d.name = n->value;
    const yaml::Node* ext = p.value->get("external");
    if (ext == nullptr) continue;
    if (ext->is_mapping()) {  // the legacy `external: {name: x}`
      d.external = true;
      if (const yaml::Node* n = ext->get("name"); n != nullptr && n->is_scalar()) d.name = n->value;
    } else if (ext->is_scalar()) {
      d.external = yaml::as_bool(*ext).value_or(false);
    }
  }
}

// The parts of a compose file a summary reads: the top-level services, networks, include and name;
// of a service, its container_name and networks, and whether it has an image, a build or an
// extends; of a network, its name and external. The rest is parsed but not built (a file of
// 100,000 services or 400,000 labels is summarized at a fraction of a whole load).
yaml::Keep summary_keys(std::span<const std::string_view> keys) {
  if (keys.size() == 1) {
    const std::string_view k = keys[0];
    return k == "services" || k == "networks" || k == "include" || k == "name" ? yaml::Keep::all : yaml::Keep::none;
  }
  if (keys.size() != 3) return yaml::Keep::all;
  const std::string_view k = keys[2];
  if (keys[0] == "services") {
    if (k == "container_name" || k == "hostname" || k == "networks" || k == "depends_on") return yaml::Keep::all;
    return k == "image" || k == "build" || k == "extends" || k == "network_mode" || k == "ports" ? yaml::Keep::presence
                                                                                                 : yaml::Keep::none;
  }
  if (keys[0] == "networks") return k == "name" || k == "external" ? yaml::Keep::all : yaml::Keep::none;
  return yaml::Keep::all;
}

// How many included files summarize reads for one compose file, for their networks (each once,
// however often and deep it is included: a hostile tree of includes stays linear).
constexpr size_t kMaxIncludedFiles = 64;

// The words of the leading comment lines of `text` (its first 20 lines, blank ones skipped, up to the
// first that is no comment) whose lower-cased text `says` accepts, each line's words split at blanks
// and `,;()`, without the quotes and backticks around them or a final `.` or `:`. fn(words) returns
// true to stop.
template <class Says, class F>
void leading_comment_words(std::string_view text, Says&& says, F&& fn) {
  for (size_t pos = 0, n = 0; pos < text.size() && n < 20; ++n) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t h = l.find_first_not_of(" \t\r");
    if (h == std::string_view::npos) continue;
    if (l[h] != '#') break;
    if (!says(ascii_lower(std::string(l)))) continue;
    std::vector<std::string_view> words;
    for (std::string_view token : split_words(l.substr(h + 1), " \t\r,;()")) {
      while (!token.empty() && (token.front() == '`' || token.front() == '\'' || token.front() == '"'))
        token.remove_prefix(1);
      while (!token.empty() && (token.back() == '`' || token.back() == '\'' || token.back() == '"' ||
                                token.back() == '.' || token.back() == ':'))
        token.remove_suffix(1);
      if (!token.empty()) words.push_back(token);
    }
    if (fn(words)) return;
  }
}

// The compose files a generated file's leading comment says it is made from ("# Built from
// toolkit/services/*/compose.yaml and stacks/platform.yaml.", "# Generated from ..."): the words of
// that line that name a compose file or a pattern of them, joined to `dir` (rw56 homelab-core).
std::vector<std::string> sources_named(std::string_view text, const std::string& dir) {
  std::vector<std::string> out;
  const auto says = [](const std::string& line) {
    return line.find("built from") != std::string::npos || line.find("generated from") != std::string::npos;
  };
  leading_comment_words(text, says, [&](const std::vector<std::string_view>& words) {
    for (const std::string_view token : words) {
      const std::string name(token.substr(token.rfind('/') == std::string_view::npos ? 0 : token.rfind('/') + 1));
      if (token.front() == '/' || token.find("..") != std::string_view::npos ||
          (!may_be_compose_name(name) && name != "*.yml" && name != "*.yaml")) {
        continue;
      }
      out.push_back(path::normalize(path::join(dir, std::string(token))));
    }
    return false;
  });
  return out;
}

// Whether a compose-named file is the source a generator renders: its name says template (a word
// `template`, `tmpl` or `tpl`) and its text holds a directive line (`#!` after the first line) or a
// template action (`{%`, `{{ `).
bool generator_source(const std::string& name, std::string_view text) {
  const std::vector<std::string> words = lower_words(name, ".-_");
  if (std::none_of(words.begin(), words.end(),
                   [](const std::string& w) { return w == "template" || w == "tmpl" || w == "tpl"; })) {
    return false;
  }
  if (text.find("{%") != std::string_view::npos || text.find("{{ ") != std::string_view::npos) return true;
  for (size_t at = text.find("\n"); at != std::string_view::npos; at = text.find('\n', at + 1)) {
    const size_t b = text.find_first_not_of(" \t", at + 1);
    if (b != std::string_view::npos && text.substr(b).starts_with("#!")) return true;
  }
  return false;
}

// The compose files a leading comment says this one is used together with, in prose ("# Use this
// together with docker-compose.infra.yml and docker-compose.app.yml", rw205 ticketing-system's EC2
// override): the files it layers on, in the order written. Empty when no such line.
std::vector<std::string> prose_companions(std::string_view text, std::string_view own) {
  std::vector<std::string> out;
  const auto says = [](const std::string& line) {
    return std::ranges::any_of(std::initializer_list<std::string_view>{"together with", "use with", "combined with",
                                                                       "along with", "on top of"},
                               [&](std::string_view phrase) { return line.find(phrase) != std::string::npos; });
  };
  leading_comment_words(text, says, [&](const std::vector<std::string_view>& words) {
    for (const std::string_view token : words) {
      if (token == own || token.find('/') != std::string_view::npos || !may_be_compose_name(token)) continue;
      if (std::find(out.begin(), out.end(), token) == out.end()) out.emplace_back(token);
    }
    return !out.empty();
  });
  return out;
}

ComposeSummary summarize(const FileSystem& fs, const std::string& file, std::set<std::string>* seen = nullptr) {
  ComposeSummary out;
  auto text = fs.read(file);
  if (!text) return out;
  // A generator's source (`docker-compose.template.yml` with `#!for prod` directive lines, Jinja's
  // `{%` or Go's `{{`): compose is given what it writes, never this text (rw114 onyx: a duplicate key
  // across two exclusive `#!for` blocks, 1 wrong). No stack.
  if (generator_source(path::basename(file), *text)) return out;
  out.documents_layering = says_layered_after_default(*text, path::basename(file));
  const std::vector<std::vector<std::string>> runs = documented_runs(*text, path::basename(file));
  out.documents_alone = !runs.empty() && std::all_of(runs.begin(), runs.end(), [](const auto& r) { return r.empty(); });
  if (!out.documents_layering) {
    const auto layered = std::find_if(runs.begin(), runs.end(), [](const auto& r) { return !r.empty(); });
    if (layered != runs.end()) out.documented_before = *layered;
    if (runs.empty()) out.documented_before = prose_companions(*text, path::basename(file));
  }
  out.built_from = sources_named(*text, path::dirname(file));
  const auto stream =
      yaml::load(std::make_shared<const SourceFile>(file, std::move(*text)), yaml::LoadOptions{.filter = summary_keys});
  const yaml::Node* root = stream->root();
  // A compose-named file that is no valid YAML is still a stack: compose/syntax says why, where a
  // silent skip left "no compose file found" (rw34 Troca-nc: a tab in docker-compose.prod.yml).
  out.broken = !stream->errors().empty();
  if (root == nullptr || !root->is_mapping()) {
    out.is_compose = out.broken;
    out.no_content = root == nullptr && !out.broken;
    return out;
  }
  out.is_compose = out.broken || root->get("services") != nullptr || root->get("include") != nullptr;
  out.project = ascii_lower(path::basename(path::dirname(path::normalize(file))));
  if (const yaml::Node* n = root->get("name"); n != nullptr && n->is_scalar()) {
    out.project = ascii_lower(n->value);
    out.named = true;
  }
  if (const yaml::Node* services = root->get("services"); services != nullptr && services->is_mapping()) {
    for (const yaml::Pair& p : services->pairs) {
      if (p.key == nullptr || !p.key->is_scalar()) continue;
      out.services.insert(p.key->value);
      const yaml::Node* def = p.value;
      const bool complete =
          def != nullptr && def->is_mapping() &&
          (def->get("image") != nullptr || def->get("build") != nullptr || def->get("extends") != nullptr);
      if (complete) out.complete.insert(p.key->value);
      // `networks:` indented under `services:` by mistake: an error of this file, not a service
      // that another file completes.
      if (def != nullptr && (def->is_sequence() || (def->is_scalar() && !def->value.empty())))
        out.malformed.insert(p.key->value);
      summarize_service(p.key->value, def, out);
    }
  }
  summarize_networks(root->get("networks"), out);
  const yaml::Node* includes = root->get("include");
  if (includes == nullptr || !includes->is_sequence()) return out;
  const std::string dir = path::dirname(file);
  for (const yaml::Node* item : includes->items) {
    const yaml::Node* p = item->is_mapping() ? item->get("path") : item;
    if (p == nullptr) continue;
    std::vector<const yaml::Node*> paths;
    if (p->is_scalar()) paths.push_back(p);
    if (p->is_sequence()) paths.insert(paths.end(), p->items.begin(), p->items.end());
    for (const yaml::Node* one : paths) {
      if (one->is_scalar() && one->value.find('$') == std::string::npos) {
        out.includes.push_back(path::normalize(path::join(dir, one->value)));
      }
    }
  }
  std::set<std::string> mine;
  if (seen == nullptr) {
    seen = &mine;
    seen->insert(path::normalize(file));
  }
  for (const std::string& inc : out.includes) {
    if (seen->size() > kMaxIncludedFiles || !seen->insert(inc).second) continue;
    const ComposeSummary included = summarize(fs, inc, seen);
    out.included_networks.insert(included.networks.begin(), included.networks.end());
    out.included_networks.insert(included.included_networks.begin(), included.included_networks.end());
  }
  return out;
}

// Whether `joiner` declares an external network named `<prefix>_<key>`, where `creator` creates
// the network `key` (no name of its own) and `<prefix>` is not `joiner`'s project: `creator` is run
// as the project `<prefix>` and `joiner` reaches it across projects.
bool joins_as_other_project(const ComposeSummary& joiner, const ComposeSummary& creator) {
  for (const auto& [key, decl] : joiner.networks) {
    if (!decl.external) continue;
    const std::string& name = decl.name.empty() ? key : decl.name;  // an external network is named by its key
    const size_t cut = name.rfind('_');
    if (cut == std::string::npos || cut == 0) continue;
    const std::string prefix = ascii_lower(name.substr(0, cut));
    const auto own = creator.networks.find(name.substr(cut + 1));
    if (own != creator.networks.end() && !own->second.external && own->second.name.empty() &&
        prefix != joiner.project) {
      return true;
    }
  }
  return false;
}

using Summaries = std::map<std::string, ComposeSummary>;  // every compose file of the tree, by path

// The default compose file of `dir` or of the closest directory above it, at most `levels` up (the
// walk's root: nothing above it is listed), whose default files define every service of `needed`.
// None when another compose file of that directory defines them all in full too: the base is the
// authors' choice (rw55 tracecat: a benchmark overlay that its script layers on docker-compose.dev.yml,
// where every service shares the default network, not on the production docker-compose.yml).
std::optional<std::string> base_above(const FileSystem& fs, const std::string& dir, int levels,
                                      const std::set<std::string>& needed, Summaries& summary) {
  for (std::string up = dir; levels >= 0; --levels) {
    const std::vector<std::string> defaults = default_compose_files(fs, up);
    if (!defaults.empty()) {
      if (summary.count(defaults.front()) == 0) return std::nullopt;  // a directory the walk passed over
      std::set<std::string> defined;
      for (const std::string& d : defaults) defined.insert(summary[d].services.begin(), summary[d].services.end());
      if (!std::includes(defined.begin(), defined.end(), needed.begin(), needed.end())) return std::nullopt;
      const std::string top = path::normalize(up);
      const bool another_base = std::any_of(summary.begin(), summary.end(), [&](const auto& entry) {
        const std::string file = path::normalize(entry.first);
        const ComposeSummary& s = entry.second;
        if (!s.is_compose || path::dirname(file) != top) return false;
        const bool a_default = std::any_of(defaults.begin(), defaults.end(),
                                           [&](const std::string& d) { return path::normalize(d) == file; });
        return !a_default && std::includes(s.complete.begin(), s.complete.end(), needed.begin(), needed.end());
      });
      if (another_base) return std::nullopt;
      return defaults.front();
    }
    const std::string next = path::dirname(up);
    if (next == up) break;
    up = next;
  }
  return std::nullopt;
}

// The files `COMPOSE_FILE` in the directory's .env names (split at COMPOSE_PATH_SEPARATOR, `:` by
// default), each joined to `dir`: what `docker compose` there reads instead of its default files
// (rw51 openfoodfacts-monitoring: `docker-compose.yml:docker-compose.node.yml:docker/dev.yml`).
// Empty when there is no such line, a name is a variable's or a file it names is missing.
std::vector<std::string> compose_file_of_dotenv(const FileSystem& fs, const std::string& dir) {
  const std::string env = path::join(dir, ".env");
  if (fs.stat(env).type != FileType::regular) return {};
  const auto text = fs.read(env);
  if (!text || compose::is_encrypted_env(*text)) return {};
  const compose::Dotenv parsed = compose::parse_dotenv(*text, {});
  std::string files;
  std::string separator = ":";
  for (const auto& [key, value] : parsed.values) {
    if (key == "COMPOSE_FILE") files = value;
    if (key == "COMPOSE_PATH_SEPARATOR" && !value.empty()) separator = value;
  }
  if (files.empty() || files.find('$') != std::string::npos) return {};
  std::vector<std::string> out;
  for (size_t begin = 0; begin <= files.size();) {
    const size_t end = std::min(files.find(separator, begin), files.size());
    const std::string name = files.substr(begin, end - begin);
    begin = end + separator.size();
    if (name.empty()) continue;
    const std::string f = path::join(dir, path::normalize(name));
    if (path::is_absolute(name) || path::normalize(name).starts_with("..") || fs.stat(f).type != FileType::regular) {
      return {};
    }
    out.push_back(f);
  }
  return out;
}

// The stack a compose file's own text says it runs in: alone (`-f docker-compose.prod.yml up`, every
// service defined in full; rw147 homelab-in-a-box, whose production file shares nothing with the
// development docker-compose.yml), or after the other files it names, all of them below `dir`
// (rw151 StroiNadzor: "use with docker-compose.prod.yml: -f docker-compose.prod.yml -f
// docker-compose.monitoring.yml", not with the development file). None when it says neither.
std::optional<StackRoot> documented_stack(const FileSystem& fs, const std::string& dir, const std::string& file,
                                          const ComposeSummary& s) {
  if (s.documents_alone && !s.services.empty() && s.complete.size() == s.services.size()) {
    return StackRoot{.dir = dir, .compose_files = {file}, .nested_roots = {}};
  }
  if (s.documented_before.empty()) return std::nullopt;
  StackRoot root{.dir = dir, .compose_files = {}, .nested_roots = {}};
  for (const std::string& arg : s.documented_before) {
    const std::string rel = path::normalize(arg);
    if (arg.find('$') != std::string::npos || path::is_absolute(arg) || rel.starts_with("..")) return std::nullopt;
    const std::string f = path::join(dir, rel);
    if (fs.stat(f).type != FileType::regular || path::normalize(f) == path::normalize(file)) return std::nullopt;
    root.compose_files.push_back(f);
  }
  root.compose_files.push_back(file);
  return root;
}

// The stacks of one directory holding compose files, `depth` levels below the walk's root.
void stacks_of(const FileSystem& fs, const std::string& dir, int depth, const std::vector<std::string>& compose_names,
               Summaries& summary, std::vector<StackRoot>& out, bool stubs) {
  // The files COMPOSE_FILE chooses are the directory's default stack; the others of the directory
  // are still stacks of their own (run with -f).
  const std::vector<std::string> chosen = compose_file_of_dotenv(fs, dir);
  const std::vector<std::string> defaults = chosen.empty() ? default_compose_files(fs, dir) : chosen;
  std::set<std::string> included;
  for (const std::string& name : compose_names) {
    const std::string f = path::join(dir, name);
    summary[f] = summarize(fs, f);
  }
  for (const std::string& f : chosen) {
    if (summary.count(f) == 0) summary[f] = summarize(fs, f);
  }
  // Files a compose file of this directory or of one above it includes (the walk sees directories
  // above first) are fragments of that stack, not stacks of their own (rw19 laradock's X/compose.yml).
  for (const auto& [file, s] : summary) {
    for (const std::string& inc : s.includes) included.insert(inc);
  }
  std::set<std::string> default_services;
  for (const std::string& f : defaults) {
    default_services.insert(summary[f].services.begin(), summary[f].services.end());
  }
  const bool fragment = std::any_of(defaults.begin(), defaults.end(),
                                    [&](const std::string& f) { return included.count(path::normalize(f)) > 0; });
  // Below the directory given, a default compose file of nothing but comments is an exercise's stub
  // or a pointer to where the files moved (rw50 udemy-docker-mastery: "# files moved to ../x/"), not
  // a stack; given itself (or when the tree has nothing else), it is one, and compose/syntax says it is empty.
  const bool stub = !stubs && depth > 0 && std::all_of(defaults.begin(), defaults.end(), [&](const std::string& f) {
    return summary[f].no_content;
  });
  if (!defaults.empty() && !fragment && !stub) {
    out.push_back(StackRoot{.dir = dir, .compose_files = defaults, .nested_roots = {}});
  }
  for (const std::string& name : compose_names) {
    const std::string f = path::join(dir, name);
    if (!summary[f].is_compose) continue;
    const bool a_default = std::any_of(defaults.begin(), defaults.end(),
                                       [&](const std::string& d) { return path::normalize(d) == path::normalize(f); });
    if (a_default || included.count(path::normalize(f)) > 0 || name.find(".override.") != std::string::npos) {
      continue;
    }
    const ComposeSummary& s = summary[f];
    if (!s.is_compose) continue;
    if (std::optional<StackRoot> documented = documented_stack(fs, dir, f, s)) {
      out.push_back(std::move(*documented));
      continue;
    }
    // A default name compose passes over (`docker-compose.yaml` beside `docker-compose.yml`, which it
    // reads first and warns of the other) that nothing runs with -f: a leftover `docker compose up`
    // never reads (rw248 OrionTrader: its rule-file mount was fixed in the .yml only).
    if (chosen.empty() && !defaults.empty() && compose::is_default_compose_name(name)) continue;
    // A file that redefines a service of the default in full is an alternative to it (its own
    // stack); one that changes or adds services is an overlay, layered on the default.
    const bool alternative =
        !s.documents_layering && std::any_of(s.complete.begin(), s.complete.end(),
                                             [&](const std::string& svc) { return default_services.count(svc) > 0; });
    const bool partial_elsewhere = std::any_of(s.services.begin(), s.services.end(), [&](const std::string& svc) {
      return s.complete.count(svc) == 0 && s.malformed.count(svc) == 0 && default_services.count(svc) == 0;
    });
    // A file whose networks the default joins as external networks named `<other project>_<key>`
    // is another project's (started with `-p <other project>`, as yearn-exporter's Makefile starts
    // its infra file): its own stack, not an overlay of the default.
    const bool other_project = std::any_of(defaults.begin(), defaults.end(),
                                           [&](const std::string& d) { return joins_as_other_project(summary[d], s); });
    // Both files name their projects, differently (`name: shop-quickstart`, `name: shop-ancillary`):
    // compose runs them as two projects, never one file over the other (rw72 peerdb).
    const bool own_project = s.named && std::any_of(defaults.begin(), defaults.end(), [&](const std::string& d) {
                               return summary[d].named && summary[d].project != s.project;
                             });
    if (!defaults.empty() && !alternative && !other_project && !own_project) {
      if (partial_elsewhere) continue;  // overlays another overlay: needs -f with its base
      // An overlay is run with `-f base -f overlay`, and compose reads the override file only when
      // no -f is given: the overlay's stack leaves it out, unless the overlay changes a service
      // only the override defines (it is then run as `-f base -f override -f overlay`).
      const bool needs_override =
          defaults.size() > 1 && std::any_of(s.services.begin(), s.services.end(), [&](const std::string& svc) {
            return s.complete.count(svc) == 0 && summary[defaults.front()].services.count(svc) == 0;
          });
      StackRoot layered{.dir = dir, .compose_files = defaults, .nested_roots = {}};
      if (!needs_override) layered.compose_files.resize(1);
      layered.compose_files.push_back(f);
      out.push_back(std::move(layered));
      continue;
    }
    // Services that depend on services no file of it defines: an overlay run with `-f` after a base
    // elsewhere, which compose refuses alone (rw39 kitsune: docker/docker-compose.ci.yml's `test`
    // depends on the root file's `web`, as bin/dc_ci.sh layers them). Layered on the default file of
    // its directory or the closest above that defines them, the project directory compose then uses.
    std::set<std::string> missing;
    if (s.includes.empty()) {
      for (const std::string& n : s.needs) {
        if (s.services.count(n) == 0) missing.insert(n);
      }
    }
    if (!missing.empty()) {
      if (std::optional<std::string> base = base_above(fs, dir, depth, missing, summary)) {
        out.push_back(StackRoot{.dir = path::dirname(*base), .compose_files = {*base, f}, .nested_roots = {}});
      }
      continue;
    }
    if (!partial_elsewhere && (!s.services.empty() || !s.includes.empty() || s.broken)) {
      out.push_back(StackRoot{.dir = dir, .compose_files = {f}, .nested_roots = {}});
    }
  }
}

// A top-level key compose does not know, in the text of a YAML file (a line at column 0 that starts
// `key:`; not `x-` extensions): a file another tool reads, whose `services:` are its own (rw65
// btcpayserver's docker-fragments/*.yml, with `exclusive:` and `required:` for its generator).
bool has_foreign_top_key(std::string_view text) {
  static constexpr std::array<std::string_view, 9> kKeys = {"version", "name",    "include", "services", "networks",
                                                            "volumes", "secrets", "configs", "models"};
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' || line[0] == '.' ||
        line[0] == '\r') {
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string_view key = line.substr(0, colon);
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front()) {
      key = key.substr(1, key.size() - 2);
    }
    if (key.find_first_of(" \t{[") != std::string_view::npos) continue;  // not a plain key
    if (key.starts_with("x-")) continue;
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) return true;
  }
  return false;
}

// A directory of pieces a generator puts together (`docker-fragments/`, `fragments/`): its YAML files
// are parts of a compose file, not compose files (rw65 btcpayserver-docker).
bool holds_fragments(const std::string& dir) {
  const std::vector<std::string> words = lower_words(path::basename(dir), "-_.");
  return std::any_of(words.begin(), words.end(),
                     [](const std::string& w) { return w == "fragments" || w == "fragment"; });
}

// A YAML text that may be a compose file by its content: a top-level `services:` line, and no
// top-level key compose does not know.
bool may_be_compose_text(std::string_view text) {
  return (text.starts_with("services:") || text.find("\nservices:") != std::string_view::npos) &&
         !has_foreign_top_key(text);
}

// Whether a YAML file of a directory with compose files is one by its content (a top-level
// `services:` line, then services with an image or a build): read only for the names it answers.
void summarize_by_content(const FileSystem& fs, const std::string& dir, const std::vector<std::string>& yaml_names,
                          Summaries& summaries) {
  if (holds_fragments(dir)) return;
  for (const std::string& name : yaml_names) {
    const std::string f = path::join(dir, name);
    const auto text = fs.read(f);
    if (!text || !may_be_compose_text(*text)) continue;
    ComposeSummary s = summarize(fs, f);
    if (!s.is_compose || s.complete.empty()) continue;
    s.is_compose = false;
    s.by_content = true;
    summaries[f] = std::move(s);
  }
}

// A directory named for a release (`v1.2`, `lake-v0.21.0`, `release-2.3.0-beta1`): the text before the
// version, and the version's numbers (a pre-release suffix sorts it below the release).
struct ReleaseName {
  std::string prefix;
  std::vector<int> numbers;
  bool prerelease = false;
};

std::optional<ReleaseName> release_name(std::string_view name) {
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(name[i])) == 0) continue;
    const bool v = i > 0 && (name[i - 1] == 'v' || name[i - 1] == 'V');
    const size_t before = v ? i - 1 : i;
    if (before > 0 && name[before - 1] != '-' && name[before - 1] != '_' && name[before - 1] != '.')
      return std::nullopt;
    ReleaseName out{.prefix = std::string(name.substr(0, before)), .numbers = {}, .prerelease = false};
    size_t j = i;
    while (j < name.size() && out.numbers.size() < 4) {
      int n = 0;
      size_t digits = 0;
      while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j])) != 0 && digits < 6) {
        n = n * 10 + (name[j++] - '0');
        ++digits;
      }
      if (digits == 0) return std::nullopt;
      out.numbers.push_back(n);
      if (j < name.size() && name[j] == '.' && j + 1 < name.size() &&
          std::isdigit(static_cast<unsigned char>(name[j + 1])) != 0) {
        ++j;
        continue;
      }
      break;
    }
    if (out.numbers.size() < 2) return std::nullopt;  // `v1`, `app2`: no release
    out.prerelease = j < name.size();
    return out;
  }
  return std::nullopt;
}

// Release snapshots: three or more sibling directories named for releases with the same prefix
// (rw19 devlake's devops/releases/lake-v0.7.0 ... lake-v0.21.0, each keeping the compose file
// attached to that release). Nobody edits a past release's files: all but the newest are skipped.
std::set<std::string> past_releases(const std::vector<std::string>& subdirs) {
  std::map<std::string, std::vector<std::pair<ReleaseName, std::string>>> families;
  for (const std::string& dir : subdirs) {
    if (auto r = release_name(path::basename(dir))) families[r->prefix].emplace_back(std::move(*r), dir);
  }
  std::set<std::string> out;
  for (auto& [prefix, members] : families) {
    if (members.size() < 3) continue;
    const auto newest = std::max_element(members.begin(), members.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first.numbers, b.first.prerelease) < std::tie(b.first.numbers, a.first.prerelease);
    });
    for (const auto& m : members) {
      if (&m != &*newest) out.insert(m.second);
    }
  }
  return out;
}

// Whether a directory's YAML files are pieces a generator merges into one compose file, not compose
// files: its name says fragments (btcpayserver's `docker-fragments/`), or one of them adds to a
// service it does not define (`backend:` with only `depends_on:` beside the database it brings), and
// so the others run from the generator's output directory, not from here (rw74 bitcart's
// generator/docker-components/).
bool holds_merged_pieces(const FileSystem& fs, const std::string& dir, const std::vector<std::string>& yaml_names) {
  if (holds_fragments(dir)) return true;
  return std::ranges::any_of(yaml_names, [&](const std::string& name) {
    if (name.starts_with('.')) return false;
    const std::string f = path::join(dir, name);
    const auto text = fs.read(f);
    if (!text || !may_be_compose_text(*text)) return false;
    const ComposeSummary s = summarize(fs, f);
    return s.is_compose && !s.broken && s.complete.size() < s.services.size();
  });
}

// The YAML files of a directory that are complete compose files by their content (a top-level
// `services:` whose every service names an image, a build or extends), not hidden ones (a CI
// system's `.woodpecker.yml` has services too): JHipster's `src/main/docker/app.yml`,
// `monitoring.yml`.
std::vector<std::string> compose_by_content(const FileSystem& fs, const std::string& dir,
                                            const std::vector<std::string>& yaml_names) {
  if (holds_fragments(dir)) return {};
  std::vector<std::string> out;
  for (const std::string& name : yaml_names) {
    if (name.starts_with('.')) continue;
    const std::string f = path::join(dir, name);
    const auto text = fs.read(f);
    if (!text || !may_be_compose_text(*text)) continue;
    const ComposeSummary s = summarize(fs, f);
    // One piece a generator merges makes the directory's files pieces (holds_merged_pieces).
    if (s.is_compose && !s.broken && s.complete.size() < s.services.size()) return {};
    // A file compose would refuse (a YAML error) but whose services name images: compose/syntax
    // says why (the rw42 file's `volumes:` indented one column too far).
    const bool complete = !s.services.empty() && s.complete.size() == s.services.size();
    if (s.is_compose && (complete || (s.broken && text->find(" image:") != std::string::npos))) out.push_back(name);
  }
  return out;
}

// `by_content`: a tree with no compose file named so is searched again, with compose files known by
// their content as the stacks (rw42 RicardoSabinolrs: JHipster's docker/*.yml were skipped as
// "of another stack" and nothing was linted).
void walk(const FileSystem& fs, const std::string& dir, int depth, Summaries& summaries, std::vector<StackRoot>& out,
          bool by_content = false, bool stubs = false) {
  if (depth > 16) return;
  const std::vector<ListedEntry> entries = fs.list_entries(dir);
  if (std::any_of(entries.begin(), entries.end(), [](const ListedEntry& e) { return e.name == "Chart.yaml"; })) {
    return;  // a Helm chart
  }
  std::vector<std::string> compose_names;
  std::vector<std::string> other_yaml;
  std::vector<std::string> subdirs;
  for (const ListedEntry& entry : entries) {
    const std::string& name = entry.name;
    const std::string p = path::join(dir, name);
    if (fs.is_directory(p, entry)) {
      if (!skipped_directory(name)) subdirs.push_back(p);
    } else if (may_be_compose_name(name)) {
      compose_names.push_back(name);
    } else if (name.ends_with(".yml") || name.ends_with(".yaml")) {
      other_yaml.push_back(name);
    }
  }
  if (const std::set<std::string> past = past_releases(subdirs); !past.empty()) {
    std::erase_if(subdirs, [&](const std::string& d) { return past.count(d) > 0; });
  }

  const size_t first = out.size();
  if (by_content && compose_names.empty()) {
    compose_names = compose_by_content(fs, dir, other_yaml);
    std::erase_if(other_yaml, [&](const std::string& n) {
      return std::find(compose_names.begin(), compose_names.end(), n) != compose_names.end();
    });
  }
  if (!compose_names.empty()) {
    stacks_of(fs, dir, depth, compose_names, summaries, out, stubs);
    summarize_by_content(fs, dir, other_yaml, summaries);
  }
  const size_t mine = out.size();
  for (const std::string& sub : subdirs) {
    const size_t before = out.size();
    walk(fs, sub, depth + 1, summaries, out, by_content, stubs);
    // The first stack found below `sub` makes it (or a directory under it) a root of its own.
    for (size_t i = before; i < out.size(); ++i) {
      for (size_t j = first; j < mine; ++j) {
        auto& nested = out[j].nested_roots;
        if (std::find(nested.begin(), nested.end(), out[i].dir) == nested.end()) nested.push_back(out[i].dir);
      }
    }
  }
}

// The compose project name as compose writes it into network names: lower case, only letters,
// digits, '-' and '_' (the directory "." is the working directory's name).
std::string project_name(const std::string& project, const std::string& dir) {
  std::string name = project;
  if (name.empty() || name == ".") {
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(dir.empty() ? "." : dir, ec).lexically_normal();
    if (abs.filename().empty()) abs = abs.parent_path();  // "/srv/app/" of "."
    name = ascii_lower(abs.filename().string());
  }
  std::string out;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') out += c;
  }
  return out;
}

// The stack's own summaries: whether it is an overlay, and which of its networks other projects join.
void own_networks(const Summaries& summaries, const std::vector<std::string>& files, const std::string& project,
                  bool project_from_directory, ComposeSurroundings& out) {
  std::set<std::string> complete;
  std::set<std::string> services;
  std::set<std::string> joined;
  std::map<std::string, NetworkDecl> declared;
  for (const std::string& f : files) {
    const auto it = summaries.find(f);
    if (it == summaries.end()) continue;
    const ComposeSummary& s = it->second;
    services.insert(s.services.begin(), s.services.end());
    complete.insert(s.complete.begin(), s.complete.end());
    joined.insert(s.joined.begin(), s.joined.end());
    for (const auto& [key, d] : s.included_networks) declared[key] = d;
    for (const auto& [key, d] : s.networks) declared[key] = d;
  }
  out.overlay = complete.size() < services.size() ||
                std::any_of(joined.begin(), joined.end(),
                            [&](const std::string& n) { return n != "default" && declared.count(n) == 0; });
  // The fixed names other files give their networks (external ones, or `name:`).
  std::set<std::string> fixed_elsewhere;
  for (const auto& [file, s] : summaries) {
    if (std::find(files.begin(), files.end(), file) != files.end()) continue;
    for (const auto& [key, d] : s.networks) {
      if (d.external || !d.name.empty()) fixed_elsewhere.insert(d.name.empty() ? key : d.name);
    }
  }
  for (const auto& [key, d] : declared) {
    // Unnamed, compose names it `<project>_<key>`: another file joining that name as external shares
    // it (rw76 monitoring-compose's extensions/*-compose.yml on `<project>_monitor`).
    const std::string docker_name = d.name.empty() && !project.empty() ? project + "_" + key : d.name;
    // A project named after its directory is named after the clone's folder, which the user picks
    // (rw91 watchdog's targets/ joins `watchdog_watchdog`, the network of the compose file at the top
    // of a checkout named watchdog): any `<name>_<key>` may be this one.
    const std::string suffix = "_" + key;
    const bool named_by_folder = d.name.empty() && project_from_directory &&
                                 std::any_of(fixed_elsewhere.begin(), fixed_elsewhere.end(), [&](const std::string& n) {
                                   return n.size() > suffix.size() && n.ends_with(suffix);
                                 });
    if (d.external || (!docker_name.empty() && fixed_elsewhere.count(docker_name) > 0) || named_by_folder) {
      out.shared_networks.insert(key);
    }
  }
}

ComposeSurroundings surroundings(const Summaries& summaries, const std::vector<std::string>& files) {
  ComposeSurroundings out;
  if (files.empty()) return out;
  const std::string dir = path::dirname(path::normalize(files.front()));
  const auto first = summaries.find(files.front());
  const std::string project = first == summaries.end() ? "" : first->second.project;
  for (const auto& [file, s] : summaries) {
    if (!(s.is_compose || s.by_content) || std::find(files.begin(), files.end(), file) != files.end()) continue;
    if (s.is_compose) {
      out.tree_names.insert(s.names.begin(), s.names.end());
      // A service that publishes a port, in a folder named as itself (`compose/db-server/`).
      const std::string folder = ascii_lower(path::basename(path::dirname(path::normalize(file))));
      if (s.publishing.count(folder) > 0) out.machine_services.insert(folder);
    }
    if (path::dirname(path::normalize(file)) == dir && s.project == project) {
      out.sibling_names.insert(s.names.begin(), s.names.end());
    }
    if (path::dirname(path::normalize(file)) == dir && s.is_compose && s.broken) out.broken_sibling = true;
    if (path::dirname(path::normalize(file)) == dir && s.project == project && s.variable_name) {
      out.variable_sibling_name = true;
    }
  }
  const bool named = first != summaries.end() && first->second.named;
  own_networks(summaries, files, project_name(project, dir), !named, out);
  return out;
}

// A stack whose every file another stack's file includes is a fragment of that stack, wherever the
// walk met it (rw67 observability-mesh: platform/docker-compose.yml, included by
// workloads/*/docker-compose.yml, is walked before them and was linted alone). stacks_of only sees
// the includes of directories walked before. Where the stacks include each other (compose refuses
// such a cycle), they stay, and compose/syntax says why.
void erase_included_elsewhere(const Summaries& summaries, std::vector<StackRoot>& out) {
  std::map<std::string, std::set<size_t>> includers;  // file -> stacks including it, directly or not
  for (size_t i = 0; i < out.size(); ++i) {
    std::vector<std::string> todo;
    for (const std::string& f : out[i].compose_files) todo.push_back(path::normalize(f));
    std::set<std::string> seen(todo.begin(), todo.end());
    while (!todo.empty()) {
      const auto it = summaries.find(todo.back());
      todo.pop_back();
      if (it == summaries.end()) continue;
      for (const std::string& inc : it->second.includes) {
        includers[inc].insert(i);
        if (seen.insert(inc).second) todo.push_back(inc);
      }
    }
  }
  if (includers.empty()) return;
  std::vector<bool> fragment(out.size(), false);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto& files = out[i].compose_files;
    fragment[i] = !files.empty() && std::all_of(files.begin(), files.end(), [&](const std::string& f) {
      const auto it = includers.find(path::normalize(f));
      return it != includers.end() &&
             std::any_of(it->second.begin(), it->second.end(), [&](size_t j) { return j != i; });
    });
  }
  if (std::all_of(fragment.begin(), fragment.end(), [](bool b) { return b; })) return;
  std::vector<StackRoot> kept;
  for (size_t i = 0; i < out.size(); ++i) {
    if (!fragment[i]) kept.push_back(std::move(out[i]));
  }
  out = std::move(kept);
}

}  // namespace

std::vector<StackRoot> discover_stacks(const FileSystem& fs, const std::string& dir, bool by_content) {
  std::vector<StackRoot> out;
  Summaries summaries;
  walk(fs, path::normalize(dir), 0, summaries, out, by_content);
  if (out.empty()) walk(fs, path::normalize(dir), 0, summaries, out, by_content, true);
  // The sources a generated compose file names are fragments of it, no stacks of their own: one
  // service each, whose hosts are the other fragments' services (rw56 homelab-core: 7 wrong
  // host-unresolved errors). The generated file is the stack.
  std::vector<std::pair<std::string, std::string>> sources;  // pattern, the file that names it
  for (const StackRoot& root : out) {
    for (const std::string& f : root.compose_files) {
      const auto it = summaries.find(f);
      if (it == summaries.end()) continue;
      for (const std::string& pattern : it->second.built_from) sources.emplace_back(pattern, path::normalize(f));
    }
  }
  if (!sources.empty()) {
    std::erase_if(out, [&](const StackRoot& root) {
      return std::all_of(root.compose_files.begin(), root.compose_files.end(), [&](const std::string& f) {
        const std::string file = path::normalize(f);
        return std::any_of(sources.begin(), sources.end(),
                           [&](const auto& s) { return s.second != file && path_glob_match(s.first, file); });
      });
    });
  }
  erase_included_elsewhere(summaries, out);
  for (StackRoot& root : out) root.surroundings = surroundings(summaries, root.compose_files);
  return out;
}

std::string generator_template_in(const FileSystem& fs, const std::string& dir) {
  std::vector<std::string> names = fs.list(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (!may_be_compose_name(name)) continue;
    const std::string file = path::join(dir, name);
    if (const auto text = fs.read(file); text && generator_source(name, *text)) return file;
  }
  return {};
}

ComposeSurroundings surroundings_of(const FileSystem& fs, const std::string& dir,
                                    const std::vector<std::string>& files) {
  std::vector<StackRoot> roots;
  Summaries summaries;
  walk(fs, path::normalize(dir), 0, summaries, roots);
  std::vector<std::string> normalized;
  for (const std::string& f : files) {
    const std::string n = path::normalize(f);
    if (summaries.count(n) == 0) summaries[n] = summarize(fs, n);
    normalized.push_back(n);
  }
  return surroundings(summaries, normalized);
}

namespace {

void find_compose(const FileSystem& fs, const std::string& dir, int depth, size_t limit,
                  std::vector<std::string>& out) {
  std::vector<std::string> names = fs.list(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (out.size() >= limit) return;
    const std::string p = path::join(dir, name);
    if (fs.is_directory(p)) {
      if (depth < 6 && name != "node_modules" && name != ".git") find_compose(fs, p, depth + 1, limit, out);
    } else if (may_be_compose_name(name)) {
      out.push_back(p);
    }
  }
}

}  // namespace

bool standalone_compose_file(const FileSystem& fs, const std::string& file) {
  const ComposeSummary s = summarize(fs, file);
  return s.is_compose && !s.broken && !s.services.empty() && s.complete.size() == s.services.size();
}

std::string merged_pieces_directory(const FileSystem& fs, const std::string& dir, int depth) {
  std::vector<std::string> yaml_names;
  std::vector<std::string> subdirs;
  std::vector<std::string> names = fs.list(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string p = path::join(dir, name);
    if (fs.is_directory(p)) {
      if (!skipped_directory(name)) subdirs.push_back(p);
    } else if (name.ends_with(".yml") || name.ends_with(".yaml")) {
      yaml_names.push_back(name);
    }
  }
  const bool any_compose = std::ranges::any_of(yaml_names, [&](const std::string& name) {
    const auto text = fs.read(path::join(dir, name));
    return text && (text->starts_with("services:") || text->find("\nservices:") != std::string::npos);
  });
  if (any_compose && holds_merged_pieces(fs, dir, yaml_names)) return dir;
  if (depth <= 0) return {};
  for (const std::string& sub : subdirs) {
    if (std::string found = merged_pieces_directory(fs, sub, depth - 1); !found.empty()) return found;
  }
  return {};
}

std::vector<std::string> skipped_compose_files(const FileSystem& fs, const std::string& dir, size_t limit) {
  static constexpr std::array<std::string_view, 9> kNotMeant = {
      "node_modules", "vendor", "build", "__pycache__", "dist", "target", "venv", "virtualenv", "site-packages"};
  std::vector<std::string> out;
  std::vector<std::string> names = fs.list(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (!skipped_directory(name) || name == ".git" || name == "." || name == ".." ||
        std::find(kNotMeant.begin(), kNotMeant.end(), name) != kNotMeant.end()) {
      continue;
    }
    const std::string p = path::join(dir, name);
    if (fs.is_directory(p)) find_compose(fs, p, 1, limit, out);
  }
  return out;
}

bool skipped_directory(std::string_view name) {
  if (name.empty() || name[0] == '.' || name == "node_modules" || name == "vendor" || name == "build" ||
      name == "__pycache__" || name == "dist" || name == "target" || name == "testdata" || name == "venv" ||
      name == "virtualenv" || name == "site-packages") {
    return true;
  }
  // What the authors retired: `legacy_postgresql_tools/`, `deprecated-compose/`, `archive/`, `attic/`,
  // `backups/`; `disabled/` beside the `enabled/` a deploy script globs (rw62 chaosdorf docker-stacks).
  const std::string lower = ascii_lower(name);
  const auto word = [&](std::string_view w) {
    return lower.starts_with(w) && (lower.size() == w.size() || lower[w.size()] == '_' || lower[w.size()] == '-');
  };
  // A Docker App package (`monitoring.dockerapp/`): `docker app render` makes the compose file, with
  // the relative paths of the directory it runs in (rw15 vegasbrianc/prometheus).
  // Copies kept before an edit (`Backups/host1-docker-compose-2026-08-10.yml`, rw25): not what runs.
  // `deprecated` and `obsolete` also as the last word (`test_deprecated/`, rw27's vendored sources).
  const auto last_word = [&](std::string_view w) {
    return lower.size() > w.size() && lower.ends_with(w) &&
           (lower[lower.size() - w.size() - 1] == '_' || lower[lower.size() - w.size() - 1] == '-');
  };
  // `retired/` (rw158 psscript: "retained only as historical reference").
  // `archive` also last (`examples_archive/`, rw38 DS_project). Scratch directories (`temp/`, `tmp/`):
  // copies made while working (rw38 DS_project's temp/ held its archived stacks again).
  return word("legacy") || word("deprecated") || word("obsolete") || last_word("deprecated") || last_word("obsolete") ||
         word("archive") || word("archived") || last_word("archive") || last_word("archived") || word("backup") ||
         word("backups") || lower == "attic" || lower == "temp" || lower == "tmp" || lower == "disabled" ||
         lower == "inactive" || word("retired") || (lower.size() > 10 && lower.ends_with(".dockerapp"));
}

}  // namespace stacklint
