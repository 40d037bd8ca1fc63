// What stacklint knows about the world outside the files: well-known metrics (their type, the
// exporter that exposes them, the setting that bounds them) and the ports each role serves. The
// facts are data (data/metrics.tsv, data/ports.tsv, embedded in the binary; docs/knowledge.md
// describes them), loaded once on first use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/kinds.h"

namespace stacklint::knowledge {

enum class MetricType : uint8_t { unknown, counter, gauge, histogram, summary, info };
std::string_view to_string(MetricType t);

enum class Relation : uint8_t { none, at_most, limit, equals };

// A `config.setting` reference: config is "postgres", "redis", "container" or "host".
struct SettingRef {
  std::string config;
  std::string name;
  [[nodiscard]] bool empty() const { return config.empty(); }
  [[nodiscard]] std::string text() const { return config + "." + name; }
};

// `config.name~item` (a list setting contains item) or `config.name=value`.
struct Condition {
  SettingRef setting;
  bool contains = false;  // `~`: the comma-separated list contains value; else `=`: equals value
  std::string value;
  [[nodiscard]] bool empty() const { return setting.empty(); }
};

struct MetricFact {
  std::string metric;  // exact name, or the prefix when `prefix`
  bool prefix = false;
  MetricType type = MetricType::unknown;
  // The role whose targets expose it; nullopt: every target has it (`any`), or `program` does.
  std::optional<Role> exporter;
  std::string program;  // `program:NAME`: a program stacklint gives no role (minio)
  SettingRef bound;
  Relation relation = Relation::none;
  std::vector<SettingRef> slack;
  Condition requires_condition;
  Condition silent_when;
  int line = 0;  // line in data/metrics.tsv
};

struct PortFact {
  Role role = Role::app;
  int port = 0;
  bool metrics = false;
  std::string path;
  std::string what;
};

// Who built an image (data/images.tsv), which decides how it turns environment variables into
// settings and where its program reads its configuration.
enum class ImageFamily : uint8_t {
  official,
  bitnami,
  valkey,
  keydb,
  redis_stack,
  timescaledb_ha,
  supabase,
  edoburu,
  sportsru,
  other
};
std::string_view to_string(ImageFamily f);

// A port an image serves beside its program's (redis/redis-stack's Redis Insight on 8001).
struct ImagePort {
  int port = 0;
  std::string what;  // "Redis Insight"
};

struct ImageFact {
  std::string pattern;  // repository, or a pattern with `*` (any run of characters, `/` included)
  Role role = Role::app;
  ImageFamily family = ImageFamily::other;
  std::string program;          // the server it runs: redis-server, valkey-server, postgres, pgbouncer, ...
  std::string config;           // the config file the program reads by default ("" when none)
  std::vector<ImagePort> also;  // ports the image serves beside its program's
  int line = 0;                 // line in data/images.tsv
};

// A metric name an exporter release took away (data/renamed_metrics.tsv): node_exporter 0.16 renamed
// `node_cpu` to `node_cpu_seconds_total`.
struct RenamedMetric {
  std::string metric;    // the old name
  std::string new_name;  // the name that replaced it
  Role exporter = Role::app;
  std::string since;  // the first release without the old name ("0.16.0")
  int line = 0;       // line in data/renamed_metrics.tsv
};

// Every row of data/metrics.tsv, in file order.
const std::vector<MetricFact>& metric_facts();
// Every row of data/ports.tsv, in file order.
const std::vector<PortFact>& port_facts();
// Every row of data/images.tsv, in file order.
const std::vector<ImageFact>& image_facts();

// The row of data/renamed_metrics.tsv for an old name; null when the name is none.
const RenamedMetric* find_renamed(std::string_view metric);

// The first row of data/images.tsv that matches a repository (registry and `library/` removed,
// lower case: "bitnami/redis", "valkey/valkey"); null when none does.
const ImageFact* find_image(std::string_view repository);

// The most specific fact about a metric name: an exact row, else the longest matching prefix row.
// Null when nothing is known. The type of a prefix row may be unknown while an exact row's is set.
const MetricFact* find_metric(std::string_view metric);

// Parses every table now: each is parsed once, at its first use, and run_check has a second thread
// do it while it finds and loads the stacks. Safe beside any other call (static initialization).
void prepare();

// The metric's type: the knowledge table's, else the naming convention (`_total`, `_count`, `_sum`,
// `_bucket` are counters; `_bytes`, `_seconds`, `_ratio`, `_info`, `_timestamp`... without a
// counter suffix are not, unless `total` comes before the unit: `x_total_bytes`). `unknown` when
// neither says, and for the sizes some exporters name `_total` (`*_fd_total`, `*_inodes_total`,
// `*_filesystem_files_total`).
MetricType metric_type(std::string_view metric);

// Port facts of a role (redis -> 6379...), empty when none.
std::vector<const PortFact*> ports_of(Role role);
// The default metrics port of a role (9121 for redis-exporter), 0 when the role serves none.
int metrics_port(Role role);

// Parses a table (exposed for tests): returns the rows, and error messages "line N: ..." for bad rows.
// Whether a variable is named for the program of the image it is given to: its first word (up to
// `_`, 3 letters or more) is a word of the image's repository name (`KRATOS_ADMIN_URL` and
// oryd/kratos:v1.3, `OPENSEARCH_INITIAL_ADMIN_PASSWORD` and opensearchproject/opensearch): one of
// the program's own settings.
bool names_image_program(std::string_view variable, std::string_view image);

std::vector<MetricFact> parse_metric_table(std::string_view text, std::vector<std::string>& errors);
std::vector<PortFact> parse_port_table(std::string_view text, std::vector<std::string>& errors);
std::vector<ImageFact> parse_image_table(std::string_view text, std::vector<std::string>& errors);
std::vector<RenamedMetric> parse_renamed_table(std::string_view text, std::vector<std::string>& errors);

}  // namespace stacklint::knowledge
