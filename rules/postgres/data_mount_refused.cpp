// postgres/data-mount-refused: a mount at /var/lib/postgresql/data on a PostgreSQL 18+ image of the
// docker-library entrypoint, which then refuses to start.
#include <cctype>
#include <string>

#include "linter/engine/rule.h"
#include "linter/formats/compose/syntax.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

constexpr std::string_view kOldData = "/var/lib/postgresql/data";

// The major version an image of the docker-library entrypoint runs: the official image, and the
// images built on it (postgis/postgis, pgvector/pgvector). 0 when unknown or not such an image;
// kLatest when no tag names a version (`postgres`, `postgres:latest`, `postgres:alpine`): 18 or newer;
// not for pgvector, which has no such tag.
constexpr int kLatest = 1000;
int entrypoint_major(const std::string& image) {
  if (image.find('$') != std::string::npos) return 0;
  const compose::ImageInfo info = compose::analyze_image(image);
  // A digest pins the image the tag named when it was pinned (`postgres:18-alpine@sha256:...`, rw221
  // chult): the tag's version, if it names one; `postgres@sha256:...` or `:latest@sha256:...` pin an
  // unknown release.
  const bool pinned = image.find('@') != std::string::npos;
  if (pinned && (info.tag.empty() || std::isdigit(static_cast<unsigned char>(info.tag.front())) == 0) &&
      info.repository != "pgvector/pgvector") {
    return 0;
  }
  const bool pgvector = info.repository == "pgvector/pgvector";
  if (info.repository != "postgres" && info.repository != "postgis/postgis" && !pgvector) return 0;
  if (info.empty_tag) return 0;  // `postgres:${PG_TAG}` with PG_TAG in an untracked .env (rw47 eth-docker)
  std::string_view tag = info.tag;
  if (pgvector) {  // pg18, pg18-trixie, 0.8.1-pg18
    const size_t at = tag.find("pg");
    // pgvector/pgvector publishes no `latest` (pgvector#777): an untagged pull fails before any
    // entrypoint runs (rw61 teable).
    if (at == std::string_view::npos) return 0;
    tag.remove_prefix(at + 2);
  }
  if (tag.empty() || std::isdigit(static_cast<unsigned char>(tag.front())) == 0) {
    // `latest`, `alpine`, `bookworm`, `trixie`: the newest release's variants.
    return tag.empty() || tag == "latest" || tag == "alpine" || tag == "bookworm" || tag == "trixie" ? kLatest : 0;
  }
  int major = 0;
  for (size_t i = 0; i < tag.size() && std::isdigit(static_cast<unsigned char>(tag[i])) != 0 && major < 1000; ++i) {
    major = major * 10 + (tag[i] - '0');
  }
  return major;
}

std::string normalized_target(std::string target) {
  while (target.size() > 1 && target.back() == '/') target.pop_back();
  return target;
}

class PostgresDataMountRefused final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "postgres/data-mount-refused",
        .severity = Severity::error,
        .summary =
            "A volume at /var/lib/postgresql/data on a PostgreSQL 18+ image, whose entrypoint then refuses to "
            "start.",
        .rationale =
            "From PostgreSQL 18 on, the official image (and the images built on it: postgis/postgis, "
            "pgvector/pgvector) keeps its data in `/var/lib/postgresql/18/docker` and declares the volume at "
            "`/var/lib/postgresql`. A volume or bind mount still at `/var/lib/postgresql/data`, the path of every "
            "older example, is one the server would never use: on a first start the entrypoint stops with "
            "`Error: in 18+, these Docker images are configured to store database data in a format which is "
            "compatible with \"pg_ctlcluster\"` and names it an \"unused mount/volume\", so the database never "
            "starts. Mount the volume at `/var/lib/postgresql` (data from an older major needs `pg_upgrade` "
            "first), or set `PGDATA` to a directory under the mount. An untagged or `latest` image runs the "
            "newest release, so it counts as 18 or newer; an image pinned by digest runs the release its tag names "
            "(`postgres:18-alpine@sha256:...`), and one pinned without a version tag is not judged. The entrypoint "
            "checks only when it starts the server (no "
            "command, `postgres ...` or its `-c` options): a service with its own command (`bash -c ...`) or "
            "entrypoint is not judged.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:18-alpine
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db
    volumes:
      - db-data:/var/lib/postgresql/data
volumes:
  db-data:
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:18-alpine
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db
    volumes:
      - db-data:/var/lib/postgresql
volumes:
  db-data:
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.image || s.entrypoint()) continue;
      // The entrypoint checks the mounts only when it starts the server: a command of `postgres` or
      // of its options (`-c ...`), not `bash -c "pg_basebackup ...; exec postgres"` (rw88 Wisdoverse).
      if (s.command && !s.command->value.empty() && s.command->value.front() != "postgres" &&
          !s.command->value.front().starts_with('-')) {
        continue;
      }
      const int major = entrypoint_major(s.image->value);
      if (major < 18) continue;
      // The entrypoint looks for old data only with its own PGDATA (a PGDATA under the mount is the
      // other way to keep the old layout).
      const std::string own =
          "/var/lib/postgresql/" + (major == kLatest ? std::string("<major>") : std::to_string(major)) + "/docker";
      if (const auto it = s.environment.find("PGDATA"); it != s.environment.end() && it->second.value != own) continue;
      for (const Mount& m : s.mounts) {
        if (normalized_target(m.target) != kOldData) continue;
        const std::string runs =
            major == kLatest ? "runs the newest release (18 or newer)" : "runs PostgreSQL " + std::to_string(major);
        const std::string who = major == kLatest ? "The newest PostgreSQL image (18 or newer)"
                                                 : "The PostgreSQL " + std::to_string(major) + " image";
        out.report(who + " refuses to start with a mount at " + std::string(kOldData) +
                       " (an \"unused mount/volume\" to its entrypoint): from 18 on the data lives in " + own +
                       "; mount the volume at /var/lib/postgresql",
                   m.location,
                   {Related{.message = "image " + s.image->value + " " + runs, .location = s.image->location}});
        break;
      }
    }
  }
};

}  // namespace

const Rule& postgres_data_mount_refused() {
  static const PostgresDataMountRefused r;
  return r;
}

}  // namespace stacklint::rules
