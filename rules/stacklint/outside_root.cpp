// stacklint/outside-root: a file the stack names lies outside the stack root; stacklint did not
// read it (linter/source/fs.h Confinement) and linted as if it were empty.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class StacklintOutsideRoot final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "stacklint/outside-root",
        .severity = Severity::warning,
        .summary =
            "A file the stack names (an include, an env_file, a mounted config, a symlink) lies outside the "
            "stack root, so stacklint does not read it.",
        .rationale =
            "stacklint runs on pull requests, so every file it reads may be written by an attacker: "
            "`include /proc/self/environ` in a redis.conf, or a committed symlink `redis.conf -> /etc/shadow`, "
            "would otherwise make the linter read the CI runner's secrets and print them back as an excerpt. "
            "stacklint reads only files inside the stack root (the top level of the git work tree that holds the "
            "linted paths, else the directory given), after resolving symlinks, and never /proc, /dev, /sys or "
            "anything under .git/. A reference that leaves the root gets this finding at the line that names it, "
            "and linting goes on as if the file were empty, so the findings that depend on it may be missing. "
            "A path a compose file names (a mount source or env_file on the deployment's host, a sibling "
            "checkout's `../monitoring/prometheus.yml`) is not reported: nothing in the repository is wrong, "
            "and `stacklint model` lists it under `not_read`. A compose `include:` or `extends.file` outside the "
            "root, or a config file a command line names there, is a note: the services are modelled without it. "
            "A path inside a config that a service mounts (a Prometheus config template beside the config the "
            "service reads) is a path of that container: it is mapped through the service's mounts, and an "
            "absolute path that no mount maps is not judged; in a Prometheus config that no service mounts, "
            "an absolute rule_files or file_sd path names the machine it runs on and is not judged either. "
            "Files given on the command line (PATH, `-f`, `--env-file`, `--config`) are read wherever they are; "
            "`--allow-outside-root` lifts the confinement for trees you trust. One path named by several lines (an "
            "include two configs share) is one finding at its first line; the others are its notes.",
        .bad_example = {{.path = "postgresql.conf", .content = R"(include '/etc/postgresql/extra.conf'
)"}},
        .good_example = {{.path = "postgresql.conf", .content = R"(include 'extra.conf'
)"},
                         {.path = "extra.conf", .content = R"(max_connections = 50
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    // One path named by several lines (an include two configs share) is one finding at its first
    // line; the others are its notes.
    struct Found {
      std::string message;
      Location location;
      bool in_compose = false;
      std::vector<Related> notes;
    };
    std::vector<Found> found;
    for (const RefusedRead& r : stack.refused_reads) {
      if (r.status != OpenStatus::outside_root) continue;
      // A path a compose file names (a mount source, an env_file) is where the deployment keeps the
      // file on its host: a sibling checkout (`../monitoring/prometheus.yml`, rw17) or the host's own
      // directory. Nothing in the repository is wrong there: `stacklint model` lists it as not read
      // (the 13 such notes judged in rw209-rw244 were 11 noise and 2 wrong, none worth a change).
      // A compose file's own parts (`include:`, `extends.file`) and a config file a command line
      // names are still reported: without them stacklint's model of the services is incomplete.
      const StackFile* file = stack.find_file(r.reference.location.file);
      if (file != nullptr && file->kind == FileKind::compose &&
          (r.reference.directive == "env_file" || r.reference.directive == "the mounted config file")) {
        continue;
      }
      std::string message = describe_refusal(r);
      const auto same = std::ranges::find_if(found, [&](const Found& f) { return f.message == message; });
      if (same != found.end()) {
        same->notes.push_back(Related{.message = "named here too", .location = r.reference.location});
        continue;
      }
      found.push_back(Found{.message = std::move(message),
                            .location = r.reference.location,
                            .in_compose = file != nullptr && file->kind == FileKind::compose,
                            .notes = {}});
    }
    for (Found& f : found) {
      if (f.in_compose) {
        out.report_demoted(Severity::note, std::move(f.message), f.location, std::move(f.notes));
      } else {
        out.report(std::move(f.message), f.location, std::move(f.notes));
      }
    }
  }
};

}  // namespace

const Rule& stacklint_outside_root() {
  static const StacklintOutsideRoot r;
  return r;
}

}  // namespace stacklint::rules
