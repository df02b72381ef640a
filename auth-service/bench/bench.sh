#!/usr/bin/env bash
# auth-service vs FreeRADIUS 3.2 (rlm_ldap, bind as the user) on the same directory: OpenLDAP slapd with
# the AD attributes (DIRECTORY=slapd, default) or test-fixtures' AD-like UnboundID server (DIRECTORY=demo).
# FreeRADIUS runs twice: tuned as an expert would (freeradius-tuned/, the comparison) and Debian's stock
# configuration with only rlm_ldap switched on (the reference line). Not a test: prints figures.
# See README.md beside this file.
#
#   auth-service/bench/bench.sh            # defaults below; run from anywhere, as root (FreeRADIUS)
#   ROUNDS=1 WARMUP=1 REQUESTS=10000 USERS=2000 auth-service/bench/bench.sh   # a short run while developing
#   JAVA_OPTS=... auth-service/bench/bench.sh               # auth-service's JVM options (default: production's, below)
#   DIRECTORY=demo auth-service/bench/bench.sh            # the AD-like JVM directory instead of slapd
#   BACKEND_JAVA_OPTS=...                                  # JVM options of the directory and broker JVMs
#   STORE_JAVA_OPTS=...                                    # JVM options of the store JVM
#   FR_STOCK=no                                            # leave out the stock FreeRADIUS line
set -euo pipefail

ROUNDS=${ROUNDS:-5}
# unmeasured bursts before round 1: auth-service's JIT compiles its hot paths during the first
# 20,000 requests or so; a service runs for days, so the steady state counts
WARMUP=${WARMUP:-2}
DIRECTORY=${DIRECTORY:-slapd}
REQUESTS=${REQUESTS:-20000}
USERS=${USERS:-10000}
PARALLEL=${PARALLEL:-200}
RATES=${RATES:-200 2000}              # fixed-rate latency runs (req/s)
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
STEP_RATES=${STEP_RATES:-1000,1500,2000,2500,3000,3500,4000,4500,5000,6000}
STEP_SECONDS=${STEP_SECONDS:-4}
P99_LIMIT=${P99_LIMIT:-20}            # ms: "the highest rate each server holds with p99 <= 20 ms"
FLOOD_RATE=${FLOOD_RATE:-10000}
SETTLE=${SETTLE:-8}   # seconds of quiet after each throughput burst, before the latency runs (every server)
SECRET=${SECRET:-bench-secret-0123456789}
SRA_PORT=${SRA_PORT:-28120}
FR_PORT=${FR_PORT:-28130}             # stock FreeRADIUS (and +1 for its accounting)
FRT_PORT=${FRT_PORT:-28140}           # tuned FreeRADIUS
FR_THREADS=${FR_THREADS:-32}          # tuned FreeRADIUS: worker threads = rlm_ldap connections (README: 8/16/32 measured)
FR_STOCK=${FR_STOCK:-yes}

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/sra-bench.XXXXXX)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
pids=()
cleanup() { # TERM, and KILL what is left after 10 s (a JVM whose broker is gone may hang in shutdown)
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    alive=no; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=yes; done
    [ "$alive" = no ] && return 0; sleep 0.5
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "missing $1: apt-get install -y $2" >&2; exit 2; }; }
need radclient freeradius-utils
need python3 python3

echo "== building the harness class path (work dir $work)"
# the other modules come from the local repository (./mvnw -q install -DskipTests once on a fresh
# machine); auth-service's own classes from its target directory, compiled here
(cd "$repo" && ./mvnw -q -o -pl auth-service test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test)
cp="$repo/auth-service/target/test-classes:$repo/auth-service/target/classes:$(cat "$work/cp.txt")"

# Each backing server is its own JVM, as in production and the local stack: nothing but
# auth-service runs in auth-service's JVM, and FreeRADIUS and auth-service use the same directory process.
declare -A proc   # name -> pid, for the CPU accounting
backend() { # name args... -> starts BenchBackend <name> in its own JVM, log in $work/<name>.log
  local name=$1; shift
  local opts=${BACKEND_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC}
  # the store stands in for MongoDB, which has no garbage collector: its pauses would sit in
  # auth-service's lease lookups and decision-log writes. It keeps every decision-log entry in
  # memory (all of them survive young collections), so it gets a concurrent collector
  # (generational ZGC) and room for a whole run's entries
  [ "$name" = store ] && opts=${STORE_JAVA_OPTS:--Xms1g -Xmx3g -XX:+UseZGC}
  # every safepoint (GC pauses included) with its length, for the summary's pause table
  [ "$name" = store ] && opts="$opts -Xlog:safepoint=info:file=$work/store-safepoints.log:uptime"
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $opts -cp "$cp" org.sra.auth.bench.BenchBackend \
      "$name" "$work" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!); proc[$name]=$!
}
await_file() { # file what
  for _ in $(seq 1 600); do [ -f "$work/$1" ] && return 0; sleep 0.5; done
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
profile=""
# auth-service's production JVM options (docker-compose.yml, deploy/k8s: JAVA_TOOL_OPTIONS;
# local stack: ServiceFleet.AUTH_JVM_OPTIONS) unless JAVA_OPTS says otherwise
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -Xms512m -Xmx1g ${JAVA_OPTS:--XX:+UseZGC} \
    -Xlog:safepoint=info:file="$work/auth-service-safepoints.log":uptime $profile -cp "$cp" org.sra.auth.bench.BenchHarness "$work" "$SRA_PORT" "$USERS" "$SECRET" \
    > "$work/harness.log" 2>&1 &
pids+=($!); proc[auth-service]=$!
for _ in $(seq 1 600); do [ -f "$work/ready" ] && break; sleep 1; done
[ -f "$work/ready" ] || { echo "auth-service did not come up; see $work/harness.log" >&2; exit 1; }

# ---- FreeRADIUS -------------------------------------------------------------------------------
servers=(sra)
fr_probe() { # port -> 0 when FreeRADIUS accepts a bench user (a few tries: its LDAP pool may still be connecting)
  for _ in 1 2 3 4 5; do
    echo "User-Name = \"bench0001\", User-Password = \"Passw0rd!\", Message-Authenticator = 0x00" \
      | radclient -t 3 -r 1 -q "127.0.0.1:$1" auth "$SECRET" && return 0
    sleep 1
  done
  return 1
}
fr_start() { # name raddb port
  freeradius -f -d "$2" -l "$work/$1.log" &
  pids+=($!); proc[$1]=$!
  for _ in $(seq 1 60); do grep -q "Ready to process requests" "$work/$1.log" 2>/dev/null && break; sleep 0.5; done
  if fr_probe "$3"; then servers+=("$1"); else
    echo "$1 did not accept the probe; see $work/$1.log (left out)" >&2; fi
}
if command -v freeradius >/dev/null && [ -f /etc/freeradius/3.0/mods-available/ldap ] && [ "$(id -u)" = 0 ]; then
  echo "== starting FreeRADIUS, tuned ($FR_THREADS threads and LDAP connections; port $FRT_PORT), against the same directory"
  # the tuned configuration is complete in freeradius-tuned/ (every setting and why); only the
  # addresses, ports and the secret are filled in here
  mkdir -p "$work/raddb-tuned"
  cp -a "$here/freeradius-tuned/." "$work/raddb-tuned/"
  cp -a /etc/freeradius/3.0/policy.d /etc/freeradius/3.0/dictionary "$work/raddb-tuned/"
  # rlm_always: the ok/reject/fail/... return-code instances filter_username's policy uses
  cp /etc/freeradius/3.0/mods-available/always "$work/raddb-tuned/mods-enabled/always"
  for f in radiusd.conf clients.conf mods-enabled/ldap sites-enabled/bench; do
    sed -i -e "s|@WORK@|$work|g" -e "s|@RADDB@|$work/raddb-tuned|g" -e "s|@LDAP_PORT@|$ldap_port|g" \
        -e "s|@PORT@|$FRT_PORT|g" -e "s|@SECRET@|$SECRET|g" -e "s|@THREADS@|$FR_THREADS|g" "$work/raddb-tuned/$f"
  done
  fr_start freeradius-tuned "$work/raddb-tuned" "$FRT_PORT"
  if [ "$FR_STOCK" = yes ]; then
  echo "== starting FreeRADIUS, stock Debian configuration with rlm_ldap in bind mode (port $FR_PORT)"
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
  sed -i -E "s|^(\s*)pidfile = .*|\1pidfile = $work/freeradius-stock.pid|" "$raddb/radiusd.conf"
  fr_start freeradius-stock "$raddb" "$FR_PORT"
  fi
else
  echo "== FreeRADIUS not available (apt-get install -y freeradius freeradius-ldap, run as root): auth-service only"
fi
port_of() { case "$1" in sra) echo "$SRA_PORT" ;; freeradius-tuned) echo "$FRT_PORT" ;; freeradius-stock) echo "$FR_PORT" ;; esac; }

python3 "$here/radload.py" requests --users "$USERS" --count "$REQUESTS" > "$work/requests.txt"

echo "== this load generator alone (UDP echo in a second process; what radload.py adds to every figure)"
for rate in $RATES; do python3 "$here/radload.py" selftest --rate "$rate" --seconds 4 | tee -a "$work/selftest.json"; done

# ---- measurements -------------------------------------------------------------------------------
results="$work/results.tsv"   # round server metric value
cpu_ticks() { # pid -> user+system clock ticks so far (0 when gone)
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_snapshot() { for name in "${!proc[@]}"; do echo "$name $(cpu_ticks "${proc[$name]}")"; done; }
cpu_record() { # round server what before answered -> "cpu.<what>.<process> ms per 1,000 answered" lines in results
  python3 - "$1" "$2" "$3" "$4" "$(cpu_snapshot)" "$(getconf CLK_TCK)" "$5" >> "$results" <<'PY'
import sys
rnd, server, what = sys.argv[1:4]
before = dict(l.split() for l in sys.argv[4].splitlines() if l.strip())
after = dict(l.split() for l in sys.argv[5].splitlines() if l.strip())
tck, ok = int(sys.argv[6]), max(1, int(sys.argv[7]))
for n in sorted(after):
    print("%s\t%s\tcpu.%s.%s\t%.1f" % (rnd, server, what, n, (int(after[n]) - int(before.get(n, after[n]))) * 1000.0 / tck * 1000 / ok))
PY
}
throughput() { # round server -> req/s (and CPU) into results; label "-" for unmeasured
  local port start end before ok lost
  port=$(port_of "$2")
  before=$(cpu_snapshot)
  start=$(date +%s.%N)
  radclient -c 1 -p "$PARALLEL" -f "$work/requests.txt" -q -s "127.0.0.1:$port" auth "$SECRET" > "$work/radclient.out" 2>&1 || true
  end=$(date +%s.%N)
  ok=$(grep -Eo 'Accepted *: *[0-9]+' "$work/radclient.out" | grep -Eo '[0-9]+$' || echo 0)
  lost=$(grep -Eo 'Lost *: *[0-9]+' "$work/radclient.out" | grep -Eo '[0-9]+$' || echo 0)
  [ "$1" = - ] && return 0
  cpu_record "$1" "$2" burst "$before" "$ok"
  python3 -c "import sys; print('%s\t%s\trps\t%.0f\n%s\t%s\taccepted\t%s\n%s\t%s\tlost\t%s' % (sys.argv[1], sys.argv[2], int(sys.argv[3]) / (float(sys.argv[5]) - float(sys.argv[4])), sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[1], sys.argv[2], sys.argv[6]))" \
      "$1" "$2" "$ok" "$start" "$end" "$lost" >> "$results"
}
latency() { # round server rate
  local port before lat
  port=$(port_of "$2")
  before=$(cpu_snapshot)
  lat=$(python3 "$here/radload.py" latency --port "$port" --secret "$SECRET" --users "$USERS" --rate "$3" --seconds "$SECONDS_PER_RUN")
  echo "$1 $2 $lat" >> "$work/latency.jsonl"
  cpu_record "$1" "$2" "at$3" "$before" "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["answered"])' "$lat")"
  python3 -c "
import json, sys
r = json.loads(sys.argv[3])
for k in ('p50_ms', 'p99_ms', 'answered', 'sent'):
    print('%s\t%s\t%s.%s\t%s' % (sys.argv[1], sys.argv[2], k, sys.argv[4], r[k]))" "$1" "$2" "$lat" "$3" >> "$results"
}
steps() { # round server
  local port out
  port=$(port_of "$2")
  out=$(python3 "$here/radload.py" steps --port "$port" --secret "$SECRET" --users "$USERS" --rates "$STEP_RATES" \
      --seconds "$STEP_SECONDS" --limit-ms "$P99_LIMIT")
  echo "$1 $2 $out" >> "$work/steps.jsonl"
  python3 -c "import json,sys; print('%s\t%s\tmax_rate\t%s' % (sys.argv[1], sys.argv[2], json.loads(sys.argv[3])['max_rate']))" "$1" "$2" "$out" >> "$results"
}
show_round() { # round server
  python3 - "$results" "$1" "$2" "$RATES" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
m = {k: v for r, s, k, v in rows if r == sys.argv[2] and s == sys.argv[3]}
rates = sys.argv[4].split()
lat = "  ".join("p50/p99 @%s: %s/%s ms" % (r, m.get("p50_ms." + r), m.get("p99_ms." + r)) for r in rates)
print("%-6s %-17s %7s req/s (lost %s)  %s  max rate p99<=%s: %s" % (sys.argv[2], sys.argv[3], m.get("rps"), m.get("lost"),
      lat, "20", m.get("max_rate")))
PY
}

echo "== warm-up ($WARMUP unmeasured bursts against each server)"
for _ in $(seq 1 "$WARMUP"); do
  for s in "${servers[@]}"; do throughput - "$s"; done
  sleep "$SETTLE"
done

echo
echo "== rounds: throughput (radclient -p $PARALLEL, $REQUESTS requests), latency at $RATES req/s (${SECONDS_PER_RUN} s each),"
echo "   highest rate with p99 <= $P99_LIMIT ms (steps $STEP_RATES, ${STEP_SECONDS} s each); server order alternates"
if [ "${PROFILE:-no}" = yes ]; then
  # PROFILE=yes: JFR in auth-service's JVM over the measured rounds only (not start-up, not warm-up),
  # with JDK 25's CPU-time sampler (jdk.CPUTimeSample: samples by CPU time consumed, not wall clock);
  # only the CPU-time sampler (every 10 ms of a thread's CPU) and each thread's CPU load per second:
  # no thread dumps or class-loader statistics, whose safepoints would show in the figures
  "$JAVA_HOME/bin/jcmd" "${proc[auth-service]}" JFR.start name=bench settings=none \
      "+jdk.CPUTimeSample#enabled=true" "+jdk.CPUTimeSample#throttle=10ms" \
      "+jdk.ThreadCPULoad#enabled=true" "+jdk.ThreadCPULoad#period=1s" > "$work/jfr-start.txt"
fi
for r in $(seq 1 "$ROUNDS"); do
  order=("${servers[@]}")
  if [ $((r % 2)) = 0 ]; then order=(); for ((i=${#servers[@]}-1; i>=0; i--)); do order+=("${servers[$i]}"); done; fi
  for s in "${order[@]}"; do
    throughput "$r" "$s"
    # let the burst's after-work finish (auth-service publishes the burst's ConnectionDecided events
    # from its outbox) so the latency runs measure the fixed rate, not the previous burst
    sleep "$SETTLE"
    for rate in $RATES; do latency "$r" "$s" "$rate"; sleep 1; done
    steps "$r" "$s"
    show_round "$r" "$s"
    sleep 2
  done
done

if [ "${PROFILE:-no}" = yes ]; then
  "$JAVA_HOME/bin/jcmd" "${proc[auth-service]}" JFR.stop name=bench filename="$work/auth-service.jfr" > /dev/null
  echo
  echo "== where auth-service's CPU time goes (JFR, $work/auth-service.jfr)"
  "$JAVA_HOME/bin/jfr" print --events jdk.CPUTimeSample,jdk.ThreadCPULoad --stack-depth 64 "$work/auth-service.jfr" \
      | python3 "$here/jfr_cpu.py" || true
fi
echo
echo "== valid traffic at 200 req/s while $FLOOD_RATE bad-authenticator packets/s hit auth-service"
sleep "$SETTLE"
base=$(python3 "$here/radload.py" latency --port "$SRA_PORT" --secret "$SECRET" --users "$USERS" --rate 200 --seconds "$SECONDS_PER_RUN")
python3 "$here/radload.py" flood --port "$SRA_PORT" --rate "$FLOOD_RATE" --seconds "$((SECONDS_PER_RUN + 1))" > "$work/flood.json" &
flood_pid=$!
sleep 0.5
flooded=$(python3 "$here/radload.py" latency --port "$SRA_PORT" --secret "$SECRET" --users "$USERS" --rate 200 --seconds "$SECONDS_PER_RUN")
wait "$flood_pid" || true
echo "without flood: $base"
echo "with flood:    $flooded   $(cat "$work/flood.json")"

echo
python3 - "$results" "$RATES" "$P99_LIMIT" "$base" "$flooded" "${servers[*]}" <<'PY'
import json, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
rates, limit = sys.argv[2].split(), sys.argv[3]
servers = sys.argv[6].split()
names = {"sra": "auth-service", "freeradius-tuned": "FreeRADIUS tuned", "freeradius-stock": "FreeRADIUS stock"}
def vals(server, metric):
    return [float(v) for r, s, k, v in rows if s == server and k == metric and v not in ("None", "")]
def med(server, metric):
    v = vals(server, metric)
    return statistics.median(v) if v else None
rounds = len(set(r for r, *_ in rows))
print("== summary: median of %d rounds (each round every server, order alternating)" % rounds)
cols = ["req/s"] + ["p50 @%s" % r for r in rates] + ["p99 @%s" % r for r in rates] + ["max rate p99<=%sms" % limit]
print("%-18s" % "" + "".join("%20s" % c for c in cols))
for s in servers:
    vs = [med(s, "rps")] + [med(s, "p50_ms." + r) for r in rates] + [med(s, "p99_ms." + r) for r in rates] + [med(s, "max_rate")]
    print("%-18s" % names[s] + "".join("%20s" % ("-" if v is None else ("%.0f" % v if v >= 100 or v == 0 else "%.2f" % v)) for v in vs))
print("\n   every round's p99 (ms):")
for s in servers:
    for r in rates:
        print("   %-18s @%-5s %s" % (names[s], r, " ".join("%.1f" % v for v in vals(s, "p99_ms." + r))))
    print("   %-18s req/s  %s   max rate %s" % (names[s], " ".join("%.0f" % v for v in vals(s, "rps")),
          " ".join("%.0f" % v for v in vals(s, "max_rate"))))

print("\n== CPU ms per 1,000 answered requests (median over rounds), per process; radclient/radload not counted")
procs = sorted(set(k.split(".", 2)[2] for r, s, k, v in rows if k.startswith("cpu.")))
whats = ["burst"] + ["at" + r for r in rates]
for what in whats:
    print("during %s:" % ("the throughput burst" if what == "burst" else "the %s req/s run" % what[2:]))
    print("   %-18s" % "runs of" + "".join("%18s" % p for p in procs) + "%18s" % "server's own sum")
    for s in servers:
        m = {p: med(s, "cpu.%s.%s" % (what, p)) for p in procs}
        own = ["auth-service", "store", "kafka", "directory"] if s == "sra" else [s, "directory"]
        total = sum(m[p] for p in own if m.get(p) is not None)
        print("   %-18s" % names[s] + "".join("%18s" % ("-" if m[p] is None else "%.0f" % m[p]) for p in procs)
              + "%18.0f" % total)
print("   (server's own sum: auth-service + store + broker + directory for auth-service; FreeRADIUS + directory for FreeRADIUS)")

sra, frt = med("sra", "rps"), med("freeradius-tuned", "rps") if "freeradius-tuned" in servers else None
print("\n== goals")
if frt:
    print("throughput auth-service / tuned FreeRADIUS: %.2f (goal >= 1.5)" % (sra / frt))
    for r in rates:
        a, f = med("sra", "p99_ms." + r), med("freeradius-tuned", "p99_ms." + r)
        if a is not None and f is not None:
            print("p99 at %s req/s: auth-service %.2f ms, tuned FreeRADIUS %.2f ms (goal: auth-service <= FreeRADIUS): %s"
                  % (r, a, f, "met" if a <= f else "NOT met"))
    a, f = med("sra", "max_rate"), med("freeradius-tuned", "max_rate")
    print("highest rate with p99 <= %s ms: auth-service %.0f, tuned FreeRADIUS %.0f req/s" % (limit, a, f))
    for what, label in [("burst", "throughput burst")] + [("at" + r, "%s req/s" % r) for r in rates if int(r) >= 1000]:
        c = lambda srv, p: med(srv, "cpu.%s.%s" % (what, p)) or 0
        mine = c("sra", "auth-service") + c("sra", "store") + c("sra", "kafka")
        theirs = c("freeradius-tuned", "freeradius-tuned") + c("freeradius-tuned", "directory")
        print("CPU ms per 1,000 (%s): auth-service + store + broker %.0f (+ its slapd share %.0f) vs tuned FreeRADIUS "
              "+ its slapd share %.0f (goal: below): %s" % (label, mine, c("sra", "directory"), theirs,
              "met" if mine < theirs else "NOT met"))
base, flooded = json.loads(sys.argv[4]), json.loads(sys.argv[5])
if base["p99_ms"] and flooded["p99_ms"]:
    print("p99 under flood: %.1f ms vs %.1f ms without = %.2fx (goal <= 2x); answered %d/%d under flood"
          % (flooded["p99_ms"], base["p99_ms"], flooded["p99_ms"] / base["p99_ms"], flooded["answered"], flooded["sent"]))
PY

echo
echo "== nothing dropped for speed: decisions made, entries in the decision log, ConnectionDecided events published"
for _ in $(seq 1 12); do   # the last batches reach the log and the broker within seconds
  audit=$(grep AUDIT "$work/harness.log" | tail -1 || true)
  python3 -c "import re,sys; n=re.findall(r'(\d+)', sys.argv[1].split('AUDIT')[1]); sys.exit(0 if len(set(n)) == 1 else 1)" \
      "$audit" 2>/dev/null && break
  sleep 5
done
echo "   ${audit#* AUDIT }"
reasons=$(grep "decisions by result/reason" "$work/harness.log" | tail -1 || true)
echo "   by result/reason:${reasons#*reason:}"

echo
echo "== JVM pauses over the whole run (safepoints: GC pauses and other stop-the-world operations)"
for f in auth-service store; do
  python3 - "$work/$f-safepoints.log" "$f" <<'PY'
import re, sys
ms = [int(m.group(1)) / 1e6 for m in re.finditer(r"Total: (\d+) ns", open(sys.argv[1]).read())]
ms.sort()
if ms:
    pct = lambda p: ms[min(len(ms) - 1, int(len(ms) * p))]
    print("   %-13s %6d pauses, p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d over 1 ms, %d over 5 ms, %.0f ms in all"
          % (sys.argv[2], len(ms), pct(0.5), pct(0.99), ms[-1], sum(m > 1 for m in ms), sum(m > 5 for m in ms), sum(ms)))
PY
done
echo "(logs and raw figures in $work: results.tsv, latency.jsonl, steps.jsonl, *-safepoints.log)"
