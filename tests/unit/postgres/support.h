// Helpers for the postgresql.conf tests: parse files from a MemoryFileSystem rooted at /s.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "linter/formats/postgres/parser.h"
#include "linter/model/pg_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"
#include "linter/stack/container.h"
#include "linter/stack/resolver.h"

namespace pgtest {

struct Parsed {
  stacklint::Stack stack;
  stacklint::PgConfig cfg;
  bool loaded = false;
  // Every error of every file, as "path:line:col: message", in file order.
  [[nodiscard]] std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const auto& f : stack.files) {
      for (const auto& e : f.errors) {
        out.push_back(f.path + ":" + std::to_string(e.location.line) + ":" + std::to_string(e.location.column) + ": " +
                      e.message);
      }
    }
    return out;
  }
  [[nodiscard]] int64_t i(const std::string& name) const {
    const auto* s = cfg.find(name);
    return s == nullptr ? -999 : std::get<int64_t>(s->current.value);
  }
  [[nodiscard]] double d(const std::string& name) const { return std::get<double>(cfg.find(name)->current.value); }
  [[nodiscard]] std::string str(const std::string& name) const {
    return std::get<std::string>(cfg.find(name)->current.value);
  }
  [[nodiscard]] bool b(const std::string& name) const { return std::get<bool>(cfg.find(name)->current.value); }
};

inline std::unique_ptr<Parsed> parse(const stacklint::MemoryFileSystem& fs, int major = 17,
                                     const std::string& main = "/s/postgresql.conf") {
  auto p = std::make_unique<Parsed>();
  p->stack.root = "/s";
  p->cfg.major = major;
  stacklint::StackIncludeResolver resolver(p->stack, fs, nullptr, "/", stacklint::FileKind::postgres);
  const auto load = stacklint::postgres::load_config(resolver, p->cfg, main, {.major = major}, {});
  stacklint::record_issues(p->stack, load.errors);
  p->loaded = load.loaded;
  return p;
}

inline std::unique_ptr<Parsed> parse_text(const std::string& text, int major = 17) {
  stacklint::MemoryFileSystem fs;
  fs.add("/s/postgresql.conf", text);
  return parse(fs, major);
}

}  // namespace pgtest
