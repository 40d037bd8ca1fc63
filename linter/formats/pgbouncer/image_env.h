// The pgbouncer.ini that the edoburu/pgbouncer and bitnami/pgbouncer images generate from their
// environment when none is mounted (edoburu's entrypoint.sh, bitnami's libpgbouncer.sh), and that
// pgbouncer/pgbouncer (sportsru/docker-pgbouncer's entrypoint.sh) writes at every start, as text
// plus, per generated line, the environment variable it came from.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "linter/source/source.h"

namespace stacklint::pgbouncer {

// Which entrypoint writes the ini (the image family of data/images.tsv).
// sportsru: pgbouncer/pgbouncer, whose entrypoint writes the ini at every start, mounted or not.
enum class ImageFamily : uint8_t { edoburu, bitnami, sportsru, other };

struct GeneratedIni {
  std::string text;
  std::vector<Location> line_origin;  // 1-based line -> the variable (or the image) it came from
  std::string error;                  // the entrypoint itself fails ("You must set DB_HOST env")
  Location error_location;
};

// `env`: the container's environment (values after compose interpolation) with locations;
// `image_location`: where the image is named, for lines no variable produced.
GeneratedIni generate_ini(ImageFamily family, const std::map<std::string, Located<std::string>>& env,
                          const Location& image_location);

}  // namespace stacklint::pgbouncer
