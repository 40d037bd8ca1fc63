// Label and metric names as Prometheus validates them, shared by the config parser (relabeling,
// external labels) and the rule file parser (rule labels, recording rule names).
#pragma once

#include <string_view>

namespace stacklint::prometheus {

// Label names: legacy `[a-zA-Z_][a-zA-Z0-9_]*` before 3.0, any non-empty valid UTF-8 from 3.0 on.
bool valid_label_name(std::string_view name, bool utf8);
// Metric names: legacy `[a-zA-Z_:][a-zA-Z0-9_:]*`, or non-empty valid UTF-8.
bool valid_metric_name(std::string_view name, bool utf8);

}  // namespace stacklint::prometheus
