#include "linter/formats/compose/workflow.h"

#include <algorithm>
#include <cctype>

#include "linter/formats/compose/dotenv.h"
#include "linter/yaml/yaml.h"

namespace stacklint::compose {

namespace {

using Variables = std::vector<std::pair<std::string, uint32_t>>;

// The keys of an `env:` mapping, each by its line.
void add_env(const yaml::Stream& stream, const yaml::Node* node, Variables& out) {
  const yaml::Node* env = node != nullptr && node->is_mapping() ? node->get("env") : nullptr;
  if (env == nullptr || !env->is_mapping()) return;
  for (const yaml::Pair& p : env->pairs) {
    if (p.key != nullptr && p.key->is_scalar())
      out.emplace_back(std::string(p.key->value), stream.location(*p.key).line);
  }
}

// The `env:` entries of a node with a plain value, as shell assignments (`FILE="compose.ci.yml"`)
// a step's script may be read after: `-f "$DOCKER_COMPOSE_FILE"` with the file named in the job's
// `env:` (rw51 langfuse's pipeline.yml).
void add_assignments(const yaml::Node* node, std::string& out) {
  const yaml::Node* env = node != nullptr && node->is_mapping() ? node->get("env") : nullptr;
  if (env == nullptr || !env->is_mapping()) return;
  for (const yaml::Pair& p : env->pairs) {
    if (p.key == nullptr || !p.key->is_scalar() || p.value == nullptr || !p.value->is_scalar()) continue;
    const std::string_view value = p.value->value;
    if (value.empty() || value.find_first_of("\"\n$`\\") != std::string_view::npos) continue;
    out += std::string(p.key->value) + "=\"" + std::string(value) + "\"\n";
  }
}

// A `working-directory` (of a step, or of a job's `defaults.run`), or "".
std::string working_directory(const yaml::Node* node) {
  if (node == nullptr || !node->is_mapping()) return {};
  const yaml::Node* wd = node->get("working-directory");
  if (wd == nullptr) {
    const yaml::Node* defaults = node->get("defaults");
    const yaml::Node* run = defaults != nullptr && defaults->is_mapping() ? defaults->get("run") : nullptr;
    wd = run != nullptr && run->is_mapping() ? run->get("working-directory") : nullptr;
  }
  if (wd == nullptr || !wd->is_scalar()) return {};
  std::string dir(wd->value);
  while (dir.starts_with("./")) dir.erase(0, 2);
  return dir == "." ? std::string() : dir;
}

// Whether a job's `runs-on` names a self-hosted runner (a scalar, or a list or group's labels).
bool self_hosted(const yaml::Node* job) {
  const yaml::Node* on = job->get("runs-on");
  if (on == nullptr) return false;
  if (on->is_scalar()) return on->value.find("self-hosted") != std::string_view::npos;
  if (on->is_mapping()) return on->get("group") != nullptr;  // runner groups are the organisation's own
  if (!on->is_sequence()) return false;
  return std::any_of(on->items.begin(), on->items.end(),
                     [](const yaml::Node* n) { return n != nullptr && n->is_scalar() && n->value == "self-hosted"; });
}

// Whether a script reaches another machine: a word that begins with `ssh` (`ssh host`, `sshpass`,
// `${SSH_CMD}`), in any case.
bool remote(std::string_view script) {
  for (size_t at = 0; at + 3 <= script.size(); ++at) {
    const bool word_start = at == 0 || std::isalnum(static_cast<unsigned char>(script[at - 1])) == 0;
    if (!word_start) continue;
    const auto lower = [&](size_t k) { return static_cast<char>(std::tolower(static_cast<unsigned char>(script[k]))); };
    if (lower(at) == 's' && lower(at + 1) == 's' && lower(at + 2) == 'h') return true;
  }
  return false;
}

}  // namespace

std::vector<WorkflowComposeCommand> workflow_compose_commands(const SourcePtr& workflow) {
  std::vector<WorkflowComposeCommand> out;
  const std::unique_ptr<yaml::Stream> stream = yaml::load(workflow);
  const yaml::Node* root = stream->root();
  if (!stream->errors().empty() || root == nullptr || !root->is_mapping()) return out;
  const yaml::Node* jobs = root->get("jobs");
  if (jobs == nullptr || !jobs->is_mapping()) return out;
  Variables workflow_env;
  add_env(*stream, root, workflow_env);
  std::string workflow_assignments;
  add_assignments(root, workflow_assignments);
  for (const yaml::Pair& job : jobs->pairs) {
    if (job.value == nullptr || !job.value->is_mapping()) continue;
    Variables job_env = workflow_env;
    add_env(*stream, job.value, job_env);
    std::string job_assignments = workflow_assignments;
    add_assignments(job.value, job_assignments);
    const std::string job_dir = working_directory(job.value);
    const bool on_own_runner = self_hosted(job.value);
    const yaml::Node* steps = job.value->get("steps");
    if (steps == nullptr || !steps->is_sequence()) continue;
    for (const yaml::Node* step : steps->items) {
      if (step == nullptr || !step->is_mapping()) continue;
      const yaml::Pair* run = step->find_pair("run");
      // A deploy action that runs its `with.script` on a server over ssh (appleboy/ssh-action): the
      // script runs compose in the repository's checkout there (rw132 BB_monitoring: `cd
      // /home/developer/monitoring/BB_monitoring`, `export BOT_TOKEN`, `docker-compose up -d`).
      bool over_ssh = false;
      if (run == nullptr) {
        const yaml::Node* uses = step->get("uses");
        const yaml::Node* with = step->get("with");
        if (uses != nullptr && uses->is_scalar() && uses->value.find("ssh") != std::string_view::npos &&
            with != nullptr && with->is_mapping()) {
          run = with->find_pair("script");
          over_ssh = true;
        }
      }
      if (run == nullptr || run->value == nullptr || !run->value->is_scalar()) continue;
      // A GitHub expression in the directory (`${{ matrix.dir }}`) leaves it unknown.
      std::string dir = working_directory(step);
      if (dir.empty()) dir = job_dir;
      if (dir.find("${{") != std::string::npos) continue;
      const std::string_view script = run->value->value;
      std::string assigned = job_assignments;
      add_assignments(step, assigned);
      const std::vector<ScriptComposeCommand> commands =
          script_compose_commands(assigned.empty() ? std::string(script) : assigned + std::string(script), over_ssh);
      if (commands.empty()) continue;
      Variables vars = job_env;
      add_env(*stream, step, vars);
      const uint32_t run_line = stream->location(*run->key).line;
      for (const auto& [name, line] : script_exports(script)) vars.emplace_back(name, run_line);
      for (const ScriptComposeCommand& c : commands) {
        std::string at = dir;
        if (!c.directory.empty()) at = at.empty() ? c.directory : at + "/" + c.directory;
        out.push_back(WorkflowComposeCommand{.directory = at,
                                             .files = c.files,
                                             .subcommand = c.subcommand,
                                             .line = run_line,
                                             .self_hosted = on_own_runner,
                                             .remote = over_ssh || remote(script),
                                             .variables = vars});
      }
    }
  }
  return out;
}

}  // namespace stacklint::compose
