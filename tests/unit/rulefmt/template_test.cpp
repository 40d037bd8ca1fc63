#include "linter/formats/rulefmt/template.h"

#include <catch2/catch.hpp>

using stacklint::rulefmt::check_template;

namespace {
std::string err(std::string_view text) {
  auto e = check_template(text, "__alert_A");
  return e ? e->message : "";
}
}  // namespace

TEST_CASE("template: valid Prometheus templates") {
  CHECK(err("plain text") == "");
  CHECK(err("{{ $labels.instance }} is {{ $value | humanize }}") == "");
  CHECK(err("{{ $value | printf \"%.2f\" }}%") == "");
  CHECK(err("{{ .Labels.job }} {{ .Value }} {{ $externalLabels.cluster }} {{ $externalURL }}") == "");
  CHECK(err("{{ if gt $value 80.0 }}high{{ else if gt $value 50.0 }}mid{{ else }}low{{ end }}") == "");
  CHECK(err("{{ range $i, $e := query \"up\" }}{{ $e.Labels.job }}{{ end }}") == "");
  CHECK(err("{{ with query \"up\" }}{{ . | first | value | humanize1024 }}{{ end }}") == "");
  CHECK(err("{{- $x := 1 -}} {{ $x }}") == "");
  CHECK(err("{{/* a comment */}}text") == "");
  CHECK(err("{{ humanizeDuration (index $labels \"d\" | parseDuration) }}") == "");
  CHECK(err("{{ `raw` }} {{ 'c' }} {{ 1.5e3 }} {{ true }} {{ nil | not }}") == "");
  CHECK(err("{{ $labels.instance | reReplaceAll \":(.*)\" \"\" }}") == "");
}

TEST_CASE("template: errors with Go's wording and positions") {
  CHECK(err("{{ $labels.instance }") == "template: __alert_A:1: unexpected \"}\" in operand");
  CHECK(err("{{ $labels.instance") == "template: __alert_A:1: unclosed action");
  CHECK(err("{{ nope $value }}") == "template: __alert_A:1: function \"nope\" not defined");
  CHECK(err("{{ $foo }}") == "template: __alert_A:1: undefined variable \"$foo\"");
  CHECK(err("{{ if true }}x") == "template: __alert_A:1: unexpected EOF");
  CHECK(err("x\n{{ end }}") == "template: __alert_A:2: unexpected {{end}}");
  CHECK(err("{{ }}") == "template: __alert_A:1: missing value for command");
  CHECK(err("{{ (1 }}") == "template: __alert_A:1: unclosed left paren");
  CHECK(err("{{ 1) }}") == "template: __alert_A:1: unexpected right paren");
  CHECK(err("{{ \"abc }}") == "template: __alert_A:1: unterminated quoted string");
  CHECK(err("{{ if }}{{ end }}") == "template: __alert_A:1: missing value for if");
  CHECK(err("{{ break }}") == "template: __alert_A:1: {{break}} outside {{range}}");
  CHECK(err("{{/* open") == "template: __alert_A:1: unclosed comment");
  auto e = check_template("ab {{ nope }}", "n");
  REQUIRE(e);
  CHECK(e->begin == 6);
}
