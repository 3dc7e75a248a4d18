#!/usr/bin/env bash
# Where Parley's relay's event loop spends its CPU: msrp-bench/relay-probe.sh's 1 KB load (the
# relay in one JVM seeing one processor), with `perf record -g` of that JVM over its measured run
# only, and the JIT's symbols from -XX:+DumpPerfMapAtExit. Unlike JFR's sampler, perf sees what the
# JIT compiled, the JVM's own C++ (stack traces, allocation slow paths) and the kernel alike.
# Prints, for the event-loop thread, the share of its samples by kind (JIT-compiled Java, the JVM,
# the kernel) and the top symbols by their own samples and with their callees. Shares hold on a
# busy machine better than CPU times do; compare builds by alternating runs.
# Needs: perf (Debian: linux-perf), root or kernel.perf_event_paranoid <= 1, and what
# relay-probe.sh needs (mvn -B -pl relay -am test-compile; mvn -B -pl cli -am package -DskipTests).
# Usage: msrp-bench/relay-perf.sh [WARM_UP_WAVES (default 6)] [TOP (default 40)]
# Leaves perf.data and the perf map in a directory it names at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
WAVES=${1:-6}
TOP=${2:-40}
command -v perf >/dev/null || { echo "perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }
OUT=$(mktemp -d /tmp/parley-relay-perf.XXXXXX)

PROBE_PARTS=msgs PROBE_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer ${PROBE_JAVA_OPTS:-}" \
  msrp-bench/relay-probe.sh 1000 "$WAVES" >"$OUT/probe.out" 2>&1 &
PROBE=$!
trap 'kill $PROBE 2>/dev/null || true' EXIT
until grep -q "warm-up wave $WAVES:" "$OUT/probe.out"; do
  kill -0 "$PROBE" 2>/dev/null || { cat "$OUT/probe.out" >&2; exit 1; }
  sleep 0.1
done
PID=$(pgrep -f org.parley.relay.RelayProbe | head -n 1)
perf record -F 1999 -g -p "$PID" -o "$OUT/perf.data" >/dev/null 2>&1 &
PERF=$!
until grep -q "^measured:" "$OUT/probe.out"; do
  kill -0 "$PROBE" 2>/dev/null || break
  sleep 0.1
done
kill -INT "$PERF"
wait "$PERF" || true
wait "$PROBE" || true
trap - EXIT
cat "$OUT/probe.out"
# The JVM wrote its map at exit; perf report looks for it under /tmp by pid.
[ -f "/tmp/perf-$PID.map" ] && cp "/tmp/perf-$PID.map" "$OUT/"

report() { perf report -i "$OUT/perf.data" --comm multiThreadIoEv --percentage relative --stdio -g none "$@" 2>/dev/null |
  grep -v '^#' | grep -v '^$'; }
echo
echo "Event loop's samples by kind:"
report --no-children --sort sym | awk '{
    p = $1 + 0; $1 = ""
    if ($0 ~ /\[k\]/) k = "kernel"
    else if ($0 ~ /\(.*\)/ && $0 ~ /[a-z]\.[a-z]/ && $0 !~ /::/) k = "Java, JIT-compiled"
    else if ($0 ~ /Interpreter|StubRoutines|adapters|vtable|itable/) k = "Java, interpreter and stubs"
    else k = "JVM and C libraries"
    s[k] += p
  } END { for (k in s) printf "  %5.1f %%  %s\n", s[k], k }' | sort -rn
echo
echo "Top $TOP symbols by own samples:"
report --no-children --sort sym | head -n "$TOP"
echo
echo "Top $TOP symbols with their callees:"
report --children --sort sym | grep -v '\] Interpreter$\|thread_main_inner\|JavaCalls\|StubRoutines\|thread_entry\|start_thread\|thread_native_entry\|Thread::call_run' |
  head -n "$TOP"
echo
echo "perf data: $OUT/perf.data (perf report -i $OUT/perf.data --comm multiThreadIoEv)"
