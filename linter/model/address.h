// Addresses as compose files and configs write them.
#pragma once

#include <algorithm>
#include <string_view>

namespace stacklint {

// A loopback address as a host IP or a listen address is written: `127.x.y.z`, `::1` or `localhost`.
// Only the host itself reaches a port bound there.
inline bool loopback_address(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address == "localhost";
}

// A list of listen addresses (postgres `listen_addresses = 'localhost, 127.0.0.1'`, redis `bind
// 127.0.0.1 -::1`, pgbouncer `listen_addr`), split at commas and blanks, that names at least one
// address and only loopback ones (redis's `-` prefix: an address it may fail to bind).
inline bool loopback_only(std::string_view list) {
  bool any = false;
  size_t start = 0;
  while (start < list.size()) {
    const size_t end = std::min(list.find_first_of(", \t", start), list.size());
    std::string_view item = list.substr(start, end - start);
    start = end + 1;
    if (item.starts_with('-')) item.remove_prefix(1);
    if (item.empty()) continue;
    if (!loopback_address(item)) return false;
    any = true;
  }
  return any;
}

}  // namespace stacklint
