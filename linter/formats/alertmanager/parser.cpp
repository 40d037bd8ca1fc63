#include "linter/formats/alertmanager/parser.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_set>

#include "linter/formats/alertmanager/checks.h"
#include "linter/formats/alertmanager/matchers.h"
#include "linter/formats/alertmanager/schema.h"
#include "linter/formats/prometheus/duration.h"
#include "linter/formats/prometheus/schema.h"
#include "linter/formats/prometheus/yaml_go.h"
#include "linter/source/suggest.h"
#include "linter/yaml/yaml.h"

namespace stacklint::alertmanager {

namespace {

std::string first_env_reference(std::string_view v);

// yaml.v2 booleans (YAML 1.1): true/false, yes/no, on/off, y/n in their usual cases.
bool yaml11_bool(const yaml::Node& n) {
  static const std::set<std::string> words = {"y",    "Y",    "yes",  "Yes",   "YES",   "n",    "N",   "no",
                                              "No",   "NO",   "on",   "On",    "ON",    "off",  "Off", "OFF",
                                              "true", "True", "TRUE", "false", "False", "FALSE"};
  return n.is_scalar() && n.style == yaml::ScalarStyle::plain && words.count(n.value) > 0;
}

class Walker {
 public:
  Walker(const yaml::Stream& stream, const Options& options, AmConfig& config)
      : stream_(stream), version_(options.version), minor_(judged_minor(options.version)), config_(config) {}

  void error(const yaml::Node& at, std::string message) {
    config_.errors.push_back(
        ParseIssue{.message = std::move(message), .location = stream_.location(at), .related = {}});
  }

  // Shape and unknown fields of a struct, recursively.
  void check(const yaml::Node& n, const Struct& s) {
    if (n.is_null()) return;
    if (!n.is_mapping()) {
      error(n, prometheus::cannot_unmarshal(n, "config.plain"));
      return;
    }
    for (const yaml::Pair& p : n.pairs) {
      const std::string& k = p.key->value;
      const Field* f = find_field(s, k, minor_);
      if (f == nullptr) {
        if (removed_before_table(k, version_)) continue;
        std::string msg = "field " + k + " not found in type config.plain";
        if (auto guess = did_you_mean(k, field_names(s, minor_))) msg += " (did you mean \"" + *guess + "\"?)";
        if (find_field(s, k, 99) != nullptr)
          msg += " (it needs Alertmanager newer than 0." + std::to_string(minor_) + ")";
        error(*p.key, std::move(msg));
        continue;
      }
      value(*p.value, *f);
      secret(s, *f, *p.value);
    }
  }

 private:
  // Values no output may show (AmConfig::secrets): SecretURLs, the webhook url, keys
  // (routing_key, service_key, user_key, api keys). Passwords and tokens are secrets by their name
  // (linter/model/secrets).
  void secret(const Struct& s, const Field& f, const yaml::Node& v) {
    if (!v.is_scalar() || v.is_null() || v.value.empty()) return;
    const std::string_view name = f.name;
    const bool key = name.size() > 4 && name.substr(name.size() - 4) == "_key";
    if (f.kind == Kind::secret_url || (s.name == "WebhookConfig" && name == "url") || key) {
      config_.secrets.push_back(
          AmSecret{.field = std::string(name), .value = {.value = v.value, .location = stream_.location(v)}});
    }
  }

  void value(const yaml::Node& v, const Field& f) {
    if (v.is_null()) {
      if (f.kind == Kind::match_regexps) return;  // the map itself may be null
      return;
    }
    switch (f.kind) {
      case Kind::any:
      case Kind::go_duration:
        return;
      case Kind::string:
        if (!v.is_scalar()) error(v, prometheus::cannot_unmarshal(v, "string"));
        return;
      case Kind::boolean:
        if (!yaml11_bool(v)) error(v, prometheus::cannot_unmarshal(v, "bool"));
        return;
      case Kind::integer:
      case Kind::unsigned_integer: {
        const bool is_unsigned = f.kind == Kind::unsigned_integer;
        const auto n = v.is_scalar() && v.style == yaml::ScalarStyle::plain ? yaml::as_integer(v) : std::nullopt;
        if (!n || (is_unsigned && *n < 0)) error(v, prometheus::cannot_unmarshal(v, is_unsigned ? "uint64" : "int"));
        return;
      }
      case Kind::duration:
        duration(v);
        return;
      case Kind::url:
      case Kind::secret_url:
        url(v, f.kind == Kind::secret_url);
        return;
      case Kind::hostport:
        hostport(v);
        return;
      case Kind::string_list:
        list_of_strings(v);
        return;
      case Kind::string_map:
        if (!v.is_mapping()) {
          error(v, prometheus::cannot_unmarshal(v, "map[string]string"));
          return;
        }
        for (const yaml::Pair& p : v.pairs) {
          if (!p.value->is_scalar()) error(*p.value, prometheus::cannot_unmarshal(*p.value, "string"));
        }
        return;
      case Kind::matchers:
        matchers(v);
        return;
      case Kind::match_regexps:
        match_regexps(v);
        return;
      case Kind::http_config:
      case Kind::tls:
        http(v, f.kind == Kind::tls);
        return;
      case Kind::mapping:
        if (const Struct* s = find_struct(f.sub)) check(v, *s);
        return;
      case Kind::list:
        if (!v.is_sequence()) {
          error(v, prometheus::cannot_unmarshal(v, "[]*config." + std::string(f.sub)));
          return;
        }
        if (const Struct* s = find_struct(f.sub)) {
          for (const yaml::Node* item : v.items) check(*item, *s);
        }
        return;
    }
  }

  void list_of_strings(const yaml::Node& v) {
    if (!v.is_sequence()) {
      error(v, prometheus::cannot_unmarshal(v, "[]string"));
      return;
    }
    for (const yaml::Node* item : v.items) {
      if (!item->is_scalar()) error(*item, prometheus::cannot_unmarshal(*item, "string"));
    }
  }

  void duration(const yaml::Node& v) {
    if (!v.is_scalar()) {
      error(v, prometheus::cannot_unmarshal(v, "string"));
      return;
    }
    std::string err;
    if (!prometheus::parse_duration(v.value, &err)) error(v, err);
  }

  // config.parseURL: Go's url.Parse, then the scheme must be http or https and the host non-empty.
  void url(const yaml::Node& v, bool secret) {
    if (!v.is_scalar()) {
      error(v, prometheus::cannot_unmarshal(v, "string"));
      return;
    }
    if (secret && v.value == "<secret>") return;
    // Alertmanager enforces http(s) URLs with a host since 0.16 (#1567); before, slack_api_url was
    // a plain string (0.12) and what 0.13 to 0.15 accepted is not known here: not judged.
    if (!version_.at_least(16)) return;
    if (auto why = check_url(v.value)) {
      // `api_url: '${SLACK_WEBHOOK}'` (rw80 AI-Executive-Suite): the cause is the reference, not the scheme.
      if (!first_env_reference(v.value).empty()) {
        *why += " (a ${...} reference: Alertmanager does not expand environment variables)";
      } else if (v.value.find("{{") != std::string::npos) {
        // `api_url: '{{ .SlackWebhookURL }}'` (rw92 autocoin): the notification templates are not
        // applied to a URL field.
        *why += " (template text: Alertmanager does not apply its templates to URL fields)";
      }
      error(v, *why);
    }
  }

  void hostport(const yaml::Node& v) {
    if (!v.is_scalar()) {
      error(v, prometheus::cannot_unmarshal(v, "string"));
      return;
    }
    if (auto why = check_hostport(v.value)) error(v, *why);
  }

  void matchers(const yaml::Node& v) {
    if (!v.is_sequence()) {
      error(v, prometheus::cannot_unmarshal(v, "[]string"));
      return;
    }
    for (const yaml::Node* item : v.items) {
      if (!item->is_scalar()) {
        error(*item, prometheus::cannot_unmarshal(*item, "string"));
        continue;
      }
      std::string err;
      if (!parse_matchers(item->value, &err)) error(*item, err);
    }
  }

  void match_regexps(const yaml::Node& v) {
    if (!v.is_mapping()) {
      error(v, prometheus::cannot_unmarshal(v, "config.plain"));
      return;
    }
    for (const yaml::Pair& p : v.pairs) {
      if (!valid_label_name(p.key->value)) {
        error(*p.key, "invalid label name \"" + p.key->value + "\"");
        continue;
      }
      if (p.value->is_null()) {
        error(*p.key, "invalid regexp value for \"" + p.key->value + "\"");
        continue;
      }
      if (!p.value->is_scalar()) {
        error(*p.value, prometheus::cannot_unmarshal(*p.value, "string"));
        continue;
      }
      std::string err;
      if (!regex_compiles(p.value->value, &err)) error(*p.value, err);
    }
  }

  // commoncfg.HTTPClientConfig (or TLSConfig): known fields, nested mappings, one way to authenticate.
  void http(const yaml::Node& v, bool tls_only) {
    const prometheus::Schema& client = prometheus::http_client_schema();
    const prometheus::Field* tls_field = prometheus::find_field(client, "tls_config");
    const prometheus::Schema& schema = tls_only && tls_field != nullptr ? *tls_field->sub : client;
    prom_struct(v, schema);
    if (tls_only || !v.is_mapping()) return;
    const bool basic = v.get("basic_auth") != nullptr;
    const bool authz = v.get("authorization") != nullptr;
    const bool oauth2 = v.get("oauth2") != nullptr;
    const bool token = v.get("bearer_token") != nullptr || v.get("bearer_token_file") != nullptr;
    if (v.get("bearer_token") != nullptr && v.get("bearer_token_file") != nullptr) {
      error(v, "at most one of bearer_token & bearer_token_file must be configured");
    } else if ((basic ? 1 : 0) + (authz ? 1 : 0) + (oauth2 ? 1 : 0) + (token ? 1 : 0) > 1) {
      error(v, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
  }

  void prom_struct(const yaml::Node& v, const prometheus::Schema& schema) {
    if (v.is_null()) return;
    if (!v.is_mapping()) {
      error(v, prometheus::cannot_unmarshal(v, "config.plain"));
      return;
    }
    for (const yaml::Pair& p : v.pairs) {
      const prometheus::Field* f = prometheus::find_field(schema, p.key->value);
      if (f == nullptr) {
        error(*p.key, "field " + p.key->value + " not found in type config.plain");
        continue;
      }
      if (f->kind == prometheus::Kind::mapping && f->sub != nullptr) prom_struct(*p.value, *f->sub);
      if (f->kind == prometheus::Kind::string && !p.value->is_scalar()) {
        error(*p.value, prometheus::cannot_unmarshal(*p.value, "string"));
      }
      if (f->kind == prometheus::Kind::boolean && !p.value->is_null() && !yaml11_bool(*p.value)) {
        error(*p.value, prometheus::cannot_unmarshal(*p.value, "bool"));
      }
    }
  }

  const yaml::Stream& stream_;
  AmVersion version_;
  int minor_;
  AmConfig& config_;
};

// The first `${NAME}` (or `${NAME:-default}`, `${NAME-...}`, `${NAME?...}`, `${NAME:?...}`) of a
// value, as `${NAME}` (a default is left out: it may be a secret), "" when none: what a shell or
// compose would substitute and Alertmanager leaves as written.
std::string first_env_reference(std::string_view v) {
  for (size_t at = v.find("${"); at != std::string_view::npos; at = v.find("${", at + 2)) {
    size_t i = at + 2;
    const auto name_char = [&](size_t k, bool first) {
      const char c = v[k];
      return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' ||
             (!first && std::isdigit(static_cast<unsigned char>(c)) != 0);
    };
    if (i >= v.size() || !name_char(i, true)) continue;
    while (i < v.size() && name_char(i, false)) ++i;
    const size_t close = v.find('}', i);
    if (close == std::string_view::npos) continue;
    if (i < v.size() && v[i] != '}' && v[i] != ':' && v[i] != '-' && v[i] != '?') continue;
    return "${" + std::string(v.substr(at + 2, i - at - 2)) + "}";  // the name only: a default may be a secret
  }
  return {};
}

// Every scalar value's first reference, in document order, each collection visited once (aliases
// share collections: an alias bomb stays linear).
void collect_env_references(const yaml::Stream& stream, const yaml::Node& root, AmConfig& c) {
  const bool shared = stream.shares_nodes();
  std::unordered_set<const yaml::Node*> seen;
  std::vector<std::pair<const yaml::Node*, std::string_view>> todo = {{&root, std::string_view()}};
  while (!todo.empty()) {
    const auto [node, field] = todo.back();
    todo.pop_back();
    if (node->is_scalar()) {
      if (const std::string ref = first_env_reference(node->value); !ref.empty()) {
        c.env_references.push_back(
            AmSecret{.field = std::string(field),
                     .value = Located<std::string>{.value = ref, .location = stream.location(*node)}});
      }
      continue;
    }
    if (shared && !seen.insert(node).second) continue;
    // Children pushed last first, so that they come off the stack in document order.
    for (auto it = node->items.rbegin(); it != node->items.rend(); ++it) {
      if (*it != nullptr) todo.emplace_back(*it, field);
    }
    for (auto it = node->pairs.rbegin(); it != node->pairs.rend(); ++it) {
      if (it->key != nullptr && it->value != nullptr) todo.emplace_back(it->value, it->key->value);
    }
  }
}

}  // namespace

std::optional<AmVersion> parse_version(std::string_view tag) {
  if (!tag.empty() && (tag[0] == 'v' || tag[0] == 'V')) tag.remove_prefix(1);
  AmVersion v;
  size_t i = 0;
  const auto number = [&](int& out) {
    const size_t start = i;
    out = 0;
    while (i < tag.size() && std::isdigit(static_cast<unsigned char>(tag[i])) != 0 && i - start < 4) {
      out = out * 10 + (tag[i++] - '0');
    }
    return i > start;
  };
  if (!number(v.major) || i >= tag.size() || tag[i] != '.') return std::nullopt;
  ++i;
  if (!number(v.minor)) return std::nullopt;
  return v;
}

Parse parse(const SourcePtr& source, const Options& options) {
  Parse out;
  out.config = std::make_shared<AmConfig>();
  AmConfig& c = *out.config;
  c.version = options.version;
  c.path = source->path();
  const auto stream = yaml::load(source);
  out.duplicate_keys = stream->duplicates();
  for (const ParseIssue& e : stream->errors()) c.errors.push_back(e);
  if (!stream->errors().empty()) return out;
  const yaml::Node* root = stream->root();
  if (root == nullptr || root->is_null()) {
    c.errors.push_back(ParseIssue{.message = "no route provided in config: amtool check-config fails on an empty file",
                                  .location = Location::whole_file(source->path()),
                                  .related = {}});
    return out;
  }
  const Struct& config = *find_struct("Config");
  // A file of another program given to Alertmanager (rw21: a webhook router's routes:, platforms:,
  // retry:): not one key is Alertmanager's. One error says so, instead of one per key.
  if (root->is_mapping() && !root->pairs.empty() &&
      std::none_of(root->pairs.begin(), root->pairs.end(), [&](const yaml::Pair& p) {
        return p.key != nullptr && find_field(config, p.key->value, 99) != nullptr;
      })) {
    std::string keys;
    for (size_t i = 0; i < root->pairs.size() && i < 4; ++i) {
      if (root->pairs[i].key != nullptr) keys += (keys.empty() ? "" : ", ") + root->pairs[i].key->value;
    }
    if (root->pairs.size() > 4) keys += ", ...";
    c.errors.push_back(ParseIssue{.message = "not an Alertmanager config: none of its top-level keys (" + keys +
                                             ") is one Alertmanager knows (route, receivers, ...): it refuses the file "
                                             "and exits",
                                  .location = stream->location(*root->pairs.front().key),
                                  .related = {}});
    return out;
  }
  Walker w(*stream, options, c);
  w.check(*root, config);
  if (!root->is_mapping()) return out;
  c.loaded = true;
  build_model(*stream, *root, c);
  const size_t typed = c.errors.size();
  validate_config(*stream, *root, c);
  // A struct whose own fields failed to unmarshal is not validated: its UnmarshalYAML returns the
  // type error first (`chat_id: {{ getenv "CHAT_ID" }}` is "cannot unmarshal !!map into int", not
  // also "missing chat_id", rw199 TrainingGround).
  const auto encloses_type_error = [&](const ParseIssue& v) {
    return std::any_of(c.errors.begin(), c.errors.begin() + static_cast<std::ptrdiff_t>(typed),
                       [&](const ParseIssue& t) {
                         return t.location.file == v.location.file && v.location.offset <= t.location.offset &&
                                t.location.offset < v.location.end_offset;
                       });
  };
  c.errors.erase(
      std::remove_if(c.errors.begin() + static_cast<std::ptrdiff_t>(typed), c.errors.end(), encloses_type_error),
      c.errors.end());
  collect_env_references(*stream, *root, c);
  return out;
}

}  // namespace stacklint::alertmanager
