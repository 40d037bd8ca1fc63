// The findings as JSON, written straight into one string (no document tree: a run with many
// findings costs their bytes, not a node per value). The bytes are the ones nlohmann::json's
// dump(2) gives for the same document: keys in sorted order, two-space indentation, its escapes,
// U+FFFD for bytes that are not UTF-8.
#include <nlohmann/json.hpp>

#include "linter/report/report.h"
#include "linter/source/utf8.h"

namespace stacklint {

namespace {

void put_string(std::string& out, std::string_view s) {
  if (!valid_utf8(s)) {
    // Invalid UTF-8: nlohmann's own replacement (U+FFFD for each bad byte), as before.
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// `"key": ` at `indent` spaces.
void put_key(std::string& out, size_t indent, std::string_view key) {
  out.append(indent, ' ');
  out += '"';
  out += key;
  out += "\": ";
}

void put_location(std::string& out, const Location& l, size_t indent) {
  out += "{\n";
  const auto number = [&](std::string_view key, uint32_t v, bool last) {
    put_key(out, indent + 2, key);
    out += std::to_string(v);
    out += last ? "\n" : ",\n";
  };
  number("column", l.column, false);
  number("end_column", l.end_column, false);
  number("end_line", l.end_line, false);
  put_key(out, indent + 2, "file");
  put_string(out, l.file);
  out += ",\n";
  number("line", l.line, true);
  out.append(indent, ' ');
  out += '}';
}

void put_related(std::string& out, const std::vector<Related>& related) {
  if (related.empty()) {
    out += "[]";
    return;
  }
  out += "[\n";
  for (size_t i = 0; i < related.size(); ++i) {
    out += "        {\n";
    put_key(out, 10, "location");
    put_location(out, related[i].location, 10);
    out += ",\n";
    put_key(out, 10, "message");
    put_string(out, related[i].message);
    out += "\n        }";
    out += i + 1 < related.size() ? ",\n" : "\n";
  }
  out += "      ]";
}

void put_finding(std::string& out, const Diagnostic& d) {
  out += "    {\n";
  put_key(out, 6, "location");
  put_location(out, d.location, 6);
  out += ",\n";
  put_key(out, 6, "message");
  put_string(out, d.message);
  out += ",\n";
  put_key(out, 6, "related");
  put_related(out, d.related);
  out += ",\n";
  put_key(out, 6, "rule");
  put_string(out, d.rule);
  out += ",\n";
  put_key(out, 6, "severity");
  put_string(out, to_string(d.severity));
  out += "\n    }";
}

}  // namespace

std::string render_json(const std::vector<Diagnostic>& diags) {
  std::string out;
  out.reserve(512 + diags.size() * 640);
  int errors = 0;
  int warnings = 0;
  int notes = 0;
  out += "{\n";
  put_key(out, 2, "findings");
  if (diags.empty()) {
    out += "[]";
  } else {
    out += "[\n";
    for (size_t i = 0; i < diags.size(); ++i) {
      put_finding(out, diags[i]);
      out += i + 1 < diags.size() ? ",\n" : "\n";
      const Severity s = diags[i].severity;
      (s == Severity::error ? errors : s == Severity::warning ? warnings : notes)++;
    }
    out += "  ]";
  }
  out += ",\n";
  put_key(out, 2, "summary");
  out += "{\n    \"error\": " + std::to_string(errors) + ",\n    \"note\": " + std::to_string(notes) +
         ",\n    \"warning\": " + std::to_string(warnings) + "\n  },\n";
  put_key(out, 2, "tool");
  out += "{\n    \"name\": \"stacklint\",\n    \"version\": ";
  put_string(out, STACKLINT_VERSION);
  out += "\n  },\n";
  put_key(out, 2, "version");
  out += "1\n}\n";
  return out;
}

}  // namespace stacklint
