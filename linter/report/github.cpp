#include <sstream>

#include "linter/report/report.h"
#include "linter/source/escape.h"
#include "linter/source/fs.h"

namespace stacklint {

namespace {

// GitHub's escaping of workflow-command data: % CR LF.
std::string escape_data(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

// Properties also escape ':' and ','.
std::string escape_property(std::string_view s) {
  std::string out;
  for (const char c : escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view command(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "notice";
  }
  return "warning";
}

}  // namespace

std::string render_github(const Stack& stack, const std::vector<Diagnostic>& diags) {
  std::ostringstream out;
  auto shown = [&](const std::string& file) {
    return escape_controls(stack.root.empty() || stack.root == "." ? file
                                                                   : path::normalize(path::join(stack.root, file)));
  };
  for (const Diagnostic& d : diags) {
    const Location& l = d.location;
    out << "::" << command(d.severity) << ' ';
    if (!l.file.empty()) {
      out << "file=" << escape_property(shown(l.file)) << ',';
      if (l.valid()) {
        out << "line=" << l.line << ",col=" << l.column << ",endLine=" << std::max(l.end_line, l.line)
            << ",endColumn=" << std::max(l.end_column, l.column) << ',';
      }
    }
    std::string message = escape_controls(d.message);
    for (const Related& r : d.related) {
      message += "\nnote: ";
      if (!r.location.file.empty()) {
        message += shown(r.location.file);
        if (r.location.valid())
          message += ":" + std::to_string(r.location.line) + ":" + std::to_string(r.location.column);
        message += ": ";
      }
      message += escape_controls(r.message);
    }
    out << "title=" << escape_property(d.rule) << "::" << escape_data(message) << '\n';
  }
  return out.str();
}

}  // namespace stacklint
