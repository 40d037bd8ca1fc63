// Test support: run the stacklint binary and capture what a user sees.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace stacklint::test {

struct RunResult {
  std::string out;  // stdout
  int exit_code = -1;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (const char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// Runs a shell command line, capturing stdout (stderr is appended when `merge_stderr`).
inline RunResult run_command(const std::string& command_line, bool merge_stderr = false) {
  RunResult r;
  const std::string cmd = command_line + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 65536> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// Runs the stacklint binary with the given arguments.
inline RunResult run_stacklint(const std::vector<std::string>& args, bool merge_stderr = false) {
  std::string cmd = shell_quote(STACKLINT_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  return run_command(cmd, merge_stderr);
}

// Runs the stacklint binary in directory `dir` (as a user does from the stack's root, where paths
// in the output are relative to it).
inline RunResult run_stacklint_in(const std::filesystem::path& dir, const std::vector<std::string>& args,
                                  bool merge_stderr = false) {
  std::string cmd = "cd " + shell_quote(dir.string()) + " && " + shell_quote(STACKLINT_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  return run_command(cmd, merge_stderr);
}

// Runs `stacklint check --no-color --rule RULE [extra...]` in DIR, stderr merged: one rule's
// findings and messages as a user sees them.
inline RunResult check_rule(const std::filesystem::path& dir, const std::string& rule,
                            const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"check", ".", "--no-color", "--rule", rule};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_stacklint_in(dir, args, true);
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A fresh temporary directory, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "stacklint-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace stacklint::test
