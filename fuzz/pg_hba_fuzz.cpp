// libFuzzer target: arbitrary bytes as a pg_hba.conf (plus an @file list, an included file and an
// include_dir entry built from the same bytes, one of which includes the main file again), read for
// 13, 15 and 17 with an in-memory include resolver, then checked for loopback and shadowing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "linter/formats/postgres/hba.h"
#include "linter/source/include_resolver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const int major : {13, 15, 17}) {
    stacklint::MemoryIncludeResolver files;
    files.budget().max_files = 64;  // nested includes fan out; the stack's budget bounds them the same way
    files.add("/s/pg_hba.conf", text);
    files.add("/s/users", text);
    files.add("/s/inc.conf", "include pg_hba.conf\n");
    files.add("/s/conf.d/a.conf", text);
    const stacklint::HbaFile f = stacklint::postgres::load_hba(files, "/s/pg_hba.conf", {.major = major}, {});
    for (size_t i = 0; i < f.records.size() && i < 64; ++i) {
      (void)stacklint::postgres::hba_loopback_only(f.records[i]);
      for (size_t j = 0; j < i; ++j) (void)stacklint::postgres::hba_covers(f.records[j], f.records[i]);
    }
  }
  return 0;
}
