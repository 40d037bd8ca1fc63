// The small string syntaxes inside compose files: shell words, port specs, volume specs, images.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/kinds.h"

namespace stacklint::compose {

// Splits a command line like a POSIX shell without expansion (go-shellwords as compose uses it):
// whitespace separates words, 'single quotes' are literal, "double quotes" honour \" \\ \$ \`,
// a backslash outside quotes escapes the next character. nullopt on an unterminated quote.
std::optional<std::vector<std::string>> split_shell(std::string_view text, std::string* error);

// `[[host_ip:]published:]target[/protocol]`, host_ip possibly in [brackets].
struct PortSpec {
  std::string host_ip;
  std::string published;
  std::string target;
  std::string protocol = "tcp";
};
std::optional<PortSpec> parse_port_spec(std::string_view text, std::string* error);

// `SRC:DST[:MODE]` or `DST`.
struct VolumeSpec {
  std::string source;  // "" for an anonymous volume
  std::string target;
  bool bind = false;  // source is a path (starts with '.', '/' or '~')
  bool read_only = false;
  std::vector<std::string> options;
};
std::optional<VolumeSpec> parse_volume_spec(std::string_view text, std::string* error);

// What the image is: the role stacklint knows it by and the version from its tag.
struct ImageInfo {
  std::string repository;  // without registry and `library/`, e.g. "prom/prometheus"
  std::string registry;    // the registry host written before it, lower case ("" when none: Docker Hub)
  std::string tag;         // "" when none
  // `postgres:`: a colon with no tag after it, what `postgres:${TAG}` becomes when TAG is set
  // nowhere stacklint can see (an untracked .env). No release is known (compose refuses it as it is).
  bool empty_tag = false;
  Role role = Role::app;  // see Service::role
  std::string version;    // "15", "7.2", "2.53.0"; "" for latest / no tag / no digits
};
ImageInfo analyze_image(std::string_view image);

// A compose file named as a stack file for `docker stack deploy`: a word `swarm` or `stack` in its
// name (`docker-compose.swarm.yml`, `docker-stack.yml`, `docker-stack.test.yml`).
bool swarm_stack_file_name(std::string_view file_name);
// Named as Docker's documentation names a stack file: `docker-stack.yml` (`docker-stack.test.yml`),
// or with the word `swarm`; not a project that calls itself a stack (`stack.compose.yml`).
bool docker_stack_file_name(std::string_view file_name);

}  // namespace stacklint::compose
