#!/usr/bin/env bash
# Regenerates docs/reliability.md from the tests' own output: runs ./mvnw verify (the fault suite
# and the fuzz tests are part of it) unless --no-build, then bench/reliability.py. The soak's figures
# are included when bench/soak.sh has run in this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
  ./mvnw -B -ntp verify
fi
exec python3 bench/reliability.py
