#!/usr/bin/env bash
# Soak: runs `parley relay` for MINUTES under churn (RelaySoak: clients that authenticate, send
# 1 KB to 1 MB messages, drop their connections mid-message and come back; a slow reader; a sender
# of garbage), samples it every 10 s (heap used after a full GC, RSS, open file descriptors,
# threads), plots the samples, and fails when any of them trends upward after the warm-up or any
# message the relay acknowledged was not delivered byte for byte.
#
#   scripts/soak.sh MINUTES [OUT-DIR]
#   scripts/soak.sh --endpoints MINUTES [OUT-DIR]
#
# With --endpoints, two endpoint processes (PeerSoak) exchange chat messages and 1-8 MB files
# through the relay over one session for MINUTES, and all three processes are sampled.
# Writes OUT-DIR (default target/soak, or target/soak-endpoints): samples.tsv, soak.png (gnuplot,
# when installed), the drivers' counts (*.json), relay.log and verdict.txt (scripts/soak_report.py).
# Environment: SOAK_CLIENTS (churn waves at once, 4), SOAK_PAUSE_MS (pause after each wave, 0),
# SOAK_SMOKE=1 (a short run: judge the messages only, print the figures).
# Exit status 0 only when nothing trends upward, nothing acknowledged was lost or changed, and the
# relay closed every garbage connection.
# Needs: java 17 with jcmd, python3; gnuplot for the plot. Builds the jars when missing.
set -euo pipefail
# The whole script is one group, read before it runs: editing this file during an hour-long run
# does not change what the run does next.
{

usage() {
  echo "usage: $0 [--endpoints] MINUTES [OUT-DIR]   (MINUTES >= 1)" >&2
  exit 2
}
mode=relay
if [ "${1:-}" = "--endpoints" ]; then
  mode=endpoints
  shift
fi
[ $# -ge 1 ] && [ $# -le 2 ] || usage
[[ "$1" =~ ^[1-9][0-9]*$ ]] || usage
minutes=$1
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$mode" = relay ]; then out=${2:-$root/target/soak}; else out=${2:-$root/target/soak-endpoints}; fi
cd "$root"

CLI=cli/target/parley.jar
BENCH=msrp-bench/target/benchmarks.jar
if [ ! -f "$CLI" ] || [ ! -f "$BENCH" ]; then
  mvn -B -q -pl cli,msrp-bench -am package -DskipTests
fi

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd) # the relay's configuration names files by it
# Copies: a build during a long run must not change the jars under the running processes.
cp "$CLI" "$out/parley.jar"
cp "$BENCH" "$out/benchmarks.jar"
CLI=$out/parley.jar
BENCH=$out/benchmarks.jar
# shellcheck source=scripts/ports.sh
source "$root/scripts/ports.sh"

PORT=$(free_port)
METRICS=$(free_port)
REALM=soak.test
PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf 'soak:%s:%s\n' "$REALM" "$(printf '%s' "soak:$REALM:$PASSWORD" | md5sum | cut -d' ' -f1)" \
  >"$out/users.htdigest"
cat >"$out/relay.conf" <<EOF
listen = msrp://127.0.0.1:$PORT;tcp
users = $out/users.htdigest
realm = $REALM
metrics = 127.0.0.1:$METRICS
data-dir = $out
EOF

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# Fixed, pre-touched heaps: RSS then shows native memory (direct buffers, threads), not a heap
# growing into its maximum.
java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -jar "$CLI" relay --config "$out/relay.conf" \
  >"$out/relay.log" 2>&1 &
relay=$!
pids+=("$relay")
wait_port "$PORT" || {
  echo "soak: the relay did not start:" >&2
  cat "$out/relay.log" >&2
  exit 1
}

seconds=$((minutes * 60))
names=(relay)
watched=("$relay")
drivers=()
if [ "$mode" = relay ]; then
  java -Xmx1g -cp "$BENCH" org.parley.bench.RelaySoak "msrp://127.0.0.1:$PORT;tcp" soak "$PASSWORD" \
    "$seconds" "${SOAK_CLIENTS:-4}" "${SOAK_PAUSE_MS:-0}" >"$out/driver.json" 2>"$out/driver.log" &
  drivers+=("$!")
else
  mkdir -p "$out/meet"
  for role in a b; do
    java -Xms128m -Xmx128m -XX:+AlwaysPreTouch -cp "$BENCH" org.parley.bench.PeerSoak \
      "msrp://127.0.0.1:$PORT;tcp" soak "$PASSWORD" "$seconds" "$role" "$out/meet" \
      >"$out/peer-$role.json" 2>"$out/peer-$role.log" &
    drivers+=("$!")
    names+=("peer-$role")
    watched+=("$!")
  done
fi
pids+=("${drivers[@]}")

heap_used_kb() {
  jcmd "$1" GC.run >/dev/null 2>&1 || return 0
  jcmd "$1" GC.heap_info 2>/dev/null |
    awk '/garbage-first heap/{for(i=1;i<=NF;i++) if($i=="used"){v=$(i+1); sub(/K$/,"",v); print v}}'
}
running() {
  for d in "${drivers[@]}"; do kill -0 "$d" 2>/dev/null && return 0; done
  return 1
}
printf 'seconds\tprocess\theap_kb\trss_kb\tfds\tthreads\n' >"$out/samples.tsv"
start=$(date +%s)
while running; do
  now=$(($(date +%s) - start))
  for i in "${!watched[@]}"; do
    p=${watched[$i]}
    kill -0 "$p" 2>/dev/null || continue
    heap=$(heap_used_kb "$p")
    rss=$(awk '/^VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || true)
    fds=$(ls "/proc/$p/fd" 2>/dev/null | wc -l || true)
    threads=$(awk '/^Threads/{print $2}' "/proc/$p/status" 2>/dev/null || true)
    [ -n "$heap" ] && [ -n "$rss" ] || continue
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$now" "${names[$i]}" "$heap" "$rss" "$fds" "$threads" >>"$out/samples.tsv"
    printf 'soak: %4ss  %-7s heap %6s KB  rss %7s KB  fds %4s  threads %3s\n' \
      "$now" "${names[$i]}" "$heap" "$rss" "$fds" "$threads"
  done
  # The next sample 10 s after this one started, or when the drivers end.
  for _ in $(seq 1 100); do
    running || break
    [ $(($(date +%s) - start - now)) -ge 10 ] && break
    sleep 0.1
  done
done
driver_status=0
for d in "${drivers[@]}"; do
  wait "$d" || driver_status=1
done
kill -0 "$relay" 2>/dev/null || {
  echo "soak: the relay died" | tee "$out/verdict.txt"
  exit 1
}

set +e
python3 scripts/soak_report.py "$out" "$mode" "$minutes" "$driver_status" >"$out/verdict.txt"
verdict=$?
cat "$out/verdict.txt"
exit $verdict
}
