// A stack's purpose: deployed, or only run by developers (a test harness, an example, a demo), by
// what its authors wrote. Exposure findings (a published database port, a default password) are
// what a deployment must fix and what a test stack does on purpose (issue 11: 54 of 61 findings
// judged noise on 14 public repositories were of this kind).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

// The evidence, strongest first: `.stacklint.toml` `[stack] deployed`; a directory of the stack's
// path below the directory given named for tests, examples, demos or development (`tests/`,
// `examples/`, `docker/dev/`); a compose file named so (`docker-compose.test.yml`,
// `compose.dev.yaml`); a framework environment variable written as development or test in the
// compose file (`NODE_ENV: development`, `RAILS_ENV=test`, Grafana's `GF_DEFAULT_APP_MODE:
// development`), in a service's environment or its image's build arguments (`ENVIRONMENT=DEV`), or
// a label list there (`DEFAULT_LABELS: "env=dev"`); the compose file's
// first line, a comment calling it a development, test or example setup (`# Core local-dev stack`);
// the README its leading comment names saying "not for production"; a developers' guide (DEVELOPING.md,
// CONTRIBUTING.md) that starts the stack; the README beside
// the stack or above it that starts this stack
// (`docker compose up`, `cd DIR`, `-f FILE`) under a heading that calls it a demonstration, an
// example, a sandbox or development. Names are split into words at `-`,
// `_` and `.`, so `integration-tests/` counts and `contest/` does not. Only the directories between
// `search_root` (the directory stacklint was given; "" when unknown) and the stack count:
// where a checkout lives on the machine (`/home/ci/dev/...`) says nothing of the stack. The directory
// given itself counts by the stricter words of teaching and showing (`hotel-booking-workshop`, `sre-challenge`),
// and so does a folder of its git repository above it, by its whole name (`.examples/`, `demo/`).
// Then what surrounds a stack in a folder below `search_root`: the folder's README calls it an
// example, a test or a demo in its first heading or the first line of prose under it; the README of
// `search_root` calls the repository a course or a collection of tutorials; a page of its `docs/`
// names the stack's compose file and says, in that section, not to use it in production; the folder is
// a source package (`__init__.py`, `*_test.go` beside the compose file or in a folder between it and
// `search_root`). Then a service named for
// tests (`postgres-test`), which only a developer's stack has, a mail catcher's image (mailhog,
// mailpit, maildev), a database created with a demo, sample or test name (`POSTGRES_DB:
// monitoring_demo`), or a password or key written as a development one (`shop_dev_password`).
StackPurpose judge_purpose(const Stack& stack, const FileSystem& fs, const std::string& search_root,
                           const std::optional<Located<bool>>& configured);

// The first README of the stack's directory, and of `search_root` when that is another directory,
// read once, each named as the stack names it: what the README judgments below look at, the first
// README that answers speaking for its folder.
struct Readme {
  std::string file;
  std::string text;
};
std::vector<Readme> stack_readmes(const Stack& stack, const FileSystem& fs, const std::string& search_root);

// The README beside the stack, else the one of `search_root`, telling the reader to change or
// generate their own passwords, keys or tokens, in a sentence of prose: the placeholders the stack's
// files hold are the template's blanks (security/default-credentials). Invalid when none.
// `for_production` says whether that sentence speaks of production or deployment.
Location readme_fill_in(const std::vector<Readme>& readmes, bool* for_production = nullptr);

// The words (three characters or more, split at blanks and at `*`, `` ` ``, `'`, `"`, `/`, `:`, `=`,
// `,`, `(` and `)`; not those words themselves) of the lines of the README beside the stack, else of `search_root`,
// that speak of a password, a login or credentials: the values a reader is told to log in with. At most 256 lines.
// A line that sets a variable (`PORTAINER_PASSWORD=changeme`, `export ADMIN_PASSWORD=admin`) names it.
std::map<std::string, ReadmeLogin> readme_logins(const std::vector<Readme>& readmes);

// The stack's files that a sentence of prose in the README beside the stack (else the one of
// `search_root`) tells the reader to edit: a verb of editing (edit, change, replace, fill in, configure,
// update, adjust, modify) and, after it in the sentence, a path that names the file (not a compose file,
// whose edits the sentence lists rather than all its values) (`prometheus/alertmanager.yml`,
// `.env`; a bare name only when one file of the stack has it). Keyed by stack-relative path, each with
// the first line that says so. At most 256 lines of prose are read.
std::map<std::string, Location> readme_edits(const Stack& stack, const std::vector<Readme>& readmes);

// The first line of prose in the README beside the stack (else the one of `search_root`) that says
// the alerts are read without an Alertmanager: a sentence naming Alertmanager with "not included",
// "not part", "left out", "omitted", "without" or "no" before it, or a link to Prometheus's /alerts
// page (`:9090/alerts`) or that page as a menu path (`Prometheus > Alerts`). Invalid when none.
Location readme_alerts_in_prometheus(const std::vector<Readme>& readmes);

// Whether a variable is named for tests (`TEST_MONGODB_PRIMARY_PORT`, `PG_TEST_PORT`, `TEST_SINK_URL`).
bool names_test_variable(std::string_view name);

// The words of a directory or file name that mark a developer's stack (exposed for tests).
bool is_development_word(std::string_view word);
// Whether a word of a name (split at '-', '_', '.' and blanks) is one: `docker-compose.dev.yml`, `dev-tools`.
bool names_development(std::string_view name);

const char* to_string(StackPurpose::Evidence e);

}  // namespace stacklint
