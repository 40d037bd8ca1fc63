#include "linter/formats/prometheus/file_sd.h"

#include <nlohmann/json.hpp>

#include "linter/formats/prometheus/labels.h"
#include "linter/formats/prometheus/yaml_go.h"
#include "linter/source/text.h"
#include "linter/yaml/yaml.h"

namespace stacklint::prometheus {

namespace {

// Accepts or rejects JSON as Go's decoder would (RFC 8259), without building a document: the
// first error's byte offset and nlohmann's description of it.
class JsonCheck final : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool /*val*/) override { return true; }
  bool number_integer(number_integer_t /*val*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*val*/) override { return true; }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return true; }
  bool string(string_t& /*val*/) override { return true; }
  bool binary(binary_t& /*val*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return true; }
  bool key(string_t& /*val*/) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t /*elements*/) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    failed = true;
    offset = position;
    message = ex.what();
    return false;
  }
  bool failed = false;
  std::size_t offset = 0;
  std::string message;
};

// How a decoder names types and fields in its errors.
struct Dialect {
  FileSdFormat format;
  bool utf8;
};

// The JSON type of a node that libyaml built from JSON text.
std::string json_type(const yaml::Node& n) {
  if (n.is_mapping()) return "object";
  if (n.is_sequence()) return "array";
  if (n.style != yaml::ScalarStyle::plain) return "string";
  if (n.value == "true" || n.value == "false") return "bool";
  return "number";
}

bool is_null(const yaml::Node& n, const Dialect& d) {
  if (d.format == FileSdFormat::json) return n.is_scalar() && n.style == yaml::ScalarStyle::plain && n.value == "null";
  return n.is_null();
}

class Reader {
 public:
  Reader(const yaml::Stream& stream, Dialect dialect, FileSdParse& out)
      : stream_(stream), dialect_(dialect), out_(out) {}

  void root(const yaml::Node& n) {
    if (is_null(n, dialect_)) return;
    if (!n.is_sequence()) {
      mismatch(n, "[]*targetgroup.Group", "");
      return;
    }
    for (const yaml::Node* item : n.items) group(*item);
  }

 private:
  void error(const yaml::Node& at, std::string message) {
    out_.errors.push_back(ParseIssue{.message = std::move(message), .location = stream_.location(at), .related = {}});
  }

  // A value of the wrong type: "json: cannot unmarshal number into Go struct field .targets of type
  // string" / yaml.v2's "cannot unmarshal !!map into string".
  void mismatch(const yaml::Node& n, std::string_view into, std::string_view field) {
    if (dialect_.format == FileSdFormat::yaml) {
      error(n, cannot_unmarshal(n, into));
    } else if (field.empty()) {
      error(n, "json: cannot unmarshal " + json_type(n) + " into Go value of type " + std::string(into));
    } else {
      error(n, "json: cannot unmarshal " + json_type(n) + " into Go struct field ." + std::string(field) + " of type " +
                   std::string(into));
    }
  }

  // Which field of a group a key names: Go's encoding/json folds case, yaml.v2 does not.
  [[nodiscard]] std::string field_of(const yaml::Node& key) const {
    return dialect_.format == FileSdFormat::json ? ascii_lower(key.value) : key.value;
  }

  void group(const yaml::Node& g) {
    if (is_null(g, dialect_)) {
      error(g, "nil target group item found");
      return;
    }
    if (!g.is_mapping()) {
      mismatch(g, "targetgroup.Group", "");
      return;
    }
    FileSdGroup out;
    for (const yaml::Pair& p : g.pairs) {
      const std::string f = field_of(*p.key);
      if (f == "targets") {
        out.targets.clear();  // encoding/json: a later duplicate replaces the list
        targets(*p.value, out);
      } else if (f == "labels") {
        labels(*p.value, out);
      } else if (dialect_.format == FileSdFormat::json) {
        error(*p.key, "json: unknown field " + go_quote(p.key->value));
      } else {
        error(*p.key, "field " + p.key->value + " not found in type targetgroup.Group");
      }
    }
    out_.groups.push_back(std::move(out));
  }

  void targets(const yaml::Node& list, FileSdGroup& out) {
    if (is_null(list, dialect_)) return;
    if (!list.is_sequence()) {
      mismatch(list, "[]string", "targets");
      return;
    }
    for (const yaml::Node* t : list.items) {
      const bool text = dialect_.format == FileSdFormat::json
                            ? t->is_scalar() && (t->style != yaml::ScalarStyle::plain || t->value == "null")
                            : t->is_scalar();
      if (!text) {
        mismatch(*t, "string", "targets");
        continue;
      }
      const bool empty = is_null(*t, dialect_);
      out.targets.push_back(Located<std::string>{.value = empty ? "" : t->value, .location = stream_.location(*t)});
    }
  }

  void labels(const yaml::Node& map, FileSdGroup& out) {
    if (is_null(map, dialect_)) return;
    if (!map.is_mapping()) {
      mismatch(map, "model.LabelSet", "labels");
      return;
    }
    for (const yaml::Pair& p : map.pairs) {
      if (!valid_label_name(p.key->value, dialect_.utf8)) {
        error(*p.key, go_quote(p.key->value) + " is not a valid label name");
        continue;
      }
      const yaml::Node& v = *p.value;
      const bool text = dialect_.format == FileSdFormat::json
                            ? v.is_scalar() && (v.style != yaml::ScalarStyle::plain || v.value == "null")
                            : v.is_scalar();
      if (!text) {
        mismatch(v, "model.LabelValue", "labels");
        continue;
      }
      out.labels[p.key->value] =
          Located<std::string>{.value = is_null(v, dialect_) ? "" : v.value, .location = stream_.location(v)};
    }
  }

  const yaml::Stream& stream_;
  Dialect dialect_;
  FileSdParse& out_;
};

// A JSON syntax error where nlohmann found it, worded without its exception prefix.
ParseIssue json_syntax_error(const SourceFile& source, const JsonCheck& check) {
  std::string msg = check.message;
  if (const size_t colon = msg.find(": "); msg.rfind("[json.exception", 0) == 0 && colon != std::string::npos) {
    msg = msg.substr(colon + 2);
  }
  const auto end = static_cast<uint32_t>(std::min(check.offset, source.text().size()));
  const uint32_t begin = end > 0 ? end - 1 : 0;
  return ParseIssue{.message = "invalid JSON: " + msg, .location = source.span(begin, end), .related = {}};
}

}  // namespace

std::optional<FileSdFormat> file_sd_format(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string ext = ascii_lower(name.substr(dot));
  if (ext == ".json") return FileSdFormat::json;
  if (ext == ".yml" || ext == ".yaml") return FileSdFormat::yaml;
  return std::nullopt;
}

bool valid_file_sd_pattern(std::string_view pattern) {
  const size_t star = pattern.find('*');
  if (star != std::string_view::npos && pattern.find('/', star + 1) != std::string_view::npos) return false;
  for (std::string_view ext : {".json", ".yml", ".yaml", ".JSON", ".YML", ".YAML"}) {
    if (pattern.size() > ext.size() && pattern.substr(pattern.size() - ext.size()) == ext) return true;
  }
  return false;
}

FileSdParse parse_file_sd(const SourcePtr& source, FileSdFormat format, bool utf8_names) {
  FileSdParse out;
  if (format == FileSdFormat::json) {
    JsonCheck check;
    (void)nlohmann::json::sax_parse(source->text(), &check);
    if (check.failed) {
      out.errors.push_back(json_syntax_error(*source, check));
      return out;
    }
  }
  const auto stream = yaml::load(source);
  if (!stream->errors().empty()) {
    if (format == FileSdFormat::json) {
      out.understood = false;  // valid JSON that libyaml reads otherwise: judged by nobody
    } else {
      out.errors = stream->errors();
    }
    return out;
  }
  if (format == FileSdFormat::yaml) out.duplicate_keys = stream->duplicates();
  if (const yaml::Node* root = stream->root()) {
    Reader(*stream, Dialect{.format = format, .utf8 = utf8_names}, out).root(*root);
  }
  if (!out.errors.empty()) out.groups.clear();
  return out;
}

}  // namespace stacklint::prometheus
