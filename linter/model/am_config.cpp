#include "linter/model/am_config.h"

#include <cctype>

#include "linter/source/text.h"

namespace stacklint {

namespace {}  // namespace

namespace {
void add_receivers(const AmRoute& r, std::set<std::string>& out) {
  if (r.receiver) out.insert(r.receiver->value);
  for (const AmRoute& c : r.routes) add_receivers(c, out);
}
}  // namespace

std::set<std::string> route_receivers(const AmRoute& route) {
  std::set<std::string> out;
  add_receivers(route, out);
  return out;
}

std::optional<std::string> url_placeholder(const std::string& url) {
  if (url == "<secret>") return std::nullopt;  // how Alertmanager prints a secret it hides
  const std::string l = ascii_lower(url);
  for (const char* word :
       {"your_", "your-", "/your/", "yourwebhook", "changeme", "change_me", "replace_me", "replaceme", "placeholder"}) {
    if (const size_t at = l.find(word); at != std::string::npos) {
      // `.../services/YOUR/SLACK/WEBHOOK`: the path from YOUR on.
      if (word[0] == '/') return url.substr(at + 1, std::min(url.find_first_of("?#", at), url.size()) - at - 1);
      size_t end = at;
      while (end < url.size() &&
             (std::isalnum(static_cast<unsigned char>(url[end])) != 0 || url[end] == '_' || url[end] == '-')) {
        ++end;
      }
      return url.substr(at, end - at);
    }
  }
  const size_t scheme = l.find("://");
  const std::string host =
      scheme == std::string::npos ? "" : l.substr(scheme + 3, l.find_first_of("/:?#", scheme + 3) - scheme - 3);
  for (const char* domain : {"example.com", "example.org", "example.net"}) {
    const std::string d = domain;
    if (host == d || (host.size() > d.size() && host.compare(host.size() - d.size() - 1, d.size() + 1, "." + d) == 0)) {
      return host;
    }
  }
  // A Slack incoming webhook without its path (`https://hooks.slack.com/services/`, rw96
  // host-metrics): the part Slack issues was left out.
  if (host == "hooks.slack.com") {
    const std::string path = l.substr(std::min(l.size(), scheme + 3 + host.size()));
    if (path.empty() || path == "/" || path == "/services" || path == "/services/") return path.empty() ? "/" : path;
  }
  if (const size_t x = l.find("xxx"); x != std::string::npos) return url.substr(x, l.find_first_not_of('x', x) - x);
  if (const size_t lt = url.find('<'); lt != std::string::npos) {
    const size_t gt = url.find('>', lt);
    if (gt != std::string::npos) return url.substr(lt, gt - lt + 1);
  }
  return std::nullopt;
}

std::string AmMatcher::text() const {
  static constexpr const char* ops[] = {"=", "!=", "=~", "!~"};
  std::string quoted;
  for (char c : value) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  return name + ops[static_cast<int>(op)] + "\"" + quoted + "\"";
}

}  // namespace stacklint
