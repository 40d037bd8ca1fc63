// Differential test against the real redis-server: generated configs (seeded) are started with
// `redis-server FILE [overrides] --port 0 --unixsocket SOCK --daemonize no`; CONFIG GET must agree
// with stacklint's normalized values, and stacklint must report errors exactly on the configs the
// server refuses to start with.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "linter/formats/redis/parser.h"
#include "linter/stack/container.h"
#include "linter/stack/resolver.h"
#include "tests/support/skip.h"

namespace fs = std::filesystem;
using namespace stacklint;

namespace {

struct Case {
  std::string main;
  std::map<std::string, std::string> extra_files;  // relative path -> content
  std::vector<std::string> dirs;                   // extra directories to create
  std::vector<std::string> options;                // command-line overrides
};

std::string find_redis_server() {
  const char* env = std::getenv("PATH");
  std::string paths = env != nullptr ? env : "/usr/bin:/usr/local/bin";
  std::stringstream in(paths);
  for (std::string dir; std::getline(in, dir, ':');) {
    const std::string p = dir + "/redis-server";
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  template <class T>
  const T& one(const std::vector<T>& v) {
    return v[pick(v.size())];
  }
  std::string memory() {
    static const std::vector<std::string> units = {"",   "b",  "B",  "k",  "K", "kb", "KB", "kB", "Kb", "m", "M",
                                                   "mb", "MB", "mB", "Mb", "g", "G",  "gb", "GB", "gB", "Gb"};
    static const std::vector<std::string> bad = {"1.5gb", "-1",   "1tb", "\"10 mb\"", "1kib",  "12x",    "+5mb", "0x10",
                                                 "1 gb",  "1GiB", "mb",  "\"\"",      "007mb", "100MBs", "2T"};
    if (chance(8)) return one(bad);
    const std::string unit = one(units);
    const uint64_t n = unit.empty() || unit == "b" || unit == "B" ? 1000 + pick(900000000) : 1 + pick(300);
    return std::to_string(n) + unit;
  }
  std::string cased(const std::string& s) {
    if (!chance(25)) return s;
    std::string out = s;
    for (char& c : out) {
      if (chance(50) && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  }
  std::string line() {
    switch (pick(22)) {
      case 0:
      case 1:
      case 2:
        return cased("maxmemory") + " " + memory();
      case 3:
        return "maxmemory-policy " +
               (chance(10) ? std::string("lru")
                           : cased(one(std::vector<std::string>{"volatile-lru", "volatile-lfu", "volatile-random",
                                                                "volatile-ttl", "allkeys-lru", "allkeys-lfu",
                                                                "allkeys-random", "noeviction"})));
      case 4:
        return "maxmemory-samples " +
               (chance(10) ? one(std::vector<std::string>{"0", "abc", "05", "-3"}) : std::to_string(1 + pick(20)));
      case 5:
      case 6: {
        switch (pick(7)) {
          case 0:
            return "save \"\"";
          case 1:
            return "save \"" + std::to_string(1 + pick(900)) + " " + std::to_string(pick(100)) + "\"";
          case 2:
            return "save " + std::to_string(1 + pick(900)) + " " + std::to_string(pick(100)) + " " +
                   std::to_string(1 + pick(900)) + " " + std::to_string(pick(100));
          case 3:
            return one(std::vector<std::string>{"save 0 1", "save 5", "save x 1", "save 10 -1", "save 10 +2"});
          default:
            return "save " + std::to_string(1 + pick(3600)) + " " + std::to_string(pick(10000));
        }
      }
      case 7:
        return cased("appendonly") + " " + (chance(10) ? "true" : cased(chance(50) ? "yes" : "no"));
      case 8:
        return "appendfsync " + (chance(10) ? std::string("sometimes")
                                            : cased(one(std::vector<std::string>{"always", "everysec", "no"})));
      case 9:
        return "maxclients " +
               (chance(10) ? one(std::vector<std::string>{"0", "1k", "-5", "abc"}) : std::to_string(1 + pick(2000)));
      case 10:
        return "requirepass " + one(std::vector<std::string>{"secret", "\"pa ss\"", "'it\\'s'", "\"\\x41b\\n\"", "\"\"",
                                                             "\"abc\"def", "'x'y", "\"unterminated"});
      case 11:
        return "protected-mode " + (chance(10) ? std::string("maybe") : std::string(chance(50) ? "yes" : "no"));
      case 12:
        return one(std::vector<std::string>{"slave-read-only no", "replica-read-only yes", "lua-time-limit 1234",
                                            "hash-max-ziplist-entries 77", "busy-reply-threshold 999",
                                            "hash-max-listpack-entries 12", "list-max-ziplist-entries 10",
                                            "lua-replicate-commands yes"});
      case 13:
        return one(std::vector<std::string>{"# a comment", "   # indented comment", "", "   ", "\t# tab comment"});
      case 14:
        return one(std::vector<std::string>{"maxmemory 1gb # trailing", "maxmemroy 1gb", "frobnicate yes", "appendonly",
                                            "maxmemory 1mb 2mb", "include"});
      case 15:
        return one(std::vector<std::string>{"rename-command flushall \"\"", "rename-command nosuchcmd x",
                                            "rename-command get set", "rename-command CONFIG myconfig"});
      case 16:
        return one(std::vector<std::string>{"bind 127.0.0.1", "bind 127.0.0.1 ::1", "bind \"\"",
                                            "bind \"10.0.0.1 10.0.0.2\""});
      case 17:
        return one(std::vector<std::string>{"tcp-keepalive 60", "timeout 0", "databases 4", "loglevel warning", "hz 20",
                                            "loglevel loud", "databases 0", "timeout abc"});
      case 18:
        return "client-output-buffer-limit " +
               one(std::vector<std::string>{"normal 0 0 0", "replica 256mb 64mb 60", "pubsub 32mb 8mb 60",
                                            "master 0 0 0", "normal 0 0", "pubsub 1x 0 0"});
      case 19:
        return one(std::vector<std::string>{"active-expire-effort 11", "active-expire-effort 3",
                                            "maxmemory-eviction-tenacity 50", "repl-backlog-size 1mb",
                                            "repl-backlog-size 0", "proto-max-bulk-len 512mb"});
      case 20:
        return one(std::vector<std::string>{"MAXMEMORY-POLICY ALLKEYS-LFU", "Save 60 1", "AppendOnly Yes"});
      default:
        return "maxmemory " + memory();
    }
  }

 private:
  std::mt19937 rng_;
};

Case generate(Gen& g, int index) {
  Case c;
  std::ostringstream main;
  const size_t lines = 1 + g.pick(5);
  for (size_t i = 0; i < lines; ++i) main << g.line() << "\n";
  // includes, dir, and glob cases on some configs
  switch (index % 9) {
    case 1:
      c.extra_files["inc1.conf"] = g.line() + "\n" + g.line() + "\n";
      main << "include inc1.conf\n";
      if (g.chance(50)) main << g.line() << "\n";
      break;
    case 3:
      c.extra_files["conf.d/b.conf"] = g.line() + "\n";
      c.extra_files["conf.d/a.conf"] = g.line() + "\n";
      main << "include "
           << g.one(std::vector<std::string>{"conf.d/*.conf", "conf.d/?.conf", "conf.d/[ab].conf", "nomatch/*.conf",
                                             "conf.d/*.nothing"})
           << "\n";
      break;
    case 5:
      main << g.one(std::vector<std::string>{"include missing.conf", "dir nosuchdir", "dir sub"}) << "\n";
      c.dirs.emplace_back("sub");
      c.extra_files["sub/in.conf"] = g.line() + "\n";
      c.extra_files["in.conf"] = "maxmemory 7mb\n";
      main << "include in.conf\n";
      break;
    default:
      break;
  }
  if (index % 4 == 2) {
    const size_t n = 1 + g.pick(3);
    for (size_t i = 0; i < n; ++i) {
      switch (g.pick(7)) {
        case 0:
          c.options.insert(c.options.end(), {"--maxmemory", g.memory()});
          break;
        case 1:
          c.options.emplace_back("--save");
          break;
        case 2:
          c.options.insert(c.options.end(), {"--save", "60 2"});
          break;
        case 3:
          c.options.insert(c.options.end(), {"--appendonly", g.chance(80) ? "yes" : "sure"});
          break;
        case 4:
          c.options.insert(c.options.end(), {"--maxmemory-policy", "allkeys-lru"});
          break;
        case 5:
          c.options.insert(c.options.end(), {"--requirepass", "a b\"c"});
          break;
        default:
          c.options.insert(c.options.end(), {g.chance(50) ? "--bogus-option" : "--maxclients", "100"});
          break;
      }
    }
  }
  std::string text = main.str();
  // strip quotes from the bad memory values meant for the file: "\"10 mb\"" stays quoted there
  c.main = text;
  // command-line values are passed as separate argv entries: unquote the few quoted ones
  for (auto& o : c.options) {
    if (o.size() >= 2 && o.front() == '"' && o.back() == '"') o = o.substr(1, o.size() - 2);
  }
  return c;
}

struct Running {
  pid_t pid = -1;
  fs::path dir;
  std::string sock;
  bool refused = false;
  std::map<std::string, std::string> values;
  std::string output;
  std::string error;  // an error reply to AUTH or CONFIG GET
};

const std::vector<std::string> kParams = {"maxmemory",
                                          "maxmemory-policy",
                                          "save",
                                          "appendonly",
                                          "appendfsync",
                                          "maxclients",
                                          "maxmemory-samples",
                                          "protected-mode",
                                          "requirepass",
                                          "bind",
                                          "replica-read-only",
                                          "busy-reply-threshold",
                                          "hash-max-listpack-entries",
                                          "tcp-keepalive",
                                          "databases",
                                          "hz",
                                          "loglevel",
                                          "timeout",
                                          "active-expire-effort",
                                          "maxmemory-eviction-tenacity",
                                          "repl-backlog-size",
                                          "proto-max-bulk-len"};

// CONFIG GET over the unix socket (after AUTH when stacklint believes a password is set).
// Returns false on a connection problem; `error` gets a Redis error reply.
bool query(const std::string& sock, const std::string& password, const std::string& config_cmd,
           std::map<std::string, std::string>& out, std::string& error) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return false;
  }
  std::string cmd;
  if (!password.empty()) {
    cmd = "*2\r\n$4\r\nAUTH\r\n$" + std::to_string(password.size()) + "\r\n" + password + "\r\n";
  }
  cmd += "*" + std::to_string(kParams.size() + 2) + "\r\n$" + std::to_string(config_cmd.size()) + "\r\n" + config_cmd +
         "\r\n$3\r\nGET\r\n";
  for (const auto& p : kParams) cmd += "$" + std::to_string(p.size()) + "\r\n" + p + "\r\n";
  if (write(fd, cmd.data(), cmd.size()) != static_cast<ssize_t>(cmd.size())) {
    close(fd);
    return false;
  }
  std::string buf;
  char chunk[4096];
  // Read until the whole RESP2 array of bulk strings is parsed.
  auto parse = [&](std::map<std::string, std::string>& m) -> bool {
    size_t p = 0;
    if (!password.empty()) {
      if (buf.rfind("+OK\r\n", 0) != 0) return false;
      p = 5;
    }
    auto read_line = [&](std::string& l) {
      const size_t e = buf.find("\r\n", p);
      if (e == std::string::npos) return false;
      l = buf.substr(p, e - p);
      p = e + 2;
      return true;
    };
    std::string l;
    if (!read_line(l) || l.empty() || l[0] != '*') return false;
    const long n = std::stol(l.substr(1));
    std::vector<std::string> items;
    for (long i = 0; i < n; ++i) {
      if (!read_line(l) || l.empty() || l[0] != '$') return false;
      const long len = std::stol(l.substr(1));
      if (buf.size() < p + static_cast<size_t>(len) + 2) return false;
      items.push_back(buf.substr(p, static_cast<size_t>(len)));
      p += static_cast<size_t>(len) + 2;
    }
    for (size_t i = 0; i + 1 < items.size(); i += 2) m[items[i]] = items[i + 1];
    return true;
  };
  for (int tries = 0; tries < 200; ++tries) {
    const ssize_t r = read(fd, chunk, sizeof chunk);
    if (r <= 0) break;
    buf.append(chunk, static_cast<size_t>(r));
    if (buf[0] == '-') {
      error = buf.substr(0, buf.find('\r'));
      close(fd);
      return true;
    }
    if (parse(out)) {
      close(fd);
      return true;
    }
  }
  close(fd);
  return false;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> oracle_args(const Case& c, const std::string& sock) {
  std::vector<std::string> args = c.options;
  args.insert(args.end(), {"--port", "0", "--unixsocket", sock, "--daemonize", "no"});
  return args;
}

void start(Running& r, const Case& c, const std::string& server) {
  const auto args = oracle_args(c, r.sock);
  std::vector<std::string> argv = {server, "redis.conf"};
  argv.insert(argv.end(), args.begin(), args.end());
  r.pid = fork();
  if (r.pid == 0) {
    if (chdir(r.dir.c_str()) != 0) _exit(127);
    const int out = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execv(server.c_str(), cargv.data());
    _exit(127);
  }
}

// Waits until the server answers or exits.
void collect(Running& r, const std::string& password, const std::string& config_cmd) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(r.pid, &status, WNOHANG) == r.pid) {
      r.refused = true;
      r.pid = -1;
      break;
    }
    if (access(r.sock.c_str(), F_OK) == 0 && query(r.sock, password, config_cmd, r.values, r.error)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (r.pid > 0) {
    kill(r.pid, SIGKILL);
    waitpid(r.pid, nullptr, 0);
    r.pid = -1;
  }
  r.output = slurp(r.dir / "out.txt");
}

std::string expected_value(const RedisConfig& cfg, const std::string& name) {
  if (name == "maxmemory") return std::to_string(cfg.maxmemory());
  if (name == "maxmemory-policy") return cfg.maxmemory_policy();
  if (name == "save") {
    std::string s;
    for (const auto& [a, b] : cfg.save_points)
      s += (s.empty() ? "" : " ") + std::to_string(a) + " " + std::to_string(b);
    return s;
  }
  if (name == "protected-mode") return cfg.protected_mode() ? "yes" : "no";
  if (name == "bind") {
    std::string s;
    for (const auto& a : cfg.bind_addresses()) s += (s.empty() ? "" : " ") + a;
    return s;
  }
  static const std::map<std::string, std::string> defaults = {{"appendonly", "no"},
                                                              {"appendfsync", "everysec"},
                                                              {"maxclients", "10000"},
                                                              {"maxmemory-samples", "5"},
                                                              {"requirepass", ""},
                                                              {"replica-read-only", "yes"},
                                                              {"busy-reply-threshold", "5000"},
                                                              {"hash-max-listpack-entries", "512"},
                                                              {"tcp-keepalive", "300"},
                                                              {"databases", "16"},
                                                              {"hz", "10"},
                                                              {"loglevel", "notice"},
                                                              {"timeout", "0"},
                                                              {"active-expire-effort", "1"},
                                                              {"maxmemory-eviction-tenacity", "10"},
                                                              {"repl-backlog-size", "1048576"},
                                                              {"proto-max-bulk-len", "536870912"}};
  const Setting* s = cfg.find(name);
  if (s == nullptr) return defaults.at(name);
  const auto& v = s->current.value;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "yes" : "no";
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* str = std::get_if<std::string>(&v)) return *str;
  return "?";
}

}  // namespace

TEST_CASE("redis-server agrees with stacklint on generated configs") {
  const std::string server = find_redis_server();
  if (server.empty()) {
    stacklint::test::skip_because(
        "redis-server is not installed: the redis oracle did not run; run scripts/setup.sh --with-oracles");
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path root = fs::temp_directory_path() / ("stacklint-redis-oracle-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  constexpr int kCases = 240;
  constexpr int kBatch = 16;
  Gen gen(20261127);
  std::vector<Case> cases;
  for (int i = 0; i < kCases; ++i) cases.push_back(generate(gen, i));

  int agree = 0;
  int refused = 0;
  std::vector<std::string> failures;
  for (int b = 0; b < kCases; b += kBatch) {
    std::vector<Running> batch;
    for (int i = b; i < std::min(kCases, b + kBatch); ++i) {
      Running r;
      r.dir = root / ("c" + std::to_string(i));
      fs::create_directories(r.dir);
      for (const auto& d : cases[static_cast<size_t>(i)].dirs) fs::create_directories(r.dir / d);
      for (const auto& [p, text] : cases[static_cast<size_t>(i)].extra_files) {
        fs::create_directories((r.dir / p).parent_path());
        std::ofstream(r.dir / p) << text;
      }
      std::ofstream(r.dir / "redis.conf") << cases[static_cast<size_t>(i)].main;
      r.sock = (root / ("s" + std::to_string(i) + ".sock")).string();
      batch.push_back(std::move(r));
    }
    for (size_t k = 0; k < batch.size(); ++k) start(batch[k], cases[static_cast<size_t>(b) + k], server);

    for (size_t k = 0; k < batch.size(); ++k) {
      const int i = b + static_cast<int>(k);
      const Case& c = cases[static_cast<size_t>(i)];
      Running& r = batch[k];
      // stacklint's view of the same process
      DiskFileSystem disk;
      Stack stack;
      stack.root = r.dir.string();
      RedisConfig cfg;
      StackIncludeResolver resolver(stack, disk, nullptr, "/", FileKind::redis);
      redis::Reader reader(cfg, resolver, r.dir.string());
      StackFile* file = load_stack_file(stack, disk, (r.dir / "redis.conf").string(), FileKind::redis);
      REQUIRE(file != nullptr);
      reader.read_file(*file->source, file->host_path);
      reader.read_options(oracle_args(c, r.sock), Location::whole_file("command line"));
      reader.finish();
      record_issues(stack, reader.take_errors());
      std::vector<std::string> issues;
      for (const auto& f : stack.files) {
        for (const auto& e : f.errors)
          issues.push_back(f.path + ":" + std::to_string(e.location.line) + ": " + e.message);
      }
      for (const auto& e : cfg.command_line_errors) issues.push_back("command line: " + e.message);
      std::string config_cmd = "CONFIG";  // as rename-command left it, in stacklint's view
      for (const auto& rc : cfg.renamed_commands) {
        std::string from = rc.value[0];
        for (char& ch : from) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (from == "config") config_cmd = rc.value[1];
      }
      collect(r, expected_value(cfg, "requirepass"), config_cmd);

      std::string problem;
      const bool refused_config = r.refused && (r.output.find("FATAL CONFIG FILE ERROR") != std::string::npos ||
                                                r.output.find("can't open config file") != std::string::npos);
      if (r.refused && !refused_config) problem = "server exited for another reason";
      if (refused_config != !issues.empty()) {
        problem = refused_config ? "server refused, stacklint found no error" : "stacklint error, server started";
      }
      if (problem.empty() && !refused_config) {
        if (r.values.empty()) problem = "no CONFIG GET answer " + r.error;
        for (const auto& name : kParams) {
          const auto it = r.values.find(name);
          if (it == r.values.end()) continue;
          const std::string mine = expected_value(cfg, name);
          if (mine != it->second) problem += name + ": server '" + it->second + "' stacklint '" + mine + "'; ";
        }
      }
      if (refused_config) ++refused;
      if (problem.empty()) {
        ++agree;
      } else {
        std::string detail = "case " + std::to_string(i) + ": " + problem + "\n--- redis.conf\n" + c.main;
        for (const auto& o : c.options) detail += "[arg] " + o + "\n";
        for (const auto& is : issues) detail += "[stacklint] " + is + "\n";
        detail += "[server] " + r.output.substr(0, 600) + "\n";
        failures.push_back(detail);
      }
    }
  }
  fs::remove_all(root);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "redis oracle: " << agree << "/" << kCases << " configs agree (" << refused
            << " refused by redis-server) in " << secs << " s\n";
  for (const auto& f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
  CHECK(refused > 20);
  CHECK(refused < kCases - 40);
  CHECK(secs < 90);
}
