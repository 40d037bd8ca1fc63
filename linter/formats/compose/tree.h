// A mutable, located tree of one compose file after YAML anchors and merge keys are resolved and
// values are interpolated; the multi-file merge, `extends` and the schema work on it.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/secrets.h"
#include "linter/model/stack.h"
#include "linter/source/source.h"
#include "linter/yaml/yaml.h"

namespace stacklint::compose {

enum class Kind : uint8_t { null, scalar, sequence, mapping };

struct Entry;

// The compose tags a merge acts on (`!reset` drops the value, `!override` replaces instead of merging);
// other tags change nothing after conversion.
enum class Tag : uint8_t { none, reset, override };

struct CNode {
  Kind kind = Kind::null;
  yaml::ScalarType type = yaml::ScalarType::null;  // scalars: core-schema type (string once interpolated)
  bool interpolated = false;                       // the value came through a `$` substitution
  // Scalars that interpolate a variable set nowhere: the value with each such reference kept as written
  // (`--requirepass ${REDIS_PASSWORD} --maxmemory 256mb`), where `value` has compose's "". A command
  // is split into words from it, so the words keep the structure the author wrote (rw15 trackarr:
  // `--requirepass --maxmemory 256mb` made "--maxmemory" the password). Empty otherwise.
  std::string written_unset;
  Tag tag = Tag::none;
  std::string value;  // scalars
  Location location;
  FilePath base_dir;  // relative paths in this node resolve against this directory (interned)
  std::vector<CNode> items;
  std::vector<Entry> entries;

  [[nodiscard]] bool is_scalar() const { return kind == Kind::scalar; }
  [[nodiscard]] bool is_sequence() const { return kind == Kind::sequence; }
  [[nodiscard]] bool is_mapping() const { return kind == Kind::mapping; }
  [[nodiscard]] bool is_null() const { return kind == Kind::null; }
  [[nodiscard]] const CNode* get(std::string_view key) const;
  [[nodiscard]] CNode* get(std::string_view key);
  [[nodiscard]] const Entry* find(std::string_view key) const;
  void erase(std::string_view key);
  // Sets (or replaces) a key's value, keeping the key's position when it exists.
  CNode& set(const std::string& key, const Location& key_location, CNode value);
};

struct Entry {
  std::string key;
  Location key_location;
  CNode value;
};

// The variables interpolation sees and where `${VAR}` was left unset.
struct Interpolator {
  const std::map<std::string, std::string>* variables = nullptr;
  std::vector<UnsetVariable>* unset = nullptr;
  std::vector<ParseIssue>* errors = nullptr;
  std::vector<HiddenValue>* hidden = nullptr;  // the substituted values (linter/model/secrets.h: shown as ${NAME})
  // Variables whose value only the repository's env templates give (`REDIS_PASSWORD=` in
  // .env.example, for the user to fill in): an empty one, or a placeholder (`?`, `<port>`), is unknown,
  // not its text (CNode::written_unset).
  const std::map<std::string, Location>* template_variables = nullptr;
  std::vector<Location>* blank_template_uses = nullptr;  // where such a fill-in was substituted
  std::set<std::string>* used = nullptr;                 // every variable a value names, set or not
  std::set<std::string>* empty_default = nullptr;        // variables written `${VAR:-}` / `${VAR-}`
};

// Result of interpolating one string.
struct Substitution {
  std::string value;
  bool changed = false;  // at least one `$` form was substituted
  bool ok = true;        // false after a `:?` error or an invalid template
  std::string error;     // the message when !ok
  struct Unset {
    std::string name;
    size_t begin = 0, end = 0;  // byte range of the `${...}` in the input
    bool required = false;      // `${VAR:?msg}` / `${VAR?msg}`: compose refuses to start without it
    std::string message;        // the `msg` of a required variable
  };
  std::vector<Unset> unset;
  struct Used {
    std::string name;
    size_t begin = 0, end = 0;  // byte range of the `$VAR` / `${...}` in the input
  };
  std::vector<Used> used;  // variables whose value went into the result
  // Variables written with an empty default (`${VAR:-}`, `${VAR-}`): the author's word that empty will do.
  std::vector<std::string> empty_default;
  bool keep_unset = false;  // an unset reference stays in the result as written instead of ""
};

// compose-go's template syntax: $VAR ${VAR} ${VAR:-d} ${VAR-d} ${VAR:?e} ${VAR?e} ${VAR:+a} ${VAR+a},
// nesting in the default / alternative / message, `$$` for a literal `$`.
Substitution substitute(std::string_view text, const std::map<std::string, std::string>& variables,
                        bool keep_unset = false);

struct ConvertOptions {
  size_t max_nodes = 1000000;  // an alias bomb stops here with an error (load_compose scales it to the file)
  // When set (the stream's own), the YAML nodes are freed as they are converted
  // (yaml::Stream::release_nodes_before): the tree is not read again.
  yaml::Stream* release = nullptr;
};

// Converts a YAML document to a CNode tree, interpolating scalar values (never keys). `x-*` keys
// are kept (the schema allows them; the model ignores them). Errors go to interp.errors.
CNode convert(const yaml::Stream& stream, const yaml::Node& root, const std::string& base_dir,
              const Interpolator& interp, const ConvertOptions& options = {});

// "a scalar", "a mapping", ... for messages.
std::string describe(const CNode& node);

}  // namespace stacklint::compose
