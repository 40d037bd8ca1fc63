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
            "(381 MiB) is already above the limit: then an ordinary wide query is enough. A development, test or "
            "example stack (`stacklint model` shows the evidence as `purpose`) is not judged: nobody runs wide queries "
            "over its few series (set `[stack] deployed = true` to judge it).",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    mem_limit: 256m
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    mem_limit: 256m
    command:
      - --config.file=/etc/prometheus/prometheus.yml
      - --query.max-samples=10000000
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

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
      if (!given && need / 2 <= limit) continue;
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
