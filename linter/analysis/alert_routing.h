// Which alerts reach an Alertmanager and where its route tree sends them: the alert rules of the
// Prometheus services whose alerting targets reach it, with their inferred labels, and the routes an
// alert certainly ends on (Alertmanager's matching: depth first, the first matching child wins unless
// it has `continue`). Unknown stays unknown: a route an alert may or may not match makes the result
// incomplete rather than a guess.
#pragma once

#include <string>
#include <vector>

#include "linter/analysis/alert_labels.h"
#include "linter/model/am_config.h"
#include "linter/model/stack.h"

namespace stacklint::analysis {

struct SentAlert {
  const PromRule* rule = nullptr;
  const RuleFile* file = nullptr;
  const Service* prometheus = nullptr;
  LabelSet labels;
};

// Every alert rule of the Prometheus services sending to `am` (Service::alert_senders). `known` is
// false when some sender's rules cannot all be read (then a route matching none of them proves nothing).
struct SentAlerts {
  std::vector<SentAlert> alerts;
  bool known = false;
};
SentAlerts alerts_sent_to(const Stack& stack, const Service& am);

// The routes an alert certainly ends on (their receivers get it); `complete` is false when a route
// on the way may or may not match, so other routes may get it too.
struct Destinations {
  std::vector<const AmRoute*> routes;
  bool complete = true;
};
Destinations destinations(const LabelSet& labels, const AmRoute& root);

}  // namespace stacklint::analysis
