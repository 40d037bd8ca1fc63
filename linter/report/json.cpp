#include <nlohmann/json.hpp>

#include "linter/report/json_util.h"
#include "linter/report/report.h"

namespace stacklint {

std::string render_json(const std::vector<Diagnostic>& diags) {
  nlohmann::json findings = nlohmann::json::array();
  int errors = 0;
  int warnings = 0;
  int notes = 0;
  for (const Diagnostic& d : diags) {
    nlohmann::json related = nlohmann::json::array();
    for (const Related& r : d.related) {
      related.push_back({{"message", r.message}, {"location", location_json(r.location)}});
    }
    findings.push_back({{"rule", d.rule},
                        {"severity", to_string(d.severity)},
                        {"message", d.message},
                        {"location", location_json(d.location)},
                        {"related", std::move(related)}});
    (d.severity == Severity::error ? errors : d.severity == Severity::warning ? warnings : notes)++;
  }
  const nlohmann::json doc{{"version", 1},
                           {"tool", {{"name", "stacklint"}, {"version", STACKLINT_VERSION}}},
                           {"findings", std::move(findings)},
                           {"summary", {{"error", errors}, {"warning", warnings}, {"note", notes}}}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace stacklint
