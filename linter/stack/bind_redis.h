// Binds a redis service to the configuration it really runs with: the config file named on its
// command line (resolved through its mounts), then the command line's `--name value` overrides.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

// For a service whose role is "redis": reads `redis-server [FILE] [--name value ...]` as the image's
// entrypoint runs it (docker-entrypoint.sh prepends redis-server when the first argument starts
// with '-' or ends in ".conf"), loads FILE and its includes as StackFiles of kind "redis", applies
// the options, and sets svc.redis. Leaves svc.redis empty when the command is not redis-server
// (a shell wrapper) or an image without docker-library's entrypoint runs its own default command.
// redis-server, valkey-server and keydb-server read the same configuration.
void bind_redis(Stack& stack, Service& svc, const FileSystem& fs);

// A redis.conf that no service reads: parsed on its own (includes resolved against the file's
// directory on this machine). nullptr when the file cannot be read.
std::shared_ptr<RedisConfig> load_standalone_redis(Stack& stack, const FileSystem& fs, const std::string& host_path);

// "7.2", "v6.2.14" -> a release stacklint models (6.0, 6.2, 7.0, 7.2, 7.4); false otherwise.
bool parse_redis_release(std::string_view text, int& major, int& minor);

// Whether an image's entrypoint is docker-library's redis one (the official redis image and
// valkey/valkey, data/images.tsv): it starts the image's server with no config file, prepends it to
// a command that starts with '-' or ends in ".conf", and turns protected-mode off unless a config
// file sets it.
bool has_library_redis_entrypoint(const std::string& image);

}  // namespace stacklint
