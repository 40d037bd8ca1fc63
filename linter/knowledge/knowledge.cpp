#include "linter/knowledge/knowledge.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "linter/source/embedded.h"
#include "linter/source/text.h"

namespace stacklint::knowledge {

namespace {

std::string_view none_if_dash(std::string_view s) {
  return s == "-" ? std::string_view{} : s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// Calls fn(line_number, fields) for every non-comment, non-blank line. The tables are read at
// every run that needs them: one vector of fields serves all rows.
template <class F>
void for_each_row(std::string_view text, F&& fn) {
  int line_no = 0;
  std::vector<std::string_view> fields;
  for (size_t at = 0; at < text.size();) {
    const size_t eol = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, eol - at);
    at = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    fields.clear();
    for (size_t b = 0;;) {
      const size_t tab = line.find('\t', b);
      fields.push_back(line.substr(b, tab == std::string_view::npos ? std::string_view::npos : tab - b));
      if (tab == std::string_view::npos) break;
      b = tab + 1;
    }
    fn(line_no, fields);
  }
}

bool parse_setting_ref(std::string_view s, SettingRef& out) {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) return false;
  out.config = std::string(s.substr(0, dot));
  out.name = std::string(s.substr(dot + 1));
  static constexpr std::array<std::string_view, 4> kConfigs = {"postgres", "redis", "container", "host"};
  return std::find(kConfigs.begin(), kConfigs.end(), out.config) != kConfigs.end();
}

bool parse_condition(std::string_view s, Condition& out) {
  const size_t p = s.find_first_of("~=");
  if (p == std::string_view::npos || p + 1 == s.size()) return false;
  out.contains = s[p] == '~';
  out.value = std::string(s.substr(p + 1));
  return parse_setting_ref(s.substr(0, p), out.setting);
}

bool parse_type(std::string_view s, MetricType& t) {
  static constexpr std::array<std::pair<std::string_view, MetricType>, 6> kTypes = {{
      {"", MetricType::unknown},
      {"counter", MetricType::counter},
      {"gauge", MetricType::gauge},
      {"histogram", MetricType::histogram},
      {"summary", MetricType::summary},
      {"info", MetricType::info},
  }};
  for (const auto& [name, type] : kTypes) {
    if (name == s) {
      t = type;
      return true;
    }
  }
  return false;
}

bool parse_relation(std::string_view s, Relation& r) {
  if (s.empty())
    r = Relation::none;
  else if (s == "at-most")
    r = Relation::at_most;
  else if (s == "limit")
    r = Relation::limit;
  else if (s == "equals")
    r = Relation::equals;
  else
    return false;
  return true;
}

const std::vector<MetricFact>& load_metrics() {
  static const std::vector<MetricFact> facts = [] {
    std::vector<std::string> errors;
    auto rows = parse_metric_table(embedded_file("metrics.tsv"), errors);
    if (!errors.empty()) {
      // The table is part of the build and tested; a bad row is a build defect.
      for (const auto& e : errors) std::cerr << "stacklint: internal error: data/metrics.tsv " << e << "\n";
      std::abort();
    }
    return rows;
  }();
  return facts;
}

}  // namespace

std::string_view to_string(MetricType t) {
  switch (t) {
    case MetricType::unknown:
      return "unknown";
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
    case MetricType::summary:
      return "summary";
    case MetricType::info:
      return "info";
  }
  return "unknown";
}

std::vector<MetricFact> parse_metric_table(std::string_view text, std::vector<std::string>& errors) {
  std::vector<MetricFact> rows;
  std::unordered_set<std::string_view> names;  // as written (a prefix with its `*`), views into `text`
  for_each_row(text, [&](int line, const std::vector<std::string_view>& f) {
    const auto fail = [&](const std::string& why) { errors.push_back("line " + std::to_string(line) + ": " + why); };
    if (f.size() != 8) {
      fail("expected 8 tab-separated fields, got " + std::to_string(f.size()));
      return;
    }
    MetricFact m;
    m.line = line;
    std::string_view name = f[0];
    if (name.empty() || name == "-") return fail("empty metric name");
    if (name.back() == '*') {
      m.prefix = true;
      name.remove_suffix(1);
    }
    m.metric = std::string(name);
    if (!parse_type(none_if_dash(f[1]), m.type)) return fail("unknown type '" + std::string(f[1]) + "'");
    if (none_if_dash(f[2]).empty()) return fail("an exporter is required");
    if (f[2].starts_with("program:") && f[2].size() > 8) {
      m.program = std::string(f[2].substr(8));  // a program stacklint does not model: no role
    } else if (f[2] != "any") {
      m.exporter = role_from_string(f[2]);
      if (!m.exporter) return fail("unknown exporter role '" + std::string(f[2]) + "'");
    }
    if (!none_if_dash(f[3]).empty() && !parse_setting_ref(f[3], m.bound)) {
      return fail("bad bound '" + std::string(f[3]) + "'");
    }
    if (!parse_relation(none_if_dash(f[4]), m.relation)) return fail("bad relation '" + std::string(f[4]) + "'");
    if (m.bound.empty() != (m.relation == Relation::none)) return fail("bound and relation go together");
    if (!none_if_dash(f[5]).empty()) {
      for (std::string_view s : split(f[5], '+')) {
        SettingRef ref;
        if (!parse_setting_ref(s, ref)) return fail("bad slack setting '" + std::string(s) + "'");
        m.slack.push_back(std::move(ref));
      }
    }
    if (!none_if_dash(f[6]).empty() && !parse_condition(f[6], m.requires_condition)) {
      return fail("bad requires condition '" + std::string(f[6]) + "'");
    }
    if (!none_if_dash(f[7]).empty() && !parse_condition(f[7], m.silent_when)) {
      return fail("bad silent condition '" + std::string(f[7]) + "'");
    }
    if (!names.insert(f[0]).second) return fail("duplicate row for '" + std::string(f[0]) + "'");
    rows.push_back(std::move(m));
  });
  return rows;
}

std::vector<PortFact> parse_port_table(std::string_view text, std::vector<std::string>& errors) {
  std::vector<PortFact> rows;
  for_each_row(text, [&](int line, const std::vector<std::string_view>& f) {
    const auto fail = [&](const std::string& why) { errors.push_back("line " + std::to_string(line) + ": " + why); };
    if (f.size() != 5) return fail("expected 5 tab-separated fields, got " + std::to_string(f.size()));
    PortFact p;
    const std::optional<Role> role = role_from_string(f[0]);
    if (!role) return fail("unknown role '" + std::string(f[0]) + "'");
    p.role = *role;
    const auto [ptr, ec] = std::from_chars(f[1].data(), f[1].data() + f[1].size(), p.port);
    if (ec != std::errc{} || ptr != f[1].data() + f[1].size() || p.port <= 0 || p.port > 65535) {
      return fail("bad port '" + std::string(f[1]) + "'");
    }
    if (f[2] != "yes" && f[2] != "no") return fail("metrics must be yes or no");
    p.metrics = f[2] == "yes";
    p.path = std::string(none_if_dash(f[3]));
    if (p.metrics == p.path.empty()) return fail("a metrics port needs a path, others none");
    p.what = std::string(f[4]);
    rows.push_back(std::move(p));
  });
  return rows;
}

namespace {

constexpr std::array<std::pair<std::string_view, ImageFamily>, 10> kFamilies = {{
    {"official", ImageFamily::official},
    {"bitnami", ImageFamily::bitnami},
    {"valkey", ImageFamily::valkey},
    {"keydb", ImageFamily::keydb},
    {"redis-stack", ImageFamily::redis_stack},
    {"timescaledb-ha", ImageFamily::timescaledb_ha},
    {"supabase", ImageFamily::supabase},
    {"edoburu", ImageFamily::edoburu},
    {"sportsru", ImageFamily::sportsru},
    {"other", ImageFamily::other},
}};

// `*` matches any run of characters, `/` included; everything else matches itself.
bool pattern_match(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

std::string_view to_string(ImageFamily f) {
  for (const auto& [name, family] : kFamilies) {
    if (family == f) return name;
  }
  return "other";
}

// The `also` column of data/images.tsv: `port=what` entries separated by `,`; false on a bad entry.
bool parse_also_ports(std::string_view text, std::vector<ImagePort>& out) {
  if (none_if_dash(text).empty()) return true;
  for (const std::string_view entry : split(text, ',')) {
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq + 1 == entry.size()) return false;
    ImagePort p{.port = 0, .what = std::string(entry.substr(eq + 1))};
    const auto [ptr, ec] = std::from_chars(entry.data(), entry.data() + eq, p.port);
    if (ec != std::errc{} || ptr != entry.data() + eq || p.port <= 0 || p.port > 65535) return false;
    out.push_back(std::move(p));
  }
  return true;
}

std::vector<ImageFact> parse_image_table(std::string_view text, std::vector<std::string>& errors) {
  std::vector<ImageFact> rows;
  std::unordered_set<std::string_view> patterns;  // views into `text`
  for_each_row(text, [&](int line, const std::vector<std::string_view>& f) {
    const auto fail = [&](const std::string& why) { errors.push_back("line " + std::to_string(line) + ": " + why); };
    if (f.size() != 6) return fail("expected 6 tab-separated fields, got " + std::to_string(f.size()));
    ImageFact row{.pattern = std::string(f[0]), .line = line};
    if (row.pattern.empty() || row.pattern == "-") return fail("empty image");
    const std::optional<Role> role = role_from_string(f[1]);
    if (!role) return fail("unknown role '" + std::string(f[1]) + "'");
    row.role = *role;
    const auto fam = std::find_if(kFamilies.begin(), kFamilies.end(), [&](const auto& e) { return e.first == f[2]; });
    if (fam == kFamilies.end()) return fail("unknown family '" + std::string(f[2]) + "'");
    row.family = fam->second;
    row.program = std::string(none_if_dash(f[3]));
    if (row.program.empty()) return fail("a row needs the program the image runs");
    row.config = std::string(none_if_dash(f[4]));
    if (!row.config.empty() && row.config.front() != '/') return fail("config must be an absolute container path");
    if (!parse_also_ports(f[5], row.also)) return fail("also must be `port=what` entries separated by `,`, or `-`");
    if (!patterns.insert(f[0]).second) return fail("duplicate row for '" + row.pattern + "'");
    rows.push_back(std::move(row));
  });
  return rows;
}

const std::vector<ImageFact>& image_facts() {
  static const std::vector<ImageFact> facts = [] {
    std::vector<std::string> errors;
    auto rows = parse_image_table(embedded_file("images.tsv"), errors);
    if (!errors.empty()) {
      for (const auto& e : errors) std::cerr << "stacklint: internal error: data/images.tsv " << e << "\n";
      std::abort();
    }
    return rows;
  }();
  return facts;
}

std::vector<RenamedMetric> parse_renamed_table(std::string_view text, std::vector<std::string>& errors) {
  std::vector<RenamedMetric> rows;
  for_each_row(text, [&](int line, const std::vector<std::string_view>& f) {
    const auto fail = [&](const std::string& why) { errors.push_back("line " + std::to_string(line) + ": " + why); };
    if (f.size() != 4) return fail("expected 4 tab-separated fields, got " + std::to_string(f.size()));
    if (f[0].empty() || f[1].empty() || f[0] == f[1]) return fail("an old and a different new name are required");
    const std::optional<Role> role = role_from_string(f[2]);
    if (!role) return fail("unknown exporter role '" + std::string(f[2]) + "'");
    if (f[3].empty() || std::isdigit(static_cast<unsigned char>(f[3].front())) == 0) {
      return fail("bad release '" + std::string(f[3]) + "'");
    }
    rows.push_back(RenamedMetric{.metric = std::string(f[0]),
                                 .new_name = std::string(f[1]),
                                 .exporter = *role,
                                 .since = std::string(f[3]),
                                 .line = line});
  });
  return rows;
}

const RenamedMetric* find_renamed(std::string_view metric) {
  static const std::vector<RenamedMetric> rows = [] {
    std::vector<std::string> errors;
    auto out = parse_renamed_table(embedded_file("renamed_metrics.tsv"), errors);
    if (!errors.empty()) {
      for (const auto& e : errors) std::cerr << "stacklint: internal error: data/renamed_metrics.tsv " << e << "\n";
      std::abort();
    }
    return out;
  }();
  for (const RenamedMetric& r : rows) {
    if (r.metric == metric) return &r;
  }
  return nullptr;
}

const ImageFact* find_image(std::string_view repository) {
  for (const ImageFact& f : image_facts()) {
    if (pattern_match(f.pattern, repository)) return &f;
  }
  return nullptr;
}

const std::vector<MetricFact>& metric_facts() {
  return load_metrics();
}

const std::vector<PortFact>& port_facts() {
  static const std::vector<PortFact> facts = [] {
    std::vector<std::string> errors;
    auto rows = parse_port_table(embedded_file("ports.tsv"), errors);
    if (!errors.empty()) {
      for (const auto& e : errors) std::cerr << "stacklint: internal error: data/ports.tsv " << e << "\n";
      std::abort();
    }
    return rows;
  }();
  return facts;
}

namespace {

// The metric table by exact name (the first row of a name), and its prefix rows in table order:
// rules look a metric up for every selector of every expression.
struct MetricIndex {
  std::unordered_map<std::string_view, const MetricFact*> exact;
  std::vector<const MetricFact*> prefixes;
};

const MetricIndex& metric_index() {
  static const MetricIndex index = [] {
    MetricIndex out;
    for (const MetricFact& f : metric_facts()) {
      if (f.prefix) {
        out.prefixes.push_back(&f);
      } else {
        out.exact.try_emplace(f.metric, &f);
      }
    }
    return out;
  }();
  return index;
}

}  // namespace

void prepare() {
  (void)metric_index();
  (void)image_facts();
  (void)port_facts();
  (void)find_renamed("");
}

const MetricFact* find_metric(std::string_view metric) {
  const MetricIndex& index = metric_index();
  if (const auto it = index.exact.find(metric); it != index.exact.end()) return it->second;
  const MetricFact* best = nullptr;
  for (const MetricFact* f : index.prefixes) {
    if (metric.starts_with(f->metric) && (best == nullptr || f->metric.size() > best->metric.size())) best = f;
  }
  return best;
}

MetricType metric_type(std::string_view metric) {
  if (const MetricFact* f = find_metric(metric); f != nullptr && f->type != MetricType::unknown) return f->type;
  // RabbitMQ's node limits fd_total, sockets_total and proc_total (its management API's fields)
  // keep their names in exporters built on that API: a capacity, not a counter.
  // So are a filesystem's inode count (`node_filesystem_files_total` beside `..._files_free`, rw18) and
  // inodes_total: the size of something, not events.
  for (std::string_view s :
       {"_fd_total", "_sockets_total", "_proc_total", "_filesystem_files_total", "_inodes_total"}) {
    if (metric.ends_with(s)) return MetricType::unknown;
  }
  for (std::string_view s : {"_total", "_count", "_sum", "_bucket"}) {
    if (metric.ends_with(s)) return MetricType::counter;
  }
  if (metric.ends_with("_info")) return MetricType::info;
  // `total` before the unit (django_http_requests_body_total_bytes, a histogram) breaks the
  // convention that a counter ends in _total after its unit: the unit suffix says nothing then.
  if (metric.find("_total_") != std::string_view::npos) return MetricType::unknown;
  // Base units and derived values that the naming conventions reserve for gauges when they end
  // the name (a counter of them would end in _total).
  for (std::string_view s : {"_timestamp", "_timestamp_seconds", "_bytes", "_seconds", "_ratio", "_celsius", "_percent",
                             "_volts", "_amperes", "_joules", "_grams", "_meters"}) {
    if (metric.ends_with(s)) return MetricType::gauge;
  }
  return MetricType::unknown;
}

std::vector<const PortFact*> ports_of(Role role) {
  std::vector<const PortFact*> out;
  for (const PortFact& p : port_facts()) {
    if (p.role == role) out.push_back(&p);
  }
  return out;
}

int metrics_port(Role role) {
  for (const PortFact& p : port_facts()) {
    if (p.role == role && p.metrics) return p.port;
  }
  return 0;
}

bool names_image_program(std::string_view variable, std::string_view image) {
  const std::string program = ascii_lower(variable.substr(0, variable.find('_')));
  if (program.size() < 3) return false;
  std::string_view repo = image.substr(0, image.find_first_of(":@"));
  if (const size_t slash = repo.rfind('/'); slash != std::string_view::npos) repo.remove_prefix(slash + 1);
  size_t start = 0;
  while (start <= repo.size()) {
    const size_t end = std::min(repo.find_first_of("-_.", start), repo.size());
    if (ascii_lower(repo.substr(start, end - start)) == program) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace stacklint::knowledge
