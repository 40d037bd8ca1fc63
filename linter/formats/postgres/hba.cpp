#include "linter/formats/postgres/hba.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

#include "linter/source/fs.h"
#include "linter/source/suggest.h"

namespace stacklint {

namespace postgres {

namespace {

struct MethodName {
  HbaMethod method;
  std::string_view name;
};
// In postgres's order of comparison.
constexpr std::array<MethodName, 15> kMethods = {{
    {HbaMethod::trust, "trust"},
    {HbaMethod::ident, "ident"},
    {HbaMethod::peer, "peer"},
    {HbaMethod::password, "password"},
    {HbaMethod::gss, "gss"},
    {HbaMethod::sspi, "sspi"},
    {HbaMethod::reject, "reject"},
    {HbaMethod::md5, "md5"},
    {HbaMethod::scram_sha_256, "scram-sha-256"},
    {HbaMethod::pam, "pam"},
    {HbaMethod::bsd, "bsd"},
    {HbaMethod::ldap, "ldap"},
    {HbaMethod::cert, "cert"},
    {HbaMethod::radius, "radius"},
    {HbaMethod::oauth, "oauth"},
}};

constexpr int kMaxHbaDepth = 10;             // CONF_FILE_MAX_DEPTH
constexpr size_t kMaxTokenBefore16 = 10239;  // MAX_TOKEN - 1 (10240) up to 15

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// One logical line: its text (continuations joined) and the source offset of every byte.
struct LogicalLine {
  std::string text;
  std::vector<uint32_t> at;  // at[i]: source offset of text[i]; at[size]: the offset after the line
  uint32_t line = 0;
  uint32_t physical_lines = 1;
};

// Splits a file into logical lines as tokenize_auth_file does (CR/LF stripped at the end, a trailing
// backslash continues the record from 14 on).
std::vector<LogicalLine> logical_lines(const std::string& text, int major) {
  std::vector<LogicalLine> out;
  size_t pos = 0;
  uint32_t line_no = 1;
  while (pos < text.size()) {
    LogicalLine l;
    l.line = line_no;
    l.physical_lines = 0;
    size_t last_backslash = 0;
    while (pos < text.size()) {
      const size_t nl = text.find('\n', pos);
      const size_t end = nl == std::string::npos ? text.size() : nl;
      for (size_t i = pos; i < end; ++i) {
        l.text.push_back(text[i]);
        l.at.push_back(static_cast<uint32_t>(i));
      }
      pos = nl == std::string::npos ? text.size() : nl + 1;
      ++l.physical_lines;
      while (!l.text.empty() && (l.text.back() == '\n' || l.text.back() == '\r')) {
        l.text.pop_back();
        l.at.pop_back();
      }
      if (major >= 14 && l.text.size() > last_backslash && !l.text.empty() && l.text.back() == '\\') {
        l.text.pop_back();
        l.at.pop_back();
        last_backslash = l.text.size();
        continue;
      }
      break;
    }
    l.at.push_back(l.at.empty() ? static_cast<uint32_t>(pos) : l.at.back() + 1);
    line_no += l.physical_lines;
    if (const size_t nul = l.text.find('\0'); nul != std::string::npos) {
      l.text.resize(nul);
      l.at.resize(nul + 1);
    }
    out.push_back(std::move(l));
  }
  return out;
}

struct RawToken {
  std::string text;
  bool quoted = false;
  size_t begin = 0;
  size_t end = 0;
};

// next_token: the next token of `l` from `pos`; nullopt at the end of the line (or on error).
struct NextToken {
  std::optional<RawToken> token;
  bool terminating_comma = false;
  bool too_long = false;
};

NextToken next_token(const LogicalLine& l, size_t& pos, int major) {
  NextToken out;
  const std::string& s = l.text;
  while (pos < s.size() && (is_blank(s[pos]) || s[pos] == ',')) ++pos;
  RawToken t;
  t.begin = pos;
  bool in_quote = false;
  bool was_quote = false;
  bool saw_quote = false;
  while (pos < s.size() && (!is_blank(s[pos]) || in_quote)) {
    const char c = s[pos];
    if (c == '#' && !in_quote) {
      pos = s.size();
      break;
    }
    if (major < 16 && t.text.size() >= kMaxTokenBefore16) {
      out.too_long = true;
      pos = s.size();
      return out;
    }
    if (c == ',' && !in_quote) {
      out.terminating_comma = true;
      break;
    }
    if (c != '"' || was_quote) t.text.push_back(c);
    was_quote = in_quote && c == '"' ? !was_quote : false;
    if (c == '"') {
      in_quote = !in_quote;
      saw_quote = true;
      if (t.text.empty()) t.quoted = true;
    }
    ++pos;
  }
  t.end = pos;
  if (saw_quote || !t.text.empty()) out.token = std::move(t);
  return out;
}

// The error of a record and where it is.
struct Failure {
  std::string message;
  Location location;
};

class HbaReader {
 public:
  HbaReader(IncludeResolver& resolver, const HbaOptions& options) : resolver_(resolver), options_(options) {}

  // tokenize_auth_file of one file, appending its records (include records expanded) to `out`.
  void read_file(const SourcePtr& source, const std::string& program_path, int depth, std::vector<HbaRecord>& out);

  // tokenize_expand_file: the tokens of every record of the file `written` (an `@` list).
  void expand_file(const std::string& written, const std::string& including, const Location& at, int depth,
                   std::vector<HbaToken>& tokens, std::optional<Failure>& error, bool& unknown);

 private:
  struct Line {
    std::vector<std::vector<HbaToken>> fields;
    std::vector<bool> field_unknown;
    std::optional<Failure> error;
    Location location;
  };
  Line tokenize_line(const SourceFile& src, const LogicalLine& l, const std::string& program_path, int depth);
  // An include record (16+): true when the line was one (its records, or its error, are added).
  bool include_record(Line& line, const std::string& program_path, int depth, std::vector<HbaRecord>& out);
  void include_file(const std::string& written, const std::string& program_path, bool missing_ok, const Location& at,
                    int depth, std::vector<HbaRecord>& out, std::optional<Failure>& error);
  std::optional<SourcePtr> open(const std::string& program_path, const Reference& ref, int depth,
                                std::optional<Failure>& error, bool missing_ok, bool& unknown);

  IncludeResolver& resolver_;
  HbaOptions options_;
};

Location span_of(const SourceFile& src, const LogicalLine& l, size_t begin, size_t end) {
  if (end <= begin) return src.span(l.at[begin], l.at[begin]);
  return src.span(l.at[begin], l.at[end - 1] + 1);
}

HbaReader::Line HbaReader::tokenize_line(const SourceFile& src, const LogicalLine& l, const std::string& program_path,
                                         int depth) {
  Line line;
  size_t pos = 0;
  size_t first = std::string::npos;
  size_t last = 0;
  while (pos < l.text.size() && !line.error) {
    std::vector<HbaToken> field;
    bool unknown = false;
    while (true) {
      NextToken nt = next_token(l, pos, options_.major);
      if (nt.too_long) {
        line.error = Failure{"authentication file token too long", span_of(src, l, 0, l.text.size())};
        break;
      }
      if (!nt.token) break;
      RawToken& t = *nt.token;
      first = std::min(first, t.begin);
      last = std::max(last, t.end);
      const Location at = span_of(src, l, t.begin, t.end);
      if (!t.quoted && t.text.size() > 1 && t.text[0] == '@') {
        expand_file(t.text.substr(1), program_path, at, depth + 1, field, line.error, unknown);
      } else {
        field.push_back(HbaToken{.text = std::move(t.text), .quoted = t.quoted, .location = at});
      }
      if (!nt.terminating_comma || line.error) break;
    }
    if (!field.empty() || unknown) {
      line.fields.push_back(std::move(field));
      line.field_unknown.push_back(unknown);
    }
  }
  line.location = first == std::string::npos ? span_of(src, l, 0, 0) : span_of(src, l, first, last);
  return line;
}

std::string errno_text(OpenStatus s) {
  return s == OpenStatus::is_directory ? "Is a directory" : "No such file or directory";
}

std::optional<SourcePtr> HbaReader::open(const std::string& program_path, const Reference& ref, int depth,
                                         std::optional<Failure>& error, bool missing_ok, bool& unknown) {
  if (depth > kMaxHbaDepth) {
    error = Failure{"could not open file \"" + program_path + "\": maximum nesting depth exceeded", ref.location};
    return std::nullopt;
  }
  OpenResult r = resolver_.open(program_path, ref);
  switch (r.status) {
    case OpenStatus::found:
      return r.source;
    case OpenStatus::not_visible:
      unknown = true;
      return std::nullopt;
    case OpenStatus::not_found:
      if (missing_ok) return std::nullopt;
      [[fallthrough]];
    case OpenStatus::is_directory:
      if (ref.directive == "@" && options_.major < 16) {
        if (r.status == OpenStatus::is_directory) return std::nullopt;  // read as an empty file
        error = Failure{"could not open secondary authentication file \"@" + ref.written + "\" as \"" + program_path +
                            "\": " + errno_text(r.status),
                        ref.location};
      } else if (r.status == OpenStatus::is_directory) {
        error = Failure{"could not read file \"" + program_path + "\": Is a directory", ref.location};
      } else {
        error = Failure{"could not open file \"" + program_path + "\": " + errno_text(r.status), ref.location};
      }
      return std::nullopt;
    default:
      return std::nullopt;  // refused: recorded by the resolver, read as empty
  }
}

// A record standing for the contents of a file stacklint cannot see.
HbaRecord unknown_record(const Location& at) {
  HbaRecord r;
  r.location = at;
  r.line = at.line;
  r.unknown = true;
  return r;
}

std::string relative_to_file(const std::string& written, const std::string& including) {
  return path::normalize(path::is_absolute(written) ? written : path::join(path::dirname(including), written));
}

void HbaReader::expand_file(const std::string& written, const std::string& including, const Location& at, int depth,
                            std::vector<HbaToken>& tokens, std::optional<Failure>& error, bool& unknown) {
  const std::string full = relative_to_file(written, including);
  const Reference ref{.directive = "@", .written = written, .location = at};
  const auto source = open(full, ref, depth, error, false, unknown);
  if (!source) return;
  for (const LogicalLine& l : logical_lines((*source)->text(), options_.major)) {
    Line line = tokenize_line(**source, l, full, depth);
    if (line.fields.empty() && !line.error) continue;
    if (line.error) {
      error = Failure{line.error->message, at};
      return;
    }
    for (size_t f = 0; f < line.fields.size(); ++f) {
      if (line.field_unknown[f]) unknown = true;
      for (HbaToken& t : line.fields[f]) tokens.push_back(std::move(t));
    }
  }
}

void HbaReader::include_file(const std::string& written, const std::string& program_path, bool missing_ok,
                             const Location& at, int depth, std::vector<HbaRecord>& out,
                             std::optional<Failure>& error) {
  const std::string full = relative_to_file(written, program_path);
  const Reference ref{.directive = missing_ok ? "include_if_exists" : "include", .written = written, .location = at};
  bool unknown = false;
  const auto source = open(full, ref, depth, error, missing_ok, unknown);
  if (unknown) out.push_back(unknown_record(at));
  if (source) read_file(*source, full, depth, out);
}

bool HbaReader::include_record(Line& line, const std::string& program_path, int depth, std::vector<HbaRecord>& out) {
  if (options_.major < 16 || line.error || line.fields.size() != 2 || line.fields[0].empty() ||
      line.fields[1].empty()) {
    return false;
  }
  const std::string& directive = line.fields[0][0].text;
  const HbaToken& target = line.fields[1][0];
  if (directive == "include" || directive == "include_if_exists") {
    include_file(target.text, program_path, directive == "include_if_exists", target.location, depth + 1, out,
                 line.error);
    return !line.error;
  }
  if (directive != "include_dir") return false;
  const std::string dir = relative_to_file(target.text, program_path);
  const Reference ref{.directive = "include_dir", .written = target.text, .location = target.location};
  const ListResult list = resolver_.list(dir, ref);
  if (list.status == OpenStatus::not_visible) {
    out.push_back(unknown_record(target.location));
    return true;
  }
  if (list.status != OpenStatus::found) {
    if (!is_refusal(list.status)) {
      line.error = Failure{"could not open directory \"" + dir + "\": No such file or directory", target.location};
    }
    return !line.error;
  }
  std::string errors;
  for (const DirEntry& e : list.entries) {
    if (e.is_directory || e.name.starts_with(".") || !e.name.ends_with(".conf")) continue;
    std::optional<Failure> error;
    include_file(path::join(dir, e.name), program_path, false, target.location, depth + 1, out, error);
    if (error) errors += (errors.empty() ? "" : "\n") + error->message;
  }
  if (errors.empty()) return true;
  line.error = Failure{errors, target.location};
  return false;
}

// parse_hba_line, in parts.
class RecordParser {
 public:
  RecordParser(const HbaOptions& options, HbaRecord& r) : options_(options), r_(r) {}
  std::optional<Failure> parse(std::vector<std::vector<HbaToken>>& fields);

 private:
  std::optional<Failure> conn_type(const std::vector<HbaToken>& f);
  std::optional<Failure> address(std::vector<std::vector<HbaToken>>& fields, size_t& i);
  std::optional<Failure> method(const std::vector<HbaToken>& f);
  std::optional<Failure> option(const HbaToken& t, struct OptionState& st);
  [[nodiscard]] Failure fail(std::string message, const Location& at) const { return Failure{std::move(message), at}; }
  [[nodiscard]] Location end_of_line() const { return r_.location; }

  const HbaOptions& options_;
  HbaRecord& r_;
};

struct OptionState {
  bool ldap_prefix_or_suffix = false;
  bool ldap_search = false;  // basedn, binddn, bindpasswd, searchattribute or searchfilter
  bool ldap_basedn = false;
  bool ldap_searchattribute = false;
  bool ldap_searchfilter = false;
  bool radius_servers = false;
  bool radius_secrets = false;
};

std::optional<Failure> RecordParser::conn_type(const std::vector<HbaToken>& f) {
  const HbaToken& t = f[0];
  r_.type_token = t;
  if (f.size() > 1) {
    return fail("multiple values specified for connection type (Specify exactly one connection type per line.)",
                f[1].location);
  }
  static const std::vector<std::pair<std::string, HbaConnType>> types = {
      {"local", HbaConnType::local},           {"host", HbaConnType::host},
      {"hostssl", HbaConnType::hostssl},       {"hostnossl", HbaConnType::hostnossl},
      {"hostgssenc", HbaConnType::hostgssenc}, {"hostnogssenc", HbaConnType::hostnogssenc},
  };
  for (const auto& [name, type] : types) {
    if (t.text == name) {
      r_.type = type;
      return std::nullopt;
    }
  }
  std::vector<std::string> names;
  for (const auto& [name, type] : types) names.push_back(name);
  std::string message = "invalid connection type \"" + t.text + "\"";
  if (const auto s = did_you_mean(t.text, names)) message += " (did you mean \"" + *s + "\"?)";
  return fail(std::move(message), t.location);
}

// inet_aton as glibc's getaddrinfo(AI_NUMERICHOST) reads IPv4: 1 to 4 parts, each decimal, octal
// (leading 0) or hex (0x); the last part fills the remaining bytes.
bool parse_ipv4(const std::string& s, std::array<uint8_t, 16>& out) {
  std::vector<uint64_t> parts;
  size_t i = 0;
  while (true) {
    if (i >= s.size() || std::isdigit(static_cast<unsigned char>(s[i])) == 0) return false;
    int base = 10;
    if (s[i] == '0') {
      base = 8;
      if (i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        base = 16;
        i += 2;
      }
    }
    uint64_t v = 0;
    size_t digits = 0;
    for (; i < s.size(); ++i, ++digits) {
      const char c = s[i];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0 || d >= base) break;
      v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
      if (v > 0xffffffffULL) return false;
    }
    if (base == 16 && digits == 0) return false;
    parts.push_back(v);
    if (i == s.size()) break;
    if (s[i] != '.' || parts.size() == 4) return false;
    ++i;
  }
  static constexpr std::array<uint64_t, 4> kLastMax = {0xffffffffULL, 0xffffffULL, 0xffffULL, 0xffULL};
  for (size_t p = 0; p + 1 < parts.size(); ++p) {
    if (parts[p] > 0xff) return false;
  }
  if (parts.back() > kLastMax[parts.size() - 1]) return false;
  uint32_t v = 0;
  for (size_t p = 0; p + 1 < parts.size(); ++p) v |= static_cast<uint32_t>(parts[p]) << (24 - 8 * p);
  v |= static_cast<uint32_t>(parts.back());
  out = {};
  for (int b = 0; b < 4; ++b) out[static_cast<size_t>(b)] = static_cast<uint8_t>(v >> (24 - 8 * b));
  return true;
}

// A numeric address as getaddrinfo(AI_NUMERICHOST) reads it: 4 or 6, 0 when it is none (a host name).
int parse_numeric(const std::string& s, std::array<uint8_t, 16>& out) {
  if (parse_ipv4(s, out)) return 4;
  std::string v6 = s;
  if (const size_t pct = s.find('%'); pct != std::string::npos) {
    // A zone: a number or an interface name, which the container has (eth0, lo): read as valid.
    if (pct + 1 == s.size()) return 0;
    v6 = s.substr(0, pct);
  }
  if (v6.find('\0') != std::string::npos) return 0;
  if (inet_pton(AF_INET6, v6.c_str(), out.data()) == 1) return 6;
  return 0;
}

// pg_sockaddr_cidr_mask: strtol of the bits, 0..32 or 0..128.
bool cidr_mask(const std::string& bits, int family, std::array<uint8_t, 16>& mask) {
  if (bits.empty() || bits.find('\0') != std::string::npos) return false;
  char* end = nullptr;
  errno = 0;
  const long n = std::strtol(bits.c_str(), &end, 10);
  if (*end != '\0') return false;
  const long max = family == 4 ? 32 : 128;
  if (n < 0 || n > max) return false;
  mask = {};
  for (long b = 0; b < n; ++b) mask[static_cast<size_t>(b / 8)] |= static_cast<uint8_t>(0x80U >> (b % 8));
  return true;
}

std::optional<Failure> RecordParser::address(std::vector<std::vector<HbaToken>>& fields, size_t& i) {
  if (i >= fields.size()) return fail("end-of-line before IP address specification", end_of_line());
  const std::vector<HbaToken>& f = fields[i];
  if (f.size() > 1) {
    return fail("multiple values specified for host address (Specify one address range per line.)", f[1].location);
  }
  const HbaToken& t = f[0];
  r_.address_tokens.push_back(t);
  for (const auto& [word, kind] :
       {std::pair{"all", HbaAddressKind::all}, std::pair{"samehost", HbaAddressKind::samehost},
        std::pair{"samenet", HbaAddressKind::samenet}}) {
    if (t.is_keyword(word)) {
      r_.address.kind = kind;
      return std::nullopt;
    }
  }
  const size_t slash = t.text.find('/');
  const std::string host = t.text.substr(0, slash);
  const int family = parse_numeric(host, r_.address.addr);
  if (family == 0) {
    if (slash != std::string::npos) {
      return fail("specifying both host name and CIDR mask is invalid: \"" + t.text + "\"", t.location);
    }
    r_.address.kind = HbaAddressKind::hostname;
    r_.address.hostname = host;
    return std::nullopt;
  }
  r_.address.kind = HbaAddressKind::ip;
  r_.address.family = family;
  if (slash != std::string::npos) {
    if (!cidr_mask(t.text.substr(slash + 1), family, r_.address.mask)) {
      return fail("invalid CIDR mask in address \"" + t.text + "\"", t.location);
    }
    return std::nullopt;
  }
  ++i;
  if (i >= fields.size()) {
    return fail(
        "end-of-line before netmask specification (Specify an address range in CIDR notation, or provide a separate "
        "netmask.)",
        end_of_line());
  }
  if (fields[i].size() > 1) return fail("multiple values specified for netmask", fields[i][1].location);
  const HbaToken& m = fields[i][0];
  r_.address_tokens.push_back(m);
  const int mask_family = parse_numeric(m.text, r_.address.mask);
  if (mask_family == 0) return fail("invalid IP mask \"" + m.text + "\": Name or service not known", m.location);
  if (mask_family != family) return fail("IP address and mask do not match", m.location);
  return std::nullopt;
}

// SSPI is Windows only; Debian and the official images build without BSD auth.
bool method_supported(HbaMethod m) {
  return m != HbaMethod::sspi && m != HbaMethod::bsd;
}

std::optional<Failure> RecordParser::method(const std::vector<HbaToken>& f) {
  if (f.size() > 1) {
    return fail("multiple values specified for authentication type (Specify exactly one authentication type per line.)",
                f[1].location);
  }
  const HbaToken& t = f[0];
  r_.method_token = t;
  const auto known = std::find_if(kMethods.begin(), kMethods.end(), [&](const MethodName& n) {
    return n.name == t.text && (n.method != HbaMethod::oauth || options_.major >= 18);
  });
  if (known == kMethods.end()) {
    std::vector<std::string> names;
    for (const MethodName& n : kMethods) {
      if (method_supported(n.method) && (n.method != HbaMethod::oauth || options_.major >= 18)) {
        names.emplace_back(n.name);
      }
    }
    std::string message = "invalid authentication method \"" + t.text + "\"";
    if (const auto s = did_you_mean(t.text, names)) message += " (did you mean \"" + *s + "\"?)";
    return fail(std::move(message), t.location);
  }
  r_.method = known->method;
  if (!method_supported(r_.method)) {
    return fail("invalid authentication method \"" + t.text + "\": not supported by this build", t.location);
  }
  if (r_.type == HbaConnType::local && r_.method == HbaMethod::ident) r_.method = HbaMethod::peer;
  if (r_.type == HbaConnType::local && r_.method == HbaMethod::gss) {
    return fail("gssapi authentication is not supported on local sockets", t.location);
  }
  if (r_.type != HbaConnType::local && r_.method == HbaMethod::peer) {
    return fail("peer authentication is only supported on local sockets", t.location);
  }
  if (r_.type != HbaConnType::hostssl && r_.method == HbaMethod::cert) {
    return fail("cert authentication is only supported on hostssl connections", t.location);
  }
  return std::nullopt;
}

// Which methods an option is valid for (parse_hba_auth_opt), with postgres's list for the message.
struct OptionRule {
  std::string_view name;
  std::vector<HbaMethod> methods;  // empty: any method (hostssl-only options)
  std::string_view valid;
};

const std::vector<OptionRule>& option_rules() {
  using M = HbaMethod;
  static const std::vector<OptionRule> rules = {
      {"map", {M::ident, M::peer, M::gss, M::sspi, M::cert}, "ident, peer, gssapi, sspi, and cert"},
      {"clientcert", {}, ""},
      {"clientname", {}, ""},
      {"pamservice", {M::pam}, "pam"},
      {"pam_use_hostname", {M::pam}, "pam"},
      {"ldapurl", {M::ldap}, "ldap"},
      {"ldaptls", {M::ldap}, "ldap"},
      {"ldapscheme", {M::ldap}, "ldap"},
      {"ldapserver", {M::ldap}, "ldap"},
      {"ldapport", {M::ldap}, "ldap"},
      {"ldapbinddn", {M::ldap}, "ldap"},
      {"ldapbindpasswd", {M::ldap}, "ldap"},
      {"ldapsearchattribute", {M::ldap}, "ldap"},
      {"ldapsearchfilter", {M::ldap}, "ldap"},
      {"ldapbasedn", {M::ldap}, "ldap"},
      {"ldapprefix", {M::ldap}, "ldap"},
      {"ldapsuffix", {M::ldap}, "ldap"},
      {"krb_realm", {M::gss, M::sspi}, "gssapi and sspi"},
      {"include_realm", {M::gss, M::sspi}, "gssapi and sspi"},
      {"compat_realm", {M::sspi}, "sspi"},
      {"upn_username", {M::sspi}, "sspi"},
      {"radiusservers", {M::radius}, "radius"},
      {"radiussecrets", {M::radius}, "radius"},
      {"radiusports", {M::radius}, "radius"},
      {"radiusidentifiers", {M::radius}, "radius"},
  };
  return rules;
}

void note_option(std::string_view name, OptionState& st) {
  if (name == "ldapprefix" || name == "ldapsuffix") st.ldap_prefix_or_suffix = true;
  if (name == "ldapbasedn" || name == "ldapbinddn" || name == "ldapbindpasswd" || name == "ldapsearchattribute" ||
      name == "ldapsearchfilter") {
    st.ldap_search = true;
  }
  if (name == "ldapbasedn") st.ldap_basedn = true;
  if (name == "ldapsearchattribute") st.ldap_searchattribute = true;
  if (name == "ldapsearchfilter") st.ldap_searchfilter = true;
  if (name == "radiusservers") st.radius_servers = true;
  if (name == "radiussecrets") st.radius_secrets = true;
}

std::optional<Failure> RecordParser::option(const HbaToken& t, OptionState& st) {
  const size_t eq = t.text.find('=');
  if (eq == std::string::npos) {
    return fail("authentication option not in name=value format: " + t.text, t.location);
  }
  const std::string name = t.text.substr(0, eq);
  const std::string value = t.text.substr(eq + 1);
  const auto& rules = option_rules();
  const auto rule = std::find_if(rules.begin(), rules.end(), [&](const OptionRule& o) { return o.name == name; });
  if (rule == rules.end() || (name == "clientname" && options_.major < 14)) {
    return fail("unrecognized authentication option name: \"" + name + "\"", t.location);
  }
  if (name == "clientcert" || name == "clientname") {
    if (r_.type != HbaConnType::hostssl) return fail(name + " can only be configured for \"hostssl\" rows", t.location);
    const bool ok = name == "clientname"  ? (value == "CN" || value == "DN")
                    : options_.major < 14 ? (value == "verify-full" || value == "verify-ca" || value == "1" ||
                                             value == "0" || value == "no-verify")
                                          : (value == "verify-full" || value == "verify-ca");
    if (!ok) return fail("invalid value for " + name + ": \"" + value + "\"", t.location);
    if (name == "clientcert" && r_.method == HbaMethod::cert && value != "verify-full" && value != "1") {
      return fail("clientcert can only be set to \"verify-full\" when using \"cert\" authentication", t.location);
    }
    return std::nullopt;
  }
  if (std::find(rule->methods.begin(), rule->methods.end(), r_.method) == rule->methods.end()) {
    return fail(
        "authentication option \"" + name + "\" is only valid for authentication methods " + std::string(rule->valid),
        t.location);
  }
  if (name == "ldapscheme" && value != "ldap" && value != "ldaps") {
    return fail("invalid ldapscheme value: \"" + value + "\"", t.location);
  }
  if (name == "ldapport" && std::atoi(value.c_str()) == 0) {
    return fail("invalid LDAP port number: \"" + value + "\"", t.location);
  }
  note_option(name, st);
  return std::nullopt;
}

std::optional<Failure> RecordParser::parse(std::vector<std::vector<HbaToken>>& fields) {
  if (auto e = conn_type(fields[0])) return e;
  if (fields.size() < 2) return fail("end-of-line before database specification", end_of_line());
  r_.databases = fields[1];
  if (fields.size() < 3) return fail("end-of-line before role specification", end_of_line());
  r_.users = fields[2];
  size_t i = 3;
  if (r_.type != HbaConnType::local) {
    if (auto e = address(fields, i)) return e;
    ++i;
  }
  if (i >= fields.size()) return fail("end-of-line before authentication method", end_of_line());
  if (auto e = method(fields[i])) return e;
  OptionState st;
  for (++i; i < fields.size(); ++i) {
    for (const HbaToken& t : fields[i]) {
      if (auto e = option(t, st)) return e;
      r_.options.push_back(t);
    }
  }
  if (r_.method == HbaMethod::ldap) {
    if (st.ldap_prefix_or_suffix && st.ldap_search) {
      return fail("cannot mix options for simple bind and search+bind modes", r_.method_token.location);
    }
    if (!st.ldap_prefix_or_suffix && !st.ldap_basedn) {
      return fail(
          "authentication method \"ldap\" requires argument \"ldapbasedn\", \"ldapprefix\", or \"ldapsuffix\" to be "
          "set",
          r_.method_token.location);
    }
    if (st.ldap_searchattribute && st.ldap_searchfilter) {
      return fail("cannot use ldapsearchattribute together with ldapsearchfilter", r_.method_token.location);
    }
  }
  if (r_.method == HbaMethod::radius && (!st.radius_servers || !st.radius_secrets)) {
    return fail(std::string("authentication method \"radius\" requires argument \"") +
                    (st.radius_servers ? "radiussecrets" : "radiusservers") + "\" to be set",
                r_.method_token.location);
  }
  return std::nullopt;
}

void HbaReader::read_file(const SourcePtr& source, const std::string& program_path, int depth,
                          std::vector<HbaRecord>& out) {
  for (const LogicalLine& l : logical_lines(source->text(), options_.major)) {
    Line line = tokenize_line(*source, l, program_path, depth);
    if (line.fields.empty() && !line.error) continue;
    if (include_record(line, program_path, depth, out)) continue;
    HbaRecord r;
    r.location = line.location;
    r.line = l.line;
    for (size_t f = 0; f < line.fields.size(); ++f) {
      if (!line.field_unknown[f]) continue;
      // a database or user list with an unseen @file, or a field that is only one
      if ((f == 1 || f == 2) && !line.fields[f].empty()) {
        r.lists_unknown = true;
      } else {
        r.unknown = true;
      }
    }
    if (line.error) {
      r.error = line.error->message;
      r.error_location = line.error->location;
    } else if (!r.unknown) {
      RecordParser parser(options_, r);
      if (auto e = parser.parse(line.fields)) {
        r.error = e->message;
        r.error_location = e->location;
      }
    }
    out.push_back(std::move(r));
  }
}

bool same_tokens_cover(const std::vector<HbaToken>& earlier, const std::vector<HbaToken>& later,
                       std::string_view all_keyword, bool replication_aware) {
  const bool earlier_all =
      std::any_of(earlier.begin(), earlier.end(), [&](const HbaToken& t) { return t.is_keyword(all_keyword); });
  for (const HbaToken& t : later) {
    const bool replication = replication_aware && t.is_keyword("replication");
    if (earlier_all && !replication) continue;
    const bool same = std::any_of(earlier.begin(), earlier.end(),
                                  [&](const HbaToken& e) { return e.text == t.text && e.quoted == t.quoted; });
    if (!same) return false;
  }
  return true;
}

bool type_covers(HbaConnType earlier, HbaConnType later) {
  if (earlier == later) return true;
  return earlier == HbaConnType::host && later != HbaConnType::local;
}

bool address_covers(const HbaAddress& e, const HbaAddress& l) {
  if (e.kind == HbaAddressKind::all) return true;
  if (e.kind != l.kind) return false;
  switch (e.kind) {
    case HbaAddressKind::samehost:
    case HbaAddressKind::samenet:
    case HbaAddressKind::none:
      return true;
    case HbaAddressKind::hostname:
      return e.hostname == l.hostname;
    case HbaAddressKind::ip:
      if (e.family != l.family) return false;
      for (size_t i = 0; i < 16; ++i) {
        // every address of `l` is in `e`: e's mask within l's, same network bits under e's mask
        if ((e.mask[i] & l.mask[i]) != e.mask[i]) return false;
        if ((e.addr[i] & e.mask[i]) != (l.addr[i] & e.mask[i])) return false;
      }
      return true;
    case HbaAddressKind::all:
      return true;
  }
  return false;
}

}  // namespace

HbaFile load_hba(IncludeResolver& resolver, const std::string& server_path, const HbaOptions& options,
                 const Reference& main) {
  HbaFile out;
  out.server_path = server_path;
  OpenResult r = resolver.open(server_path, main);
  if (r.status != OpenStatus::found) return out;
  out.loaded = true;
  HbaReader reader(resolver, options);
  reader.read_file(r.source, r.program_path, 0, out.records);
  return out;
}

bool hba_loopback_only(const HbaRecord& r) {
  const HbaAddress& a = r.address;
  switch (a.kind) {
    case HbaAddressKind::none:
    case HbaAddressKind::samehost:
      return true;
    case HbaAddressKind::hostname:
      return a.hostname == "localhost";
    case HbaAddressKind::ip:
      if (a.family == 4) return a.mask[0] == 0xff && (a.addr[0] & 0xff) == 127;
      {
        static constexpr std::array<uint8_t, 16> kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        static constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        const bool full_mask = std::all_of(a.mask.begin(), a.mask.end(), [](uint8_t b) { return b == 0xff; });
        if (a.addr == kLoopback6 && full_mask) return true;
        const bool mapped = std::equal(kMapped.begin(), kMapped.end(), a.addr.begin()) && a.addr[12] == 127;
        return mapped && std::all_of(a.mask.begin(), a.mask.begin() + 13, [](uint8_t b) { return b == 0xff; });
      }
    case HbaAddressKind::all:
    case HbaAddressKind::samenet:
      return false;
  }
  return false;
}

bool hba_covers(const HbaRecord& earlier, const HbaRecord& later) {
  if (earlier.unknown || earlier.lists_unknown || !earlier.error.empty()) return false;
  if (!type_covers(earlier.type, later.type)) return false;
  if (!same_tokens_cover(earlier.databases, later.databases, "all", true)) return false;
  if (!same_tokens_cover(earlier.users, later.users, "all", false)) return false;
  return address_covers(earlier.address, later.address);
}

}  // namespace postgres
}  // namespace stacklint
