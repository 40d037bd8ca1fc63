#!/usr/bin/env bash
# How stacklint scales: the bench corpus (every corpus rule file x10, about 1,200 files) against ten
# times as many files (x100), in RUNS paired runs (medians of wall, cpu and peak RSS, and the ratios
# of the large run to the small one), then the seed stack end to end (medians of RUNS x 5 runs): as
# its own repository (a copy with `git init`, as a user has it) and where it lies in this checkout,
# whose 1,000 fixture folders the search for scripts that export compose variables lists (up to its
# budget of 400 folders), beside the floor of starting a process (/bin/true, `stacklint --version`).
#   bench/scaling.sh [STACKLINT_BINARY] [RUNS]   (default build/release/stacklint, 5)
# STACKLINT_SHARED names the shared folder when it is not ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-build/release/stacklint}")"
runs="${2:-5}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/scale_corpus.sh "$work/x10" 10
bash bench/scale_corpus.sh "$work/x100" 100
python3 bench/paired.py "$runs" \
  "x10=$bin check $work/x10 --prometheus-version 2.42 --format json --output /dev/null" \
  "x100=$bin check $work/x100 --prometheus-version 2.42 --format json --output /dev/null"
cp -r fixtures/stacks/seed-4gb "$work/seed-4gb"
git init -q "$work/seed-4gb"
python3 bench/paired.py "$((runs * 5))" \
  "true=/bin/true" \
  "version=$bin --version" \
  "seed-4gb=$bin check $work/seed-4gb --host-memory 4GiB --format json --output /dev/null" \
  "seed-in-repo=$bin check fixtures/stacks/seed-4gb --host-memory 4GiB --format json --output /dev/null"
