// libFuzzer target: arbitrary bytes as a postgresql.conf (plus an include of itself and of a second
// file built from the same bytes), parsed with an in-memory include resolver, then as a command-line
// setting.
#include <cstddef>
#include <cstdint>
#include <string>

#include "linter/formats/postgres/parser.h"
#include "linter/model/pg_config.h"
#include "linter/source/include_resolver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const int major : {15, 17}) {
    stacklint::MemoryIncludeResolver files;
    files.add("/s/postgresql.conf", text);
    files.add("/s/conf.d/a.conf", text);
    files.add("/s/inc.conf", "include_dir 'conf.d'\n" + text);
    stacklint::PgConfig cfg;
    cfg.major = major;
    (void)stacklint::postgres::load_config(files, cfg, "/s/postgresql.conf", {.major = major}, {});
    (void)cfg.memory_bytes("wal_buffers");
    (void)cfg.memory_bytes("autovacuum_work_mem");
    const size_t eq = text.find('=');
    if (eq != std::string::npos) {
      std::vector<stacklint::ParseIssue> errors;
      stacklint::postgres::apply_setting(cfg, text.substr(0, eq), text.substr(eq + 1), stacklint::Location{},
                                         stacklint::SettingOrigin::command_line, errors);
    }
  }
  return 0;
}
