#include <catch2/catch.hpp>

#include "linter/formats/compose/compose.h"
#include "linter/stack/compose.h"
#include "tests/support/shared.h"

using namespace stacklint;

namespace {
// ../shared/corpus/dockprom, or "" when the shared corpus is absent (the tests are then skipped).
std::string dockprom_dir() {
  const auto dir = stacklint::test::shared_path("corpus/dockprom");
  return dir ? dir->string() : std::string();
}

std::vector<std::string> compose_files(const FileSystem& fs, const std::string& dir) {
  std::vector<std::string> out;
  for (const std::string& name : fs.list(dir)) {
    if (name.find("compose") != std::string::npos && (name.ends_with(".yml") || name.ends_with(".yaml"))) {
      out.push_back(dir + "/" + name);
    }
  }
  return out;
}
}  // namespace

TEST_CASE("every compose file of dockprom loads without compose errors") {
  const std::string dir = dockprom_dir();
  if (dir.empty()) return;
  DiskFileSystem fs;
  const auto files = compose_files(fs, dir);
  REQUIRE(files.size() >= 2);
  for (const std::string& f : files) {
    INFO(f);
    Stack s;
    s.root = dir;
    load_compose(s, fs, ComposeOptions{.files = {f}});
    REQUIRE(s.compose);
    for (const auto& e : s.compose->errors) {
      UNSCOPED_INFO(e.location.file << ":" << e.location.line << ":" << e.location.column << ": " << e.message);
    }
    CHECK(s.compose->errors.empty());
    CHECK(s.compose->conflicts.empty());
    CHECK_FALSE(s.services.empty());
  }
}

TEST_CASE("dockprom's main file: roles and mounts as compose sees them") {
  const std::string dir = dockprom_dir();
  if (dir.empty()) return;
  DiskFileSystem fs;
  Stack s;
  s.root = dir;
  load_compose(s, fs, ComposeOptions{.files = {dir + "/docker-compose.yml"}});
  const Service* prom = s.find_service("prometheus");
  REQUIRE(prom != nullptr);
  CHECK(prom->role == Role::prometheus);
  REQUIRE(prom->command);
  CHECK(std::find(prom->command->value.begin(), prom->command->value.end(),
                  "--config.file=/etc/prometheus/prometheus.yml") != prom->command->value.end());
  bool config_dir = false;
  for (const Mount& m : prom->mounts) {
    if (m.target == "/etc/prometheus") {
      config_dir = m.bind && m.is_directory && m.source == "prometheus";
    }
  }
  CHECK(config_dir);
  const Service* alertmanager = s.find_service("alertmanager");
  REQUIRE(alertmanager != nullptr);
  CHECK(alertmanager->role == Role::alertmanager);
}
