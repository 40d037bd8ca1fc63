// Trees of stacks: every directory holding a compose file is a stack root; its subdirectories
// belong to it unless they hold their own compose file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

struct StackRoot {
  std::string dir;                         // the stack's directory (joined to the directory searched)
  std::vector<std::string> compose_files;  // in merge order
  std::vector<std::string> nested_roots;   // directories below `dir` that are stack roots of their own
  ComposeSurroundings surroundings;        // what the tree's other compose files may answer
};

// The stacks under `dir`, in path order. In each directory: the default compose file with its
// override is one stack; every other compose file is its own stack, layered on the default when it
// changes a service the default defines (an overlay: `docker-compose.postgres.yml`); files a
// compose file includes (`include:`) belong to the file that includes them; an overlay of
// services defined nowhere in its directory is not a stack (it needs `-f` with its base); nor is a
// directory whose default compose file another stack's file includes, nor the compose files a
// stack's file names as its sources (`# Built from services/*/compose.yaml`). Skips hidden directories,
// node_modules, vendor, build folders, Helm charts, and past release snapshots: of three or more
// sibling directories named for releases with one prefix (`lake-v0.20.0`, `lake-v0.21.0`...), all
// but the newest.
// `by_content`: also, in a directory with no compose file named so, the YAML files that are complete
// compose files by their content (JHipster's `src/main/docker/app.yml`): for a tree where the
// first search found no stack but the files it linted on their own include such a file.
std::vector<StackRoot> discover_stacks(const FileSystem& fs, const std::string& dir, bool by_content = false);

// The surroundings of the stack made of `files` (compose files, in merge order) among the compose
// files under `dir`: for a stack named on the command line (`-f`).
ComposeSurroundings surroundings_of(const FileSystem& fs, const std::string& dir,
                                    const std::vector<std::string>& files);

// Compose files in the directories under `dir` that discovery skips and a user may mean: hidden ones
// (`.examples/x/compose.yaml`; not .git), test data and what the authors set aside (`testdata/`,
// `archive/`), not dependencies or build output. At most `limit` of them, six levels deep, in path
// order: what to name when a directory seems to hold no stack.
std::vector<std::string> skipped_compose_files(const FileSystem& fs, const std::string& dir, size_t limit);

// Whether `file` is a compose file that runs on its own: valid YAML whose every service names an
// image, a build or extends (not an overlay of another file).
bool standalone_compose_file(const FileSystem& fs, const std::string& file);

// The first directory at or below `dir` (at most `depth` levels down, skipped directories aside)
// whose YAML files are compose pieces a generator merges (holds_merged_pieces); "" when none.
std::string merged_pieces_directory(const FileSystem& fs, const std::string& dir, int depth);

// The first compose-named file of `dir` that is the source a generator renders (a name with the word
// template, tmpl or tpl, and `#!` directive lines or `{%`/`{{ ` actions in its text): discovery takes
// it for no stack. "" when none.
std::string generator_template_in(const FileSystem& fs, const std::string& dir);

// Directories the discovery walk never enters: hidden ones (.git, .github...), dependencies and
// build outputs (node_modules, vendor, build, dist, target, __pycache__), and `testdata` (Go's
// convention for test inputs, often invalid on purpose, such as Prometheus's own config tests), and
// what the authors retired: `legacy`, `deprecated`, `obsolete`, `archive(d)` (alone or before `_`/`-`;
// `deprecated`, `obsolete` and `archive(d)` also after them: `test_deprecated`, `examples_archive`),
// `attic`, `backup(s)`; scratch directories (`temp`, `tmp`);
// and Docker App packages (`*.dockerapp`), which `docker app render` turns into a compose file.
bool skipped_directory(std::string_view name);

}  // namespace stacklint
