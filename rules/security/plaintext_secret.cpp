// security/plaintext-secret: a password or token written inline in the compose file or a config.
#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "linter/engine/rule.h"
#include "linter/formats/compose/syntax.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/pgbouncer_config.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/notes.h"
#include "rules/security/secrets.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

// is_not_a_secret, or a shell's variable (`$REDIS_PASSWORD`, compose's `$$REDIS_PASSWORD` left to the
// container's shell, rw116): the container's environment holds the secret, the text only names it.
// Only for judging: output still masks it, as a password that starts with `$` looks the same.
bool no_secret(std::string_view name, std::string_view value) {
  if (is_not_a_secret(name, value)) return true;
  return value.size() > 1 && value[0] == '$' && std::isdigit(static_cast<unsigned char>(value[1])) == 0 &&
         std::all_of(value.begin() + 1, value.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

class SecurityPlaintextSecret final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/plaintext-secret",
        .severity = Severity::warning,
        .summary =
            "A password or token written inline in the compose file or a config instead of taken from the "
            "environment or a secret.",
        .rationale =
            "A secret in a committed file is in every clone, every backup and every CI log of the repository, "
            "and rotating it means a commit. Interpolate it (`${DB_PASSWORD:?}`) from an untracked `.env` or "
            "the CI's secret store, or mount it as a Docker secret (`POSTGRES_PASSWORD_FILE`). stacklint never "
            "prints the secret itself.\n\n"
            "A secret is reported where it is written: the compose line, the line of an `env_file`, the `.env` "
            "line a pass-through entry (`- POSTGRES_PASSWORD`) takes its value from, a redis `requirepass` in a "
            "config or on a command line, the `password=` of a pgbouncer.ini `[databases]` entry, a `password`, "
            "`credentials`, `bearer_token`, key or webhook URL in "
            "prometheus.yml or alertmanager.yml (both read secrets from files: `password_file`, "
            "`credentials_file`, `api_url_file`; a placeholder URL is `alertmanager/placeholder-url`'s, and a notifier "
            "credential written as the words of a blank, `telegram-bot-token` or `password/apppassword` "
            "(`votre-app-password` in other languages), leaks "
            "nothing, and so does the SMTP password of a login to a host reserved for documentation, "
            "`smtp.example.com`). Values from "
            "the shell, from a `.env` that git ignores or from the "
            "repository's `.env.example` are not the repository's secrets, nor are the committed defaults of an "
            "`env_file:` list whose later file git ignores (`[envs/default.env, envs/override.env]`: the "
            "deployment's own file may replace them). One value is one finding: the other "
            "places and services that carry it (a client URL that copies the server's password, an anchor merged "
            "into several services) are notes. Not secrets: empty values, `${...}` references, a template expression "
            "a generator replaces (`{{ .SlackWebhookURL }}`, `{{ vault_db_password }}`), paths of the file "
            "that keeps the secret (`/run/secrets/...`, `file:///...`), `*_FILE` variables, booleans and flags "
            "(`ALLOW_EMPTY_PASSWORD: yes`), ids, user names and realms (`*_KEY_ID`, `*_USER`, `*_REALM`), the key of a "
            "key and secret pair (`LIVEKIT_API_KEY` beside `LIVEKIT_API_SECRET`: an identifier), a token's "
            "public claims, settings and chain identifiers (`*_TOKEN_ISSUER`, `*_AUDIENCE`, `*_TTL`, `*_ALG`, "
            "`*_HEADER`, `*_TOKEN_MINT`), where secrets are kept, listed or chosen (`*_PATH`, `*_LIST`, `*_SOURCE`), a "
            "secret's "
            "policy and counts (`*_PASS_REGEX`, `*_TEMPLATE`, `*_SALT_POSITION`, `*_CHECK_INTERVAL`, `*_NUM_TOKENS`), "
            "and values SOPS encrypted (`ENC[AES256_GCM,...]`), nor the SMTP login of a service whose mail goes to a "
            "test mailbox that delivers nothing (`smtp.ethereal.email`, Mailtrap's sandbox, a MailHog, Mailpit or "
            "MailDev catcher). A well-known "
            "default value is "
            "`security/default-credentials`' finding instead. The password of a postgres or redis that no port "
            "publishes beyond the host's loopback (nor a pgbouncer's in front of it) is not reported, nor is the "
            "password of a client's URL to such a server (one that trusts its network ignores it): only the "
            "stack's own containers reach that server. So is a password of a database image stacklint does not "
            "model (named for mysql, mariadb, mongo, postgres...: `mysql:8`, `jc21/mariadb-aria`) that publishes "
            "no port.\n\n"
            "In a stack its authors mark as a test, example or development stack (`tests/`, "
            "`docker-compose.dev.yml`, `NODE_ENV: development`: `purpose` in `stacklint model`) a password "
            "such as `temporal` is part of the harness; only values that look generated (20 characters or "
            "more, varied like a key or token; not words joined by symbols, in lower case, in capitals or each "
            "starting with a capital, such as "
            "`devstorage-service123`, nor a key Django marks insecure, `django-insecure-...`) and the password an "
            "Alertmanager logs in to a mail server with "
            "(`smtp_auth_password`, a mailbox's account outside any harness) are reported there, since a real key "
            "leaks from any file, unless a comment "
            "beside it, heading its group of settings or heading its env file tells the reader to replace it "
            "(`# generate via: pwgen -s 50 1`, `# change this to a secure random secret`); not even those "
            "when they set the account of a program the stack itself runs (`POSTGRES_PASSWORD`, "
            "`OPENSEARCH_INITIAL_ADMIN_PASSWORD` of an opensearch image, the tokens it takes from its clients, "
            "`BULKER_AUTH_TOKENS` of a bulker image, a redis.conf's `requirepass` and `masterauth` of a redis "
            "service of the stack), which opens only the harness's own "
            "container, nor their copies in the URLs of the stack's clients. There a generated key is a warning "
            "only when another service issued it (a provider's token format, `sk-...`, `AKIA...`, `ghp_...`, "
            "`xoxb-...`; a Slack, Discord, Teams or Telegram webhook; a variable named for a provider, "
            "`OPENAI_API_KEY`, `STRIPE_SECRET_KEY`): it opens that service from any file. The key of the stack's "
            "own programs (`SECRET_KEY_BASE: 4f9a...`, a vault's key) is a note; written as a fallback it stays "
            "reported (below).\n\n"
            "A password's hash (bcrypt `$2y$...`, `$apr1$...`, `$argon2id$...`) is no secret written inline: "
            "storing it is its purpose.\n\n"
            "One service's several secrets written inline in one file are one finding, at the first, with a note "
            "for each other (one fix: its environment taken from elsewhere).\n\n"
            "A generated key written as the fallback of a variable (`${SECRET_KEY_BASE:-a7523c3d...}`) is the "
            "key of every install that does not set the variable: it is reported too, unless the README beside the "
            "stack tells the reader to generate or change the keys for production (\"for production usage we "
            "recommend generating ... random secrets\": a quick start's keys, replaced by every deployment that "
            "follows it); `${VAR:?message}` makes compose refuse to start without it. In a deployed stack, a value "
            "that "
            "does not look generated under a comment asking to replace it (`# NOTE: Please UPDATE THIS PASSWORD!`) "
            "is a note: a template's blank its authors flag themselves, not a secret that leaked."
            " Where nothing says the stack is deployed, a password chosen by hand (not a generated key, another "
            "service's credential or a mail login) is not reported: as likely a developer's or a demo's, kept on "
            "purpose (see \"A stack's purpose\" in docs/configuration.md); say `[stack] deployed = true` to see "
            "them.",
        .bad_example = {{.path = ".stacklint.toml", .content = "[stack]\ndeployed = true\n"},
                        {.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cr3t-Pa55
    ports:
      - "5432:5432"
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}
    ports:
      - "5432:5432"
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    std::vector<Occurrence> found;
    // LocalStack takes any AWS credentials; its documented dummies (`test`) are no secret, in its own
    // service or in a client of it (rw33 Cofactor-IT).
    const auto localstack = [](const Service& s) {
      return s.enabled && s.image && compose::analyze_image(s.image->value).repository.starts_with("localstack/");
    };
    const bool runs_localstack = std::any_of(stack.services.begin(), stack.services.end(), localstack);
    for (const Service& svc : stack.services) {
      const bool test_mail = sends_to_test_mailbox(svc);
      for (const auto& [name, value] : svc.environment) {
        if (runs_localstack && name.starts_with("AWS_") && (localstack(svc) || value.value == "test")) continue;
        if (test_mail && (name.find("SMTP") != std::string::npos || name.find("MAIL") != std::string::npos)) continue;
        if (!value_is_judgeable(stack, value.location)) {
          // `${SECRET_KEY_BASE:-a7523c3d...}`: a generated key as the fallback is the key of every
          // install that does not set the variable (rw10 maybe's self-host compose).
          if (is_secret_name(name) && !no_secret(name, value.value) && looks_generated(value.value) &&
              falls_back_to(stack, value.location, value.value)) {
            found.push_back(Occurrence{&svc, name, value.value, value.location, false, Where::fallback});
          }
          continue;
        }
        if (is_secret_name(name)) {
          if (!no_secret(name, value.value) && !key_of_pair(svc, name))
            found.push_back(
                Occurrence{&svc, name, value.value, value.location, false, where_of(stack, value.location)});
        } else if (const auto pw = url_password_range(value.value);
                   pw && value.value.substr(pw->first, pw->second - pw->first).find("$(") == std::string::npos &&
                   !no_secret("PASSWORD", value.value.substr(pw->first, pw->second - pw->first)) &&
                   !url_to_documentation_host(value.value)) {
          // (The placeholders of plain values are placeholders in a URL too: `app:REDACTED_DB_PASSWORD@`, rw18.)
          // (A `$(cat /run/secrets/db)` password names where the secret is kept: compose passes it as text.)
          // Judged as written: a `$` still in the value is one compose keeps (`Winter$25`), no reference.
          found.push_back(Occurrence{&svc, name, value.value.substr(pw->first, pw->second - pw->first), value.location,
                                     true, where_of(stack, value.location)});
        }
      }
      if (svc.redis) collect_redis(stack, &svc, *svc.redis, found);
      if (svc.pgbouncer) collect_pgbouncer(stack, svc, found);
    }
    for (const auto& r : stack.standalone_redis) {
      if (r) collect_redis(stack, nullptr, *r, found);
    }
    for (const ConfigSecret& c : stack.config_secrets) {
      if (!value_is_judgeable(stack, c.location)) continue;
      found.push_back(Occurrence{nullptr, c.key, c.value, c.location, c.key.empty(), Where::monitoring_config});
    }
    // A developer's stack holds the harness's passwords on purpose, generated ones too when they set
    // the account of a program the stack itself runs; a generated key leaks from any file.
    // Its copies in the clients' URLs are that password too (rw47 blockscout: the db's
    // POSTGRES_PASSWORD was not reported, the backend's DATABASE_URL holding it was).
    // A password's hash (bcrypt `$2y$14$...`, `$apr1$`, `$argon2id$`, crypt's `$6$`) is what a server
    // stores to check a password against; writing it down is its purpose, and the password it hides is
    // security/default-credentials' to judge (rw107 dockprom, rw118 Kev1nChan: Caddy's and Traefik's
    // basic-auth hash of the documented `admin`).
    std::erase_if(found, [](const Occurrence& o) { return password_hash(o.secret); });
    std::set<std::string> own_keys;
    if (!stack.purpose.deployed) {
      std::set<std::string> own_accounts;
      for (const Occurrence& o : found) {
        if (o.where != Where::fallback && sets_own_account(o)) own_accounts.insert(o.secret);
      }
      std::erase_if(found, [&](const Occurrence& o) {
        if (mail_login(o)) return false;
        // A key Django marks as insecure (`django-insecure-...`, what startproject writes) is a
        // development key by the framework's own word (rw73 referral_system's .env.dev).
        return !looks_generated(o.secret) || o.secret.starts_with("django-insecure-") ||
               (o.where != Where::fallback && own_accounts.count(o.secret) > 0);
      });
      // A generated key of the stack's own programs (SECRET_KEY_BASE, a vault's KEK) opens only the
      // harness: a note (rw111 logto's integration tests, rw112 sw_sre_challenge). A credential another
      // service issued (an OpenAI or Stripe key, a Slack webhook) opens that service from any file.
      for (const Occurrence& o : found) {
        // Not a fallback (`${SECRET_KEY_BASE:-a7523c...}`): every install that does not set the
        // variable runs with it, this one's purpose aside (rw107 DefectDojo, rw108 maybe).
        if (o.where != Where::fallback && !mail_login(o) && !third_party_credential(o.name, o.secret)) {
          own_keys.insert(o.secret);
        }
      }
    }
    // An example's value its author marked as one to replace, wherever it is written (`# generate
    // via: pwgen -s 50 1`): the finding would repeat the instruction. A deployed stack runs with it.
    // A key written as a fallback where the README tells the reader to generate or change the keys
    // (`./init.sh` writes random ones into .env, rw62 datalens): the quick start's, replaced in
    // every deployment that follows the README.
    if (stack.purpose.fill_in.valid() && stack.purpose.fill_in_for_production) {
      std::erase_if(found, [](const Occurrence& o) { return o.where == Where::fallback; });
    }
    // In a deployed stack it is a note: the value is a template's blank the authors flag themselves
    // (rw99 hoppscotch's `# NOTE: Please UPDATE THIS PASSWORD!`), not a secret that leaked; unless it
    // looks generated, a key every copy that skips the comment shares.
    std::set<std::string> marked;
    for (const Occurrence& o : found) {
      if (marked_for_replacement(stack, o.location)) marked.insert(o.secret);
    }
    if (!stack.purpose.deployed) std::erase_if(found, [&](const Occurrence& o) { return marked.count(o.secret) > 0; });
    report_groups(stack, found, marked, own_keys, out);
  }

 private:
  // config_file: a redis or postgres config; monitoring_config: prometheus.yml, alertmanager.yml.
  // fallback: the default of a `${VAR:-value}` in the compose file.
  enum class Where : uint8_t {
    compose,
    env_file,
    config_file,
    monitoring_config,
    command_line,
    fallback,
    pgbouncer_ini
  };

  static Where where_of(const Stack& stack, const Location& loc) {
    const StackFile* f = stack.find_file(loc.file);
    if (f == nullptr || f->kind == FileKind::compose) return Where::compose;
    return f->kind == FileKind::env ? Where::env_file : Where::config_file;
  }

  // One place a secret is written, and a service that receives it (null: a standalone file).
  struct Occurrence {
    const Service* service;
    std::string name;
    std::string secret;
    Location location;
    bool in_url;
    Where where = Where::compose;
  };

  // A service whose mail goes to a test mailbox that delivers nothing (smtp.ethereal.email, Mailtrap's
  // sandbox, a MailHog, Mailpit or MailDev catcher): its SMTP login is a throwaway account, or any
  // (rw218 simple-microservice-ecommerce: four ethereal.email logins).
  static bool sends_to_test_mailbox(const Service& svc) {
    return std::ranges::any_of(svc.environment, [](const auto& entry) {
      const std::string v = ascii_lower(entry.second.value);
      const std::string_view host = std::string_view(v).substr(0, v.find(':'));
      return v.find("ethereal.email") != std::string::npos || v.find("sandbox.smtp.mailtrap.io") != std::string::npos ||
             host == "smtp.mailtrap.io" || host == "mailhog" || host == "mailpit" || host == "maildev";
    });
  }

  // The password Alertmanager logs in to a mail server with (`smtp_auth_password`, global or a
  // receiver's `auth_password`): the account of a mailbox outside any harness, that a developer's stack
  // leaks as much as a deployed one (rw57 sensorhub-stack: a Gmail app password). Not a placeholder.
  static bool mail_login(const Occurrence& o) {
    return o.where == Where::monitoring_config && (o.name == "smtp_auth_password" || o.name == "auth_password") &&
           o.secret.size() >= 8 && !default_credential("PASSWORD", o.secret);
  }

  // A password variable through which the service's own program sets up its account
  // (`OPENSEARCH_INITIAL_ADMIN_PASSWORD` of an opensearch image, `GRAYLOG_ROOT_PASSWORD_SHA2` of
  // graylog, `POSTGRES_PASSWORD`): it opens only the container the stack runs, not a service
  // elsewhere (`SMTP_PASSWORD`, an API token).
  static bool sets_own_account(const Occurrence& o) {
    // A redis server's own password and its replicas' (rw41 boulder's test redis.conf: `masterauth`
    // of the harness's replica, whose ACL user the same file defines).
    if (o.service != nullptr && o.service->redis && (o.name == "requirepass" || o.name == "masterauth")) return true;
    // The tokens the program takes from its clients are its password too (rw108 jitsu's devenv:
    // `BULKER_AUTH_TOKENS` of jitsucom/bulker).
    const bool accepted_token = ascii_lower(o.name).find("auth_token") != std::string::npos;
    if (o.service == nullptr || o.in_url || (!is_password_name(o.name) && !accepted_token)) return false;
    return is_server_password_name(o.name) ||
           (o.service->image && knowledge::names_image_program(o.name, o.service->image->value));
  }

  // The key of a key and secret pair (LIVEKIT_API_KEY beside LIVEKIT_API_SECRET, PUSHER_APP_KEY
  // beside PUSHER_APP_SECRET): a public identifier, sent in clear with what the secret signs
  // (rw37 ambulant-plus-core: LiveKit's JWT `iss`). The secret beside it is the secret.
  static bool key_of_pair(const Service& svc, std::string_view name) {
    if (!name.ends_with("_KEY")) return false;
    const std::string stem(name.substr(0, name.size() - std::string_view("KEY").size()));
    return svc.environment.contains(stem + "SECRET") || svc.environment.contains(stem + "SECRET_KEY");
  }

  static bool is_server(const Service* s) {
    return s != nullptr && (s->role == Role::postgres || s->role == Role::redis);
  }

  static void collect_redis(const Stack& stack, const Service* svc, const RedisConfig& cfg,
                            std::vector<Occurrence>& found) {
    for (const char* setting : {"requirepass", "masterauth"}) {
      const Setting* pass = cfg.find(setting);
      if (pass == nullptr) continue;
      const auto* value = std::get_if<std::string>(&pass->current.value);
      // `--requirepass "$REDIS_PASSWORD"` in a `sh -c` command: the shell's variable, not a secret.
      if (value == nullptr || no_secret(setting, *value) || !value_is_judgeable(stack, pass->current.location)) {
        continue;
      }
      const Where where = pass->current.origin == SettingOrigin::command_line ? Where::command_line
                                                                              : where_of(stack, pass->current.location);
      found.push_back(Occurrence{svc, setting, *value, pass->current.location, false, where});
    }
  }

  // The `password=` of a pgbouncer.ini [databases] entry (rw44 Community-Guardian: the server's
  // password in the mounted ini). Not one the environment generated (the image's DB_PASSWORD).
  static void collect_pgbouncer(const Stack& stack, const Service& svc, std::vector<Occurrence>& found) {
    for (const PgBouncerDatabase& db : svc.pgbouncer->databases) {
      const Located<std::string>& pw = db.password;
      const StackFile* f = pw.value.empty() ? nullptr : stack.find_file(pw.location.file);
      if (f == nullptr || f->kind != FileKind::pgbouncer || no_secret("PASSWORD", pw.value)) continue;
      // The password of a postgres only the stack's containers reach (no published port, nor this
      // pgbouncer's): as for the server's own POSTGRES_PASSWORD.
      const Service* server = stack.find_service(db.target_service.empty() ? db.host : db.target_service);
      if (server != nullptr && server->role == Role::postgres && internal_server(stack, *server)) continue;
      found.push_back(Occurrence{&svc, "password", pw.value, pw.location, false, Where::pgbouncer_ini});
    }
  }

  // One finding per secret value: where it is first written as itself (not inside a URL), with a
  // note for every other place and service that has it. A value with a well-known default is
  // security/default-credentials' finding, with all its copies.
  static void report_groups(const Stack& stack, std::vector<Occurrence>& found, const std::set<std::string>& marked,
                            const std::set<std::string>& own_keys, Reporter& out) {
    std::stable_sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) {
      // The server's own setting first: a client's copy is a note on it.
      const bool a_client = !is_server(a.service);
      const bool b_client = !is_server(b.service);
      return std::tie(a.secret, a_client, a.in_url, a.location.file, a.location.line, a.location.column) <
             std::tie(b.secret, b_client, b.in_url, b.location.file, b.location.line, b.location.column);
    });
    struct Group {
      size_t first;
      size_t last;
      const char* why;  // the reason it is a note; "" for a warning
    };
    std::vector<Group> groups;
    for (size_t i = 0; i < found.size();) {
      size_t j = i;
      bool is_default = false;
      while (j < found.size() && found[j].secret == found[i].secret) {
        is_default = is_default || default_credential(found[j].in_url ? "PASSWORD" : found[j].name, found[j].secret);
        ++j;
      }
      if (!is_default && !guards_internal_server(stack, found.begin() + static_cast<std::ptrdiff_t>(i),
                                                 found.begin() + static_cast<std::ptrdiff_t>(j))) {
        const char* why =
            marked.count(found[i].secret) > 0 && !looks_generated(found[i].secret)
                ? (stack.purpose.readme_edits.contains(found[i].location.file.str()) &&
                           std::ranges::none_of(setting_comments(stack, found[i].location), comment_asks_to_replace)
                       ? " (the README asks to edit its file)"
                       : " (a comment there asks to replace the value)")
            : own_keys.count(found[i].secret) > 0
                ? " (the key of a test or development stack's own program, no credential another service issued)"
                : "";
        // A password chosen by hand in a stack nothing states is deployed: as likely a developer's
        // as a deployment's (security/database-port-published), and not reported. As notes, 20 of
        // 68 were judged right over rw209-rw247, most of the rest a demo's or a harness's password
        // kept on purpose. A generated key or another service's credential leaks from any file.
        // So is Django's `django-insecure-...` key, a development key by the framework's own word
        // (rw186 DayTradingScalabilityProject).
        const bool unstated_hand_chosen =
            *why == '\0' && stack.purpose.stated.empty() &&
            (!looks_generated(found[i].secret) || found[i].secret.starts_with("django-insecure-")) &&
            !third_party_credential(found[i].name, found[i].secret) && !mail_login(found[i]);
        if (!unstated_hand_chosen) groups.push_back(Group{.first = i, .last = j, .why = why});
      }
      i = j;
    }
    // One service's several secrets written inline in one file are one finding, at the first, with
    // the others as notes: one fix, taking that service's environment from elsewhere (rw114
    // Reactive-Resume's ACCESS_TOKEN_SECRET and REFRESH_TOKEN_SECRET of service app).
    std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
      const Location& x = found[a.first].location;
      const Location& y = found[b.first].location;
      return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
    });
    std::vector<bool> folded(groups.size(), false);
    for (size_t a = 0; a < groups.size(); ++a) {
      if (folded[a]) continue;
      const Occurrence& p = found[groups[a].first];
      std::vector<Related> others;
      size_t more = 0;
      for (size_t b = a + 1; b < groups.size() && p.service != nullptr && !p.in_url; ++b) {
        const Occurrence& q = found[groups[b].first];
        if (folded[b] || q.service != p.service || q.in_url || q.where != p.where ||
            q.location.file != p.location.file || std::string_view(groups[b].why) != groups[a].why ||
            groups[b].last - groups[b].first != 1 || groups[a].last - groups[a].first != 1) {
          continue;
        }
        folded[b] = true;
        if (others.size() < kMaxFoldedNotes) {
          others.push_back(Related{
              .message = "another secret of service '" + p.service->name + "' written inline here (" + q.name + ")",
              .location = q.location});
        } else {
          ++more;
        }
      }
      if (more > 0) {
        others.push_back(Related{
            .message = "and " + more_of(more, "secret") + " more of service '" + p.service->name + "' written inline",
            .location = p.location});
      }
      report_one(found.begin() + static_cast<std::ptrdiff_t>(groups[a].first),
                 found.begin() + static_cast<std::ptrdiff_t>(groups[a].last), groups[a].why, std::move(others), out);
    }
  }

  static bool password_hash(std::string_view v) {
    // bcrypt: $2a$ / $2b$ / $2y$, two cost digits, 53 characters of salt and hash.
    if (v.size() == 60 && v[0] == '$' && v[1] == '2' && v[3] == '$' && v[6] == '$' &&
        (v[2] == 'a' || v[2] == 'b' || v[2] == 'y')) {
      return true;
    }
    for (const std::string_view prefix : {"$apr1$", "$argon2i$", "$argon2d$", "$argon2id$", "$5$", "$6$", "$y$"}) {
      if (v.starts_with(prefix) && v.size() > prefix.size() + 20) return true;
    }
    return false;
  }

  static constexpr size_t kMaxFoldedNotes = 3;

  // The password of a postgres or redis that no port publishes beyond the host's loopback (nor a
  // pgbouncer's in front of a postgres): only containers of the stack reach that server, and the
  // value guards nothing an outsider can reach (rw4: peering-manager, Weblate, wger). Every copy of
  // the value (a client's DSN) goes with it.
  static bool guards_internal_server(const Stack& stack, std::vector<Occurrence>::const_iterator first,
                                     std::vector<Occurrence>::const_iterator last) {
    return std::any_of(first, last, [&](const Occurrence& o) {
      if (o.service == nullptr) return false;
      if (!o.in_url) {
        return internal_database_password(stack, *o.service, o.name) || beside_internal_host(stack, o);
      }
      // A client's URL to such a server, whatever the server's own setting: one that trusts its
      // network (POSTGRES_HOST_AUTH_METHOD=trust, rw58 Unleash) ignores the password, and still only
      // the stack's containers reach it.
      return std::any_of(o.service->connections().begin(), o.service->connections().end(),
                         [&](const ClientConnection& c) {
                           if (c.variable != o.name || c.service.empty() || c.location != o.location) return false;
                           const Service* server = stack.find_service(c.service);
                           return server != nullptr && internal_server(stack, *server);
                         });
    });
  }

  // A client's password beside the host variable of the same connection (`PGPASSWORD=sg` beside
  // `PGHOST=pgsql`, `CODEINTEL_PGPASSWORD` beside `CODEINTEL_PGHOST`, `DB_PASS` beside `DB_HOST`) for a
  // database server only the stack's containers reach (rw112 sourcegraph's migrator): the server's
  // password, judged there.
  static bool beside_internal_host(const Stack& stack, const Occurrence& o) {
    if (!is_password_name(o.name)) return false;
    std::string stem = o.name;
    for (const std::string_view suffix : {"PASSWORD", "PASSWD", "PASS", "PWD"}) {
      if (stem.ends_with(suffix)) {
        stem.erase(stem.size() - suffix.size());
        break;
      }
    }
    if (stem == o.name) return false;
    return std::any_of(
        o.service->connections().begin(), o.service->connections().end(), [&](const ClientConnection& c) {
          if (c.service.empty() || !c.variable.starts_with(stem) || !c.variable.ends_with("HOST")) {
            return false;
          }
          const Service* server = stack.find_service(c.service);
          return server != nullptr &&
                 (internal_server(stack, *server) || internal_database_password(stack, *server, "PASSWORD"));
        });
  }

  static void report_one(std::vector<Occurrence>::const_iterator first, std::vector<Occurrence>::const_iterator last,
                         const char* demoted_because, std::vector<Related> others, Reporter& out) {
    const Occurrence& primary = *first;
    std::vector<Related> related;
    size_t more = 0;
    size_t receivers = 0;
    size_t more_receivers = 0;
    // An env_file line several services receive is no one service's: the message names none, and
    // each receiver, the first too, has its note.
    const bool shared = primary.service != nullptr && std::any_of(std::next(first), last, [&](const Occurrence& o) {
                          return o.location == primary.location && o.service != nullptr;
                        });
    if (shared) {
      ++receivers;
      related.push_back(Related{.message = "service '" + primary.service->name + "' receives it",
                                .location = primary.service->location});
    }
    for (auto it = std::next(first); it != last; ++it) {
      const std::string svc_name = it->service != nullptr ? it->service->name : "";
      if (it->location == primary.location) {
        if (++receivers > kMaxNotes) {
          ++more_receivers;
          continue;
        }
        related.push_back(Related{.message = "service '" + svc_name + "' receives it" + (shared ? "" : " too"),
                                  .location = it->service != nullptr ? it->service->location : it->location});
        continue;
      }
      // Several services reading one env_file line: one note naming them all.
      auto same =
          std::find_if(related.begin(), related.end(), [&](const Related& r) { return r.location == it->location; });
      if (same != related.end() && !svc_name.empty()) {
        same->message.insert(same->message.rfind(')'), ", service '" + svc_name + "'");
        continue;
      }
      if (related.size() >= kMaxNotes) {
        ++more;
        continue;
      }
      const std::string who = it->service != nullptr ? " of service '" + svc_name + "'" : "";
      related.push_back(Related{
          .message = "the same secret is written here too (" + it->name + who + (it->in_url ? ", in a URL)" : ")"),
          .location = it->location});
    }
    if (more_receivers > 0) {
      related.push_back(
          Related{.message = "and " + more_of(more_receivers, "service receives", "services receive") + " it",
                  .location = primary.location});
    }
    if (more > 0) {
      related.push_back(
          Related{.message = "and " + more_of(more, "place") + " with the same secret", .location = primary.location});
    }
    related.insert(related.end(), std::make_move_iterator(others.begin()), std::make_move_iterator(others.end()));
    if (*demoted_because != '\0') {
      out.report_demoted(Severity::note, message(primary, shared) + demoted_because, primary.location,
                         std::move(related));
      return;
    }
    out.report(message(primary, shared), primary.location, std::move(related));
  }

  static std::string message(const Occurrence& o, bool shared) {
    const std::string of = o.service != nullptr && !shared ? " of service '" + o.service->name + "'" : "";
    if (o.where == Where::monitoring_config) {
      // The key is not named: the excerpt shows it, and a masked value may be part of it.
      return std::string(o.in_url ? "a URL with an inline password" : "a secret") + " is written inline in " +
             std::string(o.location.file) +
             ", a file of the repository; read it from a file kept out of the repository (`password_file`, "
             "`credentials_file`, `api_url_file`...)";
    }
    if (o.in_url) return o.name + of + " contains a URL with an inline password; interpolate it";
    switch (o.where) {
      case Where::config_file:
        return o.name +
               " is written inline in the config; keep the password out of the repository (e.g. `redis-server "
               "--requirepass \"$REDIS_PASSWORD\"` or an included untracked file)";
      case Where::pgbouncer_ini:
        return "the password of a [databases] entry of service '" + (o.service != nullptr ? o.service->name : "") +
               "' is written inline in " + std::string(o.location.file) +
               ", a file of the repository; keep it out of the repository (pgbouncer looks it up in auth_file, or "
               "%include an untracked file)";
      case Where::command_line:
        return o.name + of + " is written inline on the command line; take it from the environment (\"$" +
               "REDIS_PASSWORD\" with `$$` in compose) or a Docker secret";
      case Where::env_file:
        return o.name + of + " is written inline in " + o.location.file +
               ", a file of the repository; keep it in an untracked env file or a Docker secret";
      case Where::fallback:
        return o.name + of +
               " falls back to a key written in the compose file: every install that does not set it shares "
               "that key; require it instead (${" +
               o.name + ":?set " + o.name + "})";
      case Where::compose:
      case Where::monitoring_config:  // above
        break;
    }
    return o.name + of + " is written inline; take it from the environment (${" + o.name + "}) or a Docker secret";
  }

  static constexpr size_t kMaxNotes = 3;
};

}  // namespace

const Rule& security_plaintext_secret() {
  static const SecurityPlaintextSecret r;
  return r;
}

}  // namespace stacklint::rules
