#include "linter/engine/baseline.h"

#include <array>
#include <nlohmann/json.hpp>

#include "linter/model/secrets.h"

namespace stacklint {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

void fnv(uint64_t& h, std::string_view s) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h ^= 0xffU;  // field separator
  h *= 1099511628211ULL;
}

}  // namespace

std::string fingerprint(const Stack& stack, const Diagnostic& d) {
  uint64_t h = 14695981039346656037ULL;
  fnv(h, d.rule);
  fnv(h, d.location.file);
  // The line with its secrets masked: a fingerprint must not let anyone test guesses of a secret.
  std::string line;
  if (const StackFile* f = stack.find_file(d.location.file);
      f != nullptr && f->source != nullptr && d.location.valid() && d.location.line <= f->source->line_count()) {
    line = masked_line(*f, d.location.line);
  }
  fnv(h, trim(line));
  fnv(h, d.message);
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[h & 0xfU];
    h >>= 4U;
  }
  return out;
}

std::string render_baseline(const Stack& stack, const std::vector<Diagnostic>& diags) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Diagnostic& d : diags) {
    findings.push_back({{"fingerprint", fingerprint(stack, d)},
                        {"rule", d.rule},
                        {"file", d.location.file.str()},
                        {"message", d.message}});
  }
  const nlohmann::json doc{{"version", 1}, {"tool", "stacklint"}, {"findings", std::move(findings)}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<std::map<std::string, int>> parse_baseline(std::string_view text, std::string* error) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array()) {
    *error = "not a stacklint baseline (expected a JSON object with a \"findings\" array)";
    return std::nullopt;
  }
  std::map<std::string, int> out;
  for (const auto& f : doc["findings"]) {
    if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
      *error = "every baseline finding needs a \"fingerprint\" string";
      return std::nullopt;
    }
    ++out[f["fingerprint"].get<std::string>()];
  }
  return out;
}

std::vector<Diagnostic> filter_baseline(const Stack& stack, std::vector<Diagnostic> diags,
                                        std::map<std::string, int> baseline) {
  std::vector<Diagnostic> out;
  for (Diagnostic& d : diags) {
    const auto it = baseline.find(fingerprint(stack, d));
    if (it != baseline.end() && it->second > 0) {
      --it->second;
      continue;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace stacklint
