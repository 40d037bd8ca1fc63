#include "linter/stack/bind_pgbouncer.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "linter/formats/compose/syntax.h"
#include "linter/formats/pgbouncer/image_env.h"
#include "linter/formats/pgbouncer/params.h"
#include "linter/formats/pgbouncer/parser.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/written.h"
#include "linter/stack/container.h"
#include "linter/stack/resolver.h"

namespace stacklint {

namespace {

constexpr const char* kGenerated = "<generated pgbouncer.ini>";

// Locations in the generated ini point at the variables behind its lines.
void relocate(PgBouncerConfig& c, const pgbouncer::GeneratedIni& g) {
  const auto fix = [&g](Location& l) {
    if (l.file != kGenerated) return;
    l = l.line >= 1 && l.line <= g.line_origin.size() ? g.line_origin[l.line - 1] : Location{};
  };
  for (ParseIssue& e : c.errors) {
    fix(e.location);
    // The image writes each variable it knows as `lower(NAME) = value`, whether pgbouncer knows the key or not.
    const std::string unknown = "unknown parameter: pgbouncer/";
    if (e.message.rfind(unknown, 0) == 0) {
      std::string key = e.message.substr(unknown.size(), e.message.find(' ', unknown.size()) - unknown.size());
      for (char& ch : key) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      e.message += " (" + c.origin + " writes " + key + " into [pgbouncer] as it is)";
    }
  }
  for (auto& [name, s] : c.settings) {
    fix(s.current.location);
    s.current.origin = SettingOrigin::environment;
    for (SettingEntry& o : s.overrides) fix(o.location);
  }
  for (PgBouncerDatabase& d : c.databases) {
    fix(d.name.location);
    fix(d.location);
  }
  for (PgBouncerUser& u : c.users) fix(u.name.location);
  c.files.clear();
}

// The ini pgbouncer is started with: the last `*.ini` argument of the command, else the image's.
std::string config_path(const Service& svc, const knowledge::ImageFact* fact) {
  if (svc.command) {
    for (auto it = svc.command->value.rbegin(); it != svc.command->value.rend(); ++it) {
      if (!it->empty() && (*it)[0] != '-' && (*it).ends_with(".ini")) return *it;
    }
  }
  return fact != nullptr && !fact->config.empty() ? fact->config : "/etc/pgbouncer/pgbouncer.ini";
}

pgbouncer::ImageFamily family_of(const knowledge::ImageFact* fact) {
  if (fact == nullptr) return pgbouncer::ImageFamily::other;
  if (fact->family == knowledge::ImageFamily::edoburu) return pgbouncer::ImageFamily::edoburu;
  if (fact->family == knowledge::ImageFamily::bitnami) return pgbouncer::ImageFamily::bitnami;
  if (fact->family == knowledge::ImageFamily::sportsru) return pgbouncer::ImageFamily::sportsru;
  return pgbouncer::ImageFamily::other;
}

// The mounted ini the service reads, registered as a StackFile; null when none is mounted.
StackFile* mounted_ini(Stack& stack, const FileSystem& fs, const Service& svc, const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    const auto resolved = resolve_container_path(stack, svc, path::normalize(p));
    if (!resolved || resolved->host_path.empty() || fs.is_directory(resolved->host_path)) continue;
    if (StackFile* file = load_stack_file(stack, fs, resolved->host_path, FileKind::pgbouncer)) return file;
  }
  return nullptr;
}

// The ini the image's entrypoint writes from the environment, as the service's config.
void bind_generated(Stack& stack, Service& svc, const FileSystem& fs, pgbouncer::ImageFamily family,
                    std::shared_ptr<PgBouncerConfig> owned, const pgbouncer::Options& options) {
  owned->origin = family == pgbouncer::ImageFamily::edoburu   ? "edoburu/pgbouncer"
                  : family == pgbouncer::ImageFamily::bitnami ? "bitnami/pgbouncer"
                                                              : "pgbouncer/pgbouncer";
  const pgbouncer::GeneratedIni g = pgbouncer::generate_ini(family, svc.environment, svc.image->location);
  // The host a variable set nowhere or only by a template gives (`DB_HOST: ${SUPABASE_DB_HOST}`
  // beside `.env.example`'s `SUPABASE_DB_HOST=`): the deployer's value, unknown here, not an empty
  // one the entrypoint refuses (compose/unset-variable reports a variable set nowhere; rw74 vitar).
  const auto unknown_host = [&] {
    return std::ranges::any_of(std::array<const char*, 4>{"DB_HOST", "DATABASE_URL", "DATABASE_URLS", "DATABASES_HOST"},
                               [&](const char* v) {
                                 const auto it = svc.environment.find(v);
                                 return it != svc.environment.end() && interpolates_unknown(stack, it->second.location);
                               });
  };
  if (!g.error.empty() && unknown_host()) return;
  if (family == pgbouncer::ImageFamily::sportsru) {
    const auto mounted = resolve_container_path(stack, svc, "/etc/pgbouncer/pgbouncer.ini");
    if (mounted && mounted->mount != nullptr && mounted->mount->bind &&
        (mounted->mount->read_only ||
         (!mounted->host_path.empty() && fs.exists(mounted->host_path) && !fs.is_directory(mounted->host_path)))) {
      const bool read_only = mounted->mount->read_only;
      owned->errors.push_back(ParseIssue{
          .message = read_only ? "pgbouncer/pgbouncer's entrypoint writes /etc/pgbouncer/pgbouncer.ini from its "
                                 "DATABASES_* and PGBOUNCER_* variables at every start; the mount is read-only, so "
                                 "the write fails and the container exits before pgbouncer starts"
                               : "pgbouncer/pgbouncer's entrypoint writes /etc/pgbouncer/pgbouncer.ini from its "
                                 "DATABASES_* and PGBOUNCER_* variables at every start, over the mounted " +
                                     mounted->stack_path +
                                     ", which it rewrites on the host: the settings written there are never read",
          .location = mounted->mount->location,
          .related = {}});
      if (read_only) {
        svc.pgbouncer = std::move(owned);
        return;
      }
    }
  }
  if (!g.error.empty()) {
    owned->errors.push_back(ParseIssue{.message = g.error, .location = g.error_location, .related = {}});
  } else {
    pgbouncer::parse(SourceFile(kGenerated, g.text), options, *owned);
    relocate(*owned, g);
  }
  svc.pgbouncer = std::move(owned);
}

}  // namespace

void bind_pgbouncer(Stack& stack, Service& svc, const FileSystem& fs) {
  if (!svc.image) return;
  const compose::ImageInfo info = compose::analyze_image(svc.image->value);
  const knowledge::ImageFact* fact = knowledge::find_image(info.repository);
  // A namespace of Docker Hub under another registry is that registry's project (rw141 zenodo-rdm's
  // registry.cern.ch/pgbouncer/pgbouncer, CERN's own image): its entrypoint is not known. Docker Hub
  // itself and Amazon's public mirror of it (public.ecr.aws/bitnami/...) are the same images.
  const bool hub = info.registry.empty() || info.registry == "docker.io" || info.registry == "index.docker.io" ||
                   info.registry == "registry-1.docker.io" || info.registry == "public.ecr.aws";
  const pgbouncer::ImageFamily family = hub ? family_of(fact) : pgbouncer::ImageFamily::other;
  auto config = std::make_shared<PgBouncerConfig>();
  if (auto v = pgbouncer::parse_version(info.tag)) config->version = *v;
  StackIncludeResolver resolver(stack, fs, &svc, "/", FileKind::pgbouncer);
  pgbouncer::Options options;
  options.version = config->version;
  options.resolver = &resolver;

  // pgbouncer/pgbouncer's entrypoint writes /etc/pgbouncer/pgbouncer.ini from its environment at
  // every start, whatever is mounted there: a mounted ini is overwritten (a read-only one makes the
  // write fail, and the container exits before pgbouncer starts). rw75 mvp-policy-decisions-backend.
  if (family == pgbouncer::ImageFamily::sportsru && !svc.entrypoint()) {
    bind_generated(stack, svc, fs, family, std::move(config), options);
    return;
  }
  // bitnami copies a configuration mounted at /bitnami/pgbouncer/conf over the one it generates.
  std::vector<std::string> paths = {config_path(svc, fact)};
  if (family == pgbouncer::ImageFamily::bitnami) paths.emplace_back("/bitnami/pgbouncer/conf/pgbouncer.ini");
  if (StackFile* file = mounted_ini(stack, fs, svc, paths)) {
    pgbouncer::parse(*file->source, options, *config);
    svc.pgbouncer = std::move(config);
    return;
  }
  if (family == pgbouncer::ImageFamily::other) return;  // an image stacklint does not know: unknown config
  // An ini bind-mounted from a file the repository lacks (compose/mount-source-missing reports it):
  // the authors' config is the one meant, not the image's generated one, whose errors (edoburu's
  // "You must set DB_HOST") would point at the wrong fix (rw32 Spwig).
  for (const std::string& p : paths) {
    const auto resolved = resolve_container_path(stack, svc, path::normalize(p));
    if (resolved && resolved->mount != nullptr && resolved->mount->bind && !resolved->host_path.empty() &&
        !fs.exists(resolved->host_path)) {
      return;
    }
  }
  if (svc.entrypoint()) return;  // the image's entrypoint, which writes the ini, does not run: unknown config
  bind_generated(stack, svc, fs, family, std::move(config), options);
}

std::shared_ptr<PgBouncerConfig> load_standalone_pgbouncer(Stack& stack, const FileSystem& fs,
                                                           const std::string& host_path) {
  StackFile* file = load_stack_file(stack, fs, host_path, FileKind::pgbouncer);
  if (file == nullptr) return nullptr;
  auto config = std::make_shared<PgBouncerConfig>();
  StackIncludeResolver resolver(stack, fs, nullptr, ".", FileKind::pgbouncer);
  pgbouncer::Options options;
  options.version = config->version;
  options.resolver = &resolver;
  pgbouncer::parse(*file->source, options, *config);
  return config;
}

}  // namespace stacklint
