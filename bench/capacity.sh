#!/usr/bin/env bash
# What one replica of each service sustains on this machine (decisions/s at p99 <= 20 ms, admin API
# requests/s, events/s relayed and consumed, mails/min), on the whole local stack: see docs/capacity.md.
# Not part of ./mvnw verify. Needs the jars (./mvnw -o -q install -DskipTests) and python3.
# Figures: deploy/platform-tests/target/benchmarks/capacity.txt.
#
#   bench/capacity.sh [--users 500] [--step-seconds 15] [--warm-seconds 20] [--port-offset 400] [--data DIR] [--attach]
set -euo pipefail
cd "$(dirname "$0")/.."
SRA_BENCH_MAIN=org.sra.local.bench.CapacityRun exec bench/bulk.sh "$@"
