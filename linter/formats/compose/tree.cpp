#include "linter/formats/compose/tree.h"

#include <algorithm>
#include <set>

#include "linter/model/secrets.h"

namespace stacklint::compose {

const CNode* CNode::get(std::string_view key) const {
  const Entry* e = find(key);
  return e != nullptr ? &e->value : nullptr;
}

CNode* CNode::get(std::string_view key) {
  for (Entry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

const Entry* CNode::find(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

void CNode::erase(std::string_view key) {
  entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; }),
                entries.end());
}

CNode& CNode::set(const std::string& key, const Location& key_location, CNode value) {
  for (Entry& e : entries) {
    if (e.key == key) {
      e.value = std::move(value);
      e.key_location = key_location;
      return e.value;
    }
  }
  entries.push_back(Entry{.key = key, .key_location = key_location, .value = std::move(value)});
  return entries.back().value;
}

std::string describe(const CNode& node) {
  switch (node.kind) {
    case Kind::null:
      return "null";
    case Kind::mapping:
      return "a mapping";
    case Kind::sequence:
      return "a list";
    case Kind::scalar:
      break;
  }
  switch (node.type) {
    case yaml::ScalarType::boolean:
      return "a boolean '" + node.value + "'";
    case yaml::ScalarType::integer:
    case yaml::ScalarType::floating:
      return "a number '" + node.value + "'";
    default:
      return "a string '" + node.value + "'";
  }
}

namespace {

bool name_start(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool name_char(char c) {
  return name_start(c) || (c >= '0' && c <= '9');
}

constexpr int kMaxNesting = 64;

// A template's value the user is to fill in: empty (`DATA_DIR=`), question marks (`API_PORT="?"`,
// rw83 Dhruva-Platform) or a `<...>` placeholder (`<your-port>`).
bool is_fill_in(std::string_view v) {
  if (v.empty()) return true;
  if (v.find_first_not_of('?') == std::string_view::npos) return true;
  return v.size() >= 2 && v.front() == '<' && v.back() == '>' && v.find_first_of("<>", 1) == v.size() - 1;
}

void substitute_into(std::string_view text, const std::map<std::string, std::string>& vars, size_t base, int depth,
                     Substitution& out, std::string& result);

// The interpolation `${...}` starting at text[i]; returns the index after its closing brace, or npos
// once out.ok is false.
size_t substitute_braced(std::string_view text, size_t i, const std::map<std::string, std::string>& vars, size_t base,
                         int depth, Substitution& out, std::string& result) {
  const size_t n = text.size();
  // Find the matching brace, counting nested braces.
  size_t j = i + 2;
  int open = 1;
  while (j < n) {
    if (text[j] == '{') ++open;
    if (text[j] == '}' && --open == 0) break;
    ++j;
  }
  const auto invalid = [&](size_t end) {
    out.ok = false;
    out.error = "invalid interpolation format \"" + std::string(text.substr(i, end - i)) +
                "\": you may need to escape any $ with another $";
    return std::string_view::npos;
  };
  if (j >= n) return invalid(n);
  const std::string_view content = text.substr(i + 2, j - i - 2);
  size_t k = 0;
  if (k < content.size() && name_start(content[k])) {
    ++k;
    while (k < content.size() && name_char(content[k])) ++k;
  }
  if (k == 0) return invalid(j + 1);
  const std::string name(content.substr(0, k));
  std::string_view op;
  if (k < content.size()) {
    const std::string_view rest = content.substr(k);
    for (std::string_view cand : {":-", ":?", ":+", "-", "?", "+"}) {
      if (rest.substr(0, cand.size()) == cand) {
        op = cand;
        break;
      }
    }
    if (op.empty()) return invalid(j + 1);
  }
  const size_t arg_begin = i + 2 + k + op.size();
  const std::string_view arg = text.substr(arg_begin, j - arg_begin);
  const auto it = vars.find(name);
  const bool set = it != vars.end();
  const bool nonempty = set && !it->second.empty();
  out.changed = true;
  const auto expand_arg = [&](std::string& into) {
    substitute_into(arg, vars, base + arg_begin, depth + 1, out, into);
  };
  const auto use = [&] {
    result += it->second;
    out.used.push_back({.name = name, .begin = base + i, .end = base + j + 1});
  };
  if (op.empty()) {
    if (set) {
      use();
    } else {
      out.unset.push_back({.name = name, .begin = base + i, .end = base + j + 1});
      if (out.keep_unset) result.append(text.substr(i, j + 1 - i));
    }
  } else if (op == ":-" || op == "-") {
    if (arg.empty()) out.empty_default.push_back(name);
    if (op == ":-" ? nonempty : set) {
      use();
    } else {
      expand_arg(result);
    }
  } else if (op == ":?" || op == "?") {
    if (op == ":?" ? nonempty : set) {
      use();
    } else {
      // Compose refuses to start without it; a linter reports it (compose/unset-variable) and goes
      // on with "" so the rest of the stack is still checked.
      std::string message;
      expand_arg(message);
      if (!out.ok) return std::string_view::npos;
      out.unset.push_back({.name = name, .begin = base + i, .end = base + j + 1, .required = true, .message = message});
      if (out.keep_unset) result.append(text.substr(i, j + 1 - i));
    }
  } else {  // ":+" / "+"
    if (op == ":+" ? nonempty : set) expand_arg(result);
  }
  return j + 1;
}

void substitute_into(std::string_view text, const std::map<std::string, std::string>& vars, size_t base, int depth,
                     Substitution& out, std::string& result) {
  if (depth > kMaxNesting) {
    out.ok = false;
    out.error = "interpolation nested too deeply";
    return;
  }
  size_t i = 0;
  const size_t n = text.size();
  while (i < n && out.ok) {
    const char c = text[i];
    if (c != '$' || i + 1 >= n) {
      result += c;
      ++i;
      continue;
    }
    const char next = text[i + 1];
    if (next == '$') {
      result += '$';
      out.changed = true;
      i += 2;
      continue;
    }
    if (name_start(next)) {
      size_t j = i + 1;
      while (j < n && name_char(text[j])) ++j;
      const std::string name(text.substr(i + 1, j - i - 1));
      out.changed = true;
      if (const auto it = vars.find(name); it != vars.end()) {
        result += it->second;
        out.used.push_back({.name = name, .begin = base + i, .end = base + j});
      } else {
        out.unset.push_back({.name = name, .begin = base + i, .end = base + j});
        if (out.keep_unset) result.append(text.substr(i, j - i));
      }
      i = j;
      continue;
    }
    if (next != '{') {
      result += c;  // a lone `$` stays literal
      ++i;
      continue;
    }
    i = substitute_braced(text, i, vars, base, depth, out, result);
    if (i == std::string_view::npos) return;
  }
}

class Converter {
 public:
  Converter(const yaml::Stream& stream, const std::string& base_dir, const Interpolator& interp,
            const ConvertOptions& options)
      : stream_(stream), base_dir_(base_dir), interp_(interp), options_(options) {}

  CNode convert(const yaml::Node& node, int depth) {
    // Nodes are visited in document order and never again: those before this one can go.
    if (options_.release != nullptr) options_.release->release_nodes_before(node);
    CNode out;
    out.tag = node.tag == "!reset" ? Tag::reset : node.tag == "!override" ? Tag::override : Tag::none;
    out.base_dir = base_dir_;
    out.location = stream_.location(node);
    if (stopped_) return out;
    if (++count_ > options_.max_nodes || depth > 2000) {
      stopped_ = true;
      error("the document expands to too many nodes (more than " + std::to_string(options_.max_nodes) +
                " after resolving aliases); is it an alias bomb?",
            out.location);
      return out;
    }
    switch (node.kind) {
      case yaml::NodeKind::scalar:
        scalar(node, out);
        break;
      case yaml::NodeKind::sequence:
        out.kind = Kind::sequence;
        out.items.reserve(node.items.size());
        for (const yaml::Node* item : node.items) out.items.push_back(convert(*item, depth + 1));
        break;
      case yaml::NodeKind::mapping:
        out.kind = Kind::mapping;
        out.entries.reserve(node.pairs.size());
        for (const yaml::Pair& p : node.pairs) {
          const std::string key = p.key->is_scalar() ? p.key->value : std::string();
          if (!p.key->is_scalar()) {
            error("mapping keys must be strings", stream_.location(*p.key));
            continue;
          }
          // A merged pair never repeats a key: yaml::load left out those an explicit pair has.
          Entry e{.key = key, .key_location = stream_.location(*p.key), .value = convert(*p.value, depth + 1)};
          out.entries.push_back(std::move(e));
        }
        break;
    }
    return out;
  }

 private:
  void error(std::string message, Location location) {
    if (interp_.errors != nullptr)
      interp_.errors->push_back(ParseIssue{.message = std::move(message), .location = location});
  }

  void scalar(const yaml::Node& node, CNode& out) {
    out.type = node.tag == "!!str" ? yaml::ScalarType::string : yaml::resolve_type(node);
    if (out.type == yaml::ScalarType::null && node.style == yaml::ScalarStyle::plain) {
      out.kind = Kind::null;
      return;
    }
    out.kind = Kind::scalar;
    if (interp_.variables == nullptr || node.value.find('$') == std::string::npos) {
      out.value = node.value;
      return;
    }
    // `${MAP_HOST:-127.0.0.1}` with MAP_HOST only in .env.example: compose, which never reads the
    // template, uses the default (rw52 quickwit: the template's opt-in 0.0.0.0 was reported as the
    // stack's binding). The template still documents the variable as set.
    // A value that also uses the variable without a default (`"${PORT:-3000}:${PORT}"`, rw183
    // The-Last-of-Guss) reads the template's value in both: the user's `.env`, copied from it, sets it.
    std::optional<std::map<std::string, std::string>> defaulted;
    if (interp_.template_variables != nullptr && !interp_.template_variables->empty()) {
      std::set<std::string> with_defaults;
      std::set<std::string> plain;
      for (size_t at = node.value.find("${"); at != std::string::npos; at = node.value.find("${", at + 2)) {
        size_t end = at + 2;
        while (end < node.value.size() && name_char(node.value[end])) ++end;
        const std::string name(node.value.substr(at + 2, end - at - 2));
        const bool colon = node.value.compare(end, 2, ":-") == 0;
        const bool with_default = colon || node.value.compare(end, 1, "-") == 0;
        // An empty default (`${DAEMON_MEM:-}`) gives no value of its own: the template's stands for
        // what the user's `.env`, copied from it, sets (rw77 any-sync-dockercompose: `memory: ''`).
        const size_t after = end + (colon ? 2 : 1);
        const bool empty_default = with_default && after < node.value.size() && node.value[after] == '}';
        if (interp_.template_variables->count(name) == 0) continue;
        if (!with_default) {
          plain.insert(name);
        } else if (!empty_default) {
          with_defaults.insert(name);
        }
      }
      for (const std::string& name : with_defaults) {
        if (plain.count(name) > 0) continue;
        if (!defaulted) defaulted = *interp_.variables;
        defaulted->erase(name);
      }
    }
    const std::map<std::string, std::string>& variables = defaulted ? *defaulted : *interp_.variables;
    Substitution s = substitute(node.value, variables);
    if (!s.ok) {
      error(s.error, out.location);
      out.value = node.value;
      return;
    }
    if (interp_.used != nullptr) {
      for (const auto& u : s.used) interp_.used->insert(u.name);
      for (const auto& u : s.unset) interp_.used->insert(u.name);
    }
    if (interp_.empty_default != nullptr) {
      interp_.empty_default->insert(s.empty_default.begin(), s.empty_default.end());
    }
    for (const auto& u : s.unset) {
      if (interp_.unset != nullptr) {
        interp_.unset->push_back(UnsetVariable{
            .name = u.name,
            .required = u.required,
            .location = stream_.value_location(node, static_cast<uint32_t>(u.begin), static_cast<uint32_t>(u.end))});
      }
    }
    if (interp_.hidden != nullptr) {
      for (const auto& u : s.used) {
        const auto it = interp_.variables->find(u.name);
        interp_.hidden->push_back(HiddenValue{
            .kind = HiddenValue::Kind::environment,
            .where = stream_.value_location(node, static_cast<uint32_t>(u.begin), static_cast<uint32_t>(u.end)),
            .name = u.name,
            .value = it->second});
      }
    }
    const auto blank_template = [&](const Substitution::Used& u) {
      if (interp_.template_variables == nullptr || interp_.template_variables->count(u.name) == 0) return false;
      const auto it = interp_.variables->find(u.name);
      return it != interp_.variables->end() && is_fill_in(it->second);
    };
    if (!s.unset.empty()) {
      out.written_unset = substitute(node.value, *interp_.variables, true).value;
    } else if (std::any_of(s.used.begin(), s.used.end(), blank_template)) {
      std::map<std::string, std::string> known = *interp_.variables;
      for (const auto& u : s.used) {
        if (!blank_template(u)) continue;
        known.erase(u.name);
        if (interp_.blank_template_uses != nullptr) {
          interp_.blank_template_uses->push_back(
              stream_.value_location(node, static_cast<uint32_t>(u.begin), static_cast<uint32_t>(u.end)));
        }
      }
      out.written_unset = substitute(node.value, known, true).value;
    }
    out.value = std::move(s.value);
    if (s.changed) {
      out.interpolated = true;
      out.type = yaml::ScalarType::string;
    }
  }

  const yaml::Stream& stream_;
  const FilePath base_dir_;
  const Interpolator& interp_;
  const ConvertOptions& options_;
  size_t count_ = 0;
  bool stopped_ = false;
};

}  // namespace

Substitution substitute(std::string_view text, const std::map<std::string, std::string>& variables, bool keep_unset) {
  Substitution out;
  out.keep_unset = keep_unset;
  std::string result;
  substitute_into(text, variables, 0, 0, out, result);
  out.value = std::move(result);
  return out;
}

CNode convert(const yaml::Stream& stream, const yaml::Node& root, const std::string& base_dir,
              const Interpolator& interp, const ConvertOptions& options) {
  Converter c(stream, base_dir, interp, options);
  return c.convert(root, 0);
}

}  // namespace stacklint::compose
