// Differential test: random PromQL expressions (valid and slightly broken, seeded, reproducible)
// judged by our parser with ParseOptions{2, 42} and by `promtool check rules` (Prometheus 2.42).
// Every disagreement fails with the expression printed. Skips with a WARN when promtool is missing.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "linter/formats/promql/functions.h"
#include "linter/formats/promql/parser.h"
#include "tests/support/skip.h"

namespace {

using stacklint::promql::ValueType;

// Syntax that later Prometheus versions accept (or changed): 2.42 must judge it as 2.42 did.
const std::vector<std::string>& newer_feature_cases() {
  static const std::vector<std::string> kCases = {
      R"({"foo"})",
      R"({"foo.bar", a="b"})",
      "foo[5]",
      "foo offset 60",
      "5m",
      "foo @ 1m",
      "limitk(1, foo)",
      "limit_ratio(0.5, foo)",
      "histogram_avg(foo)",
      R"(sort_by_label(foo, "a"))",
      "mad_over_time(foo[5m])",
      "info(foo)",
      "double_exponential_smoothing(foo[5m], 0.5, 0.5)",
      "holt_winters(foo[5m], 0.5, 0.5)",
      "foo[5m+1m]",
      "foo[step()]",
      "foo offset (5m)",
      R"(sum by ("a") (foo))",
      "foo anchored",
      "foo[5m] smoothed",
      "a </ b",
      "a * fill(0) b",
      "foo[0s]",
      "foo offset 0s",
      "1_000",
      "0x1F",
      "start()",
      "step()",
      "foo[1m:0s]",
      "present_over_time(foo[5m])",
      "sum by (a:b) (foo)",
      R"(foo{a="\xff"})",
      "-foo[5m]",
      "foo[5m] offset 1m offset 2m",
      "foo offset 1m @ 2 @ 3",
      "count_values(1, foo)",
      R"(quantile("x", foo))",
      R"(label_join(foo, "a", ","))",
      "round(foo, 1, 2)",
      "time(1)",
      "foo == bool on(a) group_left bar",
      "foo and on(a) group_left bar",
      "1 + on(a) 2",
      "sum without () (foo)",
      "sum(foo) by ()",
      "topk(1, foo,)",
      "foo[1y2w3d4h5m6s7ms]",
      "foo[1h1h]",
      "foo[5m:1m:]",
      "foo[ 5m ]",
      "foo[5m] [1m]",
      "(foo)[5m]",
      "(foo)[5m:]",
      "foo offset -0s",
      "foo @ -Inf",
      "foo @ 1e30",
      "sum(foo) @ 5",
      "rate(foo[5m] @ start())",
      "abs(-(1))",
      "+-+-1",
      "2 ^ -1 ^ 2",
      "foo # comment",
      "# only a comment",
      "",
  };
  return kCases;
}

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}

  std::string expr(int depth) {
    switch (pick(depth <= 0 ? 3 : 9)) {
      case 0:
        return selector();
      case 1:
        return selector() + modifiers();
      case 2:
        return number();
      case 3:
        return call(depth, ValueType::vector);
      case 4:
        return aggregate(depth);
      case 5:
        return binary(depth);
      case 6:
        return "(" + expr(depth - 1) + ")";
      case 7:
        return (chance(2) ? "-" : "+") + expr(depth - 1);
      default:
        return subquery_call(depth);
    }
  }

  std::string mutate(std::string s) {
    static const std::string kChars = "(){}[],=!~<>+-*/%^@:\"' abcxyz015.";
    const int n = 1 + pick(2);
    for (int i = 0; i < n && !s.empty(); ++i) {
      const size_t pos = static_cast<size_t>(pick(static_cast<int>(s.size())));
      switch (pick(3)) {
        case 0:
          s.erase(pos, 1);
          break;
        case 1:
          s.insert(pos, 1, kChars[static_cast<size_t>(pick(static_cast<int>(kChars.size())))]);
          break;
        default:
          s[pos] = kChars[static_cast<size_t>(pick(static_cast<int>(kChars.size())))];
          break;
      }
    }
    return s;
  }

  // Semantically broken but well-formed-looking expressions.
  std::string semantic_break(int depth) {
    switch (pick(9)) {
      case 8:
        return newer_feature();
      case 0:
        return "rate(" + selector() + ")";
      case 1:
        return number() + " " + pick_of({"and", "or", "unless"}) + " " + selector();
      case 2:
        return number() + " > " + number();
      case 3:
        return selector() + " + bool " + selector();
      case 4:
        return "topk(" + selector() + ", " + selector() + ")";
      case 5:
        return "sum(" + selector() + "[5m])";
      case 6:
        return "{" + pick_of({"a=\"\"", "a=~\".*\"", "a!=\"x\""}) + "}";
      default:
        return "abs(" + expr(depth) + ", 1)";
    }
  }

  std::string newer_feature() {
    const auto& cases = newer_feature_cases();
    return cases[static_cast<size_t>(pick(static_cast<int>(cases.size())))];
  }
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int n) { return pick(n) == 0; }

 private:
  std::string pick_of(std::initializer_list<const char*> xs) {
    return *(xs.begin() + pick(static_cast<int>(xs.size())));
  }
  std::string number() {
    switch (pick(6)) {
      case 0:
        return std::to_string(pick(100));
      case 1:
        return "0." + std::to_string(pick(100));
      case 2:
        return std::to_string(pick(10)) + "e" + std::to_string(pick(5));
      case 3:
        return "0x" + std::to_string(pick(50));
      case 4:
        return pick_of({"Inf", "NaN", "1_000", "-1", ".5", "5."});
      default:
        return std::to_string(pick(1000)) + ".5";
    }
  }
  std::string duration() {
    switch (pick(5)) {
      case 0:
        return std::to_string(1 + pick(60)) + "s";
      case 1:
        return std::to_string(1 + pick(60)) + "m";
      case 2:
        return "1h" + std::to_string(1 + pick(59)) + "m";
      case 3:
        return std::to_string(1 + pick(7)) + pick_of({"d", "w", "y", "h", "ms"});
      default:
        return pick_of({"5m", "1m30s", "0s", "2h", "5m1h", "10x"});
    }
  }
  std::string label() { return pick_of({"job", "instance", "le", "code", "mode", "by", "on", "sum", "a_b"}); }
  std::string metric() {
    return pick_of({"up", "http_requests_total", "node_cpu_seconds_total", "x_bucket", "foo:bar:rate5m", "sum",
                    "offset", "on", "bool", "min", "start", "limitk"});
  }
  std::string matcher() {
    std::string m = label() + pick_of({"=", "!=", "=~", "!~"});
    m += pick_of({"\"a\"", "\"5..\"", "'x'", "\"\"", "\".*\"", "\".+\"", "\"(a|b\"", "`raw`", "\"a\\\\.b\""});
    return m;
  }
  std::string selector() {
    std::string s = chance(5) ? "" : metric();
    if (s.empty() || chance(2)) {
      s += "{";
      const int n = s == "{" ? 1 + pick(2) : pick(3);
      for (int i = 0; i < n; ++i) s += (i ? ", " : "") + matcher();
      s += "}";
    }
    return s;
  }
  std::string modifiers() {
    std::string s;
    if (chance(2)) s += " offset " + std::string(chance(4) ? "-" : "") + duration();
    if (chance(3)) s += " @ " + std::string(pick_of({"100", "1609746000", "start()", "end()", "-5", "1.5"}));
    return s;
  }
  std::string range_vector(int depth) {
    if (depth > 0 && chance(4))
      return "(" + expr(depth - 1) + ")[" + duration() + ":" + (chance(2) ? duration() : "") + "]";
    return selector() + "[" + duration() + "]" + (chance(4) ? modifiers() : "");
  }
  std::string arg(ValueType t, int depth) {
    switch (t) {
      case ValueType::scalar:
        return chance(4) ? "scalar(" + selector() + ")" : number();
      case ValueType::matrix:
        return range_vector(depth);
      case ValueType::string:
        return pick_of({"\"dst\"", "\"$1\"", "\"src\"", "\"(.*)\"", "','"});
      default:
        return depth > 0 ? expr(depth - 1) : selector();
    }
  }
  std::string call(int depth, ValueType) {
    std::vector<const stacklint::promql::Function*> fs;
    for (const auto& f : stacklint::promql::all_functions()) {
      if (stacklint::promql::find_function(f.name, 2, 42) == &f) fs.push_back(&f);
    }
    const auto* f = fs[static_cast<size_t>(pick(static_cast<int>(fs.size())))];
    std::string s(f->name);
    s += "(";
    size_t n = f->arg_types.size();
    if (f->variadic > 0 && chance(2) && n > 0) n -= 1;
    for (size_t i = 0; i < n; ++i) s += (i ? ", " : "") + arg(f->arg_types[i], depth);
    return s + ")";
  }
  std::string aggregate(int depth) {
    const std::string op = pick_of({"sum", "avg", "min", "max", "count", "stddev", "stdvar", "group", "topk", "bottomk",
                                    "quantile", "count_values", "SUM"});
    std::string param;
    if (op == "topk" || op == "bottomk") param = std::to_string(1 + pick(5)) + ", ";
    if (op == "quantile") param = "0.9, ";
    if (op == "count_values") param = "\"value\", ";
    std::string grouping;
    if (chance(2))
      grouping = std::string(chance(2) ? " by" : " without") + " (" + label() + (chance(2) ? ", " + label() : "") + ")";
    const std::string body = "(" + param + expr(depth - 1) + ")";
    return chance(2) ? op + grouping + " " + body : op + " " + body + grouping;
  }
  std::string binary(int depth) {
    const std::string op =
        pick_of({"+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless", "atan2"});
    std::string mod;
    const bool cmp = op == "==" || op == "!=" || op == ">" || op == "<" || op == ">=" || op == "<=";
    if (cmp && chance(2)) mod += " bool";
    if (chance(3)) {
      mod += std::string(chance(2) ? " on" : " ignoring") + "(" + label() + ")";
      if (chance(3))
        mod += std::string(chance(2) ? " group_left" : " group_right") + (chance(2) ? "(" + label() + ")" : "");
    }
    const bool scalar_rhs = chance(3);
    return expr(depth - 1) + " " + op + mod + " " + (scalar_rhs ? number() : expr(depth - 1));
  }
  std::string subquery_call(int depth) {
    return std::string(pick_of({"max_over_time", "rate", "avg_over_time", "deriv"})) + "(" + expr(depth - 1) + "[" +
           duration() + ":" + (chance(2) ? duration() : "") + "])";
  }

  std::mt19937 rng_;
};

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

TEST_CASE("PromQL parser verdicts agree with promtool 2.42") {
  const char* promtool = "/usr/bin/promtool";
  if (access(promtool, X_OK) != 0) {
    stacklint::test::skip_because(
        "promtool is not installed at /usr/bin/promtool: the PromQL differential test did not run");
    return;
  }
  constexpr int kCount = 4000;
  Gen gen(20260527);
  std::vector<std::string> exprs;
  exprs.reserve(kCount);
  for (int i = 0; i < kCount; ++i) {
    std::string e;
    switch (gen.pick(10)) {
      case 0:
      case 1:
      case 2:
        e = gen.mutate(gen.expr(3));
        break;
      case 3:
        e = gen.semantic_break(2);
        break;
      default:
        e = gen.expr(3);
        break;
    }
    // Newlines and tabs would need care in YAML; keep expressions on one line.
    for (char& c : e) {
      if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    }
    exprs.push_back(e);
  }
  for (const auto& e : newer_feature_cases()) exprs.push_back(e);

  const auto dir = std::filesystem::temp_directory_path() / ("stacklint_promql_oracle_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "rules.yml";
  {
    std::ofstream out(file);
    out << "groups:\n- name: g\n  rules:\n";
    for (size_t i = 0; i < exprs.size(); ++i) {
      out << "  - alert: A" << i << "\n    expr: " << nlohmann::json(exprs[i]).dump() << "\n";
    }
  }
  const std::string output = run(std::string(promtool) + " check rules " + file.string() + " 2>&1");
  std::filesystem::remove_all(dir);

  // promtool lists one line per rule whose expression does not parse: `group "g", rule N, ...`.
  std::set<size_t> rejected;
  for (size_t pos = output.find(", rule "); pos != std::string::npos; pos = output.find(", rule ", pos + 1)) {
    rejected.insert(std::strtoul(output.c_str() + pos + 7, nullptr, 10) - 1);
  }
  REQUIRE(output.find("Checking") != std::string::npos);

  const stacklint::promql::ParseOptions v242{.major = 2, .minor = 42};
  int agree = 0, ours_rejected = 0;
  std::vector<std::string> disagreements;
  for (size_t i = 0; i < exprs.size(); ++i) {
    const auto r = stacklint::promql::parse(exprs[i], v242);
    const bool we_reject = !r.ok();
    ours_rejected += we_reject ? 1 : 0;
    const bool they_reject = rejected.count(i) != 0;
    if (we_reject == they_reject) {
      ++agree;
      continue;
    }
    std::string line = "expr: " + exprs[i] + "\n  promtool: " + (they_reject ? "rejects" : "accepts") +
                       "\n  stacklint: " + (we_reject ? "rejects: " + r.errors.front().message : "accepts");
    disagreements.push_back(line);
  }
  std::cout << "promtool oracle: " << agree << "/" << exprs.size() << " verdicts agree (" << ours_rejected
            << " rejected by stacklint, " << rejected.size() << " by promtool)\n";
  for (size_t i = 0; i < disagreements.size() && i < 60; ++i) std::cout << disagreements[i] << "\n";
  CHECK(disagreements.empty());
}
