#!/usr/bin/env bash
# Hostile-input scaling (issue 10): generates large inputs in a temporary directory, lints each
# once with the given binary and prints time and peak RSS (/usr/bin/time). Not a test: read the
# table. Targets: time grows linearly; at 100k every case takes <= 2 s and peak RSS stays within
# 10x the input + 50 MB.
#
#   bench/scale_security.sh build/release/stacklint [SIZES]   # SIZES default "1000 10000 100000"
set -euo pipefail
bin="$(realpath "${1:?usage: scale_security.sh STACKLINT [SIZES]}")"
sizes="${2:-1000 10000 100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# compose with N services (each with a limit, an environment and a port)
gen_compose() {
  python3 - "$1" > "$2/compose.yaml" <<'EOF'
import sys
n = int(sys.argv[1])
out = ["services:"]
for i in range(n):
    out += [f"  svc{i}:", f"    image: nginx:1.27", f"    mem_limit: 64m",
            f"    environment:", f"      MODE: m{i}", f"    ports:", f"      - \"{10000 + i % 50000}:80\""]
print("\n".join(out))
EOF
}

# postgresql.conf with N lines: settings repeated (later ones win) and unknown names
gen_postgres() {
  python3 - "$1" > "$2/postgresql.conf" <<'EOF'
import sys
n = int(sys.argv[1])
names = ["work_mem = '%dkB'", "shared_buffers = '%dMB'", "max_connections = %d", "my.custom_%d = 'x'"]
print("\n".join(names[i % 4] % (64 + i % 1000) for i in range(n)))
EOF
}

# redis.conf with N lines
gen_redis() {
  python3 - "$1" > "$2/redis.conf" <<'EOF'
import sys
n = int(sys.argv[1])
names = ["maxmemory %dmb", "save %d 1", "hz %d", "rename-command CMD%d \"\""]
print("\n".join(names[i % 4] % (1 + i % 500) for i in range(n)))
EOF
}

# a rule file whose alert is a sum of N terms
gen_promql() {
  python3 - "$1" > "$2/rules.yml" <<'EOF'
import sys
n = int(sys.argv[1])
print("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: " + " + ".join(["up"] * n))
EOF
}

# a 16 MB compose file: one service, then 16 MB of labels (distinct keys)
gen_yaml16() {
  python3 - > "$1/compose.yaml" <<'EOF'
lines = ["services:", "  api:", "    image: nginx:1.27", "    labels:"]
size, i = 0, 0
while size < 16 * 1024 * 1024 - 100:
    line = f"      label.number.{i:08d}: value-{i:08d}"
    lines.append(line); size += len(line) + 1; i += 1
print("\n".join(lines))
EOF
}

measure() {  # name size dir: one run, json output discarded
  local name="$1" n="$2" dir="$3"
  local bytes
  bytes=$(du -sb "$dir" | cut -f1)
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" check "$dir" --no-color --format json > /dev/null 2>&1 || true
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$work/time")
  printf '%-12s %8s %12s %9s %9s %10s\n' "$name" "$n" "$((bytes / 1024)) KiB" "$wall s" \
    "$(echo "$user + $sys" | bc) s" "$((rss / 1024)) MiB"
}

# wall time depends on the machine's load; CPU time (user + sys) is the number to compare
printf '%-12s %8s %12s %9s %9s %10s\n' case size input wall cpu peak-RSS
for n in $sizes; do
  for kind in compose postgres redis promql; do
    d="$work/$kind-$n"
    mkdir -p "$d"
    "gen_$kind" "$n" "$d"
    measure "$kind" "$n" "$d"
    rm -rf "$d"
  done
done
d="$work/yaml16"
mkdir -p "$d"
gen_yaml16 "$d"
measure yaml-16MB 1 "$d"
