// prometheus/query-samples-over-memory: --query.max-samples x 16 bytes above the container's memory limit.
#include "linter/engine/rule.h"
#include "linter/model/prom_config.h"
#include "linter/model/stack.h"
#include "linter/units/format.h"
#include "rules/under_load.h"

namespace stacklint::rules {

namespace {

constexpr int64_t kBytesPerSample = 16;

// 50000000 -> "50,000,000".
std::string with_commas(int64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

class PrometheusQuerySamplesOverMemory final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/query-samples-over-memory",
        .severity = Severity::warning,
        .summary = "`--query.max-samples` x 16 bytes is above the Prometheus container's memory limit.",
        .rationale =
            "`--query.max-samples` (default 50,000,000) bounds how many samples one query may hold in memory; "
            "each sample takes at least 16 bytes (a timestamp and a float), before labels and intermediate "
            "results. When that bound alone exceeds the container's memory limit, a single wide dashboard query "
            "can push Prometheus past the limit; the OOM killer restarts it, and it replays its write-ahead log "
            "before it answers again. Lower `--query.max-samples` so that samples x 16 bytes fits well inside the "
            "limit, or raise the limit. The default, which nobody chose, is reported only when half of its bound "
            "(381 MiB) is already above the limit and the server may hold the series such a query needs (some "
            "25,000): series pushed to it by remote write or OTLP, a federation, a service discovery, or ten scrape "
            "targets or more. A few static targets hold a few thousand series, and no query reaches the bound. A "
            "development, test or "
            "example stack (`stacklint model` shows the evidence as `purpose`) is not judged: nobody runs wide queries "
            "over its few series (set `[stack] deployed = true` to judge it).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    mem_limit: 256m
    command:
      - --config.file=/etc/prometheus/prometheus.yml
      - --web.enable-otlp-receiver
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    mem_limit: 256m
    command:
      - --config.file=/etc/prometheus/prometheus.yml
      - --web.enable-otlp-receiver
      - --query.max-samples=10000000
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  // Whether the server may hold the series such a query needs: a wide dashboard query reaches 25
  // million samples over some 25,000 series (about 1,000 points each), the series of a dozen node
  // exporters or more. Series that arrive by remote write or OTLP, or from a federation, targets of
  // a discovery, or ten scrape targets or more. A Prometheus of a few static targets holds a few
  // thousand series; its default bound is never reached (rw232 vitar, rw254 Megawatts, rw259
  // my-devops-project: 3 of 3 such warnings judged noise).
  static bool series_may_be_many(const PromConfig& prom) {
    if (prom.flags.push_receiver) return true;
    size_t targets = 0;
    for (const ScrapeJob& job : prom.jobs) {
      if (job.targets_unknown() || job.metrics_path == "/federate") return true;
      targets += job.address_to_param_target ? job.probes.size() : job.targets.size();
    }
    return targets >= kManyTargets;
  }
  static constexpr size_t kManyTargets = 10;

  void check(const Stack& stack, Reporter& out) const override {
    if (!judged_under_load(stack)) return;
    for (const Service& s : stack.services) {
      if (!s.enabled || !s.prometheus || !s.memory_limit) continue;
      const auto& samples = s.prometheus->flags.query_max_samples;
      const int64_t limit = s.memory_limit->value;
      if (samples.value <= 0 || samples.value > INT64_MAX / kBytesPerSample) continue;
      const int64_t need = samples.value * kBytesPerSample;
      if (need <= limit) continue;
      const bool given = samples.location.valid();
      // The default, which the authors did not choose, only when half of its bound already fills the
      // limit: a 512 MiB Prometheus of a few targets (rw46 gpnc, Staffora) is no such case.
      if (!given && (need / 2 <= limit || !series_may_be_many(*s.prometheus))) continue;
      const auto [need_text, limit_text] = format_bytes_apart(need, limit);
      const std::string what = (given ? "--query.max-samples " : "the default --query.max-samples ") +
                               with_commas(samples.value) + " x 16 bytes = " + need_text +
                               " for one query's samples exceeds the memory limit " + limit_text + " of service " +
                               s.name + ": one large query can get Prometheus OOM-killed";
      if (given) {
        out.report(
            what + "; lower --query.max-samples below " + with_commas(limit / kBytesPerSample) + " or raise the limit",
            samples.location,
            {Related{.message = "the container's memory limit " + format_bytes(limit),
                     .location = s.memory_limit->location}});
      } else {
        out.report(
            what + "; set --query.max-samples below " + with_commas(limit / kBytesPerSample) + " or raise the limit",
            s.memory_limit->location,
            {Related{.message = "service " + s.name + " runs Prometheus", .location = s.location}});
      }
    }
  }
};

}  // namespace

const Rule& prometheus_query_samples_over_memory() {
  static const PrometheusQuerySamplesOverMemory r;
  return r;
}

}  // namespace stacklint::rules
