#!/usr/bin/env bash
# Benchmark of label inference and routing: a stack whose Prometheus loads RULES alert rules (default
# 1,000) and sends them to an Alertmanager with ROUTES routes (default 200, two levels deep), linted
# end to end. Usage: bench/alert_routing.sh [STACKLINT] [RULES] [ROUTES]; prints the wall time of
# `stacklint check` (best of 3) and the findings per rule.
set -euo pipefail
bin="${1:-build/release/stacklint}"
rules="${2:-1000}"
routes="${3:-200}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/prometheus"
cat > "$dir/compose.yaml" <<YAML
services:
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus:/etc/prometheus:ro
  alertmanager:
    image: prom/alertmanager:v0.27.0
    volumes:
      - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
YAML
printf 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["alertmanager:9093"]\nrule_files:\n  - alerts.yml\n' \
  > "$dir/prometheus/prometheus.yml"
{
  echo "groups:"
  echo "  - name: generated"
  echo "    rules:"
  for ((i = 0; i < rules; i++)); do
    echo "      - alert: Alert$i"
    if ((i % 2 == 0)); then
      echo "        expr: sum by (instance) (rate(requests_total{job=\"job$((i % 50))\"}[5m])) > $i"
    else
      echo "        expr: up{job=\"job$((i % 50))\"} == 0"
    fi
    echo "        labels:"
    echo "          severity: $([ $((i % 3)) = 0 ] && echo critical || echo warning)"
    echo "          team: team$((i % 40))"
    echo "        annotations:"
    echo "          summary: Alert $i fired"
  done
} > "$dir/prometheus/alerts.yml"
{
  echo "route:"
  echo "  receiver: default"
  echo "  group_by: [alertname]"
  echo "  routes:"
  for ((r = 0; r < routes / 2; r++)); do
    echo "    - receiver: r$r"
    echo "      matchers: ['team=\"team$((r % 60))\"']"
    echo "      routes:"
    echo "        - receiver: r$r"
    echo "          matchers: ['severity=~\"crit.*|page\"', 'alertname=~\"Alert$r.*\"']"
  done
  echo "receivers:"
  echo "  - name: default"
  for ((r = 0; r < routes / 2; r++)); do
    echo "  - name: r$r"
    echo "    slack_configs:"
    echo "      - api_url_file: /run/secrets/slack"
    echo "        text: '{{ .CommonAnnotations.summary }}'"
  done
} > "$dir/alertmanager.yml"
best=""
for _ in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" check "$dir" --no-color --format json > "$dir/out.json" || true
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  if [ -z "$best" ] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
done
echo "alert routing: $rules alert rules x $routes routes: best of 3 = ${best}s"
grep -o '"rule": *"[^"]*"' "$dir/out.json" | sort | uniq -c || true
