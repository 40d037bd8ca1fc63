#include "linter/stack/compose.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "linter/knowledge/knowledge.h"
#include "linter/model/container_path.h"
#include "linter/model/secrets.h"
#include "linter/stack/purpose.h"
#include "linter/stack/resolver.h"

namespace stacklint {

namespace {

// A variable that holds the port a modelled program listens on by default (`POSTGRES_PORT=5432`,
// data/ports.tsv) reveals nothing, and masking it would print "PostgreSQL port ${POSTGRES_PORT}" for
// the literal `:5432` beside it. A secret's name keeps it hidden whatever it holds.
bool default_port_value(const HiddenValue& h) {
  if (h.kind != HiddenValue::Kind::environment || is_secret_name(h.name)) return false;
  int port = 0;
  const char* end = h.value.data() + h.value.size();
  if (h.value.empty() || std::from_chars(h.value.data(), end, port).ptr != end) return false;
  const auto& facts = knowledge::port_facts();
  return std::any_of(facts.begin(), facts.end(), [&](const knowledge::PortFact& f) { return f.port == port; });
}

// With no profile chosen, services are judged as under every profile but those named for
// development or tests (`dev`, `local`, `test`: rw18 apygg's `postgres` beside `postgres-prod`): a
// deployment that names `monitoring` or `prod` runs them, and their configs are the repository's
// (rw36 the-dmz: the whole monitoring stack behind `profiles: [monitoring]` was never linted). A
// stack whose every service has only development profiles starts nothing without one: all of them
// are judged then.
void enable_deployed_profiles(std::vector<Service>& services) {
  const auto deployed = [](const Service& s) {
    return std::any_of(s.profiles().begin(), s.profiles().end(),
                       [](const std::string& p) { return !names_development(p); });
  };
  bool any = false;
  for (Service& s : services) {
    s.enabled = s.enabled || deployed(s);
    any = any || s.enabled;
  }
  if (!any) {
    for (Service& s : services) s.enabled = true;
  }
}

}  // namespace

std::vector<SchemaCheck> load_compose(Stack& stack, const FileSystem& fs, const ComposeOptions& options) {
  StackIncludeResolver compose_files(stack, fs, nullptr, ".", FileKind::compose);
  StackIncludeResolver env_files(stack, fs, nullptr, ".", FileKind::env);
  ComposeLoad load =
      load_compose(ComposeFiles{.compose = &compose_files, .env = &env_files, .root = stack.root, .fs = &fs}, options);
  stack.compose = std::move(load.project);
  if (stack.services.empty()) {
    stack.services = std::move(load.services);  // the records themselves, not a second copy of each
  } else {
    stack.services.reserve(stack.services.size() + load.services.size());
    for (Service& s : load.services) stack.services.push_back(std::move(s));
  }
  if (!stack.compose->profiles_chosen) enable_deployed_profiles(stack.services);
  for (DuplicateKey& d : load.duplicate_keys) stack.duplicate_keys.push_back(std::move(d));
  for (const auto& [host, line] : load.templates) {
    stack.skipped_files.push_back(SkippedFile{.path = stack_relative(stack, host),
                                              .kind = FileKind::compose,
                                              .reason = "a template: a template tag on line " + std::to_string(line) +
                                                        " is rendered by its project before compose reads it",
                                              .reader = ""});
  }
  for (const HiddenValue& h : load.hidden) {
    if (!default_port_value(h)) add_hidden_value(stack, h);
  }
  return std::move(load.schema_checks);
}

}  // namespace stacklint
