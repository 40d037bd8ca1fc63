// prometheus/rule-file-not-loaded: a rule file beside the config of the stack's Prometheus that no
// rule_files entry names: its alerts are never evaluated.
#include <algorithm>
#include <set>
#include <string>

#include "linter/engine/rule.h"
#include "linter/formats/prometheus/glob.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"
#include "rules/notes.h"

namespace stacklint::rules {

namespace {

// The stack of both examples: a Prometheus that sees the whole folder, and the alerts beside its config.
constexpr const char* kExampleCompose = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.2
    volumes:
      - ./prometheus:/etc/prometheus:ro
)";
constexpr const char* kScrapeConfigs = R"(scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]
)";
constexpr const char* kExampleAlerts = R"(groups:
  - name: up
    rules:
      - alert: TargetDown
        expr: up == 0
)";

class PrometheusRuleFileNotLoaded final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/rule-file-not-loaded",
        .severity = Severity::warning,
        .summary =
            "A rule file beside the Prometheus config that no rule_files entry names: its alerts are never "
            "evaluated.",
        .rationale =
            "Prometheus evaluates only the rule files its `rule_files` patterns match. A file of alert rules kept "
            "in the folder of the stack's prometheus.yml (or below it), that no pattern names, is never loaded: "
            "Prometheus starts without a word, its /alerts page is empty, and the alerts the repository defines "
            "never fire. Add the file to `rule_files` (and mount it where the pattern looks).\n\n"
            "stacklint reports it when the stack runs exactly one Prometheus whose config it reads, and no "
            "rule_files pattern of that config matches the file's name (a pattern that names it but finds "
            "nothing in the container is prometheus/rule-files-unmatched's finding). Files that another "
            "Prometheus config of the repository loads are not reported. When the config has no rule_files at "
            "all, its unloaded rule files are one finding (one entry to add), the others its notes; when its "
            "`rule_files:` is commented out, the rules were turned off on purpose and nothing is reported.",
        .bad_example = {{.path = "compose.yaml", .content = kExampleCompose},
                        {.path = "prometheus/prometheus.yml", .content = kScrapeConfigs},
                        {.path = "prometheus/alerts.yml", .content = kExampleAlerts}},
        .good_example = {{.path = "compose.yaml", .content = kExampleCompose},
                         {.path = "prometheus/prometheus.yml", .content = R"(rule_files:
  - alerts.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]
)"},
                         {.path = "prometheus/alerts.yml", .content = kExampleAlerts}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    const PromConfig* config = nullptr;
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.prometheus) continue;
      if (config != nullptr || !s.prometheus->loaded || s.prometheus->host_path.empty()) return;  // not one
      config = s.prometheus.get();
    }
    if (config == nullptr) return;
    // A config Prometheus refuses (prometheus/syntax) loads nothing, and what it names is not known
    // past its error (rw118 aptos-monitoring: its rule_files were read as none).
    if (const StackFile* f = stack.find_file(config->path); f != nullptr && !f->errors.empty()) return;
    // Every rule file some config of the stack loads, the stack's Prometheus or a standalone one.
    std::set<std::string> loaded;
    const auto add = [&](const PromConfig& c) {
      for (const ResolvedRuleFile& r : c.resolved_rule_files) loaded.insert(path::normalize(r.host_path));
    };
    add(*config);
    for (const auto& c : stack.standalone_prometheus) {
      if (c) add(*c);
    }
    const std::string dir = path::dirname(path::normalize(config->host_path));
    std::vector<Pending> pending;
    for (const auto& rf : stack.rule_files) {
      if (!rf || rf->rules.empty()) continue;
      const std::string host = path::normalize(rf->host_path);
      if (loaded.count(host) > 0 ||
          !(host.size() > dir.size() && host.compare(0, dir.size(), dir) == 0 && host[dir.size()] == '/')) {
        continue;
      }
      const std::string name = path::basename(host);
      const bool named =
          std::any_of(config->rule_files.begin(), config->rule_files.end(),
                      [&](const RuleFilePattern& p) { return glob_match(path::basename(p.pattern.value), name); });
      if (named) continue;
      const size_t alerts = static_cast<size_t>(std::count_if(
          rf->rules.begin(), rf->rules.end(), [](const PromRule& r) { return r.kind == RuleKind::alert; }));
      const size_t records = rf->rules.size() - alerts;
      std::string what;
      if (alerts > 0) what = std::to_string(alerts) + (alerts == 1 ? " alert rule" : " alert rules");
      if (records > 0) {
        what += (what.empty() ? "" : " and ") + std::to_string(records) +
                (records == 1 ? " recording rule" : " recording rules");
      }
      const std::string why = config->rule_files.empty() ? "has no rule_files" : "names it in no rule_files entry";
      std::vector<Related> related;
      if (!config->rule_files.empty()) {
        related.push_back(Related{.message = "the rule_files of " + config->path,
                                  .location = config->rule_files.front().pattern.location});
      } else {
        related.push_back(Related{.message = "service " + config->service + " reads this config",
                                  .location = Location::whole_file(config->path)});
      }
      pending.push_back(Pending{.message = rf->path + " holds " + what + ", but " + config->path +
                                           " (read by service " + config->service + ") " + why +
                                           ", so Prometheus never loads it and " +
                                           (alerts > 0 ? "its alerts never fire" : "its series are never recorded") +
                                           advice_for(stack, config->service, host),
                                .location = rf->rules.front().key,
                                .related = std::move(related),
                                .path = rf->path});
    }
    // A config with no rule_files at all: one fix (add the entry) for every file beside it, so one
    // finding at the first, the others its notes (rw168 Setharkk: a warning per rule file).
    if (config->rule_files.empty() && pending.size() > 1) {
      Pending& first = pending.front();
      for (size_t i = 1; i < pending.size() && i <= kMaxNotes; ++i) {
        first.related.push_back(
            Related{.message = pending[i].path + " is not loaded either", .location = pending[i].location});
      }
      if (pending.size() - 1 > kMaxNotes) {
        first.related.push_back(Related{.message = "and " + more_of(pending.size() - 1 - kMaxNotes, "rule file"),
                                        .location = first.location});
      }
      first.message.replace(
          first.message.rfind("; add "), std::string::npos,
          ", nor " + more_of(pending.size() - 1, "rule file") + " beside it; add them to rule_files and mount them");
      pending.resize(1);
    }
    // Its `rule_files:` commented out (with `alerting:`, rw201 homeserver-v2): the authors turned
    // the rules off, and know it (as a note, 1 of 1 judged noise: rw262 microservices-observability).
    if (config->rule_files.empty() && commented_rule_files(stack, config->path)) return;
    for (Pending& p : pending) out.report(std::move(p.message), p.location, std::move(p.related));
  }

  // "; add it to rule_files and mount it", or, when service `server` mounts it already, the path to
  // add (rw262 microservices-observability: `./monitoring/prometheus/alert.rules.yml` is mounted at
  // /etc/prometheus/alert.rules.yml).
  static std::string advice_for(const Stack& stack, const std::string& server, const std::string& host) {
    for (const Service& s : stack.services) {
      if (s.name != server) continue;
      for (const Mount& m : s.mounts) {
        if (!m.bind || m.host_path.empty()) continue;
        const std::string source = path::normalize(m.host_path);
        if (source == host) return "; add " + m.target + " (where service " + server + " mounts it) to rule_files";
        if (host.size() > source.size() && host.compare(0, source.size(), source) == 0 && host[source.size()] == '/') {
          return "; add " + path::join(m.target, host.substr(source.size() + 1)) + " (where service " + server +
                 " mounts it) to rule_files";
        }
      }
    }
    return "; add it to rule_files and mount it";
  }

  // Whether a line of the config is a comment that starts with `rule_files:`.
  static bool commented_rule_files(const Stack& stack, const std::string& config) {
    const StackFile* f = stack.find_file(config);
    if (f == nullptr || !f->source) return false;
    for (std::string_view line : split_lines(f->source->text())) {
      line = trim_blanks(line);
      if (!line.starts_with('#')) continue;
      line.remove_prefix(std::min(line.find_first_not_of("# \t"), line.size()));
      if (line.starts_with("rule_files:")) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kMaxNotes = 3;
  struct Pending {
    std::string message;
    Location location;
    std::vector<Related> related;
    std::string path;
  };
};

}  // namespace

const Rule& prometheus_rule_file_not_loaded() {
  static const PrometheusRuleFileNotLoaded r;
  return r;
}

}  // namespace stacklint::rules
