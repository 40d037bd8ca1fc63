#include "linter/formats/alertmanager/matchers.h"

#include <re2/re2.h>

namespace stacklint::alertmanager {

namespace {

bool is_go_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_go_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_go_space(s.back())) s.remove_suffix(1);
  return s;
}

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool name_char(char c) {
  return name_start(c) || (c >= '0' && c <= '9');
}

// One matcher: `^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$`, then the value unescaped.
std::optional<ParsedMatcher> parse_one(std::string_view s, std::string* error) {
  const std::string_view original = s;
  const auto bad = [&](const std::string& why) -> std::optional<ParsedMatcher> {
    *error = why + std::string(original);
    return std::nullopt;
  };
  size_t i = 0;
  while (i < s.size() && is_go_space(s[i])) ++i;
  const size_t n0 = i;
  if (i >= s.size() || !name_start(s[i])) return bad("bad matcher format: ");
  while (i < s.size() && name_char(s[i])) ++i;
  ParsedMatcher m;
  m.name = std::string(s.substr(n0, i - n0));
  while (i < s.size() && is_go_space(s[i])) ++i;
  if (s.substr(i, 2) == "=~") {
    m.op = MatchOp::regex;
    i += 2;
  } else if (s.substr(i, 1) == "=") {
    m.op = MatchOp::equal;
    i += 1;
  } else if (s.substr(i, 2) == "!=") {
    m.op = MatchOp::not_equal;
    i += 2;
  } else if (s.substr(i, 2) == "!~") {
    m.op = MatchOp::not_regex;
    i += 2;
  } else {
    return bad("bad matcher format: ");
  }
  const std::string_view raw_all = trim(s.substr(i));
  std::string_view raw = raw_all;
  bool expect_quote = false;
  if (!raw.empty() && raw.front() == '"') {
    raw.remove_prefix(1);
    expect_quote = true;
  }
  const std::string quoted(raw_all);
  bool escaped = false;
  for (size_t k = 0; k < raw.size(); ++k) {
    const char c = raw[k];
    if (escaped) {
      escaped = false;
      if (c == 'n') {
        m.value.push_back('\n');
      } else if (c == '"' || c == '\\') {
        m.value.push_back(c);
      } else {
        m.value.push_back('\\');
        m.value.push_back(c);
      }
      continue;
    }
    if (c == '\\') {
      if (k + 1 < raw.size()) {
        escaped = true;
        continue;
      }
      m.value.push_back('\\');
    } else if (c == '"') {
      if (!expect_quote || k + 1 < raw.size()) {
        *error = "matcher value contains unescaped double quote: " + quoted;
        return std::nullopt;
      }
      expect_quote = false;
    } else {
      m.value.push_back(c);
    }
  }
  if (expect_quote) {
    *error = "matcher value contains unescaped double quote: " + quoted;
    return std::nullopt;
  }
  if ((m.op == MatchOp::regex || m.op == MatchOp::not_regex) && !regex_compiles(m.value, error)) {
    return std::nullopt;
  }
  return m;
}

}  // namespace

bool valid_label_name(std::string_view name) {
  if (name.empty() || !(name_start(name[0]) && name[0] != ':')) return false;
  for (char c : name) {
    if (!name_char(c) || c == ':') return false;
  }
  return true;
}

bool regex_compiles(std::string_view re, std::string* error) {
  RE2::Options o;
  o.set_log_errors(false);
  const RE2 compiled("^(?:" + std::string(re) + ")$", o);
  if (compiled.ok()) return true;
  if (error != nullptr) *error = "error parsing regexp: " + compiled.error();
  return false;
}

std::optional<std::vector<ParsedMatcher>> parse_matchers(std::string_view s, std::string* error) {
  if (!s.empty() && s.front() == '{') s.remove_prefix(1);
  if (!s.empty() && s.back() == '}') s.remove_suffix(1);
  std::vector<std::string> tokens;
  std::string token;
  bool inside = false;
  bool escaped = false;
  for (char c : s) {
    if (c == ',' && !inside) {
      tokens.push_back(token);
      token.clear();
      continue;
    }
    if (c == '"') {
      if (!escaped) {
        inside = !inside;
      } else {
        escaped = false;
      }
    } else if (c == '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    token.push_back(c);
  }
  if (!trim(token).empty()) tokens.emplace_back(trim(token));
  std::vector<ParsedMatcher> out;
  for (const std::string& t : tokens) {
    auto m = parse_one(t, error);
    if (!m) return std::nullopt;
    out.push_back(std::move(*m));
  }
  return out;
}

}  // namespace stacklint::alertmanager
