#include "linter/formats/redis/directives.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace stacklint::redis {

namespace {

constexpr uint64_t kUnsignedMax = std::numeric_limits<uint64_t>::max();

// From redis 7.0's static_configs[] (src/config.c), in its order; TLS configs included (the
// official images are built with TLS).
// A table, not a function: built once before main, never during the static initialisation of another
// file (nothing looks a directive up before main).
const std::vector<Directive> kTable = {
#include "linter/formats/redis/directive_table.inc"
};

const std::vector<Directive>& table() {
  return kTable;
}

constexpr std::string_view kCommands =
    "acl append asking auth bgrewriteaof bgsave bitcount bitfield bitfield_ro bitop bitpos blmove blmpop "
    "blpop brpop brpoplpush bzmpop bzpopmax bzpopmin client cluster command config copy dbsize debug "
    "decr decrby del discard dump echo eval eval_ro evalsha evalsha_ro exec exists expire expireat "
    "expiretime failover fcall fcall_ro flushall flushdb function geoadd geodist geohash geopos "
    "georadius georadius_ro georadiusbymember georadiusbymember_ro geosearch geosearchstore get getbit "
    "getdel getex getrange getset hdel hello hexists hget hgetall hincrby hincrbyfloat hkeys hlen hmget "
    "hmset hrandfield hscan hset hsetnx hstrlen hvals incr incrby incrbyfloat info keys lastsave latency "
    "lcs lindex linsert llen lmove lmpop lolwut lpop lpos lpush lpushx lrange lrem lset ltrim memory "
    "mget migrate module monitor move mset msetnx multi object persist pexpire pexpireat pexpiretime "
    "pfadd pfcount pfdebug pfmerge pfselftest ping psetex psubscribe psync pttl publish pubsub "
    "punsubscribe quit randomkey readonly readwrite rename renamenx replconf replicaof reset restore "
    "restore-asking role rpop rpoplpush rpush rpushx sadd save scan scard script sdiff sdiffstore select "
    "set setbit setex setnx setrange shutdown sinter sintercard sinterstore sismember slaveof slowlog "
    "smembers smismember smove sort sort_ro spop spublish srandmember srem sscan ssubscribe strlen "
    "subscribe substr sunion sunionstore sunsubscribe swapdb sync time touch ttl type unlink unsubscribe "
    "unwatch wait watch xack xadd xautoclaim xclaim xdel xgroup xinfo xlen xpending xrange xread "
    "xreadgroup xrevrange xsetid xtrim zadd zcard zcount zdiff zdiffstore zincrby zinter zintercard "
    "zinterstore zlexcount zmpop zmscore zpopmax zpopmin zrandmember zrange zrangebylex zrangebyscore "
    "zrangestore zrank zrem zremrangebylex zremrangebyrank zremrangebyscore zrevrange zrevrangebylex "
    "zrevrangebyscore zrevrank zscan zscore zunion zunionstore ";

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1);
  std::vector<size_t> cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

constexpr std::string_view kSpecial[] = {"include", "rename-command", "user", "loadmodule", "sentinel"};

}  // namespace

const Directive* find_directive(std::string_view name) {
  static const std::unordered_map<std::string_view, const Directive*> index = [] {
    std::unordered_map<std::string_view, const Directive*> m;
    for (const auto& d : table()) {
      m.emplace(d.name, &d);
      if (!d.alias.empty()) m.emplace(d.alias, &d);
    }
    return m;
  }();
  const auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

bool is_special_directive(std::string_view name) {
  return std::find(std::begin(kSpecial), std::end(kSpecial), name) != std::end(kSpecial);
}

const std::vector<std::string_view>& command_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    std::string_view rest = kCommands;
    while (!rest.empty()) {
      const size_t sp = rest.find(' ');
      const std::string_view word = rest.substr(0, sp);
      if (!word.empty()) v.push_back(word);
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  return names;
}

std::string suggest_directive(std::string_view name) {
  std::string_view best;
  size_t best_distance = 4;
  if (name.empty() || name.size() > 64) return "";
  auto consider = [&](std::string_view candidate) {
    const size_t gap = name.size() > candidate.size() ? name.size() - candidate.size() : candidate.size() - name.size();
    if (gap >= best_distance) return;  // the distance is at least the length difference
    const size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  };
  for (const auto& d : table()) consider(d.name);
  for (const auto s : kSpecial) consider(s);
  if (best_distance > std::max<size_t>(1, name.size() / 3)) return "";
  return std::string(best);
}

const DirectiveRelease* directive_release(std::string_view name) {
  // From src/config.c of the 6.0.0, 6.2.0, 7.0.0, 7.2.0 and 7.4.0 tags (standard configs, their
  // aliases and the names loadServerConfigFromString tests; the deprecated list-max-ziplist-entries,
  // list-max-ziplist-value and lua-replicate-commands are still read, and ignored, by 7.x).
  static const DirectiveRelease kReleases[] = {
      {"acl-pubsub-default", 6, 2, 99, 0},
      {"crash-log-enabled", 6, 2, 99, 0},
      {"crash-memcheck-enabled", 6, 2, 99, 0},
      {"disable-thp", 6, 2, 99, 0},
      {"ignore-warnings", 6, 2, 99, 0},
      {"lazyfree-lazy-user-flush", 6, 2, 99, 0},
      {"maxmemory-eviction-tenacity", 6, 2, 99, 0},
      {"oom-score-adj", 6, 2, 99, 0},
      {"oom-score-adj-values", 6, 2, 99, 0},
      {"proc-title-template", 6, 2, 99, 0},
      {"sanitize-dump-payload", 6, 2, 99, 0},
      {"set-proc-title", 6, 2, 99, 0},
      {"tls-client-cert-file", 6, 2, 99, 0},
      {"tls-client-key-file", 6, 2, 99, 0},
      {"tls-session-cache-size", 6, 2, 99, 0},
      {"tls-session-cache-timeout", 6, 2, 99, 0},
      {"tls-session-caching", 6, 2, 99, 0},
      {"use-exit-on-panic", 6, 2, 99, 0},
      {"aof-disable-auto-gc", 7, 0, 99, 0},
      {"aof-timestamp-enabled", 7, 0, 99, 0},
      {"appenddirname", 7, 0, 99, 0},
      {"bind-source-addr", 7, 0, 99, 0},
      {"busy-reply-threshold", 7, 0, 99, 0},
      {"cluster-allow-pubsubshard-when-down", 7, 0, 99, 0},
      {"cluster-allow-replica-migration", 7, 0, 99, 0},
      {"cluster-announce-hostname", 7, 0, 99, 0},
      {"cluster-announce-tls-port", 7, 0, 99, 0},
      {"cluster-link-sendbuf-limit", 7, 0, 99, 0},
      {"cluster-port", 7, 0, 99, 0},
      {"cluster-preferred-endpoint-type", 7, 0, 99, 0},
      {"enable-debug-command", 7, 0, 99, 0},
      {"enable-module-command", 7, 0, 99, 0},
      {"enable-protected-configs", 7, 0, 99, 0},
      {"hash-max-listpack-entries", 7, 0, 99, 0},
      {"hash-max-listpack-value", 7, 0, 99, 0},
      {"latency-tracking", 7, 0, 99, 0},
      {"latency-tracking-info-percentiles", 7, 0, 99, 0},
      {"list-max-listpack-size", 7, 0, 99, 0},
      {"loading-process-events-interval-bytes", 7, 0, 99, 0},
      {"maxmemory-clients", 7, 0, 99, 0},
      {"propagation-error-behavior", 7, 0, 99, 0},
      {"repl-diskless-sync-max-replicas", 7, 0, 99, 0},
      {"replica-announced", 7, 0, 99, 0},
      {"replica-ignore-disk-write-errors", 7, 0, 99, 0},
      {"shutdown-on-sigint", 7, 0, 99, 0},
      {"shutdown-on-sigterm", 7, 0, 99, 0},
      {"shutdown-timeout", 7, 0, 99, 0},
      {"socket-mark-id", 7, 0, 99, 0},
      {"tls-client-key-file-pass", 7, 0, 99, 0},
      {"tls-key-file-pass", 7, 0, 99, 0},
      {"watchdog-period", 7, 0, 99, 0},
      {"zset-max-listpack-entries", 7, 0, 99, 0},
      {"zset-max-listpack-value", 7, 0, 99, 0},
      {"client-default-resp", 7, 2, 99, 0},
      {"cluster-announce-human-nodename", 7, 2, 99, 0},
      {"cluster-ping-interval", 7, 2, 99, 0},
      {"locale-collate", 7, 2, 99, 0},
      {"req-res-logfile", 7, 2, 99, 0},
      {"set-max-listpack-entries", 7, 2, 99, 0},
      {"set-max-listpack-value", 7, 2, 99, 0},
      {"hide-user-data-from-log", 7, 4, 99, 0},
      {"max-new-connections-per-cycle", 7, 4, 99, 0},
      {"max-new-tls-connections-per-cycle", 7, 4, 99, 0},
      {"gopher-enabled", 6, 0, 7, 0},
  };
  for (const DirectiveRelease& r : kReleases) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace stacklint::redis
