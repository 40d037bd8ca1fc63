// security/grafana-anonymous-admin: a published Grafana that makes every visitor an Admin.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/model/grafana_config.h"
#include "linter/model/stack.h"
#include "linter/model/written.h"
#include "rules/security/secrets.h"

namespace stacklint::rules {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

class SecurityGrafanaAnonymousAdmin final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/grafana-anonymous-admin",
        .severity = Severity::error,
        .summary = "Grafana with anonymous access in the Admin role, on a port published beyond loopback.",
        .rationale =
            "`GF_AUTH_ANONYMOUS_ENABLED=true` lets visitors in without logging in, and "
            "`GF_AUTH_ANONYMOUS_ORG_ROLE=Admin` (or `enabled = true` and `org_role = Admin` under "
            "`[auth.anonymous]` of the grafana.ini it reads) gives each of them the organisation's Admin role: anyone "
            "who "
            "reaches the port adds, edits and deletes datasources, dashboards and alert rules, and runs any "
            "query the datasources allow (a PostgreSQL datasource answers SQL). Demo and local stacks do it "
            "on purpose, to skip the login. stacklint reports it when the Grafana service publishes a port "
            "beyond loopback (or runs on the host network) in a stack it judges deployed; a test, example or "
            "development stack (`purpose` in `stacklint model`) is not judged unless `[stack] deployed = "
            "true`. Keep anonymous access in the Viewer role, or turn it off, or publish on 127.0.0.1 only."
            " Where nothing says the stack is deployed, the finding is a note (see \"A stack's purpose\" in "
            "docs/configuration.md for what says it).",
        .bad_example = {{.path = ".stacklint.toml", .content = "[stack]\ndeployed = true\n"},
                        {.path = "compose.yaml", .content = R"(services:
  grafana:
    image: grafana/grafana:11.2.0
    ports: ["3000:3000"]
    environment:
      GF_AUTH_ANONYMOUS_ENABLED: "true"
      GF_AUTH_ANONYMOUS_ORG_ROLE: Admin
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  grafana:
    image: grafana/grafana:11.2.0
    ports: ["3000:3000"]
    environment:
      GF_AUTH_ANONYMOUS_ENABLED: "true"
      GF_AUTH_ANONYMOUS_ORG_ROLE: Viewer
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    if (!stack.purpose.deployed) return;
    for (const Service& svc : stack.services) {
      if (!svc.enabled || svc.role != Role::grafana || !published_beyond_loopback(svc)) continue;
      // The variable, else `[auth.anonymous]` of the grafana.ini the container reads.
      const auto setting = [&](const char* variable, const std::optional<Located<std::string>>& ini) {
        const auto it = svc.environment.find(variable);
        if (it != svc.environment.end()) return std::optional<Located<std::string>>(it->second);
        return svc.grafana ? ini : std::nullopt;
      };
      const auto enabled =
          setting("GF_AUTH_ANONYMOUS_ENABLED", svc.grafana ? svc.grafana->ini_anonymous_enabled : std::nullopt);
      const auto role =
          setting("GF_AUTH_ANONYMOUS_ORG_ROLE", svc.grafana ? svc.grafana->ini_anonymous_role : std::nullopt);
      if (!enabled || !role || lower(enabled->value) != "true" || lower(role->value) != "admin") continue;
      // A value the user's environment or a template gives is theirs, not the repository's.
      if (!value_is_judgeable(stack, role->location) || !value_is_judgeable(stack, enabled->location)) continue;
      std::vector<Related> related{
          Related{.message = "anonymous access is turned on here", .location = enabled->location}};
      for (Related& note : published_port_notes(svc)) related.push_back(std::move(note));
      report_exposure(
          stack, out,
          "Grafana in service '" + svc.name +
              "' makes every visitor an Admin: anonymous access in the Admin role, reachable from outside the "
              "host, lets anyone change its datasources, dashboards and alerts and query what the datasources "
              "reach",
          role->location, std::move(related));
    }
  }
};

}  // namespace

const Rule& security_grafana_anonymous_admin() {
  static const SecurityGrafanaAnonymousAdmin r;
  return r;
}

}  // namespace stacklint::rules
