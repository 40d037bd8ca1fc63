// Fingerprints of findings and the baseline file (`--write-baseline F`, `--baseline F`).
//
// A fingerprint hashes the rule id, the file, the trimmed text of the finding's primary line and
// the message, not the line number: it survives unrelated lines moving above the finding.
// The baseline file is JSON:
//   {"version": 1, "tool": "stacklint",
//    "findings": [{"fingerprint": "9f0c...", "rule": "...", "file": "...", "message": "..."}]}
// Only "fingerprint" is read back; the rest is for people reviewing the file. A fingerprint listed
// N times drops up to N findings with that fingerprint.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/stack.h"

namespace stacklint {

// 16 hex digits (FNV-1a, 64 bits).
std::string fingerprint(const Stack& stack, const Diagnostic& d);

std::string render_baseline(const Stack& stack, const std::vector<Diagnostic>& diags);

// Fingerprint -> count, or nullopt with *error set when the text is not a baseline file.
std::optional<std::map<std::string, int>> parse_baseline(std::string_view text, std::string* error);

// The findings not recorded in the baseline.
std::vector<Diagnostic> filter_baseline(const Stack& stack, std::vector<Diagnostic> diags,
                                        std::map<std::string, int> baseline);

}  // namespace stacklint
