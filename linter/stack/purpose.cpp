#include "linter/stack/purpose.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "linter/formats/compose/dotenv.h"
#include "linter/formats/compose/syntax.h"
#include "linter/model/address.h"
#include "linter/model/container_path.h"
#include "linter/model/prom_config.h"
#include "linter/model/secrets.h"
#include "linter/model/written.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"
#include "linter/stack/tree.h"

namespace stacklint {

namespace {

// The names among `wanted` that `dir` holds, in `wanted`'s order: one listing of the directory
// instead of an open (and the confinement's walk up the path) for every name that is not there.
template <typename Names>
std::vector<std::string> present_names(const FileSystem& fs, const std::string& dir, const Names& wanted) {
  const std::vector<std::string> listed = fs.list(dir);  // sorted by bytes
  std::vector<std::string> out;
  for (const std::string_view w : wanted) {
    if (std::binary_search(listed.begin(), listed.end(), w, std::less<>())) out.emplace_back(w);
  }
  return out;
}
std::vector<std::string> present_names(const FileSystem& fs, const std::string& dir,
                                       std::initializer_list<std::string_view> wanted) {
  return present_names<std::initializer_list<std::string_view>>(fs, dir, wanted);
}

// The names a README goes by, in the order they are read (rw84 librarian's README.markdown).
constexpr std::array<std::string_view, 8> kReadmeNames = {
    "README.md", "readme.md", "Readme.md", "README", "README.txt", "README.markdown", "README.rst", "readme.markdown"};

// The READMEs `dir` holds.
std::vector<std::string> readme_names(const FileSystem& fs, const std::string& dir) {
  return present_names(fs, dir, kReadmeNames);
}

// The READMEs `dir` holds, then its guides for the project's developers: one listing of `dir`.
std::vector<std::string> readmes_and_guides(const FileSystem& fs, const std::string& dir) {
  static constexpr std::array<std::string_view, kReadmeNames.size() + 4> kNames = [] {
    std::array<std::string_view, kReadmeNames.size() + 4> out{};
    std::copy(kReadmeNames.begin(), kReadmeNames.end(), out.begin());
    const std::array<std::string_view, 4> guides = {"DEVELOPING.md", "DEVELOPMENT.md", "HACKING.md", "CONTRIBUTING.md"};
    std::copy(guides.begin(), guides.end(), out.begin() + kReadmeNames.size());
    return out;
  }();
  return present_names(fs, dir, kNames);
}

// The line [pos, eol) of `text` without the `\r` of a CRLF ending (a README saved on Windows).
std::string_view line_without_cr(std::string_view text, size_t pos, size_t eol) {
  return text.substr(pos, eol > pos && text[eol - 1] == '\r' ? eol - pos - 1 : eol - pos);
}

// A README, guide or script, as its reader sees it: one an editor saved as UTF-16 (rw80 odoo-dmnc's
// README.md) decoded to UTF-8.
FileRead read_prose(const FileSystem& fs, const std::string& p, uint64_t max_bytes) {
  FileRead read = fs.read_file(p, max_bytes);
  if (read.status == OpenStatus::found) read.text = decode_utf16_bom(std::move(read.text));
  return read;
}

// Lower-cased words of a name, split at '-', '_', '.', '+' and spaces (`owner+repo`, a checkout
// named for both parts).
std::vector<std::string> words_of(std::string_view name) {
  return lower_words(name, "-_.+ ");
}

// Variables through which web frameworks and runtimes are told their environment, and Grafana its
// app_mode (`development` for plugin development).
bool is_framework_environment_name(std::string_view name) {
  static constexpr std::array<std::string_view, 15> kNames = {"NODE_ENV",
                                                              "RAILS_ENV",
                                                              "RACK_ENV",
                                                              "APP_ENV",
                                                              "FLASK_ENV",
                                                              "DJANGO_ENV",
                                                              "MIX_ENV",
                                                              "GO_ENV",
                                                              "ENV",
                                                              "APP_ENVIRONMENT",
                                                              "ENVIRONMENT",
                                                              "ASPNETCORE_ENVIRONMENT",
                                                              "DOTNET_ENVIRONMENT",
                                                              "SPRING_PROFILES_ACTIVE",
                                                              "GF_DEFAULT_APP_MODE"};
  // A project's own prefix (rw22 goforge's GOFORGE_APP_ENV: development), or underscores before
  // the name (rw68 appwrite's `_APP_ENV=development` in its committed .env).
  while (name.size() > 1 && name.front() == '_') name.remove_prefix(1);
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end() ||
         (name.size() > 8 && name.ends_with("_APP_ENV")) || (name.size() > 16 && name.ends_with("_APP_ENVIRONMENT"));
}

bool is_development_mode_flag(std::string_view name, std::string_view value) {
  const std::string n = ascii_lower(name);
  const std::string v = ascii_lower(value);
  // Gin's debug mode (rw224 mydoctor-backend's `GIN_MODE=debug`; a deployment sets `release`), Flask's
  // debugger (`FLASK_DEBUG=1`: its console runs any code a visitor types).
  if (n == "gin_mode") return v == "debug";
  return (n == "dev_mode" || n == "devmode" || n == "development_mode" || n == "flask_debug") &&
         (v == "true" || v == "1" || v == "yes");
}

bool is_development_environment(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value == "development" || value == "dev" || value == "local" || value == "test" || value == "testing";
}

// The development label in a list of labels (`DEFAULT_LABELS: "instance=pg1 env=dev"`, an
// exporter's constant labels; `OTEL_RESOURCE_ATTRIBUTES=deployment.environment=dev`): `env=dev`, or
// "" when none. Entries are separated by blanks or commas; a key is env, environment, stage or
// OpenTelemetry's deployment.environment(.name).
std::string development_label(std::string_view value) {
  for (size_t begin = 0; begin < value.size();) {
    size_t end = value.find_first_of(" \t,", begin);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view entry = value.substr(begin, end - begin);
    begin = end + 1;
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = entry.substr(0, eq);
    if (key != "env" && key != "environment" && key != "stage" && key != "deployment.environment" &&
        key != "deployment.environment.name") {
      continue;
    }
    if (is_development_environment(std::string(entry.substr(eq + 1)))) return std::string(entry);
  }
  return {};
}

// A value written in a compose file as itself (no `${...}`): the authors' value, not the environment's.
bool written_literally(const Stack& stack, const Location& loc) {
  const StackFile* f = stack.find_file(loc.file);
  return f != nullptr && f->kind == FileKind::compose && value_is_judgeable(stack, loc);
}

// Words that name a project made to teach or to show, not to run: a repository so named is an exercise.
bool is_teaching_word(const std::string& w) {
  // `lab` (rw44 yb-metrics-lab: "Lab to run queries on YugabyteDB"); not `labs`, a company's name.
  // `challenge` (rw112 sw_sre_challenge, an SRE take-home exercise), `assignment`, `interview`.
  static constexpr std::array<std::string_view, 23> kWords = {
      "example",   "examples",  "demo",     "demos",      "sample",     "samples",    "sandbox",  "playground",
      "tutorial",  "tutorials", "workshop", "quickstart", "lesson",     "lessons",    "homework", "exercise",
      "exercises", "course",    "lab",      "challenge",  "challenges", "assignment", "interview"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Words of the material made to teach, kept as it was recorded (StackPurpose::teaching); not
// `example` or `demo`, which a project keeps up to date beside its code, nor `tutorials` or
// `workshop`, which it keeps working (rw52 quickwit's config/tutorials/, rw54 pgbouncer_workshop).
bool is_lesson_word(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kWords = {"lesson",   "lessons",   "course",  "homework",
                                                             "exercise", "exercises", "zoomcamp"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool names_lessons(std::string_view name) {
  const std::vector<std::string> words = words_of(name);
  return std::any_of(words.begin(), words.end(), [](const std::string& w) { return is_lesson_word(w); });
}

Location first_compose_file(const Stack& stack) {
  if (!stack.compose || stack.compose->files.empty()) return {};
  return Location::whole_file(stack.compose->files.front());
}

// "1. Hello Postgres", "5.1. Tuning parameters": a number (of a section, perhaps), a dot and a
// space before a title.
bool names_lesson(std::string_view dir) {
  size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    const size_t start = i;
    while (i < dir.size() && i - start < 3 && std::isdigit(static_cast<unsigned char>(dir[i])) != 0) ++i;
    if (i == start || i >= dir.size() || dir[i] != '.') return false;
    ++i;  // the dot after the number
    if (i < dir.size() && dir[i] == ' ') break;
  }
  return i + 1 < dir.size() && dir[i] == ' ' && std::isalpha(static_cast<unsigned char>(dir[i + 1])) != 0;
}

// The folders of the repository that hold the directory given, below its top level, named (whole) by the stricter
// words of teaching and showing: `stacklint check .` run in gatus's `.examples/postgres-storage`
// (rw110) lints an example however the user reached it. The words of development (`tests`,
// `fixtures`) do not count there: a user who points at a folder below them means to lint it.
std::optional<StackPurpose> by_folders_above(const Stack& stack, const std::string& search_root) {
  // A development container's folder (`.devcontainer/`, the Dev Containers specification's) holds a
  // developer's environment wherever it is run from (rw239 maybe-finance: `stacklint check .` in it).
  for (std::string dir = canonical_path(search_root); !dir.empty() && dir != "/" && dir != ".";
       dir = path::dirname(dir)) {
    if (path::basename(dir) == ".devcontainer") {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::directory,
                          .detail = ".devcontainer",
                          .location = first_compose_file(stack)};
    }
  }
  if (!stack.compose || stack.compose->directories_above.empty()) return std::nullopt;
  const std::string top = canonical_path(stack.compose->directories_above.back());
  const std::string given = canonical_path(search_root);
  const std::string rel = path::relative_to(given, top);
  if (rel == "." || path::is_absolute(rel) || rel.starts_with("..")) return std::nullopt;
  std::string dir = path::dirname(rel);
  for (; !dir.empty() && dir != "."; dir = path::dirname(dir)) {
    const std::string name = path::basename(dir);
    // The whole name, hidden or not (`.examples`, `demo`): a word of a longer name is not enough
    // (`query-samples-over-memory` is a rule's folder of test stacks). Not `lab`: a folder so named
    // holds a lab's servers (a homelab).
    std::string bare = ascii_lower(name);
    bare.erase(0, std::min(bare.find_first_not_of('.'), bare.size()));
    if (is_teaching_word(bare) && bare != "lab") {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::directory,
                          .detail = name,
                          .location = first_compose_file(stack)};
    }
  }
  return std::nullopt;
}

std::optional<StackPurpose> by_path(const Stack& stack, const std::string& search_root) {
  if (!search_root.empty()) {
    const std::string rel = path::relative_to(path::normalize(stack.root), path::normalize(search_root));
    if (!path::is_absolute(rel) && rel.rfind("..", 0) != 0 && rel != ".") {
      size_t start = 0;
      while (start <= rel.size()) {
        size_t end = rel.find('/', start);
        if (end == std::string::npos) end = rel.size();
        const std::string dir = rel.substr(start, end - start);
        // A stack under the documentation (`docs/architecture/configs/`, rw34 Secure-ISS) illustrates it;
        // a folder named like a numbered lesson ("1. Hello Postgres", rw51 useful-sql-scripts' article
        // steps) teaches.
        if (names_development(dir) || dir == "docs" || dir == "doc" || dir == "documentation" || names_lesson(dir)) {
          return StackPurpose{.deployed = false,
                              .evidence = StackPurpose::Evidence::directory,
                              .detail = dir,
                              .location = first_compose_file(stack)};
        }
        start = end + 1;
      }
    }
    // The directory given is the checkout, named for the repository (`hotel-booking-workshop`, rw36):
    // a name for teaching or showing (not `local` or `ci`, which name tools that deploy too).
    if (!path::is_absolute(rel) && rel.rfind("..", 0) != 0) {
      const std::string name = path::basename(canonical_path(search_root));
      const std::vector<std::string> words = words_of(name);
      // A `home-lab` is a homelab, the servers someone runs at home (rw70 home-lab: its Jenkinsfile
      // deploys the clone so named), not a lab exercise.
      bool teaching = false;
      for (size_t i = 0; i < words.size(); ++i) {
        teaching = teaching || (is_teaching_word(words[i]) && !(words[i] == "lab" && i > 0 && words[i - 1] == "home"));
      }
      if (teaching) {
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::directory,
                            .detail = name,
                            .location = first_compose_file(stack)};
      }
    }
    if (auto p = by_folders_above(stack, search_root)) return p;
  }
  if (!stack.compose) return std::nullopt;
  // The project's own name (`name: sequin-dev`, rw23): what `docker compose ls` shows for it.
  if (const auto& project = stack.compose->name; project && names_development(project->value)) {
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::project_name,
                        .detail = "name: " + project->value,
                        .location = project->location};
  }
  for (const std::string& file : stack.compose->files) {
    std::string name = path::basename(file);
    // The extension and the conventional stems are no evidence: `compose`, `docker-compose`.
    if (const size_t dot = name.rfind('.'); dot != std::string::npos) name.erase(dot);
    // A file its authors name insecure (`docker-compose.unsecure.yml` beside a `.secure.yml`, rw18
    // uschtwill) is a mode for trying the stack out, insecure on purpose.
    const std::vector<std::string> words = words_of(name);
    const bool insecure = std::any_of(words.begin(), words.end(),
                                      [](const std::string& w) { return w == "insecure" || w == "unsecure"; });
    if (insecure || names_development(name)) {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::file_name,
                          .detail = path::basename(file),
                          .location = Location::whole_file(file)};
    }
  }
  return std::nullopt;
}

// A framework environment written as development or test, in a service's environment or in the
// build arguments of its image (`args: [ENVIRONMENT=DEV]`: the image is built for development).
// Also in an env_file the repository commits (rw19 nestjs boilerplate's `.env`, NODE_ENV=local), not
// in one git ignores: that is the user's own, the linting machine's.
// A profile named for production (`docker compose --profile production up -d`, rw46 Staffora): the
// file is the deployment too, whatever NODE_ENV or an `environment` label says without that profile.
bool has_production_profile(const Stack& stack) {
  return std::any_of(stack.services.begin(), stack.services.end(), [](const Service& svc) {
    return std::any_of(svc.profiles().begin(), svc.profiles().end(), [](const std::string& p) {
      std::string l = p;
      std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return l == "production" || l == "prod";
    });
  });
}

std::optional<StackPurpose> by_environment(const Stack& stack, const FileSystem& fs) {
  if (has_production_profile(stack)) return std::nullopt;
  const auto committed_env_file = [&](const Location& loc) {
    const StackFile* f = stack.find_file(loc.file);
    return f != nullptr && f->kind == FileKind::env && value_is_judgeable(stack, loc) &&
           !compose::git_ignored(fs, path::join(stack.root, loc.file), stack.root);
  };
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    for (const auto* values : {&svc.environment, &svc.build_args()}) {
      for (const auto& [name, value] : *values) {
        if (!value.location.valid()) continue;
        // Labels the service puts on what it sends (rw40 jbub: a pgbouncer exporter's own test stack).
        if (const std::string label = development_label(value.value);
            !label.empty() && written_literally(stack, value.location)) {
          return StackPurpose{.deployed = false,
                              .evidence = StackPurpose::Evidence::framework_environment,
                              .detail = "label " + label + " in " + name + " of service '" + svc.name + "'",
                              .location = value.location};
        }
        // A flag that turns on the app's development mode (`DEV_MODE=true`, rw84 masterTrade).
        if (is_development_mode_flag(name, value.value) && written_literally(stack, value.location)) {
          return StackPurpose{.deployed = false,
                              .evidence = StackPurpose::Evidence::framework_environment,
                              .detail = name + " of service '" + svc.name + "'",
                              .location = value.location};
        }
        if (!is_framework_environment_name(name)) continue;
        if (!is_development_environment(value.value)) continue;
        // Or the authors' fallback (`NODE_ENV=${NODE_ENV:-development}`, rw32 OSM-Notes), the value
        // compose gives when nothing sets another.
        if (!written_literally(stack, value.location) && !committed_env_file(value.location) &&
            !falls_back_to(stack, value.location, value.value)) {
          continue;
        }
        const std::string what = values == &svc.environment ? "" : "build argument ";
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::framework_environment,
                            .detail = what + name + " of service '" + svc.name + "'",
                            .location = value.location};
      }
    }
  }
  return std::nullopt;
}

// An env_file named for development or tests (`postgres_dev.env`, `.env.test`, rw84 librarian): the
// settings the authors run the stack with on their machine.
std::optional<StackPurpose> by_env_file_name(const Stack& stack) {
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    for (const auto& [name, value] : svc.environment) {
      const StackFile* f = value.location.valid() ? stack.find_file(value.location.file) : nullptr;
      if (f == nullptr || f->kind != FileKind::env) continue;
      const std::vector<std::string> words = words_of(path::basename(f->path));
      static constexpr std::array<std::string_view, 8> kWords = {"dev",  "devel", "develop", "development",
                                                                 "test", "tests", "testing", "localdev"};
      if (std::none_of(words.begin(), words.end(), [](const std::string& w) {
            return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
          })) {
        continue;
      }
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::file_name,
                          .detail = "env_file " + f->path + " of service '" + svc.name + "'",
                          .location = Location::whole_file(f->path)};
    }
  }
  return std::nullopt;
}

// Below the directory given: the stack's folder is its own, so its README and files speak of it.
bool below_search_root(const Stack& stack, const std::string& search_root) {
  if (search_root.empty()) return false;
  const std::string rel = path::relative_to(path::normalize(stack.root), path::normalize(search_root));
  return !path::is_absolute(rel) && rel.rfind("..", 0) != 0 && rel != ".";
}

// Words a README uses for a stack that is not a deployment: "# Postgres Exhibit" over "Demonstrates
// ..." (rw64 rundeck docker-zoo), and the same words in the languages READMEs are most often written
// in besides English ("Beispielprojekt", rw64 trion workshop; "Estudos", rw63).
bool is_example_word(std::string_view w) {
  static constexpr std::array<std::string_view, 34> kWords = {
      "example",     "examples",     "test",       "tests",         "testing",         "demo",
      "demos",       "development",  "sample",     "samples",       "sandbox",         "playground",
      "tutorial",    "workshop",     "quickstart", "demonstration", "demonstrates",    "exhibit",
      "walkthrough", "walkthroughs", "showcase",   "beispiel",      "beispielprojekt", "beispielprojekte",
      "ejemplo",     "ejemplos",     "exemple",    "exemples",      "esempio",         "esempi",
      "exemplo",     "exemplos",     "estudos",    "tutoriel"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// The words of a README's opening (its first heading and first line of prose: what the folder is,
// in the authors' words), lower-cased, each with its line; not words of names (`example` in
// app.example.org or compose.test.yml) nor of a link's text. `name` is the README's file name, or ""
// when `dir` has none.
struct Opening {
  std::string name;
  std::vector<std::pair<std::string, uint32_t>> words;
  std::string title;  // the first heading as written
  uint32_t title_line = 0;
};
// A heading whose words only announce a description ("## Info", "## About", "## Overview").
bool introduces_description(std::string_view heading) {
  std::string word;
  for (const char c : heading) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0)
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return word == "info" || word == "about" || word == "overview" || word == "description" || word == "introduction" ||
         word == "summary";
}

Opening readme_opening(const FileSystem& fs, const std::string& dir) {
  Opening out;
  for (const std::string& name : readme_names(fs, dir)) {
    FileRead read = read_prose(fs, path::join(dir, name), 64 * 1024);
    if (read.status != OpenStatus::found) continue;
    out.name = name;
    const std::string& text = read.text;
    size_t pos = 0;
    bool heading = false;
    for (uint32_t line_no = 1; pos < text.size(); ++line_no) {
      const size_t eol = std::min(text.find('\n', pos), text.size());
      const std::string_view l = line_without_cr(text, pos, eol);
      pos = eol + 1;
      const size_t first = l.find_first_not_of(" \t\r");
      if (first == std::string_view::npos) continue;
      const bool is_heading = l[first] == '#';
      // A second heading ends the opening, unless no prose came yet and it only says that what
      // follows is the description: "# starters", then "## Info" over the sentence saying what the
      // repository is (rw52 launchpad). "### Quickstart" is a section of its own (rw45 eigenda).
      if (is_heading && heading && !introduces_description(l)) break;
      if (!is_heading && (l[first] == '<' || l[first] == '!' || l[first] == '[')) continue;  // badges, HTML
      if (is_heading && !heading) {
        out.title = std::string(l.substr(first));
        out.title_line = line_no;
      }
      heading = heading || is_heading;
      const auto joins = [](char c) { return c == '.' || c == '/' || c == '@' || c == '-' || c == '_'; };
      std::string word;
      int brackets = 0;  // link text (`[DigitalOcean tutorial](...)`) names another page
      for (size_t i = 0; i <= l.size(); ++i) {
        if (i < l.size() && (l[i] == '[' || l[i] == ']')) brackets += l[i] == '[' ? 1 : -1;
        if (i < l.size() && std::isalpha(static_cast<unsigned char>(l[i])) != 0) {
          word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(l[i]))));
          continue;
        }
        const size_t start = i - word.size();
        // Capitalised words joined by '/' are alternatives of prose (rw45 jaeger: "Development/Demo
        // Environment"), not a path (`docker/dev`).
        const auto upper = [&l](size_t at) {
          return at < l.size() && std::isupper(static_cast<unsigned char>(l[at])) != 0;
        };
        size_t before = start > 1 ? start - 1 : 0;  // the first letter of the word before a joiner
        while (before > 0 && std::isalpha(static_cast<unsigned char>(l[before - 1])) != 0) --before;
        const bool alternative_before = start > 1 && l[start - 1] == '/' && upper(start) && upper(before);
        const bool alternative_after = i < l.size() && l[i] == '/' && upper(start) && upper(i + 1);
        const bool in_name = (start > 0 && joins(l[start - 1]) && !alternative_before) ||
                             (i < l.size() && joins(l[i]) && i + 1 < l.size() &&
                              std::isalnum(static_cast<unsigned char>(l[i + 1])) != 0 && !alternative_after);
        if (!word.empty() && !in_name && brackets <= 0) out.words.emplace_back(word, line_no);
        word.clear();
      }
      if (!is_heading) break;
    }
    return out;  // the first README found speaks for the folder
  }
  return out;
}

// The README title (its first heading) of the directory given names a demonstration or tests (`# How
// to run the tests`, rw78 postgres-rls; `# PgBouncer Connection Demo`, rw74): the repository is that.
// Only the title: a product's opening prose may mention its demo. Not `example`: a product's
// "# Docker-compose example" at its top is how to deploy it.
std::optional<StackPurpose> by_readme_title(const Stack& stack, const FileSystem& fs) {
  const Opening o = readme_opening(fs, stack.root);
  // The same words in Korean, Chinese and Japanese, which write them without the letters the
  // English words are split at (rw205 stress-test: "# 모니터링, ELK 로깅, 성능 테스트 예제").
  for (const std::string_view word :
       {"테스트", "데모", "샌드박스", "튜토리얼", "测试", "演示", "教程", "テスト", "デモ", "チュートリアル"}) {
    if (o.title.find(word) == std::string::npos) continue;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::readme,
                        .detail = o.name + ": \"" + std::string(word) + "\"",
                        .location = Location{.file = o.name, .line = o.title_line, .column = 1}};
  }
  if (o.words.empty()) return std::nullopt;
  const uint32_t title_line = o.words.front().second;
  for (const auto& [word, line] : o.words) {
    if (line != title_line) break;
    if (word != "demo" && word != "tests" && word != "testing" && word != "sandbox" && word != "playground" &&
        word != "tutorial" && word != "lab") {
      continue;
    }
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::readme,
                        .detail = o.name + ": \"" + word + "\"",
                        .location = Location{.file = o.name, .line = line, .column = 1}};
  }
  return std::nullopt;
}

std::optional<StackPurpose> by_readme(const Stack& stack, const FileSystem& fs) {
  const Opening o = readme_opening(fs, stack.root);
  for (const auto& [word, line] : o.words) {
    if (!is_example_word(word)) continue;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::readme,
                        .detail = o.name + ": \"" + word + "\"",
                        .location = Location{.file = o.name, .line = line, .column = 1}};
  }
  return std::nullopt;
}

// The README of the directory given opens by calling the repository a course (rw53
// data-engineering-zoomcamp: "A Free 9-Week Course on Data Engineering Fundamentals"; not "of
// course"): its stacks in folders below are the lessons' exercises, run on a student's laptop.
// Or it opens by calling the repository a collection of tutorials,
// examples or files for videos (rw29 JimsGarage: "a collection of Docker Compose and config files
// for use in my videos. Simply tweak to your environment"): its stacks in folders below are samples
// to adapt, not a deployment.
std::optional<StackPurpose> by_collection_readme(const Stack& stack, const FileSystem& fs,
                                                 const std::string& search_root) {
  const Opening o = readme_opening(fs, search_root);
  const auto has = [&](std::initializer_list<std::string_view> words) {
    return std::find_if(o.words.begin(), o.words.end(),
                        [&](const auto& w) { return std::find(words.begin(), words.end(), w.first) != words.end(); });
  };
  for (size_t i = 0; i < o.words.size(); ++i) {
    const std::string& w = o.words[i].first;
    if (w != "course" && w != "bootcamp" && w != "zoomcamp") continue;
    if (w == "course" && i > 0 && o.words[i - 1].first == "of") continue;
    const std::string readme = path::relative_to(path::join(search_root, o.name), path::normalize(stack.root));
    return StackPurpose{.deployed = false,
                        .teaching = true,
                        .evidence = StackPurpose::Evidence::readme,
                        .detail = readme + ": \"" + w + "\"",
                        .location = Location{.file = readme, .line = o.words[i].second, .column = 1}};
  }
  // The repository calls itself a set of walkthroughs or an example project, in its opening (rw63
  // docker-development-youtube-series: "hands-on walkthroughs with source code"; rw64 trion:
  // "Beispielprojekt für Monitoring mit Prometheus und Grafana"): its stacks below are the steps.
  if (const auto teaching =
          has({"walkthroughs", "tutorials", "workshop", "beispielprojekt", "beispielprojekte", "estudos", "exhibits"});
      teaching != o.words.end()) {
    const std::string readme = path::relative_to(path::join(search_root, o.name), path::normalize(stack.root));
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::readme,
                        .detail = readme + ": \"" + teaching->first + "\"",
                        .location = Location{.file = readme, .line = teaching->second, .column = 1}};
  }
  const auto collection = has({"collection"});
  const auto kind = has({"video", "videos", "tutorial", "tutorials", "example", "examples", "guide", "guides", "course",
                         "starters", "templates", "boilerplates", "snippets"});
  if (collection == o.words.end() || kind == o.words.end()) return std::nullopt;
  const std::string readme = path::relative_to(path::join(search_root, o.name), path::normalize(stack.root));
  return StackPurpose{.deployed = false,
                      .teaching = kind->first.starts_with("video") || is_lesson_word(kind->first),
                      .evidence = StackPurpose::Evidence::readme,
                      .detail = readme + ": \"collection\" of \"" + kind->first + "\"",
                      .location = Location{.file = readme, .line = collection->second, .column = 1}};
}

// Words a README heading uses for the section that runs a stack that is not a deployment ("Running
// the Demonstration Environment", "Local development"). Not "quick start" or "getting started":
// self-hosting guides use them for the deployment itself.
bool is_section_example_word(std::string_view w) {
  // "test" and "tests": "## Test multiple targets by docker compose" (rw84 prometheus-redis-exporter).
  static constexpr std::array<std::string_view, 17> kWords = {
      "example",     "examples", "demo",         "demos",        "demonstration", "sandbox",
      "playground",  "tutorial", "workshop",     "test",         "tests",         "testing",
      "development", "dev",      "contributing", "contributors", "locally"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// The lower-cased words of a line of prose (letters only; and digits, `ec2`, with `digits`).
std::vector<std::string> prose_words(std::string_view line, bool digits = false) {
  std::vector<std::string> out;
  std::string w;
  for (const char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u) != 0 || (digits && std::isdigit(u) != 0)) {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// "This demo" / "the sandbox" / "provides an example" in a line of README prose: the authors calling
// what the section runs a demonstration. Words inside names (`demo.example.com`, `compose-demo.yml`) and link text
// (`[live demo](...)`, another page) do not count.
std::optional<std::string> this_demo(std::string_view line) {
  const auto joins = [](char c) { return c == '.' || c == '/' || c == '@' || c == '-' || c == '_'; };
  std::string before;  // the word before `previous`
  std::string previous;
  std::string word;
  int brackets = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && std::isalpha(static_cast<unsigned char>(line[i])) != 0) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))));
      continue;
    }
    if (!word.empty()) {
      const size_t start = i - word.size();
      const bool in_name =
          (start > 0 && joins(line[start - 1])) || (i < line.size() && joins(line[i]) && i + 1 < line.size() &&
                                                    std::isalnum(static_cast<unsigned char>(line[i + 1])) != 0);
      const bool demo = word == "demo" || word == "demonstration" || word == "sandbox" || word == "playground";
      if (demo && !in_name && brackets <= 0 && (previous == "this" || previous == "the")) return word;
      // "`docker-compose.yaml` provides an example of how to launch ..." (rw17 openfga): the file is
      // called an example, not "an example config" that the stack reads.
      const bool called_example =
          word == "example" && previous == "an" &&
          (before == "provides" || before == "is" || before == "as" || before == "gives" || before == "shows");
      if (called_example && !in_name && brackets <= 0) return word;
      // "For quick local example, use the Docker Compose environment provided" (rw42 pgcat).
      if (word == "example" && previous == "local" && !in_name && brackets <= 0) return previous + " " + word;
      before = previous;
      previous = in_name ? std::string() : word;
      word.clear();
    }
    if (i < line.size() && (line[i] == '[' || line[i] == ']')) brackets += line[i] == '[' ? 1 : -1;
  }
  return std::nullopt;
}

// The compose command of a README line (`docker compose -f docker-compose-otel.yml up`,
// `docker-compose up -d`): the files it names with -f (none: the default file). nullopt when the
// line runs no `up`.
std::optional<std::vector<std::string>> compose_up(std::string_view line) {
  constexpr std::string_view kPlugin = "docker compose ";
  constexpr std::string_view kStandalone = "docker-compose ";  // the same length
  size_t at = line.find(kPlugin);
  if (at == std::string_view::npos) at = line.find(kStandalone);
  if (at == std::string_view::npos) return std::nullopt;
  std::vector<std::string> words;
  std::string_view rest = line.substr(at + kPlugin.size());
  while (!rest.empty()) {
    const size_t b = rest.find_first_not_of(" \t`");
    if (b == std::string_view::npos) break;
    rest.remove_prefix(b);
    const size_t e = std::min(rest.find_first_of(" \t`"), rest.size());
    words.emplace_back(rest.substr(0, e));
    rest.remove_prefix(e);
  }
  std::vector<std::string> files;
  bool up = false;
  for (size_t i = 0; i < words.size(); ++i) {
    if ((words[i] == "-f" || words[i] == "--file") && i + 1 < words.size()) {
      files.push_back(words[++i]);
    } else if (words[i] == "up") {
      up = true;
      break;
    } else if (words[i] == "&&" || words[i] == ";" || words[i] == "|") {
      break;
    }
  }
  if (up) return files;
  // `docker compose build app && docker compose up -d app`: a later command of the line starts it.
  const size_t next = std::min(line.find(kPlugin, at + 1), line.find(kStandalone, at + 1));
  if (next == std::string_view::npos) return std::nullopt;
  return compose_up(line.substr(next));
}

// A Markdown link to the file `first` (`[docker-compose-mysql.yaml](docker-compose-mysql.yaml)`, a
// path relative to the README's directory `dir`), or in the README beside it its name as a word
// (`| docker-compose-mysql.yaml | MySQL backend |`).
bool links_to(std::string_view line, const std::string& dir, const std::string& first) {
  const std::string name = path::basename(first);
  if (path::normalize(dir) == path::dirname(path::normalize(first))) {
    const auto bounds = [](char c) { return c == ' ' || c == '|' || c == '`' || c == '[' || c == ']' || c == '\t'; };
    for (size_t at = line.find(name); at != std::string_view::npos; at = line.find(name, at + 1)) {
      const size_t end = at + name.size();
      if ((at == 0 || bounds(line[at - 1])) && (end == line.size() || bounds(line[end]))) return true;
    }
  }
  for (size_t at = line.find("]("); at != std::string_view::npos; at = line.find("](", at + 2)) {
    const size_t end = line.find(')', at + 2);
    if (end == std::string_view::npos) break;
    std::string_view target = line.substr(at + 2, end - at - 2);
    target = target.substr(0, std::min(target.find_first_of(" #?"), target.size()));
    if (!target.empty() && target.find("://") == std::string_view::npos &&
        path::normalize(path::join(dir, std::string(target))) == path::normalize(first)) {
      return true;
    }
  }
  return false;
}

// The first line of Markdown prose in `text` (outside fenced and indented code blocks, not a heading)
// for which `says` gives a phrase: the phrase and where it is; nullopt when none.
struct ProseHit {
  std::string phrase;
  uint32_t line = 0;
  uint32_t column = 0;
};
// Calls `line(text, line_no, column)` for each line of Markdown prose in `text` (outside fenced and
// indented code blocks, not a heading), `column` that of its first character, until it returns true.
template <class F>
void each_prose(std::string_view text, F&& line) {
  bool code = false;
  size_t pos = 0;
  for (uint32_t line_no = 1; pos < text.size(); ++line_no) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t b = l.find_first_not_of(" \t>");
    if (b != std::string_view::npos && (l.substr(b).starts_with("```") || l.substr(b).starts_with("~~~"))) code = !code;
    if (code || b == std::string_view::npos || l[b] == '#' || l.starts_with("    ")) continue;
    if (line(l, line_no, static_cast<uint32_t>(b + 1))) return;
  }
}

template <class F>
std::optional<ProseHit> first_prose(std::string_view text, F&& says) {
  std::optional<ProseHit> out;
  each_prose(text, [&](std::string_view l, uint32_t line_no, uint32_t column) {
    std::string phrase = says(l);
    if (phrase.empty()) return false;
    out = ProseHit{.phrase = std::move(phrase), .line = line_no, .column = column};
    return true;
  });
  return out;
}

// A line of prose that calls what the repository holds a deployment: "for self-hosted deployment",
// "production deployment", "for deployment". "" when it does not.
std::string deployment_statement(std::string_view line) {
  std::string l(line);
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string_view phrase : {"self-hosted deployment", "production deployment", "for deployment"}) {
    if (l.find(phrase) != std::string::npos) return std::string(phrase);
  }
  return {};
}

// A line of prose that says the project runs deployed on a named host: "Monitoring stack deployed on
// AWS EC2" (rw248 observability-project), "Deployed and maintained the system on an AWS Ubuntu VM"
// (rw235 Wallet-Ledger-Service): `deployed`, then within eight words `on`, `to`, `in` or `at`, then
// within three words a cloud, a server or a VM. Not "can be deployed to any cloud": what a product
// allows, not where this stack runs. "" when it does not.
std::string deployed_on(std::string_view line) {
  const std::vector<std::string> words = prose_words(line, true);
  static constexpr std::array<std::string_view, 14> kHosts = {"aws",     "ec2",          "vps",     "vm",     "server",
                                                              "hetzner", "digitalocean", "droplet", "linode", "gcp",
                                                              "azure",   "lightsail",    "vultr",   "ovh"};
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] != "deployed" || (i > 0 && words[i - 1] == "be")) continue;
    for (size_t j = i + 1; j < words.size() && j <= i + 8; ++j) {
      if (words[j] != "on" && words[j] != "to" && words[j] != "in" && words[j] != "at") continue;
      for (size_t k = j + 1; k < words.size() && k <= j + 3; ++k) {
        if (std::ranges::find(kHosts, words[k]) == kHosts.end()) continue;
        std::string phrase = words[i];
        for (size_t n = i + 1; n <= k; ++n) phrase += " " + words[n];
        return phrase;
      }
    }
  }
  return {};
}

// The README beside the stack, or that of a directory above it up to the repository's top level,
// tells how to start the stack (`docker compose up`, with `cd DIR` before it in the same code block
// or `-f FILE`) in a section whose heading, or that of a section around it, calls it a
// demonstration, an example, a sandbox, development or running locally (intro-to-mltp: "## Running
// the Demonstration Environment"), or whose prose before the command calls it "this demo" ("##
// Grafana Cloud ... This demo can be run against Grafana Cloud"). A link to the stack's file counts
// as starting it in such a section only (rw20 conductor: "## Run Docker Compose Locally", then a
// table of links to its compose files). The first section that starts this stack decides.
std::optional<StackPurpose> by_readme_section(const Stack& stack, const FileSystem& fs) {
  if (!stack.compose || stack.compose->files.empty()) return std::nullopt;
  std::vector<std::string> dirs = {path::normalize(stack.root)};
  for (const std::string& d : stack.compose->directories_above) dirs.push_back(path::normalize(d));
  const std::string root = path::normalize(stack.root);
  const std::string& first = stack.compose->files.front();
  const bool default_first = compose::is_default_compose_name(path::basename(first));
  for (const std::string& dir : dirs) {
    bool readme_read = false;
    const std::vector<std::string> names = readmes_and_guides(fs, dir);
    for (const std::string& name : names) {
      // A guide for the project's developers (rw42 shlink's DEVELOPING.md: "Start-up the project by
      // running `docker compose up`") speaks of development in every section, after the README.
      const bool developer_guide = std::find(kReadmeNames.begin(), kReadmeNames.end(), name) == kReadmeNames.end();
      if (!developer_guide && readme_read) continue;
      FileRead read = read_prose(fs, path::join(dir, name), 256 * 1024);
      if (read.status != OpenStatus::found) continue;
      readme_read = readme_read || !developer_guide;
      const std::string& text = read.text;
      // A guide to a repository that packages the product for deployment (rw45 getsentry/self-hosted:
      // "This repository packages Sentry ... for self-hosted deployment") starts the deployment.
      if (developer_guide && first_prose(text, deployment_statement)) continue;
      std::vector<std::pair<std::string, uint32_t>> headings;  // the section's and those around it, outermost first
      bool fenced = false;
      std::string cd;         // `cd DIR` earlier in the current code block
      std::string demo_word;  // a word of the section's prose that calls the stack a demo
      uint32_t demo_line = 0;
      size_t pos = 0;
      for (uint32_t line_no = 1; pos < text.size(); ++line_no) {
        const size_t eol = std::min(text.find('\n', pos), text.size());
        const std::string_view l = line_without_cr(text, pos, eol);
        pos = eol + 1;
        const size_t b = l.find_first_not_of(" \t");
        if (b == std::string_view::npos) continue;
        const std::string_view t = l.substr(b);
        if (t.starts_with("```") || t.starts_with("~~~")) {
          fenced = !fenced;
          cd.clear();
          continue;
        }
        // A Markdown heading: at most 3 spaces in, `#`s and a space (not a shell comment of an
        // indented code block).
        const bool is_heading = b <= 3 && t.front() == '#' && t.find_first_not_of('#') != std::string_view::npos &&
                                t[t.find_first_not_of('#')] == ' ';
        if (!fenced && is_heading) {
          const size_t level = t.find_first_not_of('#');
          while (!headings.empty() && headings.back().first.find_first_not_of('#') >= level) headings.pop_back();
          headings.emplace_back(std::string(t), line_no);
          cd.clear();
          demo_word.clear();
          continue;
        }
        if (!fenced && demo_word.empty()) {
          if (const std::optional<std::string> w = this_demo(t)) {
            demo_word = *w;
            demo_line = line_no;
          }
        }
        if (t.starts_with("cd ")) {
          std::string_view d = t.substr(3);
          d = d.substr(0, std::min(d.find_first_of(" \t&;"), d.size()));
          // `cd /srv/app` (or `~/app`): where the repository is checked out on the server, so the
          // README's own directory (rw17 BCord: "## Deploy", `cd /srv/bcord && docker compose up -d`).
          cd = d.starts_with('/') || d.starts_with('~') ? std::string() : std::string(d);
          continue;
        }
        const std::optional<std::vector<std::string>> files = compose_up(t);
        const bool linked = !files && !fenced && links_to(t, dir, path::join(root, path::basename(first)));
        if (!files && !linked) continue;
        const std::string at = path::normalize(cd.empty() ? dir : path::join(dir, cd));
        bool this_stack = linked;
        if (files && files->empty()) {
          this_stack = at == root && default_first;
        } else if (files) {
          const std::string f = path::normalize(path::join(at, files->front()));
          this_stack = path::dirname(f) == root && path::basename(f) == path::basename(first);
        }
        if (!this_stack) continue;
        // The innermost heading that calls the section a demonstration, development... and not
        // production too ("## Development and production use", rw53 pgwatch: the section recommends
        // the file for production).
        const auto names_production = [](const std::string& w) {
          return w == "production" || w == "prod" || w == "deployment" || w == "deploy" || w == "deploying";
        };
        auto heading = headings.rbegin();
        for (; heading != headings.rend(); ++heading) {
          const std::vector<std::string> words = prose_words(heading->first);
          if (std::any_of(words.begin(), words.end(), is_section_example_word) &&
              std::none_of(words.begin(), words.end(), names_production)) {
            break;
          }
        }
        const bool says = heading != headings.rend() || developer_guide;
        const std::string readme = path::relative_to(path::join(dir, name), root);
        if (linked && !says) continue;  // a link elsewhere does not start the stack
        if (heading == headings.rend() && developer_guide) {
          return StackPurpose{.deployed = false,
                              .evidence = StackPurpose::Evidence::readme,
                              .detail = readme + ": a guide for developers that starts the stack",
                              .location = Location{.file = readme, .line = line_no, .column = 1}};
        }
        if (!says && !demo_word.empty()) {
          return StackPurpose{
              .deployed = false,
              .evidence = StackPurpose::Evidence::readme,
              .detail = readme + ": \"" + (headings.empty() ? "" : headings.back().first) + "\": \"" + demo_word + "\"",
              .location = Location{.file = readme, .line = demo_line, .column = 1}};
        }
        if (!says) return std::nullopt;  // the authors' own section for it says nothing
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::readme,
                            .detail = readme + ": \"" + heading->first + "\"",
                            .location = Location{.file = readme, .line = heading->second, .column = 1}};
      }
    }
  }
  return std::nullopt;
}

// What a README's opening says the compose files are for, in one sentence about them: "This
// repository provides docker-compose files that enable you to run a local instance of the Temporal
// Server." The README beside the stack, its first section only (up to the second heading), a
// sentence that speaks of compose and of running locally, or of Docker or compose and calls the
// project a development environment, and names no other YAML file (a deployment's README that
// points to `compose.dev.yml` for local development speaks of that file).
bool is_local_phrase(const std::vector<std::string>& words, size_t i) {
  const auto next = [&](std::string_view w) { return i + 1 < words.size() && words[i + 1] == w; };
  if (words[i] == "locally") return true;
  if (words[i] == "local") return next("instance") || next("development") || next("environment") || next("machine");
  return false;
}

// "Laradock is a full PHP development environment for Docker." (rw19): a sentence that speaks of
// Docker or compose and calls the project, its subject, a development environment within a few
// words of "is a". "is not a" and a sentence that also speaks of production say nothing.
std::string development_environment(std::string_view line) {
  for (size_t begin = 0; begin < line.size();) {
    size_t end = line.find_first_of(".:;!?", begin);
    while (end != std::string_view::npos && end + 1 < line.size() && line[end + 1] != ' ' && line[end + 1] != '*') {
      end = line.find_first_of(".:;!?", end + 1);  // `laradock.io`: a name, not the sentence's end
    }
    end = std::min(end, line.size());
    const std::vector<std::string> words = prose_words(line.substr(begin, end - begin));
    begin = end + 1;
    const auto has = [&](std::string_view any) { return std::find(words.begin(), words.end(), any) != words.end(); };
    if ((!has("docker") && !has("compose")) || has("production")) continue;
    for (size_t i = 0; i + 2 < words.size(); ++i) {
      if (words[i] != "is" || (words[i + 1] != "a" && words[i + 1] != "an")) continue;
      for (size_t j = i + 2; j + 1 < words.size() && j < i + 8; ++j) {
        if ((words[j] == "development" || words[j] == "dev") && words[j + 1] == "environment") {
          return words[j] + " environment";
        }
      }
    }
  }
  return {};
}

// A line of a README opening, in a language written without the letters its words are split at,
// that calls the repository a local development environment: "一个基于 docker 的 go-zero 本地开发运行环境" (rw226
// gonivinck: "a go-zero local development runtime environment based on docker"). The phrase, or "".
std::string_view local_development_phrase(std::string_view line) {
  static constexpr std::array<std::string_view, 7> kPhrases = {
      "\u672c\u5730\u5f00\u53d1",              // 本地开发, local development
      "\u5f00\u53d1\u73af\u5883",              // 开发环境, development environment
      "\u958b\u767c\u74b0\u5883",              // 開發環境
      "\u958b\u767a\u74b0\u5883",              // 開発環境
      "\u30ed\u30fc\u30ab\u30eb\u958b\u767a",  // ローカル開発
      "\ub85c\uceec \uac1c\ubc1c",             // 로컬 개발
      "\uac1c\ubc1c \ud658\uacbd",             // 개발 환경
  };
  // Not a line that speaks of production too ("本地开发与生产部署", local development and production).
  for (const std::string_view production : {"\u751f\u4ea7", "\u751f\u7522", "\u672c\u756a", "\uc6b4\uc601"}) {
    if (line.find(production) != std::string_view::npos) return {};
  }
  for (const std::string_view phrase : kPhrases) {
    if (line.find(phrase) != std::string_view::npos) return phrase;
  }
  return {};
}

std::optional<StackPurpose> by_readme_opening(const Stack& stack, const FileSystem& fs) {
  if (!stack.compose || stack.compose->files.empty()) return std::nullopt;
  const std::string first = path::basename(stack.compose->files.front());
  for (const std::string& name : readme_names(fs, stack.root)) {
    FileRead read = read_prose(fs, path::join(stack.root, name), 64 * 1024);
    if (read.status != OpenStatus::found) continue;
    const std::string& text = read.text;
    int headings = 0;
    size_t pos = 0;
    for (uint32_t line_no = 1; pos < text.size() && line_no <= 40; ++line_no) {
      const size_t eol = std::min(text.find('\n', pos), text.size());
      const std::string_view l = line_without_cr(text, pos, eol);
      pos = eol + 1;
      const size_t b = l.find_first_not_of(" \t>");
      if (b == std::string_view::npos) continue;
      if (l[b] == '#' && ++headings > 1) break;
      if (l[b] == '#' || l[b] == '`' || l[b] == '<' || l[b] == '!' || l[b] == '[') continue;
      const std::vector<std::string> words = prose_words(l);
      const bool compose = std::any_of(words.begin(), words.end(), [](const std::string& w) { return w == "compose"; });
      std::string phrase;  // "locally", "local instance"
      for (size_t i = 0; compose && i < words.size() && phrase.empty(); ++i) {
        if (is_local_phrase(words, i)) phrase = words[i] == "local" ? "local " + words[i + 1] : words[i];
      }
      if (phrase.empty()) phrase = development_environment(l);
      if (phrase.empty()) phrase = local_development_phrase(l);
      if (phrase.empty()) continue;
      bool other_file = false;
      for (const std::string_view ext : {".yml", ".yaml"}) {
        for (size_t at = l.find(ext); at != std::string_view::npos; at = l.find(ext, at + 1)) {
          const size_t start = l.find_last_of(" \t`(\"'", at);
          const std::string_view file = l.substr(start == std::string_view::npos ? 0 : start + 1,
                                                 at + ext.size() - (start == std::string_view::npos ? 0 : start + 1));
          other_file = other_file || path::basename(std::string(file)) != first;
        }
      }
      if (other_file) continue;
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::readme,
                          .detail = name + ": \"" + phrase + "\"",
                          .location = Location{.file = name, .line = line_no, .column = static_cast<uint32_t>(b + 1)}};
    }
    break;  // the first README found speaks for the folder
  }
  return std::nullopt;
}

// The comment [begin, end) of the first line of a compose file.
Location header_location(const StackFile& f, const std::string& file, size_t begin, size_t end) {
  Location l = f.source->span(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
  l.file = file;
  return l;
}

// Whether the comment paragraph that starts `text` (up to a `#` line without a letter or a line that
// is no comment) is part of a license header: it names the license, a copyright or a warranty.
bool is_license_paragraph(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t h = l.find_first_not_of(" \t\r");
    if (h == std::string_view::npos || l[h] != '#') return false;
    std::string lower;
    for (const char c : l) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos) return false;
    for (const std::string_view w : {"license", "licence", "copyright", "warrant", "spdx-"}) {
      if (lower.find(w) != std::string::npos) return true;
    }
  }
  return false;
}

// Whether another compose file of the stack names `file` in its top-level `include:` list (the
// short form, `- perf.yaml`, or `- path: perf.yaml`): a fragment of the stack, whose own header
// describes its part, not what the stack runs (rw16 Alt: `compose.yaml`, "All stacks combined",
// includes `perf.yaml`, "Performance testing service").
bool included_by_another(const Stack& stack, const std::string& file) {
  for (const std::string& other : stack.compose->files) {
    if (other == file) continue;
    const StackFile* f = stack.find_file(other);
    if (f == nullptr || !f->source) continue;
    const std::string_view text = f->source->text();
    size_t at = text.rfind("include:", 0) == 0 ? 0 : text.find("\ninclude:");
    if (at == std::string_view::npos) continue;
    for (size_t pos = text.find('\n', at + 1); pos != std::string_view::npos && pos + 1 < text.size();) {
      const size_t eol = std::min(text.find('\n', pos + 1), text.size());
      std::string_view l = text.substr(pos + 1, eol - pos - 1);
      pos = eol < text.size() ? eol : std::string_view::npos;
      if (!l.empty() && l.front() != ' ' && l.front() != '\t' && l.front() != '#' && l.front() != '-') break;
      const size_t b = l.find_first_not_of(" \t-");
      if (b == std::string_view::npos || l[b] == '#') continue;
      l.remove_prefix(b);
      if (l.starts_with("path:"))
        l.remove_prefix(l.find_first_not_of(" \t", 5) == std::string_view::npos ? l.size()
                                                                                : l.find_first_not_of(" \t", 5));
      l = l.substr(0, std::min(l.find_first_of(" \t#\r"), l.size()));
      if (l.size() >= 2 && (l.front() == '"' || l.front() == '\'') && l.back() == l.front())
        l = l.substr(1, l.size() - 2);
      if (!l.empty() && path::normalize(path::join(path::dirname(other), std::string(l))) == path::normalize(file))
        return true;
    }
  }
  return false;
}

// The first line of a compose file's leading comment block with a letter in it, and the offset of
// its `#`; hash is npos when there is none.
struct HeaderLine {
  std::string_view line;
  size_t hash = std::string_view::npos;
};
HeaderLine header_comment_line(std::string_view text) {
  // The first line of the leading comment block with a letter in it: a `# =====` banner above
  // `# Amani API REST — Docker Compose for Local Development` frames the description. A license
  // header comes before it (rw19 devlake's ASF header, then a blank line, then `# This compose
  // file is provided with the purposes of locally testing datasources`): its paragraphs, split at
  // lines without a letter, are passed over, and after one the next comment block is read too.
  std::string_view line;
  size_t hash = std::string_view::npos;
  bool in_license = false;  // in a paragraph of a license header
  bool after_license = false;
  bool after_version = false;  // the obsolete `version: '3.8'` line first (rw25: the header under it)
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t h = l.find_first_not_of(" \t\r");
    const bool comment = h != std::string_view::npos && l[h] == '#';
    // A letter of any script: a byte of a UTF-8 sequence counts (`# 로컬 개발 전체 스택`, rw185).
    const bool letter = comment && std::any_of(l.begin(), l.end(), [](char c) {
                          const auto u = static_cast<unsigned char>(c);
                          return std::isalpha(u) != 0 || u >= 0x80;
                        });
    if (!letter) {  // a paragraph ends
      in_license = false;
      // The obsolete `version:` line, or a YAML document start (`---`, rw59 FerretDB), first.
      if (!after_version && start == 0 && (l.starts_with("version:") || l.starts_with("---"))) {
        after_version = true;
        continue;
      }
      if (comment || (h == std::string_view::npos && (after_license || after_version))) continue;
      break;  // the block ends at a blank or YAML line
    }
    if (in_license || is_license_paragraph(text.substr(start))) {
      in_license = after_license = true;
      continue;
    }
    line = l;
    hash = h;
    break;
  }
  return HeaderLine{.line = line, .hash = hash};
}

// The first line of a compose file, when it is a comment that calls the file a development, test
// or example setup (redash's `# This configuration file is for the **development** setup.`). A line
// that also speaks of production (`# Production stack; for development see compose.dev.yaml`) or
// negates (`not for testing`) says nothing.
// A word of a header comment, written in another language, that says local or development, as the
// English word it stands for ("" when none): `# Назначение файла: локальный запуск` (rw80
// ERM-Telegram-web-bot: "purpose of the file: a local run"), "développement local", "Entwicklung".
// Stems in UTF-8, lower and capitalised (Cyrillic letters have no ASCII case).
std::string_view non_english_local_word(std::string_view token) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kStems = {{
      {"\xD0\xBB\xD0\xBE\xD0\xBA\xD0\xB0\xD0\xBB\xD1\x8C\xD0\xBD", "local"},                        // локальн
      {"\xD0\x9B\xD0\xBE\xD0\xBA\xD0\xB0\xD0\xBB\xD1\x8C\xD0\xBD", "local"},                        // Локальн
      {"\xD1\x80\xD0\xB0\xD0\xB7\xD1\x80\xD0\xB0\xD0\xB1\xD0\xBE\xD1\x82\xD0\xBA", "development"},  // разработк
      {"\xD0\xA0\xD0\xB0\xD0\xB7\xD1\x80\xD0\xB0\xD0\xB1\xD0\xBE\xD1\x82\xD0\xBA", "development"},  // Разработк
      {"d\xC3\xA9veloppement", "development"},
      {"D\xC3\xA9veloppement", "development"},
      {"desarrollo", "development"},
      {"Desarrollo", "development"},
      {"desenvolvimento", "development"},
      {"Desenvolvimento", "development"},
      {"entwicklung", "development"},
      {"Entwicklung", "development"},
  }};
  for (const auto& [stem, english] : kStems) {
    if (token.starts_with(stem)) return english;
  }
  // Korean, Chinese and Japanese (rw185 kanggle: `# 로컬 개발 전체 스택`, "local development full
  // stack"); Chinese and Japanese write no blanks between words, so anywhere in the token.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kCjk = {{
      {"\xEB\xA1\x9C\xEC\xBB\xAC", "local"},                          // 로컬
      {"\xEA\xB0\x9C\xEB\xB0\x9C", "development"},                    // 개발
      {"\xE6\x9C\xAC\xE5\x9C\xB0", "local"},                          // 本地
      {"\xE5\xBC\x80\xE5\x8F\x91", "development"},                    // 开发
      {"\xE9\x96\x8B\xE7\x99\xBA", "development"},                    // 開発
      {"\xE3\x83\xAD\xE3\x83\xBC\xE3\x82\xAB\xE3\x83\xAB", "local"},  // ローカル
      {"\xE6\xB5\x8B\xE8\xAF\x95", "test"},                           // 测试
      {"\xE6\xB8\xAC\xE8\xA9\xA6", "test"},                           // 測試
      {"\xED\x85\x8C\xEC\x8A\xA4\xED\x8A\xB8", "test"},               // 테스트
      {"\xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88", "test"},               // テスト
  }};
  for (const auto& [stem, english] : kCjk) {
    if (token.find(stem) != std::string_view::npos) return english;
  }
  return {};
}

std::optional<StackPurpose> by_header_comment(const Stack& stack) {
  if (!stack.compose) return std::nullopt;
  // The last file first: an overlay says what the files together run (rw20 fresh-staged:
  // `# Production overrides` over a base whose header says "Local development stack").
  const std::vector<std::string>& files = stack.compose->files;
  for (auto file_it = files.rbegin(); file_it != files.rend(); ++file_it) {
    const std::string& file = *file_it;
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source || included_by_another(stack, file)) continue;
    const std::string_view text = f->source->text();
    const HeaderLine header = header_comment_line(text);
    const std::string_view line = header.line;
    const size_t hash = header.hash;
    if (hash == std::string_view::npos) continue;
    const size_t line_begin = static_cast<size_t>(line.data() - text.data());
    // Words of prose only: `test` in compose.test.yml or app.example.org is part of a name. The
    // description's second line too, when the comment goes on (rw34 mimir: `# Citus Distributed
    // PostgreSQL Cluster` over `# Designed for development/testing with horizontal sharding`).
    std::vector<std::string> words;
    std::vector<std::pair<std::string_view, size_t>> described = {{line, hash}};
    if (const size_t next = line_begin + line.size() + 1; next < text.size()) {
      const std::string_view rest = text.substr(next);
      const std::string_view l2 = rest.substr(0, std::min(rest.find('\n'), rest.size()));
      const size_t h2 = l2.find_first_not_of(" \t\r");
      if (h2 != std::string_view::npos && l2[h2] == '#') described.emplace_back(l2, h2);
    }
    size_t first_line_words = 0;  // how many of `words` the header line gave
    for (const auto& [text_line, text_hash] : described) {
      if (&text_line != &described.front().first) first_line_words = words.size();
      const std::string_view line_text = text_line;
      size_t i = text_hash + 1;
      while (i < line_text.size()) {
        const size_t end = std::min(line_text.find_first_of(" \t\r", i), line_text.size());
        std::string_view token = line_text.substr(i, end - i);
        i = end + 1;
        if (token.ends_with(':')) continue;  // a label (`# Example: docker compose up`), not a description
        if (const std::string_view w = non_english_local_word(token); !w.empty()) {
          words.emplace_back(w);
          continue;
        }
        const auto edge = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; };
        while (!token.empty() && edge(token.front())) token.remove_prefix(1);
        while (!token.empty() && edge(token.back())) token.remove_suffix(1);
        if (token.empty() || !std::all_of(token.begin(), token.end(), [](char c) {
              return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '\'' || c == '-' || c == '/';
            })) {
          continue;
        }
        // `local-dev`, `dev-only`: a hyphen joins words of prose (a name with a dot or digit was
        // skipped above).
        std::string w;
        for (const char c : token.substr(0, token.find('\''))) {
          if (c == '-' || c == '/') {
            if (!w.empty()) words.push_back(std::move(w));
            w.clear();
            continue;
          }
          w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        if (!w.empty()) words.push_back(std::move(w));
      }
    }
    if (described.size() == 1) first_line_words = words.size();
    const auto has = [&](std::initializer_list<std::string_view> any) {
      return std::any_of(words.begin(), words.end(),
                         [&](const std::string& w) { return std::find(any.begin(), any.end(), w) != any.end(); });
    };
    // "... the development environment, not for running the app in production" (rw59 FerretDB):
    // production negated within a few words says what the file is not.
    bool negated = false;
    for (size_t i = 0; i < words.size() && !negated; ++i) {
      if (words[i] != "not" && words[i] != "never" && words[i] != "don") continue;
      for (size_t j = i + 1; j < words.size() && j <= i + 6 && !negated; ++j) {
        negated = words[j] == "production" || words[j] == "prod";
      }
    }
    // Production in an overlay: the stack is that production; in a single file, so is it.
    if (!negated && has({"production", "prod"}) && file_it != files.rend() - 1) return std::nullopt;
    if (!negated && has({"production", "prod"})) continue;
    const auto it = std::find_if(words.begin(), words.end(),
                                 [](const std::string& w) { return is_example_word(w) || w == "dev" || w == "local"; });
    if (it == words.end()) continue;
    // A negation or a pointer elsewhere on the line that says it ("not for local use", "use the dev file
    // instead"); the line after it may say `instead` of something else (rw156 fetter-sack-db: "# Local dev
    // overrides" over "# Overrides postgres to build from local Dockerfile instead of GHCR").
    const bool in_first = static_cast<size_t>(it - words.begin()) < first_line_words;
    const auto line_begin_it = in_first ? words.begin() : words.begin() + static_cast<std::ptrdiff_t>(first_line_words);
    const auto line_end_it = in_first ? words.begin() + static_cast<std::ptrdiff_t>(first_line_words) : words.end();
    if (!negated && std::any_of(line_begin_it, line_end_it, [](const std::string& w) {
          return w == "not" || w == "never" || w == "don" || w == "instead";
        })) {
      continue;
    }
    return StackPurpose{
        .deployed = false,
        .evidence = StackPurpose::Evidence::header_comment,
        .detail = file + ": \"" + *it + "\"",
        .location = header_location(*f, file, line_begin + hash, line_begin + line.find_last_not_of(" \t\r") + 1)};
  }
  return std::nullopt;
}

std::string readme_purpose_statement(std::string_view line);

std::string not_for_production(std::string_view line);

// What a comment on a line of a compose file says of the setting beside it, when it says the
// setting is there for testing rather than production: "For quick testing, disable in production"
// (rw63 docker-development-youtube-series, on GF_AUTH_ANONYMOUS_ORG_ROLE: Admin), "using MinIO for
// local testing", "not for production". "" when it says nothing of the kind; "change this password
// in production" is advice for a deployment of this very file, and says nothing.
std::string testing_setting_comment(std::string_view comment) {
  // The same in Chinese and Japanese, whose words have no blanks between them: "仅用于本地开发环境"
  // (only for the local development environment, rw105 wyfcoding/ecommerce on a MySQL root
  // password), "仅供测试", "ローカル開発", "テスト用".
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kPhrases = {{
      {"\u4ec5\u7528\u4e8e\u672c\u5730", "only for local use"},       // 仅用于本地
      {"\u4ec5\u7528\u4e8e\u5f00\u53d1", "only for development"},     // 仅用于开发
      {"\u4ec5\u7528\u4e8e\u6d4b\u8bd5", "only for testing"},         // 仅用于测试
      {"\u4ec5\u4f9b\u6d4b\u8bd5", "only for testing"},               // 仅供测试
      {"\u672c\u5730\u5f00\u53d1", "local development"},              // 本地开发
      {"\u30ed\u30fc\u30ab\u30eb\u958b\u767a", "local development"},  // ローカル開発
      {"\u958b\u767a\u74b0\u5883\u306e\u307f", "development only"},   // 開発環境のみ
      {"\u30c6\u30b9\u30c8\u7528", "for testing"},                    // テスト用
  }};
  for (const auto& [phrase, english] : kPhrases) {
    if (comment.find(phrase) != std::string_view::npos) return std::string(english);
  }
  // Words of prose only: a link (`http://wiki/#for-quick-testing`) or a path names another thing.
  std::string prose;
  for (size_t i = 0; i < comment.size();) {
    const size_t b = comment.find_first_not_of(" \t", i);
    if (b == std::string_view::npos) break;
    const size_t e = std::min(comment.find_first_of(" \t", b), comment.size());
    const std::string_view token = comment.substr(b, e - b);
    if (token.find('/') == std::string_view::npos) prose.append(token).push_back(' ');
    i = e;
  }
  const std::vector<std::string> words = prose_words(prose);
  for (size_t i = 0; i < words.size(); ++i) {
    // "for quick testing", "for local testing", "for testing only", "only for testing"; not "not
    // for local testing", nor a staging stack's "reduced resources for testing".
    if (words[i] == "for" && i + 1 < words.size() && (i == 0 || words[i - 1] != "not")) {
      const bool kind = words[i + 1] == "quick" || words[i + 1] == "local";
      const size_t t = kind ? i + 2 : i + 1;
      const bool only = (i > 0 && words[i - 1] == "only") || (t + 1 < words.size() && words[t + 1] == "only");
      // Also "for local development" (rw84 mvp-policy-decisions-backend, on `AUTH_TYPE: trust`).
      const bool testing =
          t < words.size() && (words[t] == "testing" || words[t] == "development" || words[t] == "dev");
      if (testing && (kind || only)) {
        std::string phrase = "for";
        for (size_t k = i + 1; k <= t; ++k) phrase += " " + words[k];
        return phrase;
      }
    }
    // "disable in production", "disable this in production", "remove it for production"
    if ((words[i] == "disable" || words[i] == "remove") && i + 2 < words.size()) {
      size_t j = i + 1;
      if (words[j] == "this" || words[j] == "it") ++j;
      if (j + 1 < words.size() && (words[j] == "in" || words[j] == "for") && words[j + 1] == "production") {
        std::string phrase = words[i];
        for (size_t k = i + 1; k <= j + 1; ++k) phrase += " " + words[k];
        return phrase;
      }
    }
  }
  return not_for_production(comment);
}

// A comment in a compose file of the stack that calls a setting beside it one for testing
// (testing_setting_comment): the authors saying the file is not the production configuration.
std::optional<StackPurpose> by_setting_comment(const Stack& stack) {
  if (!stack.compose) return std::nullopt;
  for (const std::string& file : stack.compose->files) {
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source) continue;
    const std::string_view text = f->source->text();
    size_t pos = 0;
    for (uint32_t line_no = 1; pos < text.size(); ++line_no) {
      const size_t eol = std::min(text.find('\n', pos), text.size());
      const std::string_view line = text.substr(pos, eol - pos);
      const size_t line_begin = pos;
      pos = eol + 1;
      // A comment starts the line or follows a blank; a `#` inside a value (`http://h/#x`) does not.
      size_t hash = line.find('#');
      while (hash != std::string_view::npos && hash > 0 && line[hash - 1] != ' ' && line[hash - 1] != '\t') {
        hash = line.find('#', hash + 1);
      }
      if (hash == std::string_view::npos) continue;
      // A setting commented out with its own comment (`# - "--api.insecure=true" # ONLY FOR
      // DEVELOPMENT`) is not in effect: what the comment says of it says nothing of the file (rw
      // pool team-deployaas's compose.aws.yml, an AWS deployment).
      if (line.find(" #", hash + 1) != std::string_view::npos) continue;
      const std::string phrase = testing_setting_comment(line.substr(hash + 1));
      if (phrase.empty()) continue;
      // "for local development" beside a value (`AUTH_TYPE: trust  # For local development`) speaks
      // of the setting; on a line of its own it may name one service's use (`# LocalStack (AWS SES
      // emulation for local development)` in a deployment's file).
      const bool beside_value = line.substr(0, hash).find_first_not_of(" \t") != std::string_view::npos;
      if (!beside_value && (phrase.ends_with(" development") || phrase.ends_with(" dev"))) continue;
      const size_t end = line.find_last_not_of(" \t\r") + 1;
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::setting_comment,
                          .detail = file + ": \"" + phrase + "\"",
                          .location = f->source->span(static_cast<uint32_t>(line_begin + hash),
                                                      static_cast<uint32_t>(line_begin + end))};
    }
  }
  return std::nullopt;
}

// A sentence of the leading comment block of a compose file of the stack that says what the setup
// is for, as a README's would (readme_purpose_statement): Unleash's "# This is intended to be used
// for demo, development, and learning purposes only." under a paragraph about what it runs (rw58).
// The last file first, and an overlay whose leading comment speaks of production (`# Production
// overrides`) makes the files together a deployment. Lines of a license header say nothing.
std::optional<StackPurpose> by_header_statement(const Stack& stack) {
  if (!stack.compose || stack.compose->files.empty()) return std::nullopt;
  const std::vector<std::string>& files = stack.compose->files;
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    const std::string& file = *it;
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source || included_by_another(stack, file)) continue;
    const bool overlay = it != files.rend() - 1;
    const std::string_view text = f->source->text();
    size_t pos = 0;
    bool in_license = false;  // in a paragraph of a license header, which ends at a line without a letter
    for (int n = 0; pos < text.size() && n < 60; ++n) {
      const size_t start = pos;
      const size_t eol = std::min(text.find('\n', pos), text.size());
      const std::string_view l = text.substr(pos, eol - pos);
      pos = eol + 1;
      const size_t h = l.find_first_not_of(" \t\r");
      if (h == std::string_view::npos || (n == 0 && l.starts_with("version:"))) continue;
      if (l[h] != '#') break;  // the leading comments end at the first YAML line
      if (std::none_of(l.begin(), l.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
        in_license = false;
        continue;
      }
      in_license = in_license || is_license_paragraph(text.substr(start));
      if (in_license) continue;
      if (overlay) {
        const std::vector<std::string> words = prose_words(l.substr(h + 1));
        if (std::any_of(words.begin(), words.end(),
                        [](const std::string& w) { return w == "production" || w == "prod"; })) {
          return std::nullopt;
        }
      }
      // A line of the file's own header needs no subject: "# Designed for development/testing with
      // horizontal sharding" speaks of the file it heads (rw88 Secure-ISS docker/citus).
      const std::vector<std::string> lead = prose_words(l.substr(h + 1));
      const bool of_the_file =
          !lead.empty() && (lead.front() == "designed" || lead.front() == "intended" || lead.front() == "meant");
      const std::string phrase = readme_purpose_statement(of_the_file ? "This file is " + std::string(l.substr(h + 1))
                                                                      : std::string(l.substr(h + 1)));
      if (phrase.empty()) continue;
      const size_t end = l.find_last_not_of(" \t\r") + 1;
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::header_comment,
                          .detail = file + ": \"" + phrase + "\"",
                          .location = header_location(*f, file, start + h, start + end)};
    }
  }
  return std::nullopt;
}

// "not a production-worthy", "not meant for production", "not production ready" in a line of prose:
// the authors saying that what the page describes is not for production, `not` followed by at
// most four of a few linking words, then `production`. Advice for a deployment ("do not use the
// default password in production") has other words between and says nothing.
std::string not_for_production(std::string_view line) {
  const std::vector<std::string> words = prose_words(line);
  // "DO NOT USE THIS IN PRODUCTION" (rw53 temboard's quickstart page).
  static constexpr std::array<std::string_view, 14> kLinks = {
      "a", "an", "for", "meant", "intended", "designed", "suitable", "ready", "fit", "yet", "use", "this", "it", "in"};
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] != "not") continue;
    for (size_t j = i + 1; j < words.size() && j <= i + 5; ++j) {
      if (words[j] == "production") {
        std::string phrase = "not";
        for (size_t k = i + 1; k <= j; ++k) phrase += " " + words[k];
        return phrase;
      }
      if (std::find(kLinks.begin(), kLinks.end(), words[j]) == kLinks.end()) break;
    }
  }
  return {};
}

// A sentence of README prose that says what the repository or its setup is for, when that is not a
// deployment: "This repo is meant for a quick POC that can be ran locally" (rw41 codecov), "this
// setup is intended for development", or "this stack is not meant for production". Its subject is
// the repository, the setup or the compose files (this, it, repo, setup, stack, compose...), before
// the phrase; a sentence about another thing ("Redis is not suitable for production without a
// password") says nothing. "" when none.
std::string readme_purpose_statement(std::string_view line) {
  static constexpr std::array<std::string_view, 13> kSubjects = {
      "this",          "it",     "repo",    "repository", "setup", "stack",      "compose",
      "configuration", "config", "project", "file",       "files", "environment"};
  // "This Docker environment is designed to help you understand how PgBouncer works" (rw57 learn-pgbouncer).
  static constexpr std::array<std::string_view, 16> kPurposes = {
      "poc",         "demo",   "demonstration", "testing", "tests",      "development", "evaluation", "experimenting",
      "experiments", "trying", "learning",      "learn",   "understand", "teach",       "teaching",   "educational"};
  for (size_t begin = 0; begin < line.size();) {
    // A sentence ends at a stop before a blank or the line's end, not inside a name
    // (`The docker-compose.yml file here is meant for running tests`, rw82 data-hub-api).
    size_t end = line.find_first_of(".!?;", begin);
    while (end != std::string_view::npos && end + 1 < line.size() && line[end + 1] != ' ' && line[end + 1] != '\t') {
      end = line.find_first_of(".!?;", end + 1);
    }
    if (end == std::string_view::npos) end = line.size();
    const std::string_view sentence = line.substr(begin, end - begin);
    begin = end + 1;
    const std::vector<std::string> words = prose_words(sentence);
    for (size_t i = 0; i < words.size(); ++i) {
      const bool subject_before = std::any_of(
          words.begin(), words.begin() + static_cast<std::ptrdiff_t>(i),
          [](const std::string& w) { return std::find(kSubjects.begin(), kSubjects.end(), w) != kSubjects.end(); });
      if (!subject_before) continue;
      // "This repository contains the minimum viable local setup for our backend services" (rw49
      // safe-infrastructure), unless the sentence speaks of production too.
      if (words[i] == "local" && i + 1 < words.size() &&
          (words[i + 1] == "setup" || words[i + 1] == "development" || words[i + 1] == "dev") &&
          std::find(words.begin(), words.end(), "production") == words.end()) {
        return words[i] + " " + words[i + 1];
      }
      // "This proof of concept aims to analyze..." and "This is a **proof of concept** and far from
      // a production ready setup!" (rw99 mj0nez monitoring-stack): a trial, not a deployment.
      if (words[i] == "proof" && i + 2 < words.size() && words[i + 1] == "of" && words[i + 2] == "concept" && i > 0 &&
          (words[i - 1] == "a" || words[i - 1] == "this")) {
        return "proof of concept";
      }
      if (words[i] == "not") {
        const std::string phrase = not_for_production(sentence);
        if (!phrase.empty()) return phrase;
        continue;
      }
      // "This project demonstrates a multi-database setup" (rw80 db-multi), "This repository showcases":
      // the subject's own verb, right after it.
      if ((words[i] == "demonstrates" || words[i] == "showcases") && i > 0 &&
          std::find(kSubjects.begin(), kSubjects.end(), words[i - 1]) != kSubjects.end() &&
          std::find(words.begin(), words.end(), "production") == words.end()) {
        return words[i - 1] + " " + words[i];
      }
      // "This repository serves as a playground to help you experiment" (rw58 tyk-gateway-docker).
      if ((words[i] == "playground" || words[i] == "sandbox") && i > 0 &&
          (words[i - 1] == "a" || words[i - 1] == "an") &&
          std::find(words.begin(), words.end(), "production") == words.end()) {
        return "a " + words[i];
      }
      if (words[i] != "meant" && words[i] != "intended" && words[i] != "designed") continue;
      if (std::find(words.begin(), words.end(), "production") != words.end() &&
          std::find(words.begin(), words.end(), "not") == words.end()) {
        break;  // "meant for development and production"
      }
      for (size_t j = i + 1; j < words.size() && j <= i + 7; ++j) {  // "meant to be used for running tests"
        const bool proof =
            words[j] == "proof" && j + 2 < words.size() && words[j + 1] == "of" && words[j + 2] == "concept";
        if (proof || std::find(kPurposes.begin(), kPurposes.end(), words[j]) != kPurposes.end()) {
          std::string phrase = words[i];
          for (size_t k = i + 1; k <= j + (proof ? 2 : 0); ++k) phrase += " " + words[k];
          return phrase;
        }
      }
    }
  }
  return {};
}

// The README beside the stack states its purpose in a sentence of prose (readme_purpose_statement),
// outside code blocks.
// A repository whose top has no README keeps it in docs/ (rw49 safe-infrastructure's docs/README.md).
std::optional<StackPurpose> by_readme_statement(const Stack& stack, const FileSystem& fs) {
  std::vector<std::string> names = readme_names(fs, stack.root);
  if (names.empty()) {
    for (const std::string& name : present_names(fs, path::join(stack.root, "docs"), {"README.md", "readme.md"})) {
      names.push_back("docs/" + name);
    }
  }
  for (const std::string& name : names) {
    FileRead read = read_prose(fs, path::join(stack.root, name), 256 * 1024);
    if (read.status != OpenStatus::found) continue;
    if (const std::optional<ProseHit> hit = first_prose(read.text, readme_purpose_statement)) {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::readme,
                          .detail = name + ": \"" + hit->phrase + "\"",
                          .location = Location{.file = name, .line = hit->line, .column = hit->column}};
    }
    break;  // the first README found speaks for the folder
  }
  return std::nullopt;
}

// The README path a comment line names (`see docker/README.md`, or a link into the repository on
// GitHub, `https://github.com/o/r/blob/master/docker/README.md`), with whether it is relative to the
// repository's top level (a link) rather than to the compose file; "" when none.
std::pair<std::string, bool> readme_named(std::string_view line) {
  for (size_t i = 0; i < line.size();) {
    const size_t end = std::min(line.find_first_of(" \t\r", i), line.size());
    std::string_view token = line.substr(i, end - i);
    i = end + 1;
    const auto edge = [](char c) {
      return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '"' || c == '\'' ||
             c == '`' || c == ',' || c == '.' || c == ':';
    };
    while (!token.empty() && edge(token.front())) token.remove_prefix(1);
    token = token.substr(0, token.find_first_of("#?"));  // an anchor in the page (`README.md#citus-cluster`)
    while (!token.empty() && edge(token.back())) token.remove_suffix(1);
    const std::string_view base = token.substr(token.rfind('/') == std::string_view::npos ? 0 : token.rfind('/') + 1);
    if (base != "README.md" && base != "readme.md" && base != "Readme.md") continue;
    if (token.find("://") == std::string_view::npos) {
      if (token.find("..") != std::string_view::npos || token.front() == '/') continue;
      return {std::string(token), false};
    }
    // https://github.com/OWNER/REPO/blob/REF/PATH: PATH from the repository's top level.
    constexpr std::string_view kGitHub = "https://github.com/";
    if (!token.starts_with(kGitHub)) continue;
    size_t at = kGitHub.size();
    for (int part = 0; part < 4 && at != std::string_view::npos; ++part) {
      const size_t slash = token.find('/', at);
      if (part == 2 && token.substr(at, slash - at) != "blob") break;
      at = slash == std::string_view::npos ? slash : slash + 1;
      if (part == 3 && at != std::string_view::npos) {
        const std::string_view rest = token.substr(at);
        if (rest.find("..") == std::string_view::npos) return {std::string(rest), true};
      }
    }
  }
  return {};
}

// The README a compose file's leading comment sends the reader to (rw40 patroni: `# You can read
// more about it in the: https://github.com/patroni/patroni/blob/master/docker/README.md`) says what
// it describes is not for production ("not a production-worthy"). A link into the repository is
// found from the stack's folder up to the directory given.
std::optional<StackPurpose> by_linked_readme(const Stack& stack, const FileSystem& fs, const std::string& search_root) {
  if (!stack.compose) return std::nullopt;
  for (const std::string& file : stack.compose->files) {
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source) continue;
    const std::string_view text = f->source->text();
    std::pair<std::string, bool> named;
    for (size_t pos = 0, n = 0; pos < text.size() && n < 40 && named.first.empty(); ++n) {
      const size_t eol = std::min(text.find('\n', pos), text.size());
      const std::string_view l = text.substr(pos, eol - pos);
      pos = eol + 1;
      const size_t h = l.find_first_not_of(" \t\r");
      if (h == std::string_view::npos || (n == 0 && l.starts_with("version:"))) continue;
      if (l[h] != '#') break;  // the leading comment ends
      named = readme_named(l.substr(h + 1));
    }
    if (named.first.empty()) continue;
    std::vector<std::string> candidates;
    if (!named.second) {
      candidates.push_back(path::join(path::dirname(path::join(stack.root, file)), named.first));
    } else {
      const std::string top = path::normalize(search_root.empty() ? stack.root : search_root);
      for (std::string dir = path::normalize(stack.root);; dir = path::dirname(dir)) {
        candidates.push_back(path::join(dir, named.first));
        const std::string rel = path::relative_to(dir, top);
        if (rel == "." || rel.empty() || path::is_absolute(rel) || rel.rfind("..", 0) == 0) break;
      }
    }
    for (const std::string& readme : candidates) {
      FileRead read = read_prose(fs, readme, 64 * 1024);
      if (read.status != OpenStatus::found) continue;
      if (const std::optional<ProseHit> hit = first_prose(read.text, not_for_production)) {
        const std::string shown = path::relative_to(path::normalize(readme), path::normalize(stack.root));
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::readme,
                            .detail = shown + " (named by " + file + "): \"" + hit->phrase + "\"",
                            .location = Location{.file = shown, .line = hit->line, .column = hit->column}};
      }
      break;
    }
  }
  return std::nullopt;
}

// The words of a service's command line, with `sh -c "..."` scripts split at blanks.
std::vector<std::string> command_words(const Service& svc) {
  std::vector<std::string> out;
  const auto add = [&](const std::vector<std::string>& argv) {
    for (const std::string& a : argv) {
      size_t i = 0;
      while (i < a.size()) {
        const size_t b = a.find_first_not_of(" \t\n;&|", i);
        if (b == std::string::npos) break;
        const size_t e = std::min(a.find_first_of(" \t\n;&|", b), a.size());
        out.push_back(a.substr(b, e - b));
        i = e;
      }
    }
  };
  if (svc.entrypoint()) add(svc.entrypoint()->value);
  if (svc.command) add(svc.command->value);
  return out;
}

// A program started in its own development mode: Keycloak's `start-dev`, Django's `runserver`,
// `npm run dev` / `yarn dev` / `pnpm dev`, `next dev`, nodemon, `flask run`, `fastapi dev`, `go run`,
// `cargo run`, `dotnet watch`, and an
// ASGI/WSGI server reloading on code changes (`uvicorn --reload`, rw32 rentscout). Their
// documentation contrasts the mode with the production one (`start`, a WSGI server without reload,
// `npm start`, `next start`, `fastapi run`).
std::optional<std::string> development_command(const Service& svc) {
  const std::vector<std::string> w = command_words(svc);
  const auto program = [](const std::string& word) { return word.substr(word.rfind('/') + 1); };
  std::string server;  // the ASGI/WSGI server the words start so far
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "start-dev" || w[i] == "runserver" || w[i] == "nodemon") return w[i];
    const std::string prog = program(w[i]);
    // A live-reload runner as the program (rw59 flashcards: `command: fresh` over the source tree):
    // it rebuilds the checkout on every save.
    if (i == 0 && (prog == "fresh" || prog == "air" || prog == "reflex" || prog == "CompileDaemon" || prog == "modd" ||
                   prog == "watchexec")) {
      return prog;
    }
    if (i + 1 < w.size() && prog == "cargo" && w[i + 1] == "watch") return "cargo watch";
    if (prog == "uvicorn" || prog == "gunicorn" || prog == "hypercorn") server = prog;
    if ((w[i] == "--reload" || w[i].starts_with("--reload=")) && !server.empty()) return server + " --reload";
    if ((prog == "flask" || prog == "fastapi") && i + 1 < w.size() && w[i + 1] == (prog == "flask" ? "run" : "dev")) {
      return prog + " " + w[i + 1];
    }
    // The toolchain compiling and running the checkout in the container (rw42 clair: `go run .` on
    // a `.:/src` bind mount); a deployment runs a built binary.
    if (i + 1 < w.size() && ((prog == "go" && w[i + 1] == "run") || (prog == "cargo" && w[i + 1] == "run") ||
                             (prog == "dotnet" && w[i + 1] == "watch"))) {
      return prog + " " + w[i + 1];
    }
    const bool runner = w[i] == "npm" || w[i] == "yarn" || w[i] == "pnpm" || w[i] == "bun" || w[i] == "next";
    if (!runner) continue;
    size_t j = i + 1;
    if (j < w.size() && w[j] == "run" && w[i] != "next") ++j;
    // `npm run dev`, and the scripts named for it: `start:dev`, `dev:api`, `watch`, `start:watch`
    // (rw123 React-NestJs-Nginx-Redis-Postgres: Nest's `npm run start:dev` beside NODE_ENV=production).
    if (j >= w.size()) continue;
    const std::vector<std::string> parts = lower_words(w[j], ":");
    const bool dev_script =
        w[j] == "dev" || w[j] == "watch" || (parts.size() > 1 && std::ranges::any_of(parts, [](const std::string& p) {
                                               return p == "dev" || p == "watch" || p == "development";
                                             }));
    if (dev_script) return w[i] + (j == i + 2 ? " run " : " ") + w[j];
  }
  return std::nullopt;
}

bool names_deployment(std::string_view name);

// Whether a compose file of the stack is named for production or a deployment
// (`docker-compose.prod.yml`): the authors' word outweighs a development server left in its command.
bool production_file(const Stack& stack) {
  if (!stack.compose) return false;
  return std::any_of(stack.compose->files.begin(), stack.compose->files.end(), [](const std::string& f) {
    std::string name = path::basename(f);
    if (const size_t dot = name.rfind('.'); dot != std::string::npos) name.erase(dot);
    return names_deployment(name);
  });
}

std::optional<StackPurpose> by_development_command(const Stack& stack) {
  // rw34 Spashev bookit: docker-compose.prod.yml runs `gunicorn --reload`, and is production.
  if (production_file(stack)) return std::nullopt;
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    // Built from a Dockerfile named for development (`Dockerfile.dev`, rw53 temboard): the image
    // is the developers' own, with their tools and the source mounted in.
    if (const auto& dockerfile = svc.dockerfile(); dockerfile && names_development(path::basename(dockerfile->value)) &&
                                                   written_literally(stack, dockerfile->location)) {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::service,
                          .detail = "service '" + svc.name + "' is built from " + path::basename(dockerfile->value),
                          .location = dockerfile->location};
    }
    // Built to a Dockerfile stage named for development (`target: dev`; rw137 firezone's
    // `target: ${DOCKER_BUILD_TARGET:-debug}`, the file's own default).
    if (const auto& target = svc.build_target();
        target && names_development(target->value) &&
        (written_literally(stack, target->location) || falls_back_to(stack, target->location, target->value))) {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::service,
                          .detail = "service '" + svc.name + "' is built to the Dockerfile stage " + target->value,
                          .location = target->location};
    }
    const auto mode = development_command(svc);
    if (!mode) continue;
    const Location where = svc.command ? svc.command->location : svc.entrypoint()->location;
    if (!written_literally(stack, where)) continue;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::service,
                        .detail = "service '" + svc.name + "' runs `" + *mode + "`",
                        .location = where};
  }
  return std::nullopt;
}

// A script named for development (`start-dev.sh`, `scripts/dev.sh`, `run-local.sh`, `start-dev.ps1`) beside the stack
// or in a directory above it up to the repository's top level, or in their scripts/ and bin/, runs
// compose on the stack's first file (rw17 City-delivery: `docker compose up -d postgres redis`, then
// `npm run dev` on the host): the stack serves a developer's machine.
std::optional<StackPurpose> by_development_script(const Stack& stack, const FileSystem& fs) {
  if (!stack.compose || stack.compose->files.empty()) return std::nullopt;
  const std::vector<std::string> first = {path::normalize(path::join(stack.root, stack.compose->files.front()))};
  std::vector<std::string> dirs = {path::dirname(first.front())};
  for (const std::string& d : stack.compose->directories_above) dirs.push_back(path::normalize(d));
  // The folder of scripts each is in, with the directory they run from (the folder above it).
  struct Folder {
    std::string dir;
    std::string runs_from;
    bool development = false;  // named for development: any script of it counts (`scripts/e2e/`)
  };
  std::vector<Folder> folders;
  for (const std::string& d : dirs) {
    folders.push_back(Folder{.dir = d, .runs_from = d});
    for (const char* sub : {"scripts", "bin"}) {
      const std::string scripts = path::join(d, sub);
      folders.push_back(Folder{.dir = scripts, .runs_from = d});
      // rw45 jaeger: scripts/e2e/cassandra.sh, which CI runs from the top, starts each storage harness.
      for (const std::string& name : fs.list(scripts)) {
        if (names_development(name) && fs.stat(path::join(scripts, name)).type == FileType::directory) {
          folders.push_back(Folder{.dir = path::join(scripts, name), .runs_from = d, .development = true});
        }
      }
    }
  }
  for (const Folder& folder : folders) {
    const std::string& dir = folder.dir;
    for (const std::string& name : fs.list(dir)) {
      // Windows developers' scripts too (rw17 City-delivery's start-dev.ps1): their compose command
      // lines read the same.
      const bool shell = name.ends_with(".sh") || name.ends_with(".bash") || name.ends_with(".ps1") ||
                         name.ends_with(".bat") || name.ends_with(".cmd");
      if (!shell || (!folder.development && !names_development(name.substr(0, name.rfind('.'))))) continue;
      const std::string file = path::join(dir, name);
      const FileRead read = read_prose(fs, file, 256 * 1024);
      if (read.status != OpenStatus::found) continue;
      for (const compose::ScriptComposeCommand& c : compose::script_compose_commands(read.text)) {
        if (!compose::runs_project(c.files, path::join(dir, c.directory), first, true) &&
            (folder.runs_from == dir || c.files.empty() || c.script_relative ||
             !compose::runs_project(c.files, path::join(folder.runs_from, c.directory), first, false))) {
          continue;
        }
        const std::string rel = path::relative_to(file, path::normalize(stack.root));
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::script,
                            .detail = rel + " runs it",
                            .location = Location{.file = rel, .line = c.line, .column = 1}};
      }
    }
  }
  return std::nullopt;
}

// Calls fn(line, number) for each line of `text` (numbered from 1, without its `\r`).
template <class F>
void each_line(std::string_view text, F&& fn) {
  uint32_t number = 0;
  for (std::string_view line : split_lines(text)) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    fn(line, ++number);
  }
}

// A compose `up` command on a line of a README or of package.json: its `-f` files and the services
// it names. nullopt when the line starts none (another subcommand, a name from a variable).
struct ComposeStart {
  std::vector<std::string> files;
  std::vector<std::string> services;
};

std::optional<ComposeStart> compose_start(std::string_view line) {
  size_t at = line.find("docker compose ");
  if (at == std::string_view::npos) at = line.find("docker-compose ");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(at + std::string_view("docker compose ").size());
  rest = rest.substr(0, std::min(rest.find_first_of("\"'`;|&#"), rest.size()));  // the command's end
  const std::vector<std::string_view> tokens = split_words(rest, " \t");
  ComposeStart out;
  bool up = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view t = tokens[i];
    if (t.find('$') != std::string_view::npos) return std::nullopt;
    const bool valued = t == "-p" || t == "--project-name" || t == "--profile" || t == "--env-file" ||
                        t == "--project-directory" || t == "--scale" || t == "-t" || t == "--timeout";
    if (!up && (t == "-f" || t == "--file") && i + 1 < tokens.size()) {
      out.files.emplace_back(tokens[++i]);
    } else if (valued) {
      ++i;
    } else if (t.starts_with('-')) {
      continue;
    } else if (up) {
      out.services.emplace_back(t);
    } else if (t == "up") {
      up = true;
    } else {
      return std::nullopt;
    }
  }
  if (!up) return std::nullopt;
  return out;
}

// A command that runs an application from its sources on the developer's own machine, in a
// development mode: `npm run dev`, `go run`, `./mvnw spring-boot:run`, `python manage.py runserver`.
std::string host_development_run(std::string_view line) {
  const std::string l = ascii_lower(std::string(line));
  for (const std::string_view run :
       {"npm run dev", "npm run start:dev", "yarn dev", "yarn run dev", "yarn start:dev", "pnpm dev", "pnpm run dev",
        "bun run dev", "go run ", "spring-boot:run", "gradlew bootrun", "manage.py runserver", "flask run", "cargo run",
        "dotnet run", "dotnet watch", "php artisan serve", "rails server", "mix phx.server"}) {
    if (const size_t at = l.find(run); at != std::string::npos && (at == 0 || l[at - 1] == ' ' || l[at - 1] == '`' ||
                                                                   l[at - 1] == '.' || l[at - 1] == '/')) {
      return std::string(trim_blanks(run));
    }
  }
  return "";
}

// The stack holds the dependencies of an application its documentation runs on the host: the README
// beside it or above it up to the repository's top level (or package.json's scripts there) starts
// some of its services by name, none built from the repository, and leaves out one that is
// (`docker compose up -d postgres redis`, without the app), and the README runs the application
// with a development command (rw199 Shodasha_Protest: `npm run services:up` starts postgres,
// pgbouncer and redis, then `npm run dev`; its `server` service, NODE_ENV=production, is not started).
std::optional<StackPurpose> by_dependencies_started(const Stack& stack, const FileSystem& fs) {
  if (!stack.compose || stack.compose->files.empty()) return std::nullopt;
  std::vector<std::string> ours;
  for (const std::string& f : stack.compose->files) ours.push_back(path::normalize(path::join(stack.root, f)));
  std::vector<std::string> dirs = {path::dirname(ours.front())};
  for (const std::string& d : stack.compose->directories_above) dirs.push_back(path::normalize(d));
  const auto dependencies_only = [&](const ComposeStart& start) {
    if (start.services.empty()) return false;
    for (const std::string& name : start.services) {
      const Service* s = stack.find_service(name);
      if (s == nullptr || s->build()) return false;
    }
    return std::any_of(stack.services.begin(), stack.services.end(), [&](const Service& s) {
      return s.enabled && s.build() &&
             std::find(start.services.begin(), start.services.end(), s.name) == start.services.end();
    });
  };
  for (const std::string& dir : dirs) {
    std::string run;  // the README's development command
    std::string readme;
    std::optional<Location> started;
    for (const std::string& name : readme_names(fs, dir)) {
      const FileRead read = read_prose(fs, path::join(dir, name), 256 * 1024);
      if (read.status != OpenStatus::found) continue;
      readme = path::relative_to(path::join(dir, name), path::normalize(stack.root));
      each_line(read.text, [&](std::string_view l, uint32_t line_no) {
        if (run.empty()) run = host_development_run(l);
        const std::optional<ComposeStart> start = compose_start(l);
        if (!started && start && compose::runs_project(start->files, dir, ours, true) && dependencies_only(*start))
          started = Location{.file = readme, .line = line_no, .column = 1};
      });
      break;
    }
    if (run.empty()) continue;
    if (!started) {
      const std::string package = path::join(dir, "package.json");
      const FileRead read = read_prose(fs, package, 256 * 1024);
      if (read.status == OpenStatus::found) {
        each_line(read.text, [&](std::string_view l, uint32_t line_no) {
          const std::optional<ComposeStart> start = compose_start(l);
          if (!started && start && compose::runs_project(start->files, dir, ours, true) && dependencies_only(*start)) {
            started =
                Location{.file = path::relative_to(package, path::normalize(stack.root)), .line = line_no, .column = 1};
          }
        });
      }
    }
    if (!started) continue;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::readme,
                        .detail = started->file + " starts only the services the application depends on, and " +
                                  (started->file == readme ? "" : readme + " ") + "runs the application with `" + run +
                                  "`",
                        .location = *started};
  }
  return std::nullopt;
}

// Words of a name that say it deploys, releases or serves production, or names the platform that
// deploys it (`compose.coolify.yml`: Coolify runs that file on the server; rw217 fetter-sack-db).
bool names_deployment(std::string_view name) {
  const std::vector<std::string> words = words_of(name);
  return std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return w == "deploy" || w == "deployment" || w == "release" || w == "releases" || w == "publish" || w == "cd" ||
           w == "prod" || w == "production" || w == "staging" || w == "coolify";
  });
}

// A GitHub Actions workflow of the repository starts the stack on its runner (`docker compose -f
// docker-compose.sentinel.yml up -d`, rw22 convoy's Redis Sentinel end-to-end tests): a stack CI
// brings up to test against. Not when the stack's file is the repository's own compose file
// (compose.yaml at the top, which CI may smoke-test before it is deployed), and not when its name or
// the workflow's says deploy, release or production. The loader keeps only the steps that run on a
// runner GitHub hosts and reach no other machine (ComposeProject::started_by_ci).
std::optional<StackPurpose> by_ci_workflow(const Stack& stack) {
  if (!stack.compose || stack.compose->files.empty()) return std::nullopt;
  const std::string top = path::normalize(compose::repository_top(stack.compose->directories_above, stack.root));
  const std::string first = path::normalize(path::join(stack.root, stack.compose->files.front()));
  const std::string name = path::basename(first);
  if (path::dirname(first) == top && compose::is_default_compose_name(name)) return std::nullopt;
  if (names_deployment(name.substr(0, name.rfind('.')))) return std::nullopt;
  for (const Location& step : stack.compose->started_by_ci) {
    const std::string workflow = path::basename(step.file.str());
    if (names_deployment(workflow.substr(0, workflow.rfind('.')))) continue;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::ci_workflow,
                        .detail = step.file.str() + " starts it",
                        .location = step};
  }
  return std::nullopt;
}

// A Prometheus of the stack labels everything it sends as a development environment
// (`external_labels: {environment: dev}`): the authors' own word for what the stack is.
std::optional<StackPurpose> by_external_labels(const Stack& stack) {
  if (has_production_profile(stack)) return std::nullopt;
  for (const Service& svc : stack.services) {
    if (!svc.enabled || !svc.prometheus) continue;
    for (const auto& [name, value] : svc.prometheus->external_labels) {
      if (name != "environment" && name != "env" && name != "stage") continue;
      if (!is_development_environment(value.value) || !value.location.valid()) continue;
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::framework_environment,
                          .detail = "external label " + name + " of service '" + svc.name + "'",
                          .location = value.location};
    }
    // Every static target that carries an environment label (`labels: {env: dev}`) says
    // development: the Prometheus of a development environment (go-zero-looklook).
    const Located<std::string>* first = nullptr;
    bool all_development = true;
    for (const ScrapeJob& job : svc.prometheus->jobs) {
      for (const ScrapeTarget& t : job.targets) {
        for (const auto& [name, value] : t.labels) {
          if (name != "environment" && name != "env" && name != "stage") continue;
          if (!is_development_environment(value.value) || !value.location.valid()) all_development = false;
          if (first == nullptr) first = &value;
        }
      }
    }
    if (first != nullptr && all_development) {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::framework_environment,
                          .detail = "target labels of service '" + svc.name + "'",
                          .location = first->location};
    }
  }
  return std::nullopt;
}

// The stack's folder, or a folder between it and `search_root`, is a source package: the compose
// file is a harness to develop that code against (keep's
// `providers/clickhouse_provider/clickhouse-secure/docker-compose.yml`, a ClickHouse to point the
// provider at). The directory given itself is no evidence: a repository's top level is often a
// package too.
std::optional<StackPurpose> by_source_package(const Stack& stack, const FileSystem& fs,
                                              const std::string& search_root) {
  const std::string top = path::normalize(search_root);
  std::string rel = path::relative_to(path::normalize(stack.root), top);  // "a/b/c", below the directory given
  if (path::is_absolute(rel) || rel.rfind("..", 0) == 0 || rel == ".") return std::nullopt;
  for (;;) {
    const std::string dir = path::join(top, rel);
    for (const std::string& name : fs.list(dir)) {
      const bool package = name == "__init__.py";
      const bool go_test = name.size() > 8 && name.ends_with("_test.go");
      if (!package && !go_test) continue;
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::source_package,
                          .detail = path::relative_to(path::join(dir, name), path::normalize(stack.root)),
                          .location = first_compose_file(stack)};
    }
    const size_t slash = rel.rfind('/');
    if (slash == std::string::npos) return std::nullopt;
    rel.erase(slash);
  }
}

// A name with a word for tests (`postgres-test`, `redis_e2e`, `client-libs-test`).
bool test_named(std::string_view name) {
  const std::vector<std::string> words = words_of(name);
  return std::any_of(words.begin(), words.end(),
                     [](const std::string& w) { return w == "test" || w == "tests" || w == "testing" || w == "e2e"; });
}

// Three or more services that run one image at different major versions (`postgres:18`,
// `postgres:17`, ... `postgres:9.6`, rw64 pgweb's docker-compose-pg.yml): a matrix to test a client
// against each release; no deployment runs one server at three versions.
std::optional<StackPurpose> by_version_matrix(const Stack& stack) {
  std::map<std::string, std::map<std::string, const Service*>> majors;  // repository -> major -> first service
  for (const Service& svc : stack.services) {
    if (!svc.enabled || !svc.image) continue;
    const compose::ImageInfo image = compose::analyze_image(svc.image->value);
    const std::string major = image.version.substr(0, image.version.find('.'));
    if (major.empty() || image.repository.empty()) continue;
    majors[image.repository].emplace(major, &svc);
  }
  for (const auto& [repository, services] : majors) {
    if (services.size() < 3) continue;
    const Service& first = *services.begin()->second;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::service,
                        .detail = std::to_string(services.size()) + " major versions of image '" + repository + "'",
                        .location = first.image->location};
  }
  return std::nullopt;
}

std::optional<StackPurpose> by_services(const Stack& stack) {
  if (auto p = by_version_matrix(stack)) return p;
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    if (test_named(svc.name)) {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::service,
                          .detail = "service '" + svc.name + "'",
                          .location = svc.location};
    }
    // A container named for a lab (`container_name: postgres_lab`, rw80 db-multi): the last word. Not
    // `demo`: a monitoring stack's `demo-service` is the app it watches (rw60 project-prometheus).
    if (const auto& name = svc.container_name(); name && written_literally(stack, name->location)) {
      const std::vector<std::string> words = words_of(name->value);
      if (!words.empty() && (words.back() == "lab" || words.back() == "sandbox" || words.back() == "playground")) {
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::service,
                            .detail = "container_name '" + name->value + "' of service '" + svc.name + "'",
                            .location = name->location};
      }
    }
    // An image built to run tests against (`redislabs/client-libs-test`, realworld-dev redis-py): the
    // last part of its name, before the tag.
    if (svc.image) {
      const std::string repository = compose::analyze_image(svc.image->value).repository;
      const std::string name = path::basename(repository);
      if (test_named(name)) {
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::service,
                            .detail = "image '" + name + "' of service '" + svc.name + "'",
                            .location = svc.image->location};
      }
      // A mail catcher (rw101 backend-init's mailhog): it keeps the mail a developer's stack sends
      // from leaving the machine; a deployment sends it.
      // rw137 hanko's marcopas/docker-mailslurper.
      static constexpr std::array<std::string_view, 11> kMailCatchers = {
          "mailhog",     "maildev",          "mailpit",  "mailcatcher",
          "smtp4dev",    "inbucket",         "mailcrab", "docker-mailslurper",
          "mailslurper", "fake-smtp-server", "fakesmtp"};
      if (std::find(kMailCatchers.begin(), kMailCatchers.end(), name) != kMailCatchers.end()) {
        return StackPurpose{.deployed = false,
                            .evidence = StackPurpose::Evidence::service,
                            .detail = "image '" + name + "' of service '" + svc.name + "', a mail catcher",
                            .location = svc.image->location};
      }
    }
    // The database a service creates, named for a demo, a sample or tests (`monitoring_demo`,
    // `app_test`), written in the compose file: the data is the example's (rw9: a monitoring lab).
    for (const char* variable : {"POSTGRES_DB", "MYSQL_DATABASE", "MARIADB_DATABASE", "MONGO_INITDB_DATABASE"}) {
      const auto it = svc.environment.find(variable);
      if (it == svc.environment.end() || !it->second.location.valid()) continue;
      if (!written_literally(stack, it->second.location)) continue;
      const std::vector<std::string> db_words = words_of(it->second.value);
      const bool example = std::any_of(db_words.begin(), db_words.end(), [](const std::string& w) {
        return w == "demo" || w == "demos" || w == "sample" || w == "samples" || w == "example" || w == "examples" ||
               w == "test" || w == "testing" || w == "sandbox" || w == "playground";
      });
      if (!example) continue;
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::service,
                          .detail = std::string(variable) + " '" + it->second.value + "' of service '" + svc.name + "'",
                          .location = it->second.location};
    }
    // A password or key written as a development one (`POSTGRES_PASSWORD: shop_dev_password`,
    // `SECRET_KEY: dev-secret-key-change-in-production`, rw103 Vortex-Vision): the authors' own
    // word for what the stack is. The detail names the variable, never the value.
    for (const auto& [name, value] : svc.environment) {
      if (!is_secret_name(name) || !value.location.valid() || !written_literally(stack, value.location)) continue;
      const std::vector<std::string> words = words_of(value.value);
      if (std::none_of(words.begin(), words.end(),
                       [](const std::string& w) { return w == "dev" || w == "development" || w == "devel"; })) {
        continue;
      }
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::service,
                          .detail = name + " of service '" + svc.name + "', a value named for development",
                          .location = value.location};
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_development_word(std::string_view word) {
  // `debug` and `delve` (Go's debugger): a stack to step through the code in a debugger;
  // `loadtest` and `benchmark`: a stack to measure the code under load on a developer's machine.
  // `cypress`, `playwright`: the folder of a project's end-to-end tests (rw100 umami's cypress/);
  // `scripts`, `hack`: the folder of its developers' helpers (rw103 unleash's scripts/ database).
  // `acceptance`: a stack for the acceptance tests (rw187 StockSchool's docker-compose.acceptance.yml).
  static constexpr std::array<std::string_view, 49> kWords = {
      "dev",      "devel",      "develop",     "development", "developer",  "developers",   "test",
      "tests",    "testing",    "e2e",         "ci",          "example",    "examples",     "demo",
      "demos",    "sample",     "samples",     "sandbox",     "playground", "tutorial",     "tutorials",
      "workshop", "quickstart", "local",       "localdev",    "devenv",     "devcontainer", "lesson",
      "lessons",  "homework",   "exercise",    "exercises",   "course",     "debug",        "delve",
      "loadtest", "loadtests",  "loadtesting", "benchmark",   "benchmarks", "integration",  "fixture",
      "fixtures", "testdata",   "cypress",     "playwright",  "scripts",    "hack",         "acceptance"};
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

bool names_development(std::string_view name) {
  const std::vector<std::string> words = words_of(name);
  if (std::any_of(words.begin(), words.end(), [](const std::string& w) { return is_development_word(w); })) return true;
  // A numbered homework (`1_hw`, `hw-03`, `hw3`, rw40's course folders); `hw` alone may be hardware.
  const auto digits = [](std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool numbered = std::any_of(words.begin(), words.end(), [&](const std::string& w) { return digits(w); });
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return (w == "hw" && numbered) || (w.size() > 2 && w.starts_with("hw") && digits(std::string_view(w).substr(2)));
  });
}

const char* to_string(StackPurpose::Evidence e) {
  switch (e) {
    case StackPurpose::Evidence::none:
      return "none";
    case StackPurpose::Evidence::configured:
      return "configured";
    case StackPurpose::Evidence::directory:
      return "directory";
    case StackPurpose::Evidence::file_name:
      return "file_name";
    case StackPurpose::Evidence::framework_environment:
      return "framework_environment";
    case StackPurpose::Evidence::readme:
      return "readme";
    case StackPurpose::Evidence::source_package:
      return "source_package";
    case StackPurpose::Evidence::service:
      return "service";
    case StackPurpose::Evidence::header_comment:
      return "header_comment";
    case StackPurpose::Evidence::script:
      return "script";
    case StackPurpose::Evidence::ci_workflow:
      return "ci_workflow";
    case StackPurpose::Evidence::project_name:
      return "project_name";
    case StackPurpose::Evidence::workstation:
      return "workstation";
    case StackPurpose::Evidence::setting_comment:
      return "setting_comment";
    case StackPurpose::Evidence::local_only:
      return "local_only";
    case StackPurpose::Evidence::test_variable:
      return "test_variable";
  }
  return "none";
}

namespace {

// A sentence of README prose that tells the reader to put their own secrets in place: a verb of
// change and a word for a secret in one sentence ("change the default users and passwords in the
// .env file", rw45 n8n-hosting; "generate a random string using `pwgen -Bsv1 64` and assign it as
// the value of GITLAB_SECRETS_DB_KEY_BASE", rw46 docker-gitlab). "" when none.
std::string asks_for_own_secrets(std::string_view line) {
  // "For production usage we recommend generating a compose file with random secrets" (rw62 datalens).
  static constexpr std::array<std::string_view, 9> kVerbs = {"change", "replace",    "generate", "adjust",   "modify",
                                                             "update", "generating", "changing", "replacing"};
  static constexpr std::array<std::string_view, 11> kSecrets = {"password",    "passwords",  "secret",    "secrets",
                                                                "token",       "tokens",     "key",       "keys",
                                                                "credentials", "passphrase", "credential"};
  for (size_t begin = 0; begin < line.size();) {
    size_t end = line.find_first_of(".!?;", begin);
    if (end == std::string_view::npos) end = line.size();
    const std::vector<std::string> words = prose_words(line.substr(begin, end - begin));
    begin = end + 1;
    const auto verb = std::find_if(words.begin(), words.end(), [](const std::string& w) {
      return std::find(kVerbs.begin(), kVerbs.end(), w) != kVerbs.end();
    });
    if (verb == words.end()) continue;
    const auto secret = std::find_if(verb, words.end(), [](const std::string& w) {
      return std::find(kSecrets.begin(), kSecrets.end(), w) != kSecrets.end();
    });
    if (secret != words.end()) return *verb + " ... " + *secret;
  }
  return {};
}

}  // namespace

std::vector<Readme> stack_readmes(const Stack& stack, const FileSystem& fs, const std::string& search_root) {
  std::vector<Readme> out;
  std::vector<std::string> dirs{stack.root};
  if (!search_root.empty() && path::normalize(search_root) != path::normalize(stack.root)) dirs.push_back(search_root);
  for (const std::string& dir : dirs) {
    for (const std::string& name : readme_names(fs, dir)) {
      FileRead prose = read_prose(fs, path::join(dir, name), 256 * 1024);
      if (prose.status != OpenStatus::found) continue;
      out.push_back(Readme{.file = dir == stack.root ? name : stack_relative(stack, path::join(dir, name)),
                           .text = std::move(prose.text)});
      break;
    }
  }
  return out;
}

namespace {

// Calls `read(file, text)` with each README of `readmes` in turn until it returns true: the first
// README that says so speaks for its folder.
template <class F>
void first_readmes(const std::vector<Readme>& readmes, F&& read) {
  for (const Readme& r : readmes) {
    if (read(r.file, std::string_view(r.text))) return;
  }
}

}  // namespace

Location readme_fill_in(const std::vector<Readme>& readmes, bool* for_production) {
  Location out;
  first_readmes(readmes, [&](const std::string& file, std::string_view text) {
    // Whether the sentence's line speaks of production is read where the line is found.
    bool production = false;
    const auto asks = [&production](std::string_view line) {
      std::string phrase = asks_for_own_secrets(line);
      if (!phrase.empty()) {
        const std::vector<std::string> words = prose_words(line);
        production = std::any_of(words.begin(), words.end(), [](const std::string& w) {
          return w == "production" || w == "deployment" || w == "deploy" || w == "deploying";
        });
      }
      return phrase;
    };
    const std::optional<ProseHit> hit = first_prose(text, asks);
    if (!hit) return false;
    if (for_production != nullptr) *for_production = production;
    out = Location{.file = file, .line = hit->line, .column = hit->column};
    return true;
  });
  return out;
}

namespace {

// The stack's file a README word names (`prometheus/alertmanager.yml`, `./.env`, `alertmanager.yml`
// when one file of the stack has that name); nullptr when none does.
const StackFile* file_named(const Stack& stack, std::string_view token) {
  while (token.starts_with("./")) token.remove_prefix(2);
  if (token.empty() || token.find("://") != std::string_view::npos) return nullptr;
  const bool bare = token.find('/') == std::string_view::npos;
  const StackFile* found = nullptr;
  for (const StackFile& f : stack.files) {
    const std::string_view p = f.path;
    const bool same =
        p == token || (p.size() > token.size() && p.ends_with(token) && p[p.size() - token.size() - 1] == '/') ||
        (!bare && token.size() > p.size() && token.ends_with(p) && token[token.size() - p.size() - 1] == '/');
    if (!same) continue;
    if (found != nullptr && bare) return nullptr;  // two files of that name: the word names neither
    found = &f;
  }
  return found;
}

}  // namespace

std::map<std::string, Location> readme_edits(const Stack& stack, const std::vector<Readme>& readmes) {
  // Also in Russian, Spanish, Portuguese, French and German (rw146 CyberDAS: "нужно поменять
  // настройки в файле `.env`").
  static constexpr std::array<std::string_view, 34> kVerbs = {
      "edit",     "edits",          "editing",   "change",    "replace",    "modify",    "update",
      "adjust",   "fill",           "customize", "customise", "configure",  "replacing", "changing",
      "updating", "modifying",      "adjusting", "filling",   "поменять",   "поменяйте", "изменить",
      "измените", "отредактируйте", "cambiar",   "cambia",    "edita",      "editar",    "modificar",
      "modifica", "modifier",       "modifiez",  "ändern",    "bearbeiten", "altere"};
  std::map<std::string, Location> out;
  first_readmes(readmes, [&](const std::string& file, std::string_view text) {
    size_t lines = 0;
    each_prose(text, [&](std::string_view line, uint32_t line_no, uint32_t) {
      bool verb = false;
      for (size_t b = 0; b < line.size();) {
        const size_t e = std::min(line.find_first_of(" \t", b), line.size());
        const std::string_view raw = line.substr(b, e - b);
        const uint32_t column = count_code_points(line.substr(0, b)) + 1;  // in code points, as every column
        b = e + 1;
        std::string_view token = raw;
        while (!token.empty() && std::string_view("`*'\"([<").find(token.front()) != std::string_view::npos)
          token.remove_prefix(1);
        while (!token.empty() && std::string_view("`*'\")]>,:.!?;").find(token.back()) != std::string_view::npos)
          token.remove_suffix(1);
        if (std::find(kVerbs.begin(), kVerbs.end(), ascii_lower(token)) != kVerbs.end()) {
          verb = true;
        } else if (verb && token.find_first_of("./") != std::string_view::npos) {
          // Not a compose file: "Edit `docker-compose.yml` and update the following passwords" names
          // some of its values, not all (rw135 monitoring-stack's MySQL root password, not listed).
          if (const StackFile* f = file_named(stack, token); f != nullptr && f->kind != FileKind::compose)
            out.emplace(f->path, Location{.file = file, .line = line_no, .column = column});
        }
        // A sentence ends at its stop: "Edit the compose file. See `.env`" names no file to edit.
        if (!raw.empty() && std::string_view(".!?;").find(raw.back()) != std::string_view::npos) verb = false;
      }
      return ++lines >= 256;
    });
    return !out.empty();
  });
  return out;
}

Location readme_alerts_in_prometheus(const std::vector<Readme>& readmes) {
  Location out;
  first_readmes(readmes, [&](const std::string& file, std::string_view text) {
    const auto says = [](std::string_view line) -> std::string {
      const std::string l = ascii_lower(line);
      if (l.find(":9090/alerts") != std::string::npos) return ":9090/alerts";
      // The page named as a menu path: "check Grafana > Alerting or Prometheus > Alerts" (rw255
      // devops-final), `Prometheus → Alerts`.
      for (const std::string_view page :
           {"prometheus > alerts", "prometheus → alerts", "prometheus -> alerts", "prometheus ui > alerts"}) {
        if (l.find(page) != std::string::npos) return std::string(page);
      }
      for (size_t begin = 0; begin < l.size();) {
        const size_t end = std::min(l.find_first_of(".!?;", begin), l.size());
        const std::string_view sentence = std::string_view(l).substr(begin, end - begin);
        begin = end + 1;
        if (sentence.find("alertmanager") == std::string_view::npos) continue;
        for (const std::string_view left :
             {"not included", "isn't included", "not part of", "left out", "omitted", "not set up",
              "without alertmanager", "no alertmanager", "not deployed", "not configured"}) {
          if (sentence.find(left) != std::string_view::npos) return std::string(left);
        }
      }
      return {};
    };
    const std::optional<ProseHit> hit = first_prose(text, says);
    if (!hit) return false;
    out = Location{.file = file, .line = hit->line, .column = hit->column};
    return true;
  });
  return out;
}

bool names_test_variable(std::string_view name) {
  return name.starts_with("TEST_") || name.ends_with("_TEST") || name.find("_TEST_") != std::string_view::npos;
}

namespace {

// The variable a README line sets (`PORTAINER_PASSWORD=changeme`, `- export ADMIN_PASSWORD='admin'`,
// `GF_SECURITY_ADMIN_PASSWORD: admin`): capitals, digits and `_` with one `_` at least; "" when none.
std::string variable_set_by(std::string_view line) {
  size_t b = std::min(line.find_first_not_of(" \t>`"), line.size());
  if (line.substr(b).starts_with("- ")) b = std::min(line.find_first_not_of(" \t", b + 2), line.size());
  if (line.substr(b).starts_with("export ")) b = std::min(line.find_first_not_of(" \t", b + 7), line.size());
  size_t e = b;
  while (e < line.size() &&
         ((line[e] >= 'A' && line[e] <= 'Z') || (line[e] >= '0' && line[e] <= '9') || line[e] == '_'))
    ++e;
  const std::string_view name = line.substr(b, e - b);
  if (name.empty() || name.find('_') == std::string_view::npos || e == line.size() ||
      (line[e] != '=' && line[e] != ':'))
    return {};
  return std::string(name);
}

}  // namespace

std::map<std::string, ReadmeLogin> readme_logins(const std::vector<Readme>& readmes) {
  std::map<std::string, ReadmeLogin> out;
  first_readmes(readmes, [&](const std::string& file, std::string_view text) {
    size_t lines = 0;
    for (size_t pos = 0, line = 1; pos < text.size() && lines < 256; ++line) {
      const size_t eol = std::min(text.find('\n', pos), text.size());
      const std::string_view l = text.substr(pos, eol - pos);
      pos = eol + 1;
      const std::string lower = ascii_lower(l);
      // A path (`/login` then `/admin` in a table of the app's pages, rw222 SustainAlign) speaks of no login.
      const auto says_login = [&lower] {
        for (size_t at = lower.find("login"); at != std::string::npos; at = lower.find("login", at + 1)) {
          if (at == 0 || lower[at - 1] != '/') return true;
        }
        return lower.find("log in") != std::string::npos;
      };
      if (lower.find("password") == std::string::npos && lower.find("credential") == std::string::npos &&
          !says_login()) {
        continue;
      }
      ++lines;
      for (size_t b = 0; b < l.size();) {
        const size_t e = std::min(l.find_first_of(" \t*`'\"/:=,()", b), l.size());
        const std::string word = ascii_lower(l.substr(b, e - b));
        // The line's own subject is no value ("a link to set your password"), nor a path's part.
        const bool keyword = word.starts_with("password") || word.starts_with("login") ||
                             word.starts_with("credential") || word == "passwd" || word == "username";
        const bool path_start = b >= 1 && l[b - 1] == '/' &&
                                (b == 1 || std::string_view(" \t`'\"(").find(l[b - 2]) != std::string_view::npos);
        if (e - b >= 3 && !keyword && !path_start) {
          out.emplace(std::string(l.substr(b, e - b)),
                      ReadmeLogin{.location = Location{.file = file,
                                                       .line = static_cast<uint32_t>(line),
                                                       .column = count_code_points(l.substr(0, b)) + 1},
                                  .variable = variable_set_by(l)});
        }
        b = e + 1;
      }
    }
    return !out.empty();
  });
  return out;
}

namespace {

// A page of the repository's documentation (`docs/*.md` of the directory given) names one of the
// stack's compose files by its path (`docker/docker-compose.yml`, in prose, a command or a download
// link) and, in the same section, says that it is not for production (rw53 temboard's
// docs/quickstart.md: "a `docker-compose.yml` file to give temBoard a try", then "DO NOT USE THIS
// IN PRODUCTION !"). Admonitions and lists count; fenced code does not.
std::optional<StackPurpose> by_docs_page(const Stack& stack, const FileSystem& fs, const std::string& search_root) {
  if (!stack.compose) return std::nullopt;
  const std::string top = path::normalize(search_root);
  std::vector<std::string> named;  // the compose files' paths from the directory given
  for (const std::string& file : stack.compose->files) {
    named.push_back(path::relative_to(path::normalize(path::join(stack.root, file)), top));
  }
  const auto names_here = [&](std::string_view line) {
    return std::any_of(named.begin(), named.end(), [&](const std::string& n) {
      for (size_t at = line.find(n); at != std::string_view::npos; at = line.find(n, at + 1)) {
        const bool starts = at == 0 || (std::isalnum(static_cast<unsigned char>(line[at - 1])) == 0 &&
                                        line[at - 1] != '_' && line[at - 1] != '-' && line[at - 1] != '.');
        const size_t after = at + n.size();
        const bool ends = after == line.size() || (std::isalnum(static_cast<unsigned char>(line[after])) == 0 &&
                                                   line[after] != '_' && line[after] != '-');
        if (starts && ends) return true;
      }
      return false;
    });
  };
  // Read again for every stack below the directory given: a bounded number of pages (16 of 64 KiB),
  // so a tree of many stacks beside a large docs/ costs at most 1 MiB of reading per stack.
  constexpr size_t kMaxPages = 16;
  size_t pages = 0;
  for (const char* docs : {"docs", "doc", "documentation"}) {
    const std::string dir = path::join(top, docs);
    for (const std::string& name : fs.list(dir)) {
      if (!name.ends_with(".md") || ++pages > kMaxPages) continue;
      FileRead read = read_prose(fs, path::join(dir, name), 64 * 1024);
      if (read.status != OpenStatus::found) continue;
      const std::string_view text = read.text;
      // One section at a time: whether it names the stack, and its first "not for production".
      bool code = false;
      bool names = false;
      std::optional<ProseHit> warning;
      size_t pos = 0;
      for (uint32_t line_no = 1;; ++line_no) {
        const bool end = pos >= text.size();
        const size_t eol = end ? pos : std::min(text.find('\n', pos), text.size());
        const std::string_view l = end ? std::string_view() : text.substr(pos, eol - pos);
        pos = eol + 1;
        const size_t b = l.find_first_not_of(" \t>");
        const bool fence =
            b != std::string_view::npos && (l.substr(b).starts_with("```") || l.substr(b).starts_with("~~~"));
        const bool heading = !code && b != std::string_view::npos && (l[b] == '#' || l.substr(b).starts_with("<h"));
        if (end || heading) {
          if (names && warning) {
            const std::string shown = path::relative_to(path::join(dir, name), path::normalize(stack.root));
            return StackPurpose{.deployed = false,
                                .evidence = StackPurpose::Evidence::readme,
                                .detail = shown + ": \"" + warning->phrase + "\"",
                                .location = Location{.file = shown, .line = warning->line, .column = warning->column}};
          }
          if (end) break;
          names = false;
          warning.reset();
        }
        if (fence) code = !code;
        names = names || names_here(l);
        if (code || fence || heading || b == std::string_view::npos || warning) continue;
        std::string phrase = not_for_production(l);
        if (!phrase.empty()) {
          warning = ProseHit{.phrase = std::move(phrase), .line = line_no, .column = static_cast<uint32_t>(b + 1)};
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

namespace {

// A bind mount from a home directory of a personal computer: macOS's `/Users/<name>/` or Windows'
// `C:\Users\<name>\` (rw57 sensorhub-stack: `/Users/minhazrakin/Desktop/...`, the laptop copy of a
// stack whose server copy mounts `/home/station3/...`). Servers run Linux, whose homes are `/home`.
std::optional<StackPurpose> by_workstation_mounts(const Stack& stack) {
  const auto personal = [](std::string_view p) {
    if (p.starts_with("/Users/") && p.size() > 7) return true;
    return p.size() > 9 && std::isalpha(static_cast<unsigned char>(p[0])) != 0 && p[1] == ':' &&
           (p[2] == '\\' || p[2] == '/') && p.substr(3, 6) == "Users" && (p[8] == '\\' || p[8] == '/');
  };
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    for (const Mount& m : svc.mounts) {
      if (!m.bind || !m.location.valid() || (!personal(m.source) && !personal(m.host_path))) continue;
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::workstation,
                          .detail = "service '" + svc.name + "' mounts a home directory of a personal computer",
                          .location = m.location};
    }
  }
  return std::nullopt;
}

// A service that dials `host.docker.internal` (a scrape target of its Prometheus, a value of its
// environment) without mapping the name (`extra_hosts: host.docker.internal:host-gateway`): only
// Docker Desktop, on a Mac or Windows workstation, resolves it by itself; on a Linux server the name
// does not resolve (rw257 Ashwinkumar-R/Monitoring, "compatible with MacOS mapping to internal host").
std::optional<StackPurpose> by_docker_desktop_host(const Stack& stack) {
  static constexpr std::string_view kName = "host.docker.internal";
  for (const Service& svc : stack.services) {
    if (!svc.enabled || svc.extra_hosts().count(std::string(kName)) > 0) continue;
    std::optional<Location> use;
    for (const auto& [name, value] : svc.environment) {
      if (value.value.find(kName) != std::string::npos && value.location.valid()) use = value.location;
      if (use) break;
    }
    for (size_t j = 0; svc.prometheus && !use && j < svc.prometheus->jobs.size(); ++j) {
      for (const ScrapeTarget& t : svc.prometheus->jobs[j].targets) {
        if (t.address.value.rfind(kName, 0) == 0 && t.address.location.valid()) use = t.address.location;
        if (use) break;
      }
    }
    if (!use) continue;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::workstation,
                        .detail = "service '" + svc.name +
                                  "' dials host.docker.internal, which only Docker Desktop resolves without an "
                                  "extra_hosts entry",
                        .location = *use};
  }
  return std::nullopt;
}

// A README beside the stack (or at the top of the search) that has the reader install or start
// Docker Desktop, a desktop application, to run the stack, and says nothing of deploying it (rw257
// Mr-Filatik/docker: "download and run the Docker Desktop application", a collection of templates).
std::string docker_desktop(std::string_view line) {
  const std::vector<std::string> words = prose_words(line);
  const auto has = [&](std::string_view any) { return std::find(words.begin(), words.end(), any) != words.end(); };
  if (has("production") || has("server") || has("deploy") || has("deployed") || has("deployment")) return {};
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "docker" || words[i + 1] != "desktop") continue;
    for (const std::string_view verb : {"install", "installed", "download", "run", "start", "launch", "open"}) {
      if (has(verb)) return "Docker Desktop";
    }
  }
  return {};
}

std::optional<StackPurpose> by_docker_desktop(const Stack& stack, const FileSystem& fs,
                                              const std::string& search_root) {
  const std::vector<Readme> readmes = stack_readmes(stack, fs, search_root);
  if (std::any_of(readmes.begin(), readmes.end(),
                  [](const Readme& r) { return first_prose(r.text, deployed_on).has_value(); })) {
    return std::nullopt;
  }
  for (const Readme& r : readmes) {
    if (const std::optional<ProseHit> hit = first_prose(r.text, docker_desktop)) {
      return StackPurpose{.deployed = false,
                          .evidence = StackPurpose::Evidence::workstation,
                          .detail = r.file + " has the reader run it on Docker Desktop",
                          .location = Location{.file = r.file, .line = hit->line, .column = hit->column}};
    }
  }
  return std::nullopt;
}

// A service configured from files of a development directory of the repository (`./local/api.yml`,
// `./dev/prometheus.yml`; rw72 moira: its root compose builds each component from the source tree
// and mounts `./local/*.yml`, while its README sends users to another repository's compose): the
// stack runs a developer's configuration. Only bind mounts from inside the repository count, so
// `/dev/...` device paths and `~/.local/...` do not.
std::optional<StackPurpose> by_configuration_directory(const Stack& stack) {
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    for (const Mount& m : svc.mounts) {
      if (!m.bind || !m.location.valid() || !m.home_source.empty() || m.source.empty() || path::is_absolute(m.source) ||
          m.source.starts_with("..")) {
        continue;
      }
      for (size_t start = 0; start < m.source.size();) {
        const size_t end = m.source.find('/', start);
        if (end == std::string::npos) break;  // the last part names the file or directory mounted
        const std::string_view dir(m.source.data() + start, end - start);
        if (dir == "local" || dir == "dev" || dir == "development") {
          return StackPurpose{.deployed = false,
                              .evidence = StackPurpose::Evidence::directory,
                              .detail = std::string(dir) + "/ (service '" + svc.name + "' is configured from it)",
                              .location = m.location};
        }
        start = end + 1;
      }
    }
  }
  return std::nullopt;
}

// A stack only this machine reaches that keeps nothing: every port it publishes is bound to
// loopback and no service mounts a volume or a host path (rw67 solar-monitoring: its databases'
// volumes commented out, beside the file it deploys, which publishes them and keeps their data). A
// deployment loses its data at the first `docker compose down`; a developer's throwaway run does not
// care.
std::optional<StackPurpose> by_local_only(const Stack& stack) {
  const PortMapping* first = nullptr;
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    if (!svc.mounts.empty() || svc.network_mode()) return std::nullopt;
    for (const PortMapping& p : svc.ports) {  // `ports:` entries; `- "8080"` takes a host port on all interfaces
      if (!loopback_address(p.host_ip)) return std::nullopt;
      if (first == nullptr) first = &p;
    }
  }
  if (first == nullptr) return std::nullopt;
  return StackPurpose{.deployed = false,
                      .evidence = StackPurpose::Evidence::local_only,
                      .detail = "every published port is bound to loopback and no service mounts a volume",
                      .location = first->location};
}

// A Traefik router rule's `Host(...)` on an uncommented line of the stack's compose files: the names
// between the parentheses, each quoted with backticks (or quotes), lower case; `closed` false when
// the line has no `)` after it.
struct HostRule {
  std::vector<std::string> names;
  Location span;
  bool closed = true;
};

std::vector<HostRule> host_rules(const Stack& stack) {
  std::vector<HostRule> out;
  if (!stack.compose) return out;
  for (const std::string& file : stack.compose->files) {
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source) continue;
    const SourceFile& src = *f->source;
    for (uint32_t line = 1; line <= src.line_count(); ++line) {
      const std::string_view l = src.line_text(line);
      const size_t b = l.find_first_not_of(" \t");
      if (b == std::string_view::npos || l[b] == '#') continue;
      for (size_t at = l.find("Host("); at != std::string_view::npos; at = l.find("Host(", at + 1)) {
        const size_t end = l.find(')', at);
        if (end == std::string_view::npos) {
          out.push_back(HostRule{.names = {}, .span = {}, .closed = false});
          break;
        }
        out.push_back(HostRule{.names = lower_words(l.substr(at + 5, end - at - 5), "`'\", "),
                               .span = src.span(src.line_offset(line) + static_cast<uint32_t>(at),
                                                src.line_offset(line) + static_cast<uint32_t>(end + 1))});
      }
    }
  }
  return out;
}

// Every router a Traefik label of the compose files defines serves a name under `localhost`
// (``Host(`grafana.localhost`)``, rw107 docker-traefik-prometheus): names only this machine's own
// browser resolves, so the stack is run where its author sits. Commented lines do not count; one
// `Host(...)` of another name, or none at all, says nothing.
std::optional<StackPurpose> by_localhost_routes(const Stack& stack) {
  const std::vector<HostRule> rules = host_rules(stack);
  if (rules.empty()) return std::nullopt;
  for (const HostRule& r : rules) {
    if (!r.closed || r.names.empty()) return std::nullopt;
    for (const std::string& name : r.names) {
      if (name != "localhost" && !name.ends_with(".localhost")) return std::nullopt;
    }
  }
  return StackPurpose{.deployed = false,
                      .evidence = StackPurpose::Evidence::local_only,
                      .detail = "every router it defines serves a name under localhost",
                      .location = rules.front().span};
}

// A folder of the stack's path, from the top of its repository (else the directory given), named
// for production as a whole (`production/`, `prod/`). Not `deploy/` or `deployment/`: repositories
// keep there the stack a developer starts too (rw198 High-Performance-Shopping-Platform's middleware,
// rw201 emotion-echo's "仅 dev" infrastructure); over the judged sets rw107-rw202 that folder made
// 42 noise findings for 20 right ones (the right ones stay, as notes).
bool in_deployment_folder(const Stack& stack, const std::string& search_root) {
  const std::string top = stack.compose && !stack.compose->directories_above.empty()
                              ? canonical_path(stack.compose->directories_above.back())
                              : canonical_path(search_root);
  const std::string rel = path::relative_to(canonical_path(stack.root), top);
  if (rel == "." || path::is_absolute(rel) || rel.starts_with("..")) return false;
  for (std::string dir = rel; !dir.empty() && dir != "."; dir = path::dirname(dir)) {
    // The whole name: a word of a longer one (`prod-file-local-readme-fires`) is not enough.
    std::string name = ascii_lower(path::basename(dir));
    name.erase(0, std::min(name.find_first_not_of('.'), name.size()));
    if (name == "production" || name == "prod") {
      return true;
    }
  }
  return false;
}

// A name a router of the stack serves to the internet: a Traefik rule's `Host(...)` or an
// nginx-proxy `VIRTUAL_HOST` / `LETSENCRYPT_HOST` naming a host that is not local (`grafana.${DOMAIN}`,
// `app.example.org`; not `localhost`, `*.localhost`, `*.local`, `*.test`, `*.internal`, `*.lan`, nor
// example.com's): the stack is reached from elsewhere by name (rw108 homelab-stack's Traefik routes).
bool public_route(const Stack& stack) {
  if (!stack.compose) return false;
  const auto public_name = [](const std::string& name) {
    if (name.empty() || name == "localhost" || name == "example.com" || name.ends_with(".example.com")) return false;
    for (const std::string_view local : {".localhost", ".local", ".test", ".internal", ".lan", ".home"}) {
      if (name.ends_with(local)) return false;
    }
    return name.find('.') != std::string::npos || name.find("${") != std::string::npos;
  };
  for (const HostRule& r : host_rules(stack)) {
    if (std::ranges::any_of(r.names, public_name)) return true;
  }
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    for (const char* var : {"VIRTUAL_HOST", "LETSENCRYPT_HOST"}) {
      const auto it = svc.environment.find(var);
      if (it == svc.environment.end()) continue;
      for (const std::string& name : lower_words(it->second.value, ", ")) {
        if (public_name(name)) return true;
      }
    }
    // Grafana's own address, written out (`GF_SERVER_ROOT_URL: https://grafana.b-cord.run.place`,
    // rw242 BCord): the name its links and logins are served under. Not a lone variable, whose value
    // may be localhost's.
    if (svc.role != Role::grafana) continue;
    for (const char* var : {"GF_SERVER_ROOT_URL", "GF_SERVER_DOMAIN"}) {
      const auto it = svc.environment.find(var);
      if (it == svc.environment.end()) continue;
      std::string host = ascii_lower(it->second.value);
      if (const size_t scheme = host.find("://"); scheme != std::string::npos) host.erase(0, scheme + 3);
      host.erase(std::min(host.find_first_of("/:"), host.size()));
      if (host.find('.') != std::string::npos && host.find("%(") == std::string::npos &&
          std::ranges::none_of(host, [](char c) { return c == '[' || c == ']'; }) && public_name(host) &&
          std::ranges::any_of(host, [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
        return true;
      }
    }
  }
  return false;
}

// Whether compose text interpolates a variable named for tests (`${TEST_PG_PORT:-15432}`).
bool interpolates_test_variable(std::string_view text) {
  for (size_t at = text.find('$'); at != std::string_view::npos; at = text.find('$', at + 1)) {
    size_t begin = at + 1;
    if (begin < text.size() && text[begin] == '{') ++begin;
    size_t end = begin;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) ++end;
    if (names_test_variable(text.substr(begin, end - begin))) return true;
  }
  return false;
}

// Published ports taken from variables named for tests (`"${TEST_MONGODB_PRIMARY_PORT:-17001}:27017"`,
// at least half of the stack's published ports): a test suite starts the stack and points its
// clients at those ports (rw75 percona/mongodb_exporter, whose Makefile exports them for `go test`).
std::optional<StackPurpose> by_test_variables(const Stack& stack) {
  const PortMapping* first = nullptr;
  size_t published = 0;
  size_t from_test = 0;
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    for (const PortMapping& p : svc.ports) {
      if (p.published.empty()) continue;
      ++published;
      if (!interpolates_test_variable(written_text(stack, p.location))) continue;
      ++from_test;
      if (first == nullptr) first = &p;
    }
  }
  if (first == nullptr || from_test * 2 < published) return std::nullopt;
  return StackPurpose{.deployed = false,
                      .evidence = StackPurpose::Evidence::test_variable,
                      .detail = "published ports are taken from variables named for tests",
                      .location = first->location};
}

// Material made to teach and kept as it was recorded, whatever evidence judged the stack: below
// the directory given, in a numbered or dated folder (`lessons/084`, `01-docker-terraform`,
// `cohorts/2022`) of lessons (a `lessons/` or `homework/` folder, "1. Hello Postgres") or of a
// repository whose README calls it a course or a collection of files for videos (rw56
// antonputra/tutorials, rw53 data-engineering-zoomcamp). A course's folders named for what they
// show (rw50 udemy-docker-mastery's `swarm-stack-3`) are kept up to date with the course.
bool teaching_material(const Stack& stack, const FileSystem& fs, const std::string& search_root) {
  if (!below_search_root(stack, search_root)) return false;
  const std::string rel = path::relative_to(path::normalize(stack.root), path::normalize(search_root));
  bool numbered = false;
  bool lessons = false;
  for (size_t start = 0; start <= rel.size();) {
    const size_t end = std::min(rel.find('/', start), rel.size());
    const std::string_view dir(rel.data() + start, end - start);
    numbered = numbered || (!dir.empty() && std::isdigit(static_cast<unsigned char>(dir.front())) != 0);
    lessons = lessons || names_lessons(dir) || names_lesson(dir);
    start = end + 1;
  }
  if (!numbered) return false;
  if (lessons) return true;
  const auto course = by_collection_readme(stack, fs, search_root);
  return course && course->teaching;
}

// Whether a compose file name says production (`docker-compose.prod.yml`, `compose-production.yaml`).
bool production_compose_name(std::string_view name) {
  const std::vector<std::string> words = lower_words(name, ".-_ ");
  return std::ranges::any_of(words, [](const std::string& w) { return w == "prod" || w == "production"; });
}

// A compose file beside the stack's, named for production and complete on its own (every service
// names an image or a build: no overlay of this one), beside a stack that is the default file alone:
// the production stack is that file, and this one is what developers run
// (`docker-compose.yml` beside `docker-compose.prod.yml`, rw76 daibilet, rw79 ScruPeak). An overlay
// named prod (`-f docker-compose.yml -f docker-compose.prod.yml`) makes this file production too.
std::optional<StackPurpose> by_production_sibling(const Stack& stack, const FileSystem& fs) {
  if (!stack.compose || stack.compose->files.empty()) return std::nullopt;
  // The default file (`docker-compose.yml`) only: `-f docker-compose.infra.yml -f docker-compose.prod.yml`
  // stacks name their pieces (rw79 ai-agents-observability).
  // Nor a stack of several files: the others are deployed with it (rw73 infra-control's monitoring file).
  const std::string own = path::basename(stack.compose->files.front());
  if (stack.compose->files.size() != 1 || !compose::is_default_compose_name(own)) return std::nullopt;
  const std::string dir = path::dirname(path::join(stack.root, stack.compose->files.front()));
  std::vector<std::string> names = fs.list(dir);
  std::sort(names.begin(), names.end());
  // A development file beside it too (`docker-compose.dev.yml`): the default one is what users
  // install, the production file one more variant (rw70 Spwig commerce).
  const bool dev_sibling = std::ranges::any_of(names, [](const std::string& name) {
    if (name.find("compose") == std::string::npos) return false;
    const std::vector<std::string> words = lower_words(name, ".-_ ");
    return std::ranges::any_of(words,
                               [](const std::string& w) { return w == "dev" || w == "development" || w == "local"; });
  });
  if (dev_sibling) return std::nullopt;
  for (const std::string& name : names) {
    const bool compose_name =
        (name.ends_with(".yml") || name.ends_with(".yaml")) && name.find("compose") != std::string::npos;
    if (!compose_name || !production_compose_name(name)) continue;
    const std::string p = path::join(dir, name);
    if (std::ranges::find_if(stack.compose->files, [&](const std::string& f) { return path::basename(f) == name; }) !=
        stack.compose->files.end()) {
      continue;
    }
    if (!standalone_compose_file(fs, p)) continue;
    // One that names this file runs with it (`docker compose -f docker-compose.yml -f docker-compose.prod.yml`).
    if (const auto text = fs.read(p); !text || text->find(own) != std::string::npos) continue;
    return StackPurpose{.deployed = false,
                        .evidence = StackPurpose::Evidence::file_name,
                        .detail = name + " beside it is the production stack",
                        .location = Location::whole_file(stack.compose->files.front())};
  }
  return std::nullopt;
}

// Whether the stack's own files say it runs in production: a framework environment written
// `production` (`NODE_ENV: production`), or a header comment of the first compose file (header_comment_line) that calls
// it production without negating it ("# Bitrix CDN Server - Production Configuration"). A README or a contributors'
// guide ("## Testing",
// "### Run Locally" over `docker compose up`) then describes how people try the stack, not what it
// is (rw74 bitrix-cdn-server, rw75 homelab-manager). So does a compose file named for production
// (rw101 Bizcore's docker-compose.prod.yml, whose README speaks of a local development database).
bool speaks_of_production(const Stack& stack) {
  if (production_file(stack)) return true;
  const auto production = [](std::string value) {
    value = ascii_lower(value);
    return value == "production" || value == "prod";
  };
  for (const Service& svc : stack.services) {
    if (!svc.enabled) continue;
    for (const auto& [name, value] : svc.environment) {
      if (is_framework_environment_name(name) && production(value.value) && value.location.valid() &&
          written_literally(stack, value.location)) {
        return true;
      }
    }
    // Not a Prometheus external label `env: production`: monitoring configs copy it from the
    // deployment they were written for into a local stack (rw148 Vortex-Vision, rw125; over rw107-rw148
    // it stated 13 noise findings for 3 right ones).
  }
  if (!stack.compose || stack.compose->files.empty()) return false;
  const StackFile* first = stack.find_file(stack.compose->files.front());
  if (first == nullptr || !first->source) return false;
  const HeaderLine header = header_comment_line(first->source->text());
  if (header.hash == std::string_view::npos) return false;
  const std::vector<std::string> words = prose_words(header.line.substr(header.hash + 1));
  const auto has = [&](std::initializer_list<std::string_view> any) {
    return std::ranges::any_of(words, [&](const std::string& w) { return std::ranges::find(any, w) != any.end(); });
  };
  // Not a copy of it: "This stack mirrors the production monitoring setup" (rw254 Jegan-Devops, a
  // demo), "a production-like stack".
  return has({"production"}) && !has({"not", "never", "instead", "development", "dev", "local", "test", "testing",
                                      "mirrors", "mirror", "mimics", "simulates", "replicates", "like"});
}

std::optional<StackPurpose> judged_purpose(const Stack& stack, const FileSystem& fs, const std::string& search_root) {
  if (auto p = by_path(stack, search_root)) return p;
  if (auto p = by_environment(stack, fs)) return p;
  if (auto p = by_env_file_name(stack)) return p;
  if (auto p = by_external_labels(stack)) return p;
  if (auto p = by_development_command(stack)) return p;
  if (auto p = by_workstation_mounts(stack)) return p;
  if (auto p = by_docker_desktop_host(stack)) return p;
  if (auto p = by_local_only(stack)) return p;
  if (auto p = by_localhost_routes(stack)) return p;
  if (auto p = by_test_variables(stack)) return p;
  if (auto p = by_configuration_directory(stack)) return p;
  if (auto p = by_header_comment(stack)) return p;
  if (auto p = by_header_statement(stack)) return p;
  if (auto p = by_setting_comment(stack)) return p;
  if (auto p = by_linked_readme(stack, fs, search_root)) return p;
  if (auto p = by_development_script(stack, fs)) return p;
  if (auto p = by_dependencies_started(stack, fs)) return p;
  if (auto p = by_ci_workflow(stack)) return p;
  // A production file beside the default one decides before the default's own words: its app's
  // NODE_ENV=production says how the image runs, not where (rw205 Think-Sync-2).
  if (auto p = by_production_sibling(stack, fs)) return p;
  if (speaks_of_production(stack)) return std::nullopt;
  if (auto p = by_readme_section(stack, fs)) return p;
  if (auto p = by_readme_opening(stack, fs)) return p;
  if (auto p = by_readme_statement(stack, fs)) return p;
  if (auto p = by_docker_desktop(stack, fs, search_root)) return p;
  if (below_search_root(stack, search_root)) {
    if (auto p = by_readme(stack, fs)) return p;
    if (auto p = by_collection_readme(stack, fs, search_root)) return p;
    if (auto p = by_docs_page(stack, fs, search_root)) return p;
    if (auto p = by_source_package(stack, fs, search_root)) return p;
  } else if (auto p = by_readme_title(stack, fs)) {
    return p;
  }
  return by_services(stack);
}

}  // namespace

namespace {

// Whether the Swarm key found is a `deploy.mode: global` and the compose files hold no second one:
// tutorials copy it onto one service (rw135 prometheus-grafana's alertmanager), where `docker compose
// up` ignores it. It says the file was once written for `docker stack deploy`, not that it runs there.
bool lone_global_mode(const Stack& stack, const Location& key) {
  if (written_text(stack, key) != "mode") return false;
  size_t global = 0;
  for (const std::string& file : stack.compose->files) {
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source) continue;
    for (uint32_t l = 1; l <= f->source->line_count(); ++l) {
      const std::string_view line = trim_blanks(f->source->line_text(l));
      global += line == "mode: global" || line == "mode: \"global\"" || line == "mode: 'global'" ? 1 : 0;
    }
  }
  return global < 2;
}

}  // namespace

StackPurpose judge_purpose(const Stack& stack, const FileSystem& fs, const std::string& search_root,
                           const std::optional<Located<bool>>& configured) {
  if (configured) {
    return StackPurpose{.deployed = configured->value,
                        .evidence = StackPurpose::Evidence::configured,
                        .detail = "[stack] deployed",
                        .location = configured->location,
                        .stated = configured->value ? "[stack] deployed = true" : ""};
  }
  std::optional<StackPurpose> p = judged_purpose(stack, fs, search_root);
  if (!p) {
    StackPurpose deployed;
    if (stack.host.memory) {
      deployed.stated = "the host memory budget";
    } else if (stack.compose && stack.compose->swarm_key && !lone_global_mode(stack, *stack.compose->swarm_key)) {
      deployed.stated = "a Swarm deploy key";
    } else if (speaks_of_production(stack)) {
      deployed.stated = "its files, which speak of production";
    } else if (in_deployment_folder(stack, search_root)) {
      deployed.stated = "a folder named for production";
    } else if (public_route(stack)) {
      deployed.stated = "a public host name it is served under (a proxy route, Grafana's address)";
    } else {
      first_readmes(stack_readmes(stack, fs, search_root), [&](const std::string& file, std::string_view text) {
        const std::optional<ProseHit> hit = first_prose(text, deployed_on);
        if (hit) deployed.stated = file + ":" + std::to_string(hit->line) + ", which says \"" + hit->phrase + "\"";
        return hit.has_value();
      });
    }
    return deployed;
  }
  p->teaching = !p->deployed && teaching_material(stack, fs, search_root);
  return *p;
}

}  // namespace stacklint
