// compose/unset-variable: `${VAR}` with no value and no default becomes an empty string.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/formats/compose/dotenv.h"
#include "linter/model/secrets.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"
#include "rules/notes.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

class ComposeUnsetVariable final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/unset-variable",
        .severity = Severity::warning,
        .summary = "A `${VAR}` in a compose file that is set nowhere and has no default.",
        .rationale =
            "Compose substitutes an unset variable with an empty string and only prints a warning that "
            "scrolls by. `image: postgres:${PG_VERSION}` becomes `postgres:` and `mem_limit: ${API_MEM}` "
            "disappears. stacklint looks the variable up where compose does: the process environment, then "
            "`--env-file` files, else the `.env` next to the first compose file. Give it a value there or a "
            "default: `${PG_VERSION:-16}` (unset or empty) or `${PG_VERSION-16}` (unset only); use "
            "`${VAR:?message}` to make compose refuse to start without it (a required variable is not reported: "
            "compose "
            "says so itself, and a plain `${VAR}` of a variable the stack requires elsewhere never runs empty). A "
            "variable the repository's own template "
            "documents is not reported: set in a `.env.example` (or `.env.template`, `env.sample`...) beside the "
            "compose file or in a directory above it up to the repository's top level, in a file whose leading "
            "comments say to copy it to `.env` (`deploy.env`), or in the source of a `cp SRC .env` command of a "
            "script or README beside the compose file (the documented setup step; also a command of a script that "
            "script sources, and the committed template of a source the checkout lacks: `stack.env.example` for "
            "`cp -f stack.env .env`), or in a README's code block that "
            "the line before it tells to add to `.env` (\"Add to your root `.env` file:\"); or commented out in such a "
            "template or in `.env` itself (`# ALERT_URL=...`, or a blank `# SES_REGION=` unless the comment above it "
            "calls it required: optional, empty on purpose), or listed in such a "
            "template's comments as given by something else (`# - POOL_SSD (from the deploy tool)`, `# - MEDIA_*`). A "
            "variable the "
            "repository's own scripts export to the compose they run or write into its `.env` (`export "
            "CONFIG_DIGEST=...` in `./up`, `echo \"USERS=$HASH\" >> .env` in `scripts/auth/setup.sh`, a setup helper's "
            "`add_to_env DB_NAME app`, "
            "`TAG=v1 docker compose up` in `scripts/deploy.sh`, the `Environment=` of a systemd unit whose "
            "`ExecStart` runs compose on the file, every setting of a file such a script sources after "
            "`set -a` (`set -a; source ./install.conf`), or a script of any folder beside them that runs "
            "compose on this file: `SCENARIO=x docker compose -f docker/compose.yml run` in `simulation/run.sh`, "
            "`-f \"${HERE}/../docker-compose.yaml\"` from the script's own directory in `dev/script/console`, a `#!` "
            "shell script without extension in a `script`, `scripts`, `bin` or `tools` folder) is "
            "set when compose runs: unknown, not unset; so "
            "is the `env:` of a GitHub Actions workflow (of the workflow, the job or the step) whose step runs "
            "compose on the file (`docker compose -f compose/release.yaml up -d`, `cd deploy && docker compose up`), "
            "and "
            "what the `with.script` of an ssh deploy action (`appleboy/ssh-action`) exports before it runs compose in "
            "the checkout on the server (`cd /srv/app`). "
            "So are the variables of a file a script's `docker stack deploy -c FILE` or an Ansible `docker_stack` "
            "task of the repository deploys: that command reads no `.env`, and they come from the environment it "
            "runs in. "
            "So are the variables of a private deployment: a `.gitignore` (from the repository's top level down) "
            "keeps `.env` out of the repository, none "
            "is checked out and no template documents it (a template in a directory above documents only the "
            "stacks whose variables it names), so the `.env` lives where the stack runs (also a "
            "git-ignored file that a script beside the compose file passes with `--env-file ../.env`), and of a "
            "`.env` the repository stores encrypted (git-crypt, ansible-vault), or of a `.env` that cannot be opened "
            "(a "
            "link to the file a setup script writes: `.env -> mailcow.conf`); except a "
            "`KEY=${KEY}` in the `environment:` of a service that reads an `env_file` other than that `.env`, "
            "which blanks the value that file was meant to give (env files do not feed interpolation). A suffix of a "
            "Dockerfile's name "
            "(`dockerfile: ci/Dockerfile${SUFFIX}`) whose empty value names a Dockerfile the repository has is an "
            "option left unset on purpose: that use is not reported; so are proxy settings passed through from the "
            "user's shell (`HTTPS_PROXY`, `no_proxy`, `GOPROXY`, `GOPRIVATE`), empty for everyone who has none, `TZ` "
            "(empty is UTC), and "
            "the flags a CI runner sets (`CI`, `GITHUB_ACTIONS`, `GITLAB_CI`, ...), empty outside CI, and what every "
            "login "
            "shell sets (`HOME`, `USER`, `PWD`, `PATH`) or a Go developer's does (`GOPATH`). "
            "`COMPOSE_PROJECT_NAME` is always set: compose gives it the project's name. The name of an external "
            "volume or network (`external: {name: ${LOG_VOLUME}}`, or `name:` beside `external: true`) comes from "
            "the step that created it outside compose (`docker volume create` in an install script): not "
            "reported; left empty, compose refuses the project itself, naming what it cannot find. A use whose own "
            "comment, or "
            "the "
            "comment right above it, calls it optional (`# optional: set it to enable the AI features`) is empty on "
            "purpose. A project that names Coolify's "
            "generated variables (`SERVICE_FQDN_WEB_3000`, `SERVICE_PASSWORD_DB`, `SERVICE_URL_*`, `SERVICE_USER_*`, "
            "`SERVICE_BASE64_*`) is deployed by Coolify, which sets those and the others from its environment "
            "editor: none of its variables is reported. A variable the stack also "
            "writes with an empty default (`${ENCRYPTION_KEY:-}`) is one its authors let be empty: its plain uses "
            "give the same empty string and are not reported. In a stack of tests (a compose file or folder named "
            "for CI, end-to-end or integration tests or test fixtures, or one a CI workflow starts) a finding is a "
            "note: the job "
            "that runs it gives it its environment. A Laravel Sail stack (an image `sail-8.3/app`, a service "
            "`laravel.test`) gets WWWUSER and WWWGROUP from `vendor/bin/sail`, which starts it. In a compose file "
            "that marks the variables it requires (`${DATABASE_URL:?err}`, two or more) the plain `${VAR}`s are "
            "the optional ones, empty on purpose: a finding there is a note. A `*.env` file beside the compose file "
            "(not one it names as an `env_file`) that sets every variable the stack leaves unset is the "
            "environment it runs with, under the name its documentation downloads or passes (`config.env`, saved "
            "as `.env` by a setup tutorial): its variables are not reported. A service entry that forwards the "
            "caller's "
            "variable of the same name (`TRACER_DEV: ${TRACER_DEV}`, `- DEBUG=${DEBUG}`) expects it from whoever runs "
            "compose, often a switch that is empty for off: a note, unless the repository documents a variable of a "
            "name like it (`AI_AZURE_OPENAI_API_KEY` in the template for `AZURE_OPENAI_API_KEY`: the value the user "
            "fills "
            "in never reaches it) or documents it itself, it names options the image sets (`*_OPTS`, `*_OPTIONS`, "
            "`*_ARGS`, "
            "`*_FLAGS`: forwarded empty, they replace the image's), the service reads an env_file "
            "the entry blanks, or the image requires it (the official postgres image's POSTGRES_PASSWORD). So is an "
            "entry of a Grafana service that fills a `GF_` setting (`GF_SERVER_DOMAIN: ${DOMAIN}`): Grafana applies "
            "an override only when it is not empty. A compose file named for production (a word `prod`, `production` "
            "or `prd` in its path: "
            "`docker-compose.prod.yml`, `deploy/production/compose.yaml`) runs with the environment of the machine "
            "it is deployed on, which the repository keeps out on purpose: its variables are not reported (even "
            "where an env template leaves them out: the deployer's environment gives them as often), unless the "
            "repository documents "
            "a variable of a name like it, of three words or more (`GEMINI_API_KEY` for `GOOGLE_GEMINI_API_KEY`). A "
            "template named after a "
            "compose file "
            "(`docker-compose-remote.env.example` beside docker-compose-remote.yml) documents its variables like "
            "`.env.example`.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:${PG_VERSION}
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:${PG_VERSION:-16}
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.compose) return;
    // `${VAR:?message}` is the author requiring the variable: compose refuses to start without it,
    // saying the message, so nothing becomes empty in silence; a plain `${VAR}` of a variable the
    // stack requires elsewhere never runs empty either (frappe_docker's overrides).
    std::set<std::string> required;
    for (const UnsetVariable& v : stack.compose->unset_variables) {
      if (v.required) required.insert(v.name);
    }
    // One finding per variable, at its first use; the other uses are notes.
    std::map<std::string, std::vector<const UnsetVariable*>> uses;
    std::vector<std::string> order;
    const bool sail = run_by_sail(stack);
    for (const UnsetVariable& v : stack.compose->unset_variables) {
      if (required.count(v.name) > 0 || empty_by_convention(v.name) || commented_optional(stack, v)) continue;
      if (sail && (v.name == "WWWUSER" || v.name == "WWWGROUP")) continue;
      auto& list = uses[v.name];
      if (list.empty()) order.push_back(v.name);
      // An anchor merged into several services is interpolated once per service at the anchor's
      // own span: one written use.
      const auto same = [&](const UnsetVariable* u) { return u->location == v.location; };
      if (std::none_of(list.begin(), list.end(), same)) list.push_back(&v);
    }
    // A file with two or more unset variables expects an environment that is not here (a script's;
    // rw22 homelab: `user: "${PUID}:${PGID}"` was two findings, three variables one):
    // one finding for the file, naming them.
    // Variables every use of which forwards the caller's own (`TRACETEST_DEV: ${TRACETEST_DEV}`) are
    // grouped apart from the others: their findings are notes.
    const bool test_run = run_by_tests(stack.purpose);
    std::set<std::string> forwarded;
    for (const std::string& key : order) {
      if (test_run) break;  // all notes there, grouped as one
      if (std::ranges::all_of(uses[key], [&](const UnsetVariable* u) { return forwards_optional(stack, *u); })) {
        forwarded.insert(key);
      }
    }
    std::map<std::pair<std::string, bool>, std::vector<std::string>> per_file;
    for (const std::string& key : order) {
      // In a file named for production both kinds are one group (rw233 EthAI-Guard, whose
      // `- JWT_SECRET=${JWT_SECRET}` lines were split from the others beside them).
      const std::string& file = uses[key].front()->location.file;
      per_file[{file, forwarded.contains(key) && !production_file(file)}].push_back(key);
    }
    std::set<std::string> grouped;
    for (const auto& [file_forward, keys] : per_file) {
      if (keys.size() < kManyInOneFile) continue;
      grouped.insert(keys.begin(), keys.end());
      report_file(stack, file_forward.first, keys, uses, {.test_run = test_run, .forwarded = file_forward.second}, out);
    }
    for (const std::string& key : order) {
      if (grouped.count(key) > 0) continue;
      const std::vector<const UnsetVariable*>& list = uses[key];
      const UnsetVariable& v = *list.front();
      std::vector<Related> related;
      for (size_t i = 1; i < list.size() && i <= kMaxNotes; ++i) {
        related.push_back(Related{.message = "'" + v.name + "' is used here too", .location = list[i]->location});
      }
      if (list.size() > kMaxNotes + 1) {
        const size_t more = list.size() - kMaxNotes - 1;
        related.push_back(Related{.message = "and in " + more_of(more, "place"), .location = v.location});
      }
      std::string msg = "variable '" + v.name + "' is not set and has no default; compose substitutes an empty string";
      if (const Service* own = container_variable_of(stack, v)) {
        msg += "; service '" + own->name + "' sets " + v.name + " in its own environment: write $$" + v.name +
               " for the container's shell to expand it";
      }
      if (test_run) {
        out.report_demoted(Severity::note, msg + kTestRun, v.location, std::move(related));
      } else if (container_variable_of(stack, v) == nullptr && marks_required(stack, v.location.file)) {
        out.report_demoted(Severity::note, msg + "; " + kOptional, v.location, std::move(related));
      } else if (container_variable_of(stack, v) == nullptr && production_file(v.location.file) &&
                 !documented_alike(stack, v.name)) {
        continue;
      } else if (forwarded.contains(key)) {
        const std::optional<std::string> entry = entry_of(stack, v);
        const std::string why = entry && *entry != v.name
                                    ? "it only fills Grafana's " + *entry + ", which Grafana ignores when empty"
                                    : std::string(kForwarded);
        out.report_demoted(Severity::note, msg + "; " + why, v.location, std::move(related));
      } else {
        out.report(std::move(msg), v.location, std::move(related));
      }
    }
  }

 private:
  static constexpr size_t kMaxNotes = 3;
  static constexpr size_t kManyInOneFile = 2;

  // A use its own comment, or the comment right above it, calls optional (`# optional: set it to enable
  // the AI features` above `OPENAI_ACCESS_TOKEN: ${OPENAI_ACCESS_TOKEN}`, rw239 maybe): empty on purpose.
  static bool commented_optional(const Stack& stack, const UnsetVariable& v) {
    const std::vector<std::string_view> comments = setting_comments(stack, v.location);
    if (comments.empty()) return false;
    const std::string c = ascii_lower(comments.front());
    for (size_t at = c.find("optional"); at != std::string::npos; at = c.find("optional", at + 1)) {
      const std::string_view before = std::string_view(c).substr(0, at);
      if (before.ends_with("not ") || before.ends_with("non-") || before.ends_with("n't ")) continue;
      if (at == 0 || std::isalpha(static_cast<unsigned char>(c[at - 1])) == 0) return true;
    }
    return false;
  }

  // Variables a build or a program passes through from the user's shell, empty for everyone who has
  // none: proxies (`HTTPS_PROXY`, `no_proxy`, Go's `GOPROXY`) and Go's private module settings
  // (rw19 devlake's build args). Empty is what they mean; so is an empty `TZ`, UTC to the C library
  // (rw91 selfhost-stacks: `TZ=${TZ}` in every service). So are the flags a CI runner sets
  // (`CI=${CI}`, rw62 ecamp3: GitHub Actions, GitLab and the others set CI=true; empty on a laptop is
  // "not in CI").
  static bool empty_by_convention(const std::string& name) {
    std::string upper;
    for (const char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static constexpr std::array<std::string_view, 8> kRunners = {"CI",       "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE",
                                                                 "CIRCLECI", "TRAVIS",         "TF_BUILD",  "DRONE"};
    // And what every login shell sets (HOME, USER, PWD...) or a Go developer's does (GOPATH, rw116
    // authelia's test suites, whose bootstrap refuses to run without it).
    static constexpr std::array<std::string_view, 7> kShell = {"HOME",  "USER", "LOGNAME", "PWD",
                                                               "SHELL", "PATH", "GOPATH"};
    if (std::find(kShell.begin(), kShell.end(), upper) != kShell.end()) return true;
    return upper.ends_with("_PROXY") || upper == "TZ" || upper == "GOPROXY" || upper == "GOPRIVATE" ||
           upper == "GONOSUMDB" || upper == "GONOPROXY" || upper == "GOFLAGS" ||
           std::find(kRunners.begin(), kRunners.end(), upper) != kRunners.end();
  }

  // A Laravel Sail stack (an image `sail-8.3/app`, the service `laravel.test`): `vendor/bin/sail`
  // starts it and exports WWWUSER and WWWGROUP, the user's ids (rw106 solidtime).
  static bool run_by_sail(const Stack& stack) {
    return std::any_of(stack.services.begin(), stack.services.end(), [](const Service& s) {
      return s.name == "laravel.test" ||
             (s.image && s.image->value.starts_with("sail-") && s.image->value.ends_with("/app"));
    });
  }

  // A stack of tests (a compose file or folder named for CI, end-to-end or integration tests, or one
  // a CI workflow starts) runs in the environment its job gives it (rw98 AppFlowy's
  // docker-compose-ci.yml, Flagsmith's docker-compose-e2e-tests.yml with GITHUB_ACTION_URL): an
  // unset variable is a note there.
  static constexpr const char* kTestRun = "; a test stack gets its environment from the job that runs it";
  static bool run_by_tests(const StackPurpose& p) {
    if (p.deployed) return false;
    if (p.evidence == StackPurpose::Evidence::ci_workflow) return true;
    if (p.evidence != StackPurpose::Evidence::file_name && p.evidence != StackPurpose::Evidence::directory)
      return false;
    // `fixtures`, `testdata`: a test suite's stacks (rw115 tensorzero's ui/fixtures/).
    static constexpr std::array<std::string_view, 12> kWords = {"ci",      "e2e",         "test",     "tests",
                                                                "testing", "integration", "cypress",  "playwright",
                                                                "smoke",   "fixture",     "fixtures", "testdata"};
    const std::vector<std::string> words = lower_words(p.detail, "-_./ ");
    return std::any_of(words.begin(), words.end(),
                       [](const std::string& w) { return std::find(kWords.begin(), kWords.end(), w) != kWords.end(); });
  }

  // The service whose definition holds the use (the last service of the file that starts above it)
  // when its own environment sets the variable: `test: ["CMD-SHELL", "pg_isready -d $POSTGRES_DB"]`
  // beside `POSTGRES_DB: app` meant the container's variable, which `$$` leaves to its shell (rw102
  // mediacms: six compose files). nullptr otherwise.
  static const Service* owner_of(const Stack& stack, const UnsetVariable& v) {
    const Service* owner = nullptr;
    for (const Service& s : stack.services) {
      if (s.location.file != v.location.file || s.location.line > v.location.line) continue;
      if (owner == nullptr || s.location.line > owner->location.line) owner = &s;
    }
    return owner;
  }
  // The service reads an env_file other than `.env` (one the checkout lacks, or one whose lines
  // give it variables).
  static bool reads_other_env_file(const Service& s, const UnsetVariable& v) {
    if (!s.unread_env_files().empty()) return true;
    return std::ranges::any_of(s.environment, [&](const auto& kv) {
      const Location& at = kv.second.location;
      return at.valid() && at.file != v.location.file && path::basename(at.file.str()) != ".env";
    });
  }
  // The official postgres image refuses to initialise a database without POSTGRES_PASSWORD (unless
  // POSTGRES_PASSWORD_FILE or POSTGRES_HOST_AUTH_METHOD says otherwise): an empty forward of it is no
  // option left off.
  static bool required_by_image(const Service& s, const std::string& name) {
    return s.role == Role::postgres && name == "POSTGRES_PASSWORD" &&
           !s.environment.contains("POSTGRES_PASSWORD_FILE") && !s.environment.contains("POSTGRES_HOST_AUTH_METHOD");
  }
  static const Service* container_variable_of(const Stack& stack, const UnsetVariable& v) {
    const Service* owner = owner_of(stack, v);
    if (owner == nullptr) return nullptr;
    const auto it = owner->environment.find(v.name);
    if (it == owner->environment.end() || it->second.value.empty()) return nullptr;
    // The entry that holds the use is no value of the container's own (`- KEY="${KEY}"` keeps the
    // quotes, so its value is not empty; rw133 PhoenixAlerts).
    const Location& at = it->second.location;
    return at.file == v.location.file && at.line == v.location.line ? nullptr : owner;
  }

  // A file that marks the variables it requires (`${DATABASE_URL:?err}`, two or more) leaves the others
  // empty on purpose: optional integrations, empty for off (rw111 documenso's production compose: 40
  // bare variables for OIDC, S3, SMTP variants beside 12 required ones). A note there.
  static constexpr const char* kOptional =
      "the file marks the variables it requires with ${VAR:?...}, so it leaves these empty on purpose";
  static bool marks_required(const Stack& stack, const std::string& file) {
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source || f->kind != FileKind::compose) return false;
    const std::string_view text = f->source->text();
    size_t marked = 0;
    for (size_t at = text.find("${"); at != std::string_view::npos && marked < 2; at = text.find("${", at + 2)) {
      size_t end = at + 2;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) ++end;
      if (end == at + 2) continue;
      const std::string_view after = text.substr(end, 2);
      if (after.starts_with("?") || after == ":?") ++marked;
    }
    return marked >= 2;
  }

  // A compose file named for production (`docker-compose.prod.yml`, `deploy/production/compose.yaml`)
  // runs where it is deployed, with the secrets and settings of that machine's environment, which
  // the repository keeps out on purpose: 7 such findings in rw122-rw151 (EthAI-Guard, GymTracker's
  // webhook deploy, normaldance, Stratum's Makefile release) were all judged noise, none right; of
  // the notes kept where an env template leaves the variable out, 2 were judged right and 7 noise
  // over rw209-rw253 (the deployer's environment gives them as often as the template omits them).
  // The repository documents a variable of a name like it (`GEMINI_API_KEY` in .env.example for
  // `GOOGLE_GEMINI_API_KEY`, rw153 bez-digital-ecosystem): the value the deployer fills in never
  // reaches this one, whatever the file's name.
  static bool documented_alike(const Stack& stack, const std::string& name) {
    // Three words or more on the shorter side: `ADMIN_PASSWORD` documented for the app says nothing of a
    // `GRAFANA_ADMIN_PASSWORD` (rw122 EthAI-Guard).
    const auto words = [](const std::string& n) { return std::count(n.begin(), n.end(), '_') + 1; };
    return std::ranges::any_of(stack.compose->documented_names, [&](const std::string& d) {
      return d != name && one_extends(d, name) && words(d.size() < name.size() ? d : name) >= 3;
    });
  }
  static bool production_file(const std::string& file) {
    const std::vector<std::string> words = lower_words(file, "/._- ");
    return std::ranges::any_of(words,
                               [](const std::string& w) { return w == "prod" || w == "production" || w == "prd"; });
  }

  // `NAME: ${NAME}` (or `- NAME=${NAME}`) in a service's environment forwards the caller's variable
  // of the same name: the author expects it from whoever runs compose, often an optional switch
  // that is empty for off (rw130 tracetest: `TRACETEST_DEV: ${TRACETEST_DEV}` in 30 example stacks,
  // `os.Getenv("TRACETEST_DEV") != ""`). A note: compose passes the empty string, as meant, unless
  // the caller has a value.
  static constexpr const char* kForwarded =
      "it forwards the caller's variable of the same name, empty when the caller has none";
  static bool forwards_optional(const Stack& stack, const UnsetVariable& v) {
    // The repository documents a variable of a name like it (a template's AI_AZURE_OPENAI_API_KEY for
    // AZURE_OPENAI_API_KEY, rw107 AppFlowy): the value the user fills in never reaches this one.
    // The variable itself documented and still unset: a blank the template calls required.
    if (std::ranges::any_of(stack.compose->documented_names,
                            [&](const std::string& d) { return d == v.name || one_extends(d, v.name); })) {
      return false;
    }
    // Options the image sets itself (`JAVA_OPTS`, `NODE_OPTIONS`): forwarded empty, they replace them.
    if (compose::names_options(v.name)) return false;
    const Service* owner = owner_of(stack, v);
    if (owner != nullptr && required_by_image(*owner, v.name)) return false;
    const std::optional<std::string> key = entry_of(stack, v);
    if (!key) return false;
    if (*key == v.name) return owner == nullptr || !reads_other_env_file(*owner, v);
    // `GF_SERVER_DOMAIN: ${GRAFANA_SERVER_DOMAIN}` of a Grafana: Grafana applies a GF_ override only
    // when it is not empty (rw139 unpoller), so the empty value is the setting left out.
    // Not a security secret: an empty GF_SECURITY_ADMIN_PASSWORD leaves Grafana's default `admin`
    // (rw122 EthAI-Guard), an empty GF_SECURITY_SECRET_KEY its built-in key. An empty GF_SMTP_PASSWORD
    // is mail sent without a login (rw146 CyberDAS), as optional as the other GF_SMTP_ settings.
    const bool security_secret = key->starts_with("GF_SECURITY_") && is_secret_name(*key);
    return owner != nullptr && owner->role == Role::grafana && key->starts_with("GF_") && !security_secret &&
           !reads_other_env_file(*owner, v);
  }

  // The key of the service environment entry whose whole value is the variable (`KEY: ${NAME}`,
  // `KEY: "$NAME"`, `- KEY=${NAME}`); nullopt when the use is anything else. In a list item the
  // quotes are the value's own (`- KEY="${KEY}"` gives the container `""`): no such entry.
  static std::optional<std::string> entry_of(const Stack& stack, const UnsetVariable& v) {
    const StackFile* f = stack.find_file(v.location.file);
    if (f == nullptr || !f->source || v.location.line == 0) return std::nullopt;
    std::string_view line = f->source->line_text(v.location.line);
    const auto unquote = [](std::string_view t) {
      if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front()) {
        t = t.substr(1, t.size() - 2);
      }
      return t;
    };
    line = trim_blanks(line);
    if (const size_t hash = line.find(" #"); hash != std::string_view::npos) line = trim_blanks(line.substr(0, hash));
    const bool item = line.starts_with("- ");
    if (item) line = trim_blanks(line.substr(2));
    const std::string ref = "${" + v.name + "}";
    const size_t sep = item ? line.find('=') : line.find(':');
    if (sep == std::string_view::npos) return std::nullopt;
    const auto refers = [&](std::string_view value) { return value == ref || value == "$" + v.name; };
    const std::string_view key = item ? trim_blanks(line.substr(0, sep)) : unquote(trim_blanks(line.substr(0, sep)));
    const std::string_view value = trim_blanks(line.substr(sep + 1));
    if (!refers(item ? value : unquote(value))) return std::nullopt;
    return std::string(key);
  }

  // One name is the other with words added before or after it (`AI_AZURE_OPENAI_API_KEY` and
  // `AZURE_OPENAI_API_KEY`), the shorter of two words or more: not `CLOUD` in `NEXT_PUBLIC_CLOUD`.
  static bool one_extends(const std::string& a, const std::string& b) {
    const std::string& shorter = a.size() < b.size() ? a : b;
    const std::string& longer = a.size() < b.size() ? b : a;
    if (shorter.size() == longer.size() || shorter.find('_') == std::string::npos) return false;
    return longer.ends_with("_" + shorter) || longer.starts_with(shorter + "_");
  }

  struct FileContext {
    bool test_run = false;
    bool forwarded = false;  // every variable forwards the caller's own
  };
  static void report_file(const Stack& stack, const std::string& file, const std::vector<std::string>& keys,
                          std::map<std::string, std::vector<const UnsetVariable*>>& uses, FileContext ctx,
                          Reporter& out) {
    const bool test_run = ctx.test_run;
    std::string names;
    std::vector<Related> related;
    for (size_t i = 0; i < keys.size(); ++i) {
      const UnsetVariable& v = *uses[keys[i]].front();
      names += (i == 0 ? "" : ", ") + v.name;
      if (i > 0 && i <= kMaxNotes)
        related.push_back(Related{.message = "'" + v.name + "' is used here", .location = v.location});
    }
    if (keys.size() > kMaxNotes + 1) {
      const size_t more = keys.size() - kMaxNotes - 1;
      related.push_back(
          Related{.message = "and " + more_of(more, "variable"), .location = uses[keys.front()].front()->location});
    }
    std::string msg = std::to_string(keys.size()) + " variables of " + file + " are not set and have no default (" +
                      names + "); compose substitutes empty strings: ";
    // Every one the container's own variable: the fix is `$$`, not an environment.
    const Service* own = container_variable_of(stack, *uses[keys.front()].front());
    for (const std::string& key : keys) {
      if (own != nullptr && container_variable_of(stack, *uses[key].front()) != own) own = nullptr;
    }
    const bool marked = !test_run && own == nullptr && marks_required(stack, file);
    const bool production =
        !test_run && own == nullptr && !marked && production_file(file) &&
        std::ranges::none_of(keys, [&](const std::string& k) { return documented_alike(stack, k); });
    if (production) return;
    const bool optional = marked || (!test_run && own == nullptr && ctx.forwarded);
    const bool fills_grafana = std::ranges::any_of(keys, [&](const std::string& key) {
      const std::optional<std::string> entry = entry_of(stack, *uses[key].front());
      return entry && *entry != key;
    });
    msg += own != nullptr ? "service '" + own->name +
                                "' sets them in its own environment: write $$ before each "
                                "for the container's shell to expand it"
           : marked   ? std::string(kOptional)
           : optional ? (fills_grafana ? "each forwards the caller's variable of the same name or fills a Grafana GF_ "
                                         "setting, which Grafana ignores when empty"
                                       : "each forwards the caller's variable of the same name, empty when the caller "
                                         "has none")
                      : "the file expects an environment that is not here (a .env or the script that runs it)";
    if (test_run) {
      out.report_demoted(Severity::note, msg + kTestRun, uses[keys.front()].front()->location, std::move(related));
    } else if (optional) {
      out.report_demoted(Severity::note, msg, uses[keys.front()].front()->location, std::move(related));
    } else {
      out.report(std::move(msg), uses[keys.front()].front()->location, std::move(related));
    }
  }
};

}  // namespace

const Rule& compose_unset_variable() {
  static const ComposeUnsetVariable r;
  return r;
}

}  // namespace stacklint::rules
