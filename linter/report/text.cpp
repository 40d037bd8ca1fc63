#include <map>
#include <sstream>

#include "linter/report/report.h"

namespace stacklint {

namespace {

const SourceFile* find_source(const Stack& stack, const std::string& path) {
  const StackFile* f = stack.find_file(path);
  return f == nullptr ? nullptr : f->source.get();
}

std::string_view color_of(Severity s) {
  switch (s) {
    case Severity::error:
      return "\x1b[1;31m";
    case Severity::warning:
      return "\x1b[1;35m";
    case Severity::note:
      return "\x1b[1;36m";
  }
  return "";
}

void write_location(std::ostringstream& out, const Location& l) {
  out << (l.file.empty() ? "<command line>" : l.file);
  if (l.valid()) out << ':' << l.line << ':' << l.column;
  out << ": ";
}

// The source line and a caret under the span (tildes for the rest of the span on that line).
void write_snippet(std::ostringstream& out, const SourceFile& src, const Location& l, bool color) {
  if (!l.valid() || l.line > src.line_count()) return;
  const std::string_view line = src.line_text(l.line);
  out << "  " << line << '\n' << "  ";
  // Keep tabs so the caret lines up under them.
  uint32_t col = 1;
  size_t i = 0;
  for (; i < line.size() && col < l.column; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0U) == 0x80U) continue;
    out << (line[i] == '\t' ? '\t' : ' ');
    ++col;
  }
  uint32_t width = 1;
  if (l.end_line == l.line && l.end_column > l.column) width = l.end_column - l.column;
  if (l.end_line > l.line) width = std::max<uint32_t>(1, count_code_points(line.substr(std::min(i, line.size()))));
  if (color) out << "\x1b[1;32m";
  out << '^';
  for (uint32_t k = 1; k < width; ++k) out << '~';
  if (color) out << "\x1b[0m";
  out << '\n';
}

}  // namespace

std::string render_text(const Stack& stack, const std::vector<Diagnostic>& diags, const ReportOptions& options) {
  std::ostringstream out;
  std::map<Severity, int> counts;
  for (const Diagnostic& d : diags) {
    ++counts[d.severity];
    if (options.color) out << "\x1b[1m";
    write_location(out, d.location);
    if (options.color) out << "\x1b[0m" << color_of(d.severity);
    out << to_string(d.severity) << ':';
    if (options.color) out << "\x1b[0m";
    out << ' ' << d.message << " [" << d.rule << "]\n";
    if (const SourceFile* src = find_source(stack, d.location.file)) write_snippet(out, *src, d.location, options.color);
    for (const Related& r : d.related) {
      write_location(out, r.location);
      if (options.color) out << color_of(Severity::note);
      out << "note:";
      if (options.color) out << "\x1b[0m";
      out << ' ' << r.message << '\n';
    }
  }
  if (!diags.empty()) {
    out << counts[Severity::error] << (counts[Severity::error] == 1 ? " error, " : " errors, ")
        << counts[Severity::warning] << (counts[Severity::warning] == 1 ? " warning, " : " warnings, ")
        << counts[Severity::note] << (counts[Severity::note] == 1 ? " note" : " notes") << '\n';
  }
  return out.str();
}

}  // namespace stacklint
