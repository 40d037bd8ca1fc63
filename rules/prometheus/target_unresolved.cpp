// prometheus/target-unresolved: a scrape target host that is no service the Prometheus container can reach.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "linter/engine/rule.h"
#include "linter/knowledge/knowledge.h"
#include "linter/model/host_names.h"
#include "linter/model/prom_config.h"
#include "linter/model/secrets.h"
#include "linter/model/stack.h"
#include "linter/source/text.h"
#include "rules/notes.h"
#include "rules/setting_comments.h"
#include "rules/startup.h"

namespace stacklint::rules {

namespace {

// The metrics role that serves `port` by default when no service of the stack has that role (nullopt
// otherwise). Only when the job asks for the role's metrics path, and, for a port below the 9xxx
// range exporters register (8080, 3000: any web app's), when the host is named for the role: a
// Spring app on shop-api:8080 is no missing cAdvisor.
std::optional<Role> missing_exporter(const Stack& stack, int port, const std::string& path, const std::string& host) {
  for (const knowledge::PortFact& f : knowledge::port_facts()) {
    if (f.port != port || !f.metrics || f.path != path) continue;
    // A low port, or a server's own (alertmanager's 9093): only a host named for it is that program
    // (rw20 conductor: `workflow-engine:9093` is no Alertmanager). Exporter ports are their own.
    if (port < 9000 || !std::string_view(to_string(f.role)).ends_with("exporter")) {
      std::string name = host;
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (name.find(to_string(f.role)) == std::string::npos) return std::nullopt;
    }
    const bool present =
        std::any_of(stack.services.begin(), stack.services.end(), [&f](const Service& s) { return s.role == f.role; });
    return present ? std::nullopt : std::optional<Role>(f.role);
  }
  return std::nullopt;
}

// A host named for an exporter: its last word is `exporter` (`nginx-exporter`, `mysqld_exporter`).
bool named_exporter(std::string_view host) {
  const std::string name = ascii_lower(std::string(host));
  return name.size() > 9 && name.ends_with("exporter") &&
         (name[name.size() - 9] == '-' || name[name.size() - 9] == '_');
}

class PrometheusTargetUnresolved final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const override {
    static const RuleInfo i{
        .id = "prometheus/target-unresolved",
        .severity = Severity::error,
        .summary =
            "A scrape target host that is no service, container_name or network alias the Prometheus "
            "container can reach.",
        .rationale =
            "Inside a compose stack, Prometheus reaches other containers by service name, `container_name` or "
            "network alias, and only on networks it shares with them. A target host that is none of these "
            "(a typo, a renamed service, a service on a network Prometheus does not join) fails DNS resolution "
            "on every scrape: `up` is 0 for the target and every alert built on its metrics stays silent, "
            "unless something alerts on `up` itself. IP addresses and dotted names (`host.docker.internal`, "
            "`db.example.com`) lead outside the stack and are not checked. A host that another compose file of the "
            "repository may provide is unknown, not reported: a sibling compose file of the same directory started "
            "on its own (`docker compose -f other.yml up` takes the same project name, so its networks are the "
            "same), any container on a network Prometheus shares with other projects (`external: true`, or joined by "
            "another compose file as `<project>_<network>`: for a project named after its folder, any project name, "
            "since the folder of a clone is the user's), or the "
            "base compose file of an overlay linted alone. A host that says it is one to fill in (`SERVER_IP_HERE`, "
            "`YOUR_SERVER`) is the template's blank, not reported.\n\n"
            "A blackbox-style job (relabel_configs copy `__address__` to `__param_target` and send the scrape to "
            "the exporter) probes each target as written: those hosts (`host:port` or a URL's) are resolved from "
            "the exporter's container and reported the same way, as probe targets.\n\n"
            "A job whose comment makes it conditional (`# PostgreSQL metrics (if pg_exporter is added)`, "
            "`if there is a redis_exporter`, `(if configured)`, `optional`, `uncomment`, or the same in Chinese) is a "
            "note: its authors "
            "know nothing runs there yet. So is a host whose service the authors commented out (`#  collector:` in "
            "a compose file of the stack): switched off on purpose, its job left for when it is back. The optional "
            "hosts of one Prometheus are one note, the others its notes. The name compose "
            "gives a container without a container_name "
            "(`<project>-<service>-1`, the project being the checkout's folder unless `name:` says) resolves to "
            "that service; docker-compose 1.x's `<project>_<service>_1` does not, as Compose v2 names no container "
            "so. "
            "One missing host is one finding, the other jobs that scrape it its notes; several exporters no service "
            "runs (node-exporter, redis-exporter..., and any host named `*-exporter` or `*_exporter`) are one finding "
            "too, at the first, the others its notes: the "
            "exporters the config was written for and the stack never got. Several missing hosts that "
            "no name of the stack comes close to (no likely typo, no missing exporter) are one finding too: "
            "services that run outside this compose project, on the host or in another one; the exporters no service "
            "runs among them join that finding as notes (a config written for another environment).\n\n"
            "A target with `${NAME}` in it (`back:${BACK_PORT}`) is reported on its own: compose substitutes "
            "variables in the compose file, not in the files it mounts, and Prometheus does not expand them, "
            "so it dials the text as written. A Prometheus whose entrypoint or shell command may render the "
            "file first is not judged so. A file several stacks of one directory read (a base with platform overrides, "
            "`docker-compose.linux.yml` "
            "beside `.darwin.yml`) names hosts for each of them: a host one of those stacks reaches is not reported "
            "for the others. A project whose files a `.env` of a directory above names by their path from there "
            "(`PROMETHEUS_CONFIG=./monitoring/prometheus.yml`) is also run from there, beside that directory's "
            "compose file: a host may be a service of it, unknown here. Several targets of one config that write "
            "their services' names with `-` for `_` (`ndvi-engine` for `ndvi_engine`) are one naming mistake: one "
            "finding at the first, the others its notes.",
        .bad_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
  node-exporter:
    image: prom/node-exporter:v1.8.1
)"},
                        {.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node_exporter:9100']
)"}},
        .good_example = {{.path = "compose.yaml", .content = R"(services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
  node-exporter:
    image: prom/node-exporter:v1.8.1
)"},
                         {.path = "prometheus.yml", .content = R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node-exporter:9100']
)"}},
        .options = {},
        .example_args = {},
    };
    return i;
  }

  void check(const Stack& stack, Reporter& out) const override {
    HostNames names(stack);
    for (const Service& prom : stack.services) {
      if (!prom.enabled || !prom.prometheus || !prom.prometheus->loaded) continue;
      // One missing host is one finding, at its first target; the other jobs that scrape it are notes
      // (two blackbox probe jobs of one missing exporter: one service to add).
      struct Missing {
        std::string message;
        Location location;
        std::vector<Related> related;
        size_t notes = 0;  // other targets of the host, as notes
        size_t more = 0;   // and beyond kMaxNotes, counted
        std::string head;  // `scrape target "api:80" of job "api"`
        std::string host;
        bool plain = false;        // no guess and no missing exporter to name: only the host is unknown
        bool exporter = false;     // names an exporter no service runs
        bool optional = false;     // the job's comment makes it conditional ("if pg_exporter is added")
        std::string why_optional;  // what makes it so, for the note
        bool dashes = false;       // the guess is the host with '_' for '-' (or '-' for '_')
      };
      std::vector<Missing> missing;
      std::map<std::string, size_t> by_host;
      // The targets, then what blackbox-style jobs probe (resolved from the exporter's container).
      struct Target {
        const ScrapeJob* job;
        const ScrapeTarget* target;
        bool probe;
      };
      std::vector<Target> all;
      for (const ScrapeJob& job : prom.prometheus->jobs) {
        for (const ScrapeTarget& t : job.targets) all.push_back(Target{&job, &t, false});
      }
      for (const ScrapeJob& job : prom.prometheus->jobs) {
        for (const ScrapeTarget& t : job.probes) all.push_back(Target{&job, &t, true});
      }
      for (const Target& each : all) {
        const ScrapeJob& job = *each.job;
        const ScrapeTarget& t = *each.target;
        const bool probe = each.probe;
        if (!probe && report_unexpanded(prom, job, t, out)) continue;
        if (resolved_or_blank(t)) continue;
        const std::string head = std::string(probe ? "probe target \"" : "scrape target \"") + t.address.value +
                                 "\" of job \"" + job.job_name.value + "\"";
        if (!t.unreachable_service.empty()) {
          if (!probe) report_unreachable(stack, prom, t, head, out);
          continue;
        }
        std::vector<Related> related;
        if (const auto seen = by_host.find(t.host); seen != by_host.end()) {
          Missing& first = missing[seen->second];
          // A relabeled __address__ gives every target of the job the same written address.
          const auto same_place = [&](const Related& r) { return r.location == t.address.location; };
          if (t.address.location == first.location ||
              std::any_of(first.related.begin(), first.related.end(), same_place)) {
            continue;
          }
          if (first.notes < kMaxNotes) {
            ++first.notes;
            first.related.push_back(Related{.message = "the same host in " + head, .location = t.address.location});
          } else {
            ++first.more;
          }
          continue;
        }
        std::string msg = head +
                          " leads to no service of the stack: no service, container_name or network alias is "
                          "named \"" +
                          t.host + "\"";
        bool plain = false;
        bool exporter = false;
        bool dashes = false;
        if (std::optional<HostNames::Guess> guess = names.guess(t.host)) {
          msg += "; did you mean \"" + guess->name + "\"?";
          dashes = same_but_dashes(t.host, guess->name);
          related.push_back(Related{.message = "service " + guess->owner->name + " is defined here",
                                    .location = guess->owner->location});
        } else if (const std::optional<Role> role =
                       probe ? std::nullopt : missing_exporter(stack, t.port, job.metrics_path, t.host)) {
          const std::string name(to_string(*role));
          const bool vowel = std::string_view("aeiou").find(name.front()) != std::string_view::npos;
          msg += "; no service of the stack runs " + std::string(vowel ? "an " : "a ") + name +
                 " (:" + std::to_string(t.port) + ")";
          exporter = true;
        } else if (named_exporter(t.host)) {
          // An exporter stacklint has no port for (`nginx-exporter:9113`): missing like the others
          // (rw201 tallyme: its own error beside "nor ... the 2 other exporters").
          exporter = true;
        } else {
          plain = true;
        }
        std::optional<std::string> why = why_optional(stack, job, t.host, related);
        by_host.emplace(t.host, missing.size());
        missing.push_back(Missing{.message = std::move(msg),
                                  .location = t.address.location,
                                  .related = std::move(related),
                                  .head = head,
                                  .host = t.host,
                                  .plain = plain,
                                  .exporter = exporter,
                                  .optional = why.has_value(),
                                  .why_optional = why.value_or(""),
                                  .dashes = dashes});
      }
      for (Missing& m : missing) {
        if (m.more > 0) {
          m.related.push_back(
              Related{.message = "and " + more_of(m.more, "target") + " of that host", .location = m.location});
        }
      }
      join_dashes(prom, missing);
      report_missing(prom, missing, out);
      alerting_targets(stack, prom, names, out);
    }
  }

 private:
  static constexpr size_t kMaxNotes = 3;

  // Each missing host is a finding, but several hosts no name of the stack comes close to are one:
  // the services they name run outside this compose project (rw83 clario360: six app services run
  // on the host beside a compose file of databases), at the first, with the others as notes. The
  // exporters no service runs join them there (rw136 trading_platform: a prometheus.yml written for
  // the Kubernetes stack, node-exporter and postgres-exporter among its eleven hosts).
  template <typename Missing>
  static void report_missing(const Service& prom, std::vector<Missing>& missing, Reporter& out) {
    Missing* first = nullptr;
    std::string hosts;
    size_t others = 0;  // hosts joined to the first
    // Optional jobs are notes of their own: a lone required host among them is no group ("and 0 more").
    const size_t plain_required = static_cast<size_t>(
        std::count_if(missing.begin(), missing.end(), [](const Missing& m) { return m.plain && !m.optional; }));
    report_optional(missing, out);
    if (plain_required >= 2) {
      first = &*std::find_if(missing.begin(), missing.end(), [](const Missing& m) { return m.plain && !m.optional; });
      hosts = "\"" + first->host + "\"";
    } else if (report_missing_exporters(prom, missing, out)) {
      return;
    }
    for (Missing& m : missing) {
      if (&m == first || m.optional) continue;
      if (first == nullptr || (!m.plain && !m.exporter)) {
        out.report(m.message, m.location, std::move(m.related));
        continue;
      }
      ++others;
      if (others <= kMaxNotes) {
        hosts += ", \"" + m.host + "\"";
        const size_t why = m.message.rfind("; no service of the stack runs");
        const std::string note = m.plain || why == std::string::npos ? m.head : m.head + m.message.substr(why);
        first->related.push_back(Related{.message = "and " + note, .location = m.location});
      }
    }
    if (first == nullptr) return;
    if (others > kMaxNotes) {
      hosts += " and " + std::to_string(others - kMaxNotes) + " more";
      first->related.push_back(
          Related{.message = "and " + more_of(others - kMaxNotes, "host"), .location = first->location});
    }
    const std::string config = prom.prometheus->path.empty() ? "its config" : prom.prometheus->path;
    out.report(first->head + " and " + more_of(others, "target") + " of " + config +
                   " lead to no service of the stack: no service, container_name or network alias is named " + hosts +
                   "; if they run outside this compose project, Prometheus reaches them only on a network "
                   "it shares with them or at an address of the host",
               first->location, std::move(first->related));
  }

  // A target whose service Prometheus shares no network with.
  static void report_unreachable(const Stack& stack, const Service& prom, const ScrapeTarget& t,
                                 const std::string& head, Reporter& out) {
    std::vector<Related> related;
    const Service* other = stack.find_service(t.unreachable_service);
    if (other != nullptr) {
      related.push_back(Related{.message = "service " + other->name + " is defined here", .location = other->location});
    }
    related.push_back(
        Related{.message = "service " + prom.name + " (Prometheus) is defined here", .location = prom.location});
    out.report(head + " cannot be reached from " + prom.name + ": " + t.unreachable_reason, t.address.location,
               std::move(related));
  }

  // Whether two names differ only in '-' against '_' (`ndvi-engine`, service `ndvi_engine`).
  static bool same_but_dashes(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a == b) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      const bool dash = (a[i] == '-' || a[i] == '_') && (b[i] == '-' || b[i] == '_');
      if (a[i] != b[i] && !dash) return false;
    }
    return true;
  }

  // Several targets that write their services' names with '-' for '_' (rw181 sahool: ten targets of
  // one prometheus.yml, `ndvi-engine` for service `ndvi_engine`): one naming mistake, one finding at
  // the first, the others its notes. They leave `missing`.
  template <typename Missing>
  static void join_dashes(const Service& prom, std::vector<Missing>& missing) {
    std::vector<size_t> at;
    for (size_t k = 0; k < missing.size(); ++k) {
      if (missing[k].dashes && !missing[k].optional) at.push_back(k);
    }
    if (at.size() < 2) return;
    Missing& first = missing[at.front()];
    for (size_t k = 1; k < at.size() && k <= kMaxNotes; ++k) {
      const Missing& m = missing[at[k]];
      const size_t guess = m.message.rfind("; did you mean");
      first.related.push_back(Related{.message = "and " + m.head + m.message.substr(guess), .location = m.location});
    }
    if (at.size() - 1 > kMaxNotes) {
      first.related.push_back(
          Related{.message = "and " + more_of(at.size() - 1 - kMaxNotes, "target"), .location = first.location});
    }
    const std::string config = prom.prometheus->path.empty() ? "its config" : prom.prometheus->path;
    const size_t others = at.size() - 1;
    first.message += " " + std::to_string(others) + (others == 1 ? " other target of " : " other targets of ") +
                     config + (others == 1 ? " writes" : " write") +
                     " a service's name with '-' for '_' or '_' for '-' too";
    for (size_t k = at.size() - 1; k >= 1; --k) missing.erase(missing.begin() + static_cast<std::ptrdiff_t>(at[k]));
  }

  // Several exporters no service runs, and no other missing host to join: one cause, the exporters
  // the config was written for and the stack never got (rw154 ReputationSync: four exporter jobs,
  // none in compose, judged one finding). At the first, the others its notes. False when fewer
  // than two.
  template <typename Missing>
  static bool report_missing_exporters(const Service& prom, std::vector<Missing>& missing, Reporter& out) {
    std::vector<Missing*> exporters;
    for (Missing& m : missing) {
      if (m.exporter && !m.optional) exporters.push_back(&m);
    }
    if (exporters.size() < 2) return false;
    Missing& first = *exporters.front();
    for (size_t k = 1; k < exporters.size(); ++k) {
      if (k <= kMaxNotes) {
        first.related.push_back(Related{.message = "and " + exporters[k]->message, .location = exporters[k]->location});
      }
    }
    if (exporters.size() - 1 > kMaxNotes) {
      first.related.push_back(Related{.message = "and " + more_of(exporters.size() - 1 - kMaxNotes, "exporter"),
                                      .location = first.location});
    }
    const std::string config = prom.prometheus->path.empty() ? "its config" : prom.prometheus->path;
    for (Missing& m : missing) {
      if (m.exporter && !m.optional && &m != &first) continue;
      if (&m == &first) {
        const size_t others = exporters.size() - 1;
        out.report(m.message + "; nor does any service run the " + std::to_string(others) + " other exporter" +
                       (others == 1 ? "" : "s") + " " + config + " scrapes",
                   m.location, std::move(m.related));
      } else if (!m.optional) {
        out.report(m.message, m.location, std::move(m.related));
      }
    }
    return true;
  }

  // The optional hosts of one Prometheus (its jobs' comments say so, or their services are commented
  // out) for one reason: one note at the first, the others its notes (rw209 observability-course:
  // three collectors of a homework, commented out together).
  template <typename Missing>
  static void report_optional(std::vector<Missing>& missing, Reporter& out) {
    std::vector<bool> done(missing.size(), false);
    for (size_t i = 0; i < missing.size(); ++i) {
      if (!missing[i].optional || done[i]) continue;
      Missing& first = missing[i];
      for (size_t k = i + 1; k < missing.size(); ++k) {
        if (!missing[k].optional || done[k] || missing[k].why_optional != first.why_optional) continue;
        done[k] = true;
        first.related.push_back(Related{.message = "and " + missing[k].head, .location = missing[k].location});
        for (Related& r : missing[k].related) first.related.push_back(std::move(r));
      }
      out.report_demoted(Severity::note, first.message + first.why_optional, first.location, std::move(first.related));
    }
  }

  // A job whose comment makes it conditional (`# PostgreSQL metrics (if pg_exporter is added)`,
  // `# optional: uncomment the exporter in compose`, rw152 Advanced-Automated-Trading-Platform): the
  // authors know nothing runs there yet; a note.
  static constexpr const char* kOptional =
      " (a note: a comment of the job says it is optional, or only for when its exporter is added)";
  // `back:${BACK_PORT}` (rw100 stop-human-wave-tactics): compose substitutes its own file, not the
  // ones it mounts, and Prometheus dials the text as written. One finding per target.
  static bool report_unexpanded(const Service& prom, const ScrapeJob& job, const ScrapeTarget& t, Reporter& out) {
    if (t.address_unknown || t.address.value.find("${") == std::string::npos || may_render_config(prom)) return false;
    out.report("scrape target \"" + t.address.value + "\" of job \"" + job.job_name.value +
                   "\": Prometheus does not expand environment variables in its configuration, so it dials "
                   "the text as written and never scrapes the target; write the value, or render the file "
                   "before Prometheus reads it",
               t.address.location);
    return true;
  }

  // Why a missing host is a note, if it is: the job's comment says so, or its service is commented out
  // in a compose file of the stack (rw209 observability-course: the collectors of a lesson's
  // homework), switched off on purpose with its job left for when it is back.
  static std::optional<std::string> why_optional(const Stack& stack, const ScrapeJob& job, const std::string& host,
                                                 std::vector<Related>& related) {
    if (said_optional(stack, job)) return std::string(kOptional);
    if (const Location off = commented_out_service(stack, host); off.valid()) {
      related.push_back(Related{.message = "service " + host + " is commented out here", .location = off});
      return std::string(" (a note: its service is commented out)");
    }
    return std::nullopt;
  }

  static bool said_optional(const Stack& stack, const ScrapeJob& job) {
    for (const std::string_view comment : setting_comments(stack, job.job_name.location)) {
      // Chinese, which has no blanks between words: 如果有 / 若有 "if there is", 可选 "optional"
      // (rw162 ryan_Mall: `# Redis监控（如果有redis_exporter）`).
      for (const std::string_view phrase : {"如果有", "若有", "可选"}) {
        if (comment.find(phrase) != std::string_view::npos) return true;
      }
      const std::vector<std::string> words = lower_words(comment, " \t()[],.;:!?#-'\"");
      bool conditional = false;
      std::string_view previous;
      for (const std::string& w : words) {
        if (w == "optional" || w == "optionally" || w == "uncomment") return true;
        if (w == "if" || w == "when" || w == "once") conditional = true;
        if (conditional && (w == "added" || w == "enabled" || w == "installed" || w == "deployed" || w == "available" ||
                            w == "exists" || w == "present" || w == "configured" || w == "used" || w == "needed")) {
          return true;
        }
        if (previous == "if" && w == "there") return true;  // "if there is a redis_exporter"
        previous = w;
      }
    }
    return false;
  }

  // Whether a target leads somewhere known, or nowhere judged: a service, an outside host, a value
  // not known here, or a host that says it is one to fill in (`INTERNAL_IP_HERE`, `YOUR_SERVER`,
  // rw144): the template's blank, which the reader replaces with their own address.
  static bool resolved_or_blank(const ScrapeTarget& t) {
    return !t.service.empty() || t.external || t.host.empty() || !t.resolved_by.empty() || t.address_unknown ||
           is_placeholder_value(t.host);
  }

  // alerting.alertmanagers static targets: resolved like scrape targets.
  static void alerting_targets(const Stack& stack, const Service& prom, HostNames& names, Reporter& out) {
    const PromConfig& c = *prom.prometheus;
    for (size_t k = 0; k < c.alertmanager_targets.size() && k < c.alertmanager_resolved.size(); ++k) {
      const Located<std::string>& t = c.alertmanager_targets[k];
      const AlertmanagerTarget& e = c.alertmanager_resolved[k];
      if (e.host.empty() || !e.service.empty() || e.external || !e.resolved_by.empty() ||
          is_placeholder_value(e.host)) {
        continue;
      }
      const std::string head = "Alertmanager target \"" + t.value + "\" of " + prom.name;
      if (!e.unreachable_reason.empty()) {
        out.report(head + " cannot be reached: " + e.unreachable_reason, t.location);
        continue;
      }
      std::string msg = head +
                        " leads to no service of the stack: no service, container_name or network alias is "
                        "named \"" +
                        e.host + "\"";
      std::vector<Related> related;
      if (std::optional<HostNames::Guess> guess = names.guess(e.host)) {
        msg += "; did you mean \"" + guess->name + "\"?";
        related.push_back(Related{.message = "service " + guess->owner->name + " is defined here",
                                  .location = guess->owner->location});
      } else if (std::none_of(stack.services.begin(), stack.services.end(),
                              [](const Service& s) { return s.role == Role::alertmanager; })) {
        msg += "; no service of the stack runs an Alertmanager";
      }
      out.report(msg, t.location, std::move(related));
    }
  }
};

}  // namespace

const Rule& prometheus_target_unresolved() {
  static const PrometheusTargetUnresolved r;
  return r;
}

}  // namespace stacklint::rules
