#!/usr/bin/env bash
# Copies every rule file of ../shared/corpus into OUT, COPIES times (default 10): about 6 MB and
# 1,200 files, the input of the promtool comparison. STACKLINT_SHARED names the shared folder when it
# is not ../shared beside the checkout (a worktree elsewhere).
set -euo pipefail
out="${1:?usage: scale_corpus.sh OUT [COPIES]}"
copies="${2:-10}"
corpus="$(cd "${STACKLINT_SHARED:-$(dirname "$0")/../../shared}/corpus" && pwd)"
mkdir -p "$out"
mapfile -t files < <(grep -rlE '^groups:' "$corpus/awesome-prometheus-alerts" "$corpus/kube-prometheus-rules" "$corpus/dockprom" --include='*.yml' --include='*.yaml' --include='*.rules' | sort)
names=()
for f in "${files[@]}"; do
  rel="${f#"$corpus"/}"
  names+=("${rel//\//_}")
done
for ((i = 0; i < copies; i++)); do
  for k in "${!files[@]}"; do
    cp "${files[$k]}" "$out/$i-${names[$k]}"
  done
done
echo "$(ls "$out" | wc -l) files, $(du -sb "$out" | cut -f1) bytes in $out"
