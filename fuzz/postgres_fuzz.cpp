// libFuzzer target: arbitrary bytes as a postgresql.conf (plus an include of itself and of a second
// file built from the same bytes), parsed with a MemoryFileSystem, then as a command-line setting.
#include <cstddef>
#include <cstdint>
#include <string>

#include "linter/formats/postgres/parser.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  stacklint::MemoryFileSystem fs;
  fs.add("/s/postgresql.conf", text);
  fs.add("/s/conf.d/a.conf", text);
  fs.add("/s/inc.conf", "include_dir 'conf.d'\n" + text);
  for (const int major : {15, 17}) {
    stacklint::Stack stack;
    stack.root = "/s";
    stacklint::PgConfig cfg;
    cfg.major = major;
    stacklint::postgres::load_config(stack, fs, cfg, "/s/postgresql.conf", {.major = major});
    (void)cfg.memory_bytes("wal_buffers");
    (void)cfg.memory_bytes("autovacuum_work_mem");
    const size_t eq = text.find('=');
    if (eq != std::string::npos) {
      std::vector<stacklint::ParseIssue> errors;
      stacklint::postgres::apply_setting(cfg, text.substr(0, eq), text.substr(eq + 1), stacklint::Location{},
                                         "command line", errors);
    }
  }
  return 0;
}
