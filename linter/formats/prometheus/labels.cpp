#include "linter/formats/prometheus/labels.h"

#include <cstdint>

#include "linter/source/utf8.h"

namespace stacklint::prometheus {

bool valid_label_name(std::string_view name, bool utf8) {
  if (name.empty()) return false;
  if (utf8) return valid_utf8(name);
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool valid_metric_name(std::string_view name, bool utf8) {
  if (name.empty()) return false;
  if (utf8) return valid_utf8(name);
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace stacklint::prometheus
