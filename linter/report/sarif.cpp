#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "linter/engine/baseline.h"
#include "linter/engine/docs.h"
#include "linter/engine/rule.h"
#include "linter/report/report.h"

namespace stacklint {

namespace {

std::string_view level(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "none";
}

// Percent-encodes what may not appear in a URI path (RFC 3986 unreserved characters and '/' stay).
std::string uri_escape(std::string_view s) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 0xfU];
    }
  }
  return out;
}

// "yaml/duplicate-key" -> "YamlDuplicateKey".
std::string pascal_name(std::string_view id) {
  std::string out;
  bool upper = true;
  for (const char c : id) {
    if (c == '/' || c == '-' || c == '_') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::error:
      return "7.5";
    case Severity::warning:
      return "5.0";
    case Severity::note:
      return "3.0";
  }
  return "5.0";
}

nlohmann::json region(const Location& l) {
  uint32_t end_line = std::max(l.end_line, l.line);
  uint32_t end_column = l.end_column;
  if (end_line == l.line && end_column <= l.column) end_column = l.column + 1;
  if (end_column == 0) end_column = 1;
  return {{"startLine", l.line},
          {"startColumn", std::max<uint32_t>(l.column, 1)},
          {"endLine", end_line},
          {"endColumn", end_column}};
}

nlohmann::json physical(const Location& l) {
  nlohmann::json p{{"artifactLocation", {{"uri", uri_escape(l.file)}, {"uriBaseId", "%SRCROOT%"}}}};
  if (l.valid()) p["region"] = region(l);
  return p;
}

nlohmann::json rule_json(const RuleInfo& info) {
  const std::string id(info.id);
  const std::string summary(info.summary);
  const std::string full = info.rationale.empty() ? summary : std::string(info.rationale);
  nlohmann::json tags = nlohmann::json::array({id.substr(0, id.find('/'))});
  nlohmann::json properties = nlohmann::json::object();
  if (id.rfind("security/", 0) == 0) {
    // The domain tag is already "security", which GitHub needs to use security-severity.
    properties["security-severity"] = security_severity(info.severity);
  }
  properties["tags"] = std::move(tags);
  return {{"id", id},
          {"name", pascal_name(id)},
          {"shortDescription", {{"text", summary}}},
          {"fullDescription", {{"text", full}}},
          {"help", {{"text", summary + "\n\n" + full}, {"markdown", render_rule_doc(info)}}},
          {"helpUri", std::string(kProjectBlobUri) + rule_doc_path(info)},
          {"defaultConfiguration", {{"level", level(info.severity)}, {"enabled", info.on_by_default}}},
          {"properties", std::move(properties)}};
}

}  // namespace

std::string render_sarif(const Stack& stack, const std::vector<Diagnostic>& diags) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, size_t> index;
  for (const Rule* r : all_rules()) {
    index[std::string(r->info().id)] = rules.size();
    rules.push_back(rule_json(r->info()));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const Diagnostic& d : diags) {
    nlohmann::json result{{"ruleId", d.rule}, {"level", level(d.severity)}, {"message", {{"text", d.message}}}};
    if (const auto it = index.find(d.rule); it != index.end()) result["ruleIndex"] = it->second;
    nlohmann::json locations = nlohmann::json::array();
    if (!d.location.file.empty()) locations.push_back({{"physicalLocation", physical(d.location)}});
    result["locations"] = std::move(locations);
    if (!d.related.empty()) {
      nlohmann::json related = nlohmann::json::array();
      int id = 1;
      for (const Related& r : d.related) {
        nlohmann::json loc{{"id", id++}, {"message", {{"text", r.message}}}};
        if (!r.location.file.empty()) loc["physicalLocation"] = physical(r.location);
        related.push_back(std::move(loc));
      }
      result["relatedLocations"] = std::move(related);
    }
    result["partialFingerprints"] = {{"stacklint/v1", fingerprint(stack, d)}};
    results.push_back(std::move(result));
  }
  std::error_code ec;
  std::string root = std::filesystem::absolute(stack.root.empty() ? "." : stack.root, ec).lexically_normal().string();
  if (root.empty() || root.back() != '/') root += '/';
  const nlohmann::json run{{"tool",
                            {{"driver",
                              {{"name", "stacklint"},
                               {"version", STACKLINT_VERSION},
                               {"semanticVersion", STACKLINT_VERSION},
                               {"informationUri", kProjectUri},
                               {"rules", std::move(rules)}}}}},
                           {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + uri_escape(root)}}}}},
                           {"columnKind", "unicodeCodePoints"},
                           {"results", std::move(results)}};
  const nlohmann::json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                           {"version", "2.1.0"},
                           {"runs", nlohmann::json::array({run})}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace stacklint
