// Files compiled into the binary from data/ (see cmake/embed.cmake).
#pragma once
#include <string_view>

namespace stacklint {
// The content of data/<name>, or an empty view when there is no such file.
std::string_view embedded_file(std::string_view name);
}  // namespace stacklint
