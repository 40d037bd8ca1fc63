#include "linter/config/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "linter/source/suggest.h"
#include "linter/stack/bind_redis.h"
#include "linter/units/size.h"

namespace stacklint {

namespace {

class Reader {
 public:
  Reader(std::string file, ConfigLoad& out) : file_(std::move(file)), out_(out) {}

  Location at(const toml::source_region& r) const {
    return Location{.file = file_,
                    .line = r.begin.line,
                    .column = r.begin.column,
                    .end_line = r.end.line,
                    .end_column = r.end.column};
  }
  void error(const toml::source_region& r, std::string message) {
    out_.errors.push_back(ConfigError{.message = std::move(message), .location = at(r)});
  }
  void unknown_key(const toml::key& key, std::string_view where, const std::vector<std::string>& candidates) {
    std::string message = "unknown key '" + std::string(key.str()) + "' in " + std::string(where);
    if (const auto hint = did_you_mean(key.str(), candidates)) message += " (did you mean '" + *hint + "'?)";
    error(key.source(), message);
  }

  void read(const toml::table& root) {
    for (const auto& [key, node] : root) {
      const std::string_view k = key.str();
      if (k == "host") {
        if (const auto* t = table(key, node)) read_host(*t);
      } else if (k == "rules") {
        if (const auto* t = table(key, node)) read_rules(*t);
      } else if (k == "services") {
        if (const auto* t = table(key, node)) read_services(*t);
      } else if (k == "paths") {
        if (const auto* t = table(key, node)) read_paths(*t);
      } else if (k == "postgres") {
        if (const auto* t = table(key, node)) read_postgres(*t);
      } else if (k == "redis") {
        if (const auto* t = table(key, node)) read_redis(*t);
      } else if (k == "stack") {
        if (const auto* t = table(key, node)) read_stack(*t);
      } else {
        unknown_key(key, "the top level", {"host", "rules", "services", "paths", "postgres", "redis", "stack"});
      }
    }
  }

 private:
  const toml::table* table(const toml::key& key, const toml::node& node) {
    if (const auto* t = node.as_table()) return t;
    error(node.source(), "'" + std::string(key.str()) + "' must be a table");
    return nullptr;
  }

  std::optional<Located<int64_t>> size(const toml::key& key, const toml::node& node) {
    const auto* s = node.as_string();
    if (s == nullptr) {
      error(node.source(), "'" + std::string(key.str()) + "' must be a size string such as \"4GiB\"");
      return std::nullopt;
    }
    std::string why;
    const auto v = parse_docker_size(s->get(), &why);
    if (!v) {
      error(node.source(),
            "'" + std::string(key.str()) + "': " + why + " (expected a size such as \"4GiB\" or \"512m\")");
      return std::nullopt;
    }
    return Located<int64_t>{.value = *v, .location = at(node.source())};
  }

  void read_host(const toml::table& t) {
    for (const auto& [key, node] : t) {
      if (key.str() == "memory") {
        out_.config.host_memory = size(key, node);
        if (out_.config.host_memory && out_.config.host_memory->value < 1024 * 1024) {
          error(node.source(), "'memory' must be at least 1MiB (the host's memory, such as \"4GiB\")");
          out_.config.host_memory.reset();
        }
      } else if (key.str() == "reserve") {
        out_.config.reserve = size(key, node);
      } else {
        unknown_key(key, "[host]", {"memory", "reserve"});
      }
    }
  }

  std::optional<std::optional<Severity>> severity(const toml::node& node) {
    const auto* s = node.as_string();
    Severity sev = Severity::warning;
    if (s != nullptr && s->get() == "off") {
      std::optional<std::optional<Severity>> off;
      off.emplace();  // a rule turned off; built in place (GCC 12 -O2 warns on copying an empty optional)
      return off;
    }
    if (s != nullptr && parse_severity(s->get(), sev)) return std::optional<Severity>(sev);
    std::string message = "a rule's severity must be \"off\", \"error\", \"warning\" or \"note\"";
    if (s != nullptr) {
      message = "unknown severity '" + s->get() + "'; " + message;
      if (const auto hint = did_you_mean(s->get(), {"off", "error", "warning", "note"})) {
        message += " (did you mean '" + *hint + "'?)";
      }
    }
    error(node.source(), message);
    return std::nullopt;
  }

  void read_rules(const toml::table& t) {
    static const std::vector<std::string> ids = [] {
      std::vector<std::string> v;
      for (const Rule* r : all_rules()) v.emplace_back(r->info().id);
      return v;
    }();
    for (const auto& [key, node] : t) {
      const std::string id(key.str());
      const Rule* rule = find_rule(id);
      if (rule == nullptr) {
        unknown_key(key, "[rules] (not a rule id; see `stacklint rules`)", ids);
        continue;
      }
      if (const auto* options = node.as_table()) {
        read_rule_table(*rule, *options);
      } else if (const auto s = severity(node)) {
        out_.config.severity[id] = *s;
      }
    }
  }

  void read_rule_table(const Rule& rule, const toml::table& t) {
    const RuleInfo& info = rule.info();
    const std::string id(info.id);
    std::vector<std::string> names = {"severity"};
    for (const RuleOption& o : info.options) names.emplace_back(o.name);
    RuleOptionValues& values = out_.config.options[id];
    for (const auto& [key, node] : t) {
      if (key.str() == "severity") {
        if (const auto s = severity(node)) out_.config.severity[id] = *s;
        continue;
      }
      const RuleOption* option = nullptr;
      for (const RuleOption& o : info.options) {
        if (o.name == key.str()) option = &o;
      }
      if (option == nullptr) {
        unknown_key(key,
                    "[rules.\"" + id + "\"] (" +
                        (info.options.empty() ? std::string("this rule has no options") : "options: " + join(names)) +
                        ")",
                    names);
        continue;
      }
      std::string value;
      if (option->type == "number" && (node.is_integer() || node.is_floating_point())) {
        std::array<char, 64> buf{};
        std::snprintf(buf.data(), buf.size(), "%.17g", node.value<double>().value_or(0));
        value = buf.data();
      } else if (option->type == "string" && node.is_string()) {
        value = node.as_string()->get();
      } else if (option->type == "bool" && node.is_boolean()) {
        value = node.as_boolean()->get() ? "true" : "false";
      } else {
        error(node.source(),
              "option '" + std::string(option->name) + "' of " + id + " must be a " + std::string(option->type));
        continue;
      }
      values[std::string(option->name)] = value;
    }
  }

  void read_services(const toml::table& t) {
    for (const auto& [key, node] : t) {
      const auto* svc = table(key, node);
      if (svc == nullptr) continue;
      for (const auto& [k, v] : *svc) {
        if (k.str() != "role") {
          unknown_key(k, "[services." + std::string(key.str()) + "]", {"role"});
          continue;
        }
        const auto* s = v.as_string();
        const auto& roles = known_roles();
        const std::optional<Role> role = s == nullptr ? std::nullopt : role_from_string(s->get());
        if (!role) {
          std::string message = "unknown role";
          if (s != nullptr) message += " '" + s->get() + "'";
          message += "; roles: " + join(roles);
          if (s != nullptr) {
            if (const auto hint = did_you_mean(s->get(), roles)) message += " (did you mean '" + *hint + "'?)";
          }
          error(v.source(), message);
          continue;
        }
        out_.config.roles[std::string(key.str())] = Located<Role>{.value = *role, .location = at(v.source())};
      }
    }
  }

  void read_postgres(const toml::table& t) {
    for (const auto& [key, node] : t) {
      if (key.str() != "version") {
        unknown_key(key, "[postgres]", {"version"});
        continue;
      }
      const auto v = node.value<int64_t>();
      if (!node.is_integer() || !v || *v < 15 || *v > 18) {
        error(node.source(), "'version' must be a PostgreSQL major version from 15 to 18, such as 17");
        continue;
      }
      out_.config.postgres_version = Located<int>{.value = static_cast<int>(*v), .location = at(node.source())};
    }
  }

  void read_stack(const toml::table& t) {
    for (const auto& [key, node] : t) {
      if (key.str() != "deployed") {
        unknown_key(key, "[stack]", {"deployed"});
        continue;
      }
      const auto v = node.value<bool>();
      if (!node.is_boolean() || !v) {
        error(node.source(), "'deployed' must be true (judge the stack as deployed) or false (a developer's stack)");
        continue;
      }
      out_.config.deployed = Located<bool>{.value = *v, .location = at(node.source())};
    }
  }

  void read_redis(const toml::table& t) {
    for (const auto& [key, node] : t) {
      if (key.str() != "version") {
        unknown_key(key, "[redis]", {"version"});
        continue;
      }
      int major = 0;
      int minor = 0;
      const auto* s = node.as_string();
      if (s == nullptr || !parse_redis_release(s->get(), major, minor)) {
        error(
            node.source(),
            "'version' must be a Redis release from 6.0 to 7.4 (6.0, 6.2, 7.0, 7.2, 7.4) as a string, such as \"7.2\"");
        continue;
      }
      out_.config.redis_version = Located<std::pair<int, int>>{.value = {major, minor}, .location = at(node.source())};
    }
  }

  void read_paths(const toml::table& t) {
    for (const auto& [key, node] : t) {
      std::vector<std::string>* list = nullptr;
      if (key.str() == "include") list = &out_.config.include;
      if (key.str() == "exclude") list = &out_.config.exclude;
      if (list == nullptr) {
        unknown_key(key, "[paths]", {"include", "exclude"});
        continue;
      }
      const auto* arr = node.as_array();
      if (arr == nullptr) {
        error(node.source(), "'" + std::string(key.str()) + "' must be an array of glob strings");
        continue;
      }
      for (const toml::node& g : *arr) {
        if (const auto* s = g.as_string()) {
          list->push_back(s->get());
        } else {
          error(g.source(), "'" + std::string(key.str()) + "' must be an array of glob strings");
        }
      }
    }
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  std::string file_;
  ConfigLoad& out_;
};

}  // namespace

const std::vector<std::string>& known_roles() {
  static const std::vector<std::string> roles = [] {
    std::vector<std::string> names;
    for (const Role r : kAllRoles) names.emplace_back(to_string(r));
    return names;
  }();
  return roles;
}

ConfigLoad parse_config(std::string_view text, const std::string& file) {
  ConfigLoad out;
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    // toml++ is built with exceptions; its parse error becomes data here.
    out.errors.push_back(ConfigError{
        .message = std::string(e.description()),
        .location = Location{.file = file, .line = e.source().begin.line, .column = e.source().begin.column}});
    return out;
  }
  Reader reader(file, out);
  reader.read(root);
  // toml++ tables iterate in key order: report in file order.
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
  });
  return out;
}

}  // namespace stacklint
