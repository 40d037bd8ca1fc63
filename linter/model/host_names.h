// The names by which containers of a stack reach a service, for "did you mean" suggestions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/stack.h"
#include "linter/source/suggest.h"

namespace stacklint {

// Service names, container_names and network aliases, each owned by the first service that has it,
// in that order. Built at the first question: a stack of 100,000 services whose hosts all resolve
// never builds it.
class HostNames {
 public:
  struct Guess {
    std::string name;
    const Service* owner = nullptr;
  };

  explicit HostNames(const Stack& stack) : stack_(stack) {}

  // The name closest to `host` when it is close enough to be a typo (did_you_mean), with its owner.
  std::optional<Guess> guess(std::string_view host) {
    make();
    std::optional<std::string> name = did_you_mean(host, names_);
    if (!name) return std::nullopt;
    const Service* owner = owner_.at(*name);
    return Guess{.name = std::move(*name), .owner = owner};
  }

 private:
  void make() {
    if (made_) return;
    made_ = true;
    const auto add = [&](const std::string& n, const Service& s) {
      if (owner_.emplace(n, &s).second) names_.push_back(n);
    };
    for (const Service& s : stack_.services) {
      add(s.name, s);
      if (s.container_name()) add(s.container_name()->value, s);
      for (const auto& [net, aliases] : s.network_aliases()) {
        for (const std::string& a : aliases) add(a, s);
      }
    }
  }

  const Stack& stack_;
  bool made_ = false;
  std::vector<std::string> names_;
  std::map<std::string, const Service*, std::less<>> owner_;
};

}  // namespace stacklint
