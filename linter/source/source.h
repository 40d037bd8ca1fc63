// Source files, locations and diagnostics: the vocabulary every layer of stacklint shares.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stacklint {

// A position in a file. Lines and columns are 1-based; columns count Unicode code points
// (what libyaml's marks count and what SARIF's unicodeCodePoints column kind means).
// Offsets are 0-based byte offsets into the file.
struct Mark {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t offset = 0;
};

// A span in a file: [begin, end). `file` is the path relative to the stack root, with '/'.
struct Location {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t end_line = 0;
  uint32_t end_column = 0;
  uint32_t offset = 0;
  uint32_t end_offset = 0;

  [[nodiscard]] bool valid() const { return line > 0; }
  // A location covering a whole file (used when nothing more precise exists).
  static Location whole_file(std::string file) {
    return Location{.file = std::move(file), .line = 1, .column = 1, .end_line = 1, .end_column = 1};
  }
  friend bool operator==(const Location&, const Location&) = default;
};

// A value and where it was written.
template <class T>
struct Located {
  T value{};
  Location location;
};

// The bytes of one file plus a line index, so byte offsets map to line/column quickly.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

  // Line (1-based) and column (1-based, in code points) of a byte offset. Offsets past the end
  // clamp to the end of the file.
  [[nodiscard]] Mark mark_at(uint32_t offset) const;
  // The location of the byte range [begin, end).
  [[nodiscard]] Location span(uint32_t begin, uint32_t end) const;
  // The text of a line (1-based) without its line terminator.
  [[nodiscard]] std::string_view line_text(uint32_t line) const;
  // Byte offset of the start of a line (1-based).
  [[nodiscard]] uint32_t line_offset(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

using SourcePtr = std::shared_ptr<const SourceFile>;

// Counts the code points of UTF-8 text (continuation bytes are not counted).
uint32_t count_code_points(std::string_view text);

enum class Severity : uint8_t { note = 0, warning = 1, error = 2 };
std::string_view to_string(Severity s);
// Parses "error", "warning" or "note"; returns false on anything else.
bool parse_severity(std::string_view text, Severity& out);

// A secondary location of a finding: the other side of a cross-file contradiction.
struct Related {
  std::string message;
  Location location;
};

// A problem found while reading a file: parsers record these in the model; the `*/syntax` rules
// report them. Never thrown.
struct ParseIssue {
  std::string message;
  Location location;
  std::vector<Related> related;
};

// One reported finding.
struct Diagnostic {
  std::string rule;
  Severity severity = Severity::warning;
  std::string message;
  Location location;
  std::vector<Related> related;
};

// Sort order of output: file, line, column, rule, message.
bool diagnostic_less(const Diagnostic& a, const Diagnostic& b);

}  // namespace stacklint
