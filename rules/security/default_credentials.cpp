// security/default-credentials: well-known default passwords in the environment or a config.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>

#include "linter/engine/rule.h"
#include "linter/formats/compose/syntax.h"
#include "linter/model/connection.h"
#include "linter/model/redis_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/source/text.h"
#include "rules/notes.h"
#include "rules/security/secrets.h"
#include "rules/setting_comments.h"

namespace stacklint::rules {

namespace {

class SecurityDefaultCredentials final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "security/default-credentials",
        .severity = Severity::error,
        .summary = "A well-known default password (`GF_SECURITY_ADMIN_PASSWORD=admin`, `requirepass foobared`).",
        .rationale =
            "Default passwords are the first thing a scanner tries. A Grafana published on a port with "
            "admin/admin, or a Redis protected by the `foobared` of the sample redis.conf, is open to anyone "
            "who can reach it. Take the password from the environment or a Docker secret and generate it.\n\n"
            "A value that asks to be replaced (`change-me`, `replace-me`, `changePassword`, or words that say "
            "what belongs there: `long-and-random-alphanumeric-string`, `ChooseYourOwnPasswordHere1234`) counts "
            "too: left in place, it is the password; not where the README beside the stack (or of the directory "
            "given) tells the reader to change or generate the passwords, keys or tokens (\"change the default "
            "passwords in the `.env` file\"): there it is the template's blank; not for the password the stack "
            "presents to a mail server "
            "(`GF_SMTP_PASSWORD=your-password`) or an OAuth client's secret for an identity provider "
            "(`GOOGLE_CLIENT_SECRET=XXXXXXX`) or the key of an API whose endpoint variable names a host outside the "
            "stack (`SPACE_TIME_API_KEY` beside `SPACE_TIME_ENDPOINT`) or an exporter's key for the server it "
            "observes (`ST_API_KEY` beside `ST_ADDR=http://syncthing:8384`) or a cloud provider's credential "
            "(`AWS_SECRET_ACCESS_KEY=your_secret_key`, `AZURE_*`, `GOOGLE_*`, `GCP_*`) or a known provider's key "
            "(`STRIPE_SECRET_KEY=sk_test_placeholder`, `OPENAI_API_KEY`) or one half of a vendor's key "
            "pair (`ECOFLOW_SECRET_KEY` beside `ECOFLOW_ACCESS_KEY`, when no service of the stack is named `ecoflow`), "
            "where it only makes that integration fail. The password of a mail server outside the stack is not judged "
            "whatever its value: the "
            "service's mail host variable (`EMAIL_HOST`, `SMTP_HOST`, `MAIL_SERVER`) names a host that is no "
            "service of the stack (`EMAIL_HOST_PASSWORD=password` for `smtp.example.com`); nor is the password of "
            "a server at a host reserved for documentation (`UPS_PASSWORD=password` beside "
            "`UPS_BASE_URL=https://ups.example.com`), a device the reader names when filling the file in; nor a "
            "variable the image no longer reads (n8n 1.0 removed basic auth: `N8N_BASIC_AUTH_PASSWORD` of an "
            "`n8nio/n8n` image not tagged 0.x), nor a login the program never asks for (pgAdmin's "
            "`PGADMIN_DEFAULT_PASSWORD` beside `PGADMIN_CONFIG_SERVER_MODE: \"False\"`: desktop mode has no "
            "login page). One default "
            "value is one "
            "finding, with a note for each other variable "
            "and service that has it.\n\n"
            "A Docker secret's path given to the variable that takes the password itself "
            "(`GF_SECURITY_ADMIN_PASSWORD=/run/secrets/grafana_admin`, `POSTGRES_PASSWORD=/run/secrets/db`) makes "
            "the path the password: the file form is `GF_SECURITY_ADMIN_PASSWORD__FILE` or "
            "`POSTGRES_PASSWORD_FILE`.\n\n"
            "The password of a PostgreSQL or Redis service that no port publishes beyond the host's loopback (nor "
            "a pgbouncer's in front of it), or of a database image named for mysql, mariadb, mongo or postgres "
            "that publishes no port, is not reported, nor its copies in clients' URLs: only containers of "
            "the stack reach that server (as in `security/plaintext-secret`). An exporter's copy "
            "(`REDIS_PASSWORD` of redis_exporter) is the server's password, no login of its own: the server's "
            "configuration is judged, not the client's copy.\n\n"
            "A test, example or development stack uses the image's example password on purpose: stacks their "
            "authors mark so (`tests/`, `docker-compose.dev.yml`, `NODE_ENV: development`: `purpose` in "
            "`stacklint model`) are not judged unless `[stack] deployed = true`; a redis.conf's `requirepass "
            "foobared` no service runs still is (a blank to fill in there, `requirepass YOUR_PASSWORD`, is a note: "
            "the template of a native install). A value whose comment asks to replace it (`# Generate with: "
            "openssl rand -hex 32` above `SECRET_KEY=change-me`, `SECRET_KEY: secret # Change this in production`), "
            "or a placeholder that is itself the instruction (`JWT_SECRET: "
            "'random string - just type random characters here!'`), or a value the README beside the stack gives "
            "on a line about logging in (\"login with user admin password admin\", \"- password: foobar\"), is a "
            "note: the finding would repeat the authors' own words; and that README login is not reported at all "
            "where nothing states that the stack is deployed (a quick start's login)."
            " A default a `${VAR:-admin}` fallback gives, where the project's env template (the `.env.example` the "
            "setup copies) sets VAR to another value, is a note: the documented setup runs with the template's "
            "value, and the fallback only where that step was skipped (not reported where nothing states that the "
            "stack is deployed); the same weak value in the template stays an "
            "error. So is the fallback of a project whose `.env` is private (git-ignored and absent from the "
            "repository, with no template of it): the deployment's own `.env` sets the variable."
            " Where nothing says the stack is deployed, nothing is reported: on public repositories such findings "
            "were mostly a developer's or a demo's stack, noise three times in four (see \"A stack's purpose\" in "
            "docs/configuration.md for what says it, and `[stack] deployed = true`).",
        .bad_example = {{.path = ".stacklint.toml", .content = "[stack]\ndeployed = true\n"},
                        {.path = "compose.yaml", .content = R"(services:
  grafana:
    image: grafana/grafana:10.4.2
    environment:
      GF_SECURITY_ADMIN_PASSWORD: admin
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  grafana:
    image: grafana/grafana:10.4.2
    environment:
      GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?set it}
)"}},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    // One finding per default value (the same placeholder in several variables, one env_file line
    // or `${VAR}` reaching several services is one default to change): notes name the others.
    std::map<std::string, std::vector<Use>> by_value;
    std::vector<std::string> order;
    // A developer's stack uses example passwords on purpose (linter/stack/purpose.h).
    const std::vector<Service> none;
    for (const Service& svc : stack.purpose.deployed ? stack.services : none) {
      // A service whose profiles are all inactive does not start (rw230 fresh-staged: a pgAdmin
      // behind a profile no documented command enables), as the other rules read it.
      if (!svc.enabled) continue;
      for (const auto& [name, value] : svc.environment) {
        if (!value.location.valid()) continue;
        // A template's value is an example, unless the compose file falls back to the same value.
        if (uses_template_variable(stack, value.location) && !falls_back_to(stack, value.location, value.value)) {
          continue;
        }
        // NAME__FILE set too: the image reads the password from the file (Grafana's run.sh refuses both).
        if (svc.environment.count(name + "__FILE") > 0) continue;
        if (const char* file_form = secret_path_as_value(svc, name, value.value)) {
          out.report(name + " of service '" + svc.name + "' is the path " + value.value + ", which " +
                         (svc.role == Role::grafana ? "Grafana" : "the image") +
                         " takes as the password itself: anyone who has read the repository knows it; give the "
                         "path to " +
                         name + file_form,
                     value.location);
          continue;
        }
        const std::optional<std::string> known = default_credential(name, value.value);
        // A placeholder the README tells the reader to replace is the template's blank (rw45 n8n-hosting).
        // A provider's key left a placeholder (`STRIPE_SECRET_KEY=sk_test_placeholder`, rw180 decrown)
        // opens nothing: the provider refuses it, and only that integration fails.
        if (!known ||
            (is_placeholder_answer(*known) &&
             (outbound_credential(name) || cloud_credential(name) || vendor_key_pair(stack, svc, name) ||
              external_api_key(svc, name) || provider_key(stack, name, value.value) ||
              stack.purpose.fill_in.valid())) ||
            outside_mail_server(stack, svc, name) || documentation_server_login(svc, name) ||
            retired_variable(svc, name) || login_never_asked(svc, name)) {
          continue;
        }
        // An exporter's REDIS_PASSWORD is the password of the server it observes, no login of its own
        // (rw30 JA4proxy): the server's configuration is judged, not the client's copy.
        const bool exporter = svc.role == Role::redis_exporter || svc.role == Role::postgres_exporter;
        if ((exporter || !svc.observes().empty()) && is_server_password_name(name)) continue;
        auto& uses = by_value[value.value];
        if (uses.empty()) order.push_back(value.value);
        // A value `${VAR}` brings from the committed `.env` is written on that line: reported there
        // (`check --changed .env` sees it), with the compose line that passes it on as a note.
        const Location origin = interpolated_from(stack, value.location);
        // A value its own comment asks to replace (rw99 paperless-ngx's `# Required ... Generate with:
        // ...` above `PAPERLESS_SECRET_KEY=change-me`; rw107 Flagsmith's `DJANGO_SECRET_KEY: secret #
        // Change this in production`), or a placeholder that is itself the instruction (rw99 postiz's
        // `JWT_SECRET: 'random string ... just type random characters here!'`): a note.
        const bool marked = marked_for_replacement(stack, value.location) ||
                            (origin.valid() && marked_for_replacement(stack, origin)) ||
                            (is_placeholder_answer(*known) && value_asks_to_replace(value.value));
        // A login the README beside the stack gives (dockprom's "login with user admin password admin",
        // rw107; rw112 sw_sre_challenge's "- password: admin"): the reader is told it. A note.
        const auto documented = documented_login(stack, name, value, origin);
        uses.push_back(
            Use{.service = &svc,
                .name = name,
                .location = origin.valid() ? origin : value.location,
                .via = origin.valid() ? value.location : Location{},
                .marked = marked,
                .documented = documented,
                .templated = origin.valid() ? Location{} : templated_otherwise(stack, value.location, value.value),
                .private_fallback = !origin.valid() && stack.compose && stack.compose->private_environment &&
                                    !fallback_variable(stack, value.location, value.value).empty()});
      }
      if (svc.redis && !internal_server(stack, svc)) check_redis(stack, *svc.redis, out, &svc, &by_value);
    }
    for (const std::string& value : order) {
      if (!guards_internal_server(stack, by_value[value])) report(stack, value, by_value[value], out);
    }
    for (const auto& r : stack.standalone_redis) {
      if (r) check_redis(stack, *r, out, nullptr, nullptr);
    }
  }

 private:
  struct Use {
    const Service* service;
    std::string name;
    Location location;
    Location via;         // the compose value that interpolates it, when `location` is an env file's line
    bool marked = false;  // a value the file asks to replace
    Location documented;  // the README line that gives it as a login; invalid when none
    Location templated;   // the env template's line that sets the fallback's variable otherwise
    // A `${NAME:-value}` fallback of a project whose `.env` is private (git-ignored, kept where the
    // stack runs): the variable is set there, the fallback runs only where it is left out (rw225
    // trader-depoly's `${GRAFANA_ADMIN_PASSWORD:-admin}`).
    bool private_fallback = false;
  };

  // The README line that gives the value as the login of this variable: a line that sets another
  // variable (`PORTAINER_PASSWORD=changeme` beside `POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-changeme}`,
  // rw239 lago) gives that variable's, unless the compose value reads it (`${ADMIN_PASSWORD:-admin}`
  // under dockprom's `ADMIN_PASSWORD=admin`). Invalid when none.
  static Location documented_login(const Stack& stack, const std::string& name, const Located<std::string>& value,
                                   const Location& origin) {
    const auto it = stack.purpose.readme_logins.find(value.value);
    if (it == stack.purpose.readme_logins.end()) return {};
    const std::string& variable = it->second.variable;
    if (variable.empty() || variable == name) return it->second.location;
    for (const Location& at : {value.location, origin}) {
      const StackFile* f = at.valid() ? stack.find_file(at.file) : nullptr;
      if (f == nullptr || !f->source) continue;
      const std::string_view line = f->source->line_text(at.line);
      if (line.find("${" + variable) != std::string_view::npos || line.find("$" + variable) != std::string_view::npos)
        return it->second.location;
    }
    return {};
  }

  // The line of the project's env template that sets the variable whose `${NAME:-value}` default is
  // the value at `at`, to another value (rw152 servers_poker, rw154 fizz-oodle, rw156 dealhunter:
  // `${GRAFANA_ADMIN_PASSWORD:-admin}` beside `.env.example`'s `GRAFANA_ADMIN_PASSWORD=change-me`):
  // the documented setup gives it that value, and the default runs only where the step was skipped.
  // Invalid when none (no template sets it, or sets the same weak value).
  static Location templated_otherwise(const Stack& stack, const Location& at, const std::string& value) {
    if (!stack.compose) return {};
    const std::string name = fallback_variable(stack, at, value);
    if (name.empty()) return {};
    const auto it = stack.compose->template_values.find(name);
    if (it == stack.compose->template_values.end() || it->second.value == value) return {};
    return it->second.location;
  }

  static constexpr size_t kMaxNotes = 3;

  static bool is_placeholder_answer(const std::string& what) { return what == "a placeholder left in place"; }

  // A credential the stack presents to a service elsewhere: a mail server's password
  // (GF_SMTP_PASSWORD, EMAIL_HOST_PASSWORD, MAIL_PASSWORD), an OAuth client's secret for an identity
  // provider (GOOGLE_CLIENT_SECRET). A placeholder left there makes that integration fail and lets
  // no one in (rw8: a Grafana env file's `GF_SMTP_PASSWORD=your-password`; rw23 ever-gauzy:
  // `XXXXXXX` for 22 providers' client secrets).
  static bool outbound_credential(const std::string& name) {
    std::string u;
    for (const char c : name) u.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return u.find("SMTP") != std::string::npos || u.find("MAIL") != std::string::npos ||
           u.find("CLIENT_SECRET") != std::string::npos;
  }

  // A known provider's key (`STRIPE_SECRET_KEY`, `OPENAI_API_KEY`, a value shaped `sk_test_...`), when
  // the stack runs no service of that name or image: GitLab's own GITLAB_SECRETS_DB_KEY_BASE on a
  // gitlab service is the stack's own secret.
  static bool provider_key(const Stack& stack, const std::string& name, const std::string& value) {
    if (!third_party_credential(name, value)) return false;
    const std::vector<std::string> words = lower_words(name, "_-.");
    return std::none_of(stack.services.begin(), stack.services.end(), [&](const Service& other) {
      const std::string image =
          other.image ? ascii_lower(path::basename(compose::analyze_image(other.image->value).repository)) : "";
      const std::string own = ascii_lower(other.name);
      return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
        static constexpr std::array<std::string_view, 10> kGeneric = {
            "secret", "secrets", "key", "api", "token", "access", "private", "auth", "client", "password"};
        return w.size() >= 3 && std::find(kGeneric.begin(), kGeneric.end(), w) == kGeneric.end() &&
               (image.find(w) != std::string::npos || own.find(w) != std::string::npos);
      });
    });
  }

  // A cloud provider's credential (`AWS_SECRET_ACCESS_KEY=your_secret_key`, rw58 risingwave's
  // aws.env): the provider issues it, so a placeholder opens nothing; it only makes the
  // integration fail until it is filled in.
  static bool cloud_credential(std::string_view name) {
    return name.starts_with("AWS_") || name.starts_with("AZURE_") || name.starts_with("GOOGLE_") ||
           name.starts_with("GCP_");
  }

  // One half of a vendor's key pair (`ECOFLOW_SECRET_KEY=YOUR_ECOFLOW_SECRET_KEY` beside
  // ECOFLOW_ACCESS_KEY, rw81 go-ecoflow-exporter): the vendor issues both, as a cloud provider does,
  // so a placeholder opens nothing. Not when a service of the stack is named for the prefix (MinIO's
  // MINIO_ACCESS_KEY/MINIO_SECRET_KEY are the root login of the stack's own minio; an exporter's image
  // named for the vendor, go-ecoflow-exporter, is its client).
  static bool vendor_key_pair(const Stack& stack, const Service& svc, const std::string& name) {
    if (!name.ends_with("_SECRET_KEY")) return false;
    const std::string prefix = name.substr(0, name.size() - std::string_view("SECRET_KEY").size());
    if (prefix.size() < 2) return false;
    if (svc.environment.count(prefix + "ACCESS_KEY") == 0 && svc.environment.count(prefix + "ACCESS_KEY_ID") == 0) {
      return false;
    }
    const std::string vendor = ascii_lower(prefix.substr(0, prefix.size() - 1));
    return std::none_of(stack.services.begin(), stack.services.end(), [&](const Service& other) {
      const std::string image =
          other.image ? ascii_lower(path::basename(compose::analyze_image(other.image->value).repository)) : "";
      return ascii_lower(other.name) == vendor || image == vendor;
    });
  }

  // The password of a mail server outside the stack, whatever its value: the service's mail host
  // variable (EMAIL_HOST, SMTP_HOST, MAIL_SERVER) names a host that is no service of the stack (rw42
  // taiga: Django's `EMAIL_HOST_PASSWORD=password` for `smtp.host.example.com`). The stack presents
  // it there; it guards nothing the stack runs. A mail server of the stack (`SMTP_HOST: mailserver`)
  // keeps its password judged.
  static bool outside_mail_server(const Stack& stack, const Service& svc, const std::string& name) {
    if (!outbound_credential(name) || name.find("CLIENT_SECRET") != std::string::npos) return false;
    return std::any_of(svc.environment.begin(), svc.environment.end(), [&](const auto& entry) {
      const std::string& variable = entry.first;
      if (!outbound_credential(variable) || (!variable.ends_with("HOST") && !variable.ends_with("SERVER"))) {
        return false;
      }
      std::string host = entry.second.value.substr(0, entry.second.value.find(':'));
      return host.find('.') != std::string::npos && stack.find_service(host) == nullptr &&
             std::none_of(stack.services.begin(), stack.services.end(), [&](const Service& other) {
               return other.container_name() && other.container_name()->value == host;
             });
    });
  }

  // A variable that holds the app's own address, where its users reach it: NextAuth's NEXTAUTH_URL
  // (its secret signs the app's own sessions, rw44 Community-Guardian), PUBLIC_URL, SITE_URL.
  static bool own_url(std::string_view variable) {
    if (variable == "NEXTAUTH_URL" || variable == "AUTH_URL") return true;
    for (const std::string_view own :
         {"PUBLIC_URL", "EXTERNAL_URL", "SITE_URL", "APP_URL", "BASE_URL", "CALLBACK_URL"}) {
      if (variable.ends_with(own)) return true;
    }
    return false;
  }

  // The key of an API outside the stack: the service's endpoint variable of the same prefix names a
  // host that is no service of it (SPACE_TIME_API_KEY beside SPACE_TIME_ENDPOINT; rw34 roymichaels:
  // `replace_me` there opens nothing, the calls fail). A key beside MINIO_ENDPOINT=minio:9000 is the
  // stack's own server's, and stays reported.
  // The password a service logs in with to a server at a documentation host (`*_DEVICE_PASSWORD`
  // beside `*_DEVICE_BASE_URL=https://ups.example.com`, rw69 winpower-g2-exporter): the login of a
  // device the reader fills in with the address, not an account of the stack.
  static bool documentation_server_login(const Service& svc, const std::string& name) {
    for (const std::string_view suffix : {"_PASSWORD", "_PASS"}) {
      if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
      const std::string prefix = name.substr(0, name.size() - suffix.size()) + "_";
      // The variables beside it, read as written: a URL named BASE_URL is no connection of the
      // model when the image's name is in the variable's (an address of its own, connections.cpp).
      return std::any_of(svc.environment.begin(), svc.environment.end(), [&](const auto& entry) {
        return entry.first.starts_with(prefix) && url_to_documentation_host(entry.second.value);
      });
    }
    return false;
  }

  // pgAdmin in desktop mode (`PGADMIN_CONFIG_SERVER_MODE: "False"`, a Python literal pgAdmin writes
  // into its config_distro.py) has no login page: PGADMIN_DEFAULT_PASSWORD is never asked for, so a
  // default there opens nothing more than the open pgAdmin itself (rw248 OrionTrader).
  static bool login_never_asked(const Service& svc, const std::string& name) {
    if (name != "PGADMIN_DEFAULT_PASSWORD") return false;
    const auto it = svc.environment.find("PGADMIN_CONFIG_SERVER_MODE");
    return it != svc.environment.end() && trim_blanks(it->second.value) == "False";
  }

  // A login variable the image no longer reads: n8n 1.0 removed basic auth, and its
  // N8N_BASIC_AUTH_PASSWORD opens nothing on a 1.x or untagged image (rw89 ChatAppOrchestra).
  static bool retired_variable(const Service& svc, const std::string& name) {
    if (!svc.image || !name.starts_with("N8N_BASIC_AUTH_")) return false;
    const compose::ImageInfo image = compose::analyze_image(svc.image->value);
    return image.repository == "n8nio/n8n" && !image.empty_tag && !image.tag.starts_with("0.");
  }

  // The key a service presents to an API it connects to, named for the same prefix as its address
  // (`PAPERLESS_API_KEY` beside `PAPERLESS_URL=https://docs.example.org`): the API's owner issues it,
  // so a placeholder opens nothing. An exporter's key for a server of the stack too
  // (`ST_API_KEY=your_api_key_here` beside `ST_ADDR=http://syncthing:8384` on syncthing's exporter,
  // rw94 ZeiZel): an exporter only reads the server it observes, which checks its own key.
  static bool external_api_key(const Service& svc, const std::string& name) {
    const bool exporter =
        svc.image && compose::analyze_image(svc.image->value).repository.find("exporter") != std::string::npos;
    for (const std::string_view suffix : {"_API_KEY", "_APIKEY", "_ACCESS_TOKEN", "_TOKEN", "_KEY", "_SECRET"}) {
      if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
      const std::string prefix = name.substr(0, name.size() - suffix.size()) + "_";
      return std::any_of(svc.connections().begin(), svc.connections().end(), [&](const ClientConnection& c) {
        const bool elsewhere = c.service.empty() && c.resolved_by.empty() && !c.host.empty();
        const bool observed = exporter && !c.service.empty() && c.service != svc.name;
        return c.variable.starts_with(prefix) && (elsewhere || observed) && !own_url(c.variable);
      });
    }
    return false;
  }

  // The password of a postgres or redis that no port publishes beyond the host's loopback: only
  // containers of the stack reach that server (security/plaintext-secret's exemption too; rw8: a
  // self-hosting stack whose internal database keeps the image's example password). Every copy of
  // the value (a client's URL) goes with it.
  // A project's own PostgreSQL or Redis image stacklint does not know (sourcegraph/postgresql-16-
  // codeinsights, role app) with that server's password variable and no port published beyond
  // loopback is as internal as a known one: its clients speak the database's protocol, which no web
  // proxy of the stack forwards.
  static bool guards_internal_server(const Stack& stack, const std::vector<Use>& uses) {
    return std::any_of(uses.begin(), uses.end(), [&](const Use& u) {
      const bool database_variable = u.name == "POSTGRES_PASSWORD" || u.name == "REDIS_PASSWORD";
      if (u.service->role == Role::app && database_variable) return !published_beyond_loopback(*u.service);
      return internal_database_password(stack, *u.service, u.name);
    });
  }

  // A Docker secret's path given to a server's password variable that takes the password itself
  // (the file form is NAME__FILE for Grafana, NAME_FILE for the PostgreSQL image): the password is
  // the path. The suffix of the file form, or null.
  static const char* secret_path_as_value(const Service& svc, const std::string& name, const std::string& value) {
    if (!value.starts_with("/run/secrets/")) return nullptr;
    if (svc.role == Role::grafana && name == "GF_SECURITY_ADMIN_PASSWORD") return "__FILE";
    if (svc.role == Role::postgres && name == "POSTGRES_PASSWORD" &&
        svc.environment.count("POSTGRES_PASSWORD_FILE") == 0) {
      return "_FILE";
    }
    return nullptr;
  }

  // The finding for one default value, at a server's own password variable when one holds it.
  static void report(const Stack& stack, const std::string& value, std::vector<Use>& uses, Reporter& out) {
    std::stable_partition(uses.begin(), uses.end(), [](const Use& u) { return is_server_password_name(u.name); });
    const Use& primary = uses.front();
    std::vector<Related> related;
    const auto passed_on = [](const Use& u) {
      return Related{.message = u.name + " of service '" + u.service->name + "' takes it from there",
                     .location = u.via};
    };
    if (primary.via.valid()) related.push_back(passed_on(primary));
    size_t more = 0;
    for (size_t i = 1; i < uses.size(); ++i) {
      const Use& u = uses[i];
      if (u.via.valid() && u.location == primary.location) {
        if (related.size() < kMaxNotes) {
          related.push_back(passed_on(u));
        } else {
          ++more;
        }
        continue;
      }
      // One env_file line read by several services: one note naming them all.
      auto same = std::find_if(related.begin(), related.end(), [&](const Related& r) {
        return r.location == u.location && u.location != primary.location;
      });
      if (same != related.end()) {
        same->message.insert(same->message.rfind(')'), ", service '" + u.service->name + "'");
      } else if (related.size() >= kMaxNotes) {
        ++more;
      } else if (u.location == primary.location) {
        related.push_back(
            Related{.message = "service '" + u.service->name + "' receives it too", .location = u.service->location});
      } else {
        related.push_back(
            Related{.message = "the same value is set here too (" + u.name + " of service '" + u.service->name + "')",
                    .location = u.location});
      }
    }
    if (more > 0) {
      related.push_back(
          Related{.message = "and " + more_of(more, "place") + " with the same value", .location = primary.location});
    }
    const std::string head = primary.name + " of service '" + primary.service->name + "' is ";
    // Every use a value its file asks to replace, or the README gives as the login: the authors' own
    // words, a note.
    const bool marked = std::all_of(uses.begin(), uses.end(), [](const Use& u) { return u.marked; });
    const bool documented = std::all_of(uses.begin(), uses.end(), [](const Use& u) { return u.documented.valid(); });
    const bool templated = std::all_of(uses.begin(), uses.end(), [](const Use& u) { return u.templated.valid(); });
    const bool private_fallback =
        std::all_of(uses.begin(), uses.end(), [](const Use& u) { return u.private_fallback; });
    const auto emit = [&](std::string message) {
      if (!reports_deployment_exposure(stack)) return;
      if (marked) {
        // The README's instruction to edit the file, when that is what marks it.
        const auto readme = stack.purpose.readme_edits.find(primary.location.file);
        const bool by_readme = readme != stack.purpose.readme_edits.end() &&
                               std::ranges::none_of(setting_comments(stack, primary.location), comment_asks_to_replace);
        if (by_readme) {
          related.insert(related.begin(), Related{.message = "the README tells the reader to edit this file",
                                                  .location = readme->second});
        }
        out.report_demoted(
            Severity::note,
            message + (by_readme ? " (the README asks to edit its file)" : " (the file asks to replace it)"),
            primary.location, std::move(related));
      } else if (templated) {
        related.insert(related.begin(), Related{.message = "the env template sets the variable to another value",
                                                .location = primary.templated});
        out.report_demoted(Severity::note,
                           message +
                               " (a fallback: the env template the setup copies gives the variable another "
                               "value)",
                           primary.location, std::move(related));
      } else if (private_fallback) {
        out.report_demoted(Severity::note,
                           message +
                               " (a fallback: the project's .env, which git ignores, sets the variable where the "
                               "stack runs)",
                           primary.location, std::move(related));
      } else if (documented) {
        related.insert(related.begin(),
                       Related{.message = "the README gives it as the login", .location = primary.documented});
        out.report_demoted(Severity::note, message + " (the README gives it as the login)", primary.location,
                           std::move(related));
      } else {
        out.report(std::move(message), primary.location, std::move(related));
      }
    };
    if (!is_password_name(primary.name)) {
      // A key or token: a placeholder that says what belongs there (`long-and-random-...`) is no
      // well-known value, but the repository shows it all the same.
      const bool placeholder = is_placeholder_value(value);
      emit(head + (placeholder ? "a placeholder left in place" : "a well-known default value") +
           "; anyone who has read the repository knows it");
      return;
    }
    // A common password under any name may be a client's credential for another server: only a
    // server's own password variable says who can log in.
    const std::string tail = is_server_password_name(primary.name)
                                 ? "; anyone who can reach the service can log in"
                                 : "; anyone who has read the repository or tries common passwords knows it";
    emit(head + *default_credential(primary.name, value) + tail);
  }

  // requirepass of a redis no port publishes beyond the host's loopback is not judged (only the
  // stack's containers reach it; the caller checks). `by_value`: the defaults found in environments:
  // the same value in this service's own variable (`REDIS_PASSWORD` passed to `--requirepass`) is
  // that finding already.
  static void check_redis(const Stack& stack, const RedisConfig& cfg, Reporter& out, const Service* svc,
                          const std::map<std::string, std::vector<Use>>* by_value) {
    const Setting* pass = cfg.find("requirepass");
    // `--requirepass ${REDIS_PASSWORD}` with the value of the repository's `.env.example`: an example.
    if (pass == nullptr || uses_template_variable(stack, pass->current.location)) return;
    const auto* value = std::get_if<std::string>(&pass->current.value);
    if (value == nullptr) return;
    if (by_value != nullptr) {
      const auto it = by_value->find(*value);
      if (it != by_value->end() &&
          std::any_of(it->second.begin(), it->second.end(), [&](const Use& u) { return u.service == svc; })) {
        return;
      }
    }
    if (const auto what = default_credential("requirepass", *value)) {
      // A redis.conf no service of the stack runs, with a blank to fill in (`requirepass
      // YOUR_STRONG_REDIS_PASSWORD`): a template for a native install (rw17 matrix-delivery), to fix
      // where it is installed. A note: the blank is the template's purpose (rw254 judged the same
      // file's warning noise).
      if (svc == nullptr && is_placeholder_answer(*what)) {
        out.report_demoted(Severity::note,
                           "requirepass is " + *what +
                               " in a redis.conf no service of the stack runs; replace it "
                               "where the file is installed, or anyone who can reach that Redis can authenticate",
                           pass->current.location);
        return;
      }
      if (reports_deployment_exposure(stack)) {
        out.report("requirepass is " + *what + "; anyone who can reach Redis can authenticate", pass->current.location);
      }
    }
  }
};

}  // namespace

const Rule& security_default_credentials() {
  static const SecurityDefaultCredentials r;
  return r;
}

}  // namespace stacklint::rules
