#include "linter/formats/prometheus/config.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>

#include "linter/formats/prometheus/duration.h"
#include "linter/formats/prometheus/file_sd.h"
#include "linter/formats/prometheus/labels.h"
#include "linter/formats/prometheus/schema.h"
#include "linter/formats/prometheus/yaml_go.h"
#include "linter/source/utf8.h"
#include "linter/yaml/yaml.h"

namespace stacklint::prometheus {

namespace {

// yaml.v2 resolves YAML 1.1 booleans too.
bool yaml11_bool(const yaml::Node& n) {
  if (!n.is_scalar() || n.style != yaml::ScalarStyle::plain) return false;
  static const std::set<std::string> words = {"y",  "Y",  "yes",  "Yes",  "YES",  "n",     "N",     "no",
                                              "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                              "on", "On", "ON",   "off",  "Off",  "OFF"};
  return words.count(n.value) > 0;
}

bool is_binary(const yaml::Node& n) {
  return n.tag.size() >= 6 && n.tag.compare(n.tag.size() - 6, 6, "binary") == 0;
}

// The bytes of a scalar as Go decodes them: base64 for !!binary.
std::string cooked(const yaml::Node& n) {
  if (!is_binary(n)) return n.value;
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : n.value) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (v < 0) continue;
    acc = (acc << 6U) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> static_cast<uint32_t>(bits)) & 0xFFU);
    }
  }
  return out;
}

// A relabel rule's template may reference regex groups (`$1`, `${name}`).
bool has_template_var(std::string_view s) {
  return s.find('$') != std::string_view::npos;
}

class Parser {
 public:
  Parser(const SourcePtr& source, const ConfigOptions& options) : options_(options) {
    stream_ = yaml::load(source);
    out_.config = std::make_shared<PromConfig>();
    out_.config->version_major = options.major;
    out_.config->version_minor = options.minor;
  }

  ConfigParse run() {
    for (const ParseIssue& e : stream_->errors()) out_.errors.push_back(e);
    out_.duplicate_keys = stream_->duplicates();
    if (!stream_->errors().empty()) return std::move(out_);
    const yaml::Node* root = stream_->root();
    if (root == nullptr || root->is_null()) return std::move(out_);
    if (!root->is_mapping()) {
      error(*root, cannot_unmarshal(*root, "config.plain"));
      return std::move(out_);
    }
    validate(*root, config_schema());
    if (const auto* g = root->get("global"); g != nullptr && g->is_mapping()) global(*g);
    if (const auto* rf = root->get("rule_files"); rf != nullptr && rf->is_sequence()) rule_files(*rf, true);
    if (const auto* sf = root->get("scrape_config_files"); sf != nullptr && sf->is_sequence()) {
      rule_files(*sf, false);
      out_.config->has_scrape_config_files = !sf->items.empty();
    }
    if (const auto* sc = root->get("scrape_configs"); sc != nullptr && sc->is_sequence()) scrape_configs(*sc);
    if (const auto* a = root->get("alerting"); a != nullptr && a->is_mapping()) alerting(*a);
    if (const auto* s = root->get("storage"); s != nullptr && s->is_mapping()) storage(*s);
    if (const auto* t = root->get("tracing"); t != nullptr && t->is_mapping()) {
      const auto* ep = t->get("endpoint");
      if (ep == nullptr || !ep->is_scalar() || ep->is_null() || ep->value.empty()) {
        error(*t, "tracing endpoint must be set");
      }
      if (const auto* c = t->get("compression");
          c != nullptr && c->is_scalar() && !c->is_null() && !c->value.empty() && c->value != "gzip") {
        error(*c, "invalid compression type " + c->value + " provided, valid options: gzip");
      }
      if (const auto* ct = t->get("client_type");
          ct != nullptr && ct->is_scalar() && ct->value != "http" && ct->value != "grpc") {
        error(*ct, "expected tracing client type to be to be http or grpc, but got " + ct->value);
      }
    }
    remote("remote_write", root->get("remote_write"));
    remote("remote_read", root->get("remote_read"));
    return std::move(out_);
  }

 private:
  void error(const yaml::Node& at, std::string message) {
    out_.errors.push_back(ParseIssue{.message = std::move(message), .location = stream_->location(at), .related = {}});
  }

  bool available(const Field& f) const {
    return options_.major > f.since_major || (options_.major == f.since_major && options_.minor >= f.since_minor);
  }

  // Shape and unknown fields, recursively.
  void validate(const yaml::Node& n, const Schema& schema) {
    if (n.is_null()) return;
    if (!n.is_mapping()) {
      error(n, cannot_unmarshal(n, schema.type));
      return;
    }
    if (schema.http_client) http_client(n);
    if (schema.type == "relabel.plain") relabel(n);
    for (const yaml::Pair& p : n.pairs) {
      const std::string& k = p.key->value;
      const Field* f = find_field(schema, k);
      if (f != nullptr && !available(*f)) f = nullptr;
      if (f == nullptr && schema.service_discovery) {
        if (k == "static_configs") {
          static_configs(*p.value);
          continue;
        }
        if (k.ends_with("_sd_configs") && known_sd(k.substr(0, k.size() - 11))) {
          sd_list(*p.value, k);
          continue;
        }
      }
      if (f == nullptr) {
        error(*p.key, "field " + k + " not found in type " + std::string(schema.type));
        continue;
      }
      value(*p.value, *f);
    }
  }

  // relabel.Config's UnmarshalYAML and Validate.
  void relabel(const yaml::Node& r) {
    if (!r.is_mapping()) return;
    const bool utf8 = options_.major >= 3;
    auto str = [&](const char* key, std::string def) {
      const auto* n = r.get(key);
      return n != nullptr && n->is_scalar() && !n->is_null() ? cooked(*n) : def;
    };
    const auto* action_node = r.get("action");
    std::string action = str("action", "replace");
    std::transform(action.begin(), action.end(), action.begin(), [](unsigned char c) { return std::tolower(c); });
    const yaml::Node& at = action_node != nullptr ? *action_node : r;
    if (action_node != nullptr && (action_node->is_null() || action.empty())) {
      error(at, "relabel action cannot be empty");
      return;
    }
    static const std::set<std::string> actions = {"replace",   "keep",      "drop",     "keepequal",
                                                  "dropequal", "hashmod",   "labelmap", "labeldrop",
                                                  "labelkeep", "lowercase", "uppercase"};
    if (actions.count(action) == 0) {
      error(at, "unknown relabel action " + go_quote(action));
      return;
    }
    const std::string regex = str("regex", "(.*)");
    if (const auto* rn = r.get("regex"); rn != nullptr && rn->is_scalar()) {
      RE2::Options o;
      o.set_log_errors(false);
      RE2 re("^(?s:" + regex + ")$", o);
      if (!re.ok()) {
        error(*rn, "error parsing regexp: " + re.error());
        return;
      }
    }
    const std::string target = str("target_label", "");
    const std::string replacement = str("replacement", "$1");
    const auto* modulus = r.get("modulus");
    const bool has_modulus = modulus != nullptr && modulus->is_scalar() && modulus->value != "0" && !modulus->is_null();
    const bool default_separator = str("separator", ";") == ";";
    const std::string act = action;
    if (act == "hashmod" && !has_modulus) {
      error(at, "relabel configuration for hashmod requires non-zero modulus");
      return;
    }
    const bool needs_target = act == "replace" || act == "hashmod" || act == "lowercase" || act == "uppercase" ||
                              act == "keepequal" || act == "dropequal";
    if (needs_target && target.empty()) {
      error(at, "relabel configuration for " + act + " action requires 'target_label' value");
      return;
    }
    if ((act == "replace" && !has_template_var(target) && !valid_label_name(target, utf8)) ||
        ((act == "lowercase" || act == "uppercase" || act == "keepequal" || act == "dropequal" || act == "hashmod") &&
         !valid_label_name(target, utf8))) {
      error(at, go_quote(target) + " is invalid 'target_label' for " + act + " action");
      return;
    }
    if ((act == "lowercase" || act == "uppercase") && replacement != "$1") {
      error(at, "'replacement' can not be set for " + act + " action");
      return;
    }
    if (act == "labelmap" && !has_template_var(replacement) && !valid_label_name(replacement, utf8)) {
      error(at, go_quote(replacement) + " is invalid 'replacement' for " + act + " action");
      return;
    }
    if (act == "labelmap" && !valid_utf8(replacement)) {
      error(at, go_quote(replacement) + " is invalid 'replacement' for " + act + " action");
      return;
    }
    if ((act == "dropequal" || act == "keepequal") &&
        (regex != "(.*)" || has_modulus || !default_separator || replacement != "$1")) {
      error(at, act + " action requires only 'source_labels' and `target_label`, and no other fields");
      return;
    }
    if ((act == "labeldrop" || act == "labelkeep") && (r.get("source_labels") != nullptr || !target.empty() ||
                                                       has_modulus || !default_separator || replacement != "$1")) {
      error(at, act + " action requires only 'regex', and no other fields");
    }
  }

  // config.HTTPClientConfig.Validate: one way to authenticate.
  void http_client(const yaml::Node& n) {
    if (!n.is_mapping()) return;
    const bool basic = n.get("basic_auth") != nullptr;
    const bool authz = n.get("authorization") != nullptr;
    const bool oauth2 = n.get("oauth2") != nullptr;
    const bool token = n.get("bearer_token") != nullptr;
    const bool token_file = n.get("bearer_token_file") != nullptr;
    if (token && token_file) {
      error(n, "at most one of bearer_token & bearer_token_file must be configured");
    } else if ((basic ? 1 : 0) + (oauth2 ? 1 : 0) + ((token || token_file) ? 1 : 0) + (authz ? 1 : 0) > 1) {
      error(n, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
  }

  void value(const yaml::Node& v, const Field& f) {
    if (v.is_null() && f.kind != Kind::list) return;
    switch (f.kind) {
      case Kind::any:
        return;
      case Kind::string:
        if (!v.is_scalar()) error(v, cannot_unmarshal(v, "string"));
        return;
      case Kind::boolean:
        if (!v.is_scalar() || (!yaml::as_bool(v) && !yaml11_bool(v))) error(v, cannot_unmarshal(v, "bool"));
        return;
      case Kind::integer:
        if (!v.is_scalar() || v.style != yaml::ScalarStyle::plain || !yaml::as_integer(v)) {
          error(v, cannot_unmarshal(v, "int"));
        }
        return;
      case Kind::number:
        if (!v.is_scalar() || !yaml::as_number(v)) error(v, cannot_unmarshal(v, "float64"));
        return;
      case Kind::duration:
        duration(v);
        return;
      case Kind::size: {
        if (!v.is_scalar()) {
          error(v, cannot_unmarshal(v, "string"));
          return;
        }
        std::string err;
        if (!parse_base2_bytes(v.value, &err)) error(v, err);
        return;
      }
      case Kind::string_list:
        if (!v.is_sequence()) {
          error(v, cannot_unmarshal(v, "[]string"));
          return;
        }
        for (const yaml::Node* item : v.items) {
          if (!item->is_scalar()) error(*item, cannot_unmarshal(*item, "string"));
        }
        return;
      case Kind::string_map:
        if (!v.is_mapping()) {
          error(v, cannot_unmarshal(v, "map[string]string"));
          return;
        }
        for (const yaml::Pair& p : v.pairs) {
          if (!p.value->is_scalar()) error(*p.value, cannot_unmarshal(*p.value, "string"));
        }
        return;
      case Kind::list_map:
        if (!v.is_mapping()) error(v, cannot_unmarshal(v, "url.Values"));
        return;
      case Kind::mapping:
        validate(v, *f.sub);
        return;
      case Kind::list:
        if (v.is_null()) return;
        if (!v.is_sequence()) {
          error(v, cannot_unmarshal(v, "[]*" + std::string(f.sub->type)));
          return;
        }
        for (const yaml::Node* item : v.items) validate(*item, *f.sub);
        return;
      case Kind::sd_list:
        sd_list(v, f.name);
        return;
    }
  }

  void sd_list(const yaml::Node& v, std::string_view name) {
    if (v.is_null()) return;
    if (!v.is_sequence()) {
      error(v, cannot_unmarshal(v, "[]*" + std::string(name.substr(0, name.size() - 11)) + ".SDConfig"));
      return;
    }
    for (const yaml::Node* item : v.items) {
      if (!item->is_mapping() && !item->is_null()) error(*item, cannot_unmarshal(*item, "discovery.Config"));
    }
  }

  void static_configs(const yaml::Node& v) {
    if (v.is_null()) return;
    if (!v.is_sequence()) {
      error(v, cannot_unmarshal(v, "discovery.StaticConfig"));
      return;
    }
    for (const yaml::Node* item : v.items) {
      if (item->is_null()) {
        error(*item, "empty or null section in static_configs");
        continue;
      }
      validate(*item, static_schema());
    }
  }

  std::optional<double> duration(const yaml::Node& v) {
    if (v.is_null()) return std::nullopt;
    if (!v.is_scalar()) {
      error(v, cannot_unmarshal(v, "string"));
      return std::nullopt;
    }
    std::string err;
    auto ns = parse_duration(v.value, &err);
    if (!ns) {
      error(v, err);
      return std::nullopt;
    }
    return duration_seconds(*ns);
  }

  // A duration read without reporting (validate() already did).
  std::optional<double> quiet_duration(const yaml::Node* v) const {
    if (v == nullptr || !v->is_scalar() || v->is_null()) return std::nullopt;
    auto ns = parse_duration(v->value, nullptr);
    if (!ns) return std::nullopt;
    return duration_seconds(*ns);
  }

  void global(const yaml::Node& g) {
    PromConfig& c = *out_.config;
    const yaml::Node* si = g.get("scrape_interval");
    const yaml::Node* st = g.get("scrape_timeout");
    const yaml::Node* ei = g.get("evaluation_interval");
    if (auto v = quiet_duration(si); v && *v > 0) {
      c.scrape_interval =
          PromDuration{.seconds = *v, .origin = DurationOrigin::file, .location = stream_->location(*si)};
    }
    if (auto v = quiet_duration(ei); v && *v > 0) {
      c.evaluation_interval =
          PromDuration{.seconds = *v, .origin = DurationOrigin::file, .location = stream_->location(*ei)};
    }
    if (auto v = quiet_duration(st); v && *v > 0) {
      c.scrape_timeout =
          PromDuration{.seconds = *v, .origin = DurationOrigin::file, .location = stream_->location(*st)};
      if (*v > c.scrape_interval.seconds) {
        c.global_timeout_exceeds_interval = true;
        c.global_timeout_location = stream_->location(*st);
      }
    } else if (c.scrape_interval.seconds < 10) {
      c.scrape_timeout =
          PromDuration{.seconds = c.scrape_interval.seconds, .origin = DurationOrigin::capped, .location = {}};
    }
    if (const auto* el = g.get("external_labels"); el != nullptr && el->is_mapping()) {
      for (const yaml::Pair& p : el->pairs) {
        const bool utf8 = options_.major >= 3;
        if (!valid_label_name(cooked(*p.key), utf8)) {
          error(*p.key, go_quote(cooked(*p.key)) + " is not a valid label name");
          continue;
        }
        if (p.value->is_scalar()) {
          if (!valid_utf8(cooked(*p.value))) {
            error(*p.value, go_quote(cooked(*p.value)) + " is not a valid label value");
          }
          c.external_labels[p.key->value] =
              Located<std::string>{.value = p.value->value, .location = stream_->location(*p.value)};
        }
      }
    }
  }

  void rule_files(const yaml::Node& list, bool rules) {
    for (const yaml::Node* item : list.items) {
      if (!item->is_scalar()) continue;
      if (!valid_rule_file_pattern(item->value)) {
        error(*item, std::string(rules ? "invalid rule file path " : "invalid scrape config file path ") +
                         go_quote(item->value));
        continue;
      }
      if (rules) {
        out_.config->rule_files.push_back(RuleFilePattern{
            .pattern = {.value = item->value, .location = stream_->location(*item)}, .container_pattern = item->value});
      }
    }
  }

  void scrape_configs(const yaml::Node& list) {
    PromConfig& c = *out_.config;
    std::map<std::string, Location> names;
    for (const yaml::Node* item : list.items) {
      if (item->is_null()) {
        error(*item, "empty or null scrape config section");
        continue;
      }
      if (!item->is_mapping()) continue;
      ScrapeJob job;
      job.location = stream_->location(*item);
      const yaml::Node* name = item->get("job_name");
      if (name == nullptr || !name->is_scalar() || name->is_null() || name->value.empty()) {
        error(name != nullptr ? *name : *item, "job_name is empty");
        continue;
      }
      job.job_name = {.value = name->value, .location = stream_->location(*name)};
      job.job_label = name->value;
      // Interval and timeout: explicit, else the global ones; the default timeout is capped.
      const yaml::Node* si = item->get("scrape_interval");
      const yaml::Node* st = item->get("scrape_timeout");
      if (auto v = quiet_duration(si); v && *v > 0) {
        job.interval = PromDuration{.seconds = *v, .origin = DurationOrigin::file, .location = stream_->location(*si)};
      } else {
        job.interval = c.scrape_interval;
        if (job.interval.origin == DurationOrigin::file) job.interval.origin = DurationOrigin::global;
      }
      if (auto v = quiet_duration(st); v && *v > 0) {
        job.timeout = PromDuration{.seconds = *v, .origin = DurationOrigin::file, .location = stream_->location(*st)};
        job.timeout_exceeds_interval = *v > job.interval.seconds;
      } else {
        job.timeout = c.scrape_timeout;
        if (job.timeout.origin == DurationOrigin::file) job.timeout.origin = DurationOrigin::global;
        if (job.timeout.seconds > job.interval.seconds) {
          job.timeout = PromDuration{.seconds = job.interval.seconds, .origin = DurationOrigin::capped, .location = {}};
        }
      }
      if (const auto* mp = item->get("metrics_path"); mp != nullptr && mp->is_scalar() && !mp->is_null()) {
        job.metrics_path = mp->value;
      }
      if (const auto* sc = item->get("scheme"); sc != nullptr && sc->is_scalar() && !sc->is_null()) {
        job.scheme = sc->value;
      }
      // honor_labels: a `job` label the target exposes wins over the job name (a Pushgateway's
      // pushed jobs, a federated Prometheus's; rw85 tidb-docker-compose).
      if (const auto* hl = item->get("honor_labels"); hl != nullptr && yaml::as_bool(*hl).value_or(false)) {
        job.relabel_may_set_job = true;
        job.honor_labels = true;
      }
      const yaml::Node* relabel = item->get("relabel_configs");
      const bool has_relabel = relabel != nullptr && relabel->is_sequence() && !relabel->items.empty();
      job.has_relabel = has_relabel;
      if (relabel != nullptr && relabel->is_sequence()) {
        for (const yaml::Node* r : relabel->items) {
          if (r->is_null()) {
            error(*r, "empty or null target relabeling rule in scrape config");
            continue;
          }
          const yaml::Node* tl = r->get("target_label");
          const yaml::Node* action = r->get("action");
          const std::string act = action != nullptr && action->is_scalar() ? action->value : "replace";
          if ((tl != nullptr && tl->value == "job") || act == "labelmap") job.relabel_may_set_job = true;
          if (tl != nullptr && tl->value == "__param_target" && !job.address_rewritten && copies_address(*r, act)) {
            job.address_to_param_target = true;
          }
          if (tl != nullptr && tl->value == "__address__") address_rewrite(*r, act, job);
        }
      }
      if (const auto* mr = item->get("metric_relabel_configs"); mr != nullptr && mr->is_sequence()) {
        for (const yaml::Node* r : mr->items) {
          if (r->is_null()) error(*r, "empty or null metric relabeling rule in scrape config");
        }
      }
      for (const yaml::Pair& p : item->pairs) {
        const std::string& k = p.key->value;
        if (k.ends_with("_sd_configs") && known_sd(k.substr(0, k.size() - 11))) {
          job.service_discovery.push_back(k.substr(0, k.size() - 11));
        }
        if (k == "static_configs" && p.value->is_sequence()) targets(*p.value, job, has_relabel);
        if (k == "file_sd_configs" && p.value->is_sequence()) file_sd(*p.value, job);
      }
      if (job.address_to_param_target && job.address_replacement) job.probes = job.targets;
      for (ScrapeTarget& t : job.targets) job.apply_address_rewrite(t);
      if (const auto it = names.find(job.job_name.value); it != names.end()) {
        c.duplicate_jobs.push_back(
            DuplicateJob{.job_name = job.job_name.value, .first = it->second, .second = job.job_name.location});
      } else {
        names.emplace(job.job_name.value, job.job_name.location);
      }
      c.jobs.push_back(std::move(job));
    }
  }

  // `source_labels: [__address__]` replaced whole into the target label (default regex and
  // replacement, or `(.*)` and `$1`).
  static bool copies_address(const yaml::Node& r, const std::string& act) {
    if (act != "replace") return false;
    const yaml::Node* sl = r.get("source_labels");
    if (sl == nullptr || !sl->is_sequence() || sl->items.size() != 1 || sl->items[0]->value != "__address__") {
      return false;
    }
    const yaml::Node* regex = r.get("regex");
    const yaml::Node* repl = r.get("replacement");
    const bool whole = regex == nullptr || regex->value == "(.*)" || regex->value == "(.+)";
    return whole && (repl == nullptr || repl->value == "$1" || repl->value == "${1}");
  }

  // What the job's relabel_configs do to __address__, in order: the last rule that writes it wins;
  // a literal `replacement` (no regex group, every address matches) is followed.
  void address_rewrite(const yaml::Node& r, const std::string& act, ScrapeJob& job) {
    job.address_rewritten = true;
    job.address_replacement.reset();
    if (act != "replace") return;
    const yaml::Node* regex = r.get("regex");
    const yaml::Node* repl = r.get("replacement");
    if (regex != nullptr && regex->is_scalar() && regex->value != "(.*)" && regex->value != ".*") return;
    if (repl == nullptr || !repl->is_scalar() || repl->value.empty() || repl->value.find('$') != std::string::npos) {
      return;
    }
    job.address_replacement = Located<std::string>{.value = repl->value, .location = stream_->location(*repl)};
  }

  // file_sd_configs: the `files` patterns (config.go refuses an empty list and a pattern
  // patFileSDName does not match); the files are read by linter/stack.
  void file_sd(const yaml::Node& list, ScrapeJob& job) {
    for (const yaml::Node* item : list.items) {
      if (!item->is_mapping()) continue;
      const yaml::Node* files = item->get("files");
      if (files == nullptr || !files->is_sequence() || files->items.empty()) {
        if (files == nullptr || files->is_null() || files->is_sequence()) {
          error(files != nullptr ? *files : *item, "file service discovery config must contain at least one path name");
        } else {
          error(*files, cannot_unmarshal(*files, "[]string"));
        }
        continue;
      }
      for (const yaml::Node* f : files->items) {
        if (!f->is_scalar()) {
          error(*f, cannot_unmarshal(*f, "string"));
        } else if (!valid_file_sd_pattern(f->value)) {
          error(*f, "path name " + go_quote(f->value) + " is not valid for file discovery");
        } else {
          job.file_sd.push_back(FileSdPattern{.pattern = {.value = f->value, .location = stream_->location(*f)},
                                              .container_pattern = f->value,
                                              .files = {},
                                              .complete = false});
        }
      }
    }
  }

  void targets(const yaml::Node& list, ScrapeJob& job, bool has_relabel) {
    for (const yaml::Node* group : list.items) {
      if (!group->is_mapping()) continue;
      std::map<std::string, Located<std::string>> labels;
      if (const auto* l = group->get("labels"); l != nullptr && l->is_mapping()) {
        for (const yaml::Pair& p : l->pairs) {
          if (!valid_label_name(cooked(*p.key), options_.major >= 3)) {
            error(*p.key, go_quote(cooked(*p.key)) + " is not a valid label name");
            continue;
          }
          if (p.value->is_scalar()) {
            labels[p.key->value] =
                Located<std::string>{.value = p.value->value, .location = stream_->location(*p.value)};
          }
        }
      }
      if (const auto it = labels.find("job"); it != labels.end()) job.job_label = it->second.value;
      const auto* t = group->get("targets");
      if (t == nullptr || !t->is_sequence()) continue;
      for (const yaml::Node* target : t->items) {
        if (!target->is_scalar()) continue;
        if (!has_relabel && target->value.find('/') != std::string::npos) {
          error(*target, go_quote(target->value) + " is not a valid hostname");
        }
        job.targets.push_back(ScrapeTarget{.address = {.value = target->value, .location = stream_->location(*target)},
                                           .labels = labels});
      }
    }
  }

  void alerting(const yaml::Node& a) {
    if (const auto* arc = a.get("alert_relabel_configs"); arc != nullptr && arc->is_sequence()) {
      out_.config->alert_relabeling = out_.config->alert_relabeling || !arc->items.empty();
      for (const yaml::Node* r : arc->items) {
        if (r->is_null()) error(*r, "empty or null alert relabeling rule");
      }
    }
    const auto* ams = a.get("alertmanagers");
    if (ams == nullptr || !ams->is_sequence()) return;
    for (const yaml::Node* am : ams->items) {
      if (!am->is_mapping()) continue;
      // Prometheus 2 speaks both Alertmanager APIs; 3.0 dropped v1 (rw58 make-my-server: v1 on v2.22.0).
      if (const auto* v = am->get("api_version"); v != nullptr && v->is_scalar() && !v->is_null()) {
        const bool v1 = options_.major < 3;
        if (v->value != "v2" && (!v1 || v->value != "v1")) {
          error(*v, std::string("expected Alertmanager api version to be one of ") + (v1 ? "[v1 v2]" : "[v2]") +
                        " but got " + v->value);
        }
      }
      for (const char* key : {"relabel_configs", "alert_relabel_configs"}) {
        if (const auto* rc = am->get(key); rc != nullptr && rc->is_sequence()) {
          for (const yaml::Node* r : rc->items) {
            if (r->is_null()) {
              error(*r, std::string("empty or null Alertmanager ") +
                            (std::string_view(key) == "relabel_configs" ? "target" : "alert") + " relabeling rule");
            }
          }
        }
      }
      if (const auto* arc = am->get("alert_relabel_configs");
          arc != nullptr && arc->is_sequence() && !arc->items.empty()) {
        out_.config->alert_relabeling = true;
      }
      const auto* rc = am->get("relabel_configs");
      const bool has_relabel = rc != nullptr && rc->is_sequence() && !rc->items.empty();
      for (const yaml::Pair& p : am->pairs) {
        const std::string& k = p.key->value;
        if (k.ends_with("_sd_configs")) out_.config->alertmanager_discovery = true;
        if (k != "static_configs" || !p.value->is_sequence()) continue;
        for (const yaml::Node* g : p.value->items) {
          const auto* t = g->is_mapping() ? g->get("targets") : nullptr;
          if (t == nullptr || !t->is_sequence()) continue;
          for (const yaml::Node* target : t->items) {
            if (!target->is_scalar()) continue;
            if (!has_relabel && target->value.find('/') != std::string::npos) {
              error(*target, go_quote(target->value) + " is not a valid hostname");
            }
            out_.config->alertmanager_targets.push_back(
                {.value = target->value, .location = stream_->location(*target)});
          }
        }
      }
    }
  }

  void storage(const yaml::Node& s) {
    const auto* tsdb = s.get("tsdb");
    const auto* ret = tsdb != nullptr && tsdb->is_mapping() ? tsdb->get("retention") : nullptr;
    if (ret == nullptr || !ret->is_mapping() || options_.major < 3 || (options_.major == 3 && options_.minor < 8))
      return;
    if (const auto* t = ret->get("time")) {
      if (auto v = quiet_duration(t)) {
        out_.config->retention_time_seconds = Located<double>{.value = *v, .location = stream_->location(*t)};
      }
    }
    if (const auto* z = ret->get("size"); z != nullptr && z->is_scalar()) {
      if (auto v = parse_base2_bytes(z->value, nullptr)) {
        out_.config->retention_size_bytes = Located<int64_t>{.value = *v, .location = stream_->location(*z)};
      }
    }
  }

  void remote(std::string_view section, const yaml::Node* list) {
    if (list == nullptr || !list->is_sequence()) return;
    std::set<std::string> names;
    const std::string kind = section == "remote_write" ? "write" : "read";
    for (const yaml::Node* item : list->items) {
      if (item->is_null()) {
        error(*item, "empty or null remote " + kind + " config section");
        continue;
      }
      if (!item->is_mapping()) continue;
      const auto* url = item->get("url");
      if (url == nullptr || url->is_null()) error(*item, "url for " + std::string(section) + " is empty");
      if (const auto* name = item->get("name"); name != nullptr && name->is_scalar() && !name->value.empty()) {
        if (!names.insert(name->value).second) {
          error(*name, "found multiple remote " + kind + " configs with job name " + go_quote(name->value));
        }
      }
      if (const auto* w = item->get("write_relabel_configs"); w != nullptr && w->is_sequence()) {
        for (const yaml::Node* r : w->items) {
          if (r->is_null()) error(*r, "empty or null relabeling rule in remote write config");
        }
      }
      if (const auto* h = item->get("headers"); h != nullptr && h->is_mapping()) {
        for (const yaml::Pair& p : h->pairs) {
          std::string lower = p.key->value;
          std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
          static const std::set<std::string> reserved = {"host",
                                                         "content-encoding",
                                                         "content-length",
                                                         "content-type",
                                                         "user-agent",
                                                         "connection",
                                                         "keep-alive",
                                                         "proxy-authenticate",
                                                         "proxy-authorization",
                                                         "www-authenticate",
                                                         "accept-encoding",
                                                         "x-prometheus-remote-write-version",
                                                         "x-prometheus-remote-read-version",
                                                         "x-amz-date",
                                                         "x-amz-security-token",
                                                         "x-amz-content-sha256"};
          if (reserved.count(lower) > 0) error(*p.key, p.key->value + " is a reserved header. It must not be changed");
          if (lower == "authorization") {
            error(*p.key,
                  "authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, "
                  "azuread or google_iam parameter");
          }
        }
      }
    }
  }

  ConfigOptions options_;
  std::unique_ptr<yaml::Stream> stream_;
  ConfigParse out_;
};

}  // namespace

bool valid_rule_file_pattern(std::string_view pattern) {
  const size_t star = pattern.find('*');
  if (star == std::string_view::npos) return true;
  return pattern.find('/', star) == std::string_view::npos;
}

ConfigParse parse_config(const SourcePtr& source, const ConfigOptions& options) {
  Parser p(source, options);
  return p.run();
}

}  // namespace stacklint::prometheus
