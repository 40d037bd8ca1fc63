#include "rules/security/secrets.h"

#include <algorithm>
#include <cctype>

#include "linter/formats/compose/syntax.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/redis_config.h"

namespace stacklint::rules {

namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return u;
}

}  // namespace

bool value_is_judgeable(const Stack& stack, const Location& loc) {
  if (!loc.valid()) return false;
  const std::string written = written_text(stack, loc);
  if (written.empty()) return false;
  // A compose value with `$` is interpolated (its value is the shell's, `.env`'s or a template's);
  // an env file line may hold a literal `$`, but `${VAR}` there is a reference too.
  const StackFile* f = stack.find_file(loc.file);
  if (f != nullptr && f->kind == FileKind::env) return written.find("${") == std::string::npos;
  return written.find('$') == std::string::npos;
}

bool uses_template_variable(const Stack& stack, const Location& loc) {
  if (!stack.compose || stack.compose->template_variables.empty()) return false;
  const std::string written = written_text(stack, loc);
  for (size_t i = written.find('$'); i != std::string::npos; i = written.find('$', i + 1)) {
    size_t b = i + 1;
    if (b < written.size() && written[b] == '{') ++b;
    size_t e = b;
    while (e < written.size() && (std::isalnum(static_cast<unsigned char>(written[e])) != 0 || written[e] == '_')) ++e;
    if (e > b && stack.compose->template_variables.count(written.substr(b, e - b)) > 0) return true;
  }
  return false;
}

namespace {

bool binds_everywhere(const std::vector<std::string>& addrs) {
  if (addrs.empty()) return true;  // `bind ""`: all interfaces
  for (std::string a : addrs) {
    if (!a.empty() && a[0] == '-') a.erase(0, 1);
    if (a == "*" || a == "0.0.0.0" || a == "::" || a == "::*") return true;
  }
  return false;
}

}  // namespace

bool published_beyond_loopback(const Service& s) {
  if (s.network_mode && s.network_mode->value == "host") return true;
  return std::any_of(s.ports.begin(), s.ports.end(), [](const PortMapping& p) {
    return p.host_ip.rfind("127.", 0) != 0 && p.host_ip != "::1" && p.host_ip != "localhost";
  });
}

const Located<std::string>* postgres_trusts_anyone(const Service& s) {
  if (!s.enabled || s.role != Role::postgres || !published_beyond_loopback(s)) return nullptr;
  const auto method = s.environment.find("POSTGRES_HOST_AUTH_METHOD");
  if (method == s.environment.end() || method->second.value != "trust") return nullptr;
  return &method->second;
}

OpenRedis redis_open_to_anyone(const Service& s) {
  OpenRedis out;
  if (!s.enabled || s.role != Role::redis || !published_beyond_loopback(s)) return out;
  if (s.redis) {
    const RedisConfig& c = *s.redis;
    out.open = !c.has_password() && !c.protected_mode() && binds_everywhere(c.bind_addresses()) && c.port() != 0;
    return out;
  }
  const auto flag = s.environment.find("ALLOW_EMPTY_PASSWORD");
  const auto pass = s.environment.find("REDIS_PASSWORD");
  const knowledge::ImageFact* fact =
      s.image ? knowledge::find_image(compose::analyze_image(s.image->value).repository) : nullptr;
  if (fact == nullptr || fact->family != knowledge::ImageFamily::bitnami || flag == s.environment.end()) return out;
  const std::string v = upper(flag->second.value);
  if ((v == "YES" || v == "TRUE" || v == "1") && (pass == s.environment.end() || pass->second.value.empty())) {
    out.open = true;
    out.empty_password_flag = flag->second.location.valid() ? flag->second.location : s.location;
  }
  return out;
}

std::string written_text(const Stack& stack, const Location& loc) {
  const StackFile* f = stack.find_file(loc.file);
  if (f == nullptr || !f->source || loc.end_offset <= loc.offset) return {};
  return f->source->text().substr(loc.offset, loc.end_offset - loc.offset);
}

}  // namespace stacklint::rules
