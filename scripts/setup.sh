#!/usr/bin/env bash
# Installs the Debian packages stacklint needs to build and test, only when something is missing.
# Idempotent; works as root on a fresh Debian 12 machine (where `apt-get update` has not run yet).
set -euo pipefail

build_pkgs=(cmake ninja-build make g++ pkg-config libyaml-dev libre2-dev libcli11-dev catch2 nlohmann-json3-dev
  libtomlplusplus-dev libvalijson-dev libbenchmark-dev clang clang-tidy clang-format libclang-rt-14-dev)
oracle_pkgs=(prometheus prometheus-alertmanager pgbouncer redis-server postgresql hyperfine pre-commit git dpkg-dev file)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--with-oracles" ]; then want+=("${oracle_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # The Debian packages start their servers; the oracle tests start their own instances.
  for svc in redis-server prometheus prometheus-alertmanager pgbouncer postgresql; do
    if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
    service "$svc" stop >/dev/null 2>&1 || true
  done
fi

if [ "${1:-}" = "--with-oracles" ] && command -v npm >/dev/null 2>&1; then
  tools="$(cd "$(dirname "$0")/.." && pwd)/.tools"
  if [ ! -x "$tools/node_modules/.bin/sarif-multitool" ]; then
    mkdir -p "$tools"
    (cd "$tools" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool >/dev/null 2>&1) ||
      echo "setup: could not install @microsoft/sarif-multitool; SARIF validation tests will fail" >&2
  fi
fi
