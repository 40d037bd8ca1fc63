// The model part of linter/formats/alertmanager/checks.h: receivers and the route tree.
#include <algorithm>

#include "linter/formats/alertmanager/checks.h"
#include "linter/formats/alertmanager/matchers.h"
#include "linter/formats/alertmanager/schema.h"
#include "linter/formats/prometheus/duration.h"

namespace stacklint::alertmanager {

namespace {

bool is_text(const yaml::Node* n) {
  return n != nullptr && n->is_scalar() && !n->is_null();
}

// The URLs and template texts of one integration, its nested structs included.
void collect(const yaml::Stream& stream, const yaml::Node& n, const Struct& s, int minor, AmIntegration& out) {
  if (!n.is_mapping()) return;
  for (const yaml::Pair& p : n.pairs) {
    const Field* f = find_field(s, p.key->value, minor);
    if (f == nullptr) continue;
    const yaml::Node& v = *p.value;
    if (is_text(&v)) {
      // Where a notification goes: the URL fields, and SNS's api_url (a plain string in Alertmanager's
      // config). Other *_url strings are links the message shows (image_url, icon_url, a Slack action's url).
      const bool url_field = f->kind == Kind::url || f->kind == Kind::secret_url || f->name == "api_url";
      if (url_field) {
        out.urls.emplace_back(std::string(f->name),
                              Located<std::string>{.value = v.value, .location = stream.location(v)});
      }
      if (v.value.find("{{") != std::string::npos) {
        out.templates.push_back(
            AmTemplateText{.field = std::string(f->name),
                           .text = Located<std::string>{.value = v.value, .location = stream.location(v)}});
      }
    }
    if ((f->kind == Kind::mapping || f->kind == Kind::list) && !f->sub.empty()) {
      const Struct* sub = find_struct(f->sub);
      if (sub == nullptr) continue;
      if (v.is_mapping()) collect(stream, v, *sub, minor, out);
      if (v.is_sequence()) {
        for (const yaml::Node* item : v.items) collect(stream, *item, *sub, minor, out);
      }
    }
  }
}

void receivers(const yaml::Stream& stream, const yaml::Node& root, int minor, AmConfig& c) {
  const yaml::Node* list = root.get("receivers");
  const Struct* receiver = find_struct("Receiver");
  if (list == nullptr || !list->is_sequence() || receiver == nullptr) return;
  const yaml::Node* global = root.get("global");
  for (const yaml::Node* r : list->items) {
    if (!r->is_mapping()) continue;
    AmReceiver rec;
    const yaml::Node* name = r->get("name");
    rec.name = Located<std::string>{.value = is_text(name) ? name->value : "",
                                    .location = stream.location(name != nullptr ? *name : *r)};
    for (const yaml::Pair& p : r->pairs) {
      const Field* f = find_field(*receiver, p.key->value, minor);
      if (f == nullptr || f->kind != Kind::list || !p.value->is_sequence()) continue;
      const Struct* s = find_struct(f->sub);
      if (s == nullptr) continue;
      for (const yaml::Node* item : p.value->items) {
        AmIntegration in;
        in.type = p.key->value.substr(0, p.key->value.size() - std::string_view("_configs").size());
        in.location = stream.location(*item);
        collect(stream, *item, *s, minor, in);
        // Slack falls back to the global slack_api_url.
        if (in.type == "slack" && item->get("api_url") == nullptr && global != nullptr && global->is_mapping()) {
          if (const yaml::Node* g = global->get("slack_api_url"); is_text(g)) {
            in.urls.emplace_back("slack_api_url",
                                 Located<std::string>{.value = g->value, .location = stream.location(*g)});
          }
        }
        // Email sends through its smarthost, else the global one.
        if (in.type == "email") {
          const yaml::Node* host = item->get("smarthost");
          if (!is_text(host) && global != nullptr && global->is_mapping()) host = global->get("smtp_smarthost");
          if (is_text(host)) {
            in.smarthost = Located<std::string>{.value = host->value, .location = stream.location(*host)};
          }
        }
        rec.integrations.push_back(std::move(in));
      }
    }
    c.receivers.push_back(std::move(rec));
  }
}

double seconds_of(const yaml::Node* n, double inherited) {
  if (!is_text(n)) return inherited;
  std::string err;
  const auto ns = prometheus::parse_duration(n->value, &err);
  return ns ? prometheus::duration_seconds(*ns) : inherited;
}

void add_matchers(const yaml::Stream& stream, const yaml::Node& r, AmRoute& route) {
  if (const yaml::Node* m = r.get("match"); m != nullptr && m->is_mapping()) {
    for (const yaml::Pair& p : m->pairs) {
      if (!p.value->is_scalar()) continue;
      route.matchers.push_back(AmMatcher{.name = p.key->value,
                                         .op = MatchOp::equal,
                                         .value = p.value->is_null() ? "" : p.value->value,
                                         .location = stream.location(*p.key)});
    }
  }
  if (const yaml::Node* m = r.get("match_re"); m != nullptr && m->is_mapping()) {
    for (const yaml::Pair& p : m->pairs) {
      if (!is_text(p.value)) continue;
      route.matchers.push_back(AmMatcher{
          .name = p.key->value, .op = MatchOp::regex, .value = p.value->value, .location = stream.location(*p.key)});
    }
  }
  if (const yaml::Node* m = r.get("matchers"); m != nullptr && m->is_sequence()) {
    for (const yaml::Node* item : m->items) {
      if (!item->is_scalar()) continue;
      std::string err;
      const auto parsed = parse_matchers(item->value, &err);
      if (!parsed) continue;
      for (const ParsedMatcher& pm : *parsed) {
        route.matchers.push_back(
            AmMatcher{.name = pm.name, .op = pm.op, .value = pm.value, .location = stream.location(*item)});
      }
    }
  }
}

AmRoute route_of(const yaml::Stream& stream, const yaml::Node& r, const AmRoute* parent, int depth) {
  AmRoute route;
  route.location = stream.location(r);
  if (parent != nullptr) {
    route.effective_receiver = parent->effective_receiver;
    route.group_by = parent->group_by;
    route.group_by_all = parent->group_by_all;
    route.group_by_location = parent->group_by_location;
    route.group_wait = parent->group_wait;
    route.group_interval = parent->group_interval;
    route.repeat_interval = parent->repeat_interval;
  }
  if (const yaml::Node* rc = r.get("receiver"); is_text(rc)) {
    route.receiver = Located<std::string>{.value = rc->value, .location = stream.location(*rc)};
    route.effective_receiver = rc->value;
  }
  if (const yaml::Node* g = r.get("group_by"); g != nullptr && g->is_sequence()) {
    route.group_by.clear();
    route.group_by_all = false;
    route.group_by_location = stream.location(*g);
    for (const yaml::Node* item : g->items) {
      if (!item->is_scalar()) continue;
      if (item->value == "...") route.group_by_all = true;
      route.group_by.push_back(Located<std::string>{.value = item->value, .location = stream.location(*item)});
    }
  }
  if (const yaml::Node* c = r.get("continue"); is_text(c)) {
    route.continue_matching = c->value == "true" || c->value == "yes" || c->value == "on" || c->value == "True";
  }
  route.group_wait = seconds_of(r.get("group_wait"), route.group_wait);
  route.group_interval = seconds_of(r.get("group_interval"), route.group_interval);
  route.repeat_interval = seconds_of(r.get("repeat_interval"), route.repeat_interval);
  add_matchers(stream, r, route);
  if (const yaml::Node* rs = r.get("routes"); rs != nullptr && rs->is_sequence() && depth < 64) {
    for (const yaml::Node* child : rs->items) {
      if (child->is_mapping()) route.routes.push_back(route_of(stream, *child, &route, depth + 1));
    }
  }
  return route;
}

}  // namespace

void build_model(const yaml::Stream& stream, const yaml::Node& root, AmConfig& c) {
  const int minor = judged_minor(c.version);
  receivers(stream, root, minor, c);
  if (const yaml::Node* t = root.get("templates"); t != nullptr && t->is_sequence()) {
    for (const yaml::Node* item : t->items) {
      if (is_text(item))
        c.templates.push_back(Located<std::string>{.value = item->value, .location = stream.location(*item)});
    }
  }
  if (const yaml::Node* r = root.get("route"); r != nullptr && r->is_mapping())
    c.route = route_of(stream, *r, nullptr, 0);
}

}  // namespace stacklint::alertmanager
