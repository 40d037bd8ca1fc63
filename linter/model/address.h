// Addresses as compose files and configs write them.
#pragma once

#include <string_view>

namespace stacklint {

// A loopback address as a host IP or a listen address is written: `127.x.y.z`, `::1` or `localhost`.
// Only the host itself reaches a port bound there.
inline bool loopback_address(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address == "localhost";
}

}  // namespace stacklint
