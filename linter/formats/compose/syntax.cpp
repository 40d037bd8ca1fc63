#include "linter/formats/compose/syntax.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "linter/knowledge/knowledge.h"
#include "linter/source/text.h"

namespace stacklint::compose {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

bool all_digits_or_range(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

std::optional<std::vector<std::string>> split_shell(std::string_view text, std::string* error) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_blank(c)) {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      ++i;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 < text.size()) cur += text[i + 1];
      i += 2;
      continue;
    }
    if (c == '\'') {
      const size_t end = text.find('\'', i + 1);
      if (end == std::string_view::npos) {
        if (error != nullptr) *error = "unterminated single quote";
        return std::nullopt;
      }
      cur.append(text.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    }
    if (c == '"') {
      size_t j = i + 1;
      bool closed = false;
      while (j < text.size()) {
        if (text[j] == '"') {
          closed = true;
          break;
        }
        if (text[j] == '\\' && j + 1 < text.size() &&
            (text[j + 1] == '"' || text[j + 1] == '\\' || text[j + 1] == '$' || text[j + 1] == '`')) {
          cur += text[j + 1];
          j += 2;
          continue;
        }
        cur += text[j++];
      }
      if (!closed) {
        if (error != nullptr) *error = "unterminated double quote";
        return std::nullopt;
      }
      i = j + 1;
      continue;
    }
    cur += c;
    ++i;
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

std::optional<PortSpec> parse_port_spec(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<PortSpec> {
    if (error != nullptr) *error = "invalid port '" + std::string(text) + "': " + why;
    return std::nullopt;
  };
  PortSpec spec;
  std::string_view rest = text;
  if (const size_t slash = rest.rfind('/'); slash != std::string_view::npos) {
    spec.protocol = std::string(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
    if (spec.protocol != "tcp" && spec.protocol != "udp" && spec.protocol != "sctp") {
      return fail("unknown protocol '" + spec.protocol + "'");
    }
  }
  // Container port: after the last ':'.
  const size_t last = rest.rfind(':');
  if (last == std::string_view::npos) {
    spec.target = std::string(rest);
  } else {
    spec.target = std::string(rest.substr(last + 1));
    std::string_view head = rest.substr(0, last);
    // head = [ip:]published, ip possibly [v6] or a bare v6 address.
    size_t colon = std::string_view::npos;
    if (!head.empty() && head.front() == '[') {
      const size_t close = head.find(']');
      if (close == std::string_view::npos) return fail("unterminated '['");
      spec.host_ip = std::string(head.substr(1, close - 1));
      if (close + 1 < head.size()) {
        if (head[close + 1] != ':') return fail("expected ':' after ']'");
        spec.published = std::string(head.substr(close + 2));
      }
      colon = 0;
    } else {
      colon = head.rfind(':');
      if (colon == std::string_view::npos) {
        spec.published = std::string(head);
      } else {
        spec.host_ip = std::string(head.substr(0, colon));
        spec.published = std::string(head.substr(colon + 1));
      }
    }
  }
  // Compose (go-connections' ParsePortSpec) refuses a host part that is no IP address:
  // `${PORT:-8080}::8080` makes 8080 the address (rw18 uschtwill).
  if (!spec.host_ip.empty()) {
    std::array<unsigned char, sizeof(struct in6_addr)> addr{};
    if (inet_pton(AF_INET, spec.host_ip.c_str(), addr.data()) != 1 &&
        inet_pton(AF_INET6, spec.host_ip.c_str(), addr.data()) != 1) {
      return fail("'" + spec.host_ip + "' is no IP address" +
                  (spec.published.empty() && all_digits_or_range(spec.host_ip)
                       ? " (with two colons the first part is the host IP; write HOST_PORT:CONTAINER_PORT)"
                       : ""));
    }
  }
  if (!all_digits_or_range(spec.target)) return fail("the container port must be a number or a range");
  if (!spec.published.empty() && !all_digits_or_range(spec.published)) {
    return fail("the published port must be a number or a range");
  }
  return spec;
}

std::optional<VolumeSpec> parse_volume_spec(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<VolumeSpec> {
    if (error != nullptr) *error = "invalid volume '" + std::string(text) + "': " + why;
    return std::nullopt;
  };
  if (text.empty()) return fail("empty");
  std::vector<std::string> parts = split(text, ':');
  // A Windows drive letter (C:\ or C:/) belongs to the path that follows it.
  std::vector<std::string> joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    // `v:/v` is a named volume: a drive letter needs a backslash or a target after the path.
    if (parts[i].size() == 1 && std::isalpha(static_cast<unsigned char>(parts[i][0])) != 0 && i + 1 < parts.size() &&
        !parts[i + 1].empty() && (parts[i + 1][0] == '\\' || (parts[i + 1][0] == '/' && i + 2 < parts.size()))) {
      joined.push_back(parts[i] + ":" + parts[i + 1]);
      ++i;
    } else {
      joined.push_back(parts[i]);
    }
  }
  VolumeSpec spec;
  if (joined.size() == 1) {
    spec.target = joined[0];
    return spec;
  }
  if (joined.size() > 3) return fail("too many colons");
  spec.source = joined[0];
  spec.target = joined[1];
  if (spec.source.empty()) return fail("empty source");
  if (spec.target.empty()) return fail("empty target");
  if (joined.size() == 3) {
    for (std::string& opt : split(joined[2], ',')) {
      if (opt == "ro") spec.read_only = true;
      spec.options.push_back(std::move(opt));
    }
  }
  const char c = spec.source[0];
  spec.bind = c == '.' || c == '/' || c == '~' || c == '\\' || (spec.source.size() > 1 && spec.source[1] == ':');
  return spec;
}

namespace {

std::string version_from_tag(std::string_view tag) {
  if (!tag.empty() && (tag[0] == 'v' || tag[0] == 'V')) tag.remove_prefix(1);
  size_t n = 0;
  while (n < tag.size() && ((tag[n] >= '0' && tag[n] <= '9') || tag[n] == '.')) ++n;
  std::string v(tag.substr(0, n));
  while (!v.empty() && v.back() == '.') v.pop_back();
  if (v.empty() || v[0] == '.') return "";
  return v;
}

// The role the image family table (data/images.tsv) gives the repository; app when none.
Role role_of(const std::string& repository) {
  const knowledge::ImageFact* fact = knowledge::find_image(repository);
  return fact == nullptr ? Role::app : fact->role;
}

}  // namespace

ImageInfo analyze_image(std::string_view image) {
  ImageInfo info;
  std::string ref(image);
  if (const size_t at = ref.find('@'); at != std::string::npos) ref.resize(at);
  const size_t slash = ref.rfind('/');
  const size_t colon = ref.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    info.tag = ref.substr(colon + 1);
    info.empty_tag = info.tag.empty();
    ref.resize(colon);
  }
  // A first component with '.' or ':' (or `localhost`) is a registry.
  if (const size_t first = ref.find('/'); first != std::string::npos) {
    const std::string head = ref.substr(0, first);
    if (head.find('.') != std::string::npos || head.find(':') != std::string::npos || head == "localhost") {
      info.registry = ascii_lower(head);
      ref = ref.substr(first + 1);
    }
  }
  if (ref.rfind("library/", 0) == 0) ref = ref.substr(8);
  std::transform(ref.begin(), ref.end(), ref.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  info.repository = ref;
  info.role = role_of(ref);
  info.version = version_from_tag(info.tag);
  return info;
}

bool swarm_stack_file_name(std::string_view file_name) {
  const std::string name = ascii_lower(file_name);
  for (const std::string_view w : {"swarm", "stack"}) {
    const size_t at = name.find(w);
    if (at == std::string::npos) continue;
    const bool starts = at == 0 || name[at - 1] == '.' || name[at - 1] == '-' || name[at - 1] == '_';
    const size_t end = at + w.size();
    const bool ends = end == name.size() || name[end] == '.' || name[end] == '-' || name[end] == '_';
    if (starts && ends) return true;
  }
  return false;
}

bool docker_stack_file_name(std::string_view file_name) {
  const std::string name = ascii_lower(file_name);
  if (name.starts_with("docker-stack.") || name.starts_with("docker-stack-")) return true;
  return swarm_stack_file_name(file_name) && name.find("swarm") != std::string::npos;
}

}  // namespace stacklint::compose
