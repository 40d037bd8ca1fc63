#include <map>
#include <sstream>

#include "linter/model/secrets.h"
#include "linter/report/report.h"
#include "linter/source/escape.h"

namespace stacklint {

namespace {

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
  out << (l.file.empty() ? "<command line>" : escape_controls(l.file));
  if (l.valid()) out << ':' << l.line << ':' << l.column;
  out << ": ";
}

// One piece of a shown source line: its text and how many columns (code points) of the file it
// stands for.
struct Shown {
  std::string text;
  size_t length = 0;  // bytes of the line
};

// The unit of the line at byte i: a masked secret, an escaped control character, or the code point.
Shown shown_unit(std::string_view line, size_t i, uint32_t line_begin, const std::vector<SecretSpan>& masks) {
  for (const SecretSpan& m : masks) {
    if (line_begin + i >= m.begin && line_begin + i < m.end)
      return {.text = std::string(kMask), .length = std::min<size_t>(m.end - line_begin, line.size()) - i};
  }
  EscapedUnit e = escape_unit(line, i);
  return {.text = std::move(e.text), .length = e.length};
}

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// The byte offset `n` code points after (n > 0) or before (n < 0) `i` in `line`, clamped to it.
size_t step(std::string_view line, size_t i, int64_t n) {
  for (; n > 0 && i < line.size(); --n) {
    ++i;
    while (i < line.size() && continuation(line[i])) ++i;
  }
  for (; n < 0 && i > 0; ++n) {
    --i;
    while (i > 0 && continuation(line[i])) --i;
  }
  return i;
}

// Excerpts of lines longer than kLongLine bytes (minified files, a 16 MB one-line attack) show a
// window of kExcerptWidth code points around the span.
constexpr size_t kLongLine = 1000;
constexpr int64_t kContextBefore = 80;
constexpr int64_t kExcerptWidth = 240;

// The source line and a caret under the span (tildes for the rest of the span on that line).
// Control characters are escaped and secrets masked; the caret follows the line as shown.
void write_snippet(std::ostringstream& out, const StackFile& file, const Location& l, bool color) {
  const SourceFile& src = *file.source;
  if (!l.valid() || l.line > src.line_count()) return;
  const std::string_view line = src.line_text(l.line);
  const uint32_t line_begin = src.line_offset(l.line);
  // Where the span starts and ends on this line, in bytes (the offset when it agrees, else counted).
  const int64_t before = int64_t{l.offset} - line_begin;  // bytes before the span on its line
  const bool have_offset = before >= 0 && before <= static_cast<int64_t>(line.size()) &&
                           before >= int64_t{l.column} - 1 && before <= 4 * (int64_t{l.column} - 1);
  const size_t start = have_offset ? static_cast<size_t>(before) : step(line, 0, int64_t{l.column} - 1);
  const bool multi_line = l.end_line > l.line;
  const int64_t span_columns = l.end_line == l.line && l.end_column > l.column ? int64_t{l.end_column} - l.column : 1;
  const size_t end = multi_line ? line.size() : step(line, start, span_columns);
  const bool long_line = line.size() > kLongLine;
  const size_t window_begin = long_line ? step(line, start, -kContextBefore) : 0;
  const size_t window_end = long_line ? step(line, window_begin, kExcerptWidth) : line.size();
  const std::vector<SecretSpan> masks = secrets_between(file, line_begin + static_cast<uint32_t>(window_begin),
                                                        line_begin + static_cast<uint32_t>(window_end));
  std::string shown = window_begin > 0 ? "..." : "";
  std::string pad(shown.size(), ' ');  // up to the span; tabs kept so the caret lines up under them
  size_t width = 0;                    // of the span, as shown
  for (size_t i = window_begin; i < window_end;) {
    const Shown u = shown_unit(line, i, line_begin, masks);
    const size_t w = count_code_points(u.text);
    if (i < start) {
      pad += u.text == "\t" ? u.text : std::string(w, ' ');
    } else if (i < end) {
      width += w;
    }
    shown += u.text;
    i += u.length;
  }
  if (window_end < line.size()) {
    shown += "...";
  } else if (!multi_line) {
    // A span past the end of the line (its line break) keeps its columns.
    const int64_t on_line = count_code_points(line.substr(std::min(start, line.size())));
    if (span_columns > on_line) width += static_cast<size_t>(span_columns - on_line);
  }
  out << "  " << shown << '\n' << "  " << pad;
  if (color) out << "\x1b[1;32m";
  out << '^';
  for (size_t k = 1; k < width; ++k) out << '~';
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
    out << ' ' << escape_controls(d.message) << " [" << d.rule << "]\n";
    if (const StackFile* f = stack.find_file(d.location.file); f != nullptr && f->source)
      write_snippet(out, *f, d.location, options.color);
    for (const Related& r : d.related) {
      write_location(out, r.location);
      if (options.color) out << color_of(Severity::note);
      out << "note:";
      if (options.color) out << "\x1b[0m";
      out << ' ' << escape_controls(r.message) << '\n';
    }
  }
  if (!diags.empty()) {
    out << counts[Severity::error] << (counts[Severity::error] == 1 ? " error, " : " errors, ")
        << counts[Severity::warning] << (counts[Severity::warning] == 1 ? " warning, " : " warnings, ")
        << counts[Severity::note] << (counts[Severity::note] == 1 ? " note" : " notes") << '\n';
  }
  return defuse_log_commands(out.str());
}

}  // namespace stacklint
