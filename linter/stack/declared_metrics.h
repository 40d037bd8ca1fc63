// The metrics a repository's own code declares, read from its source files: what a `_total` name
// the metric table does not know really is (`Gauge("orch_bots_total", ...)` is no counter).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "linter/model/rule_file.h"
#include "linter/source/fs.h"

namespace stacklint {

// The names ending in `_total` that one source file declares as gauges: a quoted name (`"x_total"`,
// `'x_total'`) whose nearest metric-type word in the text from two lines above it up to it is
// "gauge" (any case: Python's `Gauge(`, Go's `prometheus.NewGaugeVec(prometheus.GaugeOpts{ Name:`,
// prom-client's `new Gauge({ name:`, Rust's `register_int_gauge_vec!(`), not "counter",
// "histogram" or "summary"; and the names of `# TYPE x_total gauge` lines the code writes itself.
std::set<std::string> gauge_totals_declared(std::string_view source);

// gauge_totals_declared over the source files (.py .go .js .mjs .ts .java .kt .rb .rs .cs .php .ex)
// below `top`, not in the folders discovery skips (hidden ones, node_modules, vendor, build...) nor
// in tests' and documentation's (test, tests, spec, fixtures, docs...):
// breadth first, at most 400 folders and 1,500 source files of at most 1 MiB each.
std::set<std::string> find_declared_gauge_totals(const FileSystem& fs, const std::string& top);

// Whether a rule of the file selects a `_total` name the metric table does not know: the only
// names the declared gauges are asked about (promql/counter-without-rate), so a stack whose rule
// files select none has its sources left unread.
bool selects_unknown_total(const RuleFile& file);

// find_declared_gauge_totals' answer for each top it was asked about, kept by a run that loads
// several stacks of one repository so its sources are read once.
using DeclaredGaugeCache = std::map<std::string, std::set<std::string>>;

}  // namespace stacklint
