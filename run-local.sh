#!/usr/bin/env bash
# Starts the whole SRA platform on this machine, without Docker: a real Kafka broker, an embedded
# MongoDB-protocol store, a mail catcher, a demo Active Directory and the six services.
# Ctrl-C stops everything; the next start keeps the data (./data). See deploy/local-stack/README.md.
#
#   ./run-local.sh [--no-build] [--data DIR] [--port-offset N] [--infra-only]
#                  [--replicas auth-service=2,device-service=2,...] [--help]
set -euo pipefail
cd "$(dirname "$0")"

# The major version of the java in JDK home $1 (8 for "1.8.0_x", 21 for "21.0.2"), 0 if none.
java_major() {
  [[ -x "$1/bin/java" ]] || { echo 0; return; }
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1") ? v[2] : v[1]; exit }'
}

# JAVA_HOME if it is 21 or newer, else the newest JDK under /usr/lib/jvm, else the java on the PATH.
pick_jdk() {
  if [[ -n "${JAVA_HOME:-}" ]] && (( $(java_major "$JAVA_HOME") >= 21 )); then
    echo "$JAVA_HOME"; return
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*; do
    [[ -x "$dir/bin/javac" ]] || continue
    major=$(java_major "$dir")
    if (( major > best_major )); then best=$dir; best_major=$major; fi
  done
  if (( best_major >= 21 )); then echo "$best"; return; fi
  if command -v javac >/dev/null 2>&1; then
    dir=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if (( $(java_major "$dir") >= 21 )); then echo "$dir"; return; fi
  fi
  return 1
}

if ! JAVA_HOME=$(pick_jdk); then
  echo "run-local.sh: SRA needs a JDK 21 or newer, and none was found" >&2
  echo "  (looked at JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/* and the PATH)." >&2
  echo "  Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME

build=true
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) args+=("$arg") ;;
  esac
done

if $build; then
  echo "Building SRA with $JAVA_HOME (./mvnw -q -DskipTests package; skip with --no-build)…"
  ./mvnw -q -DskipTests package
fi

# The launcher's JVM holds the store (the embedded MongoDB-wire-protocol server and its H2 file),
# the mail catcher and the demo directories. Without a limit the JVM takes a quarter of the machine's
# memory as heap and lets garbage from the store's queries pile up to gigabytes; 1 GiB is ample for a
# small company's data (tens of thousands of devices and users). Generational ZGC: the store and the
# directory answer auth-service while it decides, and a G1 pause of the launcher was the decisions'
# p99 (bench/capacity.sh at 200/s: p99 36 ms with G1, 14.5 ms with ZGC); ZGC also returns memory it
# does not use. Override with SRA_LAUNCHER_JAVA_OPTS.
launcher_opts=${SRA_LAUNCHER_JAVA_OPTS:--Xmx1g -XX:+UseZGC}
# shellcheck disable=SC2086 # the options are words
exec "$JAVA_HOME/bin/java" $launcher_opts -jar deploy/local-stack/target/local-stack.jar ${args[@]+"${args[@]}"}
