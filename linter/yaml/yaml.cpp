#include "linter/yaml/yaml.h"

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <memory_resource>
#include <unordered_map>

namespace stacklint::yaml {

namespace {

// libyaml's "did not find expected <document start>" where the document's first key is indented
// (` version: '3'` above `services:`, rw250 Fit-A-Pet): the first line's mapping ends at the key
// below it, which YAML then reads as a second document. Says so, naming that first line; "" when
// the first line of content (no blank, comment, directive or `---` line) starts at column 1.
std::string indented_first_line(std::string_view text, size_t error_offset) {
  uint32_t line_no = 1;
  for (size_t pos = 0; pos < text.size() && pos < error_offset; ++line_no) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t b = line.find_first_not_of(" \r");
    if (b == std::string_view::npos || line[b] == '#' || line[b] == '%' || line.substr(b).starts_with("---")) continue;
    if (b == 0) return {};
    return " (line " + std::to_string(line_no) + " starts with " + std::to_string(b) + (b == 1 ? " space" : " spaces") +
           ", the lines below it at column 1: top-level keys must start at the same column)";
  }
  return {};
}

// The sorted index of a large mapping (Builder::keep_pairs): a slot of a pair whose key is not a
// scalar, and the hash of a scalar key.
constexpr uint64_t kNoKey = ~uint64_t{0};
uint32_t key_hash(std::string_view key) {
  return static_cast<uint32_t>(std::hash<std::string_view>{}(key));
}

std::string_view event_tag(const unsigned char* tag) {
  return tag == nullptr ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(tag));
}

}  // namespace

// Builds the tree from libyaml's event stream, iteratively (no recursion: nesting depth is bounded
// only by the depth limit, not by the C++ stack).
class Builder {
 public:
  Builder(Stream& stream, const LoadOptions& options) : s_(stream), options_(options) {}

  void run();

 private:
  struct Frame {
    Node* node = nullptr;
    const Node* pending_key = nullptr;  // mappings: the key waiting for its value
    std::vector<const Node*> merges;    // mappings: values of `<<` keys, in order
    std::vector<const Node*> items;     // sequences: the children so far
    std::vector<Pair> pairs;            // mappings: the pairs so far
    // Mappings: scalar keys seen, with the index of their pair. A short list first (most mappings are
    // small), then an open-addressing table of (hash << 32 | index + 1) words, 0 for a free slot, at
    // most half full: a probe compares key text only within its hash (the key is its pair's key).
    std::vector<std::pair<std::string_view, uint32_t>> few_keys;
    std::vector<uint64_t> slots;
    size_t used = 0;
    [[nodiscard]] std::optional<uint32_t> find_key(std::string_view k) const {
      for (const auto& [name, index] : few_keys) {
        if (name == k) return index;
      }
      if (used == 0) return std::nullopt;
      const uint64_t hash = key_hash(k);
      const size_t mask = slots.size() - 1;
      for (size_t i = hash & mask; slots[i] != 0; i = (i + 1) & mask) {
        const uint32_t index = static_cast<uint32_t>(slots[i] & 0xFFFFFFFFU) - 1;
        if (slots[i] >> 32U == hash && pairs[index].key->value == k) return index;
      }
      return std::nullopt;
    }
    void add_key(std::string_view k, uint32_t index) {
      if (few_keys.size() < 16) {
        few_keys.emplace_back(k, index);
        return;
      }
      if (2 * (used + 1) > slots.size()) grow();
      place((uint64_t{key_hash(k)} << 32U) | (uint64_t{index} + 1));
      ++used;
    }
    void place(uint64_t word) {
      const size_t mask = slots.size() - 1;
      size_t i = (word >> 32U) & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = word;
    }
    void grow() {
      std::vector<uint64_t> old(std::max<size_t>(64, 2 * slots.size()), 0);
      old.swap(slots);
      for (const uint64_t word : old) {
        if (word != 0) place(word);
      }
    }
  };

  void push_frame(Node* n) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.node = n;
    f.pending_key = nullptr;
    f.merges.clear();
    f.items.clear();
    f.pairs.clear();
    f.few_keys.clear();
    f.slots.clear();
    f.used = 0;
  }
  // Copies a finished list or string into the stream's arena.
  template <class T>
  std::span<const T> keep(const std::vector<T>& list) {
    if (list.empty()) return {};
    T* out = std::pmr::polymorphic_allocator<T>(&s_.bytes_).allocate(list.size());
    std::uninitialized_copy(list.begin(), list.end(), out);
    return {out, list.size()};
  }
  std::string_view keep(std::string_view text) {
    if (text.empty()) return {};
    char* out = static_cast<char*>(s_.bytes_.allocate(text.size(), 1));
    std::memcpy(out, text.data(), text.size());
    return {out, text.size()};
  }
  // A mapping's pairs into the arena; from kSortedIndexFrom pairs on, followed by one 64-bit word per
  // pair: a scalar key's hash (high half) and its pair's index (low half), in increasing order, then
  // kNoKey for pairs whose key is not a scalar. Integers sort fast; find_pair compares keys only
  // within one hash.
  void keep_pairs(Node& mapping, const std::vector<Pair>& pairs) {
    if (pairs.size() < kSortedIndexFrom) {
      mapping.pairs = keep(pairs);
      return;
    }
    static_assert(sizeof(Pair) % alignof(uint64_t) == 0);
    void* block = s_.bytes_.allocate(pairs.size() * (sizeof(Pair) + sizeof(uint64_t)), alignof(Pair));
    Pair* out = static_cast<Pair*>(block);
    std::uninitialized_copy(pairs.begin(), pairs.end(), out);
    auto* sorted = reinterpret_cast<uint64_t*>(out + pairs.size());
    size_t n = 0;
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (pairs[i].key->is_scalar()) sorted[n++] = (uint64_t{key_hash(pairs[i].key->value)} << 32U) | i;
    }
    std::sort(sorted, sorted + n);
    std::fill(sorted + n, sorted + pairs.size(), kNoKey);
    mapping.pairs = {out, pairs.size()};
    mapping.indexed = true;
  }
  std::string_view scalar_value(const Node& n, std::string_view cooked);
  void close_collection();
  Pos pos(const yaml_mark_t& m);
  Node* make(NodeKind kind, const yaml_event_t& ev);
  void add_to_parent(const Node* node);
  void finish_mapping(Frame& frame);
  void register_anchor(const unsigned char* anchor, const Node* node);
  void error(std::string message, uint32_t offset);
  bool filtered(const yaml_event_t& ev, bool& done);
  [[nodiscard]] Keep decide(std::string_view key);
  void handle(const yaml_event_t& ev, bool& done);
  void scalar_event(const yaml_event_t& ev);

  Stream& s_;
  const LoadOptions& options_;
  // Open collections, innermost last: frames_[0, depth_). Frames are reused (their key lists keep
  // their capacity) rather than made and freed per mapping.
  std::vector<Frame> frames_;
  size_t depth_ = 0;
  std::unordered_map<std::string, const Node*> anchors_;
  const Node* doc_root_ = nullptr;
  bool ascii_ = true;        // no byte >= 0x80: character index == byte offset
  size_t bom_ = 0;           // 3 when the file starts with a UTF-8 BOM (libyaml does not count it)
  size_t cursor_index_ = 0;  // character index / byte offset pair for non-ASCII files
  size_t cursor_byte_ = 0;
  // LoadOptions::filter: whether it applies (no anchors or merge keys in the file), the value being skipped (its
  // open collections), whether its key stays (with `placeholder_` as its value), and the key path.
  bool filtering_ = false;
  size_t skip_depth_ = 0;
  bool skipping_ = false;
  bool skipped_key_kept_ = false;
  const Node* placeholder_ = nullptr;
  std::vector<std::string_view> path_;
};

Pos Builder::pos(const yaml_mark_t& m) {
  // libyaml counts characters (index, column) and lines from 0. Convert the character index to a
  // byte offset with a forward-moving cursor (events arrive almost in order), or directly for ASCII.
  const std::string& text = s_.source_->text();
  uint32_t offset = 0;
  if (ascii_) {
    offset = static_cast<uint32_t>(std::min(bom_ + m.index, text.size()));
  } else {
    if (m.index < cursor_index_) {
      cursor_index_ = 0;
      cursor_byte_ = bom_;
    }
    while (cursor_index_ < m.index && cursor_byte_ < text.size()) {
      ++cursor_byte_;
      while (cursor_byte_ < text.size() && (static_cast<unsigned char>(text[cursor_byte_]) & 0xC0U) == 0x80U) {
        ++cursor_byte_;
      }
      ++cursor_index_;
    }
    offset = static_cast<uint32_t>(cursor_byte_);
  }
  return Pos{.offset = offset};
}

// The cooked value as a view into the file when the scalar is written exactly so (plain, or quoted
// without escapes or line folding), else a copy in the arena.
std::string_view Builder::scalar_value(const Node& n, std::string_view cooked) {
  if (cooked.empty()) return {};
  const std::string& text = s_.source_->text();
  const size_t quote = n.style == ScalarStyle::plain ? 0 : 1;
  if (n.style == ScalarStyle::plain || n.style == ScalarStyle::single_quoted || n.style == ScalarStyle::double_quoted) {
    const size_t begin = n.start.offset + quote;
    if (n.end.offset >= begin + quote && n.end.offset - begin - quote == cooked.size() &&
        std::memcmp(text.data() + begin, cooked.data(), cooked.size()) == 0) {
      return {text.data() + begin, cooked.size()};
    }
  }
  return keep(cooked);
}

Node* Builder::make(NodeKind kind, const yaml_event_t& ev) {
  Node& n = s_.arena_.make();
  n.kind = kind;
  n.start = pos(ev.start_mark);
  n.end = pos(ev.end_mark);
  return &n;
}

void Builder::error(std::string message, uint32_t offset) {
  s_.errors_.push_back(ParseIssue{.message = std::move(message), .location = s_.source_->span(offset, offset)});
}

void Builder::register_anchor(const unsigned char* anchor, const Node* node) {
  if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = node;
}

void Builder::add_to_parent(const Node* node) {
  if (depth_ == 0) {
    doc_root_ = node;
    return;
  }
  Frame& top = frames_[depth_ - 1];
  if (top.node->kind == NodeKind::sequence) {
    top.items.push_back(node);
    return;
  }
  if (top.pending_key == nullptr) {
    top.pending_key = node;
    return;
  }
  const Node* key = top.pending_key;
  top.pending_key = nullptr;
  // `<<` plain and untagged, or tagged `!!merge` in any style (go-yaml's isMerge: rw112 temporal's
  // `!!merge <<: *hc`, which compose reads as a merge).
  const bool merge_tag = key->tag == "tag:yaml.org,2002:merge" || key->tag == "!!merge";
  if (key->is_scalar() && key->value == "<<" && ((key->style == ScalarStyle::plain && key->tag.empty()) || merge_tag)) {
    top.merges.push_back(node);
    return;
  }
  if (key->is_scalar()) {
    if (const std::optional<uint32_t> earlier = top.find_key(key->value)) {
      Pair& pair = top.pairs[*earlier];
      s_.duplicates_.push_back(
          DuplicateKey{.key = std::string(key->value), .first = s_.location(*pair.key), .second = s_.location(*key)});
      // The later value wins, as in most decoders; it replaces the earlier pair (out of document order).
      s_.document_order_ = false;
      pair.key = key;
      pair.value = node;
      return;
    }
    top.add_key(key->value, static_cast<uint32_t>(top.pairs.size()));
  }
  top.pairs.push_back(Pair{.key = key, .value = node});
}

void Builder::finish_mapping(Frame& frame) {
  // `<<: *a` or `<<: [*a, *b]`: explicit keys win, then earlier merged mappings win over later ones.
  for (const Node* m : frame.merges) {
    std::vector<const Node*> sources;
    if (m->is_mapping()) {
      sources.push_back(m);
    } else if (m->is_sequence()) {
      sources.assign(m->items.begin(), m->items.end());
    }
    if (sources.empty() || (!m->is_mapping() && !m->is_sequence())) {
      error("merge key value must be a mapping or a sequence of mappings", m->start.offset);
      continue;
    }
    for (const Node* src : sources) {
      if (!src->is_mapping()) {
        error("merge key sequence must contain only mappings", src->start.offset);
        continue;
      }
      for (const Pair& p : src->pairs) {
        if (p.key->is_scalar() && frame.find_key(p.key->value).has_value()) continue;
        if (p.key->is_scalar()) frame.add_key(p.key->value, static_cast<uint32_t>(frame.pairs.size()));
        frame.pairs.push_back(Pair{.key = p.key, .value = p.value});
      }
    }
  }
}

void Builder::close_collection() {
  Frame& top = frames_[depth_ - 1];
  if (top.node->kind == NodeKind::mapping) {
    finish_mapping(top);
    keep_pairs(*top.node, top.pairs);
  } else {
    top.node->items = keep(top.items);
  }
  const Node* n = top.node;
  --depth_;
  add_to_parent(n);
}

// The keys from the document root to a value of the innermost mapping, then the filter's verdict.
Keep Builder::decide(std::string_view key) {
  path_.clear();
  for (size_t i = 0; i + 1 < depth_; ++i) {
    const Frame& f = frames_[i];
    if (f.node->kind == NodeKind::mapping && f.pending_key != nullptr && f.pending_key->is_scalar()) {
      path_.push_back(f.pending_key->value);
    }
  }
  path_.push_back(key);
  return options_.filter(path_);
}

// Consumes an event the filter leaves out: a key it drops, and the value after a dropped or
// presence-only key (a scalar or a whole collection). True when the event was consumed. The depth
// limit counts the collections skipped; an alias is left to handle() (without anchors, it is an
// undefined alias: the same error as a whole load).
bool Builder::filtered(const yaml_event_t& ev, bool& done) {
  if (skipping_) {
    if (ev.type == YAML_ALIAS_EVENT) return false;
    if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
      if (depth_ + skip_depth_ >= options_.max_depth) {
        error("nesting deeper than " + std::to_string(options_.max_depth) + " levels", pos(ev.start_mark).offset);
        done = true;
        return true;
      }
      ++skip_depth_;
    } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
      --skip_depth_;
    }
    if (skip_depth_ > 0) return true;
    skipping_ = false;
    if (skipped_key_kept_) add_to_parent(placeholder_);
    return true;
  }
  if (ev.type != YAML_SCALAR_EVENT || depth_ == 0) return false;
  const Frame& top = frames_[depth_ - 1];
  if (top.node->kind != NodeKind::mapping || top.pending_key != nullptr) return false;
  const Keep keep =
      decide(std::string_view(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length));
  if (keep == Keep::all) return false;
  skipping_ = true;
  skip_depth_ = 0;
  skipped_key_kept_ = keep == Keep::presence;
  return keep == Keep::none;  // a presence-only key is built as usual
}

void Builder::scalar_event(const yaml_event_t& ev) {
  Node* n = make(NodeKind::scalar, ev);
  n->tag = keep(event_tag(ev.data.scalar.tag));
  switch (ev.data.scalar.style) {
    case YAML_PLAIN_SCALAR_STYLE:
      n->style = ScalarStyle::plain;
      break;
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      n->style = ScalarStyle::single_quoted;
      break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      n->style = ScalarStyle::double_quoted;
      break;
    case YAML_LITERAL_SCALAR_STYLE:
      n->style = ScalarStyle::literal;
      break;
    case YAML_FOLDED_SCALAR_STYLE:
      n->style = ScalarStyle::folded;
      break;
    default:
      n->style = ScalarStyle::plain;
  }
  n->value =
      scalar_value(*n, std::string_view(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length));
  register_anchor(ev.data.scalar.anchor, n);
  add_to_parent(n);
}

// One event of the stream into the tree; `done` at the stream's end or an error that ends loading.
void Builder::handle(const yaml_event_t& ev, bool& done) {
  switch (ev.type) {
    case YAML_STREAM_END_EVENT:
      done = true;
      break;
    case YAML_DOCUMENT_START_EVENT:
      doc_root_ = nullptr;
      anchors_.clear();
      break;
    case YAML_DOCUMENT_END_EVENT:
      s_.documents_.push_back(Document{.root = doc_root_});
      break;
    case YAML_SCALAR_EVENT:
      scalar_event(ev);
      break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      const bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
      if (depth_ >= options_.max_depth) {
        error("nesting deeper than " + std::to_string(options_.max_depth) + " levels", pos(ev.start_mark).offset);
        done = true;
        break;
      }
      Node* n = make(seq ? NodeKind::sequence : NodeKind::mapping, ev);
      n->tag = keep(event_tag(seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag));
      register_anchor(seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor, n);
      push_frame(n);
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      frames_[depth_ - 1].node->end = pos(ev.end_mark);
      close_collection();
      break;
    case YAML_ALIAS_EVENT: {
      const auto it = anchors_.find(reinterpret_cast<const char*>(ev.data.alias.anchor));
      if (it == anchors_.end()) {
        error(std::string("found undefined alias \"") + reinterpret_cast<const char*>(ev.data.alias.anchor) + "\"",
              pos(ev.start_mark).offset);
        done = true;
        break;
      }
      s_.shares_nodes_ = true;
      add_to_parent(it->second);
      break;
    }
    default:
      break;
  }
}

void Builder::run() {
  const std::string& text = s_.source_->text();
  if (text.size() > options_.max_bytes) {
    error("file is too large to lint (" + std::to_string(text.size()) + " bytes; the limit is " +
              std::to_string(options_.max_bytes) + ")",
          0);
    return;
  }
  bom_ = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  cursor_index_ = 0;
  cursor_byte_ = bom_;
  ascii_ = std::none_of(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80U) != 0; });
  // Anchors (a skipped value may define one a kept value uses) and merge keys (a skipped `<<: ~` is
  // an error of the whole load) make the filter no shortcut: such a file is built in full.
  const bool plain = text.find('&') == std::string::npos && text.find("<<") == std::string::npos;
  filtering_ = options_.filter != nullptr && plain;
  // Nodes are made in document order; without anchors, merge keys, repeated keys and the filter's
  // shared placeholder, a reader meets them in that order, each once (Stream::release_nodes_before).
  s_.document_order_ = plain && !filtering_;
  if (filtering_) {
    Node& n = s_.arena_.make();  // the null value of a presence-only key
    n.kind = NodeKind::scalar;
    n.style = ScalarStyle::plain;
    placeholder_ = &n;
    s_.shares_nodes_ = true;
  }
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  bool done = false;
  while (!done) {
    yaml_event_t ev;
    if (yaml_parser_parse(&parser, &ev) == 0) {
      std::string msg = parser.problem != nullptr ? parser.problem : "invalid YAML";
      if (parser.context != nullptr) msg = std::string(parser.context) + ": " + msg;
      uint32_t offset = 0;
      if (parser.error == YAML_READER_ERROR) {
        offset = static_cast<uint32_t>(std::min<size_t>(parser.problem_offset, text.size()));
        if (parser.problem_value != -1) {
          char buf[16];
          std::snprintf(buf, sizeof buf, " (0x%02x)", static_cast<unsigned>(parser.problem_value) & 0xFFU);
          msg += buf;
        }
      } else {
        offset = pos(parser.problem_mark).offset;
        if (offset < text.size() && text[offset] == '\t') msg += " (a tab; YAML indentation must use spaces)";
        if (parser.problem != nullptr && std::string_view(parser.problem) == "did not find expected <document start>") {
          msg += indented_first_line(text, offset);
        }
      }
      error(std::move(msg), offset);
      break;
    }
    if (!filtering_ || !filtered(ev, done)) handle(ev, done);

    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
}

std::unique_ptr<Stream> load(SourcePtr source, const LoadOptions& options) {
  auto s = std::make_unique<Stream>(std::move(source));
  Builder b(*s, options);
  b.run();
  return s;
}

Location Stream::location(const Node& node) const {
  Location l = source_->span(node.start.offset, node.end.offset);
  return l;
}

bool Node::is_null() const {
  if (kind != NodeKind::scalar || style != ScalarStyle::plain || !tag.empty()) return false;
  return value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL";
}

const Pair* Node::find_pair(std::string_view key) const {
  if (kind != NodeKind::mapping) return nullptr;
  if (indexed) {
    const std::span<const uint64_t> sorted(reinterpret_cast<const uint64_t*>(pairs.data() + pairs.size()),
                                           pairs.size());
    const uint64_t hash = key_hash(key);
    for (auto it = std::lower_bound(sorted.begin(), sorted.end(), hash << 32U);
         it != sorted.end() && *it >> 32U == hash; ++it) {
      const uint64_t i = *it & 0xFFFFFFFFU;
      if (*it != kNoKey && pairs[i].key->value == key) return &pairs[i];
    }
    return nullptr;
  }
  for (const Pair& p : pairs) {
    if (p.key->is_scalar() && p.key->value == key) return &p;
  }
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  const Pair* p = find_pair(key);
  return p == nullptr ? nullptr : p->value;
}

std::optional<int64_t> as_integer(const Node& n) {
  if (!n.is_scalar() || n.style != ScalarStyle::plain) return std::nullopt;
  std::string_view v = n.value;
  bool neg = false;
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
    neg = v[0] == '-';
    v.remove_prefix(1);
  }
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    base = 16;
  } else if (v.size() > 2 && v[0] == '0' && (v[1] == 'o' || v[1] == 'O')) {
    base = 8;
  } else if (v.size() > 2 && v[0] == '0' && (v[1] == 'b' || v[1] == 'B')) {
    base = 2;
  }
  if (base != 10) v.remove_prefix(2);
  if (v.empty()) return std::nullopt;
  int64_t out = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out, base);
  if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
  return neg ? -out : out;
}

std::optional<double> as_number(const Node& n) {
  if (auto i = as_integer(n)) return static_cast<double>(*i);
  if (!n.is_scalar() || n.style != ScalarStyle::plain) return std::nullopt;
  const std::string_view v = n.value;
  if (v == ".inf" || v == ".Inf" || v == ".INF" || v == "+.inf") return HUGE_VAL;
  if (v == "-.inf" || v == "-.Inf" || v == "-.INF") return -HUGE_VAL;
  if (v == ".nan" || v == ".NaN" || v == ".NAN") return NAN;
  if (v.empty()) return std::nullopt;
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  size_t i = 0;
  if (v[i] == '+' || v[i] == '-') ++i;
  size_t digits = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])) != 0) ++i, ++digits;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])) != 0) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    size_t exp = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])) != 0) ++i, ++exp;
    if (exp == 0) return std::nullopt;
  }
  if (i != v.size()) return std::nullopt;
  return std::strtod(std::string(v).c_str(), nullptr);
}

std::optional<bool> as_bool(const Node& n) {
  if (!n.is_scalar() || n.style != ScalarStyle::plain) return std::nullopt;
  const std::string_view v = n.value;
  if (v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "false" || v == "False" || v == "FALSE") return false;
  return std::nullopt;
}

ScalarType resolve_type(const Node& n) {
  if (!n.tag.empty()) {
    if (n.tag == "tag:yaml.org,2002:str" || n.tag == "!!str") return ScalarType::string;
    if (n.tag == "tag:yaml.org,2002:int" || n.tag == "!!int") return ScalarType::integer;
  }
  if (n.style != ScalarStyle::plain) return ScalarType::string;
  if (n.is_null()) return ScalarType::null;
  if (as_bool(n)) return ScalarType::boolean;
  if (as_integer(n)) return ScalarType::integer;
  if (as_number(n)) return ScalarType::floating;
  return ScalarType::string;
}

}  // namespace stacklint::yaml
