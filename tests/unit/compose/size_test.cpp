#include "linter/units/size.h"

#include <catch2/catch.hpp>

#include "linter/units/format.h"

using namespace stacklint;

namespace {
std::optional<int64_t> size(const char* s, std::string* err = nullptr) {
  return parse_docker_size(s, err);
}
}  // namespace

TEST_CASE("go-units sizes: bytes, binary suffixes, optional b / ib") {
  CHECK(size("0") == 0);
  CHECK(size("1024") == 1024);
  CHECK(size("10b") == 10);
  CHECK(size("10B") == 10);
  CHECK(size("1k") == 1024);
  CHECK(size("1kb") == 1024);
  CHECK(size("1KiB") == 1024);
  CHECK(size("500M") == 524288000);
  CHECK(size("500m") == 524288000);
  CHECK(size("1g") == 1073741824);
  CHECK(size("1gb") == 1073741824);
  CHECK(size("1GiB") == 1073741824);
  CHECK(size("1GB") == 1073741824);
  CHECK(size("2t") == 2LL * 1024 * 1024 * 1024 * 1024);
  CHECK(size("1p") == 1LL << 50);
  CHECK(size("32 m") == 32LL * 1024 * 1024);
  CHECK(size("0.5g") == 536870912);
  CHECK(size("1.5k") == 1536);
  CHECK(size("1.7b") == 1);  // truncated
  CHECK(size(".5k") == 512);
  CHECK(size("5.") == 5);
}

TEST_CASE("go-units sizes: rejects with go-units wording") {
  std::string err;
  CHECK_FALSE(size("", &err));
  CHECK(err == "invalid size: ''");
  CHECK_FALSE(size("abc", &err));
  CHECK(err == "invalid size: 'abc'");
  CHECK_FALSE(size("32bm", &err));
  CHECK(err == "invalid suffix: 'bm'");
  CHECK_FALSE(size("32m b", &err));
  CHECK_FALSE(size("1x", &err));
  CHECK(err == "invalid suffix: 'x'");
  CHECK_FALSE(size("1mbb", &err));
  CHECK(err == "invalid suffix: 'mbb'");
  CHECK_FALSE(size("1mib2", &err));
  CHECK_FALSE(size("1kbi", &err));
  CHECK(err == "invalid suffix: 'kbi'");
  CHECK_FALSE(size("1mi", &err));
  // go-units v0.5.0 refuses Kubernetes' `Mi` (`len(sfx) == 2 && sfx[1] != 'b'`); the message says what it takes.
  CHECK(err == "invalid suffix: 'mi' (a Kubernetes unit: compose takes 'm', 'mb' or 'mib')");
  CHECK_FALSE(size("-1", &err));
  CHECK_FALSE(size("+1", &err));
  CHECK_FALSE(size(" 1m", &err));
  CHECK_FALSE(size("1m ", &err));
  CHECK_FALSE(size("1 ", &err));
  CHECK_FALSE(size("1  m", &err));
  CHECK_FALSE(size("1.2.3", &err));
  CHECK_FALSE(size("1e3", &err));
  CHECK_FALSE(size("9000000p", &err));  // overflows int64
  CHECK(err.find("too large") != std::string::npos);
}

TEST_CASE("format_bytes") {
  CHECK(format_bytes(500) == "500 B");
  CHECK(format_bytes(1024) == "1 KiB");
  CHECK(format_bytes(256LL << 20) == "256 MiB");
  CHECK(format_bytes(1181116006) == "1.1 GiB");
  CHECK(format_bytes(4LL << 30) == "4 GiB");
  CHECK(format_bytes(static_cast<int64_t>(3.75 * (1LL << 30))) == "3.8 GiB");
  CHECK(format_bytes(-1024) == "-1 KiB");
}

TEST_CASE("format_bytes_apart: two sizes that round alike are shown in a unit that tells them apart") {
  using P = std::pair<std::string, std::string>;
  CHECK(format_bytes_apart(2200LL << 20, 2LL << 30) == P{"2.1 GiB", "2 GiB"});
  CHECK(format_bytes_apart(2080LL << 20, 2LL << 30) == P{"2080 MiB", "2048 MiB"});
  CHECK(format_bytes_apart((512LL << 20) + 1000, 512LL << 20) == P{"524289 KiB", "524288 KiB"});
  CHECK(format_bytes_apart(1024, 1024) == P{"1 KiB", "1 KiB"});
}
