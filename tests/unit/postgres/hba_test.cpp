// pg_hba.conf as postgres reads it: tokens with their exact locations, quoting, lists, @files,
// include records (16+), continuations (14+) and postgres's errors at the token they are about.
#include "linter/formats/postgres/hba.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "linter/source/include_resolver.h"

namespace {

using stacklint::HbaAddressKind;
using stacklint::HbaConnType;
using stacklint::HbaFile;
using stacklint::HbaMethod;
using stacklint::HbaRecord;
using stacklint::MemoryIncludeResolver;

HbaFile load(MemoryIncludeResolver& files, int major = 17) {
  return stacklint::postgres::load_hba(files, "/etc/pg/pg_hba.conf", {.major = major}, {});
}

HbaFile load_text(const std::string& text, int major = 17) {
  MemoryIncludeResolver files;
  files.add("/etc/pg/pg_hba.conf", text);
  return load(files, major);
}

std::string at(const stacklint::Location& l) {
  return std::string(l.file.str()) + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) + "-" +
         std::to_string(l.end_line) + ":" + std::to_string(l.end_column);
}

std::vector<std::string> texts(const std::vector<stacklint::HbaToken>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.text);
  return out;
}

}  // namespace

TEST_CASE("pg_hba: fields, token locations, comments and blank lines") {
  const HbaFile f = load_text(
      "# TYPE  DATABASE USER ADDRESS METHOD\n"
      "\n"
      "local   all      all          peer\n"
      "host    all      all  0.0.0.0/0  trust # open\n"
      "hostssl db1,db2  bob  10.0.0.0 255.0.0.0 scram-sha-256\n");
  REQUIRE(f.loaded);
  REQUIRE(f.records.size() == 3);
  const HbaRecord& local = f.records[0];
  CHECK(local.error.empty());
  CHECK(local.line == 3);
  CHECK(local.type == HbaConnType::local);
  CHECK(local.address.kind == HbaAddressKind::none);
  CHECK(local.method == HbaMethod::peer);
  const HbaRecord& host = f.records[1];
  CHECK(host.error.empty());
  CHECK(host.method == HbaMethod::trust);
  CHECK(at(host.method_token.location) == "etc/pg/pg_hba.conf:4:34-4:39");
  CHECK(at(host.address_tokens[0].location) == "etc/pg/pg_hba.conf:4:23-4:32");
  CHECK(host.address.kind == HbaAddressKind::ip);
  CHECK(host.address.family == 4);
  CHECK(at(host.location) == "etc/pg/pg_hba.conf:4:1-4:39");
  const HbaRecord& ssl = f.records[2];
  CHECK(ssl.error.empty());
  CHECK(ssl.type == HbaConnType::hostssl);
  CHECK(texts(ssl.databases) == std::vector<std::string>{"db1", "db2"});
  CHECK(at(ssl.databases[1].location) == "etc/pg/pg_hba.conf:5:13-5:16");
  CHECK(ssl.address_tokens.size() == 2);
  CHECK(ssl.address.mask[0] == 0xff);
  CHECK(ssl.address.mask[1] == 0);
  CHECK(ssl.method == HbaMethod::scram_sha_256);
}

TEST_CASE("pg_hba: quotes make a keyword a name; doubled quotes; commas and blanks between list items") {
  const HbaFile f = load_text(
      "host \"all\" all \"all\" trust\n"
      "host \"a\"\"b\",  c, d all samenet md5\n"
      "host a, b , c all samenet md5\n");  // `b ,`: the blank ends the list, `c` is the user
  REQUIRE(f.records.size() == 3);
  CHECK(f.records[0].error.empty());
  CHECK(f.records[0].databases[0].quoted);
  CHECK_FALSE(f.records[0].databases[0].is_keyword("all"));
  CHECK(f.records[0].address.kind == HbaAddressKind::hostname);  // "all" quoted is a host name
  CHECK(at(f.records[0].databases[0].location) == "etc/pg/pg_hba.conf:1:6-1:11");
  CHECK(texts(f.records[1].databases) == std::vector<std::string>{"a\"b", "c", "d"});
  CHECK(f.records[1].address.kind == HbaAddressKind::samenet);
  CHECK(texts(f.records[2].databases) == std::vector<std::string>{"a", "b"});
  CHECK(texts(f.records[2].users) == std::vector<std::string>{"c"});
  CHECK(f.records[2].error == "invalid authentication method \"samenet\"");
}

TEST_CASE("pg_hba: errors are postgres's messages at the token they are about") {
  const HbaFile f = load_text(
      "hots all all 0.0.0.0/0 trust\n"
      "host all all 10.0.0.0/33 trust\n"
      "host all all 10.0.0.0 trust\n"
      "host all all example.com/24 md5\n"
      "host all all all scram-sha256\n"
      "host all all\n"
      "local all all peer map\n"
      "host all all all trust map=x\n"
      "host all all 10.0.0.1 ::ffff:0:0 md5\n"
      "host all all all peer\n"
      "host all all all sspi\n");
  REQUIRE(f.records.size() == 11);
  CHECK(f.records[0].error == "invalid connection type \"hots\" (did you mean \"host\"?)");
  CHECK(at(f.records[0].error_location) == "etc/pg/pg_hba.conf:1:1-1:5");
  CHECK(f.records[1].error == "invalid CIDR mask in address \"10.0.0.0/33\"");
  CHECK(at(f.records[1].error_location) == "etc/pg/pg_hba.conf:2:14-2:25");
  CHECK(f.records[2].error == "invalid IP mask \"trust\": Name or service not known");
  CHECK(f.records[3].error == "specifying both host name and CIDR mask is invalid: \"example.com/24\"");
  CHECK(f.records[4].error == "invalid authentication method \"scram-sha256\" (did you mean \"scram-sha-256\"?)");
  CHECK(at(f.records[4].error_location) == "etc/pg/pg_hba.conf:5:18-5:30");
  CHECK(f.records[5].error == "end-of-line before IP address specification");
  CHECK(f.records[6].error == "authentication option not in name=value format: map");
  CHECK(f.records[7].error ==
        "authentication option \"map\" is only valid for authentication methods ident, peer, gssapi, sspi, and cert");
  CHECK(f.records[8].error == "IP address and mask do not match");
  CHECK(f.records[9].error == "peer authentication is only supported on local sockets");
  CHECK(f.records[10].error == "invalid authentication method \"sspi\": not supported by this build");
}

TEST_CASE("pg_hba: @files expand into the list, relative to the including file") {
  MemoryIncludeResolver files;
  files.add("/etc/pg/pg_hba.conf", "host all @admins 0.0.0.0/0 md5\nhost all @missing all md5\n");
  files.add("/etc/pg/admins", "alice\n# comment\nbob, carol\n");
  const HbaFile f = load(files);
  REQUIRE(f.records.size() == 2);
  CHECK(texts(f.records[0].users) == std::vector<std::string>{"alice", "bob", "carol"});
  CHECK(at(f.records[0].users[1].location) == "etc/pg/admins:3:1-3:4");
  CHECK(f.records[1].error == "could not open file \"/etc/pg/missing\": No such file or directory");
  const HbaFile old = load(files, 15);
  CHECK(old.records[1].error ==
        "could not open secondary authentication file \"@missing\" as \"/etc/pg/missing\": No such file or directory");
}

TEST_CASE("pg_hba: include records from 16 on, a plain (invalid) record before") {
  MemoryIncludeResolver files;
  files.add("/etc/pg/pg_hba.conf",
            "include extra.conf\ninclude_if_exists nothing.conf\ninclude_dir conf.d\nhost all all all md5\n");
  files.add("/etc/pg/extra.conf", "host all all 10.0.0.0/8 trust\n");
  files.add("/etc/pg/conf.d/b.conf", "local all all peer\n");
  files.add("/etc/pg/conf.d/a.conf", "local all postgres trust\n");
  files.add("/etc/pg/conf.d/skip.txt", "bad\n");
  const HbaFile f = load(files, 16);
  REQUIRE(f.records.size() == 4);
  CHECK(f.records[0].error.empty());
  CHECK(at(f.records[0].method_token.location) == "etc/pg/extra.conf:1:25-1:30");
  CHECK(texts(f.records[1].users) == std::vector<std::string>{"postgres"});  // a.conf before b.conf
  CHECK(f.records[2].method == HbaMethod::peer);
  CHECK(f.records[3].line == 4);
  const HbaFile old = load(files, 15);
  CHECK(old.records[0].error == "invalid connection type \"include\"");
}

TEST_CASE("pg_hba: a trailing backslash continues the record from 14 on") {
  const std::string text = "host all all \\\n   0.0.0.0/0 \\\n trust\nlocal all all peer\n";
  const HbaFile f = load_text(text, 14);
  REQUIRE(f.records.size() == 2);
  CHECK(f.records[0].error.empty());
  CHECK(f.records[0].line == 1);
  CHECK(at(f.records[0].method_token.location) == "etc/pg/pg_hba.conf:3:2-3:7");
  CHECK(f.records[1].line == 4);
  const HbaFile old = load_text(text, 13);
  CHECK(old.records[0].error == "end-of-line before authentication method");
}

TEST_CASE("pg_hba: an include nesting itself stops at 10 levels") {
  MemoryIncludeResolver files;
  files.add("/etc/pg/pg_hba.conf", "include pg_hba.conf\n");
  const HbaFile f = load(files, 16);
  REQUIRE_FALSE(f.records.empty());
  CHECK(f.records.back().error == "could not open file \"/etc/pg/pg_hba.conf\": maximum nesting depth exceeded");
  CHECK(files.opened().size() == 11);
}

TEST_CASE("pg_hba: loopback-only addresses and shadowing by an earlier record") {
  const HbaFile f = load_text(
      "host all all 127.0.0.1/32 trust\n"
      "host all all ::1/128 trust\n"
      "host all all localhost trust\n"
      "host all all 0.0.0.0/0 trust\n"
      "host all all samenet trust\n"
      "host all all all scram-sha-256\n"
      "hostssl all all 10.1.0.0/16 trust\n"
      "host replication all 0.0.0.0/0 trust\n"
      "host db bob 10.0.0.0/8 md5\n"
      "host db bob,eve 10.1.2.0/24 trust\n");
  REQUIRE(f.records.size() == 10);
  using stacklint::postgres::hba_covers;
  using stacklint::postgres::hba_loopback_only;
  CHECK(hba_loopback_only(f.records[0]));
  CHECK(hba_loopback_only(f.records[1]));
  CHECK(hba_loopback_only(f.records[2]));
  CHECK_FALSE(hba_loopback_only(f.records[3]));
  CHECK_FALSE(hba_loopback_only(f.records[4]));
  CHECK(hba_covers(f.records[5], f.records[6]));        // host all all all covers hostssl 10.1/16
  CHECK_FALSE(hba_covers(f.records[5], f.records[7]));  // `all` does not match replication
  CHECK_FALSE(hba_covers(f.records[8], f.records[9]));  // eve is not covered
  CHECK(hba_covers(f.records[3], f.records[9]));
  CHECK_FALSE(hba_covers(f.records[9], f.records[3]));
}
