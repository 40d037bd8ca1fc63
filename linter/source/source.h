// Source files, locations and diagnostics: the vocabulary every layer of stacklint shares.
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
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

// A file path as locations carry it: every distinct path is stored once for the whole run (interned),
// so a Location copies a pointer, not a string. Reads, compares and prints like the string it holds.
class FilePath {
 public:
  FilePath() = default;
  FilePath(std::string_view path);  // implicit: a path reads as the string it holds
  FilePath(const std::string& path) : FilePath(std::string_view(path)) {}
  FilePath(const char* path) : FilePath(std::string_view(path)) {}

  [[nodiscard]] const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }
  operator std::string_view() const { return *text_; }
  [[nodiscard]] bool empty() const { return text_->empty(); }
  [[nodiscard]] size_t size() const { return text_->size(); }
  [[nodiscard]] const char* c_str() const { return text_->c_str(); }

  friend bool operator==(const FilePath& a, const FilePath& b) { return a.text_ == b.text_; }
  friend bool operator==(const FilePath& a, std::string_view b) { return *a.text_ == b; }
  friend bool operator==(const FilePath& a, const char* b) { return *a.text_ == b; }
  friend bool operator==(const FilePath& a, const std::string& b) { return *a.text_ == b; }
  friend std::strong_ordering operator<=>(const FilePath& a, const FilePath& b) {
    return a.text_ == b.text_ ? std::strong_ordering::equal : a.text_->compare(*b.text_) <=> 0;
  }
  friend std::string operator+(const FilePath& a, std::string_view b) { return a.str() + std::string(b); }
  friend std::string operator+(const FilePath& a, const char* b) { return a.str() + b; }
  friend std::string operator+(std::string_view a, const FilePath& b) { return std::string(a) + b.str(); }
  friend std::string operator+(const char* a, const FilePath& b) { return a + b.str(); }
  friend std::ostream& operator<<(std::ostream& out, const FilePath& p) { return out << p.str(); }

 private:
  static const std::string kEmpty;
  const std::string* text_ = &kEmpty;
};

// A span in a file: [begin, end). `file` is the path relative to the stack root, with '/'.
struct Location {
  FilePath file;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t end_line = 0;
  uint32_t end_column = 0;
  uint32_t offset = 0;
  uint32_t end_offset = 0;

  [[nodiscard]] bool valid() const { return line > 0; }
  // A location covering a whole file (used when nothing more precise exists).
  static Location whole_file(FilePath file) {
    return Location{.file = file, .line = 1, .column = 1, .end_line = 1, .end_column = 1};
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

  [[nodiscard]] const std::string& path() const { return path_.str(); }
  // The text (read again first when released: see release_text).
  [[nodiscard]] const std::string& text() const {
    if (released_.load(std::memory_order_acquire)) reread();
    return text_;
  }
  [[nodiscard]] uint32_t size() const { return size_; }
  [[nodiscard]] uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // Whether the text holds the word `stacklint` (a suppression directive may), answered without
  // reading a released text again.
  [[nodiscard]] bool mentions_stacklint() const;

  // Frees the text until something asks for it (text, mark_at, span, line_text, line_offset), which
  // then reads it again with `reader`, once (thread-safe). For the many rule files of a large run
  // (prefetch_rule_files): once their rules are read, only those with findings are looked at again.
  // A reader that fails, or gives a text of another size (the file changed on disk), gives blanks
  // with the same line breaks. Call it only while no other thread uses the file.
  using Reader = std::function<std::optional<std::string>()>;
  void release_text(Reader reader) const;

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
  void reread() const;

  FilePath path_;
  mutable std::string text_;
  uint32_t size_ = 0;
  mutable bool mentions_stacklint_ = false;  // set by release_text
  mutable std::atomic<bool> released_{false};
  mutable Reader reader_;
  std::vector<uint32_t> line_starts_;
};

using SourcePtr = std::shared_ptr<const SourceFile>;

// A text that starts with a UTF-16 byte order mark (FF FE or FE FF), as UTF-8 without the mark, as
// YAML readers decode it (libyaml; go-yaml for compose and Prometheus): a file an editor saved as
// "Unicode" (rw82 content-factory) reads and is located as its program reads it. Every SourceFile is
// so decoded: a UTF-16 postgresql.conf, redis.conf or pgbouncer.ini, whose programs read bytes, is read
// as its author meant it. Unpaired surrogates become U+FFFD. Any other text is returned as it is.
std::string decode_utf16_bom(std::string text);

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
