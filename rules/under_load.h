// Whether the memory rules judge a stack: they estimate what its servers use under load.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

// A service that drives traffic through the stack: a load generator, by the words of its name or
// its image's (`load-generator`, `locust`, `grafana/k6`, `loadgen`).
inline bool generates_load(const Service& s) {
  const std::vector<std::string> words = lower_words(s.image ? s.name + " " + s.image->value : s.name, "-_./: ");
  static constexpr std::array<std::string_view, 9> kTools = {
      "locust", "k6", "jmeter", "gatling", "vegeta", "artillery", "loadgen", "loadgenerator", "loadtest"};
  for (size_t i = 0; i < words.size(); ++i) {
    if (std::find(kTools.begin(), kTools.end(), words[i]) != kTools.end()) return true;
    if (words[i] == "load" && i + 1 < words.size() && words[i + 1] == "generator") return true;
  }
  return false;
}

// A deployed stack meets real load; so does a development, test or example stack that runs its own
// load generator (the OpenTelemetry demo's load-generator). Any other stack runs a handful of
// sessions on a developer's machine, its data small: worst cases under load are not judged there.
inline bool judged_under_load(const Stack& stack) {
  if (stack.purpose.deployed) return true;
  return std::any_of(stack.services.begin(), stack.services.end(),
                     [](const Service& s) { return s.enabled && generates_load(s); });
}

// Whether the comments heading a service call it a demonstration or sample, not the product's
// server ("# Target database being monitored (demo only)", rw72 postgres_ai): its load is the
// handful of clients the demo brings.
inline bool commented_as_demo(const Stack& stack, const Service& s) {
  for (const std::string_view comment : setting_comments(stack, s.location)) {
    const std::vector<std::string> words = lower_words(comment, " \t()[],.;:-_/'\"");
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string& w = words[i];
      if (w == "demo" || w == "demonstration" || w == "sample") return true;
      if (i + 1 < words.size() && (w == "test" || w == "testing" || w == "dev") && words[i + 1] == "only") return true;
    }
  }
  return false;
}

// judged_under_load, for one service of the stack: not one its comments call a demo.
inline bool service_judged_under_load(const Stack& stack, const Service& s) {
  return judged_under_load(stack) && !commented_as_demo(stack, s);
}

}  // namespace stacklint::rules
