#!/usr/bin/env bash
# The bulk benchmark of the product issue (device import, head-of-line at the headend, relay
# throughput, 1,000 users and mails, 30,000 devices and users): see docs/benchmarks.md.
# Not part of ./mvnw verify. Needs the jars: ./mvnw -o -q install -DskipTests (or ./run-local.sh once).
#
#   bench/bulk.sh [--port-offset 300] [--data DIR] [--attach] [--import 10000] [--repeats 5]
#                 [--users 1000] [--total-devices 30000] [--total-users 30000] [--pages 200]
#
# Without --attach it starts the launcher (java -jar deploy/local-stack/target/local-stack.jar) on a
# fresh data directory (default deploy/local-stack/target/bench-data/<time>) and stops it at the
# end; with --attach it uses the stack already running with that --port-offset and --data.
# bench/soak.sh runs the soak (SoakRun) the same way.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" ]]; then
  for dir in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [[ -x "$dir/bin/javac" ]] && { export JAVA_HOME=$dir; break; }
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"

module=deploy/local-stack
# the benchmark's code: test sources of the platform tests
bench_module=deploy/platform-tests
[[ -f $module/target/local-stack.jar ]] || { echo "build first: ./mvnw -o -q install -DskipTests" >&2; exit 1; }
# the launcher JVM's options exactly as run-local.sh passes them (keep the two in step)
launcher_opts=${SRA_LAUNCHER_JAVA_OPTS:--Xmx1g -XX:+UseZGC}
attach=false
for arg in "$@"; do [[ $arg == --attach ]] && attach=true; done
stack_root=$PWD
if ! $attach; then
  # Others may rebuild the jars while the benchmark runs; a running service JVM whose jar is
  # replaced fails with NoClassDefFoundError. Run the stack from a copy of the built jars.
  stack_root=$PWD/$module/target/bench-root
  rm -rf "$stack_root"
  for m in directory-service device-service profile-service auth-service notification-service gateway; do
    mkdir -p "$stack_root/$m/target" && cp "$m/target/$m.jar" "$stack_root/$m/target/"
  done
  mkdir -p "$stack_root/$module/target"
  cp -r $module/target/local-stack.jar $module/target/lib $module/target/kafka-libs "$stack_root/$module/target/"
fi
echo "tree: $(git rev-parse --short HEAD 2>/dev/null) with $(git status --short 2>/dev/null | wc -l) changed/new paths; jars from $(date -r $module/target/local-stack.jar +%FT%T) (launcher) / $(date -r device-service/target/device-service.jar +%FT%T) (device-service)"
# the benchmark's classes and their class path (the launcher's classes among them)
./mvnw -B -ntp -o -q -pl $module,$bench_module test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# Kafka's log4j binding belongs to the broker JVM only (as in surefire's configuration)
cp=$(tr ':' '\n' < $bench_module/target/bench.classpath | grep -v 'log4j-slf4j2-impl' | paste -sd:)
classes=$bench_module/target/bench-classes
rm -rf "$classes" && mkdir -p "$classes" && cp -r $bench_module/target/test-classes "$classes/"
exec java -Xmx1g -cp "$classes/test-classes:$cp" \
  -Dlogback.configurationFile=logback-test.xml "${SRA_BENCH_MAIN:-org.sra.local.bench.BulkBenchmark}" --root "$PWD" --stack-root "$stack_root" \
  --launcher-java-opts "$launcher_opts" "$@"
