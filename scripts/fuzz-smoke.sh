#!/usr/bin/env bash
# A short libFuzzer run of every fuzz target (part of `make test`): builds the fuzz preset with
# clang, then runs each target for FUZZ_SECONDS (default 10) seeded with the repository's fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-10}"
cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j "$(nproc)" >/dev/null
corpus_seed() {  # the fixtures of the format a target reads
  case "$1" in
    yaml_fuzz|compose_fuzz|rulefmt_fuzz) find fixtures -name '*.y*ml' ;;
    prometheus_fuzz) find fixtures -name '*.y*ml' -o -path '*prometheus*' -name '*.json' ;;
    postgres_fuzz) find fixtures -name '*.conf' -path '*postgres*' ;;
    pg_hba_fuzz) find fixtures -name 'pg_hba*.conf' ;;
    redis_fuzz) find fixtures -name '*.conf' -path '*redis*' ;;
    pgbouncer_fuzz) find fixtures -name '*.ini' ;;
    alertmanager_fuzz) find fixtures -name 'alertmanager*.y*ml' ;;
    grafana_fuzz) find fixtures -path '*provisioning*' -name '*.y*ml' ;;
    promql_fuzz) ;;
    stack_fuzz)  # every fixture stack as one input: its files joined at the target's markers
      for d in fixtures/stacks/* fixtures/alerts/*/* fixtures/prometheus/*/*; do
        [ -d "$d" ] || continue
        out="$work/stack_$(echo "$d" | tr / _)"
        for f in "$(find "$d" -maxdepth 1 -name 'docker-compose.yml' -o -maxdepth 1 -name 'compose.yaml' | head -1)" \
                 "$(find "$d" -name prometheus.yml | head -1)" "$(find "$d" -name 'alerts.yml' -o -name 'rules.yml' | head -1)" \
                 "$(find "$d" -name postgresql.conf | head -1)" "$(find "$d" -name redis.conf | head -1)"; do
          if [ -n "$f" ]; then cat "$f"; fi
          printf '\n---8<---\n'
        done > "$out"
      done ;;
  esac
}
dictionary() {  # fuzz/dict/*.dict: tokens of the format (includes, paths, globs, secrets, nesting)
  case "$1" in
    postgres_fuzz) echo fuzz/dict/postgres.dict ;;
    pg_hba_fuzz) echo fuzz/dict/pg_hba.dict ;;
    redis_fuzz) echo fuzz/dict/redis.dict ;;
    promql_fuzz) echo fuzz/dict/promql.dict ;;
    pgbouncer_fuzz) echo fuzz/dict/pgbouncer.dict ;;
    *) echo fuzz/dict/yaml.dict ;;
  esac
}
status=0
for bin in build/fuzz/fuzz/*_fuzz; do
  name=$(basename "$bin")
  work=$(mktemp -d)
  corpus_seed "$name" | while read -r f; do cp "$f" "$work/$(echo "$f" | tr / _)"; done
  if "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 -dict="$(dictionary "$name")" \
    "$work" >"$work.log" 2>&1; then
    echo "fuzz: $name: $(grep -Eo 'stat::number_of_executed_runs: *[0-9]+|Done [0-9]+ runs' "$work.log" | tail -1) without a crash"
  else
    echo "fuzz: $name FAILED"; tail -40 "$work.log"; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
