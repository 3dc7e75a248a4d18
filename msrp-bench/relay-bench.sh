#!/usr/bin/env bash
# Relays side by side with `parley load`, back to back on this machine:
#   Parley's relay, Kamailio's relay (module msrp) and a plain TCP forwarder (haproxy, the ceiling).
# Needs: cli/target/parley.jar (mvn -B -pl cli -am install -DskipTests), kamailio, haproxy, jcmd.
# Usage: msrp-bench/relay-bench.sh [quick] [pinned]
#   quick:  small runs, to check the script works
#   pinned: each relay on CPU 0 and the load tool on CPU 1 (taskset), so that they do not compete;
#           the tables then give each relay's CPU time per 1,000 messages (utime + stime of its
#           process tree, from /proc, over the measured run, set-up and AUTHs included).
#   After each table, Parley's relay's CPU of its measured runs split by kind of thread (event
#   loops, JIT compilers, GC, other), from /proc/PID/task: what is per-message work and what is
#   the JVM still warming up.
# WARMUP_WAVES=N (default 1): unmeasured runs of the same load before each measured one, the same
#   for all three relays. The CPU is measured over the measured run only (JVM start is never in
#   it), but one wave is not enough for the JVM: JIT compilation (C1, then C2) of the relay's path
#   runs on the relay's own CPU and counts in its process tree. msrp-bench/relay-probe.sh on
#   2026-12-06 (busy machine): Parley's relay's process CPU per 1 KB message was 238 µs in wave 1,
#   108 in wave 2 (what this script measured with one warm-up), 66 in wave 3, 37 in wave 4, while
#   the bytes allocated per message stayed at ~4.5 KB from wave 2 on. An operator's relay runs warm:
#   WARMUP_WAVES=3 measures that; report the value used with the table.
# JIT_QUIET_MS=N (default 10, one clock tick): after its WARMUP_WAVES, Parley's relay gets more
#   warm-up runs, up to WARMUP_MAX (default 30) in all, until its JIT compiler threads took at most
#   N ms in each of two runs in a row. C2 compiles what runs once or twice per connection (pipeline
#   set-up, AUTH) only after thousands of connections (200 per run), one compilation taking up to
#   0.47 s of the relay's CPU (jdk.Compilation in a JFR recording of msrp-bench/relay-probe.sh,
#   2026-12-07), and whether one fell in the measured run was chance: 12 warm-up runs in a row still
#   had 20 to 240 ms each. The compilers' time in each warm-up run is printed after the table; the
#   measured run's CPU counts whatever they still take.
# RELAY_JAVA_OPTS: more JVM options for Parley's relay (an A/B of a JVM setting, say).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=cli/target/parley.jar
KAMAILIO_SH=relay/src/test/resources/kamailio/kamailio-relay.sh
WORK=$(mktemp -d /tmp/parley-relay-bench.XXXXXX)
QUICK=
PINNED=
for arg in "$@"; do
  case $arg in
    quick) QUICK=quick ;;
    pinned) PINNED=1 ;;
    *) echo "usage: $0 [quick] [pinned]" >&2; exit 2 ;;
  esac
done
PIDS=()
RELAY_CPU=()
LOAD_CPU=()
if [ -n "$PINNED" ]; then
  RELAY_CPU=(taskset -c 0)
  LOAD_CPU=(taskset -c 1)
fi
TICK_MS=$((1000 / $(getconf CLK_TCK)))

# CPU time (ms) of a process and its descendants, from /proc (fields after "pid (comm) "): user
# and system time, as "USER SYS".
tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
cpu_ms() {
  local u=0 s=0 p v
  for p in $(tree "$1"); do
    v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12, $13}') || continue
    [ -n "$v" ] || continue
    u=$((u + ${v% *}))
    s=$((s + ${v#* }))
  done
  echo "$((u * TICK_MS)) $((s * TICK_MS))"
}

# A JVM's CPU ticks (user + system) per live thread, as "TID KIND TICKS": KIND is loop (Netty's event
# loops), jit (the C1 and C2 compiler threads), gc (collector threads and the VM thread, which runs
# the serial collector and safepoints) or other. A thread that ended in between is in none of them.
thread_ticks() {
  local t comm line v
  local -a f
  for t in /proc/"$1"/task/*; do
    { read -r comm <"$t/comm" && read -r line <"$t/stat"; } 2>/dev/null || continue
    read -r -a f <<<"${line##*) }" # the fields after "tid (comm) ": utime and stime are 12 and 13
    [ "${#f[@]}" -ge 13 ] || continue
    v=$((f[11] + f[12]))
    case $comm in
      multiThreadIoEv* | *EventLoop*) echo "${t##*/} loop $v" ;;
      C1\ Compiler* | C2\ Compiler*) echo "${t##*/} jit $v" ;;
      GC\ Thread* | G1\ * | VM\ Thread) echo "${t##*/} gc $v" ;;
      *) echo "${t##*/} other $v" ;;
    esac
  done
}
# The CPU (ms) a JVM's threads of each kind took between two thread_ticks snapshots (files), and
# what threads that ended meanwhile took (the process's CPU, $3 ms, less the live threads').
kinds_ms() {
  awk -v tick="$TICK_MS" -v total="$3" '
    FILENAME == ARGV[1] { before[$1] = $3; next }
    { d = ($3 - ($1 in before ? before[$1] : 0)) * tick; ms[$2] += d; live += d }
    END { ended = total - live; if (ended < 0) ended = 0 # ticks of 10 ms, rounded apart
          printf "event loops %d ms, JIT compilers %d ms, GC and VM thread %d ms, other threads %d ms, threads that ended meanwhile %d ms",
          ms["loop"], ms["jit"], ms["gc"], ms["other"], ended }' "$1" "$2"
}

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  bash "$KAMAILIO_SH" stop "$KAMAILIO_PORT" "$WORK/kamailio" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# shellcheck source=scripts/ports.sh
source scripts/ports.sh
load() { "${LOAD_CPU[@]}" java -Xmx2g -jar "$JAR" load --json "$@"; }
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d.get(sys.argv[2]))' "$1" "$2"; }

PARLEY_PORT=$(free_port)
METRICS_PORT=$(free_port)
KAMAILIO_PORT=$(free_port)
HAPROXY_PORT=$(free_port)
BACKEND_PORT=$(free_port)
REALM=parley.test

# Parley's relay: plain TCP for the comparison (Kamailio and haproxy run without TLS too).
mkdir -p "$WORK/parley"
ha1() { printf '%s' "$1:$REALM:$2" | md5sum | cut -d' ' -f1; }
{
  echo "alice:$REALM:$(ha1 alice alice-secret)"
  echo "bob:$REALM:$(ha1 bob bob-secret)"
} >"$WORK/parley/users.htdigest"
cat >"$WORK/parley/relay.conf" <<EOF
listen = msrp://127.0.0.1:$PARLEY_PORT;tcp
users = $WORK/parley/users.htdigest
realm = $REALM
metrics = 127.0.0.1:$METRICS_PORT
data-dir = $WORK/parley
limits.connections = 19000
limits.sessions-per-client = 64
# Every client of the bench comes from 127.0.0.1, hundreds of them connecting at once.
limits.connections-per-address = 19000
EOF
# shellcheck disable=SC2086 # RELAY_JAVA_OPTS: words, as on a command line
"${RELAY_CPU[@]}" java -Xmx1g ${RELAY_JAVA_OPTS:-} -jar "$JAR" relay --config "$WORK/parley/relay.conf" \
  >"$WORK/parley/out.log" 2>&1 &
RELAY_PID=$!
PIDS+=("$RELAY_PID")
wait_port "$PARLEY_PORT"

# Kamailio's relay, with the project's test configuration (accounts alice and bob).
"${RELAY_CPU[@]}" bash "$KAMAILIO_SH" start "$KAMAILIO_PORT" "$WORK/kamailio" >/dev/null
KAMAILIO_PID=$(cat "$WORK/kamailio/kamailio.pid")

# haproxy in TCP mode in front of the load tool's own receivers: no MSRP processing at all.
cat >"$WORK/haproxy.cfg" <<EOF
global
  maxconn 9000
defaults
  mode tcp
  timeout connect 5s
  timeout client 120s
  timeout server 120s
frontend f
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend b
backend b
  server s 127.0.0.1:$BACKEND_PORT
EOF
"${RELAY_CPU[@]}" haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PIDS+=("$HAPROXY_PID")
wait_port "$HAPROXY_PORT"

PARLEY="msrp://127.0.0.1:$PARLEY_PORT;tcp"
KAMAILIO="msrp://127.0.0.1:$KAMAILIO_PORT;tcp"
AUTH=(--relay-auth alice:alice-secret --relay-auth-b bob:bob-secret)
VIA=(--listen "127.0.0.1:$BACKEND_PORT" --via "127.0.0.1:$HAPROXY_PORT")
if [ "$QUICK" = quick ]; then N=20; M=20; BIG=4; SESSIONS=200; else N=100; M=300; BIG=200; SESSIONS=5000; fi

row() { # name json user-ms sys-ms: the CPU column is "total (user + system)" per 1,000 messages
  local per
  per=$(python3 -c '
import sys
u, s, d = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print(f"{(u + s) * 1000 / d:.1f} ({u * 1000 / d:.1f} + {s * 1000 / d:.1f})" if d else "-")' \
    "$3" "$4" "$(field "$2" delivered)")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field "$2" msgs_per_s)" "$(field "$2" mb_per_s)" \
    "$(field "$2" send_200_p99_ms)" "$(field "$2" delivery_p99_ms)" "$(field "$2" errors)" "$per"
}
WARMUP_WAVES=${WARMUP_WAVES:-1}
JIT_QUIET_MS=${JIT_QUIET_MS:-10}
WARMUP_MAX=${WARMUP_MAX:-30}
jit_ms() { # ms the JIT compiler threads took between two thread_ticks snapshots (files)
  awk -v tick="$TICK_MS" 'FILENAME == ARGV[1] { before[$1] = $3; next }
    $2 == "jit" { ms += ($3 - ($1 in before ? before[$1] : 0)) * tick } END { print ms + 0 }' "$1" "$2"
}
measured() { # name pid load-args...: warm-up runs, then the measured one with the CPU it cost
  local name=$1 pid=$2 ub sb ua sa json waves=0 jits= ms quiet=0
  shift 2
  # quiet: how many warm-up runs in a row, the last ones, the JIT took at most JIT_QUIET_MS in
  while [ "$waves" -lt "$WARMUP_WAVES" ] || { [ "$pid" = "$RELAY_PID" ] &&
    [ "$waves" -lt "$WARMUP_MAX" ] && [ "$quiet" -lt 2 ]; }; do
    [ "$pid" != "$RELAY_PID" ] || thread_ticks "$pid" >"$WORK/warm.before"
    load "$@" >/dev/null || true
    waves=$((waves + 1))
    if [ "$pid" = "$RELAY_PID" ]; then
      thread_ticks "$pid" >"$WORK/warm.after"
      ms=$(jit_ms "$WORK/warm.before" "$WORK/warm.after")
      if [ "$ms" -le "$JIT_QUIET_MS" ]; then quiet=$((quiet + 1)); else quiet=0; fi
      jits="${jits:+$jits, }$ms ms"
    fi
  done
  [ "$pid" != "$RELAY_PID" ] || thread_ticks "$pid" >"$WORK/threads.before"
  read -r ub sb < <(cpu_ms "$pid")
  json=$(load "$@")
  read -r ua sa < <(cpu_ms "$pid")
  [ "$pid" != "$RELAY_PID" ] || thread_ticks "$pid" >"$WORK/threads.after"
  row "$name" "$json" $((ua - ub)) $((sa - sb))
  if [ "$pid" = "$RELAY_PID" ]; then
    SPLIT+=("$name, $(field "$json" delivered) messages: $(kinds_ms "$WORK/threads.before" "$WORK/threads.after" $((ua - ub + sa - sb))); after $waves warm-up runs, in which its JIT compilers took ${jits:-nothing})")
  fi
}
SPLIT=()
# After a table: where Parley's relay spent the CPU of its measured runs, by kind of thread.
print_split() {
  local s
  echo
  for s in "${SPLIT[@]}"; do echo "- Parley's relay by thread ($s)"; done
  SPLIT=()
}

echo "# $(date -u +%FT%TZ) on $(nproc) cores; $(java -version 2>&1 | sed -n 1p)${PINNED:+; relays on CPU 0, load on CPU 1}"
echo
echo "1 KB messages, $N session pairs, window 8 per pair, $M messages per pair ($WARMUP_WAVES warm-up runs first; Parley's relay up to $WARMUP_MAX, until its JIT took at most $JIT_QUIET_MS ms in two in a row):"
echo
echo '| target | msg/s | MB/s | SEND→200 p99 ms | delivery p99 ms | errors | relay CPU ms / 1,000 msgs (user + system) |'
echo '| --- | --- | --- | --- | --- | --- | --- |'
measured parley "$RELAY_PID" --relay "$PARLEY" "${AUTH[@]}" --pairs "$N" --messages "$M" --size 1024
measured kamailio "$KAMAILIO_PID" --relay "$KAMAILIO" "${AUTH[@]}" --pairs "$N" --messages "$M" \
  --size 1024
measured haproxy "$HAPROXY_PID" "${VIA[@]}" --pairs "$N" --messages "$M" --size 1024
print_split

echo
echo "64 KB messages in 64 KB chunks, 4 pairs, $BIG messages per pair (Kamailio drops frames over ~11 KB):"
echo
echo '| target | msg/s | MB/s | SEND→200 p99 ms | delivery p99 ms | errors | relay CPU ms / 1,000 msgs (user + system) |'
echo '| --- | --- | --- | --- | --- | --- | --- |'
big=(--pairs 4 --messages "$BIG" --size 65536 --chunk-size 65536 --window 4)
measured parley "$RELAY_PID" --relay "$PARLEY" "${AUTH[@]}" "${big[@]}"
measured haproxy "$HAPROXY_PID" "${VIA[@]}" "${big[@]}"
print_split

echo
echo "$((SESSIONS * 2)) authenticated clients ($SESSIONS pairs) bound at once on Parley's relay:"
load --relay "$PARLEY" "${AUTH[@]}" --pairs "$SESSIONS" --messages 1 --size 100 --hold 30 \
  --duration 120 >"$WORK/hold.json" &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
for _ in $(seq 1 600); do
  clients=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^parley_relay_authenticated_clients /{print $2}')
  [ "${clients%.*}" -ge $((SESSIONS * 2)) ] 2>/dev/null && break
  sleep 0.2
done
# Measured with the clients held idle (they hold for 30 s): 5 s after the last one authenticated,
# when the relay has let go of what it keeps only for busy connections (a quiet connection's
# decoder frees its previous head after 2 s).
sleep 5
jcmd "$RELAY_PID" GC.run >/dev/null
# Heap used, whichever collector the JVM chose (pinned to one CPU it takes the serial one, whose
# generations are listed one by one): the sum of the "used" figures of the heap's top lines.
used=$(jcmd "$RELAY_PID" GC.heap_info | awk '
  /garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen/ {
    for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); t += v }
  }
  END { printf "%.1f MB", t / 1024 }')
echo "authenticated clients: $clients; relay heap used after a full GC: $used"
rss=$(ps -o rss= -p "$RELAY_PID")
echo "relay resident memory: $((rss / 1024)) MB"
wait "$LOAD_PID" || true
echo "load result: $(cat "$WORK/hold.json")"
