// prometheus/rule-files-unmatched: a rule_files pattern that matches no file inside the container.
#include <algorithm>

#include "linter/analysis/container_files.h"
#include "linter/engine/rule.h"
#include "linter/model/container_path.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/suggest.h"

namespace stacklint::rules {

namespace {

// Prometheus's own check (config.go patRulePath): `*` only in the last path segment. Other patterns are
// prometheus/syntax errors.
bool valid_pattern(std::string_view p) {
  const size_t star = p.find('*');
  return star == std::string_view::npos || p.find('/', star) == std::string_view::npos;
}

class PrometheusRuleFilesUnmatched final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/rule-files-unmatched",
        .severity = Severity::error,
        .summary = "A rule_files pattern that matches no file as the Prometheus container sees it.",
        .rationale =
            "Prometheus resolves `rule_files` entries inside its container, relative to the directory of the "
            "config file as the container sees it, and a pattern that matches nothing is silently ignored: the "
            "server starts, reports no error, and evaluates no rule from it, so every alert in the missing file "
            "is gone without a trace. The usual causes are a rule file that is not mounted, a mount at another "
            "path than the pattern expects, or a typo in the pattern. The finding lists what is mounted in that "
            "container directory. A pattern that names a file mounted from a source the repository lacks matches the "
            "empty directory docker creates there: Prometheus fails to read it (\"is a directory\") and exits at "
            "start. That is one finding, here, and not also compose/mount-source-missing's. Entries of one directory "
            "that match nothing (`rules/*.yml` and `rules/*.yaml`) are one finding, the others its notes.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
)"},
                        {.path = "prometheus.yml", .content = R"(rule_files:
  - alerts.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']
)"},
                        {.path = "alerts.yml", .content = R"(groups:
  - name: up
    rules:
      - alert: Down
        expr: up == 0
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
      - ./alerts.yml:/etc/prometheus/alerts.yml:ro
)"},
                         {.path = "prometheus.yml", .content = R"(rule_files:
  - alerts.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']
)"},
                         {.path = "alerts.yml",
                          .content =
                              R"(groups:
  - name: up
    rules:
      - alert: Down
        expr: up == 0
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.prometheus || !s.prometheus->loaded) continue;
      const PromConfig& c = *s.prometheus;
      // The unmatched entries of one container directory (`alerts/*.yml` and `alerts/*.yaml`, rw206):
      // one cause, one finding at the first, the others its notes.
      std::vector<std::pair<std::string, std::vector<const RuleFilePattern*>>> by_dir;
      for (size_t i = 0; i < c.rule_files.size(); ++i) {
        const RuleFilePattern& p = c.rule_files[i];
        if (p.pattern.value.empty() || !valid_pattern(p.pattern.value)) continue;
        const bool matched = std::any_of(c.resolved_rule_files.begin(), c.resolved_rule_files.end(),
                                         [i](const ResolvedRuleFile& r) { return r.pattern_index == i; });
        // Before the matches: a glob that matches files and the directory fails on the directory.
        if (const Mount* m = missing_rule_file_mount(s, p.container_pattern)) {
          report_directory(s, p, *m, out);
          continue;
        }
        if (matched || p.unparsed_matches > 0) continue;
        // Files in a named volume (or baked into the image under a volume) are invisible to stacklint.
        const auto r = resolve_container_path(stack, s, path::dirname(p.container_pattern));
        if (r && r->mount != nullptr && !r->mount->bind) continue;
        if (r && r->mount != nullptr && written_by_another_service(stack, s, r->host_path)) continue;
        const std::string dir = path::dirname(p.container_pattern);
        const auto same = std::find_if(by_dir.begin(), by_dir.end(), [&](const auto& d) { return d.first == dir; });
        if (same == by_dir.end()) {
          by_dir.emplace_back(dir, std::vector<const RuleFilePattern*>{&p});
        } else {
          same->second.push_back(&p);
        }
      }
      for (const auto& [dir, patterns] : by_dir) {
        std::vector<Related> others;
        for (size_t k = 1; k < patterns.size(); ++k) {
          others.push_back(Related{.message = "and rule_files entry \"" + patterns[k]->pattern.value +
                                              "\", in the same directory, matches nothing either",
                                   .location = patterns[k]->pattern.location});
        }
        report(stack, s, c, *patterns.front(), std::move(others), out);
      }
    }
  }

 private:
  // The rule file's mount source is missing: the pattern matches the empty directory docker
  // creates, which Prometheus fails to read, and it exits at start (prometheus 2.x given a directory:
  // "loading groups failed ... is a directory", then "error loading config"). One finding, here;
  // compose/mount-source-missing leaves the mount to it (rw164 benevoclic-api-nest).
  static void report_directory(const Service& s, const RuleFilePattern& p, const Mount& m, Reporter& out) {
    out.report("rule_files entry \"" + p.pattern.value + "\" matches " + path::normalize(m.target) + " in the " +
                   s.name + " container, the empty directory docker creates for the missing bind-mount source '" +
                   m.source + "': Prometheus fails to read it (\"is a directory\") and exits at start",
               p.pattern.location,
               {Related{.message = "'" + m.source + "' does not exist in the repository; it is mounted here",
                        .location = m.location}});
  }

  static void report(const Stack& stack, const Service& s, const PromConfig& c, const RuleFilePattern& p,
                     std::vector<Related> others, Reporter& out) {
    const std::string dir = path::dirname(p.container_pattern);
    const std::string base = path::basename(p.container_pattern);
    std::vector<Related> related;
    std::string hint;
    const std::vector<ContainerEntry> entries = visible_in(stack, s, dir);
    const auto mounted = resolve_container_path(stack, s, dir);
    if (entries.empty()) {
      if (mounted && mounted->mount != nullptr) {
        hint = dir + " is " + mounted->stack_path + " on the host (bind mount " + mounted->mount->source + ":" +
               mounted->mount->target + "), where stacklint found no file";
        related.push_back(Related{.message = mounted->mount->source + " is mounted at " + mounted->mount->target,
                                  .location = mounted->mount->location});
      } else {
        hint = "nothing is mounted at " + dir;
        related.push_back(Related{.message = "service " + s.name + " is defined here", .location = s.location});
      }
    } else {
      std::string names;
      for (size_t k = 0; k < entries.size() && k < 8; ++k) names += (k == 0 ? "" : ", ") + entries[k].name;
      if (entries.size() > 8) names += ", ...";
      hint = dir + " holds " + names;
      std::vector<std::string> candidates;
      for (const ContainerEntry& e : entries) candidates.push_back(e.name);
      if (auto guess = did_you_mean(base, candidates)) {
        const auto it =
            std::find_if(entries.begin(), entries.end(), [&](const ContainerEntry& e) { return e.name == *guess; });
        const size_t slash = p.pattern.value.rfind('/');
        const std::string fixed = (slash == std::string::npos ? "" : p.pattern.value.substr(0, slash + 1)) + *guess;
        hint += "; did you mean \"" + fixed + "\"?";
        related.push_back(
            Related{.message = path::join(dir, *guess) + " is mounted from " + it->from, .location = it->location});
      }
    }
    // A rule file of the stack that the pattern's name matches but that no bind mount brings into the container.
    if (const StackFile* f = unmounted_rule_file(stack, s, base)) {
      related.push_back(Related{.message = f->path + " matches the file name but is not mounted into service " + s.name,
                                .location = Location::whole_file(f->path)});
    }
    Location config_at = Location::whole_file(c.path);
    if (auto r = resolve_container_path(stack, s, c.container_path); r && r->mount != nullptr) {
      config_at = r->mount->location;
    }
    related.push_back(Related{.message = "service " + s.name + " reads its config as " + c.container_path +
                                         ", so relative rule_files resolve against " + path::dirname(c.container_path),
                              .location = config_at});
    related.insert(related.end(), std::make_move_iterator(others.begin()), std::make_move_iterator(others.end()));
    const std::string looked = p.container_pattern == p.pattern.value ? "" : " (" + p.container_pattern + ")";
    out.report("rule_files entry \"" + p.pattern.value + "\"" + looked + " matches no file in the " + s.name +
                   " container, so Prometheus silently loads no rules from it: " + hint,
               p.pattern.location, std::move(related));
  }
};

}  // namespace

const Rule& prometheus_rule_files_unmatched() {
  static const PrometheusRuleFilesUnmatched r;
  return r;
}

}  // namespace stacklint::rules
