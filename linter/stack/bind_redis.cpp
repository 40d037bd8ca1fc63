#include "linter/stack/bind_redis.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "linter/formats/compose/syntax.h"
#include "linter/formats/redis/directives.h"
#include "linter/formats/redis/parser.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/written.h"
#include "linter/stack/container.h"
#include "linter/stack/resolver.h"

namespace stacklint {

namespace {

constexpr const char* kWorkdir = "/data";  // WORKDIR of the official image

// The server programs that read redis.conf the same way.
bool is_redis_server(const std::string& program) {
  const std::string name = path::basename(program);
  return name == "redis-server" || name == "valkey-server" || name == "keydb-server";
}

// A `${NAME:+...}` or `${NAME+...}` expansion in a word, or one that spans several words (`${PASS:+--requirepass
// "$PASS"}`, rw99 lago): zero or more options, by the environment the container starts in.
bool conditional_words(std::string_view word) {
  for (size_t at = word.find("${"); at != std::string_view::npos; at = word.find("${", at + 2)) {
    size_t i = at + 2;
    while (i < word.size() && (std::isalnum(static_cast<unsigned char>(word[i])) != 0 || word[i] == '_')) ++i;
    if (i < word.size() && word[i] == ':') ++i;
    if (i >= word.size() || word[i] == '+' || word.find('}', i) == std::string_view::npos) return true;
  }
  return false;
}

// The redis-server command of a shell script (`sh -c 'redis-server --appendonly yes --requirepass
// "$(cat /run/secrets/redis)"'`, rw18 immo-guinee's production file): the words of the command, after
// `&&`, `;` or `exec` if need be, up to the next separator; nullopt when there is none, or when the
// shell would split a word the splitter cannot follow (an unquoted `$(...)` with spaces, a backquote).
std::optional<std::vector<std::string>> shell_redis_command(const std::vector<std::string>& argv) {
  if (argv.size() < 3 || argv[1] != "-c") return std::nullopt;
  const std::string shell = path::basename(argv[0]);
  if (shell != "sh" && shell != "bash" && shell != "ash" && shell != "dash") return std::nullopt;
  // Lines continued with a backslash are one line; each line is a command list.
  std::string script;
  for (size_t i = 0; i < argv[2].size(); ++i) {
    if (argv[2][i] == '\\' && i + 1 < argv[2].size() && argv[2][i + 1] == '\n') {
      ++i;
      continue;
    }
    script += argv[2][i];
  }
  size_t pos = 0;
  while (pos <= script.size()) {
    const size_t eol = std::min(script.find('\n', pos), script.size());
    const auto words = compose::split_shell(std::string_view(script).substr(pos, eol - pos), nullptr);
    pos = eol + 1;
    if (!words) return std::nullopt;
    std::vector<std::string> command;
    bool at_start = true;
    for (std::string word : *words) {
      if (word.starts_with("#") && at_start) break;
      const bool ends = word.size() > 1 && word.back() == ';';
      if (ends) word.pop_back();
      const bool separator = word == "&&" || word == "||" || word == ";" || word == "|" || word == "&";
      if (!separator && at_start && word == "exec") continue;
      if (!separator && (at_start ? is_redis_server(word) : !command.empty())) {
        if (word.find('`') != std::string::npos || word.find('>') != std::string::npos ||
            word.find('<') != std::string::npos || conditional_words(word) ||
            std::count(word.begin(), word.end(), '(') != std::count(word.begin(), word.end(), ')')) {
          return std::nullopt;
        }
        command.push_back(std::move(word));
      }
      at_start = separator || ends;
      if (at_start && !command.empty()) return command;
    }
    if (!command.empty()) return command;
  }
  return std::nullopt;
}

// The image family's row when the image runs a redis server (data/images.tsv).
const knowledge::ImageFact* redis_image(const std::string& image) {
  const knowledge::ImageFact* fact = knowledge::find_image(compose::analyze_image(image).repository);
  return fact != nullptr && fact->role == Role::redis ? fact : nullptr;
}

// The release an image tag names ("7.2.4", "6", "7.2-alpine"), clamped to the modelled ones; a
// major alone is its newest modelled minor. False when the tag has no version.
bool image_release(const std::string& tag, int& major, int& minor) {
  size_t i = 0;
  auto number = [&](int& out) {
    const size_t start = i;
    out = 0;
    while (i < tag.size() && std::isdigit(static_cast<unsigned char>(tag[i])) != 0 && i - start < 4)
      out = out * 10 + (tag[i++] - '0');
    return i > start;
  };
  if (!number(major)) return false;
  const bool has_minor = i < tag.size() && tag[i] == '.' && (++i, number(minor));
  if (!has_minor) minor = major == 6 ? 2 : 99;
  if (major > redis::kNewestMajor || (major == redis::kNewestMajor && minor > redis::kNewestMinor)) {
    major = redis::kNewestMajor;
    minor = redis::kNewestMinor;
  }
  if (major < redis::kOldestMajor) {
    major = redis::kOldestMajor;
    minor = redis::kOldestMinor;
  }
  return true;
}

// The image's release, else --redis-version, else the newest (assumed, said in the messages).
void choose_release(const Stack& stack, const std::string& tag, RedisConfig& config) {
  if (image_release(tag, config.major, config.minor)) return;
  if (stack.default_redis_major != 0) {
    config.major = stack.default_redis_major;
    config.minor = stack.default_redis_minor;
    return;
  }
  config.major = redis::kNewestMajor;
  config.minor = redis::kNewestMinor;
  config.version_assumed = true;
}

}  // namespace

bool parse_redis_release(std::string_view text, int& major, int& minor) {
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 2) return false;
  int a = 0;
  int b = 0;
  size_t i = 0;
  for (; i < dot; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
    a = a * 10 + (text[i] - '0');
  }
  size_t digits = 0;
  for (i = dot + 1; i < text.size() && text[i] != '.'; ++i, ++digits) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0 || digits >= 2) return false;
    b = b * 10 + (text[i] - '0');
  }
  if (digits == 0) return false;
  if (i < text.size()) {  // a patch release: digits only
    if (i + 1 == text.size()) return false;
    for (++i; i < text.size(); ++i) {
      if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
    }
  }
  const bool released = (a == 6 && (b == 0 || b == 2)) || (a == 7 && (b == 0 || b == 2 || b == 4));
  if (!released) return false;
  major = a;
  minor = b;
  return true;
}

bool has_library_redis_entrypoint(const std::string& image) {
  const knowledge::ImageFact* fact = redis_image(image);
  return fact != nullptr &&
         (fact->family == knowledge::ImageFamily::official || fact->family == knowledge::ImageFamily::valkey);
}

void bind_redis(Stack& stack, Service& svc, const FileSystem& fs) {
  // A service compose builds runs its Dockerfile's entrypoint and command, whatever `image:` names
  // (rw85 wal-g: `image: redis:test_net_${TEST_ID}` tags a build whose supervisord starts redis).
  const bool official = svc.image.has_value() && !svc.build() && has_library_redis_entrypoint(svc.image->value);
  const std::string program = official ? redis_image(svc.image->value)->program : "redis-server";
  std::vector<std::string> argv;
  Location where = svc.location;
  bool image_entrypoint = true;  // the image's docker-entrypoint.sh runs the command
  if (svc.entrypoint()) {
    argv = svc.entrypoint()->value;
    where = svc.entrypoint()->location;
    if (svc.command) {
      argv.insert(argv.end(), svc.command->value.begin(), svc.command->value.end());
      where = svc.command->location;
    }
    // An explicit `entrypoint: docker-entrypoint.sh` behaves like the image's own.
    image_entrypoint = !argv.empty() && path::basename(argv[0]) == "docker-entrypoint.sh";
    if (image_entrypoint) argv.erase(argv.begin());
  } else if (svc.command) {
    argv = svc.command->value;
    where = svc.command->location;
  } else if (official) {
    argv = {program};
  } else {
    return;  // a non-official image's own default command: unknown
  }
  // docker-entrypoint.sh: `-f`, `--some-option` or `something.conf` first -> redis-server prepended
  if (image_entrypoint && !argv.empty() && ((!argv[0].empty() && argv[0][0] == '-') || argv[0].ends_with(".conf"))) {
    argv.insert(argv.begin(), program);
  }
  const std::optional<std::vector<std::string>> script = shell_redis_command(argv);
  if (script) argv = *script;
  if (argv.empty() || !is_redis_server(argv[0])) return;
  // KeyDB reads redis.conf plus directives of its own (active-replica, multi-master): not modelled.
  if (path::basename(argv[0]) == "keydb-server") return;

  auto config = std::make_shared<RedisConfig>();
  choose_release(stack, svc.version, *config);
  config->image_protected_mode_default_off = official;
  StackIncludeResolver resolver(stack, fs, &svc, kWorkdir, FileKind::redis);
  redis::Reader reader(*config, resolver, kWorkdir);
  const std::vector<std::string> args(argv.begin() + 1, argv.end());
  const redis::CommandLine cl = redis::split_command_line(args);
  if (cl.config_file) {
    const std::string container =
        path::normalize(path::is_absolute(*cl.config_file) ? *cl.config_file : path::join(kWorkdir, *cl.config_file));
    const Reference main{.directive = "config file", .written = *cl.config_file, .location = where};
    const OpenResult opened = resolver.open(container, main);
    const auto resolved = resolve_container_path(stack, svc, container);
    if (opened.status == OpenStatus::found) {
      reader.read_file(*opened.source, container);
    } else if (script) {
      // Written by the script or baked into a built image (rw15 aiscr-webamcr's `build: ./redis`
      // copies a redis.conf with requirepass): the server's settings are unknown.
      return;
    } else if (resolved && resolved->mount != nullptr && resolved->mount->bind &&
               written_by_stack_setup(stack, fs, resolved->host_path)) {
      // Generated by a setup step (rw21: install-redis.sh writes the git-ignored
      // replica.generated.conf): the server's settings are unknown.
      return;
    } else if (resolved && resolved->mount != nullptr && resolved->mount->bind && resolved->mount->source_missing &&
               path::normalize(resolved->mount->target) == container) {
      // A bind mount whose source the repository lacks: docker creates an empty directory there,
      // redis opens it, reads no line and starts on its defaults and the command line's options
      // (redis-server 7.0 given a directory: "Configuration loaded"), not the "can't open" error.
      // compose/mount-source-missing reports the missing file (rw164 docker-stack outline); the
      // settings it was meant to hold are unknown, so the server's are not judged.
      return;
    } else if (!is_refusal(opened.status) && (resolved || official)) {
      const std::string why = resolved && resolved->mount != nullptr && resolved->mount->bind
                                  ? "the bind mount has no such file (" + resolved->stack_path + ")"
                                  : "nothing is mounted there";
      config->command_line_errors.push_back(ParseIssue{
          .message = "Fatal error, can't open config file '" + *cl.config_file + "': " + why, .location = where});
      config->starts = false;
    }
  }
  reader.read_options(cl.options, where);
  reader.finish();
  // A command line interpolating a variable set nowhere (compose substitutes "") or only by the
  // repository's `.env.example` passes redis an unknown argument list: that is
  // compose/unset-variable's finding, not an error of redis's reading of "".
  if (interpolates_unknown(stack, where)) config->command_line_errors.clear();
  const bool passes_password = std::any_of(cl.options.begin(), cl.options.end(), [](const std::string& o) {
    return o == "--requirepass" || o.starts_with("--requirepass=");
  });
  // A password from a variable compose requires, or one only the environment or a template gives
  // (`--requirepass ${REDIS_PASSWORD:-}` beside `.env.example`'s `REDIS_PASSWORD=`, rw32 OSM-Notes):
  // where the stack runs it is the user's, or redis refuses the empty argument and does not start.
  config->required_password =
      passes_password && (interpolates_required(stack, where) || interpolates_unknown(stack, where));
  record_issues(stack, reader.take_errors());
  svc.redis = std::move(config);
}

std::shared_ptr<RedisConfig> load_standalone_redis(Stack& stack, const FileSystem& fs, const std::string& host_path) {
  const std::string rel = stack_relative(stack, host_path);
  StackFile* file =
      load_stack_file(stack, fs, host_path, FileKind::redis,
                      Reference{.directive = "file", .written = rel, .location = Location::whole_file(rel)});
  if (file == nullptr) return nullptr;
  auto config = std::make_shared<RedisConfig>();
  choose_release(stack, "", *config);
  StackIncludeResolver resolver(stack, fs, nullptr, ".", FileKind::redis);
  redis::Reader reader(*config, resolver, path::dirname(file->host_path));
  reader.read_file(*file->source, file->host_path);
  reader.finish();
  record_issues(stack, reader.take_errors());
  return config;
}

}  // namespace stacklint
