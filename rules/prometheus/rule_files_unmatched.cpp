// prometheus/rule-files-unmatched: a rule_files pattern that matches no file inside the container.
#include <algorithm>
#include <set>

#include "linter/engine/rule.h"
#include "linter/formats/prometheus/glob.h"
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

bool under(const std::string& p, const std::string& dir) {
  return p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/';
}

// One entry visible in a container directory: its name, where it comes from and where that was said.
struct Entry {
  std::string name;
  std::string from;  // stack path of the file or directory on the host
  Location location;
};

// What stacklint knows is visible in `dir` inside the container: files of the stack under a bind mount
// of that directory, and mount targets directly below it.
std::vector<Entry> visible_in(const Stack& stack, const Service& svc, const std::string& dir) {
  std::vector<Entry> out;
  std::set<std::string> names;
  if (auto r = resolve_container_path(stack, svc, dir); r && r->mount != nullptr && r->mount->bind) {
    const std::string host = path::normalize(r->host_path);
    for (const StackFile& f : stack.files) {
      if (path::dirname(f.host_path) != host) continue;
      const std::string name = path::basename(f.host_path);
      if (names.insert(name).second) {
        out.push_back(Entry{.name = name, .from = f.path, .location = r->mount->location});
      }
    }
    // Subdirectories holding files of the stack.
    for (const StackFile& f : stack.files) {
      if (!under(f.host_path, host)) continue;
      const std::string rest = f.host_path.substr(host.size() + 1);
      const size_t slash = rest.find('/');
      if (slash == std::string::npos) continue;
      const std::string name = rest.substr(0, slash) + "/";
      if (names.insert(name).second) {
        out.push_back(Entry{.name = name, .from = r->stack_path + "/" + name, .location = r->mount->location});
      }
    }
  }
  for (const Mount& m : svc.mounts) {
    const std::string t = path::normalize(m.target);
    if (path::dirname(t) != dir || !m.bind) continue;
    const std::string name = path::basename(t) + (m.is_directory ? "/" : "");
    if (names.insert(name).second) out.push_back(Entry{.name = name, .from = m.source, .location = m.location});
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return out;
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
            "container directory.",
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
      for (size_t i = 0; i < c.rule_files.size(); ++i) {
        const RuleFilePattern& p = c.rule_files[i];
        if (p.pattern.value.empty() || !valid_pattern(p.pattern.value)) continue;
        const bool matched = std::any_of(c.resolved_rule_files.begin(), c.resolved_rule_files.end(),
                                         [i](const ResolvedRuleFile& r) { return r.pattern_index == i; });
        if (matched) continue;
        // Files in a named volume (or baked into the image under a volume) are invisible to stacklint.
        const auto r = resolve_container_path(stack, s, path::dirname(p.container_pattern));
        if (r && r->mount != nullptr && !r->mount->bind) continue;
        if (r && r->mount != nullptr && written_by_another(stack, s, r->host_path)) continue;
        report(stack, s, c, p, out);
      }
    }
  }

 private:
  // Another service mounts the directory writable (promgen's worker writes the rule file the
  // Prometheus loads): the file is made at run time, so its absence in the repository says nothing.
  static bool written_by_another(const Stack& stack, const Service& prom, const std::string& host_dir) {
    const std::string dir = path::normalize(host_dir);
    for (const Service& other : stack.services) {
      if (&other == &prom) continue;
      for (const Mount& m : other.mounts) {
        const std::string h = path::normalize(m.host_path);
        if (m.bind && !m.read_only && (h == dir || under(dir, h))) return true;
      }
    }
    return false;
  }

  static void report(const Stack& stack, const Service& s, const PromConfig& c, const RuleFilePattern& p,
                     Reporter& out) {
    const std::string dir = path::dirname(p.container_pattern);
    const std::string base = path::basename(p.container_pattern);
    std::vector<Related> related;
    std::string hint;
    const std::vector<Entry> entries = visible_in(stack, s, dir);
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
      for (const Entry& e : entries) candidates.push_back(e.name);
      if (auto guess = did_you_mean(base, candidates)) {
        const auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.name == *guess; });
        const size_t slash = p.pattern.value.rfind('/');
        const std::string fixed = (slash == std::string::npos ? "" : p.pattern.value.substr(0, slash + 1)) + *guess;
        hint += "; did you mean \"" + fixed + "\"?";
        related.push_back(
            Related{.message = path::join(dir, *guess) + " is mounted from " + it->from, .location = it->location});
      }
    }
    // A rule file of the stack that the pattern's name matches but that no bind mount brings into the container.
    for (const StackFile& f : stack.files) {
      if (f.kind != "rules" || !glob_match(base, path::basename(f.path))) continue;
      const bool visible = std::any_of(s.mounts.begin(), s.mounts.end(), [&](const Mount& m) {
        const std::string h = path::normalize(m.host_path);
        return m.bind && (f.host_path == h || under(f.host_path, h));
      });
      if (visible) continue;
      related.push_back(Related{.message = f.path + " matches the file name but is not mounted into service " + s.name,
                                .location = Location::whole_file(f.path)});
      break;
    }
    Location config_at = Location::whole_file(c.path);
    if (auto r = resolve_container_path(stack, s, c.container_path); r && r->mount != nullptr) {
      config_at = r->mount->location;
    }
    related.push_back(Related{.message = "service " + s.name + " reads its config as " + c.container_path +
                                         ", so relative rule_files resolve against " + path::dirname(c.container_path),
                              .location = config_at});
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
