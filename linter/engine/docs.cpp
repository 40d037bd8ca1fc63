#include "linter/engine/docs.h"

#include <optional>
#include <sstream>

namespace stacklint {

namespace {

std::string_view fence_lang(std::string_view path) {
  if (path.size() >= 4 && (path.substr(path.size() - 4) == ".yml" || path.substr(path.size() - 5) == ".yaml")) {
    return "yaml";
  }
  if (path.size() >= 5 && path.substr(path.size() - 5) == ".toml") return "toml";
  return "";
}

void write_example(std::ostringstream& out, const std::vector<ExampleFile>& files) {
  for (const ExampleFile& f : files) {
    out << "`" << f.path << "`:\n\n```" << fence_lang(f.path) << '\n' << f.content;
    if (f.content.empty() || f.content.back() != '\n') out << '\n';
    out << "```\n\n";
  }
}

}  // namespace

std::string rule_doc_path(const RuleInfo& info) {
  return "docs/rules/" + std::string(info.id) + ".md";
}

std::string render_rule_doc(const RuleInfo& info, const std::optional<std::string>& bad_output) {
  std::ostringstream out;
  out << "# " << info.id << "\n\n";
  out << "Default severity: **" << to_string(info.severity) << "**\n\n";
  if (!info.on_by_default) {
    out << "Off by default: it runs with `--rule " << info.id << "`, or with a severity for it in "
        << ".stacklint.toml (`\"" << info.id << "\" = \"" << to_string(info.severity) << "\"` under `[rules]`).\n\n";
  }
  out << "## What it finds\n\n" << info.summary << "\n\n";
  out << "## Why it matters\n\n" << info.rationale << "\n\n";
  out << "## Example that fires\n\n";
  if (!info.example_args.empty()) {
    out << "Linted with:";
    for (const auto a : info.example_args) out << ' ' << a;
    out << "\n\n";
  }
  write_example(out, info.bad_example);
  if (bad_output) {
    out << "`stacklint check . --rule " << info.id;
    for (const auto a : info.example_args) out << ' ' << a;
    out << "` prints:\n\n```\n" << *bad_output;
    if (bad_output->empty() || bad_output->back() != '\n') out << '\n';
    out << "```\n\n";
  }
  out << "## Example that does not fire\n\n";
  write_example(out, info.good_example);
  out << "## Options\n\n";
  if (info.options.empty()) {
    out << "None.\n\n";
  } else {
    out << "| option | type | default | meaning |\n|---|---|---|---|\n";
    for (const RuleOption& o : info.options) {
      out << "| `" << o.name << "` | " << o.type << " | `" << o.default_value << "` | " << o.description << " |\n";
    }
    out << "\nSet them in `.stacklint.toml`:\n\n```toml\n[rules.\"" << info.id << "\"]\n";
    for (const RuleOption& o : info.options) out << o.name << " = " << o.default_value << '\n';
    out << "```\n\n";
  }
  out << "## How to disable\n\n"
      << "For the whole project, in `.stacklint.toml`:\n\n```toml\n[rules]\n\"" << info.id << "\" = \"off\"\n```\n\n"
      << "For one line, in the file's own `#` comments:\n\n```\n# stacklint disable-next-line=" << info.id
      << " -- reason\n```\n";
  return out.str();
}

std::string render_rule_table(std::string_view link_prefix) {
  std::ostringstream out;
  out << "| id | severity | what it finds |\n|---|---|---|\n";
  for (const Rule* r : all_rules()) {
    const RuleInfo& i = r->info();
    out << "| [`" << i.id << "`](" << link_prefix << i.id << ".md) | " << to_string(i.severity)
        << (i.on_by_default ? "" : " (off by default)") << " | " << i.summary << " |\n";
  }
  return out.str();
}

std::string render_rule_index() {
  return "# Rules\n\nGenerated from the rules' metadata (`stacklint rules`). Each page: what it finds, why it "
         "matters, an example that fires and one that does not, options, how to disable.\n\n" +
         render_rule_table("");
}

std::optional<std::string> replace_readme_rule_table(std::string_view readme) {
  const size_t begin = readme.find(kReadmeTableBegin);
  const size_t end = readme.find(kReadmeTableEnd);
  if (begin == std::string_view::npos || end == std::string_view::npos || end < begin) return std::nullopt;
  const size_t body = begin + kReadmeTableBegin.size();
  std::string out(readme.substr(0, body));
  out += "\n" + render_rule_table("docs/rules/") + "\n";
  out += readme.substr(end);
  return out;
}

}  // namespace stacklint
