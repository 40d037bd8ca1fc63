#include "linter/formats/compose/schema.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "linter/formats/compose/schema_adapter.h"
#include "linter/formats/compose/schema_prune.h"
#include "linter/formats/compose/schema_table.h"
#include "linter/source/embedded.h"
#include "linter/source/suggest.h"

namespace stacklint::compose {

// Whether the schema's `pattern` finds a match in `value`, as compose-go's validator asks it: Go's
// regexp, whose syntax RE2 reads. Each pattern is compiled once per run; a pattern RE2 cannot read
// is searched with std::regex, as valijson would.
bool pattern_search(const std::string& pattern, const std::string& value) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const RE2>, std::less<>> compiled;
  const RE2* re = nullptr;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = compiled.find(pattern);
    if (it == compiled.end()) {
      RE2::Options options;
      options.set_log_errors(false);
      it = compiled.emplace(pattern, std::make_unique<const RE2>(pattern, options)).first;
    }
    re = it->second.get();
  }
  if (re->ok()) return RE2::PartialMatch(value, *re);
  return std::regex_search(value, std::regex(pattern));
}

}  // namespace stacklint::compose

// valijson's own `pattern` check compiles each pattern with std::regex for each validator (a bracket
// expression costs about 100,000 instructions); this one searches with the compiled RE2 above.
template <>
bool valijson::ValidationVisitor<stacklint::compose::CNodeAdapter>::visit(
    const valijson::constraints::PatternConstraint& constraint) {
  if ((m_strictTypes && !m_target.isString()) || !m_target.maybeString()) return true;
  const std::string pattern(constraint.getPattern<std::string::allocator_type>());
  if (stacklint::compose::pattern_search(pattern, m_target.asString())) return true;
  if (m_results != nullptr) m_results->pushError(m_context, "Failed to match regex specified by 'pattern' constraint.");
  return false;
}

// valijson's own `properties` check compiles a std::regex for each `patternProperties` pattern at
// each visit of an object (`^.+$` of every list_or_dict, `^x-` of every service: 100,000
// instructions each, a sixth of the seed stack's schema check). This one is valijson's check with
// the patterns searched by pattern_search, as compose-go's Go regexp reads them.
template <>
bool valijson::ValidationVisitor<stacklint::compose::CNodeAdapter>::visit(
    const valijson::constraints::PropertiesConstraint& constraint) {
  if ((m_strictTypes && !m_target.isObject()) || !m_target.maybeObject()) return true;
  bool validated = true;
  std::set<std::string> matched;
  const stacklint::compose::CNodeAdapter::Object object = m_target.asObject();
  constraint.applyToProperties(ValidatePropertySubschemas(object, m_context, true, m_results != nullptr, true,
                                                          m_strictTypes, m_results, &matched, &validated,
                                                          m_regexesCache));
  if (!validated && m_results == nullptr) return false;
  const auto member_context = [&](const std::string& key) {
    std::vector<std::string> context = m_context;
    context.push_back("[" + key + "]");
    return context;
  };
  // As valijson: the first property a pattern's subschema refuses ends the pattern check.
  constraint.applyToPatternProperties([&](const auto& pattern_text, const Subschema* subschema) {
    const std::string pattern(pattern_text);
    for (const auto& member : object) {
      if (!stacklint::compose::pattern_search(pattern, member.first)) continue;
      matched.insert(member.first);
      ValidationVisitor validator(member.second, member_context(member.first), m_strictTypes, m_results,
                                  m_regexesCache);
      if (validator.validateSchema(*subschema)) continue;
      if (m_results != nullptr)
        m_results->pushError(m_context, "Failed to validate against schema associated with pattern '" + pattern + "'.");
      validated = false;
      return false;
    }
    return true;
  });
  const Subschema* additional = constraint.getAdditionalPropertiesSubschema();
  if (additional == nullptr) {
    if (matched.size() == m_target.getObjectSize()) return validated;
    if (m_results != nullptr) {
      for (const auto& member : object) {
        if (matched.count(member.first) > 0) continue;
        m_results->pushError(m_context,
                             "Object contains a property that could not be validated using 'properties' or "
                             "'additionalProperties' constraints: '" +
                                 member.first + "'.");
        break;
      }
    }
    return false;
  }
  for (const auto& member : object) {
    if (matched.count(member.first) > 0) continue;
    ValidationVisitor validator(member.second, member_context(member.first), m_strictTypes, m_results, m_regexesCache);
    if (validator.validateSchema(*additional)) continue;
    if (m_results != nullptr)
      m_results->pushError(m_context, "Failed to validate against additional properties schema");
    validated = false;
  }
  return validated;
}

namespace stacklint::compose {

namespace {

using nlohmann::json;

// The whole schema document, parsed once when a message reads names, types and enum values from it
// (a valid file never needs it: its schema is parsed pruned, see compile).
struct Document {
  json root;
};

const Document& document() {
  static const std::unique_ptr<Document> d = [] {
    auto out = std::make_unique<Document>();
    out->root = to_json(SchemaView(compose_schema_table()));
    return out;
  }();
  return *d;
}

// Every name any `properties` of the schema lists, in byte order, as views into the list the build
// embeds (tools/schema_min): no walk of the parsed schema per run.
const std::vector<std::string_view>& schema_property_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    std::string_view text = embedded_file("compose-spec-names.txt");
    while (!text.empty()) {
      const size_t eol = std::min(text.find('\n'), text.size());
      if (eol > 0) out.push_back(text.substr(0, eol));
      text.remove_prefix(std::min(eol + 1, text.size()));
    }
    return out;
  }();
  return names;
}

// The mapping keys of a compose tree that the schema's `properties` name: the only names its
// validation can look up there (a file of 400,000 label keys keeps a few dozen), kExtensionKey
// when a key is an extension's, and the length of its longest list.
void collect_keys(const CNode& n, KeySet& keys, size_t& longest) {
  const std::vector<std::string_view>& known = schema_property_names();
  for (const Entry& e : n.entries) {
    if (e.value.tag == Tag::reset) continue;
    // insert, not emplace: emplace made a node for every key of the file, even one already there
    if (std::binary_search(known.begin(), known.end(), std::string_view(e.key))) keys.insert(e.key);
    if (e.key.starts_with(kExtensionKey)) keys.insert(std::string(kExtensionKey));
    collect_keys(e.value, keys, longest);
  }
  longest = std::max(longest, n.items.size());
  for (const CNode& item : n.items) collect_keys(item, keys, longest);
}

// valijson checks `uniqueItems` by comparing every pair of items: a list of 20,000 environment
// entries took 18 s, 100,000 did not end. Lists longer than this are validated without it.
constexpr size_t kMaxUniqueItems = 1000;

// A compiled schema, the view of the table it was compiled from (its `enum` values point into it)
// and the keys it was pruned for (all of them when `complete`).
struct Compiled {
  KeySet keys;
  bool complete = false;
  std::unique_ptr<const SchemaView> view;
  valijson::Schema schema;
};

std::shared_ptr<const Compiled> compile(const KeySet* keys, bool unique_items = true) {
  auto out = std::make_shared<Compiled>();
  if (keys != nullptr) out->keys = *keys;
  out->complete = keys == nullptr;
  out->view = std::make_unique<const SchemaView>(compose_schema_table(), keys, unique_items);
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    const SchemaAdapter adapter(out->view.get(), 0);
    parser.populateSchema(adapter, out->schema);
  } catch (const std::exception&) {
    return nullptr;  // a broken embedded schema disables validation rather than the linter
  }
  return out;
}

// The schema for a file with these keys: the first file's own pruned schema, reused by the later
// files whose keys it covers; the whole schema from the first file it does not cover on (so at
// most two compilations per run).
std::shared_ptr<const Compiled> schema_for(const KeySet& keys) {
  static std::mutex mutex;
  static std::shared_ptr<const Compiled> cached;
  static bool failed = false;
  const std::lock_guard<std::mutex> lock(mutex);
  if (failed) return nullptr;
  const auto covered = [&] {
    return std::all_of(keys.begin(), keys.end(), [&](const std::string& k) { return cached->keys.count(k) > 0; });
  };
  if (cached == nullptr) {
    cached = compile(&keys);
  } else if (!cached->complete && !covered()) {
    cached = compile(nullptr);
  }
  failed = cached == nullptr;
  return cached;
}

// ---- the schema, walked by path, for names and types at a place ----

const json* resolve_ref(const json& root, const json& s) {
  const json* cur = &s;
  for (int guard = 0; guard < 16 && cur->is_object() && cur->contains("$ref"); ++guard) {
    const std::string ref = (*cur)["$ref"].get<std::string>();
    if (ref.rfind("#/definitions/", 0) != 0) return cur;
    const std::string name = ref.substr(14);
    if (!root.contains("definitions") || !root["definitions"].contains(name)) return cur;
    cur = &root["definitions"][name];
  }
  return cur;
}

// The schema and its oneOf / anyOf / allOf branches, $refs resolved.
void expand(const json& root, const json& s, std::vector<const json*>& out, int depth = 0) {
  if (depth > 8) return;
  const json* r = resolve_ref(root, s);
  if (!r->is_object()) return;
  out.push_back(r);
  for (const char* k : {"oneOf", "anyOf", "allOf"}) {
    if (r->contains(k) && (*r)[k].is_array()) {
      for (const json& branch : (*r)[k]) expand(root, branch, out, depth + 1);
    }
  }
}

std::vector<const json*> schemas_at(const std::vector<std::string>& path) {
  const json& root = document().root;
  std::vector<const json*> cur;
  expand(root, root, cur);
  for (const std::string& step : path) {
    std::vector<const json*> next;
    for (const json* s : cur) {
      if (s->contains("properties") && (*s)["properties"].contains(step)) {
        expand(root, (*s)["properties"][step], next);
        continue;
      }
      bool matched = false;
      if (s->contains("patternProperties")) {
        for (const auto& [pattern, sub] : (*s)["patternProperties"].items()) {
          if (RE2::PartialMatch(step, pattern)) {
            expand(root, sub, next);
            matched = true;
            break;
          }
        }
      }
      if (!matched && s->contains("additionalProperties") && (*s)["additionalProperties"].is_object()) {
        expand(root, (*s)["additionalProperties"], next);
      }
      if (s->contains("items") && (*s)["items"].is_object()) expand(root, (*s)["items"], next);
    }
    cur = std::move(next);
  }
  return cur;
}

std::vector<std::string> property_names(const std::vector<std::string>& path) {
  std::set<std::string> names;
  for (const json* s : schemas_at(path)) {
    if (s->contains("properties")) {
      for (const auto& [k, v] : (*s)["properties"].items()) names.insert(k);
    }
  }
  return {names.begin(), names.end()};
}

// Whether a patternProperties pattern at the path takes the key (a service name, a network name):
// valijson stops matching an object's keys at the first one whose value fails its pattern's schema,
// and then calls every key after it "not validated" by additionalProperties. Such a key is no
// unknown key.
bool pattern_takes(const std::vector<std::string>& path, const std::string& key) {
  for (const json* s : schemas_at(path)) {
    if (!s->contains("patternProperties")) continue;
    for (const auto& [pattern, sub] : (*s)["patternProperties"].items()) {
      if (RE2::PartialMatch(key, pattern)) return true;
    }
  }
  return false;
}

std::vector<std::string> types_at(const std::vector<std::string>& path) {
  std::vector<std::string> types;
  auto add = [&](const std::string& t) {
    if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  };
  for (const json* s : schemas_at(path)) {
    if (!s->contains("type")) continue;
    const json& t = (*s)["type"];
    if (t.is_string()) add(t.get<std::string>());
    if (t.is_array()) {
      for (const json& x : t) {
        if (x.is_string()) add(x.get<std::string>());
      }
    }
  }
  return types;
}

std::vector<std::string> enum_at(const std::vector<std::string>& path) {
  std::vector<std::string> values;
  for (const json* s : schemas_at(path)) {
    if (s->contains("enum") && (*s)["enum"].is_array()) {
      for (const json& v : (*s)["enum"]) values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    }
  }
  return values;
}

std::string pattern_at(const std::vector<std::string>& path) {
  for (const json* s : schemas_at(path)) {
    if (s->contains("pattern") && (*s)["pattern"].is_string()) return (*s)["pattern"].get<std::string>();
  }
  return "";
}

std::string type_phrase(const std::string& t) {
  if (t == "object") return "a mapping";
  if (t == "array") return "a list";
  if (t == "integer") return "an integer";
  if (t == "null") return "null";
  return "a " + t;
}

// ---- messages ----

// "'deploy.resources.limits'" (relative to the service) plus where it is.
struct Place {
  std::string subject;  // "'deploy.resources.limits'" or "'networks.front'" or "the file"
  std::string within;   // "in service 'api'" / "in 'deploy.resources' of service 'api'" / "at the top level"
};

std::string join_path(const std::vector<std::string>& path, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to && i < path.size(); ++i) {
    const bool index = !path[i].empty() && std::all_of(path[i].begin(), path[i].end(), ::isdigit);
    if (index) {
      out += "[" + path[i] + "]";
    } else {
      if (!out.empty()) out += '.';
      out += path[i];
    }
  }
  return out;
}

std::string subject(const std::vector<std::string>& path) {
  if (path.size() >= 3 && path[0] == "services")
    return "'" + join_path(path, 2, path.size()) + "' of service '" + path[1] + "'";
  if (path.size() == 2 && path[0] == "services") return "service '" + path[1] + "'";
  if (path.empty()) return "the file";
  return "'" + join_path(path, 0, path.size()) + "'";
}

std::string within(const std::vector<std::string>& path) {
  if (path.empty()) return "at the top level";
  if (path.size() == 2 && path[0] == "services") return "in service '" + path[1] + "'";
  if (path.size() >= 3 && path[0] == "services")
    return "in '" + join_path(path, 2, path.size()) + "' of service '" + path[1] + "'";
  return "in '" + join_path(path, 0, path.size()) + "'";
}

// Finds the node at a path; `key_location` receives the location of the last key when the
// parent is a mapping.
const CNode* node_at(const CNode& root, const std::vector<std::string>& path, Location* key_location) {
  const CNode* cur = &root;
  for (const std::string& step : path) {
    if (cur->is_mapping()) {
      const Entry* e = cur->find(step);
      if (e == nullptr) return nullptr;
      if (key_location != nullptr) *key_location = e->key_location;
      cur = &e->value;
    } else if (cur->is_sequence()) {
      size_t index = 0;
      const auto [p, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
      if (ec != std::errc() || index >= cur->items.size()) return nullptr;
      cur = &cur->items[index];
    } else {
      return nullptr;
    }
  }
  return cur;
}

enum class ErrorKind : uint8_t {
  unknown_key = 0,
  missing = 1,
  type = 2,
  enumeration = 3,
  duplicate_item = 4,
  pattern = 5,
  other = 6,
  wrapper = 7
};

struct Leaf {
  std::vector<std::string> path;
  ErrorKind kind = ErrorKind::other;
  std::string detail;  // the property name for unknown / missing keys, the description otherwise
  size_t first = 0;    // duplicate_item: the index of the first of two equal items, and of the second
  size_t second = 0;
};

// "Elements at indexes #0 and #1 violate uniqueness constraint." (valijson's uniqueItems error).
bool parse_duplicate(const std::string& d, Leaf& leaf) {
  static const RE2 kPattern(R"(^Elements at indexes #(\d+) and #(\d+) violate uniqueness constraint)");
  return RE2::PartialMatch(d, kPattern, &leaf.first, &leaf.second);
}

// The last '...' in a message.
std::string last_quoted(const std::string& s) {
  const size_t b = s.rfind('\'');
  if (b == std::string::npos || b == 0) return "";
  const size_t a = s.rfind('\'', b - 1);
  if (a == std::string::npos) return "";
  return s.substr(a + 1, b - a - 1);
}

Leaf classify(const valijson::ValidationResults::Error& e) {
  Leaf leaf;
  for (size_t i = 1; i < e.context.size(); ++i) {
    const std::string& c = e.context[i];
    leaf.path.push_back(c.size() >= 2 ? c.substr(1, c.size() - 2) : c);
  }
  const std::string& d = e.description;
  if (d.rfind("Object contains a property that could not be validated", 0) == 0) {
    leaf.kind = ErrorKind::unknown_key;
    leaf.detail = last_quoted(d);
  } else if (d.rfind("Missing required property", 0) == 0) {
    leaf.kind = ErrorKind::missing;
    leaf.detail = last_quoted(d);
  } else if (d.rfind("Value type not permitted", 0) == 0) {
    leaf.kind = ErrorKind::type;
  } else if (d.rfind("Failed to match against any enum values", 0) == 0) {
    leaf.kind = ErrorKind::enumeration;
  } else if (d.rfind("Failed to match regex specified by 'pattern'", 0) == 0) {
    leaf.kind = ErrorKind::pattern;
  } else if (parse_duplicate(d, leaf)) {
    leaf.kind = ErrorKind::duplicate_item;
  } else if (d.rfind("Failed to validate", 0) == 0 || d.rfind("Cannot validate item", 0) == 0) {
    leaf.kind = ErrorKind::wrapper;
  } else {
    leaf.detail = d;
  }
  return leaf;
}

bool is_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// The mapping at a path of the tree as the validator sees it (object keys, array indexes), or null.
const CNode* mapping_at(const CNode& root, const TreeView& view, const std::vector<std::string>& path) {
  const CNode* cur = &root;
  for (const std::string& step : path) {
    if (cur->is_mapping()) {
      const Entry* e = view.member(*cur, step);
      if (e == nullptr) return nullptr;
      cur = &e->value;
    } else if (cur->is_sequence()) {
      size_t index = 0;
      const auto [p, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
      if (ec != std::errc() || index >= cur->items.size()) return nullptr;
      cur = &cur->items[index];
    } else {
      return nullptr;
    }
  }
  return cur->is_mapping() ? cur : nullptr;
}

// valijson stops matching an object's keys at the first one whose value fails its patternProperties
// schema (a service with two equal ports) and then calls every later key (the next services) "not
// validated" by additionalProperties false. Such a key is no unknown key, and it was never checked.
// How many times the document is validated again without the keys that failed, so the later ones are.
constexpr int kRechecks = 4;

// Validates the tree, adds its errors to `leaves` and returns true when it should be validated
// again: keys were left unchecked, and the failed keys before them are now removed from `view`.
bool schema_leaves(const valijson::Schema& schema, const CNode& root, TreeView& view, std::vector<Leaf>& leaves) {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  {
    const CNodeAdapter adapter(root, &view);
    // Most files are valid: a first check collects no errors (valijson then writes no message for
    // each failed branch of a oneOf, such as a port given as a string, and stops at the first
    // error); only an invalid file is checked again for its errors.
    if (validator.validate(schema, adapter, nullptr)) return false;
    if (validator.validate(schema, adapter, &results)) return false;
  }
  std::vector<Leaf> found;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    Leaf leaf = classify(e);
    if (leaf.kind != ErrorKind::wrapper) found.push_back(std::move(leaf));
  }
  std::set<std::vector<std::string>> unchecked;  // the objects whose later keys were not checked
  for (const Leaf& leaf : found) {
    if (leaf.kind == ErrorKind::unknown_key && pattern_takes(leaf.path, leaf.detail)) {
      unchecked.insert(leaf.path);
    } else {
      leaves.push_back(leaf);
    }
  }
  bool removed = false;
  for (const std::vector<std::string>& object : unchecked) {
    const CNode* at = mapping_at(root, view, object);
    if (at == nullptr) continue;
    for (const Leaf& leaf : found) {
      if (is_prefix(object, leaf.path)) removed = view.remove(*at, leaf.path[object.size()]) || removed;
    }
  }
  return removed;
}

// A mapping with an image or a build: a service, wherever it is written.
bool service_entry(const Entry& e) {
  return e.value.is_mapping() && (e.value.find("image") != nullptr || e.value.find("build") != nullptr);
}

std::optional<ParseIssue> message_for(const Leaf& leaf, const CNode& root) {
  Location key_location;
  const CNode* node = node_at(root, leaf.path, &key_location);
  if (node == nullptr) return std::nullopt;
  ParseIssue issue;
  issue.location = node->location;
  switch (leaf.kind) {
    case ErrorKind::unknown_key: {
      const Entry* e = node->find(leaf.detail);
      if (e != nullptr) issue.location = e->key_location;
      if (leaf.path.size() == 1 && leaf.path[0] == "services") {
        issue.message =
            "invalid service name '" + leaf.detail + "': only letters, digits, '.', '_' and '-' are allowed";
        break;
      }
      // The version 1 layout: services at the top level, no `services:` (rw133 serverMonitoring).
      // One issue at the first service in the file's order, the others its notes: the schema keeps
      // one leaf per path, and which top-level key it is follows the schema's order, not the file's
      // (rw231 docker-monitoring: `logs` at line 57 of a file that starts with `nginx:`).
      if (leaf.path.empty() && root.find("services") == nullptr && e != nullptr && service_entry(*e)) {
        std::vector<const Entry*> services;
        for (const Entry& other : root.entries) {
          if (service_entry(other)) services.push_back(&other);
        }
        constexpr size_t kMaxNotes = 3;
        issue.location = services.front()->key_location;
        issue.message = "'" + services.front()->key + "'" +
                        (services.size() > 1 ? " and " + std::to_string(services.size() - 1) + " more" : "") +
                        (services.size() > 1 ? " are services" : " is a service") +
                        " written at the top level, the Compose file format version 1, which docker compose no "
                        "longer reads: put the services under a `services:` key";
        for (size_t i = 1; i < services.size() && i <= kMaxNotes; ++i) {
          issue.related.push_back(Related{.message = "'" + services[i]->key + "' is a service at the top level too",
                                          .location = services[i]->key_location});
        }
        if (services.size() - 1 > kMaxNotes) {
          issue.related.push_back(Related{.message = "and " + std::to_string(services.size() - 1 - kMaxNotes) + " more",
                                          .location = services[kMaxNotes + 1]->key_location});
        }
        break;
      }
      issue.message = "unknown key '" + leaf.detail + "' " + within(leaf.path);
      if (auto s = did_you_mean(leaf.detail, property_names(leaf.path)))
        issue.message += "; did you mean '" + *s + "'?";
      break;
    }
    case ErrorKind::missing:
      issue.message = subject(leaf.path) + " is missing the required key '" + leaf.detail + "'";
      break;
    case ErrorKind::type: {
      const std::vector<std::string> types = types_at(leaf.path);
      if (node->interpolated) {
        const bool castable = std::any_of(types.begin(), types.end(), [](const std::string& t) {
          return t == "number" || t == "integer" || t == "boolean";
        });
        if (castable) return std::nullopt;
      }
      std::string want;
      for (size_t i = 0; i < types.size(); ++i) {
        if (i > 0) want += i + 1 == types.size() ? " or " : ", ";
        want += type_phrase(types[i]);
      }
      if (want.empty()) want = "something else";
      issue.message = subject(leaf.path) + " must be " + want + ", got " + describe(*node);
      break;
    }
    case ErrorKind::enumeration: {
      const std::vector<std::string> values = enum_at(leaf.path);
      issue.message =
          subject(leaf.path) + " has an invalid value" + (node->is_scalar() ? " '" + node->value + "'" : "");
      if (!values.empty()) {
        issue.message += "; expected one of";
        for (size_t i = 0; i < values.size(); ++i) issue.message += (i == 0 ? " '" : ", '") + values[i] + "'";
      }
      break;
    }
    case ErrorKind::pattern: {
      const std::string pattern = pattern_at(leaf.path);
      issue.message =
          subject(leaf.path) + " has an invalid value" + (node->is_scalar() ? " '" + node->value + "'" : "");
      if (!pattern.empty()) issue.message += "; compose wants a value that matches '" + pattern + "'";
      break;
    }
    case ErrorKind::duplicate_item: {
      // At the repeated item; no value is quoted (an environment list may hold secrets).
      if (node->is_sequence() && leaf.second < node->items.size()) issue.location = node->items[leaf.second].location;
      issue.message = subject(leaf.path) + ": item [" + std::to_string(leaf.second) + "] repeats item [" +
                      std::to_string(leaf.first) + "]; compose refuses a list with duplicate items";
      break;
    }
    default:
      issue.message = subject(leaf.path) + ": " + leaf.detail;
      break;
  }
  return issue;
}

}  // namespace

// The lists compose-go's EnforceUnicity (override/uncity.go) collapses after interpolation and
// before it validates: an item with the key of an earlier one (a volume's target, an environment
// name, a port) replaces it, so the schema's uniqueItems never fails there (rw20 supermq: two
// volumes that interpolate to one bind of ./ssl/placeholder). `*` is any one key.
bool collapsed_by_compose(const std::vector<std::string>& path) {
  static constexpr std::array<std::string_view, 29> kPatterns = {"networks.*.labels",
                                                                 "networks.*.ipam.options",
                                                                 "services.*.annotations",
                                                                 "services.*.build.args",
                                                                 "services.*.build.additional_contexts",
                                                                 "services.*.build.platform",
                                                                 "services.*.build.tags",
                                                                 "services.*.build.labels",
                                                                 "services.*.cap_add",
                                                                 "services.*.cap_drop",
                                                                 "services.*.devices",
                                                                 "services.*.configs",
                                                                 "services.*.deploy.labels",
                                                                 "services.*.dns",
                                                                 "services.*.dns_opt",
                                                                 "services.*.dns_search",
                                                                 "services.*.environment",
                                                                 "services.*.env_file",
                                                                 "services.*.expose",
                                                                 "services.*.labels",
                                                                 "services.*.links",
                                                                 "services.*.networks.*.aliases",
                                                                 "services.*.networks.*.link_local_ips",
                                                                 "services.*.ports",
                                                                 "services.*.profiles",
                                                                 "services.*.secrets",
                                                                 "services.*.sysctls",
                                                                 "services.*.tmpfs",
                                                                 "services.*.volumes"};
  return std::any_of(kPatterns.begin(), kPatterns.end(), [&](std::string_view pattern) {
    size_t i = 0;
    for (size_t begin = 0; begin <= pattern.size(); ++i) {
      const size_t end = std::min(pattern.find('.', begin), pattern.size());
      const std::string_view part = pattern.substr(begin, end - begin);
      if (i >= path.size() || (part != "*" && part != path[i])) return false;
      begin = end + 1;
    }
    return i == path.size();
  });
}

// Services written under a top-level `volumes:` (`networks:`, `configs:`, `secrets:`) after its
// own entries: a block appended below the wrong key (rw169 healthflow: sixteen services after
// `volumes: pgdata:`). Each is an unknown key of its entry; together they are one mistake and one
// fix: one issue at the first, the others its notes. Their leaves are taken out of `best`.
void misplaced_services(const CNode& root, std::map<std::vector<std::string>, Leaf>& best,
                        std::vector<ParseIssue>& out) {
  static constexpr size_t kMaxNotes = 3;
  for (const char* top : {"volumes", "networks", "configs", "secrets"}) {
    std::vector<const Entry*> services;
    for (auto it = best.begin(); it != best.end();) {
      const std::vector<std::string>& path = it->first;
      const Entry* e = nullptr;
      if (it->second.kind == ErrorKind::unknown_key && path.size() == 2 && path[0] == top) {
        const Entry* block = root.find(top);
        e = block != nullptr ? block->value.find(path[1]) : nullptr;
      }
      const bool service = e != nullptr && e->value.is_mapping() &&
                           (e->value.find("image") != nullptr || e->value.find("build") != nullptr);
      if (!service) {
        ++it;
        continue;
      }
      services.push_back(e);
      it = best.erase(it);
    }
    if (services.empty()) continue;
    // The schema's leaves stop after a few rounds (kRechecks): every entry of the block that is a
    // service, in the file's order.
    services.clear();
    for (const Entry& e : root.find(top)->value.entries) {
      if (e.value.is_mapping() && (e.value.find("image") != nullptr || e.value.find("build") != nullptr)) {
        services.push_back(&e);
      }
    }
    ParseIssue issue;
    issue.location = services.front()->key_location;
    issue.message = "'" + services.front()->key + "'" +
                    (services.size() > 1 ? " and " + std::to_string(services.size() - 1) + " more entr" +
                                               (services.size() == 2 ? "y" : "ies")
                                         : std::string()) +
                    " of the top-level `" + top + ":` " + (services.size() > 1 ? "are services" : "is a service") +
                    " (image or build): written under `" + top + ":` instead of `services:`, which compose refuses";
    for (size_t i = 1; i < services.size() && i <= kMaxNotes; ++i) {
      issue.related.push_back(Related{.message = "'" + services[i]->key + "' is a service under `" + top + ":` too",
                                      .location = services[i]->key_location});
    }
    if (services.size() - 1 > kMaxNotes) {
      issue.related.push_back(Related{.message = "and " + std::to_string(services.size() - 1 - kMaxNotes) + " more",
                                      .location = issue.location});
    }
    out.push_back(std::move(issue));
  }
}

std::vector<ParseIssue> validate_schema(const CNode& root, size_t max_errors) {
  KeySet keys;
  size_t longest = 0;
  collect_keys(root, keys, longest);
  std::shared_ptr<const Compiled> compiled = schema_for(keys);
  if (compiled == nullptr) return {};
  // A list too long for valijson's pairwise uniqueness check: a schema of its own without it.
  if (longest > kMaxUniqueItems) compiled = compile(&keys, false);
  if (compiled == nullptr) return {};
  TreeView view;
  std::vector<Leaf> leaves;
  for (int round = 0; round < kRechecks; ++round) {
    if (!schema_leaves(compiled->schema, root, view, leaves)) break;
  }
  if (leaves.empty()) return {};
  // One error per place: the most specific kind; a shape error is dropped when a deeper error
  // shows the value had the right shape for one of the alternatives.
  std::map<std::vector<std::string>, Leaf> best;
  for (Leaf& leaf : leaves) {
    if (leaf.kind == ErrorKind::type) {
      // A list_or_dict list with a repeated item fails the list branch on uniqueness only: the
      // shape was right ("must be a mapping or a list, got a list" would be false).
      const bool deeper = std::any_of(leaves.begin(), leaves.end(), [&](const Leaf& o) {
        return is_prefix(leaf.path, o.path) || (o.kind == ErrorKind::duplicate_item && o.path == leaf.path);
      });
      if (deeper) continue;
    }
    auto it = best.find(leaf.path);
    if (it == best.end() || leaf.kind < it->second.kind) best[leaf.path] = leaf;
  }
  std::vector<ParseIssue> out;
  misplaced_services(root, best, out);
  for (const auto& [path, leaf] : best) {
    if (leaf.kind == ErrorKind::duplicate_item && collapsed_by_compose(path)) continue;
    if (auto issue = message_for(leaf, root)) out.push_back(std::move(*issue));
  }
  std::sort(out.begin(), out.end(), [](const ParseIssue& a, const ParseIssue& b) {
    return a.location.offset != b.location.offset ? a.location.offset < b.location.offset : a.message < b.message;
  });
  if (out.size() > max_errors) out.resize(max_errors);
  return out;
}

}  // namespace stacklint::compose
