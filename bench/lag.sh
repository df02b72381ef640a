#!/usr/bin/env bash
# Consumer-group lag per topic of a running local stack, as kafka-consumer-groups --describe would
# show it (that tool's class is not among the launcher's Kafka jars): bench/lag.sh [port-offset]
set -euo pipefail
cd "$(dirname "$0")/.."
offset=${1:-0}
module=deploy/platform-tests
[[ -f $module/target/bench.classpath && -d $module/target/test-classes ]] \
  || { echo "run bench/bulk.sh once first (it compiles the benchmark classes)" >&2; exit 1; }
cp=$(tr ':' '\n' < $module/target/bench.classpath | grep -v 'log4j-slf4j2-impl' | paste -sd:)
exec "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -cp "$module/target/test-classes:$cp" \
  -Dlogback.configurationFile=logback-test.xml org.sra.local.bench.ConsumerLag "127.0.0.1:$((9092 + offset))"
