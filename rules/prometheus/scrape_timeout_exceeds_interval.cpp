// prometheus/scrape-timeout-exceeds-interval: a scrape timeout above its scrape interval.
#include <set>
#include <tuple>

#include "linter/engine/rule.h"
#include "linter/model/prom_config.h"
#include "linter/model/stack.h"

namespace stacklint::rules {

namespace {

class PrometheusScrapeTimeoutExceedsInterval final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/scrape-timeout-exceeds-interval",
        .severity = Severity::error,
        .summary = "A scrape_timeout greater than its scrape_interval: Prometheus refuses the configuration.",
        .rationale =
            "A scrape must finish before the next one starts, so Prometheus rejects a timeout above the interval, "
            "globally (`global scrape timeout greater than scrape interval`) and per job (`scrape timeout greater "
            "than scrape interval for scrape config with job name \"x\"`). The timeout is often raised for one slow "
            "exporter while the job inherits a shorter global interval. When no timeout is written, the default "
            "10s is capped at the interval and is never an error.",
        .bad_example = {{.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: node
    scrape_interval: 5s
    scrape_timeout: 6s
    static_configs:
      - targets: ['node:9100']
)"}},
        .good_example = {{.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: node
    scrape_interval: 5s
    scrape_timeout: 4s
    static_configs:
      - targets: ['node:9100']
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    std::set<std::tuple<std::string, uint32_t>> seen;
    auto one = [&](const PromConfig& c) {
      if (c.global_timeout_exceeds_interval && seen.emplace(c.path, c.global_timeout_location.offset).second) {
        std::vector<Related> related;
        if (c.scrape_interval.location.valid()) {
          related.push_back(Related{.message = "the global scrape_interval is " + seconds(c.scrape_interval.seconds),
                                    .location = c.scrape_interval.location});
        }
        out.report("global scrape timeout greater than scrape interval (" + seconds(c.scrape_timeout.seconds) + " > " +
                       seconds(c.scrape_interval.seconds) + ")",
                   c.global_timeout_location, related);
      }
      for (const ScrapeJob& j : c.jobs) {
        if (!j.timeout_exceeds_interval || !seen.emplace(c.path, j.timeout.location.offset).second) continue;
        std::vector<Related> related;
        if (j.interval.location.valid()) {
          related.push_back(
              Related{.message = std::string(j.interval.origin == DurationOrigin::global ? "the global" : "its") +
                                 " scrape_interval is " + seconds(j.interval.seconds),
                      .location = j.interval.location});
        }
        out.report("scrape timeout greater than scrape interval for scrape config with job name \"" + j.job_name.value +
                       "\" (" + seconds(j.timeout.seconds) + " > " + seconds(j.interval.seconds) +
                       (j.interval.origin == DurationOrigin::default_value ? ", the default interval" : "") + ")",
                   j.timeout.location, related);
      }
    };
    for (const Service& s : stack.services) {
      if (s.prometheus) one(*s.prometheus);
    }
    for (const auto& c : stack.standalone_prometheus) {
      if (c) one(*c);
    }
  }

 private:
  static std::string seconds(double s) {
    std::string t = std::to_string(s);
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t + "s";
  }
};

}  // namespace

const Rule& prometheus_scrape_timeout_exceeds_interval() {
  static const PrometheusScrapeTimeoutExceedsInterval r;
  return r;
}

}  // namespace stacklint::rules
