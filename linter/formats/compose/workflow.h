// CI workflows as the environment of the compose commands they run: a GitHub Actions workflow
// (`.github/workflows/*.yml`) sets variables (`env:` of the workflow, a job, a step) for the
// commands of its steps' `run:` scripts, as the runner does.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "linter/source/source.h"

namespace stacklint::compose {

// A compose command a workflow step runs (`docker compose -f compose/release.yaml up -d`).
struct WorkflowComposeCommand {
  std::string directory;           // where it runs, relative to the checkout: the step's or job's
                                   // `working-directory`, then a `cd DIR` of the script ("" = the top)
  std::vector<std::string> files;  // its `-f` files as written; empty: the directory's default file
  std::string subcommand;          // `up`, `run`, `config`...
  uint32_t line = 0;               // the line of the step's `run:` key
  // Where it acts: the job runs on the team's own machine (`runs-on: self-hosted`), or the step's
  // script reaches another one (`ssh`): there `up` deploys the stack.
  bool self_hosted = false;
  bool remote = false;
  // The variables set for it: the `env:` keys of the workflow, the job and the step (each by its
  // line), and what the script exports (`export TAG=1`, `TAG=1 docker compose up`).
  std::vector<std::pair<std::string, uint32_t>> variables;
};

// The compose commands of a GitHub Actions workflow file, in file order. Nothing for a file that is
// no YAML mapping with `jobs:`.
std::vector<WorkflowComposeCommand> workflow_compose_commands(const SourcePtr& workflow);

}  // namespace stacklint::compose
