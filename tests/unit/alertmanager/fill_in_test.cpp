// The fill-ins a template leaves in Alertmanager and other configuration files.
#include <catch2/catch.hpp>

#include "rules/setting_comments.h"

using stacklint::rules::holds_fill_in;

TEST_CASE("fill-ins: a name between angle brackets") {
  for (const char* value :
       {"< input chat_id >", "<your webhook url>", "http://bot:9087/alert/<GroupID>", "<conexión para mandar mensajes>",
        "['<ip_exporters>:9113']", "<Ip_privada> (Identificador)"}) {
    INFO(value);
    CHECK(holds_fill_in(value));
  }
  // HTML tags, a regular expression's named group, comparisons, an empty or numeric inside.
  for (const char* value : {"<b>{{ .Status }}</b>", "<br/>", "<a href=\"x\">", "<h2>Alerts</h2>", "(?P<name>.+)",
                            "(?<port>\\d+)", "up < 1", "a < b", "<>", "<1m>", "< >"}) {
    INFO(value);
    CHECK_FALSE(holds_fill_in(value));
  }
}
