#include "linter/analysis/alert_routing.h"

#include "linter/formats/promql/parser.h"
#include "linter/model/prom_config.h"
#include "linter/model/rule_file.h"

namespace stacklint::analysis {

namespace {

// Alertmanager's Route.Match: depth first; a child that matches takes the alert unless it has
// `continue`; a route no child takes keeps it.
void descend(const LabelSet& labels, const AmRoute& route, Destinations& out, int depth) {
  bool taken = false;
  for (const AmRoute& child : route.routes) {
    if (depth > 64) {
      out.complete = false;
      return;
    }
    const Tri t = satisfies_all(labels, child.matchers);
    if (t == Tri::no) continue;
    if (t == Tri::maybe) {
      out.complete = false;
      if (!child.continue_matching) return;  // whether later siblings get it is unknown too
      continue;
    }
    descend(labels, child, out, depth + 1);
    if (!child.continue_matching) {
      taken = true;
      break;
    }
  }
  if (!taken) out.routes.push_back(&route);
}

}  // namespace

SentAlerts alerts_sent_to(const Stack& stack, const Service& am) {
  SentAlerts out;
  out.known = !am.alert_senders().empty();
  for (const std::string& name : am.alert_senders()) {
    const Service* prom = stack.find_service(name);
    if (prom == nullptr || !prom->prometheus || !prom->prometheus->loaded) {
      out.known = false;
      continue;
    }
    const PromConfig& c = *prom->prometheus;
    if (c.resolved_rule_files.empty() && !c.rule_files.empty()) out.known = false;
    for (const ResolvedRuleFile& f : c.resolved_rule_files) {
      if (!f.rules) {
        out.known = false;
        continue;
      }
      for (const PromRule& r : f.rules->rules) {
        if (r.kind != RuleKind::alert) continue;
        if (!r.parsed || r.parsed->root == nullptr) out.known = false;
        const RuleGroup* g = r.group_index < f.rules->groups.size() ? &f.rules->groups[r.group_index] : nullptr;
        out.alerts.push_back(
            SentAlert{.rule = &r, .file = f.rules.get(), .prometheus = prom, .labels = alert_labels(r, g, &c)});
      }
    }
  }
  return out;
}

Destinations destinations(const LabelSet& labels, const AmRoute& root) {
  Destinations out;
  descend(labels, root, out, 0);
  return out;
}

}  // namespace stacklint::analysis
