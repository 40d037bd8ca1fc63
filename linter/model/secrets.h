// What is a secret, decided in one place: security/plaintext-secret reports inline secrets with
// this predicate, and every output masks the same spans (text excerpts, SARIF, GitHub annotations,
// baselines, `stacklint model`).
//
// A secret is the value of a secret name (is_secret_name) unless is_not_a_secret says it is a
// flag, an id or a reference; the password of a URL's userinfo
// (`scheme://user:password@host`) and of a libpq conninfo (`password=...`); the argument of redis's
// requirepass / masterauth (in a file or as `--requirepass`) and the `>password` of a redis ACL
// user. Well-known default passwords (`admin`, `postgres`, ...) are public and stay visible.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "linter/model/stack.h"

namespace stacklint {

namespace yaml {
class Stream;
}

inline constexpr std::string_view kMask = "********";

// PASSWORD, PASSWD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, REQUIREPASS, MASTERAUTH,
// `*_PASS`, `*_PWD`... (case-insensitive), the key `credentials`; not the `*_FILE` variants that
// point at a Docker secret, nor `*_URL`, `*_URI`, `*_ENDPOINT` (addresses), nor an access key
// (MINIO_ACCESS_KEY, `access_key` of Prometheus's EC2 discovery: an id paired with a secret key).
bool is_secret_name(std::string_view name);

// A secret that logs someone in (a password of a user or service), not a signing key or token.
bool is_password_name(std::string_view name);

// Whether the value of a secret-named variable is no secret: empty, a `${...}` reference, a file
// that keeps the secret (an absolute path: a Docker secret; a `file://` URL), a boolean or flag
// (`yes`, `no`, `true`, `0`, `1`: ALLOW_EMPTY_PASSWORD), or the name is one of an id, a user or a
// realm (`*_KEY_ID`, `*_USER`, `*_USERNAME`, `*_REALM`), a cluster token that only
// names a cluster, a setting of where and how secrets are kept (`*_PATH`, `*_DIR`, `*_DIRECTORY`,
// `*_LOCATION`, `*_TYPE`, `*_MODE`, `*_FORMAT`, `*_PROVIDER`, `*_BACKEND`, `*_MANAGER`, `*_STORE`:
// SECRET_MANAGER_TYPE=FILE, SECRET_MANAGER_DIRECTORY=/state), or a length or duration (a word LENGTH, LIFETIME, EXPIRY,
// EXPIRATION, EXPIRES, EXPIRE, TTL, TIMEOUT, DURATION, VALIDITY or a unit of time, also in camelCase:
// ACCESS_TOKEN_LIFETIME=10, Recovery__TokenValidityMinutes=15).
bool is_not_a_secret(std::string_view name, std::string_view value);

// Whether the whole value (spaces and quotes around it aside) is one template expression,
// `{{ .SlackWebhookURL }}` or `{{ vault_db_password }}`: text a generator (Ansible, Helm, a Go
// template) was meant to replace, not a secret; not one with a quoted literal in it (a default).
// Alertmanager reads it as written.
bool is_template_expression(std::string_view value);

// The product whose well-known default `value` is for `name`, e.g. "Grafana's default admin
// password", or "a placeholder left in place" for a secret-named variable whose value asks to be
// replaced (`change-me`, `replace-me`, `changePassword`); nullopt when the value is neither.
std::optional<std::string> default_credential(std::string_view name, std::string_view value);

// Whether `name` sets the password a server's own users log in with (POSTGRES_PASSWORD,
// GF_SECURITY_ADMIN_PASSWORD, requirepass...), not a credential a client presents elsewhere.
bool is_server_password_name(std::string_view name);

// Byte range [first, second) of the password of `scheme://user:password@host`, when one is written.
std::optional<std::pair<size_t, size_t>> url_password_range(std::string_view value);
// That password, or "" when the URL has none written literally (none, or a `$` reference).
std::string url_password(std::string_view value);
// Whether a URL (`scheme://[user[:password]@]host[:port]...`) names a host reserved for documentation
// (RFC 2606: example.com, example.org, example.net and their subdomains, `*.example`, `*.invalid`):
// a line to fill in, whose password opens nothing.
bool url_to_documentation_host(std::string_view value);
// Whether a value asks to be replaced: `change-me`, `replace_me`, `changePassword`, `your-password`,
// a mask (`XXXX`, `xxxxxxxx-xxxx`, `****`), or words that say what belongs there
// (`long-and-random-alphanumeric-string`), or an instruction that points to the README
// (`GET_THIS_AS_MENTIONED_IN_README`), or a documented example that ends by saying so (AWS's
// `AKIAIOSFODNN7EXAMPLE`, `...EXAMPLEKEY`), or whose last word points at the spot (`TOKEN_AQUI`,
// `CHAT_ID_HERE`), or a stub (`dummy-token`), or a name in square brackets (`[REDIS_PASSWORD]`).
bool is_placeholder_value(std::string_view value);

// The secret parts of the value of `name` (a variable, key or setting): the whole value for a
// secret name, else the URL / conninfo passwords in it. Empty for known defaults.
std::vector<std::pair<size_t, size_t>> secret_ranges(std::string_view name, std::string_view value);

// Records that `value` is a secret written at `where` (a span of a file of the stack): the
// file's excerpts mask the value where it appears in that span (the whole span when it does not
// appear as written), and messages never show it: messages located near `where` when `near_only`
// (an example value of the repository's `.env.example`: public, and often a word such as `ignored`
// that stacklint's own messages use), else every message.
void add_secret(Stack& stack, const Location& where, std::string_view value, bool near_only = false);

// Records that `value` came from the environment variable `name` (process environment or env
// file), referenced at `where`: messages show it as ${NAME}.
void add_environment_value(Stack& stack, const Location& where, const std::string& name, std::string_view value);

// A value to hide that a parser found: parsers do not write the Stack, so they return these and
// stack/ records them in order with add_hidden_value (a secret written at `where`: add_secret; a
// value of the environment variable `name`: add_environment_value).
struct HiddenValue {
  enum class Kind : uint8_t { secret, environment };
  Kind kind = Kind::secret;
  Location where;
  std::string name;  // the variable (environment), the key that holds it (a YAML secret)
  std::string value;
};
void add_hidden_value(Stack& stack, const HiddenValue& hidden);

// Finds the secrets of every file and setting of an assembled stack (environment, redis and
// postgres settings, YAML keys, env files) and records them with add_secret.
void collect_secrets(Stack& stack);

// The secrets of a YAML file: values of secret keys (`password:`, `bearer_token:`,
// `credentials:`), `KEY=value` list items with a secret key, the argument after `--requirepass` /
// `--masterauth` in a list, URL passwords in any scalar. Values holding `$` are left alone (compose
// interpolates them; the environment values are redacted on their own). yaml_secrets appends
// them to `out` in the order add_yaml_secrets records them.
// `references_are_text`: the file's program does not expand `${...}` (Prometheus, Alertmanager), so
// the default of `${NAME:-default}` under a secret key is that secret's text and is masked too.
void yaml_secrets(const yaml::Stream& stream, std::vector<HiddenValue>& out, bool references_are_text = false);
void add_yaml_secrets(Stack& stack, const yaml::Stream& stream);

// The secrets of a Prometheus or Alertmanager config file (yaml_secrets, and for Alertmanager its
// secret URLs and keys that are no example placeholder): masked in every output and recorded in
// `stack.config_secrets` for security/plaintext-secret.
void add_config_secrets(Stack& stack, const yaml::Stream& stream, const AmConfig* alertmanager);

// The masked spans of a file that overlap the byte range [begin, end), sorted.
std::vector<SecretSpan> secrets_between(const StackFile& file, uint32_t begin, uint32_t end);

// The text of a line of a file with its secrets masked (for fingerprints).
std::string masked_line(const StackFile& file, uint32_t line);

// Replaces the secrets and environment values of a stack in texts that may quote them: values
// recorded near one of the text's locations, and long or secret values anywhere. Names the
// repository writes (service names, environment keys, file paths) are kept whole, and values that
// are well-known defaults (admin, postgres, password...) are not masked: they hide nothing.
class Redactor {
 public:
  explicit Redactor(const Stack& stack);  // keeps views into `stack`
  // `excerpt` is the source line a finding shows (secrets masked): a value it shows as a word of its own
  // is printed in the message too, since masking it there would hide nothing.
  [[nodiscard]] std::string apply(std::string_view text, const std::vector<const Location*>& where,
                                  std::string_view excerpt = {}) const;

 private:
  // The length of a name of the repository (verbatim_) written at text[i] as a whole word, or 0.
  [[nodiscard]] size_t verbatim_at(std::string_view text, size_t i) const;

  std::unordered_set<std::string_view> verbatim_;
  std::set<size_t, std::greater<>> verbatim_lengths_;
  std::unordered_map<std::string_view, std::string_view> anywhere_;
  std::set<size_t, std::greater<>> lengths_;
  std::map<std::string, std::vector<const Redaction*>> near_;
};

// Redacts the messages of findings (near their primary and related locations) and escapes the
// control characters in them: the one step every output format goes through.
void redact(const Stack& stack, std::vector<Diagnostic>& diags);

}  // namespace stacklint
