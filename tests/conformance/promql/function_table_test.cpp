// Conformance of the PromQL function table with Prometheus's promql/parser/functions.go at
// kFunctionTableCommit, stated independently below (one row per function, from that file and its
// history), and checked through the parser as users meet it: every function called right, with one
// argument too few and too many, with a wrong type in every position, without the experimental
// flag, and just before the release that added it. Expected messages and byte ranges are the ones
// Prometheus's checkAST / generated_parser.y produce; where the installed promtool (2.42) knows the
// function, the same calls go through `promtool check rules` and must get the same first message
// at the same column.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "linter/formats/promql/functions.h"
#include "linter/formats/promql/parser.h"
#include "tests/support/run.h"
#include "tests/support/skip.h"

namespace {

using stacklint::promql::ParseOptions;

// name, argument types (v instant vector, m range vector, s scalar, str string; - none), variadic,
// return type, first release (- older than 2.16; -..X.Y removed in X.Y), experimental
// (exp; exp..X.Y experimental until X.Y; - never).
constexpr const char* kSpec = R"(
abs                            v                    0 v  -     -
absent                         v                    0 v  -     -
absent_over_time               m                    0 v  2.16  -
acos                           v                    0 v  2.31  -
acosh                          v                    0 v  2.31  -
asin                           v                    0 v  2.31  -
asinh                          v                    0 v  2.31  -
atan                           v                    0 v  2.31  -
atanh                          v                    0 v  2.31  -
avg_over_time                  m                    0 v  -     -
ceil                           v                    0 v  -     -
changes                        m                    0 v  -     -
clamp                          v,s,s                0 v  2.26  -
clamp_max                      v,s                  0 v  -     -
clamp_min                      v,s                  0 v  -     -
cos                            v                    0 v  2.31  -
cosh                           v                    0 v  2.31  -
count_over_time                m                    0 v  -     -
day_of_month                   v                    1 v  -     -
day_of_week                    v                    1 v  -     -
day_of_year                    v                    1 v  2.36  -
days_in_month                  v                    1 v  -     -
deg                            v                    0 v  2.31  -
delta                          m                    0 v  -     -
deriv                          m                    0 v  -     -
double_exponential_smoothing   m,s,s                0 v  3.0   exp
end                            -                    0 s  3.12  exp
exp                            v                    0 v  -     -
first_over_time                m                    0 v  3.7   exp..3.14
floor                          v                    0 v  -     -
histogram_avg                  v                    0 v  2.51  -
histogram_count                v                    0 v  2.40  -
histogram_fraction             s,s,v                0 v  2.40  -
histogram_quantile             s,v                  0 v  -     -
histogram_quantiles            v,str,s,s            9 v  3.11  exp
histogram_stddev               v                    0 v  2.47  -
histogram_stdvar               v                    0 v  2.47  -
histogram_sum                  v                    0 v  2.40  -
hour                           v                    1 v  -     -
idelta                         m                    0 v  -     -
increase                       m                    0 v  -     -
info                           v,v                  1 v  2.55  exp
irate                          m                    0 v  -     -
label_join                     v,str,str,str       -1 v  -     -
label_replace                  v,str,str,str,str    0 v  -     -
last_over_time                 m                    0 v  2.26  -
ln                             v                    0 v  -     -
log10                          v                    0 v  -     -
log2                           v                    0 v  -     -
mad_over_time                  m                    0 v  2.49  exp
max_of                         s,s                  0 s  3.13  exp
max_over_time                  m                    0 v  -     -
min_of                         s,s                  0 s  3.13  exp
min_over_time                  m                    0 v  -     -
minute                         v                    1 v  -     -
month                          v                    1 v  -     -
pi                             -                    0 s  2.31  -
predict_linear                 m,s                  0 v  -     -
present_over_time              m                    0 v  2.29  -
quantile_over_time             s,m                  0 v  -     -
rad                            v                    0 v  2.31  -
range                          -                    0 s  3.12  exp
rate                           m                    0 v  -     -
resets                         m                    0 v  -     -
round                          v,s                  1 v  -     -
scalar                         v                    0 s  -     -
sgn                            v                    0 v  2.26  -
sin                            v                    0 v  2.31  -
sinh                           v                    0 v  2.31  -
sort                           v                    0 v  -     -
sort_by_label                  v,str               -1 v  2.49  exp
sort_by_label_desc             v,str               -1 v  2.49  exp
sort_desc                      v                    0 v  -     -
sqrt                           v                    0 v  -     -
start                          -                    0 s  3.12  exp
start_timestamp                v                    0 v  3.14  exp
stddev_over_time               m                    0 v  -     -
stdvar_over_time               m                    0 v  -     -
step                           -                    0 s  3.12  exp
sum_over_time                  m                    0 v  -     -
tan                            v                    0 v  2.31  -
tanh                           v                    0 v  2.31  -
time                           -                    0 s  -     -
timestamp                      v                    0 v  -     -
ts_of_first_over_time          m                    0 v  3.7   exp
ts_of_last_over_time           m                    0 v  3.5   exp
ts_of_max_over_time            m                    0 v  3.5   exp
ts_of_min_over_time            m                    0 v  3.5   exp
vector                         s                    0 v  -     -
year                           v                    1 v  -     -
holt_winters                   m,s,s                0 v  -..3.0 -
)";

struct Version {
  int major = 0, minor = 0;
};

struct Spec {
  std::string name;
  std::vector<std::string> args;
  int variadic = 0;
  std::string ret;
  Version since, until{99, 0};
  bool experimental = false;
  Version stable{99, 0};
};

Version version(const std::string& s) {
  const auto dot = s.find('.');
  return Version{std::stoi(s.substr(0, dot)), std::stoi(s.substr(dot + 1))};
}

std::vector<Spec> specs() {
  std::vector<Spec> out;
  std::istringstream in(kSpec);
  std::string name, args, variadic, ret, since, flag;
  while (in >> name >> args >> variadic >> ret >> since >> flag) {
    Spec s{.name = name, .variadic = std::stoi(variadic), .ret = ret};
    for (size_t start = 0; args != "-" && start <= args.size();) {
      const size_t comma = args.find(',', start);
      s.args.push_back(args.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (since.starts_with("-..")) {
      s.until = version(since.substr(3));
    } else if (since != "-") {
      s.since = version(since);
    }
    s.experimental = flag.starts_with("exp");
    if (flag.starts_with("exp..")) s.stable = version(flag.substr(5));
    out.push_back(std::move(s));
  }
  return out;
}

// Prometheus's DocumentedType.
std::string documented(const std::string& t) {
  if (t == "v") return "instant vector";
  if (t == "m") return "range vector";
  if (t == "s") return "scalar";
  return "string";
}

// An argument of type t, and one of another type.
std::string good_arg(const Spec& f, size_t i, const std::string& t) {
  if (f.name == "info" && i == 1) return "{job=\"a\"}";  // label selectors only
  if (t == "v") return "foo";
  if (t == "m") return "foo[5m]";
  if (t == "s") return "0.5";
  return "\"a\"";
}
std::string bad_arg(const std::string& t) {
  if (t == "v") return "foo[5m]";
  if (t == "m") return "foo";
  if (t == "s") return "\"x\"";
  return "1";
}
std::string bad_type(const std::string& t) {
  if (t == "v") return "range vector";
  if (t == "m") return "instant vector";
  if (t == "s") return "string";
  return "scalar";
}

struct Case {
  std::string expr;
  ParseOptions opts;
  std::string error;  // "" = accepted
  uint32_t begin = 0, end = 0;
  const Spec* spec = nullptr;
};

std::string call(const Spec& f, const std::vector<std::string>& args) {
  std::string s = f.name + "(";
  for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i];
  return s + ")";
}

std::string quoted(const std::string& name) {
  return "\"" + name + "\"";
}

ParseOptions at(Version v, bool experimental) {
  return ParseOptions{.experimental_functions = experimental,
                      .major = v.major,
                      .minor = v.minor,
                      .extended_range_selectors = true,
                      .duration_expressions = true};
}

std::vector<Case> cases_for(const Spec& f) {
  using stacklint::promql::kFunctionTableMajor;
  using stacklint::promql::kFunctionTableMinor;
  const Version table{kFunctionTableMajor, kFunctionTableMinor};
  const Version known = f.until.major < 99 ? Version{f.until.major - 1, 99} : table;
  std::vector<Case> out;
  std::vector<std::string> good;
  for (size_t i = 0; i < f.args.size(); ++i) good.push_back(good_arg(f, i, f.args[i]));
  const std::string ok = call(f, good);
  const auto whole = [](const std::string& e) { return static_cast<uint32_t>(e.size()); };
  const auto name_end = static_cast<uint32_t>(f.name.size());
  const auto n = static_cast<int>(f.args.size());

  out.push_back({ok, at(known, true), "", 0, 0, &f});
  const bool experimental_now = f.experimental && (known.major < f.stable.major ||
                                                   (known.major == f.stable.major && known.minor < f.stable.minor));
  if (experimental_now) {
    out.push_back({ok, at(known, false), "function " + quoted(f.name) + " is not enabled", 0, name_end, &f});
  } else {
    out.push_back({ok, at(known, false), "", 0, 0, &f});
  }
  if (f.stable.major < 99) {  // experimental just before it became stable
    const Version before{f.stable.major, f.stable.minor - 1};
    out.push_back({ok, at(before, false), "function " + quoted(f.name) + " is not enabled", 0, name_end, &f});
  }
  if (f.since.major > 0 && f.since.minor > 0) {  // unknown just before its first release
    const Version before{f.since.major, f.since.minor - 1};
    if (f.name == "start" || f.name == "end" || f.name == "step" || f.name == "range") {
      // Keywords then (@ modifiers, durations): a selector followed by a parenthesis.
      out.push_back({ok, at(before, true), "unexpected \"(\"", name_end, name_end + 1, &f});
    } else {
      out.push_back({ok, at(before, true), "unknown function with name " + quoted(f.name), 0, name_end, &f});
    }
  }
  if (f.until.major < 99) {
    out.push_back({ok, at(f.until, true), "unknown function with name " + quoted(f.name), 0, name_end, &f});
  }
  // Arity: one too few, one too many.
  if (n > 0) {
    std::vector<std::string> fewer(good.begin(), good.end() - (f.variadic == 0 ? 1 : std::min(2, n)));
    const std::string e = call(f, fewer);
    const std::string want = f.variadic == 0
                                 ? "expected " + std::to_string(n) + " argument(s) in call to " + quoted(f.name) +
                                       ", got " + std::to_string(fewer.size())
                                 : "expected at least " + std::to_string(n - 1) + " argument(s) in call to " +
                                       quoted(f.name) + ", got " + std::to_string(fewer.size());
    if (f.variadic == 0 || n >= 2) out.push_back({e, at(known, true), want, 0, whole(e), &f});
  }
  {
    std::vector<std::string> more = good;
    const int extra = f.variadic > 0 ? f.variadic : 1;
    for (int i = 0; i < extra; ++i) more.push_back(n > 0 ? good.back() : "1");
    if (f.variadic > 0) more.push_back(good.back());
    const std::string e = call(f, more);
    if (f.variadic == 0) {
      out.push_back({e, at(known, true),
                     "expected " + std::to_string(n) + " argument(s) in call to " + quoted(f.name) + ", got " +
                         std::to_string(more.size()),
                     0, whole(e), &f});
    } else if (f.variadic > 0) {
      out.push_back({e, at(known, true),
                     "expected at most " + std::to_string(n - 1 + f.variadic) + " argument(s) in call to " +
                         quoted(f.name) + ", got " + std::to_string(more.size()),
                     0, whole(e), &f});
    } else {
      out.push_back({e, at(known, true), "", 0, 0, &f});  // unlimited
    }
  }
  // A wrong type in every position.
  for (size_t i = 0; i < f.args.size(); ++i) {
    std::vector<std::string> args = good;
    args[i] = bad_arg(f.args[i]);
    const std::string e = call(f, args);
    uint32_t begin = 0;
    for (size_t j = 0; j < i; ++j) begin += static_cast<uint32_t>(args[j].size() + 2);
    begin += static_cast<uint32_t>(f.name.size() + 1);
    const std::string want = "expected type " + documented(f.args[i]) + " in call to function " + quoted(f.name) +
                             ", got " + bad_type(f.args[i]);
    if (f.name == "info" && i == 1) {  // checked on the whole call first
      out.push_back({e, at(known, true), want, 0, whole(e), &f});
    } else {
      out.push_back({e, at(known, true), want, begin, begin + static_cast<uint32_t>(args[i].size()), &f});
    }
  }
  return out;
}

std::string describe(const Case& c) {
  return c.expr + " (Prometheus " + std::to_string(c.opts.major) + "." + std::to_string(c.opts.minor) +
         (c.opts.experimental_functions ? ", experimental functions on" : "") + ")";
}

}  // namespace

TEST_CASE("function table: every function's arity, argument types, experimental flag and first release") {
  const auto spec = specs();
  REQUIRE(spec.size() == 91);
  std::vector<std::string> failures;
  int total = 0;
  for (const Spec& f : spec) {
    const auto* fn = stacklint::promql::find_function(
        f.name, f.until.major < 99 ? f.until.major - 1 : stacklint::promql::kFunctionTableMajor,
        f.until.major < 99 ? 99 : stacklint::promql::kFunctionTableMinor);
    if (fn == nullptr) {
      failures.push_back(f.name + ": not in the table");
      continue;
    }
    const std::string ret = fn->return_type == stacklint::promql::ValueType::scalar ? "s" : "v";
    if (ret != f.ret) failures.push_back(f.name + ": return type " + ret + ", want " + f.ret);
    for (const Case& c : cases_for(f)) {
      ++total;
      const auto r = stacklint::promql::parse(c.expr, c.opts);
      std::string got = r.errors.empty() ? "" : r.errors.front().message;
      bool same = got == c.error && r.ok() == c.error.empty();
      if (same && !c.error.empty()) same = r.errors.front().begin == c.begin && r.errors.front().end == c.end;
      if (!same) {
        failures.push_back(
            describe(c) + "\n    want: " + (c.error.empty() ? "(accepted)" : c.error) + " @" + std::to_string(c.begin) +
            ".." + std::to_string(c.end) + "\n    got:  " + (got.empty() ? "(accepted)" : got) +
            (r.errors.empty()
                 ? ""
                 : " @" + std::to_string(r.errors.front().begin) + ".." + std::to_string(r.errors.front().end)));
      }
    }
  }
  std::cout << "function table: " << total - static_cast<int>(failures.size()) << "/" << total
            << " calls as Prometheus " << stacklint::promql::kFunctionTableMajor << "."
            << stacklint::promql::kFunctionTableMinor << " (" << stacklint::promql::kFunctionTableCommit
            << ") judges them\n";
  for (const auto& f : failures) std::cout << "  " << f << "\n";
  CHECK(failures.empty());
}

TEST_CASE("function table: the calls promtool 2.42 knows get its first message at its column") {
  const char* promtool = "/usr/bin/promtool";
  if (access(promtool, X_OK) != 0) {
    stacklint::test::skip_because(
        "promtool is not installed at /usr/bin/promtool: the function table was not compared with it");
    return;
  }
  const ParseOptions v242{.major = 2, .minor = 42};
  std::vector<std::string> exprs;
  for (const Spec& f : specs()) {
    if (stacklint::promql::find_function(f.name, 2, 42) == nullptr) continue;
    for (const Case& c : cases_for(f)) exprs.push_back(c.expr);
  }
  REQUIRE(exprs.size() > 300);
  char tmpl[] = "/tmp/stacklint-fn-table-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  REQUIRE(dir != nullptr);
  const std::string file = std::string(dir) + "/rules.yml";
  {
    std::ofstream out(file);
    out << "groups:\n- name: g\n  rules:\n";
    for (size_t i = 0; i < exprs.size(); ++i) {
      std::string q;
      for (const char ch : exprs[i]) q += ch == '\'' ? std::string("''") : std::string(1, ch);
      out << "  - record: r" << i << "\n    expr: '" << q << "'\n";
    }
  }
  const auto run = stacklint::test::run_command(std::string(promtool) + " check rules " + file, true);
  std::filesystem::remove_all(dir);
  // `rule N, "rN": could not parse expression: 1:COL: parse error: MESSAGE`
  static const std::regex kLine(R"re(rule (\d+), "r\d+": could not parse expression: 1:(\d+): parse error: (.*)$)re");
  std::map<size_t, std::pair<uint32_t, std::string>> theirs;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kLine)) {
      theirs[std::stoul(m[1]) - 1] = {static_cast<uint32_t>(std::stoul(m[2]) - 1), m[3]};
    }
  }
  std::vector<std::string> failures;
  for (size_t i = 0; i < exprs.size(); ++i) {
    const auto r = stacklint::promql::parse(exprs[i], v242);
    const auto it = theirs.find(i);
    const std::string want =
        it == theirs.end() ? "(accepted)" : it->second.second + " @" + std::to_string(it->second.first);
    const std::string got =
        r.errors.empty() ? "(accepted)" : r.errors.front().message + " @" + std::to_string(r.errors.front().begin);
    if (want != got) failures.push_back(exprs[i] + "\n    promtool:  " + want + "\n    stacklint: " + got);
  }
  std::cout << "function table vs promtool 2.42: " << exprs.size() - failures.size() << "/" << exprs.size()
            << " calls agree\n";
  for (const auto& f : failures) std::cout << "  " << f << "\n";
  CHECK(failures.empty());
}
