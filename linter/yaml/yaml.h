// A compact YAML node tree built from libyaml's events. Every node keeps the byte offsets of its start
// and end (lines and columns come from the file's line index when a location is made) and scalars
// their style. A scalar's value is a view into the file text when it is written as is (plain, or
// quoted without escapes or folding); other values, tags and every node's children live in the
// stream's arena: no heap allocation per node. Anchors and aliases are
// shared, never expanded (an alias bomb costs linear time to load); `<<` merge keys are resolved
// when their mapping ends. Parse problems are data (ParseIssue), never exceptions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/arena.h"
#include "linter/source/source.h"
#include "linter/yaml/duplicate_key.h"
#include "linter/yaml/scalar_span.h"

namespace stacklint::yaml {

enum class NodeKind : uint8_t { scalar, sequence, mapping };

struct Node;
struct Pair {
  const Node* key = nullptr;
  const Node* value = nullptr;
};

// A scalar's text, tag or key: a view (into the file text or the stream's arena, alive as long as the
// stream) that converts to std::string where a caller keeps a copy, and concatenates like one.
class Text : public std::string_view {
 public:
  constexpr Text() = default;
  constexpr Text(std::string_view text) : std::string_view(text) {}
  constexpr Text(const char* text) : std::string_view(text) {}
  operator std::string() const { return std::string(data(), size()); }
};
inline std::string operator+(std::string a, Text b) {
  return a.append(b);
}
inline std::string operator+(const char* a, Text b) {
  return std::string(a).append(b);
}
inline std::string operator+(Text a, const std::string& b) {
  return std::string(a).append(b);
}
inline std::string operator+(Text a, const char* b) {
  return std::string(a).append(b);
}

// A byte offset in the file (a node's start or end).
struct Pos {
  uint32_t offset = 0;
};

struct Node {
  NodeKind kind = NodeKind::scalar;
  ScalarStyle style = ScalarStyle::none;
  // Mappings of kSortedIndexFrom pairs or more: a sorted index of the scalar keys' hashes follows
  // `pairs` in the arena (get and find_pair search it in O(log n)). In the padding: no larger node.
  bool indexed = false;
  Pos start;
  Pos end;
  Text tag;                            // explicit tag as written ("!reset", "!!str"), empty when none
  Text value;                          // scalars: the cooked value
  std::span<const Node* const> items;  // sequences
  std::span<const Pair> pairs;         // mappings, in order (merged pairs after explicit ones)

  [[nodiscard]] bool is_scalar() const { return kind == NodeKind::scalar; }
  [[nodiscard]] bool is_sequence() const { return kind == NodeKind::sequence; }
  [[nodiscard]] bool is_mapping() const { return kind == NodeKind::mapping; }
  // A plain untagged scalar that YAML 1.2's core schema resolves to null (``, `~`, `null`).
  [[nodiscard]] bool is_null() const;
  // The value of `key` in a mapping (scalar keys compared by value), or nullptr.
  [[nodiscard]] const Node* get(std::string_view key) const;
  [[nodiscard]] const Pair* find_pair(std::string_view key) const;
  // Where a scalar was written (enough to map its value's offsets once the tree is gone).
  [[nodiscard]] ScalarSpan span() const { return {.begin = start.offset, .end = end.offset, .style = style}; }
};

// A mapping with at least this many pairs gets a sorted key index (Node::indexed).
inline constexpr size_t kSortedIndexFrom = 16;

// Core-schema resolution of a plain scalar (what yaml.v3 and Go's YAML decoders do).
enum class ScalarType : uint8_t { null, boolean, integer, floating, string };
ScalarType resolve_type(const Node& scalar);
// Integer value of a plain scalar that resolves to integer (decimal, 0x, 0o, 0b, +/-); nullopt if not.
std::optional<int64_t> as_integer(const Node& scalar);
std::optional<double> as_number(const Node& scalar);
std::optional<bool> as_bool(const Node& scalar);

struct Document {
  const Node* root = nullptr;  // nullptr for an empty document
};

// What a caller reading only part of a file needs of a mapping value, decided by the keys leading to
// it from the document root (a sequence adds no key): all of it, only that its key is there (the
// value is read as null), or neither the key nor the value.
enum class Keep : uint8_t { all, presence, none };
using KeyFilter = Keep (*)(std::span<const std::string_view> keys);

struct LoadOptions {
  uint32_t max_depth = 256;
  size_t max_bytes = 16U * 1024 * 1024;
  // Builds only what the filter keeps; what it leaves out is parsed (syntax errors are the same) but
  // not built, and its duplicate keys are not reported. Merge keys and anchors need whole trees: a
  // file with an `&` or a `<<` is built whole.
  KeyFilter filter = nullptr;
};

class Stream {
 public:
  explicit Stream(SourcePtr source) : source_(std::move(source)) {}

  [[nodiscard]] const SourceFile& source() const { return *source_; }
  [[nodiscard]] const std::vector<Document>& documents() const { return documents_; }
  [[nodiscard]] const Node* root() const { return documents_.empty() ? nullptr : documents_.front().root; }
  // Syntax errors (libyaml's, depth and size limits). Loading stops at the first one.
  [[nodiscard]] const std::vector<ParseIssue>& errors() const { return errors_; }
  [[nodiscard]] const std::vector<DuplicateKey>& duplicates() const { return duplicates_; }

  // The location of a node: from its start to its end mark.
  [[nodiscard]] Location location(const Node& node) const;
  // The location of bytes [begin, end) of a scalar's cooked value, mapped back into the file
  // through the scalar's style (quotes, escapes, block indentation, folding). When the mapping
  // cannot be rebuilt exactly, the node's own location is returned.
  [[nodiscard]] Location value_location(const Node& scalar, uint32_t begin, uint32_t end) const;

  // For a reader that visits each node once, in document order, and never goes back (compose's
  // conversion): frees the memory of the nodes made before `node`, to be reused while the rest is
  // read. Nothing is freed in a file with anchors, merge keys or a repeated key, or a filtered load
  // (a node may be met twice or out of order there). Those nodes dangle afterwards; children lists and
  // values stay.
  void release_nodes_before(const Node& node) {
    if (document_order_) arena_.release_before(&node);
  }
  // Whether a node may be reached twice (an alias, or a filtered load's shared placeholder): a walk
  // over the whole tree needs to remember what it visited only then.
  [[nodiscard]] bool shares_nodes() const { return shares_nodes_; }

 private:
  friend std::unique_ptr<Stream> load(SourcePtr source, const LoadOptions& options);
  friend class Builder;
  SourcePtr source_;
  Arena<Node> arena_{64};
  ByteArena bytes_{64 * 1024};  // children lists, cooked scalar values, tags
  std::vector<Document> documents_;
  std::vector<ParseIssue> errors_;
  std::vector<DuplicateKey> duplicates_;
  bool document_order_ = false;  // a reader in document order meets the nodes in the order they were made
  bool shares_nodes_ = false;
};

std::unique_ptr<Stream> load(SourcePtr source, const LoadOptions& options = {});

// For each byte of a scalar's cooked value, the byte offset in the file it came from, plus one
// final entry for the end. Empty when the raw text cannot be matched to the value.
std::vector<uint32_t> cooked_to_raw_offsets(const SourceFile& file, const Node& scalar);

}  // namespace stacklint::yaml
