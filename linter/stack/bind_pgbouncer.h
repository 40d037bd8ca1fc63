// Binds a pgbouncer service to the configuration it runs with: the ini named on its command line or
// the image's default path, when mounted (includes read in place); else, for the edoburu and bitnami
// images, the ini their entrypoint generates from the environment (a mounted ini wins, as in the
// images). Errors of a generated ini are located at the variable that produced the line.
#pragma once

#include <memory>
#include <string>

#include "linter/model/pgbouncer_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

void bind_pgbouncer(Stack& stack, Service& svc, const FileSystem& fs);

// A pgbouncer.ini no service reads, checked on its own (includes against its directory).
std::shared_ptr<PgBouncerConfig> load_standalone_pgbouncer(Stack& stack, const FileSystem& fs,
                                                           const std::string& host_path);

}  // namespace stacklint
