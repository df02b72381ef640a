#!/usr/bin/env bash
# auth-service vs FreeRADIUS 3.2 (rlm_ldap, bind as the user) on the same directory: OpenLDAP slapd with
# the AD attributes (DIRECTORY=slapd, default) or test-fixtures' AD-like UnboundID server (DIRECTORY=demo).
# Not a test: prints figures. See README.md beside this file.
#
#   auth-service/bench/bench.sh            # defaults below; run from anywhere, as root (FreeRADIUS)
#   ROUNDS=3 REQUESTS=20000 USERS=200 RATE=200 SECONDS_PER_RUN=10 auth-service/bench/bench.sh
#   JAVA_OPTS=-XX:+UseZGC auth-service/bench/bench.sh     # auth-service's JVM options (default: production's, below)
#   DIRECTORY=demo auth-service/bench/bench.sh            # the AD-like JVM directory instead of slapd
#   BACKEND_JAVA_OPTS=...                                  # JVM options of the directory and broker JVMs
#   STORE_JAVA_OPTS=...                                    # JVM options of the store JVM
set -euo pipefail

ROUNDS=${ROUNDS:-3}
# unmeasured bursts before round 1: auth-service's JIT compiles its hot paths during the first
# 20,000 requests or so (its CPU per request fell from 340 to 156 ms per 1,000 over the first
# three measured rounds with one warm-up burst); a service runs for days, so the steady state counts
WARMUP=${WARMUP:-2}
DIRECTORY=${DIRECTORY:-slapd}
REQUESTS=${REQUESTS:-20000}
USERS=${USERS:-200}
PARALLEL=${PARALLEL:-200}
RATE=${RATE:-200}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
FLOOD_RATE=${FLOOD_RATE:-10000}
SETTLE=${SETTLE:-10}   # seconds of quiet after each throughput burst, before the latency run (both servers)
SECRET=${SECRET:-bench-secret-0123456789}
SRA_PORT=${SRA_PORT:-28120}
FR_PORT=${FR_PORT:-28130}

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/sra-bench.XXXXXX)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "missing $1: apt-get install -y $2" >&2; exit 2; }; }
need radclient freeradius-utils
need python3 python3

echo "== building the harness class path (work dir $work)"
# install auth-service's modules first: on a fresh machine the local repository has none of them
(cd "$repo" && ./mvnw -q -pl auth-service -am install -DskipTests \
    && ./mvnw -q -pl auth-service test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test)
cp="$repo/auth-service/target/test-classes:$repo/auth-service/target/classes:$(cat "$work/cp.txt")"

# Each backing server is its own JVM, as in production and the local stack: nothing but
# auth-service runs in auth-service's JVM, and FreeRADIUS and auth-service use the same directory process.
declare -A proc   # name -> pid, for the CPU accounting of each throughput run
backend() { # name args... -> starts BenchBackend <name> in its own JVM, log in $work/<name>.log
  local name=$1; shift
  local opts=${BACKEND_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC}
  # the store keeps every decision-log entry in memory, all of which survive young collections:
  # with the serial collector its pauses reached 100-170 ms (MongoDB, which it stands in for, has
  # none), every one of them stalling auth-service's lease lookups; G1 with a pause goal keeps them short
  [ "$name" = store ] && opts=${STORE_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=10}
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $opts -cp "$cp" org.sra.auth.bench.BenchBackend \
      "$name" "$work" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!); proc[$name]=$!
}
await_file() { # file what
  for _ in $(seq 1 120); do [ -f "$work/$1" ] && return 0; sleep 0.5; done
  echo "$2 did not come up; see $work" >&2; exit 1
}
case "$DIRECTORY" in
  slapd) [ -x /usr/sbin/slapd ] || { echo "missing slapd: apt-get install -y slapd (or DIRECTORY=demo)" >&2; exit 2; }
         echo "== starting OpenLDAP slapd with the AD attributes ($USERS users), the Kafka broker and the store"
         backend slapd "$USERS" ;;
  demo)  echo "== starting the AD-like directory ($USERS users), the Kafka broker and the store, each in its own JVM"
         backend directory "$USERS" ;;
  *) echo "DIRECTORY is slapd or demo, not $DIRECTORY" >&2; exit 2 ;;
esac
backend kafka
backend store
await_file ldap.port directory; await_file kafka.brokers "Kafka broker"; await_file mongo.port store
if [ "$DIRECTORY" = slapd ]; then
  # the JVM that started slapd only waits; slapd itself is the directory whose CPU is counted
  unset 'proc[slapd]'; proc[directory]=$(cat "$work/ldap.pid"); pids+=("${proc[directory]}")
fi
ldap_port=$(cat "$work/ldap.port")
echo "   directory 127.0.0.1:$ldap_port, Kafka $(cat "$work/kafka.brokers"), store 127.0.0.1:$(cat "$work/mongo.port")"

echo "== starting auth-service (its own JVM; nothing else in it)"
# shellcheck disable=SC2086
# auth-service's production JVM options (docker-compose.yml, deploy/k8s: JAVA_TOOL_OPTIONS): G1
# with a 10 ms pause goal; the default 200 ms goal let young pauses reach 90 ms on 2 shared cores
"$JAVA_HOME/bin/java" -Xms512m -Xmx1g ${JAVA_OPTS:--XX:MaxGCPauseMillis=10} -cp "$cp" org.sra.auth.bench.BenchHarness "$work" "$SRA_PORT" "$USERS" "$SECRET" \
    > "$work/harness.log" 2>&1 &
pids+=($!); proc[auth-service]=$!
for _ in $(seq 1 300); do [ -f "$work/ready" ] && break; sleep 1; done
[ -f "$work/ready" ] || { echo "auth-service did not come up; see $work/harness.log" >&2; exit 1; }

have_fr=no
if command -v freeradius >/dev/null && [ -f /etc/freeradius/3.0/mods-available/ldap ] && [ "$(id -u)" = 0 ]; then
  echo "== starting FreeRADIUS with rlm_ldap in bind mode against the same directory (port $ldap_port)"
  cp -a /etc/freeradius/3.0 "$work/raddb"
  raddb="$work/raddb"
  python3 - "$raddb" "$ldap_port" "$SECRET" "$FR_PORT" <<'PY'
import re, sys, pathlib
raddb, port, secret = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
ldap = (raddb / "mods-available/ldap").read_text()
ldap = ldap.replace("server = 'localhost'", "server = '127.0.0.1'").replace("#\tport = 389", "\tport = " + port)
ldap = ldap.replace("base_dn = 'dc=example,dc=org'", "base_dn = 'DC=corp,DC=example,DC=com'")
ldap = ldap.replace("filter = \"(uid=%{%{Stripped-User-Name}:-%{User-Name}})\"",
                    "filter = \"(sAMAccountName=%{%{Stripped-User-Name}:-%{User-Name}})\"")
# bind as the user (what works against AD): never read the password attribute
ldap = ldap.replace("\t\tcontrol:Password-With-Header\t+= 'userPassword'", "#\t\tcontrol:Password-With-Header\t+= 'userPassword'")
(raddb / "mods-available/ldap").write_text(ldap)
link = raddb / "mods-enabled/ldap"
if link.exists() or link.is_symlink():
    link.unlink()
link.symlink_to("../mods-available/ldap")
site = (raddb / "sites-available/default").read_text()
site = site.replace("#\tif ((ok || updated) && User-Password && !control:Auth-Type) {\n#\t\tupdate control {\n#\t\t\t&Auth-Type := ldap\n#\t\t}\n#\t}",
                    "\tif ((ok || updated) && User-Password && !control:Auth-Type) {\n\t\tupdate control {\n\t\t\t&Auth-Type := ldap\n\t\t}\n\t}")
site = site.replace("#\tAuth-Type LDAP {\n#\t\tldap\n#\t}", "\tAuth-Type LDAP {\n\t\tldap\n\t}")
(raddb / "sites-available/default").write_text(site)
# listen on our ports only (the -i/-p switches would bypass the default site's sections)
import itertools
ports = itertools.cycle([int(sys.argv[4]), int(sys.argv[4]) + 1])
site = site.replace("ipaddr = *", "ipaddr = 127.0.0.1").replace("ipv6addr = ::", "ipaddr = 127.0.0.2")
site = re.sub(r"(?m)^(\s*)port = 0$", lambda m: m.group(1) + "port = %d" % next(ports), site)
(raddb / "sites-available/default").write_text(site)
inner = raddb / "sites-enabled/inner-tunnel"
if inner.exists() or inner.is_symlink():
    inner.unlink()
(raddb / "clients.conf").write_text("client bench {\n\tipaddr = 127.0.0.1\n\tsecret = %s\n}\n" % secret)
PY
  # the copy lives in our work dir: keep FreeRADIUS as root instead of dropping to freerad
  sed -i -E 's/^(\s*)(user|group) = freerad/\1#\2 = freerad/' "$raddb/radiusd.conf"
  freeradius -f -d "$raddb" -l "$work/freeradius.log" &
  pids+=($!); proc[freeradius]=$!
  for _ in $(seq 1 30); do grep -q "Ready to process requests" "$work/freeradius.log" 2>/dev/null && break; sleep 0.5; done
  if echo "User-Name = \"bench0001\", User-Password = \"Passw0rd!\", Message-Authenticator = 0x00" \
      | radclient -t 3 -r 1 -q "127.0.0.1:$FR_PORT" auth "$SECRET"; then have_fr=yes; else
    echo "FreeRADIUS did not accept the probe; see $work/freeradius.log (running auth-service only)" >&2; fi
else
  echo "== FreeRADIUS not available (apt-get install -y freeradius freeradius-ldap, run as root): auth-service only"
fi

python3 "$here/radload.py" requests --users "$USERS" --count "$REQUESTS" > "$work/requests.txt"

cpu_ticks() { # pid -> user+system clock ticks so far (0 when gone)
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_snapshot() { for name in "${!proc[@]}"; do echo "$name $(cpu_ticks "${proc[$name]}")"; done; }
throughput() { # port [label] -> requests/s accepted lost; CPU ms per 1,000 accepted of each process -> $work/cpu.<label>
  local start end before
  before=$(cpu_snapshot)
  start=$(date +%s.%N)
  radclient -c 1 -p "$PARALLEL" -f "$work/requests.txt" -q -s "127.0.0.1:$1" auth "$SECRET" > "$work/radclient.out" 2>&1 || true
  end=$(date +%s.%N)
  if [ -n "${2:-}" ]; then
    python3 - "$before" "$(cpu_snapshot)" "$(getconf CLK_TCK)" "$(grep -Eo 'Accepted *: *[0-9]+' "$work/radclient.out" | grep -Eo '[0-9]+$' || echo 0)" \
        >> "$work/cpu.$2" <<'PY'
import sys
before = dict(l.split() for l in sys.argv[1].splitlines() if l.strip())
after = dict(l.split() for l in sys.argv[2].splitlines() if l.strip())
tck, ok = int(sys.argv[3]), max(1, int(sys.argv[4]))
print(" ".join("%s=%.0f" % (n, (int(after[n]) - int(before.get(n, 0))) * 1000.0 / tck * 1000 / ok) for n in sorted(after)))
PY
  fi
  local ok lost
  ok=$(grep -Eo 'Accepted *: *[0-9]+' "$work/radclient.out" | grep -Eo '[0-9]+$' || echo 0)
  lost=$(grep -Eo 'Lost *: *[0-9]+' "$work/radclient.out" | grep -Eo '[0-9]+$' || echo 0)
  python3 -c "import sys; print('%.0f %s %s' % (int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])), sys.argv[1], sys.argv[4]))" \
      "$ok" "$start" "$end" "$lost"
}
latency() { python3 "$here/radload.py" latency --port "$1" --secret "$SECRET" --users "$USERS" --rate "$RATE" --seconds "$SECONDS_PER_RUN"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

echo "== warm-up ($WARMUP unmeasured bursts against each server)"
for _ in $(seq 1 "$WARMUP"); do
  throughput "$SRA_PORT" > /dev/null
  [ "$have_fr" = yes ] && throughput "$FR_PORT" > /dev/null
  sleep "$SETTLE"
done

printf '\n%-6s %-13s %10s %9s %7s %9s %9s\n' round server "req/s" accepted lost "p50 ms" "p99 ms"
declare -a sra_rps fr_rps sra_p99 fr_p99
for r in $(seq 1 "$ROUNDS"); do
  for target in sra fr; do
    [ "$target" = fr ] && [ "$have_fr" != yes ] && continue
    port=$SRA_PORT; [ "$target" = fr ] && port=$FR_PORT
    read -r rps ok lost < <(throughput "$port" "$target")
    # let the burst's after-work finish (auth-service publishes 20,000 ConnectionDecided events
    # from its outbox) so the latency run measures the fixed rate, not the previous burst
    sleep "$SETTLE"
    lat=$(latency "$port")
    printf '%-6s %-13s %10s %9s %7s %9s %9s\n' "$r" "$([ "$target" = sra ] && echo auth-service || echo FreeRADIUS)" \
        "$rps" "$ok" "$lost" "$(field "$lat" p50_ms)" "$(field "$lat" p99_ms)"
    if [ "$target" = sra ]; then sra_rps+=("$rps"); sra_p99+=("$(field "$lat" p99_ms)"); else fr_rps+=("$rps"); fr_p99+=("$(field "$lat" p99_ms)"); fi
  done
done

echo
echo "== valid traffic at $RATE req/s while $FLOOD_RATE bad-authenticator packets/s hit auth-service"
sleep "$SETTLE"
base=$(latency "$SRA_PORT")
python3 "$here/radload.py" flood --port "$SRA_PORT" --rate "$FLOOD_RATE" --seconds "$((SECONDS_PER_RUN + 1))" > "$work/flood.json" &
flood_pid=$!
sleep 0.5
flooded=$(latency "$SRA_PORT")
wait "$flood_pid" || true
echo "without flood: $base"
echo "with flood:    $flooded   $(cat "$work/flood.json")"

python3 - "${sra_rps[*]}" "${fr_rps[*]:-}" "${sra_p99[*]}" "$base" "$flooded" <<'PY'
import json, statistics, sys
sra = [float(x) for x in sys.argv[1].split()]
fr = [float(x) for x in sys.argv[2].split()] if sys.argv[2].strip() else []
p99 = [float(x) for x in sys.argv[3].split()]
base, flooded = json.loads(sys.argv[4]), json.loads(sys.argv[5])
print("\n== summary")
print("auth-service: median %.0f req/s, worst p99 %.1f ms at %d req/s" % (statistics.median(sra), max(p99), base["rate"]))
if fr:
    print("FreeRADIUS:   median %.0f req/s" % statistics.median(fr))
    print("ratio auth-service / FreeRADIUS: %.2f (goal >= 1.0)" % (statistics.median(sra) / statistics.median(fr)))
if base["p99_ms"] and flooded["p99_ms"]:
    print("p99 under flood: %.1f ms vs %.1f ms without = %.2fx (goal <= 2x); answered %d/%d under flood"
          % (flooded["p99_ms"], base["p99_ms"], flooded["p99_ms"] / base["p99_ms"], flooded["answered"], flooded["sent"]))
PY
echo
echo "== CPU ms per 1,000 accepted requests during the throughput runs, per process (radclient not counted)"
for target in sra fr; do
  [ -f "$work/cpu.$target" ] || continue
  echo "$([ "$target" = sra ] && echo "auth-service runs:" || echo "FreeRADIUS runs:  ")"
  sed 's/^/   /' "$work/cpu.$target"
done
echo "(logs in $work)"
