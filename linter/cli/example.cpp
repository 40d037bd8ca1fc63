#include "linter/cli/example.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "linter/cli/commands.h"
#include "linter/engine/docs.h"

namespace stacklint {

namespace {

namespace fs = std::filesystem;

// A fresh folder under the system's temporary directory, removed with the object. Its name is the
// directory given to the check, whose words may name a purpose: "example" would make every example a
// demonstration stack (linter/stack/purpose.h).
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "stacklint-rule-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ScratchDir(ScratchDir&&) = delete;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The example's extra arguments as CLI options; false on one the docs do not support.
bool apply_example_args(const RuleInfo& info, CliOptions& opts, std::string& error) {
  const auto& args = info.example_args;
  for (size_t i = 0; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) {
      error = "example argument " + std::string(args[i]) + " has no value";
      return false;
    }
    const std::string value(args[i + 1]);
    if (args[i] == "--host-memory") {
      opts.host_memory = value;
    } else if (args[i] == "--reserve") {
      opts.reserve = value;
    } else if (args[i] == "--rule") {
      opts.only_rules.push_back(value);
    } else if (args[i] == "--prometheus-version") {
      opts.prometheus_version = value;
    } else if (args[i] == "--enable-feature") {
      opts.features.push_back(value);
    } else {
      error = "unsupported example argument " + std::string(args[i]);
      return false;
    }
  }
  return true;
}

}  // namespace

ExampleRun lint_example(const RuleInfo& info, const std::vector<ExampleFile>& files) {
  ExampleRun run;
  const ScratchDir stack, out;
  if (stack.path().empty() || out.path().empty()) {
    run.output = "cannot create a temporary folder";
    return run;
  }
  for (const ExampleFile& f : files) {
    const fs::path p = stack.path() / std::string(f.path);
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream(p, std::ios::binary) << f.content;
  }
  CliOptions opts;
  opts.paths = {stack.path().string()};
  opts.only_rules = {std::string(info.id)};
  opts.no_color = true;
  opts.output = (out.path() / "report.txt").string();
  if (!apply_example_args(info, opts, run.output)) return run;
  run.exit_code = run_check(opts);
  std::ifstream in(opts.output, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  run.output = text.str();
  return run;
}

std::string render_rule_page(const RuleInfo& info) {
  return render_rule_doc(info, lint_example(info, info.bad_example).output);
}

}  // namespace stacklint
