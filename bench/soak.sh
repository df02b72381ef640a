#!/usr/bin/env bash
# The soak: the whole local stack under RADIUS decisions at a fixed rate and a steady admin workload
# (devices added, edited, deleted; profile links sent) for 30 minutes, with heap after GC, store
# size, outbox backlog, consumer lag, p99 and errors printed every minute and judged at the end
# (flat memory, p99 within 1.5x of the first minute, zero errors). Not part of ./mvnw verify.
# Needs the jars (./mvnw -o -q install -DskipTests) and python3 (auth-service/bench/radload.py sends
# the decisions). Exit status 0 when the soak held. Figures: deploy/platform-tests/target/reliability/soak.tsv.
#
#   bench/soak.sh [--minutes 30] [--rate 300] [--users 500] [--admin-period-ms 2000]
#                 [--port-offset 400] [--data DIR] [--attach]
set -euo pipefail
cd "$(dirname "$0")/.."
SRA_BENCH_MAIN=org.sra.local.bench.SoakRun exec bench/bulk.sh "$@"
