#!/usr/bin/env bash
# stacklint vs promtool on the same rule files, in one hyperfine run. Prints both times and the ratio.
#   bench/compare_promtool.sh [STACKLINT_BINARY]   (default build/release/stacklint)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/release/stacklint}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/scale_corpus.sh "$work/rules" 10
# promtool takes the files as arguments; stacklint takes the directory (it recognizes rule files by content).
# promtool exits 1 on the duplicate rule of kube-prometheus-rules, stacklint on its findings: ignore both.
hyperfine --warmup 1 --runs 5 -i --export-json "$work/h.json" \
  "$bin check $work/rules --prometheus-version 2.42 --format json --output /dev/null" \
  "promtool check rules $work/rules/*"
python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
s, p = r[0]["mean"], r[1]["mean"]
print(f"stacklint {s:.3f} s, promtool {p:.3f} s: stacklint is {p / s:.1f}x faster")
PY
