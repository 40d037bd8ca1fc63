// compose/syntax: what compose itself refuses: unparsable YAML, wrong shapes, unknown keys.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

class ComposeSyntax final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "compose/syntax",
        .severity = Severity::error,
        .summary = "A compose file that compose refuses: invalid YAML, a value of the wrong shape, an unknown key.",
        .rationale =
            "`docker compose` validates every file against the Compose Specification schema before it does "
            "anything. A misspelled key (`mem_limt`) or a scalar where a mapping belongs "
            "(`limits: 500M`) stops the whole deployment, or, in older tools, is silently ignored so a limit "
            "you wrote is not applied. stacklint validates against the same schema and points at the node. "
            "As compose does, it first collapses the lists compose keys (volumes by target, ports, environment "
            "and labels by name, ...): a repeated item there replaces the earlier one and is no error; a "
            "repeated item of another list (`security_opt`, `volumes_from`) is. A value that is wrong only because "
            "a variable in it has no known value is not reported here: an unset one is compose/unset-variable's, "
            "and a fill-in the env template leaves blank (`DATA_DIR=` in `.env.example`) or a variable the "
            "repository's scripts set takes the value the user gives it; an empty default (`${MEM:-}`) of a "
            "variable the template sets takes the template's value. A required `env_file` that is missing stops "
            "compose, unless its service is behind a profile nobody chose (compose 2.34 and later read no env file "
            "of a service that does not start); with `--profile` it is judged. A hidden env file (`.env.production`, "
            "`.env.api`) or one named for an environment (`staging.env`) holds a deployment's secrets, written where "
            "it runs: not reported missing. One in the folder of a git submodule "
            "(`.gitmodules`) that the checkout left empty is made by `git submodule update --init`, not missing. A "
            "`depends_on` that names no service "
            "of the project stops compose too (`service \"api\" depends on undefined service \"db\"`), unless "
            "its long form says `required: false`, or another compose file of the tree defines that service: "
            "the file is then a fragment run with its base (`-f`, `COMPOSE_FILE`). Several such entries of one file "
            "are "
            "one finding, the others its notes; a file whose opening comments say another compose file includes it "
            "(the word `include`, or a path to a compose file: `# consolidated by ~/app/docker-compose.yml`) is a "
            "fragment too, and the finding a note. Services written under a top-level `volumes:` (`networks:`, "
            "`configs:`, `secrets:`), a block appended below the wrong key, are one finding at the first, and so are "
            "the errors of one YAML anchor merged into several services and one error repeated in several services of "
            "a file (`memory: 512Mi`, a Kubernetes unit compose refuses, in each generated service) or in several "
            "items of one list (`- GF_A: a` mappings where `environment` takes strings), and so are the "
            "keys of a service written at its own indentation (`image:`, `ports:` read as services that are no "
            "mappings).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    deploy:
      resources:
        limits: 500M
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  api:
    image: nginx:1.27
    deploy:
      resources:
        limits:
          memory: 500M
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.compose) return;
    // One place, several services: a YAML anchor merged into each (`restart: *policy`, rw172
    // city-hospital: four errors at one line). One finding, the other services' its notes.
    struct Issue {
      const ParseIssue* issue;
      std::vector<Related> related;
      size_t merged = 0;  // notes of other services added
    };
    // One error written in many services of one file (`memory: 512Mi` in each of 32 generated
    // services, rw181 sahool): compose stops at the first, and one edit of the generator fixes all.
    // One finding, the other services' its notes.
    std::vector<Issue> issues;
    for (const ParseIssue& e : stack.compose->errors) {
      if (from_unset_variable(*stack.compose, e.location)) continue;
      const std::string shape = without_service(e.message);
      const auto same = std::find_if(issues.begin(), issues.end(), [&](const Issue& i) {
        return i.issue->location == e.location || (i.issue->location.file == e.location.file && !shape.empty() &&
                                                   without_service(i.issue->message) == shape);
      });
      if (same == issues.end()) {
        issues.push_back(Issue{.issue = &e, .related = e.related});
      } else if (same->merged++ < kMaxMerged) {
        same->related.push_back(Related{.message = "the same here: " + e.message, .location = e.location});
      }
    }
    for (Issue& i : issues) {
      if (i.merged > kMaxMerged) {
        const size_t more = i.merged - kMaxMerged;
        i.related.push_back(Related{.message = "and " + more_of(more, "place"), .location = i.issue->location});
      }
      out.report(i.issue->message, i.issue->location, std::move(i.related));
    }
    // A service another compose file of the tree defines: this file is a fragment of a stack
    // assembled from several (-f, COMPOSE_FILE), linted here on its own.
    if (stack.surroundings.overlay) return;
    // One finding per file, at its first entry; the others are its notes.
    std::map<std::string, std::vector<const UndefinedDependency*>> by_file;
    for (const UndefinedDependency& d : stack.compose->undefined_dependencies) {
      if (stack.surroundings.tree_names.count(ascii_lower(d.name)) > 0) continue;
      by_file[d.location.file.str()].push_back(&d);
    }
    for (const auto& [file, deps] : by_file) {
      const UndefinedDependency& d = *deps.front();
      std::vector<Related> notes;
      for (size_t i = 1; i < deps.size(); ++i) {
        notes.push_back(Related{.message = "service \"" + deps[i]->service + "\" depends on undefined service \"" +
                                           deps[i]->name + "\" too",
                                .location = deps[i]->location});
      }
      std::string msg =
          "service \"" + d.service + "\" depends on undefined service \"" + d.name + "\": invalid compose project";
      if (header_names_includer(stack, file)) {
        out.report_demoted(Severity::note,
                           msg +
                               " on its own; the file's header says another compose file includes it, which may "
                               "define that service",
                           d.location, std::move(notes));
      } else {
        out.report(std::move(msg), d.location, std::move(notes));
      }
    }
  }

 private:
  static constexpr size_t kMaxMerged = 3;

  // The comments that open the file name another compose file that includes it: the word `include`,
  // or a path to a compose file (`# consolidated by the root ~/app/docker-compose.yml`, rw128 belle):
  // a fragment, whose dependencies the including project defines (compose checks them only there).
  static bool header_names_includer(const Stack& stack, const std::string& file) {
    const StackFile* f = stack.find_file(file);
    if (f == nullptr || !f->source) return false;
    const std::string_view text = f->source->text();
    size_t at = 0;
    while (at < text.size()) {
      const size_t end = std::min(text.find('\n', at), text.size());
      std::string_view line = text.substr(at, end - at);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      if (!line.empty() && line.front() != '#' && line.front() != '\r') break;
      const std::string low = ascii_lower(line);
      if (low.find("include") != std::string::npos) return true;
      for (size_t c = low.find("compose."); c != std::string::npos; c = low.find("compose.", c + 1)) {
        const size_t word = low.find_last_of(" \t`'\"(", c);
        const std::string_view path = std::string_view(low).substr(word == std::string::npos ? 0 : word + 1,
                                                                   c - (word == std::string::npos ? 0 : word + 1));
        if (path.find('/') != std::string_view::npos) return true;
      }
      at = end + 1;
    }
    return false;
  }

  // An error's message without the service it names ("invalid 'x' in service 'api': ...", "... in
  // 'deploy' of service 'api'") and without its list indexes (`'environment[2]'`: the items of one
  // list written alike, `- GF_A: a` mappings where strings belong, rw200 docker-compose-resources),
  // or "" when it names none.
  static std::string without_service(const std::string& message) {
    std::string out = without_service_name(message);
    for (size_t open = out.find('['); open != std::string::npos; open = out.find('[', open + 1)) {
      size_t close = open + 1;
      while (close < out.size() && std::isdigit(static_cast<unsigned char>(out[close])) != 0) ++close;
      if (close > open + 1 && close < out.size() && out[close] == ']') out.erase(open + 1, close - open - 1);
    }
    return out;
  }

  static std::string without_service_name(const std::string& message) {
    // `image:` and `ports:` written at a service's own indentation (rw189 TWTW) are read as
    // services that are no mappings: one indentation mistake, whatever each one holds.
    if (message.starts_with("service '") && message.find("' must be a mapping, got ") != std::string::npos) {
      return "service must be a mapping";
    }
    static constexpr std::string_view kIn = " service '";
    const size_t at = message.find(kIn);
    if (at == std::string::npos) return "";
    const size_t end = message.find('\'', at + kIn.size());
    if (end == std::string::npos) return "";
    return message.substr(0, at) + message.substr(end + 1);
  }

  // A value made wrong by a variable that is not set (`ports: "${PORT}:80"` becomes `:80`): one
  // cause, reported once by compose/unset-variable.
  static bool from_unset_variable(const ComposeProject& project, const Location& at) {
    return std::any_of(project.unset_variables.begin(), project.unset_variables.end(), [&](const UnsetVariable& v) {
      return !v.required && v.location.file == at.file && v.location.offset >= at.offset &&
             v.location.end_offset <= std::max(at.end_offset, at.offset + 1) && at.end_offset > at.offset;
    });
  }
};

}  // namespace

const Rule& compose_syntax() {
  static const ComposeSyntax r;
  return r;
}

}  // namespace stacklint::rules
