#!/usr/bin/env bash
# stacklint vs promtool on the same rule files: RUNS paired runs (stacklint then promtool, one pair
# after the other, so both see the same machine load), medians of wall time, cpu time (user + sys)
# and peak RSS, and the ratios.
#   bench/compare_promtool.sh [STACKLINT_BINARY] [RUNS]   (default build/release/stacklint, 7)
# STACKLINT_SHARED names the shared folder when it is not ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-build/release/stacklint}")"
runs="${2:-7}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/scale_corpus.sh "$work/rules" 10
# promtool takes the files as arguments; stacklint takes the directory (it recognizes rule files by content).
# promtool exits 1 on the duplicate rule of kube-prometheus-rules, stacklint on its findings: ignore both.
python3 bench/paired.py "$runs" \
  "stacklint=$bin check $work/rules --prometheus-version 2.42 --format json --output /dev/null" \
  "promtool=promtool check rules $(echo "$work"/rules/*)"
